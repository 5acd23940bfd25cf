"""JSON shapes of challenges: what the API returns, and what staff may send."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation, Topic
from accounts.serializers import OrganisationRefSerializer, TopicRefSerializer
from challenges.models import Challenge
from challenges.output import challenge_data, challenge_ref
from core.fields import BoundedDateTimeField, SlugRefField

# Output serializers declare their shape for the OpenAPI document; their output is the one
# shape of challenges/output.py, which the event payloads use too.


class ChallengeRefSerializer(serializers.ModelSerializer):
    """A challenge as an idea refers to it."""

    class Meta:
        model = Challenge
        fields = ["id", "title", "status"]

    def to_representation(self, challenge: Challenge) -> dict:
        return challenge_ref(challenge)


class ChallengeSerializer(serializers.ModelSerializer):
    topics = TopicRefSerializer(many=True, read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    accepts_ideas = serializers.SerializerMethodField()

    class Meta:
        model = Challenge
        fields = [
            "id",
            "title",
            "summary",
            "description",
            "description_html",
            "topics",
            "organisation",
            "opens_at",
            "closes_at",
            "status",
            "voting_open",
            "accepts_ideas",
            "idea_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_accepts_ideas(self, challenge: Challenge) -> bool:
        return challenge.accepts_ideas()

    def to_representation(self, challenge: Challenge) -> dict:
        return challenge_data(challenge)


class ChallengeInputSerializer(serializers.Serializer):
    """Staff input; the service checks the rules (window order, phase transitions)."""

    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=20_000)
    topics = SlugRefField(queryset=Topic.objects.all(), many=True, required=False)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    opens_at = BoundedDateTimeField(allow_null=True, required=False)
    closes_at = BoundedDateTimeField(allow_null=True, required=False)
    voting_open = serializers.BooleanField(required=False)
    status = serializers.ChoiceField(choices=Challenge.Status.choices, required=False)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "topics" in values:
            values["topics"] = list(values["topics"])
        return values
