"""Challenge pages: the list and a challenge with its ideas."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges import selectors as challenge_selectors
from challenges.models import Challenge
from frontend import forms
from frontend.charts import challenge_charts
from frontend.views._helpers import PAGE_SIZE
from frontend.views.ideas import _idea_list_context
from ideas.evaluation import selectors as evaluation_selectors
from ideas.gatherings import selectors as event_selectors


@require_GET
def challenge_list(request: HttpRequest) -> HttpResponse:
    filter_form = forms.ChallengeFilterForm(request.GET or None)
    page = challenge_selectors.challenge_page(
        user=request.user, number=request.GET.get("page"), size=PAGE_SIZE, **filter_form.values()
    )
    return render(
        request,
        "frontend/challenges/list.html",
        {"filter_form": filter_form, "page": page, "challenges": page.object_list},
    )


def get_challenge(request: HttpRequest, pk: int, *, for_write: bool = False) -> Challenge:
    """The challenge `pk` if the viewer may see it (drafts: staff only), else 404; `for_write`:
    without what its page shows, for handing it to a service."""
    get = (
        challenge_selectors.challenge_get_for_write
        if for_write
        else challenge_selectors.challenge_get
    )
    try:
        return get(user=request.user, pk=pk)
    except Challenge.DoesNotExist as exc:
        raise Http404(_("This challenge does not exist.")) from exc


@require_GET
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk)
    context = _idea_list_context(request, challenge=challenge)
    context["challenge"] = challenge
    context["events_next"] = event_selectors.events_next(challenge=challenge.pk)
    context["phases"] = [
        (value, label)
        for value, label in Challenge.Status.choices
        if value != Challenge.Status.DRAFT or challenge.status == Challenge.Status.DRAFT
    ]
    # The workbench's public parts: the jury's published result, and the charts once the
    # challenge takes no more ideas.
    context["jury_result"] = evaluation_selectors.result_published(challenge)
    # A hackathon's teams (issue 17); imported here because hackathons imports this module.
    from frontend.views.hackathons import hackathon_context

    context.update(hackathon_context(request, challenge))
    if evaluation_selectors.charts_public(challenge):
        context.update(challenge_charts(evaluation_selectors.challenge_figures(challenge)))
    return render(request, "frontend/challenges/detail.html", context)
