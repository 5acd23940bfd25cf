"""Reads of the workbench shared by the API and the site: the inbox, the jury's scores and
results, the public result, the charts' figures and the council export."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncWeek
from django.utils import timezone

from accounts.models import CITY_STAFF_PERMISSION, Organisation, Sector, Topic, User
from challenges.models import Challenge
from ideas.evaluation.models import (
    Criterion,
    Evaluation,
    Juror,
    JuryAssignment,
    ResultSelection,
    Score,
)
from ideas.models import Comment, Idea, IdeaStatusChange

# --- The inbox ---------------------------------------------------------------------------------

INBOX_REASONS = ("unanswered", "review_overdue", "new_comments")


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox may be narrowed to (all optional). `assignee` is a user id, or 0 for
    ideas nobody was given."""

    challenge: int | None = None
    topic: str | None = None
    sector: str | None = None
    status: str | None = None
    assignee: int | None = None
    department: int | None = None


def _inbox_conditions(now: datetime) -> dict[str, Q]:
    overdue_before = now - timedelta(days=settings.OIC_INBOX_REVIEW_DAYS)
    return {
        # Submitted is the one status no answer leads to: submitted means unanswered.
        "unanswered": Q(status=Idea.Status.SUBMITTED),
        "review_overdue": Q(status=Idea.Status.UNDER_REVIEW, answered_at__lt=overdue_before),
        "new_comments": Q(answered_at__isnull=False, last_comment_at__gt=F("answered_at")),
    }


def _inbox_base(filters: InboxFilters) -> QuerySet[Idea]:
    # No idea sits in a draft challenge (drafts take none and never come back), so visible()
    # is the whole rule and the order is the index's (`idea_inbox`, no join before the LIMIT).
    qs = Idea.objects.visible()
    if filters.challenge is not None:
        qs = qs.filter(challenge_id=filters.challenge)
    if filters.topic:
        qs = qs.filter(topics__slug=filters.topic)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.assignee == 0:
        qs = qs.filter(assignment__assignee__isnull=True)
    elif filters.assignee is not None:
        qs = qs.filter(assignment__assignee_id=filters.assignee)
    if filters.department is not None:
        qs = qs.filter(assignment__department_id=filters.department)
    return qs


def inbox_ideas(filters: InboxFilters, *, now: datetime | None = None) -> QuerySet[Idea]:
    """Every idea that awaits the city, the longest-waiting first: by when the city last acted
    on it (its last official answer, else its arrival; index `idea_inbox`). Each carries
    `inbox_reason` and `waiting_since`, its challenge and its assignment (one query)."""
    conditions = _inbox_conditions(now or timezone.now())
    awaiting = conditions["unanswered"] | conditions["review_overdue"] | conditions["new_comments"]
    return (
        _inbox_base(filters)
        .filter(awaiting)
        .select_related("challenge", "assignment__assignee", "assignment__department")
        .only(
            "title",
            "status",
            "sector",
            "comment_count",
            "created_at",
            "answered_at",
            "last_comment_at",
            "challenge__title",
            "assignment__assigned_at",
            "assignment__assignee__display_name",
            "assignment__assignee__sector",
            "assignment__department__name",
            "assignment__department__slug",
        )
        .annotate(
            waiting_since=Coalesce("answered_at", "created_at"),
            inbox_reason=Case(
                When(conditions["unanswered"], then=Value("unanswered")),
                When(conditions["review_overdue"], then=Value("review_overdue")),
                default=Value("new_comments"),
                output_field=CharField(),
            ),
        )
        .order_by(Coalesce("answered_at", "created_at").asc(), "id")
    )


def inbox_counts(filters: InboxFilters, *, now: datetime | None = None) -> dict[str, int]:
    """How many ideas await the city for each reason, and in all (one query)."""
    conditions = _inbox_conditions(now or timezone.now())
    unanswered, overdue, commented = (conditions[r] for r in INBOX_REASONS)
    counts = _inbox_base(filters).aggregate(
        unanswered=Count("id", filter=unanswered),
        review_overdue=Count("id", filter=overdue & ~unanswered),
        new_comments=Count("id", filter=commented & ~unanswered & ~overdue),
        total=Count("id", filter=unanswered | overdue | commented),
    )
    return {key: counts[key] or 0 for key in (*INBOX_REASONS, "total")}


def inbox_assignees() -> QuerySet[User]:
    """Who an idea can be given to: city staff (the permission through a group or directly,
    or a superuser), as `User.is_city_staff` decides one by one."""
    app_label, codename = CITY_STAFF_PERMISSION.split(".")
    permission = {"content_type__app_label": app_label, "codename": codename}
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(pk__in=Permission.objects.filter(**permission).values("group__user"))
            | Q(pk__in=Permission.objects.filter(**permission).values("user"))
        )
        .only("display_name", "sector")
        .order_by("display_name", "id")
    )


def inbox_departments() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.CITY_DEPARTMENT).only("name", "slug")


# --- The jury ----------------------------------------------------------------------------------


def evaluation_get(challenge: Challenge) -> Evaluation | None:
    return Evaluation.objects.filter(challenge=challenge).first()


def evaluation_criteria(evaluation: Evaluation | None) -> list[Criterion]:
    return [] if evaluation is None else list(evaluation.criteria.all())


def evaluation_jurors(evaluation: Evaluation | None) -> list[Juror]:
    """Jurors with their ideas and how far they are (two queries)."""
    if evaluation is None:
        return []
    return list(
        evaluation.jurors.select_related("user").prefetch_related(
            Prefetch(
                "assignments",
                JuryAssignment.objects.select_related("idea").only(
                    "juror_id", "submitted_at", "idea__title"
                ),
            )
        )
    )


def scoring_has_begun(evaluation: Evaluation | None) -> bool:
    return (
        evaluation is not None
        and JuryAssignment.objects.filter(
            juror__evaluation=evaluation, submitted_at__isnull=False
        ).exists()
    )


def juror_assignments(*, user: User, challenge: Challenge) -> list[JuryAssignment]:
    """The ideas given to this juror in this challenge, with their own scores (two queries)."""
    if not user.is_authenticated:
        return []
    return list(
        JuryAssignment.objects.filter(juror__user=user, juror__evaluation__challenge=challenge)
        .select_related("idea", "juror__evaluation")
        .prefetch_related("scores")
        .order_by("idea_id")
    )


def jury_seats(user: User) -> QuerySet[Juror]:
    """The juries this person sits on, with their challenges (the jury start page)."""
    if not user.is_authenticated:
        return Juror.objects.none()
    return (
        Juror.objects.filter(user=user)
        .select_related("evaluation__challenge")
        .annotate(
            to_score=Count("assignments", filter=Q(assignments__submitted_at__isnull=True)),
            scored=Count("assignments", filter=Q(assignments__submitted_at__isnull=False)),
        )
        .order_by("-created_at")
    )


def idea_sheets_visible(*, viewer: User, idea: Idea) -> list[JuryAssignment] | None:
    """The submitted scorings of an idea, for city staff, and for a juror of it once they have
    submitted their own (no anchoring). None: this viewer may not see them (yet)."""
    if not viewer.is_authenticated:
        return None
    if not viewer.is_city_staff:
        own = JuryAssignment.objects.filter(juror__user=viewer, idea=idea).first()
        if own is None or own.submitted_at is None:
            return None
    return list(
        JuryAssignment.objects.filter(idea=idea, submitted_at__isnull=False)
        .select_related("juror__user")
        .prefetch_related("scores")
        .order_by("submitted_at", "id")
    )


def peer_sheets(*, user: User, assignments: list[JuryAssignment]) -> dict[int, list]:
    """The other jurors' submitted scorings of the ideas this juror has submitted theirs for
    (the rule of `idea_sheets_visible`), by idea, for the juror's page: two queries."""
    submitted = [a.idea_id for a in assignments if a.submitted_at is not None]
    if not submitted:
        return {}
    evaluation_id = assignments[0].juror.evaluation_id
    sheets: dict[int, list] = defaultdict(list)
    for sheet in (
        JuryAssignment.objects.filter(
            idea_id__in=submitted,
            juror__evaluation_id=evaluation_id,
            submitted_at__isnull=False,
        )
        .exclude(juror__user=user)
        .select_related("juror__user")
        .prefetch_related("scores")
        .order_by("submitted_at", "id")
    ):
        sheets[sheet.idea_id].append(sheet)
    return dict(sheets)


@dataclass
class IdeaResult:
    """An idea's standing with the jury: the mean of the jurors' weighted scores."""

    idea_id: int
    title: str
    sheets: list[Fraction] = field(default_factory=list)
    by_criterion: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    assigned: int = 0
    rank: int | None = None

    @property
    def average(self) -> Fraction | None:
        return sum(self.sheets) / len(self.sheets) if self.sheets else None

    @property
    def spread(self) -> Fraction | None:
        """Disagreement of the jurors: highest minus lowest weighted score."""
        return max(self.sheets) - min(self.sheets) if self.sheets else None

    def criterion_average(self, criterion_id: int) -> Fraction | None:
        values = self.by_criterion.get(criterion_id)
        return Fraction(sum(values), len(values)) if values else None


def weighted_score(values: dict[int, int], weights: dict[int, int]) -> Fraction:
    """One juror's scoring of one idea: Σ weight·value / Σ weight over the criteria."""
    total_weight = sum(weights[c] for c in values)
    return Fraction(sum(weights[c] * v for c, v in values.items()), total_weight)


def jury_results(evaluation: Evaluation | None) -> list[IdeaResult]:
    """Every idea given to the jury, ranked by the average of its weighted scores (unscored
    ideas last); equal averages share a rank. Three queries, whatever the jury's size."""
    if evaluation is None:
        return []
    weights = dict(evaluation.criteria.values_list("id", "weight"))
    results: dict[int, IdeaResult] = {}
    for idea_id, title in (
        JuryAssignment.objects.filter(juror__evaluation=evaluation)
        .values_list("idea_id", "idea__title")
        .order_by("idea_id")
    ):
        result = results.setdefault(idea_id, IdeaResult(idea_id=idea_id, title=title))
        result.assigned += 1
    sheets: dict[int, dict[int, int]] = defaultdict(dict)
    idea_of: dict[int, int] = {}
    for assignment_id, idea_id, criterion_id, value in Score.objects.filter(
        assignment__juror__evaluation=evaluation, assignment__submitted_at__isnull=False
    ).values_list("assignment_id", "assignment__idea_id", "criterion_id", "value"):
        sheets[assignment_id][criterion_id] = value
        idea_of[assignment_id] = idea_id
        results[idea_id].by_criterion[criterion_id].append(value)
    for assignment_id, values in sheets.items():
        results[idea_of[assignment_id]].sheets.append(weighted_score(values, weights))
    ranked = sorted(
        results.values(),
        key=lambda r: (r.average is None, -(r.average or 0), r.idea_id),
    )
    previous, rank = None, 0
    for position, result in enumerate(ranked, start=1):
        if result.average is None:
            break
        if result.average != previous:
            rank, previous = position, result.average
        result.rank = rank
    return ranked


def result_published(challenge: Challenge) -> tuple[Evaluation, list[Idea]] | None:
    """The jury's published result of a challenge and its selected ideas (two queries)."""
    evaluation = Evaluation.objects.filter(challenge=challenge, published_at__isnull=False).first()
    if evaluation is None:
        return None
    selections = ResultSelection.objects.filter(evaluation=evaluation).select_related("idea")
    return evaluation, [s.idea for s in selections]


# --- Charts ------------------------------------------------------------------------------------


def charts_public(challenge: Challenge) -> bool:
    """The challenge page shows its charts once it no longer takes ideas: aggregate numbers,
    never a person, and no longer a running race anyone could be steered by."""
    return challenge.status in {
        Challenge.Status.EVALUATION,
        Challenge.Status.CLOSED,
        Challenge.Status.ARCHIVED,
    }


@dataclass
class ChallengeFigures:
    """What the charts of a challenge show: plain numbers, labelled by the site."""

    ideas_by_sector: dict[str, int]
    participants_by_sector: dict[str, int]
    by_topic: list[tuple[Topic, int, int]]  # topic, ideas, distinct authors
    by_week: list[tuple[datetime, int, int]]  # week's Monday, ideas, distinct authors
    funnel: dict[str, int]  # status -> ideas that reached it
    median_first_answer: timedelta | None
    answered: int
    city_share: dict[str, float]

    @property
    def ideas(self) -> int:
        return sum(self.ideas_by_sector.values())

    @property
    def participants(self) -> int:
        return sum(self.participants_by_sector.values())

    def participant_share(self) -> dict[str, float]:
        total = self.participants
        return {
            s: (self.participants_by_sector.get(s, 0) / total if total else 0.0)
            for s in Sector.values
        }


def challenge_figures(challenge: Challenge) -> ChallengeFigures:
    """Every chart's numbers for one challenge in five queries, whatever its size: ideas and
    participants (who posted an idea, a comment or a vote) per sector, per topic, per week;
    the funnel; the median time from an idea to the city's first answer.

    Each query aggregates in the database and returns a handful of rows: per week, per
    sector, per topic, per status, and the one or two middle waits of the median. Nothing
    here loops over ideas in Python (docs/benchmarks.md, "Charts of one challenge")."""
    ideas = Idea.objects.visible().filter(challenge=challenge)
    # Ideas per week and per sector in one pass over the challenge's ideas: the week rows
    # carry a count per sector, summed here over the (few) weeks.
    per_sector = {f"sector_{s}": Count("id", filter=Q(sector=s)) for s in Sector.values}
    weeks = list(
        ideas.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"), a=Count("author", distinct=True), **per_sector)
        .order_by("week")
    )
    by_week = [(row["week"], row["n"], row["a"]) for row in weeks]
    ideas_by_sector = {
        s: n for s in Sector.values if (n := sum(row[f"sector_{s}"] for row in weeks))
    }
    # Who took part: authors, commenters and voters, as one UNION of ids (cheaper than three
    # ORed IN subqueries); voters through the ideas' reverse relation, no import of votes.
    people = (
        ideas.order_by()
        .values("author_id")
        .union(
            Comment.objects.filter(
                idea__challenge=challenge,
                idea__withdrawn_at__isnull=True,
                idea__hidden_at__isnull=True,
                deleted_at__isnull=True,
                hidden_at__isnull=True,
            )
            .order_by()
            .values("author_id"),
            ideas.order_by().filter(votes__isnull=False).values("votes__user"),
        )
    )
    participants = (
        User.objects.filter(pk__in=people).values("sector").annotate(n=Count("id")).order_by()
    )
    participants_by_sector = {row["sector"]: row["n"] for row in participants}
    topics = (
        Topic.objects.filter(
            ideas__challenge=challenge,
            ideas__withdrawn_at__isnull=True,
            ideas__hidden_at__isnull=True,
        )
        .annotate(
            n_ideas=Count("ideas", distinct=True), n_authors=Count("ideas__author", distinct=True)
        )
        .order_by("position", "slug")
    )
    changes = IdeaStatusChange.objects.filter(
        idea__challenge=challenge, idea__withdrawn_at__isnull=True, idea__hidden_at__isnull=True
    )
    reached = dict(
        changes.values_list("to_status").annotate(n=Count("idea", distinct=True)).order_by()
    )
    funnel = {status: reached.get(status, 0) for status in Idea.Status.values}
    funnel[Idea.Status.SUBMITTED] = sum(ideas_by_sector.values())
    median_first_answer, answered = _median_first_answer(changes)
    return ChallengeFigures(
        ideas_by_sector=ideas_by_sector,
        participants_by_sector=participants_by_sector,
        by_topic=[(t, t.n_ideas, t.n_authors) for t in topics],
        by_week=by_week,
        funnel=funnel,
        median_first_answer=median_first_answer,
        answered=answered,
        city_share=dict(settings.OIC_CITY_SECTOR_SHARE),
    )


def _median_first_answer(changes: QuerySet[IdeaStatusChange]) -> tuple[timedelta | None, int]:
    """The median wait from an idea to its first status change, and how many ideas have one,
    in one query that returns only the middle wait (or the two middle ones): the database
    ranks the waits, Python averages at most two of them exactly as `statistics.median`
    does over all of them.

    An idea's first change is the one with no earlier change (ties on the time broken by id:
    either has the same wait). Row-level, not `GROUP BY idea` with `MIN`, because Django can
    filter on window functions only without grouping."""
    earlier = IdeaStatusChange.objects.filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")),
        idea=OuterRef("idea"),
    )
    middle = list(
        changes.exclude(Exists(earlier))
        .annotate(wait=F("created_at") - F("idea__created_at"))
        .annotate(n=Window(Count("*")), rank=Window(RowNumber(), order_by=F("wait").asc()))
        # Rows (n + 1) // 2 and n // 2 + 1: the same row when n is odd, the two middle ones
        # when it is even.
        .filter(rank__gte=(F("n") + 1) / 2, rank__lte=F("n") / 2 + 1)
        .values_list("wait", "n")
        .order_by()
    )
    if not middle:
        return None, 0
    return statistics.median(wait for wait, _n in middle), middle[0][1]


# --- The council export ------------------------------------------------------------------------


def export_ideas(challenge: Challenge) -> Iterator[Idea]:
    """The challenge's ideas for the council, oldest first, with topics and official answers
    prefetched in chunks (three queries per 500 ideas), so a big export streams."""
    return (
        Idea.objects.visible()
        .filter(challenge=challenge)
        .select_related("organisation")
        .defer("description", "description_html", "organisation__description")
        .prefetch_related(
            "topics",
            Prefetch(
                "status_changes",
                IdeaStatusChange.objects.only("idea_id", "to_status", "response", "created_at"),
            ),
        )
        .order_by("created_at", "id")
        .iterator(chunk_size=500)
    )


# --- Lookups the pages and the API share -------------------------------------------------------


def inbox_page(filters: InboxFilters, *, number, size: int = 50) -> Page:
    """One numbered page of the inbox (past the end: the last page)."""
    return Paginator(inbox_ideas(filters), size).get_page(number)


def ideas_by_ids(ids: list[int]) -> list[Idea]:
    """Visible ideas in the order asked; raises Idea.DoesNotExist when one is missing."""
    found = Idea.objects.visible().in_bulk(ids)
    if len(found) != len(set(ids)):
        raise Idea.DoesNotExist
    return [found[pk] for pk in dict.fromkeys(ids)]


def challenge_ideas_for_jury(challenge: Challenge) -> QuerySet[Idea]:
    """A challenge's ideas as the jury forms list them."""
    return Idea.objects.visible().filter(challenge=challenge).only("title").order_by("id")


def person_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()


def staff_member(pk: int | None) -> User | None:
    return None if not pk else inbox_assignees().filter(pk=pk).first()


def department(pk: int | None) -> Organisation | None:
    return None if not pk else inbox_departments().filter(pk=pk).first()


def inbox_challenges() -> QuerySet[Challenge]:
    return (
        Challenge.objects.exclude(status=Challenge.Status.DRAFT)
        .only("title")
        .order_by("-created_at", "-id")
    )


def criterion_of(challenge: Challenge, pk: int) -> Criterion | None:
    """A criterion of this challenge's jury, or None (another challenge's is unknown here)."""
    return Criterion.objects.filter(pk=pk, evaluation__challenge=challenge).first()
