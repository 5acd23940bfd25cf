"""The server-rendered pages. They parse forms, call the same services and selectors as the
API, and render; every form POSTs and redirects, so the whole site works without JavaScript."""

from __future__ import annotations

import re
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rest_framework.exceptions import NotFound

from accounts import services as account_services
from accounts.models import Membership, Organisation
from challenges import selectors as challenge_selectors
from challenges import services as challenge_services
from challenges.models import Challenge
from core.errors import StateConflict
from core.pagination import keyset_page
from frontend import forms
from ideas import selectors as idea_selectors
from ideas import services as idea_services
from ideas.models import Comment, Idea
from realtime.models import Event
from votes import services as vote_services

PAGE_SIZE = 20
ACTIVITY_TYPES = ("idea.created", "challenge.created")
_COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
BRAND_DEFAULTS = {"primary_color": "#005a9c", "accent_color": "#b00016"}


# --- Helpers ------------------------------------------------------------------------------------


def city_staff_required(view):
    """Signed-in city staff only: others get 403 (anonymous people are sent to log in)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_city_staff:
            raise PermissionDenied(_("Only city staff may do this."))
        return view(request, *args, **kwargs)

    return wrapper


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def paginate_ideas(request: HttpRequest, queryset, order: str) -> tuple[list[Idea], str | None]:
    """One keyset page of ideas in `order` and the cursor of the next page (or None).

    Keyset, not offsets: page 50 of a challenge with thousands of ideas costs what page 1 costs,
    and ideas arriving meanwhile never shift an item onto the next page twice."""
    try:
        return keyset_page(
            queryset, idea_selectors.IDEA_ORDERINGS[order], request.GET.get("cursor"), PAGE_SIZE
        )
    except NotFound as exc:
        raise Http404(_("This page link is not valid.")) from exc


def _idea_list_context(request: HttpRequest, *, challenge: Challenge | None) -> dict[str, Any]:
    filter_form = forms.IdeaFilterForm(request.GET or None)
    values = filter_form.values()
    order = values.pop("order")
    queryset = idea_selectors.idea_list(
        user=request.user, challenge=challenge.pk if challenge else None, **values
    )
    ideas, next_cursor = paginate_ideas(request, queryset, order)
    return {
        "filter_form": filter_form,
        "ideas": ideas,
        "next_cursor": next_cursor,
        "is_first_page": not request.GET.get("cursor"),
        "order": order,
    }


# --- Brand --------------------------------------------------------------------------------------


def _on_color(hex_color: str) -> str:
    """Text colour for a brand background: white or near-black, whichever contrasts more
    (WCAG relative luminance), so any city's colours keep text readable."""
    digits = hex_color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "#ffffff" if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) else "#111111"


@require_GET
@cache_control(public=True, max_age=3600)
def brand_css(request: HttpRequest) -> HttpResponse:
    """The brand colours as CSS custom properties. Served as a stylesheet because the
    Content-Security-Policy forbids inline styles; main.css only reads the variables."""
    brand = settings.OIC_BRAND
    colors = {}
    for key, default in BRAND_DEFAULTS.items():
        value = str(brand.get(key, default))
        colors[key] = value if _COLOR_RE.match(value) else default
    body = (
        ":root{"
        f"--brand-primary:{colors['primary_color']};"
        f"--brand-on-primary:{_on_color(colors['primary_color'])};"
        f"--brand-accent:{colors['accent_color']};"
        f"--brand-on-accent:{_on_color(colors['accent_color'])};"
        "}\n"
    )
    return HttpResponse(body, content_type="text/css; charset=utf-8")


# --- Public pages -------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    open_challenges = list(
        challenge_selectors.challenge_list(user=request.user, status=Challenge.Status.OPEN)[:6]
    )
    trending = list(
        idea_selectors.idea_list(user=request.user).order_by(
            *idea_selectors.IDEA_ORDERINGS["trending"]
        )[:6]
    )
    events = list(Event.objects.filter(stream="feed", type__in=ACTIVITY_TYPES).order_by("-id")[:10])
    idea_ids = [e.data.get("id") for e in events if e.type == "idea.created"]
    withdrawn = set()
    if idea_ids:
        withdrawn = set(
            Idea.objects.filter(pk__in=idea_ids, withdrawn_at__isnull=False).values_list(
                "pk", flat=True
            )
        )
    activity = [
        e for e in events if not (e.type == "idea.created" and e.data.get("id") in withdrawn)
    ]
    return render(
        request,
        "frontend/home.html",
        {"open_challenges": open_challenges, "trending": trending, "activity": activity},
    )


@require_GET
def challenge_list(request: HttpRequest) -> HttpResponse:
    filter_form = forms.ChallengeFilterForm(request.GET or None)
    queryset = challenge_selectors.challenge_list(user=request.user, **filter_form.values())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/challenges/list.html",
        {"filter_form": filter_form, "page": page, "challenges": page.object_list},
    )


@require_GET
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        challenge = challenge_selectors.challenge_get(user=request.user, pk=pk)
    except Challenge.DoesNotExist as exc:
        raise Http404(_("This challenge does not exist.")) from exc
    context = _idea_list_context(request, challenge=challenge)
    context["challenge"] = challenge
    context["phases"] = [
        (value, label)
        for value, label in Challenge.Status.choices
        if value != Challenge.Status.DRAFT or challenge.status == Challenge.Status.DRAFT
    ]
    return render(request, "frontend/challenges/detail.html", context)


@require_GET
def idea_list(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/ideas/list.html", _idea_list_context(request, challenge=None))


def _get_idea(request: HttpRequest, pk: int) -> Idea:
    try:
        return idea_selectors.idea_get(user=request.user, pk=pk)
    except Idea.DoesNotExist as exc:
        raise Http404(_("This idea does not exist.")) from exc


def _render_idea(
    request: HttpRequest,
    idea: Idea,
    *,
    comment_form: forms.CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    threads = list(idea_selectors.comment_threads(idea=idea))
    user = request.user
    is_staff = user.is_authenticated and user.is_city_staff
    reached = {change.to_status for change in idea.status_changes.all()} | {idea.status}
    return render(
        request,
        "frontend/ideas/detail.html",
        {
            "idea": idea,
            "threads": threads,
            "comment_form": comment_form or forms.CommentForm(),
            "status_form": forms.IdeaStatusForm(idea=idea) if is_staff else None,
            "funnel": [
                {"value": value, "label": label, "reached": value in reached}
                for value, label in Idea.Status.choices
            ],
            "read_only": idea.is_read_only(),
            "may_vote": user.is_authenticated
            and idea.author_id != user.pk
            and idea.accepts_votes(),
            "is_author": user.is_authenticated and idea.author_id == user.pk,
            "offers": (
                list(idea_selectors.cocreator_offers(idea=idea)) if idea.seeking_cocreators else []
            ),
        },
        status=status,
    )


@require_GET
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_idea(request, _get_idea(request, pk))


# --- Ideas: submit, edit, withdraw --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def idea_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    challenge_id = request.GET.get("challenge")
    if challenge_id and challenge_id.isdigit():
        initial["challenge"] = int(challenge_id)
    form = forms.IdeaForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = idea_services.idea_submit(
                author=request.user,
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                challenge=data["challenge"],
                topics=data["topics"],
                organisation=data["organisation"],
                seeking_cocreators=data["seeking_cocreators"],
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        except StateConflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you! Your idea has been published."))
            return redirect("frontend:idea_detail", pk=idea.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "frontend/ideas/form.html", {"form": form, "editing": False}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _get_idea(request, pk)
    if idea.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author may edit this idea."))
    if not idea.author_may_edit():
        messages.error(request, _("This idea can no longer be edited."))
        return redirect("frontend:idea_detail", pk=idea.pk)
    initial = {
        "title": idea.title,
        "summary": idea.summary,
        "description": idea.description,
        "topics": list(idea.topics.all()),
        "organisation": idea.organisation_id,
        "seeking_cocreators": idea.seeking_cocreators,
    }
    form = forms.IdeaForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            idea_services.idea_update(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        except StateConflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("frontend:idea_detail", pk=idea.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/ideas/form.html",
        {"form": form, "editing": True, "idea": idea},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _get_idea(request, pk)
    if idea.author_id != request.user.pk and not request.user.is_city_staff:
        raise PermissionDenied(_("Only the author may withdraw this idea."))
    if request.method == "POST":
        try:
            idea_services.idea_withdraw(actor=request.user, idea=idea)
        except StateConflict as exc:
            messages.error(request, exc.message)
            return redirect("frontend:idea_detail", pk=idea.pk)
        messages.success(request, _("Your idea has been withdrawn."))
        if idea.challenge_id:
            return redirect("frontend:challenge_detail", pk=idea.challenge_id)
        return redirect("frontend:idea_list")
    return render(request, "frontend/ideas/withdraw.html", {"idea": idea})


# --- Votes and comments -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def idea_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """POST value=1 / -1 to vote, value=0 to take the vote back; then back to the page."""
    idea_url = reverse("frontend:idea_detail", kwargs={"pk": pk})
    if request.method == "GET":
        # After logging in from a vote button, people land here: show them the idea.
        return redirect(idea_url)
    if not request.user.is_authenticated:
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={idea_url}")
    idea = get_object_or_404(Idea.objects.visible(), pk=pk)
    value = request.POST.get("value", "")
    try:
        if value == "0":
            vote_services.vote_retract(user=request.user, idea=idea)
        elif value in {"1", "-1"}:
            vote_services.vote_cast(user=request.user, idea=idea, value=int(value))
        else:
            messages.error(request, _("Please choose a vote."))
    except (PermissionDenied, StateConflict, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    return redirect(_safe_next(request, f"{idea_url}#votes"))


def _error_text(exc: Exception) -> str:
    if isinstance(exc, StateConflict):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this.")


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _get_idea(request, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        parent = None
        parent_id = form.cleaned_data["parent"]
        if parent_id:
            parent = Comment.objects.filter(pk=parent_id, idea=idea).first()
            if parent is None:
                form.add_error(None, _("You can only reply to a comment on this idea."))
        if not form.errors:
            try:
                comment = idea_services.comment_post(
                    author=request.user, idea=idea, body=form.cleaned_data["body"], parent=parent
                )
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            except StateConflict as exc:
                messages.error(request, exc.message)
                return redirect("frontend:idea_detail", pk=idea.pk)
            else:
                url = reverse("frontend:idea_detail", kwargs={"pk": idea.pk})
                return redirect(f"{url}#comment-{comment.pk}")
    return _render_idea(request, idea, comment_form=form, status=400)


def _own_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("idea", "author"), pk=pk, deleted_at__isnull=True
    )
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author may change this comment."))
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    form = forms.CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            idea_services.comment_edit(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        except StateConflict as exc:
            form.add_error(None, exc.message)
        else:
            url = reverse("frontend:idea_detail", kwargs={"pk": comment.idea_id})
            return redirect(f"{url}#comment-{comment.pk}")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/ideas/comment_edit.html",
        {"form": form, "comment": comment},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("idea", "author"), pk=pk, deleted_at__isnull=True
    )
    url = reverse("frontend:idea_detail", kwargs={"pk": comment.idea_id})
    if request.method == "POST":
        # The service decides: authors delete their own, city staff moderate.
        try:
            idea_services.comment_delete(actor=request.user, comment=comment)
        except StateConflict as exc:
            messages.error(request, exc.message)
            return redirect(url)
        messages.success(request, _("The comment has been deleted."))
        return redirect(f"{url}#comments")
    if comment.author_id != request.user.pk and not request.user.is_city_staff:
        raise PermissionDenied(_("Only the author may delete this comment."))
    return render(request, "frontend/ideas/comment_delete.html", {"comment": comment})


@login_required
@require_POST
def cocreator_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer help to an idea looking for co-creators (when the ideas app provides it)."""
    idea = _get_idea(request, pk)
    offer = getattr(idea_services, "cocreator_offer", None)
    if offer is None:
        raise Http404
    try:
        offer(user=request.user, idea=idea, message=request.POST.get("message", ""))
    except (PermissionDenied, StateConflict, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Thank you! The author has received your offer."))
    return redirect("frontend:idea_detail", pk=idea.pk)


# --- Accounts -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:profile")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.user_register(**form.cleaned_data)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account has been created."))
            return redirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    status = 400 if form.is_bound else 200
    return render(request, "frontend/accounts/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = forms.LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = account_services.user_authenticate(
                    request=request,
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            except account_services.LoginThrottled as exc:
                minutes = max(1, -(-exc.wait // 60))
                form.add_error(
                    None,
                    ngettext(
                        "Too many failed attempts. Please try again in %(minutes)d minute.",
                        "Too many failed attempts. Please try again in %(minutes)d minutes.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                status = 429
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            else:
                login(request, user)
                return redirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    return render(
        request,
        "frontend/accounts/login.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        messages.success(request, _("You have been logged out."))
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "frontend/accounts/logout.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "sector": user.sector, "bio": user.bio},
    )
    if request.method == "POST" and form.is_valid():
        try:
            account_services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("frontend:profile")
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    own_ideas = (
        Idea.objects.filter(author=user)
        .select_related("challenge")
        .defer(*idea_selectors.LIST_DEFERRED[:4])
        .order_by("-created_at", "-id")[:50]
    )
    own_comments = (
        Comment.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("idea")
        .order_by("-created_at", "-id")[:50]
    )
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "own_ideas": own_ideas,
            "own_comments": own_comments,
        },
        status=status,
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = Organisation.objects.annotate(member_count=Count("memberships")).order_by("name")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/organisations/list.html",
        {"page": page, "organisations": page.object_list},
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.prefetch_related("topics"), slug=slug)
    memberships = organisation.memberships.select_related("user").order_by(
        "-role", "user__display_name"
    )
    ideas = idea_selectors.idea_list(user=request.user, organisation=organisation.pk).order_by(
        *idea_selectors.IDEA_ORDERINGS["new"]
    )[:PAGE_SIZE]
    return render(
        request,
        "frontend/organisations/detail.html",
        {"organisation": organisation, "memberships": memberships, "ideas": ideas},
    )


# --- City staff ---------------------------------------------------------------------------------


def _challenge_initial(challenge: Challenge) -> dict:
    return {
        "title": challenge.title,
        "summary": challenge.summary,
        "description": challenge.description,
        "topics": list(challenge.topics.all()),
        "organisation": challenge.organisation_id,
        "opens_at": challenge.opens_at,
        "closes_at": challenge.closes_at,
        "voting_open": challenge.voting_open,
    }


@city_staff_required
@require_http_methods(["GET", "POST"])
def staff_challenge_create(request: HttpRequest) -> HttpResponse:
    form = forms.ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = challenge_services.challenge_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            messages.success(request, _("The challenge has been created."))
            return redirect("frontend:challenge_detail", pk=challenge.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/staff/challenge_form.html",
        {"form": form, "editing": False},
        status=status,
    )


@city_staff_required
@require_http_methods(["GET", "POST"])
def staff_challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge.objects.prefetch_related("topics"), pk=pk)
    form = forms.ChallengeForm(
        request.POST or None, editing=True, initial=_challenge_initial(challenge)
    )
    if request.method == "POST" and form.is_valid():
        try:
            challenge_services.challenge_update(
                actor=request.user, challenge=challenge, **form.cleaned_data
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        except StateConflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The challenge has been saved."))
            return redirect("frontend:challenge_detail", pk=challenge.pk)
    status = 400 if form.is_bound else 200
    next_phases = [
        (value, label) for value, label in Challenge.Status.choices if challenge.can_move_to(value)
    ]
    return render(
        request,
        "frontend/staff/challenge_form.html",
        {"form": form, "editing": True, "challenge": challenge, "next_phases": next_phases},
        status=status,
    )


@city_staff_required
@require_POST
def staff_challenge_phase(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge, pk=pk)
    try:
        challenge = challenge_services.challenge_set_status(
            actor=request.user, challenge=challenge, status=request.POST.get("status", "")
        )
    except (ValidationError, StateConflict) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("The challenge is now “%(phase)s”.") % {"phase": challenge.get_status_display()},
        )
    return redirect("frontend:staff_challenge_edit", pk=challenge.pk)


@city_staff_required
@require_POST
def staff_idea_status(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _get_idea(request, pk)
    form = forms.IdeaStatusForm(request.POST, idea=idea)
    if not form.is_valid():
        messages.error(request, _("Please choose a status the idea can move to."))
    else:
        try:
            idea_services.idea_set_status(
                actor=request.user,
                idea=idea,
                status=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
            )
        except (ValidationError, StateConflict) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The status has been changed."))
    url = reverse("frontend:idea_detail", kwargs={"pk": idea.pk})
    return redirect(f"{url}#funnel")


@city_staff_required
@require_GET
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    challenges = challenge_selectors.challenge_list(user=request.user)[:100]
    return render(
        request,
        "frontend/staff/dashboard.html",
        {"challenges": challenges},
    )
