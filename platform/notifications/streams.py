"""Who may watch `user:<id>`: that person only."""

from __future__ import annotations


def own_stream_visible(user, pk: int) -> bool:
    """Only the owner, signed in and active. Anyone else (anonymous, another person, city
    staff, an id nobody has) gets False, which the socket answers exactly as it answers a
    stream that does not exist: nobody can tell whose streams exist."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.pk == pk)
