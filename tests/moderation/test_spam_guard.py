"""The spam guard: honeypots refuse bots and write nothing; accounts younger than a day write
under a stricter rate; reports without an account are few per address."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from core.throttling import WriteRateThrottle
from ideas.models import Comment
from moderation.models import Report

pytestmark = pytest.mark.django_db


def test_a_filled_honeypot_refuses_the_sign_up_and_creates_nobody(db):
    people = get_user_model().objects.count()

    response = Client().post(
        "/signup/",
        {
            "email": "bot@example.org",
            "password": "sennestadt-radweg-42",
            "display_name": "Bot",
            "sector": "citizen",
            "accept_house_rules": "on",
            "website": "https://spam.example",
        },
    )

    assert response.status_code == 400
    assert "Bitte lass dieses Feld leer." in response.content.decode()
    assert get_user_model().objects.count() == people


def test_a_filled_honeypot_refuses_reports_and_comments(world):
    api = APIClient()
    api.force_authenticate(world.reporters[0])
    site = Client()
    site.force_login(world.reporters[0])
    body = {"kind": "idea", "object_id": world.idea.pk, "reason": "spam", "text": "Werbung"}

    by_api = api.post("/api/reports/", {**body, "website": "x"}, format="json")
    by_site = site.post(f"/ideas/{world.idea.pk}/comments/", {"body": "Hi", "website": "x"})

    assert by_api.status_code == 400
    assert by_api.json() == {"website": ["Leave this field empty."]}
    assert by_site.status_code == 400
    assert Report.objects.count() == 0
    assert Comment.objects.count() == 1


def test_accounts_younger_than_a_day_write_under_the_stricter_rate(world, monkeypatch):
    monkeypatch.setattr(
        WriteRateThrottle, "THROTTLE_RATES", {"writes": "5/min", "writes_newcomer": "2/min"}
    )
    old, new = world.reporters[0], world.reporters[1]
    get_user_model().objects.filter(pk=old.pk).update(
        date_joined=timezone.now() - timedelta(days=2)
    )
    old.refresh_from_db()

    def statuses(person):
        api = APIClient()
        api.force_authenticate(person)
        path = f"/api/ideas/{world.idea.pk}/comments/"
        return [api.post(path, {"body": "Hallo"}, format="json").status_code for _ in range(3)]

    assert statuses(new) == [201, 201, 429]
    assert statuses(old) == [201, 201, 201]


def test_reports_without_an_account_are_few_per_address(world, settings):
    settings.MODERATION_ANONYMOUS_REPORTS_PER_HOUR = 2
    body = {
        "kind": "idea",
        "object_id": world.idea.pk,
        "reason": "illegal",
        "text": "Volksverhetzung",
        "law": "§ 130 StGB",
        "email": "hinweis@example.org",
    }

    answers = [APIClient().post("/api/reports/", body, format="json").status_code for _ in range(3)]

    assert answers == [201, 201, 403]
    assert Report.objects.count() == 2
