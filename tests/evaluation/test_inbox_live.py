"""The inbox's stream over a real socket: staff watching `inbox:1` get an assignment live."""

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts.models import Organisation
from ideas.evaluation import services
from tests import factories
from tests.live.conftest import (  # noqa: F401 (fixtures)
    city_staff_group,
    connect,
    in_memory_layer,
    receive_frames,
    subscribe,
)


@sync_to_async
def _staff_cookie_and_idea():
    staff = factories.StaffFactory()
    client = Client()
    client.force_login(staff)
    return staff, f"sessionid={client.cookies['sessionid'].value}", factories.IdeaFactory()


@sync_to_async
def _assign(staff, idea):
    office = factories.OrganisationFactory(
        kind=Organisation.Kind.CITY_DEPARTMENT, name="Amt für Verkehr"
    )
    services.idea_assign(actor=staff, idea=idea, department=office)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
async def test_staff_watching_the_inbox_see_an_assignment_arrive():
    staff, cookie, idea = await _staff_cookie_and_idea()
    ws = await connect(cookie=cookie)
    assert (await subscribe(ws, "inbox:1"))[-1]["type"] == "subscribed"

    await _assign(staff, idea)

    (frame,) = await receive_frames(ws, 1)
    await ws.disconnect()
    assert frame["type"] == "inbox.assigned"
    assert frame["stream"] == "inbox:1"
    assert frame["data"]["idea"] == idea.pk
    assert frame["data"]["department"]["name"] == "Amt für Verkehr"
