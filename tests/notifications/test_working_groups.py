"""A group's administrators hear of a request to join (not its other members, not the asker),
the asker hears of the answer; withdrawing tells nobody. Through the published events, as
the worker derives them, in each person's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts import services
from accounts.models import Membership, Organisation
from notifications.models import Notification
from notifications.output import notification_text
from realtime.models import Event
from tests import factories
from tests.notifications.conftest import derive

pytestmark = pytest.mark.django_db


def _told() -> list[tuple[str, str, str]]:
    rows = Notification.objects.select_related("recipient").order_by("recipient__display_name")
    with translation.override("en"):
        return [(n.recipient.display_name, n.kind, notification_text(n.kind, n.data)) for n in rows]


@pytest.fixture
def group():
    convenor = factories.UserFactory(display_name="Clara")
    group = services.organisation_create(
        actor=convenor,
        name="AG Beteiligungsleitlinien",
        kind=Organisation.Kind.WORKING_GROUP,
        joining=Organisation.Joining.REQUEST,
    )
    second = factories.UserFactory(display_name="Bernd")
    services.membership_add(
        actor=convenor, organisation=group, user=second, role=Membership.Role.ADMIN
    )
    member = factories.UserFactory(display_name="Mia")
    services.membership_add(actor=convenor, organisation=group, user=member)
    group.convenor = convenor
    return group


def test_the_administrators_hear_of_a_request_and_the_asker_of_the_answer(group):
    asker = factories.UserFactory(display_name="Aylin")

    request = services.membership_request_create(user=asker, organisation=group)
    derive()
    asked = _told()
    services.membership_request_accept(actor=group.convenor, request=request)
    derive()

    assert asked == [
        ("Bernd", "join_request", "Aylin asks to join “AG Beteiligungsleitlinien”"),
        ("Clara", "join_request", "Aylin asks to join “AG Beteiligungsleitlinien”"),
    ]
    assert _told()[0] == (
        "Aylin",
        "join_decision",
        "Welcome: you are now a member of “AG Beteiligungsleitlinien”",
    )
    assert Notification.objects.get(recipient=asker).data["url"] == (
        "/organisations/ag-beteiligungsleitlinien/"
    )
    # The request's events are on the asker's private stream only.
    requests = Event.objects.filter(type__startswith="membership.")
    assert sorted(requests.values_list("type", "stream")) == [
        ("membership.decided", f"user:{asker.pk}"),
        ("membership.requested", f"user:{asker.pk}"),
    ]


def test_a_declined_request_is_told_in_the_askers_language(group):
    asker = factories.UserFactory(display_name="Aylin", language="de")
    request = services.membership_request_create(user=asker, organisation=group)

    services.membership_request_decline(actor=group.convenor, request=request)
    derive()

    told = Notification.objects.get(recipient=asker)
    with translation.override("de"):
        text = notification_text(told.kind, told.data)
    assert text == "Deine Anfrage, „AG Beteiligungsleitlinien“ beizutreten, wurde abgelehnt"


def test_a_request_withdrawn_before_the_worker_came_tells_nobody(group):
    asker = factories.UserFactory(display_name="Aylin")
    request = services.membership_request_create(user=asker, organisation=group)
    services.membership_request_withdraw(actor=asker, request=request)

    derive()

    assert _told() == []
