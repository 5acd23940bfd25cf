"""A platform with public and non-public content, and the dumps written from it."""

import pytest
from django.utils import timezone

from accounts.models import Sector, Topic
from opendata.services import dumps_generate
from tests import factories


@pytest.fixture
def content(db, settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    settings.SITE_URL = "https://oic.example.org"
    topic = Topic.objects.create(slug="mobility", name_de="Mobilität", name_en="Mobility")
    writer = factories.UserFactory(
        email="ines.writer@mailbox.test", display_name="Ines Schreiber", sector=Sector.BUSINESS
    )
    reader = factories.UserFactory(email="tom.reader@mailbox.test", display_name="Tom Leser")
    challenge = factories.ChallengeFactory(title="Bessere Radwege")
    draft = factories.ChallengeFactory(title="Noch geheim", status="draft")
    idea = factories.IdeaFactory(author=writer, challenge=challenge, title="Radweg Jahnplatz")
    idea.topics.add(topic)
    withdrawn = factories.IdeaFactory(
        author=writer, challenge=challenge, title="Zurückgezogen", withdrawn_at=timezone.now()
    )
    comment = factories.CommentFactory(idea=idea, author=reader, body="Gute Sache")
    reply = factories.CommentFactory(idea=idea, author=writer, parent=comment, body="Danke")
    deleted = factories.CommentFactory(
        idea=idea, author=reader, body="Gelöscht", deleted_at=timezone.now()
    )
    factories.CommentFactory(idea=withdrawn, author=reader, body="Auf Zurückgezogenem")
    response = idea.status_changes.create(
        from_status="submitted",
        to_status="under_review",
        response="Wir prüfen das.",
        changed_by=challenge.created_by,
    )
    return {
        "writer": writer,
        "reader": reader,
        "challenge": challenge,
        "draft": draft,
        "idea": idea,
        "withdrawn": withdrawn,
        "comment": comment,
        "reply": reply,
        "deleted": deleted,
        "response": response,
    }


@pytest.fixture
def dumps(content, settings):
    counts = dumps_generate()
    return settings.OPENDATA_DIR, counts
