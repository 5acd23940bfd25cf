"""City staff pages: challenges and their phases, idea status, the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from challenges import selectors as challenge_selectors
from challenges import services as challenge_services
from challenges.models import Challenge
from core.errors import StateConflict
from frontend import forms
from frontend.views._helpers import city_staff_required, error_text
from frontend.views.challenges import get_challenge
from frontend.views.ideas import get_idea, render_idea
from ideas import services as idea_services


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
        "first_contribution_reviewed": challenge.first_contribution_reviewed,
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
    challenge = get_challenge(request, pk)
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
    challenge = get_challenge(request, pk, for_write=True)
    try:
        challenge = challenge_services.challenge_set_status(
            actor=request.user, challenge=challenge, status=request.POST.get("status", "")
        )
    except (ValidationError, StateConflict) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The challenge is now “%(phase)s”.") % {"phase": challenge.get_status_display()},
        )
    return redirect("frontend:staff_challenge_edit", pk=challenge.pk)


@city_staff_required
@require_POST
def staff_idea_status(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_idea(request, pk)
    form = forms.IdeaStatusForm(request.POST, idea=idea)
    if not form.is_valid():
        # Back to the page with the form and its errors beside the fields.
        return render_idea(request, idea, status_form=form, status=400)
    else:
        try:
            idea_services.idea_set_status(
                actor=request.user,
                idea=idea,
                status=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
            )
        except (ValidationError, StateConflict) as exc:
            messages.error(request, error_text(exc))
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
