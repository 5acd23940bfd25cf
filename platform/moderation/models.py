"""Reports, the moderation state of each reported item, decisions, appeals, blocks, appointed
moderators and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    INSULT = "insult", _("Insult or harassment")
    OFF_TOPIC = "off_topic", _("Off-topic")
    PERSONAL_DATA = "personal_data", _("Personal data of others")
    ILLEGAL = "illegal", _("Illegal content")


class DecisionKind(models.TextChoices):
    DISMISS = "dismiss", _("Reports dismissed")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    EDIT_REQUEST = "edit_request", _("Asked to edit")
    WARN = "warn", _("Warning")
    BLOCK = "block", _("Blocked")


class Ground(models.TextChoices):
    HOUSE_RULES = "house_rules", _("House rules (Netiquette)")
    LAW = "law", _("Law")


class ItemState(models.Model):
    """The moderation state of one reported item (`kind`, `object_id`): the row a report or
    a decision locks (select_for_update), so concurrent reports count right."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    challenge_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)
    open_reports = models.PositiveIntegerField(default=0)
    # A first contribution held for review (a challenge's "first contribution reviewed"): in
    # the queue until a moderator restores (approves) it or decides otherwise.
    held = models.BooleanField(default=False)
    first_open_report_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="moderation_item_once")
        ]
        indexes = [
            models.Index(
                fields=["first_open_report_at"],
                condition=Q(open_reports__gt=0) | Q(held=True),
                name="moderation_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class Decision(models.Model):
    """One moderation decision on an item, with the reason its author is told."""

    Kind = DecisionKind
    item = models.ForeignKey(ItemState, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    reason = models.TextField(max_length=2_000)
    ground = models.CharField(max_length=20, choices=Ground.choices, default=Ground.HOUSE_RULES)
    law = models.CharField(max_length=200, blank=True)
    automated = models.BooleanField(default=False)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    block_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # How long the reports it closed waited (for the transparency page's median).
    waited_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], name="moderation_decision_at")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.item_id}"


class Report(models.Model):
    """One report of one item. Open (decision null) until a decision closes it; one open report
    per person and item (the constraint makes it true, the locked item state answers first)."""

    Reason = ReportReason
    item = models.ForeignKey(ItemState, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Only for reports without an account (illegal content): where to tell the outcome.
    email = models.EmailField(blank=True)
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    text = models.TextField(max_length=2_000)
    law = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "reporter"],
                condition=Q(decision__isnull=True, reporter__isnull=False),
                name="moderation_one_open_report_per_person",
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=False) | ~Q(email=""),
                name="moderation_report_has_contact",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="moderation_report_at")]

    def __str__(self) -> str:
        return f"{self.reason} report on {self.item_id}"


class Appeal(models.Model):
    """The affected person contests a decision, once; another moderator decides."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Decision upheld")
        REVERSED = "reversed", _("Decision reversed")

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="appeal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2_000)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(max_length=2_000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Appeal of decision {self.decision_id}"


class Block(models.Model):
    """A person may read but not write until `until` (None: permanently), unless lifted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="block")
    reason = models.TextField(max_length=2_000)
    until = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user"], name="moderation_block_user")]

    def __str__(self) -> str:
        return f"Block of {self.user_id}"


class Moderator(models.Model):
    """Someone city staff appointed: for every challenge (challenge_id null) or for one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    challenge_id = models.PositiveBigIntegerField(null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "challenge_id"], name="moderation_moderator_once"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(challenge_id__isnull=True),
                name="moderation_moderator_global_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Moderator {self.user_id} ({self.challenge_id or 'all'})"


class AppendOnly(Exception):
    """The audit log is append-only: nothing edits or deletes an entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The moderation audit log cannot be changed.")

    def delete(self):
        raise AppendOnly("The moderation audit log cannot be changed.")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnly("The moderation audit log cannot be changed.")


class AuditEntry(models.Model):
    """Who did what to which item, when and why. Append-only: save() of an existing entry and
    delete() raise, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002)."""

    at = models.DateTimeField(default=timezone.now)
    # No database constraint and nothing done on delete: an entry is never rewritten, so when
    # someone deletes their account (privacy) it keeps the number of an account that is gone.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    action = models.CharField(max_length=40)
    item = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.item}"

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnly("The moderation audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The moderation audit log cannot be changed.")
