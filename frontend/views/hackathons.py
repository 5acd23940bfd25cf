"""Hackathon pages: the Teams section of a hackathon challenge's page, forming a team, asking
to join, answering requests, leaving, submitting the result, and the staff's settings with the
jury announcement. Every form re-renders with its errors and what was typed; every button
POSTs and returns to the challenge page with a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Sector
from challenges.models import Challenge
from core.errors import StateConflict
from frontend import hackathon_forms
from frontend.forms import apply_service_errors
from frontend.views._helpers import city_staff_required, error_text
from frontend.views.challenges import get_challenge
from ideas.gatherings import output, selectors, services
from ideas.gatherings.models import Hackathon, Team, TeamJoinRequest

SECTOR_LABELS = dict(Sector.choices)


def hackathon_context(request: HttpRequest, challenge: Challenge) -> dict:
    """What the challenge page shows of its hackathon (nothing for a plain challenge): the
    teams with members, sectors and seats, and what the viewer may do with each."""
    hackathon = selectors.hackathon_of(challenge=challenge)
    if hackathon is None:
        return {}
    hackathon.challenge = challenge
    user = request.user
    mine = selectors.team_membership_of(user=user, hackathon=hackathon)
    asked = selectors.join_requests_of_user(user=user, hackathon=hackathon)
    changes_open = not hackathon.jury_announced and challenge.status == Challenge.Status.OPEN
    rows = []
    for team in selectors.hackathon_teams(hackathon=hackathon):
        members = list(team.members.all())
        seats = output.team_seats(team, members=members, team_size_max=hackathon.team_size_max)
        leads = mine is not None and mine.team_id == team.pk and mine.role == "lead"
        rows.append(
            {
                "team": team,
                "members": [(m, SECTOR_LABELS.get(m.user.sector, "")) for m in members],
                "seats": seats,
                "sectors": [(SECTOR_LABELS[s["sector"]], s["count"]) for s in seats["sectors"]],
                "is_mine": mine is not None and mine.team_id == team.pk,
                "leads": leads,
                "my_request": asked.get(team.pk),
                "pending": selectors.join_requests_pending(team=team) if leads else [],
                "may_ask": changes_open
                and user.is_authenticated
                and mine is None
                and team.pk not in asked
                and seats["seats_left"] > 0,
            }
        )
    return {
        "hackathon": hackathon,
        "teams": rows,
        "my_team": mine,
        "team_changes_open": changes_open,
        "may_form_team": changes_open and user.is_authenticated and mine is None,
        "may_manage_hackathon": services.hackathon_can_manage(user=user),
    }


def _challenge_url(challenge_id: int, team_id: int | None = None) -> str:
    url = reverse("frontend:challenge_detail", args=[challenge_id])
    return f"{url}#team-{team_id}" if team_id else f"{url}#teams"


def _hackathon(request: HttpRequest, pk: int) -> Hackathon:
    challenge = get_challenge(request, pk)
    hackathon = selectors.hackathon_of(challenge=challenge)
    if hackathon is None:
        raise Http404(_("This challenge is not a hackathon."))
    return hackathon


def _team(request: HttpRequest, pk: int) -> Team:
    try:
        team = selectors.team_get(pk=pk)
    except Team.DoesNotExist as exc:
        raise Http404(_("This team does not exist.")) from exc
    get_challenge(request, team.hackathon.challenge_id)  # a draft's teams are staff-only
    return team


def _join_request(request: HttpRequest, pk: int) -> TeamJoinRequest:
    try:
        return selectors.join_request_get(pk=pk)
    except TeamJoinRequest.DoesNotExist as exc:
        raise Http404(_("This request does not exist.")) from exc


def _act(request: HttpRequest, action, success: str, back: str) -> HttpResponse:
    """Run a button's service call; a refusal is shown as a message (403 stays a 403)."""
    try:
        action()
    except (StateConflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect(back)


@require_http_methods(["GET", "POST"])
@login_required
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    hackathon = _hackathon(request, pk)
    form = hackathon_forms.TeamFormForm(
        request.POST or None,
        ideas=selectors.hackathon_ideas_without_team(hackathon=hackathon),
        initial={"idea": request.GET.get("idea", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_form(
                user=request.user, idea=form.cleaned_data["idea"], name=form.cleaned_data["name"]
            )
        except StateConflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your team is formed. You lead it."))
            return redirect(_challenge_url(pk, team.pk))
    return render(
        request,
        "frontend/hackathons/team_form.html",
        {"form": form, "hackathon": hackathon},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def team_join(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    form = hackathon_forms.JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_request_join(
                user=request.user, team=team, message=form.cleaned_data["message"]
            )
        except StateConflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your request is sent to the team's lead."))
            return redirect(_challenge_url(team.hackathon.challenge_id, team.pk))
    return render(
        request,
        "frontend/hackathons/join_form.html",
        {"form": form, "team": team},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def join_request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = _join_request(request, pk)
    return _act(
        request,
        lambda: services.team_request_withdraw(user=request.user, join_request=join_request),
        _("Your request is withdrawn."),
        _challenge_url(join_request.team.hackathon.challenge_id, join_request.team_id),
    )


@require_POST
@login_required
def join_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = _join_request(request, pk)
    accept = request.POST.get("decision") == "accept"
    return _act(
        request,
        lambda: services.team_request_decide(
            actor=request.user, join_request=join_request, accept=accept
        ),
        _("%(name)s is now in your team.") % {"name": join_request.user.display_name}
        if accept
        else _("The request is declined."),
        _challenge_url(join_request.team.hackathon.challenge_id, join_request.team_id),
    )


@require_POST
@login_required
def team_leave(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    return _act(
        request,
        lambda: services.team_leave(user=request.user, team=team),
        _("You have left the team."),
        _challenge_url(team.hackathon.challenge_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def team_submit(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    if not services.team_can_lead(user=request.user, team=team):
        raise PermissionDenied(_("Only the team's lead may submit the result."))
    initial = {"code_url": team.code_url, "demo_url": team.demo_url}
    if team.result_idea_id:
        initial["result_idea"] = str(team.result_idea_id)
    form = hackathon_forms.TeamSubmitForm(
        request.POST or None, ideas=selectors.team_result_choices(team=team), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_submit(actor=request.user, team=team, **form.cleaned_data)
        except StateConflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your team's result is submitted."))
            return redirect(_challenge_url(team.hackathon.challenge_id, team.pk))
    return render(
        request,
        "frontend/hackathons/submit_form.html",
        {"form": form, "team": team},
        status=400 if form.is_bound else 200,
    )


def _settings_page(request, challenge, hackathon, settings_form, jury_form, status=200):
    return render(
        request,
        "frontend/hackathons/settings.html",
        {
            "challenge": challenge,
            "hackathon": hackathon,
            "settings_form": settings_form,
            "jury_form": jury_form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@city_staff_required
def staff_hackathon(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the challenge a hackathon or change its team sizes; announce the jury phase."""
    challenge = get_challenge(request, pk, for_write=True)
    hackathon = selectors.hackathon_of(challenge=challenge)
    initial = (
        {"team_size_min": hackathon.team_size_min, "team_size_max": hackathon.team_size_max}
        if hackathon
        else {"team_size_min": 2, "team_size_max": 5}
    )
    form = hackathon_forms.HackathonSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hackathon_configure(
                actor=request.user, challenge=challenge, **form.cleaned_data
            )
        except StateConflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The hackathon settings are saved."))
            return redirect("frontend:staff_hackathon", pk=pk)
    status = 400 if form.is_bound else 200
    return _settings_page(
        request, challenge, hackathon, form, hackathon_forms.JuryAnnouncementForm(), status
    )


@require_POST
@city_staff_required
def staff_hackathon_jury(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk, for_write=True)
    hackathon = selectors.hackathon_of(challenge=challenge)
    if hackathon is None:
        raise Http404(_("This challenge is not a hackathon."))
    form = hackathon_forms.JuryAnnouncementForm(request.POST)
    if form.is_valid():
        try:
            services.hackathon_announce_jury(
                actor=request.user, hackathon=hackathon, statement=form.cleaned_data["statement"]
            )
        except StateConflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The jury phase is announced. The teams are final."))
            return redirect(_challenge_url(pk))
    settings_form = hackathon_forms.HackathonSettingsForm(
        initial={"team_size_min": hackathon.team_size_min, "team_size_max": hackathon.team_size_max}
    )
    return _settings_page(request, challenge, hackathon, settings_form, form, 400)
