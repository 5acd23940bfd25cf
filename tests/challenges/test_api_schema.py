"""The OpenAPI schema of the accounts and challenges API generates without warnings."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

MY_ROUTES = [path("api/", include("accounts.urls")), path("api/", include("challenges.urls"))]


def test_schema_of_accounts_and_challenges_has_no_warnings_and_validates():
    GENERATOR_STATS.reset()

    schema = SchemaGenerator(patterns=MY_ROUTES).get_schema(request=None, public=True)

    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert dict(GENERATOR_STATS._error_cache) == {}
    validate_schema(schema)
    assert set(schema["paths"]) == {
        "/api/auth/register/",
        "/api/directory/",
        "/api/auth/token/",
        "/api/auth/confirm/",
        "/api/auth/confirm/resend/",
        "/api/auth/password/forgot/",
        "/api/auth/password/reset/",
        "/api/me/",
        "/api/people/{id}/",
        "/api/me/password/",
        "/api/me/email/",
        "/api/topics/",
        "/api/organisations/",
        "/api/organisations/{id}/",
        "/api/organisations/{id}/members/",
        "/api/organisations/{id}/members/{user_id}/",
        "/api/organisations/{id}/join/",
        "/api/organisations/{id}/leave/",
        "/api/organisations/{id}/requests/",
        "/api/organisations/{id}/requests/{rid}/accept/",
        "/api/organisations/{id}/requests/{rid}/decline/",
        "/api/organisations/{id}/requests/{rid}/withdraw/",
        "/api/challenges/",
        "/api/challenges/{id}/",
    }
    challenge_list = schema["paths"]["/api/challenges/"]["get"]
    assert {p["name"] for p in challenge_list["parameters"]} == {
        "page",
        "page_size",
        "status",
        "topic",
        "search",
    }


def test_the_full_schema_endpoint_answers(api, db):
    response = api.get("/api/schema/")

    assert response.status_code == 200
