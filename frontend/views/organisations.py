"""The organisation directory and an organisation's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.models import Organisation
from frontend.views._helpers import PAGE_SIZE
from ideas import selectors as idea_selectors


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
