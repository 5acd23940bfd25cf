"""One's own profile, and the topic vocabulary in the reader's language."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Topic, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_me_shows_profile_with_organisations_and_roles(user_api, organisation):
    user = user_api.user
    other = factories.OrganisationFactory(name="Grünes Band Bielefeld e. V.")
    factories.MembershipFactory(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    factories.MembershipFactory(organisation=other, user=user)

    response = user_api.get("/api/me/")

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "email_confirmed": True,
        "display_name": user.display_name,
        "sector": "citizen",
        "bio": "",
        "language": "de",
        "is_city_staff": False,
        "organisations": [
            {"id": other.pk, "name": "Grünes Band Bielefeld e. V.", "role": "member"},
            {"id": organisation.pk, "name": "Sparrenburg Software GmbH", "role": "admin"},
        ],
        "listed_in_directory": False,  # the directory of actors is opt-in (issue 17)
        "offers": [],
    }


def test_opting_in_to_the_directory_with_what_one_offers(user_api):
    response = user_api.patch(
        "/api/me/", {"listed_in_directory": True, "offers": ["rooms", "data"]}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["listed_in_directory"], response.json()["offers"]) == (
        True,
        ["rooms", "data"],
    )


def test_an_unknown_offer_is_a_400_and_changes_nothing(user_api):
    response = user_api.patch(
        "/api/me/", {"listed_in_directory": True, "offers": ["castles"]}, format="json"
    )

    assert response.status_code == 400
    assert "offers" in response.json()
    user_api.user.refresh_from_db()
    assert user_api.user.listed_in_directory is False


def test_me_says_city_staff(staff_api):
    assert staff_api.get("/api/me/").json()["is_city_staff"] is True


def test_me_costs_two_queries(user_api, django_assert_num_queries):
    with django_assert_num_queries(2):  # memberships, city-staff permission
        user_api.get("/api/me/")


def test_me_needs_a_signed_in_person(api):
    response = api.get("/api/me/")

    assert response.status_code == 401


def test_me_patch_changes_name_sector_and_bio(user_api):
    response = user_api.patch(
        "/api/me/",
        {"display_name": " Aylin D. ", "sector": "business", "bio": "Lastenrad-Fan"},
        format="json",
    )

    assert response.status_code == 200
    user = User.objects.get(pk=user_api.user.pk)
    assert (user.display_name, user.sector, user.bio) == ("Aylin D.", "business", "Lastenrad-Fan")
    assert response.json()["display_name"] == "Aylin D."


def test_me_patch_refuses_a_bad_sector(user_api):
    response = user_api.patch("/api/me/", {"sector": "aristocracy"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["sector"]
    assert User.objects.get(pk=user_api.user.pk).sector == "citizen"


def test_me_patch_refuses_an_empty_name(user_api):
    before = user_api.user.display_name

    response = user_api.patch("/api/me/", {"display_name": "   "}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["display_name"]
    assert User.objects.get(pk=user_api.user.pk).display_name == before


def test_me_patch_cannot_change_email_or_staff_flags(user_api):
    email = user_api.user.email

    response = user_api.patch(
        "/api/me/", {"email": "new@example.org", "is_city_staff": True}, format="json"
    )

    assert response.status_code == 200
    user = User.objects.get(pk=user_api.user.pk)
    assert user.email == email
    assert user.is_city_staff is False


def test_me_put_is_not_allowed(user_api):
    assert user_api.put("/api/me/", {}, format="json").status_code == 405


def test_topics_list_in_german_by_default(api, settings):
    settings.LANGUAGE_CODE = "de"

    response = api.get("/api/topics/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Topic.objects.count() == 8
    assert body["results"][0] == {
        "slug": "green-city",
        "name": "Grüne Stadt",
        "name_de": "Grüne Stadt",
        "name_en": "Green City",
    }


def test_topics_list_follows_accept_language(api):
    response = api.get("/api/topics/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["results"][0]["name"] == "Green City"


@pytest.mark.parametrize("page_size", [1, 100])
def test_topics_list_query_count_does_not_grow_with_page_size(page_size, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page
        response = APIClient().get(f"/api/topics/?page_size={page_size}")
    assert len(response.json()["results"]) == min(page_size, 8)
