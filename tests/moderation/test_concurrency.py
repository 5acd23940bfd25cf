"""Many people report one comment at the same moment, over real HTTP, each with their own
connection: the item state row lock (and on SQLite the IMMEDIATE transactions) queue them, so
every report counts once, one open report per person, and the comment is hidden exactly once."""

import threading

import pytest
from rest_framework.authtoken.models import Token

from ideas import services as idea_services
from ideas.models import Comment, Idea
from moderation.models import AuditEntry, Decision, ItemState, Report
from realtime.models import Event
from tests import factories
from tests.votes.test_concurrency import _request

REPORTERS = 8


def _race(base: str, tokens: list[str], body: dict) -> list[int]:
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(len(tokens))

    def reporter(token: str) -> None:
        start.wait()
        try:
            status = _request(base, token, "POST", "/api/reports/", body)
        except BaseException as exc:
            with lock:
                errors.append(exc)
            return
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=reporter, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return statuses


@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_count_once_each_and_hide_exactly_once(live_server):
    challenge = factories.ChallengeFactory(created_by=factories.UserFactory())
    author = factories.UserFactory()
    idea = idea_services.idea_submit(
        author=author, challenge=challenge, title="Ein Titel", summary="Eine Zusammenfassung."
    )
    comment = idea_services.comment_post(author=author, idea=idea, body="Streitbar")
    tokens = [Token.objects.create(user=factories.UserFactory()).key for _ in range(REPORTERS)]
    body = {"kind": "comment", "object_id": comment.pk, "reason": "insult", "text": "Gemein."}

    statuses = _race(live_server.url, tokens, body)

    assert statuses == [201] * REPORTERS
    item = ItemState.objects.get(kind="comment", object_id=comment.pk)
    assert item.open_reports == REPORTERS == Report.objects.filter(item=item).count()
    assert item.hidden is True
    assert Decision.objects.filter(item=item, automated=True).count() == 1
    assert AuditEntry.objects.filter(action="auto_hide").count() == 1
    assert Comment.objects.get(pk=comment.pk).hidden_at is not None
    assert Idea.objects.get(pk=idea.pk).comment_count == 0
    assert Event.objects.filter(type="comment.hidden").count() == 3  # idea, challenge, feed


@pytest.mark.django_db(transaction=True)
def test_one_person_reporting_twice_at_once_makes_one_report(live_server):
    author = factories.UserFactory()
    idea = idea_services.idea_submit(
        author=author, title="Ein Titel", summary="Eine Zusammenfassung."
    )
    token = Token.objects.create(user=factories.UserFactory()).key
    body = {"kind": "idea", "object_id": idea.pk, "reason": "spam", "text": "Werbung."}

    statuses = _race(live_server.url, [token] * 4, body)

    assert sorted(statuses) == [201, 409, 409, 409]
    assert Report.objects.count() == 1
    assert ItemState.objects.get().open_reports == 1
