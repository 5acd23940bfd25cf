"""One row per message to send: the queue the worker drains, and what staff see in the admin."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Mail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=250)
    text = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"))
    language = models.CharField(_("language"), max_length=8)
    # Kept from the first attempt on, so that a resent message is recognisable as the same one.
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    # Extra headers of this message (List-Unsubscribe and List-Unsubscribe-Post for mail a
    # person can stop with one click, RFC 8058).
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mail")
        verbose_name_plural = _("mails")

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
