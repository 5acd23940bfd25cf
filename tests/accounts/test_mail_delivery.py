"""Mail leaves through the background worker over real SMTP, survives an SMTP outage, and
carries what a mail needs: plain text and HTML, the recipient's language, the Open Brand,
a valid Message-ID, Date and Auto-Submitted."""

import re
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from accounts.models import User
from mail.models import Mail
from tests import factories
from tests.mailbox import html_of, link_in, run_worker, text_of

# The worker closes its database connection after each task, as it must in production:
# these tests commit for real instead of running inside one rolled-back transaction.
pytestmark = pytest.mark.django_db(transaction=True)

REGISTER = "/api/auth/register/"


def sign_up(api, email="jana@example.org", **headers):
    return api.post(
        REGISTER,
        {
            "email": email,
            "password": "sennestadt-radweg-42",
            "display_name": "Jana & Co",
            "sector": "research",
            "accept_house_rules": True,
        },
        format="json",
        **headers,
    )


def test_the_request_queues_the_mail_and_the_worker_sends_it(api, smtp):
    response = sign_up(api)

    assert response.status_code == 202
    assert smtp.messages == []  # the request itself sends nothing
    mail = Mail.objects.get()
    assert (mail.to, mail.status, mail.attempts) == ("jana@example.org", "queued", 0)

    run_worker()

    [message] = smtp.messages
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("sent", 1)
    assert message["To"] == "jana@example.org"
    assert message["From"] == "Open Innovation City <no-reply@oic.example.org>"
    assert message["Subject"] == "Confirm your email address – Open Innovation City"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "en"
    assert message["Message-ID"] == mail.message_id
    assert re.fullmatch(r"<[^<>@\s]+@oic\.example\.org>", message["Message-ID"])
    sent_at = parsedate_to_datetime(message["Date"]).replace(tzinfo=UTC)  # "-0000": UTC
    assert abs(sent_at - timezone.now()) < timedelta(minutes=1)
    assert message.get_content_type() == "multipart/alternative"
    assert text_of(message).startswith("Hello Jana & Co,\n")
    html = html_of(message)
    assert "Hello Jana &amp; Co," in html
    assert 'lang="en"' in html
    assert "#005a9c" in html  # the brand's primary colour
    assert link_in(message, "/confirm/") in html


def test_mail_is_in_the_language_of_the_recipient(api, smtp):
    sign_up(api, HTTP_ACCEPT_LANGUAGE="de")
    assert User.objects.get().language == "de"

    run_worker()

    [message] = smtp.messages
    # Django folds an encoded subject onto a continuation line; unfolding leaves its space.
    assert message["Subject"].strip() == "Bestätige deine E-Mail-Adresse – Open Innovation City"
    assert message["Content-Language"] == "de"
    assert text_of(message).startswith("Hallo Jana & Co,\n")
    assert 'lang="de"' in html_of(message)


def test_an_smtp_outage_keeps_the_account_and_the_mail_until_smtp_returns(api, smtp, settings):
    smtp.stop()  # the SMTP server is down while the person signs up

    response = sign_up(api)
    run_worker()

    assert response.status_code == 202
    assert User.objects.filter(email="jana@example.org").exists()
    mail = Mail.objects.get()
    assert (mail.status, mail.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in mail.last_error
    assert mail.next_attempt_at > timezone.now()

    run_worker()  # the retry is not due yet: nothing happens
    mail.refresh_from_db()
    assert mail.attempts == 1

    smtp.start()
    with time_machine.travel(mail.next_attempt_at + timedelta(seconds=1)):
        run_worker()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 2, "")
    [message] = smtp.messages
    assert message["Message-ID"] == mail.message_id


def test_retries_back_off_and_a_mail_that_never_goes_is_marked_failed(api, smtp, settings):
    settings.MAIL_MAX_ATTEMPTS = 3
    smtp.stop()
    sign_up(api)
    mail = Mail.objects.get()
    delays = []
    for _attempt in range(3):
        due = mail.next_attempt_at or timezone.now()
        with time_machine.travel(due + timedelta(seconds=1)):
            before = timezone.now()
            run_worker()
        mail.refresh_from_db()
        if mail.next_attempt_at:
            delays.append(round((mail.next_attempt_at - before).total_seconds()))

    assert delays == [30, 60]
    assert (mail.status, mail.attempts, mail.next_attempt_at) == ("failed", 3, None)


def test_staff_see_failed_mail_in_the_admin_and_send_it_again(api, smtp, settings):
    settings.MAIL_MAX_ATTEMPTS = 1
    smtp.stop()
    sign_up(api)
    run_worker()
    mail = Mail.objects.get()
    assert mail.status == "failed"
    admin = factories.UserFactory(is_staff=True)
    admin.user_permissions.add(Permission.objects.get(codename="view_mail"))
    browser = Client()
    browser.force_login(admin)

    listing = browser.get("/admin/mail/mail/?status__exact=failed")
    smtp.start()
    again = browser.post(
        "/admin/mail/mail/", {"action": "send_again", "_selected_action": [mail.pk]}
    )
    run_worker()

    assert listing.status_code == 200
    assert "Confirm your email address" in listing.content.decode()
    assert again.status_code == 302
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("sent", 1)
    assert len(smtp.messages) == 1
