"""The directory of actors: organisations and people who opted in (off by default), filtered
by kind, topic, sector and what they offer or seek, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Topic
from accounts.services import user_update_profile
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def green():
    return Topic.objects.get_or_create(
        slug="green-city", defaults={"name_de": "Grüne Stadt", "name_en": "Green City"}
    )[0]


def _page(**params) -> str:
    return Client().get("/directory/", params).content.decode()


def test_people_are_listed_only_when_they_opt_in(person):
    assert "Aylin Demir" not in _page()

    user_update_profile(user=person, listed_in_directory=True, offers=["expertise"])

    html = _page()
    assert "Aylin Demir" in html
    assert "Bietet Expertise" in html
    assert "aylin.private@mailbox.test" not in html


def test_filters_by_kind_sector_offer_and_topic(green, open_challenge):
    rooms = factories.OrganisationFactory(name="Coworking Altstadt", offers_rooms=True)
    rooms.topics.add(green)
    factories.OrganisationFactory(name="Datenverein", offers_data=True)
    researcher = factories.UserFactory(
        display_name="Forscherin", sector="research", listed_in_directory=True, offers_data=True
    )
    factories.UserFactory(display_name="Unternehmer", sector="business", listed_in_directory=True)
    factories.IdeaFactory(author=researcher, challenge=open_challenge).topics.add(green)

    by_offer = _page(offer="data")
    assert ("Datenverein" in by_offer, "Forscherin" in by_offer) == (True, True)
    assert "Coworking Altstadt" not in by_offer
    by_sector = _page(sector="research")
    assert "Forscherin" in by_sector
    assert "Unternehmer" not in by_sector
    assert "Datenverein" not in by_sector  # a sector is of people
    by_topic = _page(topic="green-city")
    assert ("Coworking Altstadt" in by_topic, "Forscherin" in by_topic) == (True, True)
    assert "Datenverein" not in by_topic
    only_people = _page(kind="people")
    assert "Coworking Altstadt" not in only_people
    assert "Unternehmer" in only_people
    searched = _page(search="cowork")
    assert "Coworking Altstadt" in searched
    assert "Datenverein" not in searched


def test_unknown_filter_values_are_ignored(green):
    factories.OrganisationFactory(name="Datenverein")
    assert "Datenverein" in _page(offer="castles", kind="aliens", topic="nope")


def test_the_directory_query_count_does_not_grow_with_actors(green, django_assert_num_queries):
    def add(n: int) -> None:
        for _ in range(n):
            factories.OrganisationFactory(offers_rooms=True).topics.add(green)
            factories.UserFactory(listed_in_directory=True, offers_rooms=True)

    add(2)
    # topics, organisations count + page + their topics, people count + page
    with django_assert_num_queries(6):
        Client().get("/directory/", {"offer": "rooms", "topic": "green-city"})
    add(10)
    with django_assert_num_queries(6):
        Client().get("/directory/", {"offer": "rooms"})


def test_the_directory_in_english(person):
    user_update_profile(user=person, listed_in_directory=True, offers=["cocreators"])
    html = Client(headers={"accept-language": "en"}).get("/directory/").content.decode()
    assert "<h1>Directory of actors</h1>" in html
    assert "Looking for co-creators" in html


def test_the_directory_api_filters_and_pages_in_constant_queries(
    green, api, django_assert_num_queries
):
    for n in range(3):
        factories.OrganisationFactory(name=f"Raum {n}", offers_rooms=True).topics.add(green)
        factories.UserFactory(display_name=f"Person {n}", listed_in_directory=True)
    factories.OrganisationFactory(name="Ohne Räume")
    factories.UserFactory(display_name="Nicht gelistet")

    with django_assert_num_queries(4):  # topic lookup, count, page, topics
        orgs = api.get("/api/directory/", {"offer": "rooms", "topic": "green-city"})
    with django_assert_num_queries(2):  # count, page
        people = api.get("/api/directory/", {"kind": "people"})

    assert orgs.status_code == 200
    assert orgs.json()["count"] == 3
    assert orgs.json()["results"][0] == {
        "kind": "organisation",
        "id": orgs.json()["results"][0]["id"],
        "name": "Raum 0",
        "sector": None,
        "offers": ["rooms"],
        "topics": ["green-city"],
    }
    assert [p["name"] for p in people.json()["results"]] == ["Person 0", "Person 1", "Person 2"]
    assert "email" not in people.json()["results"][0]


def test_the_directory_api_refuses_unknown_filter_values(api):
    response = api.get("/api/directory/", {"offer": "castles"})
    assert response.status_code == 400
    assert "offer" in response.json()
