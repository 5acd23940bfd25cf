"""The idea list's parameters share their names with the site: `order` (also spelled
`ordering`), `search` over title, summary and description, `organisation` by id or slug."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas import selectors
from tests import factories

LIST = "/api/ideas/"


@pytest.fixture
def three(open_challenge):
    now = timezone.now()
    return {
        "old_top": factories.IdeaFactory(
            challenge=open_challenge, created_at=now - timedelta(hours=2), up_count=9, score=9
        ),
        "new_flop": factories.IdeaFactory(
            challenge=open_challenge, created_at=now - timedelta(hours=1)
        ),
    }


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("name", ["order", "ordering"])
def test_both_spellings_order_the_list(api, three, name):
    assert ids(api.get(LIST, {name: "top"})) == [three["old_top"].pk, three["new_flop"].pk]
    assert ids(api.get(LIST, {name: "new"})) == [three["new_flop"].pk, three["old_top"].pk]


@pytest.mark.parametrize("name", ["order", "ordering"])
def test_an_unknown_order_is_a_400_not_the_default(api, three, name):
    response = api.get(LIST, {name: "oldest"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        name: ["Unknown order “oldest”: use trending, new, top, discussed or relevance."]
    }


def test_an_unknown_order_is_explained_in_german(api, three):
    response = api.get(LIST, {"order": "oldest"}, HTTP_ACCEPT_LANGUAGE="de")

    assert response.json() == {
        "order": [
            "Unbekannte Reihenfolge „oldest“: Nimm trending, new, top, discussed oder relevance."
        ]
    }


def test_two_spellings_that_disagree_are_refused(api, three):
    response = api.get(LIST, {"order": "top", "ordering": "new"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"order": ["Give the order once: `order` and `ordering` disagree."]}


def test_a_cursor_follows_the_order_given_by_either_name(api, three):
    next_url = api.get(LIST, {"order": "top", "page_size": 1}).json()["next"]

    second = api.get(next_url)

    assert ids(second) == [three["new_flop"].pk]


def test_search_finds_words_in_title_summary_and_description(api, open_challenge):
    # Whole words in any inflection (tests/ideas/test_full_text_search.py), not substrings:
    # "Brunnen" does not find "Trinkbrunnen".
    by_title = factories.IdeaFactory(challenge=open_challenge, title="Zwei Brunnen am Jahnplatz")
    by_summary = factories.IdeaFactory(
        challenge=open_challenge, summary="Mehr BRUNNEN in der Altstadt, bitte."
    )
    by_description = factories.IdeaFactory(
        challenge=open_challenge, description="Ein Brunnen kühlt im Sommer."
    )
    factories.IdeaFactory(challenge=open_challenge, title="Radweg Sennestadt")
    factories.IdeaFactory(challenge=open_challenge, title="Trinkbrunnen am Kesselbrink")

    response = api.get(LIST, {"search": " brunnen ", "order": "new"})

    assert ids(response) == [by_description.pk, by_summary.pk, by_title.pk]


def test_organisation_filter_takes_the_slug_of_the_site_addresses(api, open_challenge):
    org = factories.OrganisationFactory(slug="radverein-bielefeld")
    wanted = factories.IdeaFactory(challenge=open_challenge, organisation=org)
    factories.IdeaFactory(challenge=open_challenge, organisation=factories.OrganisationFactory())

    by_slug = api.get(LIST, {"organisation": "radverein-bielefeld"})
    by_id = api.get(LIST, {"organisation": org.pk})

    assert ids(by_slug) == ids(by_id) == [wanted.pk]


def test_an_unknown_organisation_slug_matches_nothing(api, idea):
    assert ids(api.get(LIST, {"organisation": "nobody"})) == []


def test_idea_count_counts_what_the_list_shows(open_challenge):
    factories.IdeaFactory(challenge=open_challenge, title="Ein Brunnen am Jahnplatz")
    factories.IdeaFactory(challenge=None, title="Brunnen für das Fest")
    factories.IdeaFactory(challenge=open_challenge, title="Radweg Sennestadt")
    factories.IdeaFactory(
        challenge=None, title="Brunnen, zurückgezogen", withdrawn_at=timezone.now()
    )

    assert selectors.idea_count(search="brunnen") == 2
    assert selectors.idea_count(search="brunnen", challenge=open_challenge.pk) == 1


def test_idea_count_is_one_query(open_challenge, django_assert_num_queries):
    factories.IdeaFactory.create_batch(3, challenge=open_challenge)

    with django_assert_num_queries(1):
        assert selectors.idea_count(search="Idea") == 3


def test_the_schema_documents_order_and_its_other_spelling(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    params = {p["name"]: p for p in schema["paths"]["/api/ideas/"]["get"]["parameters"]}

    assert {"order", "ordering", "search", "organisation"} <= set(params)
    assert params["order"]["schema"]["enum"] == ["new", "top", "trending", "discussed", "relevance"]
