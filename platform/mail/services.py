"""Composing, queueing and delivering mail. Only services queue mail; only the worker sends it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mail.models import Mail
from ops import requestid
from ops.metrics import MAIL_DELIVERIES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """A mail rendered in one language, ready to be queued."""

    subject: str
    text: str
    html: str
    language: str


def mail_compose(*, template: str, context: dict, language: str) -> Message:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language`,
    with the Open Brand (`brand`) in the context. The HTML templates extend mail/base.html."""
    with translation.override(language):
        context = {"brand": settings.OIC_BRAND, "language": language, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context).strip() + "\n"
        html = render_to_string(f"{template}.html", context)
    return Message(subject=subject, text=text, html=html, language=language)


def _sender_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def _schedule(mail: Mail) -> None:
    # The database backend writes the task row in the caller's transaction: the mail and its
    # delivery task are committed together or not at all.
    from mail.tasks import mail_deliver_task

    task = mail_deliver_task
    if mail.next_attempt_at is not None:
        task = task.using(run_after=mail.next_attempt_at)
    task.enqueue(mail_id=mail.pk, **requestid.task_kwargs())


def mail_queue(*, to: str, message: Message, headers: dict[str, str] | None = None) -> Mail:
    """Queue one message for the worker; call it inside the transaction that causes it.
    `headers` are added to the standard ones (e.g. List-Unsubscribe); they cannot replace them."""
    mail = Mail.objects.create(
        headers=headers or {},
        to=to,
        subject=message.subject[: Mail._meta.get_field("subject").max_length],
        text=message.text,
        html=message.html,
        language=message.language,
        message_id=make_msgid(domain=_sender_domain()),
    )
    _schedule(mail)
    return mail


class MailNotSent(Exception):
    """The SMTP server did not take a message; a later attempt is scheduled unless it was the
    last one."""


def _retry_delay(attempts: int) -> timedelta:
    seconds = settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_SECONDS))


def _build(mail: Mail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers={
            **mail.headers,
            "Message-ID": mail.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "Content-Language": mail.language,
        },
    )
    message.attach_alternative(mail.html, "text/html")
    return message


def mail_deliver(*, mail_id: int) -> Mail | None:
    """Send one queued mail over the configured backend. On failure, count the attempt and
    schedule the next with exponential backoff (the last failure marks it failed) and raise
    MailNotSent, so that the task shows as failed too. No lock is held while the SMTP server
    is talked to: SQLite would stall every writer for that long."""
    mail = Mail.objects.filter(pk=mail_id, status=Mail.Status.QUEUED).first()
    if mail is None:
        return None  # sent already, given up, or deleted by staff
    try:
        _build(mail).send()
    except Exception as exc:  # noqa: BLE001 - any failure of the backend is a failed attempt
        with transaction.atomic():
            mail.attempts += 1
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
                mail.status = Mail.Status.FAILED
                mail.next_attempt_at = None
            else:
                mail.next_attempt_at = timezone.now() + _retry_delay(mail.attempts)
            mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            if mail.status == Mail.Status.QUEUED:
                _schedule(mail)
        MAIL_DELIVERIES.labels("failed").inc()
        logger.warning("Mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, exc)
        raise MailNotSent(mail.last_error) from exc
    mail.attempts += 1
    mail.status = Mail.Status.SENT
    mail.sent_at = timezone.now()
    mail.next_attempt_at = None
    mail.last_error = ""
    mail.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    MAIL_DELIVERIES.labels("sent").inc()
    logger.info("Mail %s sent (attempt %s)", mail.pk, mail.attempts)
    return mail


@transaction.atomic
def mail_retry(*, mail: Mail) -> Mail:
    """Staff's "send again now" for a failed or waiting mail: a fresh round of attempts."""
    mail = Mail.objects.select_for_update().get(pk=mail.pk)
    if mail.status == Mail.Status.SENT:
        return mail
    mail.status = Mail.Status.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = None
    mail.save(update_fields=["status", "attempts", "next_attempt_at"])
    _schedule(mail)
    return mail
