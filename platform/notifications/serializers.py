"""API shapes of notifications (the dicts come from notifications/output.py)."""

from __future__ import annotations

from rest_framework import serializers

from notifications import output
from notifications.models import EmailFrequency, Notification


class SubjectSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    subject = SubjectSerializer()
    actor = serializers.CharField(allow_null=True)
    read = serializers.BooleanField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "url", "subject", "actor", "read", "created_at"]

    def to_representation(self, notification: Notification) -> dict:
        return output.notification_data(notification)


class UnreadSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()


class FollowStateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    follower_count = serializers.IntegerField()
    following = serializers.BooleanField()


class PreferencesSerializer(serializers.Serializer):
    """Kind -> "immediately" | "daily" | "weekly" | "never"."""

    email = serializers.DictField(child=serializers.ChoiceField(EmailFrequency.choices))
