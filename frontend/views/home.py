"""The home page: open challenges, trending ideas and the latest activity."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from challenges import selectors as challenge_selectors
from challenges.models import Challenge
from ideas import selectors as idea_selectors
from ideas.models import Idea
from realtime.models import Event

ACTIVITY_TYPES = ("idea.created", "challenge.created")


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
