"""A reported world: an idea with a comment, its author, people who report, moderators."""

from types import SimpleNamespace

import pytest

from ideas import services as idea_services
from moderation import services
from tests import factories


@pytest.fixture
def world(db):
    staff = factories.StaffFactory(display_name="Stadt")
    challenge = factories.ChallengeFactory(created_by=staff)
    other_challenge = factories.ChallengeFactory(created_by=staff)
    author = factories.UserFactory(display_name="Autorin")
    idea = idea_services.idea_submit(
        author=author,
        challenge=challenge,
        title="Mehr Bänke am Kesselbrink",
        summary="Sitzgelegenheiten für alle, die warten wollen.",
        seeking_cocreators=True,
    )
    comment = idea_services.comment_post(author=author, idea=idea, body="Unerhörter Kommentar")
    reporters = [factories.UserFactory(display_name=f"Meldende {n}") for n in range(3)]
    moderator = factories.UserFactory(display_name="Moderatorin")
    services.moderator_appoint(actor=staff, user=moderator, challenge_id=challenge.pk)
    second = factories.UserFactory(display_name="Zweiter Moderator")
    services.moderator_appoint(actor=staff, user=second, challenge_id=None)
    elsewhere = factories.UserFactory(display_name="Anderswo")
    services.moderator_appoint(actor=staff, user=elsewhere, challenge_id=other_challenge.pk)
    return SimpleNamespace(
        staff=staff,
        challenge=challenge,
        author=author,
        idea=idea,
        comment=comment,
        reporters=reporters,
        moderator=moderator,
        second=second,
        elsewhere=elsewhere,
    )


def report(person, kind, pk, reason="insult", text="Beleidigend."):
    return services.report_submit(
        reporter=person, kind=kind, object_id=pk, reason=reason, text=text
    )
