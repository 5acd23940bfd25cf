"""The payload of a vote event: the idea's new tallies, never who voted."""

from __future__ import annotations

from ideas.models import Idea
from ideas.output import tallies


def tallies_event(idea: Idea) -> dict:
    """The idea's tallies as the vote API answers them, without the reader's own vote (`mine`),
    plus `idea`, the id of the idea they belong to."""
    return {"idea": idea.pk, **tallies(idea, for_reader=False)}
