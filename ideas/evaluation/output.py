"""The workbench's outward shapes: the API, the events and the pages use these alone."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from accounts.output import iso_datetime, organisation_ref, person_ref
from ideas.evaluation.models import Criterion, Evaluation, IdeaAssignment, JuryAssignment
from ideas.models import Idea

if TYPE_CHECKING:
    from ideas.evaluation.selectors import ChallengeFigures, IdeaResult

__all__ = ["person_ref"]  # re-exported for the API's juror list


def decimal_2(value: Fraction | None) -> float | None:
    """An exact average as the API and the pages show it: two decimals."""
    return None if value is None else round(float(value), 2)


def idea_ref(idea: Idea) -> dict:
    return {"id": idea.pk, "title": idea.title}


def assignment_data(idea: Idea, assignment: IdeaAssignment | None) -> dict:
    """Who answers an idea for the city (staff only: goes to `inbox:1` and the inbox API)."""
    return {
        "idea": idea.pk,
        "assignee": person_ref(assignment.assignee) if assignment and assignment.assignee else None,
        "department": organisation_ref(assignment.department) if assignment else None,
        "at": iso_datetime(assignment.assigned_at) if assignment else None,
    }


def inbox_item(idea: Idea) -> dict:
    """An idea in the inbox: what it is, why it waits, since when, and who handles it."""
    assignment = getattr(idea, "assignment", None)
    return {
        "idea": idea_ref(idea),
        "challenge": (
            {"id": idea.challenge_id, "title": idea.challenge.title}
            if idea.challenge_id is not None
            else None
        ),
        "status": idea.status,
        "sector": idea.sector,
        "reason": idea.inbox_reason,
        "waiting_since": iso_datetime(idea.waiting_since),
        "comment_count": idea.comment_count,
        "assignment": assignment_data(idea, assignment),
    }


def criterion_data(criterion: Criterion) -> dict:
    return {"id": criterion.pk, "name": criterion.name, "weight": criterion.weight}


def sheet_data(assignment: JuryAssignment, criteria: list[Criterion]) -> dict:
    """One juror's scoring of one idea: the scores by criterion id, the comment, when."""
    values = {score.criterion_id: score.value for score in assignment.scores.all()}
    return {
        "juror": person_ref(assignment.juror.user),
        "idea": assignment.idea_id,
        "submitted_at": iso_datetime(assignment.submitted_at),
        "comment": assignment.comment,
        "scores": [{"criterion": c.pk, "value": values.get(c.pk)} for c in criteria],
    }


def result_data(evaluation: Evaluation, selected: list[Idea]) -> dict:
    """The jury's published result: public, and the `evaluation.result_published` event."""
    return {
        "challenge": evaluation.challenge_id,
        "statement": evaluation.statement,
        "statement_html": evaluation.statement_html,
        "selected": [idea_ref(idea) for idea in selected],
        "published_at": iso_datetime(evaluation.published_at),
    }


def idea_result_data(result: IdeaResult, criteria: list[Criterion]) -> dict:
    """An idea's standing with the jury (staff only): weighted average, spread, rank."""
    return {
        "idea": {"id": result.idea_id, "title": result.title},
        "rank": result.rank,
        "average": decimal_2(result.average),
        "spread": decimal_2(result.spread),
        "sheets": len(result.sheets),
        "assigned": result.assigned,
        "criteria": [
            {"criterion": c.pk, "average": decimal_2(result.criterion_average(c.pk))}
            for c in criteria
        ],
    }


def figures_data(figures: ChallengeFigures) -> dict:
    """The numbers behind a challenge's charts."""
    median = figures.median_first_answer
    return {
        "ideas": figures.ideas,
        "participants": figures.participants,
        "ideas_by_sector": figures.ideas_by_sector,
        "participants_by_sector": figures.participants_by_sector,
        "participant_share": {k: round(v, 4) for k, v in figures.participant_share().items()},
        "city_share": figures.city_share,
        "by_topic": [
            {"topic": topic.slug, "ideas": ideas, "authors": authors}
            for topic, ideas, authors in figures.by_topic
        ],
        "by_week": [
            {
                "week": week.date().isoformat() if hasattr(week, "date") else str(week),
                "ideas": ideas,
                "authors": authors,
            }
            for week, ideas, authors in figures.by_week
        ],
        "funnel": figures.funnel,
        "answered": figures.answered,
        "median_hours_to_first_answer": (
            None if median is None else round(median.total_seconds() / 3600, 1)
        ),
    }
