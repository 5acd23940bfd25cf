"""Reports, automatic hiding, decisions, statements of reasons and appeals, by the services."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from core.errors import StateConflict
from ideas.models import Comment, Idea
from mail.models import Mail
from moderation import services
from moderation.models import Appeal, AuditEntry, Decision, ItemState, Report
from realtime.models import Event
from tests.moderation.conftest import report

pytestmark = pytest.mark.django_db


def test_the_third_distinct_reporter_hides_a_comment_and_the_author_learns_why(world):
    for person in world.reporters[:2]:
        report(person, "comment", world.comment.pk)
    assert Comment.objects.get(pk=world.comment.pk).hidden_at is None

    report(world.reporters[2], "comment", world.comment.pk)

    comment = Comment.objects.get(pk=world.comment.pk)
    assert comment.hidden_at is not None
    assert comment.hidden_reason == "von 3 Personen gemeldet, Prüfung ausstehend"
    assert Idea.objects.get(pk=world.idea.pk).comment_count == 0
    decision = Decision.objects.get(item__object_id=comment.pk)
    assert (decision.kind, decision.automated, decision.moderator) == ("hide", True, None)
    statement = Mail.objects.get(to=world.author.email)
    assert "Automatisch entschieden: ja" in statement.text
    assert f"/moderation/decisions/{decision.pk}/appeal/" in statement.text
    # The moderators of that challenge and of all challenges are told; not those elsewhere.
    told = set(Mail.objects.exclude(to=world.author.email).values_list("to", flat=True))
    assert told == {world.moderator.email, world.second.email}
    # The stored events of the comment show the placeholder only.
    stored = Event.objects.filter(entity=f"comment:{comment.pk}")
    assert {e.type for e in stored} == {"comment.created", "comment.hidden"}
    assert all("Unerhörter" not in str(e.data) for e in stored)


def test_one_open_report_per_person_and_item(world):
    report(world.reporters[0], "comment", world.comment.pk)

    with pytest.raises(StateConflict):
        report(world.reporters[0], "comment", world.comment.pk, reason="spam")

    assert Report.objects.count() == 1


def test_nobody_reports_their_own_contribution(world):
    with pytest.raises(StateConflict):
        report(world.author, "idea", world.idea.pk)
    assert Report.objects.count() == 0


def test_without_an_account_only_illegal_content_with_law_and_email(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        report(AnonymousUser(), "idea", world.idea.pk, reason="spam")
    made = services.report_submit(
        reporter=AnonymousUser(),
        kind="idea",
        object_id=world.idea.pk,
        reason="illegal",
        text="Volksverhetzung.",
        law="§ 130 StGB",
        email="hinweis@example.org",
    )
    assert (made.reporter, made.email, made.law) == (None, "hinweis@example.org", "§ 130 StGB")


def test_a_hidden_idea_is_gone_from_every_public_output_and_its_page_shows_why(world, client):
    idea = world.idea
    services.decision_make(
        moderator=world.moderator,
        item=_state(world, "idea"),
        kind="hide",
        reason="Werbung für ein Geschäft",
    )
    api = APIClient()
    assert Idea.objects.get(pk=idea.pk).hidden_at is not None
    assert api.get("/api/ideas/").json()["results"] == []
    assert api.get("/api/ideas/?search=Kesselbrink").json()["results"] == []
    assert api.get(f"/api/ideas/?author={world.author.pk}").json()["results"] == []
    detail = api.get(f"/api/ideas/{idea.pk}/")
    assert detail.status_code == 410
    assert "Werbung für ein Geschäft" in detail.json()["detail"]
    assert api.get(f"/api/ideas/{idea.pk}/comments/").status_code == 404
    assert api.get(f"/api/people/{world.author.pk}/comments/").json()["results"] == []
    assert api.get(f"/api/challenges/{world.challenge.pk}/").json()["idea_count"] == 0
    page = client.get(f"/ideas/{idea.pk}/")
    assert page.status_code == 410
    assert "Von der Moderation ausgeblendet: Werbung für ein Geschäft" in page.content.decode()
    for path in (
        "/",
        "/ideas/",
        f"/people/{world.author.pk}/",
        f"/challenges/{world.challenge.pk}/",
    ):
        body = client.get(path).content.decode()
        assert "Kesselbrink" not in body, path
        assert "Unerhörter" not in body, path
    # Nothing of it is left in the log but the notice that says which idea and why.
    assert list(Event.objects.filter(data__icontains="Kesselbrink")) == []


def _state(world, kind):
    pk = world.idea.pk if kind == "idea" else world.comment.pk
    return services.item_state_get_or_create(kind=kind, object_id=pk)


def test_an_appeal_goes_to_another_moderator_who_restores_and_everyone_is_told(world, client):
    for person in world.reporters:
        report(person, "comment", world.comment.pk)
    decision = Decision.objects.get()
    appeal = services.appeal_submit(
        user=world.author, decision=decision, text="Das war keine Beleidigung."
    )
    with pytest.raises(StateConflict):
        services.appeal_submit(user=world.author, decision=decision, text="Noch einmal.")
    Mail.objects.all().delete()

    services.appeal_decide(
        moderator=world.moderator, appeal=appeal, outcome="reversed", reason="Zulässige Kritik."
    )

    comment = Comment.objects.get(pk=world.comment.pk)
    assert comment.hidden_at is None
    assert Idea.objects.get(pk=world.idea.pk).comment_count == 1
    assert ItemState.objects.get(kind="comment").hidden is False
    assert Appeal.objects.get().outcome == "reversed"
    told = set(Mail.objects.values_list("to", flat=True))
    assert told == {world.author.email, *(p.email for p in world.reporters)}
    assert "Unerhörter Kommentar" in client.get(f"/ideas/{world.idea.pk}/").content.decode()
    restored = Event.objects.filter(type="comment.restored")
    assert {e.stream for e in restored} == {
        f"idea:{world.idea.pk}",
        f"challenge:{world.challenge.pk}",
        "feed",
    }


def test_the_moderator_who_decided_does_not_decide_the_appeal(world):
    item = _state(world, "comment")
    decision = services.decision_make(
        moderator=world.moderator, item=item, kind="hide", reason="Beleidigung"
    )
    appeal = services.appeal_submit(user=world.author, decision=decision, text="Nein.")

    with pytest.raises(PermissionDenied):
        services.appeal_decide(
            moderator=world.moderator, appeal=appeal, outcome="reversed", reason="Doch."
        )

    assert Appeal.objects.get().outcome == ""


def test_a_moderator_of_another_challenge_cannot_decide(world):
    item = _state(world, "comment")

    with pytest.raises(PermissionDenied):
        services.decision_make(moderator=world.elsewhere, item=item, kind="hide", reason="x")

    assert Decision.objects.count() == 0
    assert Comment.objects.get(pk=world.comment.pk).hidden_at is None


def test_every_report_decision_and_appeal_is_in_the_audit_log(world):
    for person in world.reporters:
        report(person, "comment", world.comment.pk)
    decision = Decision.objects.get()
    services.appeal_submit(user=world.author, decision=decision, text="Bitte prüfen.")

    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))

    assert actions[-5:] == ["report", "report", "report", "auto_hide", "appeal"]


def test_the_author_of_a_hidden_idea_finds_the_decision_on_its_page(world, client):
    decision = services.decision_make(
        moderator=world.moderator, item=_state(world, "idea"), kind="hide", reason="Werbung"
    )
    link = f"/moderation/decisions/{decision.pk}/appeal/"

    client.force_login(world.author)
    mine = client.get(f"/ideas/{world.idea.pk}/").content.decode()
    client.force_login(world.reporters[0])
    theirs = client.get(f"/ideas/{world.idea.pk}/").content.decode()

    assert link in mine
    assert link not in theirs
    assert "Von der Moderation ausgeblendet: Werbung" in theirs
