"""Challenges over the API: public reading, drafts for staff only, staff create and run them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Organisation, Topic
from challenges.models import Challenge
from realtime.models import Event
from tests import factories

from .conftest import token_client

pytestmark = pytest.mark.django_db

LIST = "/api/challenges/"


def detail(challenge) -> str:
    return f"/api/challenges/{challenge.pk}/"


def snapshot(challenge: Challenge) -> dict:
    challenge.refresh_from_db()
    return {
        "title": challenge.title,
        "summary": challenge.summary,
        "status": challenge.status,
        "opens_at": challenge.opens_at,
        "closes_at": challenge.closes_at,
        "voting_open": challenge.voting_open,
        "updated_at": challenge.updated_at,
        "topics": sorted(t.slug for t in challenge.topics.all()),
    }


def events() -> list[tuple[str, str]]:
    return list(Event.objects.order_by("id").values_list("stream", "type"))


def new_challenge(**overrides) -> dict:
    return {
        "title": "Mehr Grün am Jahnplatz",
        "summary": "Wie wird der Jahnplatz grüner und kühler?",
        "description": "Wir suchen **Ideen**.<script>alert(1)</script>",
        "topics": ["green-city"],
        **overrides,
    }


# --- Reading ---------------------------------------------------------------------------------


def test_list_shows_the_challenge_json(api, staff):
    dept = factories.OrganisationFactory(name="Umweltamt", kind=Organisation.Kind.CITY_DEPARTMENT)
    challenge = factories.ChallengeFactory(
        created_by=staff, organisation=dept, title="Mehr Grün am Jahnplatz"
    )
    challenge.topics.set([Topic.objects.get(slug="green-city")])

    response = api.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert set(item) == {
        "id",
        "title",
        "summary",
        "description",
        "description_html",
        "topics",
        "organisation",
        "opens_at",
        "closes_at",
        "status",
        "voting_open",
        "accepts_ideas",
        "idea_count",
        "created_at",
        "updated_at",
    }
    assert item["id"] == challenge.pk
    assert item["title"] == "Mehr Grün am Jahnplatz"
    assert item["description_html"] == "<p>We are looking for <strong>ideas</strong>.</p>"
    assert item["topics"] == [{"slug": "green-city", "name": "Green City"}]
    assert item["organisation"] == {"id": dept.pk, "name": "Umweltamt"}
    assert item["status"] == "open"
    assert item["accepts_ideas"] is True
    assert item["voting_open"] is True
    assert item["idea_count"] == 0


def test_list_shows_no_organisation_as_null(api, open_challenge):
    assert api.get(LIST).json()["results"][0]["organisation"] is None


def test_accepts_ideas_is_false_outside_the_window(api, staff):
    factories.ChallengeFactory(
        created_by=staff,
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=2),
    )

    assert api.get(LIST).json()["results"][0]["accepts_ideas"] is False


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_list_hides_drafts_from_everyone_but_staff(who, api, user_api, open_challenge):
    factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=open_challenge.created_by)
    client = api if who == "anonymous" else user_api

    response = client.get(LIST)

    assert [c["id"] for c in response.json()["results"]] == [open_challenge.pk]


def test_list_shows_drafts_to_staff(staff_api, open_challenge):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff_api.user)

    response = staff_api.get(LIST)

    assert [c["id"] for c in response.json()["results"]] == [draft.pk, open_challenge.pk]


def test_list_filters_by_status(api, staff):
    factories.ChallengeFactory(created_by=staff)
    closed = factories.ChallengeFactory(created_by=staff, status=Challenge.Status.CLOSED)

    response = api.get(LIST, {"status": "closed"})

    assert [c["id"] for c in response.json()["results"]] == [closed.pk]


def test_filtering_by_draft_status_shows_nothing_to_citizens(user_api, staff):
    factories.ChallengeFactory(created_by=staff, status=Challenge.Status.DRAFT)

    assert user_api.get(LIST, {"status": "draft"}).json()["count"] == 0


def test_list_filters_by_topic(api, staff):
    mobility = factories.ChallengeFactory(created_by=staff)
    mobility.topics.set(Topic.objects.filter(slug__in=["future-mobility", "smart-city"]))
    factories.ChallengeFactory(created_by=staff)

    response = api.get(LIST, {"topic": "future-mobility"})

    assert [c["id"] for c in response.json()["results"]] == [mobility.pk]


def test_list_searches_title_and_summary(api, staff):
    by_title = factories.ChallengeFactory(created_by=staff, title="Sennestadt mobil")
    by_summary = factories.ChallengeFactory(created_by=staff, summary="Busse nach Sennestadt")
    factories.ChallengeFactory(created_by=staff, title="Anderes")

    response = api.get(LIST, {"search": "sennestadt"})

    assert [c["id"] for c in response.json()["results"]] == [by_summary.pk, by_title.pk]


def test_list_refuses_an_unknown_status(api):
    response = api.get(LIST, {"status": "secret"})

    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def _challenges_with_topics(staff, n: int = 5) -> None:
    for i in range(n):
        challenge = factories.ChallengeFactory(
            created_by=staff, organisation=factories.OrganisationFactory()
        )
        challenge.topics.set(Topic.objects.all()[: i + 1])


@pytest.mark.parametrize("page_size", [1, 50])
def test_list_query_count_for_anonymous(page_size, staff, django_assert_num_queries):
    _challenges_with_topics(staff)

    with django_assert_num_queries(3):  # count, page with organisations, topics
        response = APIClient().get(LIST, {"page_size": page_size})

    assert len(response.json()["results"]) == min(page_size, 5)


@pytest.mark.parametrize("page_size", [1, 50])
def test_list_query_count_for_staff(page_size, staff, django_assert_num_queries):
    _challenges_with_topics(staff)
    client = token_client(staff)

    # token with person, city-staff check, count, page with organisations, topics
    with django_assert_num_queries(5):
        response = client.get(LIST, {"page_size": page_size})

    assert len(response.json()["results"]) == min(page_size, 5)


def test_detail_shows_a_public_challenge(api, open_challenge):
    response = api.get(detail(open_challenge))

    assert response.status_code == 200
    assert response.json()["id"] == open_challenge.pk


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_detail_of_a_draft_is_404_except_for_staff(who, api, user_api, staff):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff)
    client = api if who == "anonymous" else user_api

    assert client.get(detail(draft)).status_code == 404


def test_detail_of_a_draft_for_staff(staff_api):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff_api.user)

    assert staff_api.get(detail(draft)).json()["status"] == "draft"


def test_detail_query_count(api, open_challenge, django_assert_num_queries):
    with django_assert_num_queries(2):  # challenge with organisation, topics
        api.get(detail(open_challenge))


# --- Creating --------------------------------------------------------------------------------


def test_staff_create_a_draft_announced_only_on_its_own_stream(staff_api):
    response = staff_api.post(LIST, new_challenge(), format="json")

    assert response.status_code == 201
    challenge = Challenge.objects.get()
    body = response.json()
    assert body["id"] == challenge.pk
    assert body["status"] == "draft"
    assert body["topics"] == [{"slug": "green-city", "name": "Green City"}]
    # Raw HTML never survives: rendered without it, then sanitised.
    assert "<script>" not in body["description_html"]
    assert body["description_html"].startswith("<p>Wir suchen <strong>Ideen</strong>.")
    assert challenge.created_by == staff_api.user
    assert events() == [(f"challenge:{challenge.pk}", "challenge.created")]
    event = Event.objects.get()
    assert event.data["title"] == "Mehr Grün am Jahnplatz"
    assert event.data["topics"] == [{"slug": "green-city"}]


def test_staff_create_an_open_challenge_announced_on_the_feed(staff_api):
    dept = factories.OrganisationFactory(kind=Organisation.Kind.CITY_DEPARTMENT)
    opens = timezone.now() - timedelta(hours=1)
    closes = timezone.now() + timedelta(days=30)

    response = staff_api.post(
        LIST,
        new_challenge(
            status="open",
            organisation=dept.pk,
            opens_at=opens.isoformat(),
            closes_at=closes.isoformat(),
            voting_open=False,
        ),
        format="json",
    )

    assert response.status_code == 201
    challenge = Challenge.objects.get()
    assert (challenge.status, challenge.organisation, challenge.voting_open) == (
        "open",
        dept,
        False,
    )
    assert (challenge.opens_at, challenge.closes_at) == (opens, closes)
    assert response.json()["accepts_ideas"] is True
    assert events() == [
        (f"challenge:{challenge.pk}", "challenge.created"),
        ("feed", "challenge.created"),
    ]


def test_created_events_are_broadcast_after_commit(staff_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff_api.post(LIST, new_challenge(status="open"), format="json")

    assert len(callbacks) == 1


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_only_staff_create_challenges(who, api, user_api):
    client = api if who == "anonymous" else user_api

    response = client.post(LIST, new_challenge(), format="json")

    assert response.status_code == (401 if who == "anonymous" else 403)
    assert Challenge.objects.count() == 0
    assert Event.objects.count() == 0


def test_create_refuses_a_window_that_ends_before_it_starts(staff_api):
    now = timezone.now()

    response = staff_api.post(
        LIST,
        new_challenge(opens_at=now.isoformat(), closes_at=(now - timedelta(days=1)).isoformat()),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "closes_at": ["The end of the submission window must be after its start."]
    }
    assert Challenge.objects.count() == 0
    assert Event.objects.count() == 0


def test_create_refuses_to_start_in_a_later_phase(staff_api):
    response = staff_api.post(LIST, new_challenge(status="evaluation"), format="json")

    assert response.status_code == 400
    assert response.json() == {"status": ["A new challenge starts as a draft or open."]}
    assert Challenge.objects.count() == 0
    assert Event.objects.count() == 0


def test_create_refuses_missing_fields(staff_api):
    response = staff_api.post(LIST, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"title", "summary", "description"}
    assert Challenge.objects.count() == 0
    assert Event.objects.count() == 0


def test_create_refuses_unknown_topics_and_organisations(staff_api):
    response = staff_api.post(
        LIST, new_challenge(topics=["astrology"], organisation=999999), format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"topics", "organisation"}
    assert Challenge.objects.count() == 0


# --- Editing and phases ----------------------------------------------------------------------


def test_staff_edit_a_challenge(staff_api, open_challenge):
    response = staff_api.patch(
        detail(open_challenge),
        {"title": "  Mehr Grün am Kesselbrink ", "description": "*Schatten*", "topics": []},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Mehr Grün am Kesselbrink"
    assert body["description_html"] == "<p><em>Schatten</em></p>"
    assert body["topics"] == []
    assert events() == [
        (f"challenge:{open_challenge.pk}", "challenge.updated"),
        ("feed", "challenge.updated"),
    ]


def test_staff_move_a_challenge_to_evaluation(staff_api, open_challenge):
    response = staff_api.patch(detail(open_challenge), {"status": "evaluation"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "evaluation"
    assert response.json()["accepts_ideas"] is False
    assert snapshot(open_challenge)["status"] == "evaluation"
    assert Event.objects.filter(type="challenge.updated").count() == 2
    assert Event.objects.get(stream="feed").data["status"] == "evaluation"


def test_opening_a_draft_announces_it_as_created_on_the_feed(staff_api):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff_api.user)

    response = staff_api.patch(detail(draft), {"status": "open"}, format="json")

    assert response.status_code == 200
    assert events() == [
        (f"challenge:{draft.pk}", "challenge.created"),
        ("feed", "challenge.created"),
        (f"challenge:{draft.pk}", "challenge.status_changed"),  # what notifications read
    ]


def test_editing_a_draft_stays_off_the_feed(staff_api):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff_api.user)

    staff_api.patch(detail(draft), {"summary": "Neu"}, format="json")

    assert events() == [(f"challenge:{draft.pk}", "challenge.updated")]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("open", "draft"),
        ("open", "archived"),
        ("draft", "closed"),
        ("archived", "open"),
    ],
)
def test_invalid_transitions_are_409(start, target, staff_api):
    challenge = factories.ChallengeFactory(status=start, created_by=staff_api.user)
    before = snapshot(challenge)

    response = staff_api.patch(detail(challenge), {"status": target}, format="json")

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert snapshot(challenge) == before
    assert Event.objects.count() == 0


def test_a_refused_transition_changes_nothing_else_sent_with_it(staff_api, open_challenge):
    before = snapshot(open_challenge)

    response = staff_api.patch(
        detail(open_challenge), {"title": "Neu", "status": "draft"}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A challenge cannot move from “Open for ideas” to “Draft”."
    }
    assert snapshot(open_challenge) == before
    assert Event.objects.count() == 0


def test_unknown_status_is_400(staff_api, open_challenge):
    before = snapshot(open_challenge)

    response = staff_api.patch(detail(open_challenge), {"status": "secret"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert snapshot(open_challenge) == before
    assert Event.objects.count() == 0


def test_edit_refuses_a_window_that_ends_before_it_starts(staff_api, open_challenge):
    before = snapshot(open_challenge)

    response = staff_api.patch(
        detail(open_challenge),
        {"closes_at": (open_challenge.opens_at - timedelta(hours=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["closes_at"]
    assert snapshot(open_challenge) == before
    assert Event.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_only_staff_edit_challenges(who, api, user_api, open_challenge):
    client = api if who == "anonymous" else user_api
    before = snapshot(open_challenge)

    response = client.patch(detail(open_challenge), {"status": "closed"}, format="json")

    assert response.status_code == (401 if who == "anonymous" else 403)
    assert snapshot(open_challenge) == before
    assert Event.objects.count() == 0


def test_editing_a_draft_one_may_not_see_is_404(user_api, staff):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff)
    before = snapshot(draft)

    response = user_api.patch(detail(draft), {"status": "open"}, format="json")

    assert response.status_code == 404
    assert snapshot(draft) == before
    assert Event.objects.count() == 0


def test_put_is_not_allowed(staff_api, open_challenge):
    assert staff_api.put(detail(open_challenge), new_challenge(), format="json").status_code == 405


def test_search_finds_words_in_the_description_too(api, staff):
    wanted = factories.ChallengeFactory(
        created_by=staff, status="open", description="Mehr **Trinkbrunnen** in der Stadt."
    )
    factories.ChallengeFactory(created_by=staff, status="open", title="Radwege")

    response = api.get(LIST, {"search": "trinkbrunnen"})

    assert [c["id"] for c in response.json()["results"]] == [wanted.pk]
