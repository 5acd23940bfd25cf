"""Cheap hostile requests get a 4xx with a message, never a 500 (issue 10, item 2, 5, 8)."""

import base64
import json

import pytest
from django.test import Client

from accounts.models import Organisation, Topic
from challenges.models import Challenge
from ideas.models import Idea
from tests import factories

NESTED = "[" * 1_000 + "]" * 1_000


def _cursor(value, pk=1) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, pk]).encode()).decode().rstrip("=")


# Each one is a cursor the site never makes: a value of the wrong type for the ordering, a
# date that does not parse or has no UTC moment, an id out of range, not JSON at all.
BAD_CURSORS = [
    _cursor("abc"),
    _cursor(None),
    _cursor(True),
    _cursor("2026-13-45T00:00:00+00:00"),
    _cursor("0001-01-01T00:00:00+01:00"),
    _cursor("9999-12-31T23:59:59-01:00"),
    _cursor("2026-01-01T00:00:00"),
    _cursor(10**400),
    _cursor(1, pk=2**63),
    _cursor(1, pk=0),
    _cursor(1, pk="1"),
    _cursor([1]),
    base64.urlsafe_b64encode(b"[1,2,3]").decode(),
    base64.urlsafe_b64encode(b"[" * 5_000).decode(),
    "%%%",
    "WyJhYmMiLCAxXQ",
]


@pytest.mark.parametrize("order", ["new", "top", "trending", "discussed"])
@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_site_lists_show_the_first_page_for_a_cursor_they_did_not_make(
    db, open_challenge, order, cursor
):
    factories.IdeaFactory(challenge=open_challenge, title="Die einzige Idee")
    client = Client()

    for url in ("/ideas/", f"/challenges/{open_challenge.pk}/"):
        response = client.get(url, {"order": order, "cursor": cursor})

        assert response.status_code == 200
        assert response.context["is_first_page"] is True
        assert [idea.title for idea in response.context["ideas"]] == ["Die einzige Idee"]


@pytest.mark.parametrize("order", ["new", "top", "trending", "discussed"])
@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_api_refuses_a_cursor_it_did_not_make_with_400(api, db, order, cursor):
    response = api.get("/api/ideas/", {"order": order, "cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


@pytest.mark.parametrize("param", ["challenge", "organisation", "author"])
@pytest.mark.parametrize("value", ["9223372036854775808", "99999999999999999999999", "0"])
def test_api_refuses_an_id_out_of_the_database_range(api, db, param, value):
    response = api.get("/api/ideas/", {param: value})

    assert response.status_code == 400
    assert list(response.json()) == [param]


def test_api_accepts_the_largest_id(api, db):
    response = api.get("/api/ideas/", {"challenge": str(2**63 - 1)})

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("url", ["/api/ideas/", "/api/comments/1/", "/api/organisations/"])
@pytest.mark.parametrize("value", ["null", "abc", "0", "-1", "1.5", "٣"])
def test_page_size_that_is_not_a_positive_integer_is_a_400(api, db, url, value):
    if url == "/api/comments/1/":
        url = f"/api/ideas/{factories.IdeaFactory().pk}/comments/"

    response = api.get(url, {"page_size": value})

    assert response.status_code == 400
    if url == "/api/ideas/":  # its query serializer words it as for any integer parameter
        assert list(response.json()) == ["page_size"]
    else:
        assert response.json() == {"page_size": ["Gib eine Seitengröße von 1 bis 100 an."]}


@pytest.mark.parametrize(
    "url", ["/api/auth/token/", "/api/auth/register/", "/api/ideas/", "/api/me/"]
)
def test_deeply_nested_json_is_a_400_for_anyone(api, user_api, db, url):
    for client in (api, user_api):
        method = client.patch if url == "/api/me/" else client.post
        response = method(url, NESTED, content_type="application/json")

        assert response.status_code in (400, 401)
        if response.status_code == 400:
            assert response.json() == {"detail": "Fehler im JSON - nested too deeply"}
    assert (
        user_api.post(
            url if url != "/api/me/" else "/api/ideas/", NESTED, content_type="application/json"
        ).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"title": 1e400}', "Out of range float value"),
        (b'{"title": NaN}', "NaN is not JSON"),
        (b'{"title": "\\ud800"}', "a string holds a lone surrogate"),
        (b'{"title": "\xff\xfe"}', "'utf-8' codec can't decode"),
        (b'{"title": ' + b"9" * 5_000 + b"}", "Exceeds the limit"),
    ],
)
def test_json_the_api_never_takes_is_a_400(user_api, body, message):
    response = user_api.post(
        "/api/ideas/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"JSON parse error - {message}")
    assert Idea.objects.count() == 0


def test_a_body_over_the_limit_is_a_413_with_a_message(user_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"title": "x" * 2_000, "summary": "y"})

    response = user_api.post("/api/ideas/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": "Der Inhalt der Anfrage ist zu groß."}
    assert Idea.objects.count() == 0


def test_the_default_limit_takes_the_largest_idea_and_refuses_a_megabyte(user_api):
    largest = {"title": "T" * 140, "summary": "S" * 280, "description": "€" * 20_000}
    huge = {"title": "T", "summary": "S", "description": "x" * 1_000_000}

    assert user_api.post("/api/ideas/", largest, format="json").status_code != 413
    response = user_api.post("/api/ideas/", huge, format="json")
    assert response.status_code == 413


def test_a_site_form_over_the_limit_is_a_400(db, user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client = Client()
    client.force_login(user)

    response = client.post("/ideas/new/", {"title": "x" * 2_000, "summary": "y"})

    assert response.status_code == 400
    assert Idea.objects.count() == 0


def test_a_draft_challenge_answers_like_an_unknown_one_to_a_citizen(user_api, staff):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff)
    unknown = draft.pk + 1_000
    idea = {"title": "Mehr Bänke am Fluss", "summary": "Zum Ausruhen am Wasser."}

    to_draft = user_api.post("/api/ideas/", {**idea, "challenge": draft.pk}, format="json")
    to_unknown = user_api.post("/api/ideas/", {**idea, "challenge": unknown}, format="json")

    assert to_draft.status_code == to_unknown.status_code == 400
    assert to_draft.json() == {
        "challenge": [f'Ungültiger pk "{draft.pk}" - Object existiert nicht.']
    }
    assert to_unknown.json() == {
        "challenge": [f'Ungültiger pk "{unknown}" - Object existiert nicht.']
    }
    assert Idea.objects.count() == 0


def test_staff_still_learn_that_a_draft_takes_no_ideas(staff_api):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT)
    idea = {
        "title": "Mehr Bänke am Fluss",
        "summary": "Zum Ausruhen am Wasser.",
        "challenge": draft.pk,
    }

    response = staff_api.post("/api/ideas/", idea, format="json")

    assert response.status_code == 409


@pytest.mark.parametrize(
    "website",
    [
        'https://e.example/"><script>alert(1)</script>',
        "https://e.example/a b",
        "https://e.example/%zz",
        "javascript:alert(1)",
        "ftp://e.example/",
    ],
)
def test_an_organisation_website_that_is_not_a_web_uri_is_refused(user_api, website):
    organisation = {"name": "Grünes Band", "kind": "association", "website": website}

    response = user_api.post("/api/organisations/", organisation, format="json")

    assert response.status_code == 400
    assert response.json() == {"website": ["Gib eine gültige Webadresse an (http oder https)."]}
    assert Organisation.objects.count() == 0


def test_an_organisation_website_with_escapes_and_a_query_is_taken(user_api):
    website = "https://e.example/gr%C3%BCn?seite=1&sprache=de#kontakt"
    organisation = {"name": "Grünes Band", "kind": "association", "website": website}

    response = user_api.post("/api/organisations/", organisation, format="json")

    assert response.status_code == 201
    assert Organisation.objects.get().website == website


@pytest.mark.parametrize(
    "moment",
    ["1800-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "9999-12-31T23:59Z"],
)
def test_a_challenge_date_outside_2000_to_2099_is_refused(staff_api, moment):
    challenge = {"title": "Grüner", "summary": "Wie?", "description": "Ideen.", "opens_at": moment}

    response = staff_api.post("/api/challenges/", challenge, format="json")

    assert response.status_code == 400
    assert response.json() == {"opens_at": ["Gib ein Datum von 2000 bis 2099 an."]}
    assert Challenge.objects.count() == 0


def test_a_challenge_date_comes_back_in_rfc_3339(staff_api):
    challenge = {
        "title": "Grüner",
        "summary": "Wie?",
        "description": "Ideen.",
        "opens_at": "2000-01-01T00:00:00Z",
    }

    response = staff_api.post("/api/challenges/", challenge, format="json")

    assert response.status_code == 201
    assert response.json()["opens_at"] == "2000-01-01T01:00:00+01:00"


@pytest.mark.parametrize("slug", ["a\x00b", "\x00", "x" * 5_000, 7, None, ["gruen"], "grün"])
def test_a_topic_that_is_not_a_slug_is_an_unknown_topic(user_api, slug):
    # PostgreSQL refuses a NUL byte in text with an error, which was a 500 here (the
    # directory's topic filter, found by the fuzzer on PostgreSQL).
    Topic.objects.get_or_create(slug="gruen", defaults={"name_de": "Grün", "name_en": "Green"})
    idea = {"title": "Bäume am Ring", "summary": "Mehr Schatten.", "topics": [slug]}

    created = user_api.post("/api/ideas/", idea, format="json")

    assert created.status_code == 400
    assert "topics" in created.json()
    assert Idea.objects.count() == 0
    if isinstance(slug, str):
        listed = user_api.get("/api/directory/", {"topic": slug})
        assert listed.status_code == 400
        assert "topic" in listed.json()
