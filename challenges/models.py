"""Challenges: topics the city asks for ideas on, with a submission window and phases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Topic


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for ideas")
    EVALUATION = "evaluation", _("In evaluation")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class ChallengeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChallengeQuerySet:
        """Drafts are for city staff only."""
        if user is not None and user.is_authenticated and user.is_city_staff:
            return self
        return self.exclude(status=Challenge.Status.DRAFT)


class Challenge(models.Model):
    Status = ChallengeStatus

    # Which phase may follow which. Staff may step back one phase (e.g. reopen after an
    # early close), but a challenge never returns to draft once people have seen it.
    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.EVALUATION, Status.CLOSED},
        Status.EVALUATION: {Status.OPEN, Status.CLOSED},
        Status.CLOSED: {Status.EVALUATION, Status.ARCHIVED},
        Status.ARCHIVED: {Status.CLOSED},
    }
    # The phases in which ideas take votes (while `voting_open`): `accepts_votes`, and the
    # gate of PostgreSQL's one-statement vote (votes.services.VOTE_ALLOWED_SQL).
    VOTING_PHASES = frozenset({Status.OPEN, Status.EVALUATION})

    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), max_length=20_000)
    description_html = models.TextField(editable=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="challenges")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="challenges",
        null=True,
        blank=True,
    )
    opens_at = models.DateTimeField(_("accepts ideas from"), null=True, blank=True)
    closes_at = models.DateTimeField(_("accepts ideas until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    voting_open = models.BooleanField(_("voting open"), default=True)
    # Spam guard (moderation): a person's first idea or comment in this challenge is held,
    # unpublished, until a moderator approves it.
    first_contribution_reviewed = models.BooleanField(
        _("first contribution reviewed"), default=False, db_default=False
    )
    idea_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["status", "-created_at"], name="challenge_status_new")]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="challenge_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ChallengeStatus.values), name="challenge_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def window_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def accepts_ideas(self, now=None) -> bool:
        return self.status == self.Status.OPEN and self.window_open(now)

    def accepts_votes(self) -> bool:
        return self.voting_open and self.status in self.VOTING_PHASES

    def is_read_only(self) -> bool:
        """Ideas of closed or archived challenges take no comments and no edits."""
        return self.status in {self.Status.CLOSED, self.Status.ARCHIVED}

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())
