"""Every moderation action × {anonymous, citizen, author, reporter, moderator of another
challenge, moderator, staff}: nobody the table refuses gets a 2xx, and a refusal writes
nothing (no row of moderation, ideas, mail or the event log)."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from ideas import services as idea_services
from moderation import services
from tests import factories

ANON, CITIZEN, AUTHOR, REPORTER, ELSEWHERE, MODERATOR, STAFF = (
    "anonymous",
    "citizen",
    "author",
    "reporter",
    "moderator of another challenge",
    "moderator",
    "staff",
)
ROLES = (ANON, CITIZEN, AUTHOR, REPORTER, ELSEWHERE, MODERATOR, STAFF)
EVERYONE = frozenset(ROLES)
DECIDERS = frozenset({MODERATOR, STAFF})

# action -> (method, url of the world, body of the world, the roles that may)
ACTIONS = {
    "report (API)": (
        "post",
        lambda w: "/api/reports/",
        lambda w: {"kind": "idea", "object_id": w.idea.pk, "reason": "spam", "text": "Werbung"},
        EVERYONE - {ANON, AUTHOR},
    ),
    "report (site)": (
        "post",
        lambda w: f"/report/idea/{w.idea.pk}/",
        lambda w: {"reason": "spam", "text": "Werbung"},
        EVERYONE - {ANON, AUTHOR},
    ),
    "queue (API)": ("get", lambda w: "/api/moderation/queue/", None, DECIDERS | {ELSEWHERE}),
    "queue (site)": ("get", lambda w: "/moderation/", None, DECIDERS | {ELSEWHERE}),
    "reported item (site)": ("get", lambda w: f"/moderation/items/{w.item.pk}/", None, DECIDERS),
    "decide (API)": (
        "post",
        lambda w: f"/api/moderation/items/{w.item.pk}/decisions/",
        lambda w: {"kind": "hide", "reason": "Beleidigung"},
        DECIDERS,
    ),
    "decide (site)": (
        "post",
        lambda w: f"/moderation/items/{w.item.pk}/",
        lambda w: {"kind": "hide", "reason": "Beleidigung", "ground": "house_rules"},
        DECIDERS,
    ),
    "read a decision (site)": (
        "get",
        lambda w: f"/moderation/decisions/{w.decision.pk}/appeal/",
        None,
        frozenset({AUTHOR}),
    ),
    "appeal (API)": (
        "post",
        lambda w: f"/api/moderation/decisions/{w.decision.pk}/appeal/",
        lambda w: {"text": "Zu Unrecht."},
        frozenset({AUTHOR}),
    ),
    "appeal (site)": (
        "post",
        lambda w: f"/moderation/decisions/{w.decision.pk}/appeal/",
        lambda w: {"text": "Zu Unrecht."},
        frozenset({AUTHOR}),
    ),
    "decide an appeal (API)": (
        "post",
        lambda w: f"/api/moderation/appeals/{w.appeal.pk}/decision/",
        lambda w: {"outcome": "reversed", "reason": "Zulässig."},
        DECIDERS,
    ),
    "decide an appeal (site)": (
        "post",
        lambda w: f"/moderation/appeals/{w.appeal.pk}/",
        lambda w: {"outcome": "reversed", "reason": "Zulässig."},
        DECIDERS,
    ),
    "appoint a moderator (API)": (
        "post",
        lambda w: "/api/moderation/moderators/",
        lambda w: {"user": w.people[CITIZEN].pk, "challenge": w.challenge.pk},
        frozenset({STAFF}),
    ),
    "read the audit log (API)": ("get", lambda w: "/api/moderation/audit/", None, {STAFF}),
    "transparency (API)": ("get", lambda w: "/api/moderation/transparency/", None, EVERYONE),
    "transparency (site)": ("get", lambda w: "/transparency/", None, EVERYONE),
}
WATCHED = ("moderation", "ideas", "mail", "realtime", "accounts")


def build_world() -> SimpleNamespace:
    staff = factories.StaffFactory()
    challenge = factories.ChallengeFactory(created_by=staff)
    other_challenge = factories.ChallengeFactory(created_by=staff)
    author, citizen, reporter = (factories.UserFactory() for _ in range(3))
    moderator, elsewhere, referee = (factories.UserFactory() for _ in range(3))
    services.moderator_appoint(actor=staff, user=moderator, challenge_id=challenge.pk)
    services.moderator_appoint(actor=staff, user=elsewhere, challenge_id=other_challenge.pk)
    services.moderator_appoint(actor=staff, user=referee)
    idea = idea_services.idea_submit(
        author=author, challenge=challenge, title="Ein Titel", summary="Eine Zusammenfassung."
    )
    comment = idea_services.comment_post(author=author, idea=idea, body="Streitbar")
    services.report_submit(
        reporter=reporter, kind="comment", object_id=comment.pk, reason="insult", text="Gemein"
    )
    item = services.item_state_get_or_create(kind="comment", object_id=comment.pk)
    appealed = services.decision_make(moderator=referee, item=item, kind="warn", reason="Ton")
    appeal = services.appeal_submit(user=author, decision=appealed, text="Zu streng.")
    services.report_submit(
        reporter=reporter, kind="comment", object_id=comment.pk, reason="insult", text="Erneut"
    )
    idea_item = services.item_state_get_or_create(kind="idea", object_id=idea.pk)
    decision = services.decision_make(moderator=referee, item=idea_item, kind="warn", reason="Ton")
    people = {
        CITIZEN: citizen,
        AUTHOR: author,
        REPORTER: reporter,
        ELSEWHERE: elsewhere,
        MODERATOR: moderator,
        STAFF: staff,
    }
    return SimpleNamespace(
        people=people,
        challenge=challenge,
        idea=idea,
        item=item,
        decision=decision,
        appeal=appeal,
    )


def rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        # Unmanaged models are database-specific views of managed rows (the SQLite
        # search table, for one): counting them elsewhere is an error, not a figure.
        if model._meta.app_label in WATCHED and model._meta.managed
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_role_may_do_what_the_table_allows_and_a_refusal_changes_nothing(action, role):
    w = build_world()
    method, url, body, allowed = ACTIONS[action]
    client = APIClient()
    if role != ANON:
        client.force_login(w.people[role])
    before = rows()

    if "(site)" in action and method == "post":
        response = client.post(url(w), body(w), format="multipart")
    elif method == "post":
        response = client.post(url(w), body(w), format="json")
    else:
        response = client.get(url(w))

    if role in allowed:
        assert response.status_code < 400, response.content[:300]
        assert not response.get("Location", "").startswith("/login/")
    else:
        assert not 200 <= response.status_code < 300, response.content[:300]
        assert rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ELSEWHERE, MODERATOR, STAFF])
def test_the_queue_shows_an_item_only_to_its_moderators(role):
    w = build_world()
    client = APIClient()
    client.force_login(w.people[role])

    listed = [entry["id"] for entry in client.get("/api/moderation/queue/").json()["results"]]

    assert (w.item.pk in listed) == (role in DECIDERS)


@pytest.mark.django_db
def test_reporters_stay_anonymous_to_everyone_but_the_log(django_assert_num_queries):
    w = build_world()
    client = APIClient()
    client.force_login(w.people[MODERATOR])

    # The session, the user, city staff?, the appointments, the count, the page, its reports.
    with django_assert_num_queries(7):
        entries = client.get("/api/moderation/queue/").json()["results"]

    reporter = w.people[REPORTER]
    reports = [report for entry in entries for report in entry["reports"]]
    assert len(reports) == 1
    assert set(reports[0]) == {"id", "reason", "text", "law", "created_at"}
    assert reporter.display_name not in str(entries)
    assert reporter.email not in str(entries)
