"""Each kind of notification reaches the people it concerns, once per event, never the person
who acted, never about what they cannot see; the request only enqueues."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Topic
from challenges import services as challenge_services
from ideas import services as idea_services
from notifications import registry, services
from notifications.models import Follow, Notification
from realtime.models import Event
from tests import factories
from tests.notifications.conftest import derive

pytestmark = pytest.mark.django_db

TEXT = {"title": "Benches at Kesselbrink", "summary": "Places to sit in the shade."}


def person(name: str, **fields):
    return factories.UserFactory(display_name=name, language="en", **fields)


def notified(kind: str | None = None) -> list[tuple[str, str, str]]:
    """(recipient, kind, text) of every notification, in order."""
    rows = Notification.objects.select_related("recipient").order_by("id")
    if kind:
        rows = rows.filter(kind=kind)
    from notifications.output import notification_text

    return [(n.recipient.display_name, n.kind, notification_text(n.kind, n.data)) for n in rows]


@pytest.fixture
def challenge(staff):
    return factories.ChallengeFactory(created_by=staff, title="Green City")


@pytest.fixture
def author(db):
    return person("Ada")


@pytest.fixture
def own_idea(author, challenge):
    idea = idea_services.idea_submit(author=author, challenge=challenge, **TEXT)
    derive()
    return idea


def test_the_request_only_enqueues_and_the_worker_derives(own_idea, other_user):
    idea_services.comment_post(author=other_user, idea=own_idea, body="Gute Idee")

    assert Notification.objects.count() == 0
    assert derive() == 1
    assert notified() == [("Ada", "comment", "New comment on “Benches at Kesselbrink”")]


def test_own_idea_and_commented_idea_are_followed_automatically(own_idea, author):
    commenter = person("Bea")
    idea_services.comment_post(author=commenter, idea=own_idea, body="Ja!")
    derive()

    followers = Follow.objects.filter(kind="idea", target_id=own_idea.pk, active=True)
    assert sorted(followers.values_list("person__display_name", flat=True)) == ["Ada", "Bea"]


def test_nobody_is_notified_of_their_own_comment(own_idea, author):
    idea_services.comment_post(author=author, idea=own_idea, body="Update von mir")
    derive()

    assert notified() == []


def test_a_reply_tells_the_parent_author_once_as_a_reply(own_idea, author):
    bea, cem = person("Bea"), person("Cem")
    parent = idea_services.comment_post(author=bea, idea=own_idea, body="Erster")
    derive()
    Notification.objects.all().delete()

    idea_services.comment_post(author=cem, idea=own_idea, body="Antwort", parent=parent)
    derive()

    # Bea follows the idea too (she commented), but one event makes one notification each.
    assert sorted(notified()) == [
        ("Ada", "comment", "New comment on “Benches at Kesselbrink”"),
        ("Bea", "reply", "Cem replied to your comment on “Benches at Kesselbrink”"),
    ]


def test_status_change_reaches_author_and_followers_not_the_staff_member(own_idea, staff):
    watcher = person("Dora")
    services.follow_set(person=watcher, kind="idea", target_id=own_idea.pk)

    idea_services.idea_set_status(
        actor=staff, idea=own_idea, status="under_review", response="Wir prüfen."
    )
    derive()

    text = "The idea “Benches at Kesselbrink” has a new status: Under review"
    assert sorted(notified()) == [("Ada", "status", text), ("Dora", "status", text)]


def test_a_new_idea_reaches_followers_of_its_challenge_topic_organisation_and_author(
    challenge, author
):
    topic = Topic.objects.create(slug="green", name_de="Grün", name_en="Green")
    organisation = factories.OrganisationFactory(name="Verein")
    factories.MembershipFactory(organisation=organisation, user=author)
    fans = {kind: person(f"Fan of {kind}") for kind in ("challenge", "topic", "organisation")}
    everything = person("Fan of all")
    targets = {"challenge": challenge.pk, "topic": topic.pk, "organisation": organisation.pk}
    for kind, fan in fans.items():
        services.follow_set(person=fan, kind=kind, target_id=targets[kind])
    for kind, pk in [*targets.items(), ("person", author.pk)]:
        services.follow_set(person=everything, kind=kind, target_id=pk)

    idea_services.idea_submit(
        author=author, challenge=challenge, topics=[topic], organisation=organisation, **TEXT
    )
    derive()

    text = "New idea: “Benches at Kesselbrink”"
    assert sorted(notified()) == sorted(
        [(fan.display_name, "new_idea", text) for fan in [*fans.values(), everything]]
    )


def test_a_challenge_opening_and_closing_reaches_its_followers_an_edit_does_not(staff):
    draft = factories.ChallengeFactory(created_by=staff, status="draft", title="Mobility")
    colleague = factories.StaffFactory(display_name="Colleague", language="en")
    services.follow_set(person=colleague, kind="challenge", target_id=draft.pk)

    challenge_services.challenge_open(actor=staff, challenge=draft)
    challenge_services.challenge_update(actor=staff, challenge=draft, summary="Neu und besser")
    challenge_services.challenge_close(actor=staff, challenge=draft)
    derive()

    assert notified() == [
        ("Colleague", "challenge_phase", "The challenge “Mobility” is open for ideas"),
        ("Colleague", "challenge_phase", "The challenge “Mobility” has closed"),
    ]


def test_nobody_but_staff_can_follow_a_draft(staff, user):
    draft = factories.ChallengeFactory(created_by=staff, status="draft")

    with pytest.raises(services.TargetUnknown):
        services.follow_set(person=user, kind="challenge", target_id=draft.pk)
    assert Follow.objects.count() == 0


def test_closing_within_three_days_is_told_once_however_often_the_check_runs(staff):
    soon = factories.ChallengeFactory(
        created_by=staff, title="Soon", closes_at=timezone.now() + timedelta(days=2)
    )
    later = factories.ChallengeFactory(created_by=staff, closes_at=timezone.now() + timedelta(5))
    fan = person("Fan")
    for challenge in (soon, later):
        services.follow_set(person=fan, kind="challenge", target_id=challenge.pk)

    call_command("notify_due", verbosity=0)
    call_command("notify_due", verbosity=0)

    assert notified() == [
        ("Fan", "challenge_closing", "The challenge “Soon” closes within three days")
    ]


def test_an_offer_to_co_create_reaches_the_author(author, challenge):
    idea = idea_services.idea_submit(
        author=author, challenge=challenge, seeking_cocreators=True, **TEXT
    )
    idea_services.cocreator_offer(user=person("Helper"), idea=idea, message="Ich helfe")
    derive()

    assert notified("offer") == [
        ("Ada", "offer", "Helper offers to help make “Benches at Kesselbrink” real")
    ]


def test_nothing_about_an_idea_withdrawn_before_the_worker_came(own_idea, author, other_user):
    idea_services.comment_post(author=other_user, idea=own_idea, body="Hm")
    services.follow_set(person=person("Eve"), kind="idea", target_id=own_idea.pk)
    idea_services.idea_withdraw(actor=author, idea=own_idea)

    derive()

    assert notified() == []


def test_a_follower_who_may_not_see_the_subject_is_left_out(own_idea, other_user):
    """The audience of the subject filters the recipients, whatever they follow."""
    services.follow_set(person=other_user, kind="idea", target_id=own_idea.pk)
    own_idea.withdrawn_at = timezone.now()
    own_idea.save(update_fields=["withdrawn_at"])
    cause = services.Cause(
        key="test:1",
        kind="comment",
        subject=("idea", own_idea.pk),
        data={"title": "x"},
        targets=(("idea", own_idea.pk),),
    )

    with transaction.atomic():
        assert services.notify(cause) == 0
    assert Notification.objects.count() == 0


def test_an_event_handled_twice_notifies_nobody_twice(own_idea, other_user):
    idea_services.comment_post(author=other_user, idea=own_idea, body="Zweimal?")
    event = Event.objects.filter(type="comment.created").earliest("id")

    services.notifications_from_event(event)
    services.notifications_from_event(event)

    assert len(notified()) == 1


def test_unfollowing_stops_notifications_and_commenting_again_does_not_refollow(
    own_idea, author, other_user
):
    idea_services.comment_post(author=other_user, idea=own_idea, body="Erster")
    derive()
    services.follow_set(person=other_user, kind="idea", target_id=own_idea.pk, active=False)
    services.follow_set(person=author, kind="idea", target_id=own_idea.pk, active=False)
    Notification.objects.all().delete()

    idea_services.comment_post(author=other_user, idea=own_idea, body="Zweiter")
    idea_services.comment_post(author=person("Fay"), idea=own_idea, body="Dritter")
    derive()

    assert notified() == []


def test_a_later_app_registers_its_own_kind_and_rule(own_idea, author, settings):
    """Moderation (built later) registers its decision notification the same way."""
    import realtime
    from realtime.catalogue import EventType, unregister_events

    realtime.register_events("tests", [EventType("test.decided", "`idea:<id>`", "a decision")])
    registry.register_kind(
        registry.Kind("test_decision", "A decision", lambda count, data: f"Decided: {data['why']}")
    )
    rule = registry.Rule(
        event="test.decided",
        kind="test_decision",
        subject=lambda d: ("idea", d["idea"]),
        data=lambda d: {"why": d["reason"]},
        direct=lambda d: [d["author"]],
    )
    registry.register_rule(rule)
    try:
        with transaction.atomic():
            realtime.publish(
                f"idea:{own_idea.pk}",
                "test.decided",
                {"idea": own_idea.pk, "author": author.pk, "reason": "off topic"},
            )
        derive()
        made = notified()
    finally:
        registry.unregister_rule(rule)
        unregister_events(["test.decided"])

    assert made == [("Ada", "test_decision", "Decided: off topic")]


def test_prune_deletes_read_notifications_older_than_the_setting_only(own_idea, other_user):
    for n in range(3):
        idea_services.comment_post(author=other_user, idea=own_idea, body=f"#{n}")
    derive()
    old, recent, unread = Notification.objects.order_by("id")
    long_ago = timezone.now() - timedelta(days=91)
    Notification.objects.filter(pk__in=[old.pk, unread.pk]).update(created_at=long_ago)
    Notification.objects.filter(pk=old.pk).update(read_at=long_ago)
    Notification.objects.filter(pk=recent.pk).update(read_at=timezone.now())

    call_command("prune_notifications", verbosity=0)

    assert set(Notification.objects.values_list("pk", flat=True)) == {recent.pk, unread.pk}
