"""Hidden content is absent from every public output (lists, counts, activity, profiles, the
API, the event log and its replay); the transparency figures; the statement of reasons as it
arrives over SMTP, in the recipient's language."""

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ideas import selectors as idea_selectors
from mail.models import Mail
from moderation import services
from tests.live.conftest import city_staff_group, connect, in_memory_layer, subscribe  # noqa: F401
from tests.mailbox import Mailbox, free_port, run_worker, text_of
from tests.moderation.conftest import report

SECRET = "Unerhörter Kommentar"


def _hide_comment(world):
    for person in world.reporters:
        report(person, "comment", world.comment.pk)


@pytest.mark.django_db
def test_a_hidden_comment_is_a_placeholder_in_its_thread_and_absent_elsewhere(world):
    _hide_comment(world)
    api = APIClient()

    thread = api.get(f"/api/ideas/{world.idea.pk}/comments/").json()["results"]
    detail = api.get(f"/api/comments/{world.comment.pk}/").json()

    expected = "von 3 Personen gemeldet, Prüfung ausstehend"
    assert [(c["hidden"], c["body"], c["author"]) for c in thread] == [(expected, "", None)]
    assert (detail["hidden"], detail["html"]) == (expected, "")
    assert api.get(f"/api/people/{world.author.pk}/comments/").json()["count"] == 0
    assert api.get(f"/api/ideas/{world.idea.pk}/").json()["comment_count"] == 0
    assert [a.kind for a in idea_selectors.activity_recent()] == ["idea", "challenge", "challenge"]
    page = Client().get(f"/ideas/{world.idea.pk}/").content.decode()
    assert SECRET not in page
    assert f"Von der Moderation ausgeblendet: {expected}" in page
    for path in ("/", f"/people/{world.author.pk}/"):
        assert SECRET not in Client().get(path).content.decode(), path


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("in_memory_layer", "city_staff_group")
async def test_a_replay_shows_the_placeholder_and_after_restoring_the_text_again(world):
    await sync_to_async(_hide_comment)(world)
    ws = await connect()
    hidden_replay = await subscribe(ws, "feed", since=0)
    await ws.disconnect()

    @sync_to_async
    def restore():
        item = services.item_state_get_or_create(kind="comment", object_id=world.comment.pk)
        services.decision_make(
            moderator=world.second, item=item, kind="restore", reason="Kein Verstoß."
        )

    await restore()
    ws = await connect()
    restored_replay = await subscribe(ws, f"idea:{world.idea.pk}", since=0)
    await ws.disconnect()

    comment_frames = [f for f in hidden_replay if f.get("type", "").startswith("comment.")]
    assert [f["type"] for f in comment_frames] == ["comment.created", "comment.hidden"]
    assert SECRET not in str(hidden_replay)
    types = [f["type"] for f in restored_replay if f.get("type", "").startswith("comment.")]
    assert types == ["comment.created", "comment.hidden", "comment.restored"]
    assert restored_replay[-2]["data"]["body"] == SECRET
    assert restored_replay[-2]["data"]["hidden"] is None


@pytest.mark.django_db
def test_the_transparency_page_counts_by_month_without_naming_anyone(world):
    _hide_comment(world)
    item = services.item_state_get_or_create(kind="comment", object_id=world.comment.pk)
    decision = services.decision_make(
        moderator=world.moderator, item=item, kind="hide", reason="Beleidigung"
    )
    appeal = services.appeal_submit(user=world.author, decision=decision, text="Nein.")
    services.appeal_decide(moderator=world.second, appeal=appeal, outcome="upheld", reason="Ja.")

    data = APIClient().get("/api/moderation/transparency/").json()
    page = Client().get("/transparency/").content.decode()

    month = timezone.localdate().strftime("%Y-%m")
    assert data["months"] == [
        {
            "month": month,
            "reports": {"insult": 3},
            "decisions": {"hide": 2},
            "automated": 1,
            "median_hours_to_decision": 0.0,
            "appeals": 1,
            "appeal_outcomes": {"upheld": 1, "reversed": 0},
        }
    ]
    assert "Beleidigung oder Belästigung" in page
    assert world.author.display_name not in page
    assert SECRET not in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", ["Was entschieden wurde:", "Automatisch entschieden: nein", "Einspruch"]),
        ("en", ["What was decided:", "Decided automatically: no", "appeal this decision"]),
    ],
)
def test_the_statement_of_reasons_arrives_by_mail_in_the_authors_language(
    world, settings, language, words
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    world.author.language = language
    world.author.save(update_fields=["language"])
    item = services.item_state_get_or_create(kind="comment", object_id=world.comment.pk)
    decision = services.decision_make(
        moderator=world.moderator,
        item=item,
        kind="hide",
        reason="Beleidigung",
        ground="law",
        law="§ 185 StGB",
    )
    box = Mailbox(settings.EMAIL_PORT)
    box.start()
    try:
        run_worker()
    finally:
        box.stop()

    (mail,) = box.to(world.author.email)
    text = text_of(mail)
    for word in words:
        assert word in text
    assert "Beleidigung" in text
    assert "§ 185 StGB" in text
    assert f"/moderation/decisions/{decision.pk}/appeal/" in text
    assert Mail.objects.get(to=world.author.email).language == language


@pytest.mark.django_db
def test_the_figures_and_the_audit_log_cost_a_fixed_number_of_queries(
    world, django_assert_num_queries
):
    _hide_comment(world)
    from django.contrib.auth import get_user_model

    def staff():
        client = APIClient()
        client.force_authenticate(get_user_model().objects.get(pk=world.staff.pk))
        return client

    with django_assert_num_queries(3):  # reports, decisions, appeals by month
        APIClient().get("/api/moderation/transparency/")
    audit, moderators = staff(), staff()
    with django_assert_num_queries(3):  # city staff?, the count, the page
        assert audit.get("/api/moderation/audit/").json()["count"] == 7
    with django_assert_num_queries(3):  # city staff?, the count, the page
        assert moderators.get("/api/moderation/moderators/").json()["count"] == 3
