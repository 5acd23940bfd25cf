"""The organisation directory and an organisation's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import selectors as account_selectors
from accounts.models import Organisation
from frontend.views._helpers import PAGE_SIZE
from ideas import selectors as idea_selectors
from ideas.gatherings import selectors as event_selectors


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = account_selectors.organisation_page(number=request.GET.get("page"))
    return render(
        request,
        "frontend/organisations/list.html",
        {"page": page, "organisations": page.object_list},
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = account_selectors.organisation_get_by_slug(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404(_("This organisation does not exist.")) from exc
    memberships = account_selectors.organisation_members(organisation=organisation)
    ideas = idea_selectors.ideas_ranked(
        user=request.user, order="new", limit=PAGE_SIZE, organisation=organisation.pk
    )
    return render(
        request,
        "frontend/organisations/detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "ideas": ideas,
            "events_next": event_selectors.events_next(organiser=organisation.pk, limit=5),
        },
    )
