"""The workbench's own rows: who in the city handles an idea, and the jury of a challenge."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from challenges.models import Challenge
from ideas.models import Idea

# Every criterion is scored on the same scale: 1 (poor) to 5 (excellent).
SCORE_MIN, SCORE_MAX = 1, 5


class IdeaAssignment(models.Model):
    """The colleague and/or the department that answers an idea for the city."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="assignment")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.CITY_DEPARTMENT},
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["assignee"], name="inbox_assignee")]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | Q(department__isnull=False),
                name="inbox_assignment_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"idea {self.idea_id} -> {self.assignee_id or ''}/{self.department_id or ''}"


class Evaluation(models.Model):
    """A challenge's jury evaluation: criteria, jurors, their scores and the published result."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="evaluation")
    closed_at = models.DateTimeField(null=True, blank=True)
    statement = models.TextField(_("the jury's public statement"), blank=True, max_length=10_000)
    statement_html = models.TextField(editable=False, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"Evaluation of challenge {self.challenge_id}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Criterion(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=80)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="criterion_name_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Juror(models.Model):
    """Someone invited to score: city staff or a named outside expert with an account."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="juror_once_per_jury")
        ]

    def __str__(self) -> str:
        return f"juror {self.user_id} of {self.evaluation_id}"


class JuryAssignment(models.Model):
    """One idea a juror is to score. The scoring is one sheet, submitted once."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="jury_assignments")
    comment = models.TextField(_("comment"), blank=True, max_length=5_000)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["idea_id", "id"]
        verbose_name = _("idea for a juror")
        verbose_name_plural = _("ideas for jurors")
        constraints = [
            models.UniqueConstraint(fields=["juror", "idea"], name="jury_assignment_once")
        ]
        indexes = [models.Index(fields=["idea", "submitted_at"], name="jury_assignment_idea")]

    def __str__(self) -> str:
        return f"idea {self.idea_id} for juror {self.juror_id}"


class Score(models.Model):
    assignment = models.ForeignKey(JuryAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            # No double scoring, also under a race of two submissions.
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX), name="score_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.criterion_id}"


class ResultSelection(models.Model):
    """An idea the published result selects, in the jury's order."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="selections")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "idea"], name="result_selects_once")
        ]

    def __str__(self) -> str:
        return f"idea {self.idea_id} selected"
