"""The idea list's query parameters, checked so that a bad value is a 400 with a message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Sector
from core.pagination import INVALID_CURSOR_MESSAGE, MAX_INT, InvalidCursor, cursor_position
from ideas.models import Idea
from ideas.selectors import DEFAULT_IDEA_ORDERING, IDEA_ORDERINGS

ORDER_HELP = "One of trending (the default), new, top, discussed."


def _order_field(help_text: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=list(IDEA_ORDERINGS),
        required=False,
        help_text=help_text,
        error_messages={
            "invalid_choice": _("Unknown order “{input}”: use trending, new, top or discussed.")
        },
    )


class IdeaListQuerySerializer(serializers.Serializer):
    challenge = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    topic = serializers.SlugField(max_length=60, required=False)
    status = serializers.ChoiceField(choices=Idea.Status.choices, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    # The web site's addresses name organisations by slug, the API's objects by id: both work.
    organisation = serializers.RegexField(
        r"^[-a-zA-Z0-9_]+$",
        max_length=140,
        required=False,
        help_text="The organisation's id or slug.",
        error_messages={"invalid": _("Give an organisation's id or slug.")},
    )
    author = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    seeking_cocreators = serializers.BooleanField(required=False, allow_null=True, default=None)
    search = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Words in the title, summary or description.",
    )
    # One name across the site and the API: `order`. `ordering` (DRF's usual spelling) is
    # accepted too; an unknown value is a 400, never silently the default.
    order = _order_field(ORDER_HELP)
    ordering = _order_field("The same as `order`.")
    cursor = serializers.CharField(max_length=200, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=100, required=False)

    def validate_organisation(self, value: str) -> int | str:
        if value.isdigit():
            if not 1 <= int(value) <= MAX_INT:
                raise serializers.ValidationError(_("Give an organisation's id or slug."))
            return int(value)
        return value

    def validate(self, attrs: dict) -> dict:
        order, alias = attrs.pop("order", None), attrs.pop("ordering", None)
        if order and alias and order != alias:
            raise serializers.ValidationError(
                {"order": [_("Give the order once: `order` and `ordering` disagree.")]}
            )
        attrs["order"] = order or alias or DEFAULT_IDEA_ORDERING
        # A cursor holds the last row's sort value; one made for another ordering (a date
        # where a score is expected) would reach the database as a wrongly typed value.
        token = attrs.pop("cursor", None)
        attrs.pop("page_size", None)
        if token:
            try:
                cursor_position(Idea.objects.all(), IDEA_ORDERINGS[attrs["order"]], token)
            except InvalidCursor as exc:
                raise serializers.ValidationError({"cursor": [INVALID_CURSOR_MESSAGE]}) from exc
        return attrs
