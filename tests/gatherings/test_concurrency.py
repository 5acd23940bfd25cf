"""Many people ask for the last seats at once, over real HTTP, while others cancel.

Afterwards the seats taken never exceed the capacity, the event's counters equal its
registration rows, nobody waits while a seat is free, and no request failed with a server
error. On PostgreSQL the event row's lock (select_for_update) queues the writers; on SQLite
IMMEDIATE transactions do.
"""

from __future__ import annotations

import threading

import pytest
from rest_framework.authtoken.models import Token

from ideas.gatherings import services
from ideas.gatherings.models import Event, Registration
from tests import factories
from tests.live.conftest import city_staff_group  # noqa: F401
from tests.votes.test_concurrency import _request

CAPACITY = 3
NEWCOMERS = 14
LEAVERS = 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")  # an earlier transactional test flushed it
def test_the_last_seats_go_to_exactly_capacity_people_and_the_list_moves_up(live_server):
    event = factories.EventFactory(capacity=CAPACITY)
    leavers = [factories.UserFactory() for _ in range(LEAVERS)]
    for person in leavers:  # they hold every seat when the rush starts
        services.registration_create(user=person, event=event)
    newcomers = [factories.UserFactory() for _ in range(NEWCOMERS)]
    jobs = [("POST", Token.objects.create(user=p).key) for p in newcomers]
    jobs += [("DELETE", Token.objects.create(user=p).key) for p in leavers]
    path = f"/api/events/{event.pk}/registration/"
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(len(jobs))

    def run(method: str, token: str) -> None:
        start.wait()
        try:
            status = _request(
                live_server.url, token, method, path, {} if method == "POST" else None
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(exc)
            return
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(statuses) == [201] * NEWCOMERS + [204] * LEAVERS
    event = Event.objects.get(pk=event.pk)
    registered = Registration.objects.filter(event=event, status="registered").count()
    waiting = Registration.objects.filter(event=event, status="waiting").count()
    assert (event.registered_count, event.waiting_count) == (registered, waiting)
    assert registered == CAPACITY
    assert waiting == NEWCOMERS - CAPACITY
    assert not Registration.objects.filter(user__in=leavers).exists()
