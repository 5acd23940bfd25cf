"""Delete my account (GDPR Art. 17): password and a choice shown first; sessions and tokens
end; personal data goes; votes are taken back with correct tallies and events;
contributions stay under "gelöschtes Konto" or go, as the person chose."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Membership, User
from ideas import services as idea_services
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange
from mail.models import Mail
from privacy.services import account_delete, deleted_account
from realtime.models import Event
from tests import factories
from tests.privacy.conftest import PASSWORD, logged_in
from votes.models import Vote
from votes.services import vote_cast


@pytest.fixture
def scene(owner, other_user):
    """The owner's idea with a vote and a comment of someone else, the owner's vote, comment
    and offer on someone else's idea, published through the services (events in the log)."""
    challenge = factories.ChallengeFactory()
    own = factories.IdeaFactory(author=owner, challenge=challenge)
    theirs = factories.IdeaFactory(author=other_user, challenge=challenge, seeking_cocreators=True)
    challenge.idea_count = 2
    challenge.save(update_fields=["idea_count"])
    vote_cast(user=other_user, idea=own, value=1)
    vote_cast(user=owner, idea=theirs, value=-1)
    comment = idea_services.comment_post(author=owner, idea=theirs, body="Mira thinks so too.")
    idea_services.comment_post(author=other_user, idea=own, body="Nice one.")
    idea_services.cocreator_offer(user=owner, idea=theirs, message="I can help.")
    factories.MembershipFactory(user=owner)
    Token.objects.get_or_create(user=owner)
    return {"own": own, "theirs": theirs, "comment": comment, "challenge": challenge}


def _tallies_match_rows(idea: Idea) -> None:
    idea.refresh_from_db()
    votes = Vote.objects.filter(idea=idea)
    assert idea.up_count == votes.filter(value=1).count()
    assert idea.down_count == votes.filter(value=-1).count()
    assert idea.score == idea.up_count - idea.down_count


def test_a_wrong_password_changes_nothing(owner, scene):
    before = Event.objects.count()

    with pytest.raises(ValidationError):
        account_delete(user=owner, password="wrong", keep_contributions=True)

    assert User.objects.filter(pk=owner.pk).exists()
    assert Event.objects.count() == before
    assert Vote.objects.filter(user=owner).count() == 1


def test_keeping_contributions_moves_them_to_the_deleted_account(owner, scene):
    other_session = logged_in(owner)
    before = Event.objects.order_by("-id").first().id

    account_delete(user=owner, password=PASSWORD, keep_contributions=True)

    placeholder = deleted_account()
    assert placeholder.display_name == "gelöschtes Konto"
    assert not placeholder.is_active
    assert not User.objects.filter(email="mira.owner@mailbox.test").exists()
    assert Idea.objects.get(pk=scene["own"].pk).author == placeholder
    assert Comment.objects.get(pk=scene["comment"].pk).author == placeholder
    assert Comment.objects.get(pk=scene["comment"].pk).body == "Mira thinks so too."
    assert CocreatorOffer.objects.get().user == placeholder
    assert not Membership.objects.filter(user_id=owner.pk).exists()
    assert not Token.objects.filter(user_id=owner.pk).exists()
    assert not Vote.objects.filter(user_id=owner.pk).exists()
    _tallies_match_rows(scene["theirs"])
    _tallies_match_rows(scene["own"])  # the other person's vote stays
    assert other_session.get("/profile/").status_code == 302  # logged out everywhere
    new = Event.objects.filter(id__gt=before)
    assert {"vote.changed", "idea.updated", "comment.updated"} <= set(
        new.values_list("type", flat=True)
    )
    changes = {(e.data["idea"], e.data["down"]) for e in new.filter(type="vote.changed")}
    assert changes == {(scene["theirs"].pk, 0)}
    # No stored event names the person any more: a replay shows "gelöschtes Konto".
    assert not any("Mira Owner" in str(e.data) for e in Event.objects.all())


def test_removing_contributions_deletes_ideas_and_empties_comments(owner, scene):
    before = Event.objects.order_by("-id").first().id

    account_delete(user=owner, password=PASSWORD, keep_contributions=False)

    assert not Idea.objects.filter(pk=scene["own"].pk).exists()
    assert not Comment.objects.filter(body="Nice one.").exists()  # went with the idea
    comment = Comment.objects.get(pk=scene["comment"].pk)
    assert (comment.body, comment.deleted_at is not None) == ("", True)
    assert not CocreatorOffer.objects.exists()
    scene["challenge"].refresh_from_db()
    assert scene["challenge"].idea_count == 1
    scene["theirs"].refresh_from_db()
    assert scene["theirs"].comment_count == 0
    _tallies_match_rows(scene["theirs"])
    types = set(Event.objects.filter(id__gt=before).values_list("type", flat=True))
    assert {"idea.withdrawn", "comment.deleted", "vote.changed"} <= types
    assert not any("Mira" in str(e.data) for e in Event.objects.all())


def test_staff_records_stay_under_the_deleted_account(full_owner):
    account_delete(user=full_owner, password=PASSWORD, keep_contributions=False)

    placeholder = deleted_account()
    assert IdeaStatusChange.objects.filter(changed_by=placeholder).count() == 0  # idea removed
    assert not Mail.objects.filter(to=full_owner.email).exists()
    assert not User.objects.filter(pk=full_owner.pk).exists()


def test_the_page_explains_first_and_deletes_only_with_password_and_choice(owner, scene):
    client = logged_in(owner)
    page = client.get("/profile/delete/").content.decode()
    assert "cannot be undone" in page
    assert "gelöschtes Konto" in page
    assert 'value="keep"' in page
    assert 'value="remove"' in page

    refused = client.post("/profile/delete/", {"password": PASSWORD})
    assert refused.status_code == 400
    assert (
        client.post("/profile/delete/", {"contributions": "keep", "password": "x"}).status_code
        == 400
    )
    assert User.objects.filter(pk=owner.pk).exists()

    done = client.post("/profile/delete/", {"contributions": "keep", "password": PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == "/"
    assert not User.objects.filter(pk=owner.pk).exists()
    assert Session.objects.count() == 0
    assert Client().login(username="mira.owner@mailbox.test", password=PASSWORD) is False


def test_the_deleted_account_cannot_log_in_or_be_deleted(db):
    placeholder = deleted_account()
    assert not placeholder.has_usable_password()
    with pytest.raises(Exception, match="cannot be deleted"):
        account_delete(user=placeholder, password="", keep_contributions=True)


def test_no_table_names_the_person_afterwards_and_the_api_token_is_dead(full_owner, scene):
    token = Token.objects.get(user=full_owner).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/me/").status_code == 200

    LogEntry.objects.create(  # staff edited her account in the admin
        user=factories.StaffFactory(),
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(full_owner.pk),
        object_repr=str(full_owner),
        action_flag=CHANGE,
        change_message="Changed bio of Mira Owner",
    )

    account_delete(user=full_owner, password=PASSWORD, keep_contributions=True)

    assert api.get("/api/me/").status_code == 401
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in tables:
            continue  # an unmanaged model of another database (SQLite's search table)
        for row in model._default_manager.values().iterator():
            text = str(row)
            assert "mira.owner@mailbox.test" not in text, model._meta.label
            assert "Mira Owner" not in text, model._meta.label
            assert "Radfahrerin." not in text, model._meta.label
