"""The idea list's query parameters, checked so that a bad value is a 400 with a message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Sector
from core.pagination import decode_cursor
from ideas.models import Idea
from ideas.selectors import DEFAULT_IDEA_ORDERING, IDEA_ORDERINGS


class IdeaListQuerySerializer(serializers.Serializer):
    challenge = serializers.IntegerField(min_value=1, required=False)
    topic = serializers.SlugField(max_length=60, required=False)
    status = serializers.ChoiceField(choices=Idea.Status.choices, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    organisation = serializers.IntegerField(min_value=1, required=False)
    author = serializers.IntegerField(min_value=1, required=False)
    seeking_cocreators = serializers.BooleanField(required=False, allow_null=True, default=None)
    search = serializers.CharField(max_length=100, required=False, allow_blank=True)
    ordering = serializers.ChoiceField(
        choices=list(IDEA_ORDERINGS), required=False, default=DEFAULT_IDEA_ORDERING
    )
    cursor = serializers.CharField(max_length=200, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=100, required=False)

    def validate(self, attrs: dict) -> dict:
        # A cursor holds the last row's sort value; one made for another ordering (a date
        # where a score is expected) would reach the database as a wrongly typed value.
        token = attrs.pop("cursor", None)
        attrs.pop("page_size", None)
        if token:
            field = IDEA_ORDERINGS[attrs["ordering"]][0].lstrip("-")
            value, _pk = decode_cursor(token)
            ok = {
                "created_at": isinstance(value, str),
                "score": isinstance(value, int) and not isinstance(value, bool),
                "comment_count": isinstance(value, int) and not isinstance(value, bool),
                "hot": isinstance(value, int | float) and not isinstance(value, bool),
            }[field]
            if field == "created_at" and ok:
                ok = serializers.DateTimeField().to_internal_value(value) is not None
            if not ok:
                raise serializers.ValidationError(
                    {"cursor": [_("This cursor belongs to another ordering.")]}
                )
        return attrs
