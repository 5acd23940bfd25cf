"""Follows, notifications, each person's mail preferences and the record of sent digests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A person follows a target (`kind`, `target_id`): "idea" 7. Unfollowing keeps the row,
    inactive, so that commenting again does not silently follow the idea again."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("kind"), max_length=20)
    target_id = models.BigIntegerField(_("target"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "target_id"], name="follow_once_per_target"
            )
        ]
        # The fan-out reads a target's active followers; the counts read the same.
        indexes = [
            models.Index(
                fields=["kind", "target_id", "person"],
                condition=Q(active=True),
                name="follow_active_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.kind}:{self.target_id}"


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


DEFAULT_EMAIL_FREQUENCY = EmailFrequency.DAILY


class Preference(models.Model):
    """How a person wants mail about one kind of notification; no row: the default (daily)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30)
    email = models.CharField(
        _("email"), max_length=12, choices=EmailFrequency.choices, default=DEFAULT_EMAIL_FREQUENCY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="preference_once_per_kind"),
            models.CheckConstraint(
                condition=Q(email__in=EmailFrequency.values), name="preference_email_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}: {self.email}"


class Notification(models.Model):
    """One notification for one person. `key` names its cause ("event:123", or a due
    occurrence's key): the unique constraint makes "never twice for one event" true."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=80)
    kind = models.CharField(_("kind"), max_length=30)
    # What it is about, the unit several notifications fold on in a digest ("idea", 7).
    subject_kind = models.CharField(max_length=20)
    subject_id = models.BigIntegerField()
    # Stored when it was made (title, address, who acted): what the centre and mails show.
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out by mail (alone or in a digest); mail is never sent twice for it.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_cause")
        ]
        indexes = [
            # The centre (newest first) and the unread count.
            models.Index(fields=["recipient", "-id"], name="notification_recipient_new"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # The digest run and the pruning.
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unmailed",
            ),
            models.Index(
                fields=["read_at"], condition=Q(read_at__isnull=False), name="notification_read"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} ({self.key})"


class DigestSent(models.Model):
    """A digest went to `person` for the window starting `window` (a day or an ISO week):
    running `send_digests` again in the same window sends nothing twice."""

    class Period(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=6, choices=Period.choices)
    window = models.DateField()
    notification_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent digest")
        verbose_name_plural = _("sent digests")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period", "window"], name="digest_once_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} digest {self.window} for {self.person_id}"
