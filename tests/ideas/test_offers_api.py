"""Offers of help on ideas that look for co-creators."""

import pytest

from ideas.models import CocreatorOffer
from realtime.models import Event
from tests import factories


def offers_url(idea):
    return f"/api/ideas/{idea.pk}/offers/"


@pytest.fixture
def seeking(idea):
    idea.seeking_cocreators = True
    idea.save()
    return idea


def test_offer_help_and_it_is_listed_publicly(user_api, api, seeking, event_count):
    before = event_count()

    response = user_api.post(offers_url(seeking), {"message": "I can build benches."})

    assert response.status_code == 201
    assert event_count() == before + 1
    event = Event.objects.latest("id")
    assert (event.stream, event.type) == (f"idea:{seeking.pk}", "idea.offer_created")
    listed = api.get(offers_url(seeking)).json()["results"]
    assert listed == [
        {
            "id": response.json()["id"],
            "idea": seeking.pk,
            "user": {
                "id": user_api.user.pk,
                "display_name": user_api.user.display_name,
                "sector": "citizen",
            },
            "message": "I can build benches.",
            "created_at": listed[0]["created_at"],
        }
    ]


def test_no_offer_on_ones_own_idea(seeking, event_count):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(seeking.author)
    before = event_count()

    assert client.post(offers_url(seeking), {"message": "me"}).status_code == 403
    assert CocreatorOffer.objects.count() == 0
    assert event_count() == before


def test_no_offer_when_the_idea_is_not_looking(user_api, idea, event_count):
    before = event_count()

    assert user_api.post(offers_url(idea), {"message": "help"}).status_code == 409
    assert CocreatorOffer.objects.count() == 0
    assert event_count() == before


def test_a_second_offer_by_the_same_person_is_refused(user_api, seeking, event_count):
    user_api.post(offers_url(seeking), {"message": "first"})
    before = event_count()

    response = user_api.post(offers_url(seeking), {"message": "second"})

    assert response.status_code == 409
    assert list(CocreatorOffer.objects.values_list("message", flat=True)) == ["first"]
    assert event_count() == before


def test_an_empty_offer_is_refused(user_api, seeking, event_count):
    before = event_count()

    assert user_api.post(offers_url(seeking), {"message": " "}).status_code == 400
    assert CocreatorOffer.objects.count() == 0
    assert event_count() == before


def test_signed_out_cannot_offer(api, seeking, event_count):
    before = event_count()

    assert api.post(offers_url(seeking), {"message": "hi"}).status_code == 401
    assert CocreatorOffer.objects.count() == 0
    assert event_count() == before


@pytest.mark.parametrize("page_size", [1, 50])
def test_offer_list_queries(api, seeking, django_assert_num_queries, page_size):
    for _ in range(3):
        CocreatorOffer.objects.create(idea=seeking, user=factories.UserFactory(), message="m")

    # idea, count, offers with their people
    with django_assert_num_queries(3):
        api.get(offers_url(seeking), {"page_size": page_size})
