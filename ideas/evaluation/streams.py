"""Who may watch `inbox:<id>`: city staff, and only the one inbox there is (`inbox:1`)."""

from __future__ import annotations


def inbox_stream_visible(user, pk: int) -> bool:
    """Anyone else gets the same answer as for a stream that does not exist."""
    return pk == 1 and user is not None and user.is_authenticated and user.is_city_staff
