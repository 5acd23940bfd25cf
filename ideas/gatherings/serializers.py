"""JSON shapes of events: what the API returns (ideas/gatherings/output.py) and what organisers
and attendees send."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Organisation, Topic
from accounts.serializers import OrganisationRefSerializer, TopicRefSerializer
from challenges.models import Challenge
from core.fields import BoundedDateTimeField, SlugRefField
from ideas.gatherings.models import Event, Registration
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
