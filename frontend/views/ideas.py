"""Idea pages: the lists, the detail page, and submitting, editing and withdrawing an idea."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from challenges.models import Challenge
from core.errors import StateConflict
from core.pagination import InvalidCursor, keyset_page
from frontend import forms
from frontend.views._helpers import PAGE_SIZE
from ideas import selectors as idea_selectors
from ideas import services as idea_services
from ideas.gatherings import selectors as event_selectors
from ideas.models import Idea
from moderation import selectors as moderation_selectors
from votes import services as vote_services


def paginate_ideas(
    request: HttpRequest, queryset, order: str, *, narrow: bool = False
) -> tuple[list[Idea], str | None, bool]:
    """One keyset page of ideas in `order`, the cursor of the next page (or None), and whether
    this is the first page.

    Keyset, not offsets: page 50 of a challenge with thousands of ideas costs what page 1 costs,
    and ideas arriving meanwhile never shift an item onto the next page twice. A cursor this
    site did not make for this order (edited, truncated, from another order) shows the first
    page, as an unknown filter value shows the list without that filter. `narrow`: as
    idea_selectors.idea_page_narrow says (core.pagination.keyset_page)."""
    ordering = idea_selectors.idea_ordering(order)
    token = request.GET.get("cursor") or None
    try:
        ideas, next_cursor = keyset_page(queryset, ordering, token, PAGE_SIZE, narrow=narrow)
    except InvalidCursor:
        token = None
        ideas, next_cursor = keyset_page(queryset, ordering, None, PAGE_SIZE, narrow=narrow)
    return ideas, next_cursor, token is None


def _idea_list_context(request: HttpRequest, *, challenge: Challenge | None) -> dict[str, Any]:
    filter_form = forms.IdeaFilterForm(request.GET or None, challenge=challenge)
    filters = filter_form.list_filters()
    order = filters.pop("order")
    queryset = idea_selectors.idea_list(user=request.user, **filters)
    narrow = idea_selectors.idea_page_narrow(search=filters["search"])
    ideas, next_cursor, is_first_page = paginate_ideas(request, queryset, order, narrow=narrow)
    return {
        "filter_form": filter_form,
        "ideas": ideas,
        "next_cursor": next_cursor,
        "is_first_page": is_first_page,
        "order": order,
        # Counted only for a search, where the page says how many it found.
        "result_count": idea_selectors.idea_count(**filters) if filters["search"] else None,
    }


@require_GET
def idea_list(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/ideas/list.html", _idea_list_context(request, challenge=None))


def get_idea(request: HttpRequest, pk: int, *, for_write: bool = False) -> Idea:
    """The visible idea `pk` with what its page shows, else 404; `for_write`: the bare idea,
    for handing it to a service that reads it again under its lock."""
    try:
        if for_write:
            return idea_selectors.idea_get_for_write(pk=pk)
        return idea_selectors.idea_get(user=request.user, pk=pk)
    except Idea.DoesNotExist as exc:
        raise Http404(_("This idea does not exist.")) from exc


def render_idea(
    request: HttpRequest,
    idea: Idea,
    *,
    comment_form: forms.CommentForm | None = None,
    status_form: forms.IdeaStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    threads = list(idea_selectors.comment_threads(idea=idea))
    user = request.user
    return render(
        request,
        "frontend/ideas/detail.html",
        {
            "idea": idea,
            "threads": threads,
            "comment_form": comment_form or forms.CommentForm(),
            "status_form": (
                (status_form or forms.IdeaStatusForm(idea=idea))
                if idea_services.idea_can_set_status(user=user, idea=idea)
                else None
            ),
            "funnel": idea_selectors.idea_funnel(idea),
            "events_next": event_selectors.events_next(idea=idea.pk),
            "read_only": idea.is_read_only(),
            "may_vote": vote_services.vote_can_cast(user=user, idea=idea),
            "is_author": user.is_authenticated and idea.author_id == user.pk,
            "offers": (
                list(idea_selectors.cocreator_offers(idea=idea)) if idea.seeking_cocreators else []
            ),
        },
        status=status,
    )


@require_GET
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        idea = idea_selectors.idea_get(user=request.user, pk=pk)
    except Idea.DoesNotExist as exc:
        reason = idea_selectors.idea_hidden_reason(pk=pk)
        if reason is None:
            raise Http404(_("This idea does not exist.")) from exc
        # Hidden by moderation: a placeholder with the public reason, for everyone.
        decision = moderation_selectors.decision_latest_for_author(
            kind="idea", object_id=pk, user=request.user
        )
        return render(
            request,
            "frontend/moderation/hidden_idea.html",
            {"reason": reason, "decision": decision},
            status=410,
        )
    return render_idea(request, idea)


@login_required
@require_http_methods(["GET", "POST"])
def idea_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    challenge_id = request.GET.get("challenge")
    if challenge_id and challenge_id.isdigit():
        initial["challenge"] = int(challenge_id)
    form = forms.IdeaForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid() and request.POST.get("website"):
        form.add_error(None, _("Leave this field empty."))  # the honeypot: a bot filled it
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
        except PermissionDenied as exc:
            # E.g. an address not confirmed yet: the form keeps what was typed.
            form.add_error(None, str(exc))
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
    idea = get_idea(request, pk)
    if not idea_services.idea_can_edit(user=request.user, idea=idea):
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
    idea = get_idea(request, pk)
    if not idea_services.idea_can_withdraw(user=request.user, idea=idea):
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
