"""The idea list's query parameters, checked so that a bad value is a 400 with a message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Sector
from core.pagination import INVALID_CURSOR_MESSAGE, MAX_INT, InvalidCursor, cursor_position
from ideas.models import Idea
from ideas.selectors import (
    DEFAULT_IDEA_ORDERING,
    IDEA_ORDERINGS,
    RELEVANCE,
    idea_keyset_scope,
    idea_ordering,
    idea_search_has_words,
)

ORDER_HELP = (
    "One of trending (the default without `search`), new, top, discussed, and relevance (the "
    "default with `search`, and only with it: best matches first, a word in the title weighing "
    "most, then the summary, then the description; ties newest first). Every order pages by "
    "the `next` cursor; a cursor belongs to its order and search."
)
SEARCH_HELP = (
    "Words to find in the title, summary or description, in any inflection (German: "
    '“Fahrräder” finds “Fahrrad”). All words must occur; "words in quotes" in this order; '
    "-word must not occur; `or` between alternatives. Common words (“und”, “die”) are not "
    "searched: a search of only those, or only of excluded words, is a 400. Orders the list by "
    "relevance unless `order` says otherwise."
)


def _order_field(help_text: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=[*IDEA_ORDERINGS, RELEVANCE],
        required=False,
        help_text=help_text,
        error_messages={
            "invalid_choice": _(
                "Unknown order “{input}”: use trending, new, top, discussed or relevance."
            )
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
        help_text=SEARCH_HELP,
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
        search = (attrs.get("search") or "").strip()
        attrs["search"] = search or None
        if search and not idea_search_has_words(search):
            raise serializers.ValidationError(
                {
                    "search": [
                        _(
                            "Give at least one word to search for: common words like “und” "
                            "or “die” and excluded words (-word) alone find nothing."
                        )
                    ]
                }
            )
        attrs["order"] = order or alias or (RELEVANCE if search else DEFAULT_IDEA_ORDERING)
        if attrs["order"] == RELEVANCE and not search:
            raise serializers.ValidationError(
                {"order": [_("The order “relevance” needs a search.")]}
            )
        # A cursor holds the last row's sort value; one made for another ordering (a date
        # where a score is expected) would reach the database as a wrongly typed value.
        token = attrs.pop("cursor", None)
        attrs.pop("page_size", None)
        if token:
            try:
                cursor_position(idea_keyset_scope(), idea_ordering(attrs["order"]), token)
            except InvalidCursor as exc:
                raise serializers.ValidationError({"cursor": [INVALID_CURSOR_MESSAGE]}) from exc
        return attrs
