"""A real SMTP server for tests (aiosmtpd in a thread, on a free port) and the real worker.

Tests point Django's SMTP backend at it, run `manage.py db_worker --batch` (the worker of
`make run`, draining the queue once) and read what arrived.
"""

from __future__ import annotations

import re
import socket
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from django.core.management import call_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """Collects every message the SMTP server accepts."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message: EmailMessage, path: str) -> str:
    """The first link of the plain text whose path starts with `path`, as a site path."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\S*)", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def run_worker() -> None:
    """Run every task that is due, as `make run`'s worker would, then return."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def queued_link(to: str, path: str) -> str:
    """The site path of the link starting with `path` in the last mail queued for `to` (what
    the worker will send, as composed by the service)."""
    from mail.models import Mail

    mail = Mail.objects.filter(to=to).latest("pk")
    match = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\S*)", mail.text)
    assert match, mail.text
    return match.group(1)
