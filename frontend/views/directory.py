"""The directory of actors (the innovation database): organisations, working groups and the
people who opted in, filtered by kind, topic, sector and what they offer or seek."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import selectors as account_selectors
from accounts.models import ActorOffer, Sector

KINDS = ("all", "organisations", "working_groups", "people")


def _choice(value: str | None, allowed) -> str | None:
    # Unknown filter values are ignored, as on every other list of the site.
    return value if value in allowed else None


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    topics = list(account_selectors.topic_list())
    kind = _choice(request.GET.get("kind"), KINDS) or "all"
    topic = _choice(request.GET.get("topic"), {t.slug for t in topics})
    sector = _choice(request.GET.get("sector"), Sector.values)
    offer = _choice(request.GET.get("offer"), ActorOffer.values)
    search = (request.GET.get("search") or "").strip()[:100] or None
    organisations = people = None
    # A sector belongs to people: filtering by it shows people only.
    # "all" lists organisations and working groups together (one count, one page), so the
    # page asks no more than before groups existed.
    if kind in ("all", "organisations", "working_groups") and not sector:
        organisations = account_selectors.directory_organisations(
            topic=topic,
            offer=offer,
            search=search,
            working_groups={"all": None, "organisations": False, "working_groups": True}[kind],
        )
    if kind in ("all", "people"):
        people = account_selectors.directory_people(
            topic=topic, sector=sector, offer=offer, search=search
        )
    return render(
        request,
        "frontend/directory/list.html",
        {
            "topics": topics,
            "kinds": KINDS,
            "sectors": Sector.choices,
            "offers": ActorOffer.choices,
            "selected": {
                "kind": kind,
                "topic": topic,
                "sector": sector,
                "offer": offer,
                "search": search or "",
            },
            "organisations": organisations,
            "people": people,
        },
    )
