"""Organisations: anyone lists them, signed-in people register them, admins edit them."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Organisation, Topic
from realtime.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/organisations/"


def detail(org) -> str:
    return f"/api/organisations/{org.pk}/"


def snapshot(org: Organisation) -> tuple:
    org.refresh_from_db()
    return (org.name, org.kind, org.website, org.description, list(org.topics.all()))


def test_list_shows_organisations_with_topics_and_member_count(api, organisation, org_admin):
    organisation.topics.set([Topic.objects.get(slug="green-city")])

    response = api.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": organisation.pk,
            "name": "Sparrenburg Software GmbH",
            "slug": organisation.slug,
            "kind": "company",
            "website": "",
            "description": "",
            "topics": [{"slug": "green-city", "name": "Green City"}],
            "member_count": 1,
            "joining": "invite",
            "offers": [],
            "created_at": response.json()["results"][0]["created_at"],
        }
    ]


def test_list_filters_by_kind(api):
    factories.OrganisationFactory(name="Firma", kind=Organisation.Kind.COMPANY)
    verein = factories.OrganisationFactory(name="Verein", kind=Organisation.Kind.ASSOCIATION)

    response = api.get(LIST, {"kind": "association"})

    assert [o["id"] for o in response.json()["results"]] == [verein.pk]


def test_list_filters_by_topic(api):
    green = factories.OrganisationFactory(name="Grün")
    green.topics.set(Topic.objects.filter(slug__in=["green-city", "future-mobility"]))
    factories.OrganisationFactory(name="Anders")

    response = api.get(LIST, {"topic": "green-city"})

    assert [o["id"] for o in response.json()["results"]] == [green.pk]
    assert response.json()["results"][0]["member_count"] == 0


def test_list_searches_name_and_description(api):
    by_name = factories.OrganisationFactory(name="Teuto Lastenrad GmbH")
    by_text = factories.OrganisationFactory(name="Logistik AG", description="Lastenräder")
    factories.OrganisationFactory(name="Sonstwas")

    response = api.get(LIST, {"search": "lastenr"})

    assert [o["id"] for o in response.json()["results"]] == [by_text.pk, by_name.pk]


def test_list_refuses_an_unknown_kind(api):
    response = api.get(LIST, {"kind": "guild"})

    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


@pytest.mark.parametrize("page_size", [1, 50])
def test_list_query_count_does_not_grow_with_page_size(page_size, django_assert_num_queries):
    for n in range(5):
        org = factories.OrganisationFactory()
        org.topics.set(Topic.objects.all()[: n + 1])
        factories.MembershipFactory.create_batch(2, organisation=org)

    with django_assert_num_queries(3):  # count, page, topics
        response = APIClient().get(LIST, {"page_size": page_size})

    assert len(response.json()["results"]) == min(page_size, 5)


def test_create_makes_the_creator_admin(user_api):
    response = user_api.post(
        LIST,
        {
            "name": "Grünes Band Bielefeld e. V.",
            "kind": "association",
            "website": "https://gruenes-band.example.org",
            "topics": ["green-city"],
        },
        format="json",
    )

    assert response.status_code == 201
    org = Organisation.objects.get()
    assert response.json()["id"] == org.pk
    assert response.json()["member_count"] == 1
    assert org.slug == "grunes-band-bielefeld-e-v"
    assert Membership.objects.get(organisation=org).user == user_api.user
    assert Membership.objects.get(organisation=org).role == "admin"
    assert [t.slug for t in org.topics.all()] == ["green-city"]
    assert Event.objects.count() == 0


def test_create_city_department_needs_city_staff(user_api):
    response = user_api.post(LIST, {"name": "Umweltamt", "kind": "city_department"}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only city staff may create city departments."}
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0


def test_staff_create_city_departments(staff_api):
    response = staff_api.post(LIST, {"name": "Umweltamt", "kind": "city_department"}, format="json")

    assert response.status_code == 201
    assert Organisation.objects.get().kind == "city_department"


def test_create_refuses_a_duplicate_name(user_api, organisation):
    response = user_api.post(
        LIST, {"name": "sparrenburg software gmbh", "kind": "company"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"name": ["An organisation with this name already exists."]}
    assert Organisation.objects.count() == 1


def test_create_refuses_an_unknown_topic(user_api):
    response = user_api.post(
        LIST, {"name": "X", "kind": "company", "topics": ["astrology"]}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["topics"]
    assert Organisation.objects.count() == 0


def test_create_needs_a_signed_in_person(api):
    response = api.post(LIST, {"name": "X", "kind": "company"}, format="json")

    assert response.status_code == 401
    assert Organisation.objects.count() == 0


def test_detail_shows_one_organisation(api, organisation):
    response = api.get(detail(organisation))

    assert response.status_code == 200
    assert response.json()["name"] == "Sparrenburg Software GmbH"


def test_detail_of_an_unknown_organisation_is_404(api):
    assert api.get("/api/organisations/999999/").status_code == 404


def test_admin_edits_the_organisation(admin_api, organisation):
    response = admin_api.patch(
        detail(organisation),
        {"description": "Software aus Bielefeld", "topics": ["open-industry"]},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["description"] == "Software aus Bielefeld"
    assert [t["slug"] for t in response.json()["topics"]] == ["open-industry"]
    assert snapshot(organisation)[3] == "Software aus Bielefeld"


def test_staff_edit_any_organisation(staff_api, organisation):
    response = staff_api.patch(detail(organisation), {"website": ""}, format="json")

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["member", "stranger"])
def test_others_cannot_edit_the_organisation(who, organisation, org_member, member_api, user_api):
    client = member_api if who == "member" else user_api
    before = snapshot(organisation)

    response = client.patch(detail(organisation), {"name": "Gekapert"}, format="json")

    assert response.status_code == 403
    assert snapshot(organisation) == before


def test_admin_cannot_turn_a_company_into_a_city_department(admin_api, organisation):
    before = snapshot(organisation)

    response = admin_api.patch(detail(organisation), {"kind": "city_department"}, format="json")

    assert response.status_code == 403
    assert snapshot(organisation) == before


def test_edit_refuses_a_name_taken_by_another(admin_api, organisation):
    factories.OrganisationFactory(name="Teuto Logistik GmbH")
    before = snapshot(organisation)

    response = admin_api.patch(detail(organisation), {"name": "TEUTO LOGISTIK GMBH"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert snapshot(organisation) == before


def test_put_is_not_allowed(admin_api, organisation):
    assert admin_api.put(detail(organisation), {}, format="json").status_code == 405
