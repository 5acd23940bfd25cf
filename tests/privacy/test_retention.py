"""What is kept how long: one command enforces the configured periods, and the privacy page
states the same numbers from the same settings."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from mail.models import Mail
from privacy.models import DataExport
from privacy.services import export_dir
from realtime.models import Event
from tests import factories


def _mail(status: str, days_old: int) -> Mail:
    return Mail.objects.create(
        to="someone@example.org",
        subject="s",
        text="t",
        html="h",
        language="de",
        message_id=f"<{status}{days_old}@x>",
        status=status,
        created_at=timezone.now() - timedelta(days=days_old),
    )


@pytest.fixture
def aged(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PRIVACY_MAIL_RETENTION_DAYS = 30
    settings.ACCOUNTS_UNCONFIRMED_RETENTION_DAYS = 14
    settings.REALTIME_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    rows = {
        "old_sent": _mail("sent", 31),
        "old_failed": _mail("failed", 31),
        "old_queued": _mail("queued", 31),  # still to be sent: never dropped
        "new_sent": _mail("sent", 29),
        "stale": factories.UserFactory(email_confirmed_at=None, date_joined=old),
        "fresh": factories.UserFactory(email_confirmed_at=None),
        "confirmed": factories.UserFactory(date_joined=old),
    }
    Event.objects.create(stream="feed", type="idea.created", data={}, created_at=old)
    Event.objects.create(stream="feed", type="idea.created", data={})
    expired = DataExport.objects.create(
        user=rows["confirmed"],
        token="a" * 20,
        session_digest="x",
        file_name="expired.zip",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    (export_dir() / expired.file_name).write_bytes(b"zip")
    (export_dir() / "orphan.zip").write_bytes(b"zip")
    return rows


def test_the_command_deletes_what_is_older_than_its_period(aged, capsys):
    call_command("enforce_retention")

    assert set(Mail.objects.values_list("message_id", flat=True)) == {
        aged["old_queued"].message_id,
        aged["new_sent"].message_id,
    }
    assert set(User.objects.values_list("pk", flat=True)) == {
        aged["fresh"].pk,
        aged["confirmed"].pk,
    }
    assert Event.objects.count() == 1
    assert DataExport.objects.count() == 0
    assert list(export_dir().iterdir()) == []
    out = capsys.readouterr().out
    assert "mail: 2 removed (older than 30 days)" in out
    assert "logs: 7 days, enforced outside the platform" in out


def test_the_privacy_page_states_the_configured_periods(db, settings):
    settings.PRIVACY_MAIL_RETENTION_DAYS = 45
    settings.ACCOUNTS_UNCONFIRMED_RETENTION_DAYS = 9

    page = Client().get("/datenschutz/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<td>Sent mail (outbox), with the address it went to</td><td>45 days</td>" in page
    assert "<td>Accounts whose email address was never confirmed</td><td>9 days</td>" in page
