"""Anyone's public profile over the API: the person shape, bio and organisations, the public
comments beside it, never the email address, and 404 for nobody."""

import pytest
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from challenges.models import Challenge
from tests import factories

pytestmark = pytest.mark.django_db


def test_person_shows_public_profile_with_organisations_in_name_order(api, person):
    zoo = factories.OrganisationFactory(name="Zoo-Freunde")
    uni = factories.OrganisationFactory(name="Universität Bielefeld")
    factories.MembershipFactory(user=person, organisation=zoo)
    factories.MembershipFactory(user=person, organisation=uni, role="admin")
    factories.OrganisationFactory(name="Fremder Verein")

    response = api.get(f"/api/people/{person.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": person.pk,
        "display_name": "Aylin Demir",
        "sector": "research",
        "bio": "Ich forsche zu Lastenrädern.\n\nUnd fahre eins.",
        "organisations": [
            {"id": uni.pk, "name": "Universität Bielefeld"},
            {"id": zoo.pk, "name": "Zoo-Freunde"},
        ],
    }
    assert b"mailbox.test" not in response.content


def test_person_costs_two_queries_however_many_organisations(
    api, person, django_assert_num_queries
):
    for _ in range(5):
        factories.MembershipFactory(user=person)
    with django_assert_num_queries(2):  # the person, their organisations
        response = api.get(f"/api/people/{person.pk}/")
    assert len(response.json()["organisations"]) == 5


def test_missing_person_is_404_with_a_message(api, person):
    response = api.get(f"/api/people/{person.pk + 1000}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "This person does not exist."}


def test_missing_person_is_404_in_german(api, person):
    response = api.get(f"/api/people/{person.pk + 1000}/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.json() == {"detail": "Diese Person gibt es nicht."}


def test_person_is_read_only(user_api, person):
    response = user_api.patch(f"/api/people/{person.pk}/", {"bio": "gekapert"}, format="json")
    assert response.status_code == 405
    person.refresh_from_db()
    assert person.bio == "Ich forsche zu Lastenrädern.\n\nUnd fahre eins."


def test_person_comments_are_the_public_ones_newest_first(api, person, open_challenge):
    idea = factories.IdeaFactory(challenge=open_challenge)
    older = factories.CommentFactory(author=person, idea=idea, body="Erster")
    newer = factories.CommentFactory(author=person, idea=idea, body="Zweiter")
    factories.CommentFactory(author=person, idea=idea, deleted_at=timezone.now())
    withdrawn = factories.IdeaFactory(withdrawn_at=timezone.now())
    factories.CommentFactory(author=person, idea=withdrawn)
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT)
    factories.CommentFactory(author=person, idea=factories.IdeaFactory(challenge=draft))
    factories.CommentFactory(idea=idea)

    response = api.get(f"/api/people/{person.pk}/comments/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [c["id"] for c in body["results"]] == [newer.pk, older.pk]
    assert body["results"][1] == {
        "id": older.pk,
        "idea": idea.pk,
        "parent": None,
        "author": {"id": person.pk, "display_name": "Aylin Demir", "sector": "research"},
        "body": "Erster",
        "html": "<p>Erster</p>",
        "deleted": False,
        "hidden": None,
        "created_at": body["results"][1]["created_at"],
        "edited_at": None,
    }


def test_person_comments_query_count_does_not_grow(
    api, person, open_challenge, django_assert_num_queries
):
    idea = factories.IdeaFactory(challenge=open_challenge)
    factories.CommentFactory(author=person, idea=idea)
    with django_assert_num_queries(3):  # the person, the count, the page
        api.get(f"/api/people/{person.pk}/comments/")
    for _ in range(10):
        factories.CommentFactory(author=person, idea=factories.IdeaFactory())
    with django_assert_num_queries(3):
        response = api.get(f"/api/people/{person.pk}/comments/")
    assert response.json()["count"] == 11


def test_person_comments_of_nobody_is_404(api, person):
    response = api.get(f"/api/people/{person.pk + 1000}/comments/")
    assert response.status_code == 404
    assert response.json() == {"detail": "This person does not exist."}


def test_people_endpoints_are_in_the_schema_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    mine = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "Person" in message
    ]
    assert mine == []
    profile = schema["paths"]["/api/people/{id}/"]["get"]["responses"]["200"]
    assert profile["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PersonProfile"
    }
    assert set(schema["components"]["schemas"]["PersonProfile"]["properties"]) == {
        "id",
        "display_name",
        "sector",
        "bio",
        "organisations",
    }
    assert "/api/people/{id}/comments/" in schema["paths"]
