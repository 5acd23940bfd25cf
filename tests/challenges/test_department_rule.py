"""Only a city department can be responsible for a challenge: the API refuses any other
organisation with a message beside the field, writing and announcing nothing."""

import pytest

from accounts.models import Organisation
from challenges.models import Challenge
from realtime.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/challenges/"
REFUSED = {"organisation": ["Only a city department can be responsible for a challenge."]}


def new_challenge(**overrides) -> dict:
    return {
        "title": "Mehr Grün am Jahnplatz",
        "summary": "Wie wird der Jahnplatz grüner und kühler?",
        "description": "Wir suchen Ideen.",
        **overrides,
    }


@pytest.mark.parametrize(
    "kind",
    [
        Organisation.Kind.COMPANY,
        Organisation.Kind.ASSOCIATION,
        Organisation.Kind.RESEARCH,
        Organisation.Kind.OTHER,
    ],
)
def test_create_refuses_an_organisation_that_is_no_city_department(staff_api, kind):
    company = factories.OrganisationFactory(kind=kind)

    response = staff_api.post(LIST, new_challenge(organisation=company.pk), format="json")

    assert response.status_code == 400
    assert response.json() == REFUSED
    assert Challenge.objects.count() == 0
    assert Event.objects.count() == 0


def test_create_takes_a_city_department(staff_api):
    dept = factories.OrganisationFactory(kind=Organisation.Kind.CITY_DEPARTMENT)

    response = staff_api.post(LIST, new_challenge(organisation=dept.pk), format="json")

    assert response.status_code == 201
    assert response.json()["organisation"] == {"id": dept.pk, "name": dept.name}


def test_an_edit_to_an_association_is_refused(staff_api, open_challenge):
    association = factories.OrganisationFactory(kind=Organisation.Kind.ASSOCIATION)
    events = Event.objects.count()

    response = staff_api.patch(
        f"{LIST}{open_challenge.pk}/", {"organisation": association.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == REFUSED
    open_challenge.refresh_from_db()
    assert open_challenge.organisation is None
    assert Event.objects.count() == events


def test_an_edit_may_remove_the_department(staff_api, open_challenge):
    open_challenge.organisation = factories.OrganisationFactory(
        kind=Organisation.Kind.CITY_DEPARTMENT
    )
    open_challenge.save(update_fields=["organisation"])

    response = staff_api.patch(f"{LIST}{open_challenge.pk}/", {"organisation": None}, format="json")

    assert response.status_code == 200
    open_challenge.refresh_from_db()
    assert open_challenge.organisation is None
