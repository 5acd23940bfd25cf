"""The organisation directory, the working groups, and an organisation's or group's page with
joining, leaving, requests to join and the administrators' edit form."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import MembershipRequest, Organisation
from challenges import selectors as challenge_selectors
from core.errors import StateConflict
from frontend import forms
from frontend.views._helpers import PAGE_SIZE, error_text
from ideas import selectors as idea_selectors
from ideas.gatherings import selectors as event_selectors

# The meetings a group's page shows, upcoming and past each.
GROUP_MEETINGS = 5


def _get(slug: str) -> Organisation:
    try:
        return account_selectors.organisation_get_by_slug(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404(_("This organisation does not exist.")) from exc


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = account_selectors.organisation_page(number=request.GET.get("page"))
    return render(
        request,
        "frontend/organisations/list.html",
        {"page": page, "organisations": page.object_list},
    )


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    """The working groups: organisations of kind `working_group`."""
    page = account_selectors.organisation_page(
        number=request.GET.get("page"), kind=Organisation.Kind.WORKING_GROUP
    )
    return render(
        request,
        "frontend/organisations/groups.html",
        {"page": page, "groups": page.object_list},
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _get(slug)
    user = request.user
    memberships = account_selectors.organisation_members(organisation=organisation)
    ideas = idea_selectors.ideas_ranked(
        user=user, order="new", limit=PAGE_SIZE, organisation=organisation.pk
    )
    is_admin = account_services.organisation_is_admin(user=user, organisation=organisation)
    challenges = challenge_selectors.challenges_of_organisation(
        user=user, organisation=organisation.pk, limit=PAGE_SIZE
    )
    is_group = organisation.kind == Organisation.Kind.WORKING_GROUP
    context = {
        "organisation": organisation,
        "is_group": is_group,
        "memberships": memberships,
        "ideas": ideas,
        "challenges": challenges,
        "is_admin": is_admin,
        "my_membership": account_selectors.membership_of(user=user, organisation=organisation),
        "my_request": account_selectors.membership_request_pending_of(
            user=user, organisation=organisation
        ),
        "can_join": account_services.membership_can_join(user=user, organisation=organisation),
        "can_request": account_services.membership_can_request(
            user=user, organisation=organisation
        ),
        "requests": (
            account_selectors.membership_requests(organisation=organisation) if is_admin else ()
        ),
        "request_form": forms.MembershipRequestForm(),
    }
    if is_group:
        # A group's meetings: the next ones and the latest past ones, with their results.
        context["meetings_upcoming"] = list(
            event_selectors.event_list(when="upcoming", organiser=organisation.pk)[:GROUP_MEETINGS]
        )
        context["meetings_past"] = list(
            event_selectors.event_list(when="past", organiser=organisation.pk)[:GROUP_MEETINGS]
        )
    else:
        context["events_next"] = event_selectors.events_next(organiser=organisation.pk, limit=5)
    return render(request, "frontend/organisations/detail.html", context)


def _save_form(
    request: HttpRequest, form: forms.OrganisationForm, save: Callable
) -> Organisation | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(dict(form.cleaned_data))
    except ValidationError as exc:
        forms.apply_service_errors(form, exc)
    return None


@require_http_methods(["GET", "POST"])
@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    """Anyone signed in starts a working group, as anyone may register an organisation (the
    API's POST /api/organisations/), and becomes its administrator."""
    form = forms.OrganisationForm(
        request.POST or None,
        topics=account_selectors.topic_list(),
        initial={"joining": Organisation.Joining.OPEN},
    )
    group = _save_form(
        request,
        form,
        lambda values: account_services.organisation_create(
            actor=request.user, kind=Organisation.Kind.WORKING_GROUP, **values
        ),
    )
    if group is not None:
        messages.success(request, _("The working group is started. You are its administrator."))
        return redirect("frontend:organisation_detail", slug=group.slug)
    status = 400 if form.is_bound else 200
    return render(
        request, "frontend/organisations/form.html", {"form": form, "creating": True}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _get(slug)
    if not account_services.organisation_is_admin(user=request.user, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's administrators may change it."))
    form = forms.OrganisationForm(
        request.POST or None,
        topics=account_selectors.topic_list(),
        initial=forms.OrganisationForm.initial_of(organisation),
    )
    saved = _save_form(
        request,
        form,
        lambda values: account_services.organisation_update(
            actor=request.user, organisation=organisation, **values
        ),
    )
    if saved is not None:
        messages.success(request, _("Your changes have been saved."))
        return redirect("frontend:organisation_detail", slug=saved.slug)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/organisations/form.html",
        {"form": form, "organisation": organisation, "creating": False},
        status=status,
    )


def _act(request: HttpRequest, organisation: Organisation, action: Callable, success: str):
    """Run a joining service; a refusal of the state is a message on the page, one of rights a
    403 (the page offers no such button), and nothing changes either way."""
    try:
        action()
    except (StateConflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect("frontend:organisation_detail", slug=organisation.slug)


@require_POST
@login_required
def organisation_join(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _get(slug)
    return _act(
        request,
        organisation,
        lambda: account_services.membership_join(user=request.user, organisation=organisation),
        _("Welcome: you are a member now."),
    )


@require_POST
@login_required
def organisation_leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _get(slug)
    return _act(
        request,
        organisation,
        lambda: account_services.membership_leave(user=request.user, organisation=organisation),
        _("You have left."),
    )


@require_POST
@login_required
def organisation_request(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _get(slug)
    form = forms.MembershipRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("frontend:organisation_detail", slug=organisation.slug)
    return _act(
        request,
        organisation,
        lambda: account_services.membership_request_create(
            user=request.user, organisation=organisation, message=form.cleaned_data["message"]
        ),
        _("Your request is sent. The administrators will decide."),
    )


REQUEST_ACTIONS = {
    "accept": account_services.membership_request_accept,
    "decline": account_services.membership_request_decline,
    "withdraw": account_services.membership_request_withdraw,
}


@require_POST
@login_required
def organisation_request_decide(request: HttpRequest, slug: str, pk: int, action: str):
    """Accept or decline a request (administrators), or withdraw one's own."""
    organisation = _get(slug)
    if action not in REQUEST_ACTIONS:
        raise Http404(_("This request does not exist."))
    try:
        found = account_selectors.membership_request_get(organisation=organisation, pk=pk)
    except MembershipRequest.DoesNotExist as exc:
        raise Http404(_("This request does not exist.")) from exc
    service = REQUEST_ACTIONS[action]
    messages_by_action = {
        "accept": _("The request is accepted: %(name)s is a member now."),
        "decline": _("The request of %(name)s is declined."),
        "withdraw": _("Your request is withdrawn."),
    }
    return _act(
        request,
        organisation,
        lambda: service(actor=request.user, request=found),
        messages_by_action[action] % {"name": found.user.display_name},
    )
