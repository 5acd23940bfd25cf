"""`activity_recent`: the home page's public happenings, read from the domain tables."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from challenges.models import Challenge
from ideas.models import Idea, IdeaStatusChange
from ideas.selectors import activity_recent
from realtime.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


START = timezone.now() - timedelta(days=1)


def at(minutes: int):
    return START + timedelta(minutes=minutes)


def status_change(idea, *, minutes, to, response="", by=None):
    return IdeaStatusChange.objects.create(
        idea=idea,
        from_status=idea.status,
        to_status=to,
        response=response,
        response_html=f"<p>{response}</p>" if response else "",
        changed_by=by or factories.StaffFactory(display_name="Amt für Grün"),
        created_at=at(minutes),
    )


@pytest.fixture
def city():
    """Every kind of happening, one minute apart, public and not."""
    challenge = factories.ChallengeFactory(title="Grüne Stadt", created_at=at(0))
    factories.ChallengeFactory(title="Geheimer Entwurf", status="draft", created_at=at(1))
    author = factories.UserFactory(display_name="Ada")
    idea = factories.IdeaFactory(
        title="Bäume pflanzen", challenge=challenge, author=author, created_at=at(2)
    )
    gone = factories.IdeaFactory(
        title="Zurückgezogen", challenge=challenge, created_at=at(3), withdrawn_at=at(9)
    )
    factories.CommentFactory(idea=gone, created_at=at(4))
    status_change(gone, minutes=4, to="under_review", response="Sehen wir uns an.")
    comment = factories.CommentFactory(
        idea=idea, author=factories.UserFactory(display_name="Bo"), created_at=at(5)
    )
    factories.CommentFactory(idea=idea, created_at=at(6), deleted_at=at(7), body="")
    review = status_change(idea, minutes=7, to="under_review")
    answer = status_change(idea, minutes=8, to="selected", response="Machen wir!")
    return {
        "challenge": challenge,
        "idea": idea,
        "comment": comment,
        "review": review,
        "answer": answer,
    }


def test_activity_has_every_public_kind_newest_first(city):
    idea = city["idea"]
    items = activity_recent(limit=10)

    assert [(a.kind, a.title, a.by, a.key) for a in items] == [
        ("answer", "Bäume pflanzen", "Amt für Grün", f"status:{city['answer'].pk}"),
        ("status", "Bäume pflanzen", "Amt für Grün", f"status:{city['review'].pk}"),
        ("comment", "Bäume pflanzen", "Bo", f"comment:{city['comment'].pk}"),
        ("idea", "Bäume pflanzen", "Ada", f"idea:{idea.pk}"),
        ("challenge", "Grüne Stadt", "", f"challenge:{city['challenge'].pk}"),
    ]
    assert [(a.idea_id, a.challenge_id) for a in items] == [(idea.pk, city["challenge"].pk)] * 4 + [
        (None, city["challenge"].pk)
    ]
    with translation.override("de"):
        assert [str(a.status_label) for a in items[:2]] == ["Ausgewählt", "In Prüfung"]
    assert items[0].at == at(8)


def test_activity_leaves_out_withdrawn_ideas_deleted_comments_and_drafts(city):
    titles = {a.title for a in activity_recent(limit=50)}
    kinds = [a.kind for a in activity_recent(limit=50)]

    assert titles == {"Bäume pflanzen", "Grüne Stadt"}
    assert kinds.count("comment") == 1


def test_activity_takes_the_newest_up_to_the_limit(city):
    assert [a.kind for a in activity_recent(limit=3)] == ["answer", "status", "comment"]


def test_activity_does_not_read_the_event_log(city, django_assert_num_queries):
    Event.objects.all().delete()  # the log is pruned: the activity must not depend on it

    with django_assert_num_queries(1):
        items = activity_recent(limit=10)

    assert len(items) == 5
    assert not Challenge.objects.filter(status="draft", title__in=[a.title for a in items])
    assert not Idea.objects.filter(withdrawn_at__isnull=False, pk__in=[a.idea_id for a in items])
