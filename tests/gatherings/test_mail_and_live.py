"""What people hear: the cancellation mail in each recipient's language over real SMTP, and the
seats left arriving live on an open page's socket."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from ideas.gatherings import services
from tests import factories
from tests.live.conftest import (  # noqa: F401
    city_staff_group,
    connect,
    in_memory_layer,
    receive_frames,
    subscribe,
)
from tests.mailbox import html_of, run_worker, text_of


# The worker closes its database connection after each task: these tests commit for real.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
def test_a_cancellation_reaches_everyone_registered_in_their_language(event, staff, smtp):
    german = factories.UserFactory(display_name="Jana", email="jana@example.org", language="de")
    english = factories.UserFactory(display_name="Sam", email="sam@example.org", language="en")
    for person in (german, english):
        services.registration_create(user=person, event=event)

    services.event_cancel(actor=staff, event=event)
    assert smtp.messages == []  # the service only queues; the worker sends
    run_worker()

    [de] = smtp.to("jana@example.org")
    [en] = smtp.to("sam@example.org")
    assert de["Subject"] == f"Abgesagt: {event.title} – Open Innovation City"
    assert en["Subject"] == f"Cancelled: {event.title} – Open Innovation City"
    assert "Hallo Jana," in text_of(de)
    assert "wurde abgesagt" in text_of(de)
    assert "has been cancelled" in text_of(en)
    assert f"https://oic.example.org/events/{event.pk}/" in text_of(en)
    assert f"https://oic.example.org/events/{event.pk}/" in html_of(de)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
def test_moving_up_from_the_waiting_list_is_told_by_mail(event, smtp):
    first, second, waiting = (factories.UserFactory(language="en") for _ in range(3))
    for person in (first, second, waiting):
        services.registration_create(user=person, event=event)

    services.registration_cancel(user=first, event=event)
    run_worker()

    [message] = smtp.messages
    assert message["To"] == waiting.email
    # The parser may keep the space before an encoded word of a folded header.
    assert message["Subject"].strip() == f"You have a seat: {event.title} – Open Innovation City"


@database_sync_to_async
def _event_and_people():
    made = factories.EventFactory(capacity=1)
    return made, factories.UserFactory(), factories.UserFactory()


@database_sync_to_async
def _register(user, event):
    services.registration_create(user=user, event=event)


@database_sync_to_async
def _cancel(user, event):
    services.registration_cancel(user=user, event=event)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
async def test_seats_left_arrive_live_on_the_events_stream():
    event, ada, ben = await _event_and_people()
    ws = await connect()
    frames = await subscribe(ws, f"event:{event.pk}")
    assert frames[-1]["type"] == "subscribed"

    # One step at a time: the socket coalesces seat counts, so only the newest would come.
    received = []
    for step, person in ((_register, ada), (_register, ben), (_cancel, ada)):
        await step(person, event)
        received += await receive_frames(ws, 1)
    await ws.disconnect()

    assert [f["type"] for f in received] == ["event.seats_changed"] * 3
    assert [(f["data"]["seats_left"], f["data"]["waiting_count"]) for f in received] == [
        (0, 0),
        (0, 1),
        (0, 0),  # Ben moved up into Ada's seat
    ]
    assert all("online_url" not in f["data"] for f in received)
