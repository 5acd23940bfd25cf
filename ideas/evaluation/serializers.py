"""Input of the workbench's API (the output is the dicts of ideas/evaluation/output.py)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Sector
from core.pagination import MAX_INT
from ideas.evaluation.models import SCORE_MAX, SCORE_MIN
from ideas.models import Idea


class InboxQuerySerializer(serializers.Serializer):
    challenge = serializers.IntegerField(required=False, min_value=1, max_value=MAX_INT)
    topic = serializers.SlugField(required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    status = serializers.ChoiceField(choices=Idea.Status.choices, required=False)
    assignee = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_INT,
        help_text="A colleague's id; 0: ideas nobody was given.",
    )
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_INT)


class BulkStatusInputSerializer(serializers.Serializer):
    ideas = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INT), min_length=1, max_length=100
    )
    status = serializers.ChoiceField(choices=Idea.Status.choices)
    response = serializers.CharField(max_length=10_000)


class AssignmentInputSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, allow_null=True, required=False
    )
    department = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, allow_null=True, required=False
    )


class CriterionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    weight = serializers.IntegerField(min_value=1, max_value=100)


class JurorInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    ideas = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INT),
        required=False,
        max_length=500,
    )


class ScoreEntrySerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    value = serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX)


class ScoreInputSerializer(serializers.Serializer):
    scores = ScoreEntrySerializer(many=True)
    comment = serializers.CharField(max_length=5_000, required=False, allow_blank=True)


class PublishInputSerializer(serializers.Serializer):
    ideas = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INT), min_length=1, max_length=100
    )
    statement = serializers.CharField(max_length=10_000)
