"""Every write of the workbench: assigning ideas, bulk answers, the jury and its result.

Each refusal raises before anything is written (PermissionDenied 403, ValidationError 400,
StateConflict 409) and every service runs in one transaction, so a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import realtime
from accounts.models import Organisation, User
from challenges.models import Challenge
from core.errors import StateConflict
from core.markup import render_comment
from ideas import services as idea_services
from ideas.evaluation import output
from ideas.evaluation.events import INBOX_STREAM
from ideas.evaluation.models import (
    SCORE_MAX,
    SCORE_MIN,
    Criterion,
    Evaluation,
    IdeaAssignment,
    Juror,
    JuryAssignment,
    ResultSelection,
    Score,
)
from ideas.models import Idea
from mail.services import mail_compose, mail_queue

# --- Who may do what ---------------------------------------------------------------------------


def workbench_can_use(*, user: User) -> bool:
    """The inbox, the jury's set-up and results, exports and charts: city staff only."""
    return user.is_authenticated and user.is_city_staff


def _require_staff(user: User) -> None:
    if not workbench_can_use(user=user):
        raise PermissionDenied(_("Only city staff may do this."))


# --- The inbox ---------------------------------------------------------------------------------


@transaction.atomic
def idea_assign(
    *,
    actor: User,
    idea: Idea,
    assignee: User | None = None,
    department: Organisation | None = None,
) -> IdeaAssignment | None:
    """Give an idea to a colleague (city staff) and/or a city department; neither: unassign."""
    _require_staff(actor)
    if assignee is not None and not assignee.is_city_staff:
        raise ValidationError({"assignee": [_("Ideas can only be assigned to city staff.")]})
    if department is not None and department.kind != Organisation.Kind.CITY_DEPARTMENT:
        raise ValidationError({"department": [_("This organisation is no city department.")]})
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.withdrawn_at is not None:
        raise StateConflict(_("This idea has been withdrawn."))
    assignment = None
    if assignee is None and department is None:
        IdeaAssignment.objects.filter(idea=idea).delete()
    else:
        assignment, _created = IdeaAssignment.objects.update_or_create(
            idea=idea,
            defaults={
                "assignee": assignee,
                "department": department,
                "assigned_by": actor,
                "assigned_at": timezone.now(),
            },
        )
    realtime.publish(INBOX_STREAM, "inbox.assigned", output.assignment_data(idea, assignment))
    return assignment


@transaction.atomic
def ideas_set_status_bulk(
    *, actor: User, ideas: Iterable[Idea], status: str, response: str
) -> list[Idea]:
    """One official response for several ideas: each gets its own history entry and event
    (through `idea_set_status`). All or nothing: if one idea cannot move, none moves."""
    _require_staff(actor)
    ideas = list(ideas)
    if not ideas:
        raise ValidationError({"ideas": [_("Please choose at least one idea.")]})
    if not (response or "").strip():
        raise ValidationError({"response": [_("Please write the official response.")]})
    return [
        idea_services.idea_set_status(actor=actor, idea=idea, status=status, response=response)
        for idea in ideas
    ]


# --- The jury ----------------------------------------------------------------------------------


def evaluation_of(challenge: Challenge, *, lock: bool = False) -> Evaluation:
    """The challenge's evaluation, made on first use."""
    evaluation, _created = Evaluation.objects.get_or_create(challenge=challenge)
    if lock:
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    return evaluation


def _check_criteria_open(evaluation: Evaluation) -> None:
    if JuryAssignment.objects.filter(
        juror__evaluation=evaluation, submitted_at__isnull=False
    ).exists():
        raise StateConflict(_("Scoring has begun: the criteria can no longer change."))


@transaction.atomic
def criterion_add(*, actor: User, challenge: Challenge, name: str, weight: int) -> Criterion:
    _require_staff(actor)
    evaluation = evaluation_of(challenge, lock=True)
    _check_criteria_open(evaluation)
    name = (name or "").strip()
    if evaluation.criteria.filter(name__iexact=name).exists():
        raise ValidationError({"name": [_("This challenge already has this criterion.")]})
    criterion = Criterion(
        evaluation=evaluation,
        name=name,
        weight=weight,
        position=evaluation.criteria.count(),
    )
    criterion.full_clean(exclude=["evaluation"])
    criterion.save()
    return criterion


@transaction.atomic
def criterion_remove(*, actor: User, criterion: Criterion) -> None:
    _require_staff(actor)
    evaluation = Evaluation.objects.select_for_update().get(pk=criterion.evaluation_id)
    _check_criteria_open(evaluation)
    criterion.delete()


@transaction.atomic
def juror_add(
    *, actor: User, challenge: Challenge, user: User, ideas: Iterable[Idea] = ()
) -> Juror:
    """Invite someone with an account to the jury and give them ideas to score (again: more
    ideas). Ideas must belong to the challenge."""
    _require_staff(actor)
    evaluation = evaluation_of(challenge, lock=True)
    if evaluation.is_closed:
        raise StateConflict(_("The evaluation is closed."))
    if not user.is_active:
        raise ValidationError({"user": [_("This account is not active.")]})
    ideas = list(ideas)
    if any(idea.challenge_id != challenge.pk or idea.withdrawn_at for idea in ideas):
        raise ValidationError({"ideas": [_("Jurors score ideas of this challenge only.")]})
    juror, created = Juror.objects.get_or_create(
        evaluation=evaluation, user=user, defaults={"invited_by": actor}
    )
    if created:
        _queue_invitation(juror=user, challenge=challenge)
    JuryAssignment.objects.bulk_create(
        [JuryAssignment(juror=juror, idea=idea) for idea in ideas], ignore_conflicts=True
    )
    return juror


def _queue_invitation(*, juror: User, challenge: Challenge) -> None:
    """Mail the new juror the link to their scoring page, in their language (the worker sends
    it after commit; a refused invitation rolls the mail back with it)."""
    url = settings.SITE_URL + reverse("frontend:jury_challenge", args=[challenge.pk])
    message = mail_compose(
        template="evaluation/mail/juror_invited",
        context={"user": juror, "challenge": challenge, "url": url},
        language=juror.language or "de",
    )
    mail_queue(to=juror.email, message=message)


def jury_can_score(*, user: User, idea: Idea) -> bool:
    """Only a juror the idea was assigned to scores it."""
    return (
        user.is_authenticated
        and JuryAssignment.objects.filter(juror__user=user, idea=idea).exists()
    )


@transaction.atomic
def jury_score(
    *, juror: User, idea: Idea, scores: Mapping[int, int], comment: str = ""
) -> JuryAssignment:
    """A juror's scoring of one idea: a value on the 1–5 scale for every criterion and a
    comment, submitted once. Locks the juror's assignment row, so two submissions queue and
    the second finds the first (the unique (assignment, criterion) makes it true anyway)."""
    assignment = (
        JuryAssignment.objects.select_for_update(of=("self",))
        .select_related("juror__evaluation")
        .filter(juror__user=juror, idea=idea)
        .first()
        if juror.is_authenticated
        else None
    )
    if assignment is None:
        raise PermissionDenied(_("Only the jurors this idea was given to score it."))
    evaluation = assignment.juror.evaluation
    if evaluation.is_closed:
        raise StateConflict(_("The evaluation is closed: no more scores."))
    if assignment.submitted_at is not None:
        raise StateConflict(_("You have already scored this idea."))
    criteria = list(evaluation.criteria.all())
    if not criteria:
        raise StateConflict(_("The jury has no criteria yet."))
    errors = {}
    values: dict[int, int] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not (SCORE_MIN <= value <= SCORE_MAX)
        ):
            errors[f"score_{criterion.pk}"] = [
                _("Please score “%(criterion)s” from %(min)d to %(max)d.")
                % {"criterion": criterion.name, "min": SCORE_MIN, "max": SCORE_MAX}
            ]
        else:
            values[criterion.pk] = value
    unknown = set(scores) - {c.pk for c in criteria}
    if unknown:
        errors["scores"] = [_("These are not criteria of this jury: %s") % sorted(unknown)]
    if len(comment or "") > 5_000:
        errors["comment"] = [_("Please keep the comment under 5,000 characters.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Score.objects.bulk_create(
                [Score(assignment=assignment, criterion_id=pk, value=v) for pk, v in values.items()]
            )
    except IntegrityError as exc:  # a second submission that slipped past the lock
        raise StateConflict(_("You have already scored this idea.")) from exc
    assignment.comment = (comment or "").strip()
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["comment", "submitted_at"])
    return assignment


@transaction.atomic
def evaluation_close(*, actor: User, challenge: Challenge) -> Evaluation:
    """No scores after this."""
    _require_staff(actor)
    evaluation = evaluation_of(challenge, lock=True)
    if evaluation.is_closed:
        raise StateConflict(_("The evaluation is already closed."))
    evaluation.closed_at = timezone.now()
    evaluation.save(update_fields=["closed_at"])
    return evaluation


@transaction.atomic
def evaluation_publish(
    *, actor: User, challenge: Challenge, ideas: Iterable[Idea], statement: str
) -> Evaluation:
    """Publish the jury's result: the selected ideas (in this order) with a public statement.
    Closes the evaluation; once published the result stands (a correction is a new issue)."""
    _require_staff(actor)
    evaluation = evaluation_of(challenge, lock=True)
    if evaluation.is_published:
        raise StateConflict(_("The result has already been published."))
    if challenge.status == Challenge.Status.DRAFT:
        raise StateConflict(_("A draft challenge has no result to publish."))
    ideas = list(dict.fromkeys(ideas))
    errors = {}
    if not ideas:
        errors["ideas"] = [_("Please choose the selected ideas.")]
    elif any(idea.challenge_id != challenge.pk or idea.withdrawn_at for idea in ideas):
        errors["ideas"] = [_("Only ideas of this challenge can be selected.")]
    if not (statement or "").strip():
        errors["statement"] = [_("Please write the jury's statement.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    evaluation.statement = statement.strip()
    evaluation.statement_html = render_comment(evaluation.statement)
    evaluation.published_at = now
    evaluation.published_by = actor
    evaluation.closed_at = evaluation.closed_at or now
    evaluation.full_clean(exclude=["challenge", "published_by"])
    evaluation.save()
    ResultSelection.objects.bulk_create(
        [
            ResultSelection(evaluation=evaluation, idea=idea, position=n)
            for n, idea in enumerate(ideas)
        ]
    )
    realtime.publish(
        [realtime.stream_name("challenge", challenge.pk), "feed"],
        "evaluation.result_published",
        output.result_data(evaluation, ideas),
    )
    return evaluation


def assignments_erase_of(*, user: User, placeholder: User, keep_contributions: bool) -> None:
    """Account deletion: ideas assigned to the person go back to nobody (the inbox shows them
    unassigned again, or assigned to the department alone); who assigned them is the city's
    record and moves to the placeholder."""
    assigned = IdeaAssignment.objects.filter(assignee=user)
    assigned.filter(department__isnull=True).delete()
    assigned.update(assignee=None)
