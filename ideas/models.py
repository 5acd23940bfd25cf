"""Ideas, their status funnel with official responses, and comments."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Sector, Topic
from challenges.models import Challenge

# Reddit's "hot" formula: log-damped score plus creation time, so one stored, indexed number
# orders by "score decayed by age" without scanning. 45,000 s (12.5 h) of age weigh as much
# as a tenfold score.
HOT_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
HOT_HALF_LIFE_SECONDS = 45_000


def hot_score(score: int, created_at: datetime) -> float:
    """Not rounded: PostgreSQL's one-statement vote (votes.services) computes the same float
    bit for bit with the same operations (libm's log10, correctly rounded conversions and
    divisions), and a test holds the two equal."""
    magnitude = math.log10(max(abs(score), 1))
    sign = (score > 0) - (score < 0)
    return sign * magnitude + (created_at - HOT_EPOCH).total_seconds() / HOT_HALF_LIFE_SECONDS


# The shortest title and summary that can tell anyone what an idea is. Declared once here: the
# model's full_clean (so every service), the site's form and the API's input use these.
IDEA_TITLE_MIN_LENGTH = 5
IDEA_SUMMARY_MIN_LENGTH = 15


class IdeaTextMinLength(MinLengthValidator):
    """A minimum length with a message of its own: its code differs from Django's
    `min_length`, so a form's generic `min_length` message never replaces this one."""

    code = "idea_text_too_short"


IDEA_TITLE_VALIDATORS = [
    IdeaTextMinLength(
        IDEA_TITLE_MIN_LENGTH,
        message=_(
            "Please give the title at least %(limit_value)d characters (it has %(show_value)d)."
        ),
    )
]
IDEA_SUMMARY_VALIDATORS = [
    IdeaTextMinLength(
        IDEA_SUMMARY_MIN_LENGTH,
        message=_(
            "Please write a summary of at least %(limit_value)d characters (it has %(show_value)d)."
        ),
    )
]


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    SELECTED = "selected", _("Selected")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_PURSUED = "not_pursued", _("Not pursued")


class IdeaQuerySet(models.QuerySet):
    def visible(self) -> IdeaQuerySet:
        """Ideas anyone may see: neither withdrawn nor hidden by moderation. (No idea can sit
        in a draft challenge: drafts take no ideas, and a challenge never returns to draft.)"""
        return self.filter(withdrawn_at__isnull=True, hidden_at__isnull=True)


class Idea(models.Model):
    Status = IdeaStatus

    # The funnel: forward one step at a time, or out to "not pursued" from any open stage.
    # Staff may bring a "not pursued" idea back to review when circumstances change.
    TRANSITIONS: dict[str, set[str]] = {
        Status.SUBMITTED: {Status.UNDER_REVIEW, Status.NOT_PURSUED},
        Status.UNDER_REVIEW: {Status.SELECTED, Status.NOT_PURSUED},
        Status.SELECTED: {Status.IN_PROGRESS, Status.NOT_PURSUED},
        Status.IN_PROGRESS: {Status.IMPLEMENTED, Status.NOT_PURSUED},
        Status.IMPLEMENTED: set(),
        Status.NOT_PURSUED: {Status.UNDER_REVIEW},
    }

    title = models.CharField(_("title"), max_length=160, validators=IDEA_TITLE_VALIDATORS)
    summary = models.CharField(_("summary"), max_length=300, validators=IDEA_SUMMARY_VALIDATORS)
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    description_html = models.TextField(editable=False, blank=True)
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name="ideas",
        null=True,
        blank=True,
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas"
    )
    # The author's sector when the idea was posted: where the idea comes from.
    sector = models.CharField(max_length=20, choices=Sector.choices, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="ideas",
        null=True,
        blank=True,
    )
    seeking_cocreators = models.BooleanField(_("looking for co-creators"), default=False)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED
    )
    up_count = models.PositiveIntegerField(default=0, editable=False)
    down_count = models.PositiveIntegerField(default=0, editable=False)
    score = models.IntegerField(default=0, editable=False)
    hot = models.FloatField(default=0.0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the city last answered officially (a status change) and when someone last
    # commented: the city team's inbox filters and orders by them (ideas/evaluation/), so they
    # are columns with indexes rather than a subquery per idea.
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_comment_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Hidden by moderation (the platform's moderation capability decides; ideas/moderation.py
    # hides): absent from every public list, its page a placeholder with the public reason.
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.CharField(max_length=500, blank=True, editable=False, db_default="")

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]
        _live = Q(withdrawn_at__isnull=True)
        indexes = [
            models.Index(fields=["-created_at", "-id"], condition=_live, name="idea_new"),
            models.Index(fields=["-score", "-id"], condition=_live, name="idea_top"),
            models.Index(fields=["-hot", "-id"], condition=_live, name="idea_trending"),
            models.Index(fields=["-comment_count", "-id"], condition=_live, name="idea_discussed"),
            models.Index(
                fields=["challenge", "-created_at", "-id"], condition=_live, name="idea_ch_new"
            ),
            models.Index(
                fields=["challenge", "-score", "-id"], condition=_live, name="idea_ch_top"
            ),
            models.Index(
                fields=["challenge", "-hot", "-id"], condition=_live, name="idea_ch_trending"
            ),
            models.Index(
                fields=["challenge", "-comment_count", "-id"],
                condition=_live,
                name="idea_ch_discussed",
            ),
            models.Index(fields=["author", "-created_at"], name="idea_author_new"),
            models.Index(fields=["status", "-created_at"], condition=_live, name="idea_status"),
            models.Index(fields=["sector", "-created_at"], condition=_live, name="idea_sector"),
            # The inbox: oldest first by when the city last acted (answered, or the idea came).
            models.Index(
                Coalesce("answered_at", "created_at"), "id", condition=_live, name="idea_inbox"
            ),
            models.Index(
                "challenge",
                Coalesce("answered_at", "created_at"),
                "id",
                condition=_live,
                name="idea_ch_inbox",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score=models.F("up_count") - models.F("down_count")),
                name="idea_score_is_up_minus_down",
            ),
            models.CheckConstraint(
                condition=Q(status__in=IdeaStatus.values), name="idea_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def is_read_only(self) -> bool:
        return self.challenge_id is not None and self.challenge.is_read_only()

    def accepts_votes(self) -> bool:
        return self.challenge_id is None or self.challenge.accepts_votes()

    def author_may_edit(self) -> bool:
        """Authors edit while the challenge is open (free ideas: until the city decides)."""
        if self.challenge_id is None:
            return self.status in {self.Status.SUBMITTED, self.Status.UNDER_REVIEW}
        return self.challenge.status == Challenge.Status.OPEN

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class FullTextDocument(models.TextField):
    """The hidden column of an SQLite FTS5 table, named like the table: the left side of
    `MATCH` and the first argument of `bm25()`."""


@FullTextDocument.register_lookup
class FullTextMatch(models.Lookup):
    """`<fts table> MATCH <expression>` (a lookup, not an expression, so that the ORM makes the
    join to the FTS table an inner join and SQLite can start from the index)."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class IdeaSearchText(models.Model):
    """SQLite only: the FTS5 table `ideas_idea_fts` of each idea's stemmed title, summary and
    description, kept in step with the ideas table by triggers (migration 0007). Read by
    ideas.search; never written through Django. PostgreSQL has no such table: there the
    ideas table carries a `tsvector` column instead."""

    idea = models.OneToOneField(
        Idea,
        primary_key=True,
        db_column="rowid",
        # The table does not exist on PostgreSQL: deleting an idea must never look here
        # (SQLite's trigger removes the row).
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_text",
    )
    title = models.TextField()
    summary = models.TextField()
    description = models.TextField()
    document = FullTextDocument(db_column="ideas_idea_fts")

    class Meta:
        managed = False
        db_table = "ideas_idea_fts"

    def __str__(self) -> str:
        return f"search text of idea {self.idea_id}"


class IdeaStatusChange(models.Model):
    """One step through the funnel, with the city's official public response."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=14, choices=Idea.Status.choices)
    to_status = models.CharField(max_length=14, choices=Idea.Status.choices)
    response = models.TextField(_("official response"), blank=True, max_length=10_000)
    response_html = models.TextField(editable=False, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [
            models.Index(fields=["idea", "created_at"], name="idea_status_change_idea"),
            # The home page's recent activity: the newest changes anywhere.
            models.Index(fields=["-created_at", "-id"], name="idea_status_change_new"),
        ]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} -> {self.to_status}"


class Comment(models.Model):
    """A comment on an idea, or a reply to one (one level deep)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, related_name="replies", null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=5_000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Hidden by moderation: keeps its place in the thread as a placeholder with the reason.
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.CharField(max_length=500, blank=True, editable=False, db_default="")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["idea", "created_at", "id"],
                condition=Q(parent__isnull=True),
                name="comment_thread_roots",
            ),
            models.Index(fields=["author", "-created_at"], name="comment_author_new"),
            # The home page's recent activity: the newest comments that are not deleted.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(deleted_at__isnull=True),
                name="comment_new",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.id} on idea {self.idea_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CocreatorOffer(models.Model):
    """Someone offers to help make an idea real. Public: the idea's page lists the offers."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="cocreator_offers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cocreator_offers"
    )
    message = models.TextField(_("how you would help"), max_length=2_000)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.CharField(max_length=500, blank=True, editable=False, db_default="")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("co-creator offer")
        verbose_name_plural = _("co-creator offers")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="cocreator_offer_one_per_person"),
        ]
        indexes = [models.Index(fields=["idea", "created_at", "id"], name="cocreator_offer_idea")]

    def __str__(self) -> str:
        return f"{self.user_id} offers help on idea {self.idea_id}"
