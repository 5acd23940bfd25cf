"""The challenge admin saves through the services: phase rules hold and live pages hear it."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from challenges.models import Challenge
from realtime.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/challenges/challenge/"


@pytest.fixture
def staff_admin(staff):
    staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


def form_data(challenge: Challenge, **overrides) -> dict:
    return {
        "title": challenge.title,
        "summary": challenge.summary,
        "description": challenge.description,
        "status": challenge.status,
        "opens_at_0": challenge.opens_at.strftime("%Y-%m-%d"),
        "opens_at_1": challenge.opens_at.strftime("%H:%M:%S"),
        "closes_at_0": challenge.closes_at.strftime("%Y-%m-%d"),
        "closes_at_1": challenge.closes_at.strftime("%H:%M:%S"),
        "voting_open": "on",
        **overrides,
    }


def test_changelist_and_change_page_load(staff_admin, open_challenge):
    assert staff_admin.get(CHANGELIST, {"q": "Challenge", "status": "open"}).status_code == 200
    assert staff_admin.get(f"{CHANGELIST}{open_challenge.pk}/change/").status_code == 200


def test_status_change_goes_through_the_service(staff_admin, open_challenge):
    response = staff_admin.post(
        f"{CHANGELIST}{open_challenge.pk}/change/",
        form_data(open_challenge, status="evaluation", description="Neu *hier*"),
    )

    assert response.status_code == 302
    open_challenge.refresh_from_db()
    assert open_challenge.status == "evaluation"
    assert open_challenge.description_html == "<p>Neu <em>hier</em></p>"
    assert list(Event.objects.order_by("id").values_list("stream", "type")) == [
        (f"challenge:{open_challenge.pk}", "challenge.updated"),
        ("feed", "challenge.updated"),
        (f"challenge:{open_challenge.pk}", "challenge.status_changed"),  # for notifications
    ]


def test_invalid_transition_is_a_form_error(staff_admin, open_challenge):
    response = staff_admin.post(
        f"{CHANGELIST}{open_challenge.pk}/change/", form_data(open_challenge, status="draft")
    )

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    open_challenge.refresh_from_db()
    assert open_challenge.status == "open"
    assert Event.objects.count() == 0


def test_add_goes_through_the_service(staff_admin, staff):
    template = factories.ChallengeFactory.build()

    response = staff_admin.post(f"{CHANGELIST}add/", form_data(template, status="open"))

    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.created_by == staff
    assert challenge.description_html == "<p>We are looking for <strong>ideas</strong>.</p>"
    assert Event.objects.filter(stream="feed", type="challenge.created").count() == 1


def test_admin_users_who_are_not_city_staff_cannot_change_challenges(open_challenge, db):
    clerk = factories.UserFactory(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_challenge", "view_challenge", "add_challenge"]
        )
    )
    client = Client()
    client.force_login(clerk)

    response = client.post(
        f"{CHANGELIST}{open_challenge.pk}/change/", form_data(open_challenge, status="closed")
    )

    assert response.status_code == 403
    open_challenge.refresh_from_db()
    assert open_challenge.status == "open"
    assert Event.objects.count() == 0
