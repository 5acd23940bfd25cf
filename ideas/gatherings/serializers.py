"""JSON shapes of events: what the API returns (ideas/gatherings/output.py) and what organisers
and attendees send."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Organisation, Sector, Topic
from accounts.serializers import OrganisationRefSerializer, TopicRefSerializer
from challenges.models import Challenge
from core.fields import BoundedDateTimeField, SlugRefField, StrictURLField
from ideas.gatherings.models import (
    TEAM_SIZE_LIMIT,
    Event,
    Registration,
    TeamJoinRequest,
    TeamMember,
)
from ideas.gatherings.output import event_data
from ideas.models import Idea


class EventSerializer(serializers.ModelSerializer):
    """Declares the shape for the OpenAPI document; the output is `event_data`, plus the
    reader's own registration and (for people with a seat) the online link."""

    topics = TopicRefSerializer(many=True, read_only=True)
    organiser = OrganisationRefSerializer(read_only=True)
    seats_left = serializers.IntegerField(read_only=True)
    challenges = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    ideas = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    my_registration = serializers.ChoiceField(
        choices=Registration.Status.choices, allow_null=True, read_only=True
    )
    online_url = serializers.URLField(read_only=True, allow_blank=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "capacity",
            "registered_count",
            "waiting_count",
            "seats_left",
            "status",
            "title",
            "description",
            "kind",
            "topics",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "organiser",
            "challenges",
            "ideas",
            "results",
            "my_registration",
            "online_url",
        ]
        read_only_fields = fields

    def to_representation(self, event: Event) -> dict:
        reader = self.context.get("reader", {})
        mine = reader.get(event.pk, {})
        return {
            **event_data(event),
            "my_registration": mine.get("status"),
            "online_url": mine.get("online_url", ""),
        }


class EventInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Event.Kind.choices, required=False)
    topics = SlugRefField(queryset=Topic.objects.all(), many=True, required=False)
    starts_at = BoundedDateTimeField()
    ends_at = BoundedDateTimeField()
    place = serializers.ChoiceField(choices=Event.Place.choices, required=False)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    online_url = serializers.URLField(required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100_000)
    organiser = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    challenges = serializers.PrimaryKeyRelatedField(
        queryset=Challenge.objects.exclude(status=Challenge.Status.DRAFT),
        many=True,
        required=False,
    )
    ideas = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.visible(), many=True, required=False
    )


class EventUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160, required=False)
    description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    starts_at = BoundedDateTimeField(required=False)
    ends_at = BoundedDateTimeField(required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    results = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    topics = SlugRefField(queryset=Topic.objects.all(), many=True, required=False)
    # The ideas it is about or that came out of it (may be written after the event too).
    ideas = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.visible(), many=True, required=False
    )


class RegistrationInputSerializer(serializers.Serializer):
    share_email = serializers.BooleanField(required=False, default=False)


class RegistrationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Registration.Status.choices)
    share_email = serializers.BooleanField()


class AttendeeSerializer(serializers.Serializer):
    """An attendee as the organiser sees them: name and sector; the email only with consent."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    sector = serializers.CharField()
    status = serializers.ChoiceField(choices=Registration.Status.choices)
    email = serializers.EmailField(allow_null=True)


# --- Hackathons --------------------------------------------------------------------------------


class HackathonSerializer(serializers.Serializer):
    """Declares `output.hackathon_data` for the OpenAPI document."""

    challenge = serializers.IntegerField()
    team_size_min = serializers.IntegerField()
    team_size_max = serializers.IntegerField()
    jury_announced_at = serializers.DateTimeField(allow_null=True)
    jury_statement = serializers.CharField(allow_blank=True)


class HackathonInputSerializer(serializers.Serializer):
    team_size_min = serializers.IntegerField(min_value=1, max_value=TEAM_SIZE_LIMIT)
    team_size_max = serializers.IntegerField(min_value=1, max_value=TEAM_SIZE_LIMIT)


class JuryAnnouncementInputSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=5_000, required=False, allow_blank=True)


class SectorCountSerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=Sector.choices)
    count = serializers.IntegerField()


class PersonRefSerializer(serializers.Serializer):
    """`accounts.output.person_ref`: never the email address."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)


class IdeaRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TeamMemberSerializer(PersonRefSerializer):
    role = serializers.ChoiceField(choices=TeamMember.Role.choices)
    joined_at = serializers.DateTimeField()


class TeamResultSerializer(serializers.Serializer):
    idea = IdeaRefSerializer(allow_null=True)
    code_url = serializers.URLField(allow_blank=True)
    demo_url = serializers.URLField(allow_blank=True)
    submitted_at = serializers.DateTimeField()


class TeamSerializer(serializers.Serializer):
    """Declares `output.team_data` for the OpenAPI document."""

    id = serializers.IntegerField()
    challenge = serializers.IntegerField()
    name = serializers.CharField()
    idea = IdeaRefSerializer()
    member_count = serializers.IntegerField()
    seats_left = serializers.IntegerField()
    sectors = SectorCountSerializer(many=True)
    submitted = serializers.BooleanField()
    dissolved = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    members = TeamMemberSerializer(many=True)
    result = TeamResultSerializer(allow_null=True)


class TeamInputSerializer(serializers.Serializer):
    idea = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    name = serializers.CharField(max_length=80, allow_blank=True)  # the service says why


class JoinRequestInputSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=1_000, required=False, allow_blank=True)


class JoinRequestSerializer(serializers.Serializer):
    """Declares `output.join_request_data`: for the person who asked and the team's lead."""

    id = serializers.IntegerField()
    team = serializers.IntegerField()
    person = PersonRefSerializer()
    message = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=TeamJoinRequest.Status.choices)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class TeamSubmitInputSerializer(serializers.Serializer):
    """The result: an existing idea (`result_idea`) or a new one (`title`, `summary`,
    `description`), and a link to the code, a demo or both."""

    code_url = StrictURLField(max_length=500, required=False, allow_blank=True)
    demo_url = StrictURLField(max_length=500, required=False, allow_blank=True)
    result_idea = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    title = serializers.CharField(max_length=160, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
