"""Fixtures of the privacy tests: a person with a row of every kind the platform keeps."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import MembershipRequest, User
from ideas.evaluation.models import Evaluation, IdeaAssignment, Juror
from ideas.gatherings.models import (
    CalendarKey,
    Hackathon,
    Registration,
    Team,
    TeamJoinRequest,
    TeamMember,
)
from ideas.models import CocreatorOffer, IdeaStatusChange
from mail.models import Mail
from moderation.models import Appeal, AuditEntry, Block, Decision, ItemState, Moderator, Report
from notifications.models import DigestSent, Follow, Notification, Preference
from privacy.models import DataExport
from tests import factories
from tests.accounts.conftest import smtp  # noqa: F401 - the real SMTP server fixture

PASSWORD = "sennestadt-radweg-42"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = "https://oic.example.org"


@pytest.fixture
def owner(db):
    """Someone with a row in every table that holds personal data."""
    person = factories.UserFactory(
        email="mira.owner@mailbox.test", display_name="Mira Owner", bio="Radfahrerin."
    )
    person.set_password(PASSWORD)
    person.save()
    return person


@pytest.fixture
def full_owner(owner):
    staff = factories.StaffFactory()
    membership = factories.MembershipFactory(user=owner)
    # A request of the owner's, and one the owner decided as the group's administrator.
    MembershipRequest.objects.create(organisation=factories.OrganisationFactory(), user=owner)
    MembershipRequest.objects.create(
        organisation=membership.organisation,
        user=staff,
        status=MembershipRequest.Status.ACCEPTED,
        decided_by=owner,
    )
    Token.objects.create(user=owner)
    owner.groups.add(Group.objects.create(name="Testers"))
    owner.user_permissions.add(Permission.objects.get(codename="act_as_city_staff"))
    challenge = factories.ChallengeFactory(created_by=owner)
    own_idea = factories.IdeaFactory(author=owner, challenge=challenge, seeking_cocreators=True)
    other_idea = factories.IdeaFactory(challenge=challenge, seeking_cocreators=True)
    challenge.idea_count = 2  # as idea_submit leaves it
    challenge.save(update_fields=["idea_count"])
    factories.CommentFactory(idea=other_idea, author=owner, body="Mira thinks so too.")
    factories.VoteFactory(idea=other_idea, user=owner, value=1)
    other_idea.up_count, other_idea.score, other_idea.comment_count = 1, 1, 1
    other_idea.save(update_fields=["up_count", "score", "comment_count"])
    CocreatorOffer.objects.create(idea=other_idea, user=owner, message="I can help.")
    IdeaStatusChange.objects.create(
        idea=own_idea, from_status="submitted", to_status="under_review", changed_by=owner
    )
    LogEntry.objects.create(
        user=owner,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(staff.pk),
        object_repr="x",
        action_flag=ADDITION,
    )
    Follow.objects.create(person=owner, kind="idea", target_id=other_idea.pk)
    Preference.objects.create(person=owner, kind="comment", email="never")
    Notification.objects.create(
        recipient=owner, key="k", kind="comment", subject_kind="idea", subject_id=other_idea.pk
    )
    DigestSent.objects.create(person=owner, period="daily", window=timezone.localdate())
    item = ItemState.objects.create(kind="idea", object_id=other_idea.pk, author=staff)
    Report.objects.create(item=item, reporter=owner, reason="spam", text="Werbung")
    own_item = ItemState.objects.create(kind="idea", object_id=own_idea.pk, author=owner)
    decision = Decision.objects.create(item=own_item, kind="warn", reason="Ton", moderator=owner)
    Appeal.objects.create(decision=decision, author=owner, text="Bitte prüfen", decided_by=owner)
    blocking = Decision.objects.create(item=own_item, kind="block", reason="Spam", moderator=staff)
    Block.objects.create(user=owner, decision=blocking, reason="Spam")
    Moderator.objects.create(user=owner, appointed_by=owner)
    AuditEntry.objects.create(actor=owner, action="report", item=f"idea:{other_idea.pk}")
    IdeaAssignment.objects.create(idea=own_idea, assignee=owner, assigned_by=owner)
    meetup = factories.EventFactory(created_by=owner, registered_count=1)
    Registration.objects.create(event=meetup, user=owner, status="registered")
    CalendarKey.objects.create(user=owner)
    hackathon = Hackathon.objects.create(challenge=challenge)
    team = Team.objects.create(hackathon=hackathon, idea=own_idea, name="Mira", created_by=owner)
    TeamMember.objects.create(team=team, hackathon=hackathon, user=owner, role="lead")
    other_team = Team.objects.create(
        hackathon=hackathon, idea=other_idea, name="Andere", created_by=staff
    )
    TeamJoinRequest.objects.create(team=other_team, user=owner, status="declined")
    evaluation = Evaluation.objects.create(challenge=challenge, published_by=owner)
    Juror.objects.create(evaluation=evaluation, user=owner, invited_by=owner)
    DataExport.objects.create(
        user=owner, token="t" * 20, session_digest="d", expires_at=timezone.now()
    )
    Mail.objects.create(
        to=owner.email, subject="Hi", text="Hi", html="Hi", language="en", message_id="<1@x>"
    )
    return owner


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client
