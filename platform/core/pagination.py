"""Pagination for every list: page numbers for small lists, keyset cursors for big ones."""

from __future__ import annotations

import base64
import json
from collections import OrderedDict

from django.db.models import Q, QuerySet
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def keyset_filter(queryset: QuerySet, ordering: tuple[str, str], after: tuple) -> QuerySet:
    """Rows strictly after `after` = (value, id) in the descending `ordering` (field, "id").

    `(field < v) OR (field = v AND id < pk)`: served by an index on (field DESC, id DESC)
    without counting or skipping rows, so page 500 costs what page 1 costs.
    """
    field = ordering[0].lstrip("-")
    value, pk = after
    return queryset.filter(Q(**{f"{field}__lt": value}) | Q(**{field: value, "id__lt": pk}))


def encode_cursor(position: tuple) -> str:
    raw = json.dumps(list(position), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value, pk = json.loads(raw)
        if not isinstance(pk, int) or isinstance(value, (list, dict)):
            raise ValueError
        return value, pk
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise NotFound("Invalid cursor.") from exc


def keyset_page(
    queryset: QuerySet, ordering: tuple[str, str], token: str | None, size: int
) -> tuple[list, str | None]:
    """One page of `size` rows after the cursor `token` (None: the first page) in the
    descending `ordering`, and the cursor of the next page (None on the last). Raises NotFound
    for a token that is not a cursor. Reads one row more than it returns, never counts."""
    if token:
        queryset = keyset_filter(queryset, ordering, decode_cursor(token))
    rows = list(queryset.order_by(*ordering)[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    value = getattr(rows[-1], ordering[0].lstrip("-"))
    position = (value.isoformat() if hasattr(value, "isoformat") else value, rows[-1].pk)
    return rows, encode_cursor(position)


class KeysetPagination(pagination.BasePagination):
    """Forward-only cursor pagination over a descending (field, id) ordering.

    The view provides `keyset_ordering(request)` (e.g. ("-hot", "-id")). The
    response is `{"next": url|null, "results": [...]}`: no COUNT(*) over a big table.
    """

    page_size = 20
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except (TypeError, ValueError):
            return self.page_size
        return max(1, min(size, self.max_page_size))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        rows, self.next_token = keyset_page(
            queryset,
            view.keyset_ordering(request),
            request.query_params.get(self.cursor_query_param),
            self.get_page_size(request),
        )
        return rows

    def get_next_link(self) -> str | None:
        if not self.next_token:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_token)

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("next", self.get_next_link()),
                    ("first", self.get_first_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "first": {"type": "string", "format": "uri"},
                "results": schema,
            },
        }
