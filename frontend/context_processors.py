"""Open Brand and navigation values every page of the site needs."""

from __future__ import annotations

from django.conf import settings


def brand(request) -> dict:
    """`brand` (name, city, owner, logo, contact) from settings.OIC_BRAND, and whether the
    viewer is city staff (one cached query, only for signed-in people)."""
    user = getattr(request, "user", None)
    is_staff = bool(user is not None and user.is_authenticated and user.is_city_staff)
    return {"brand": settings.OIC_BRAND, "viewer_is_city_staff": is_staff}


def notifications(request) -> dict:
    """The unread count of the header's bell, for signed-in people: one COUNT query, made
    only when a template shows it (the admin's pages do not)."""
    from django.utils.functional import SimpleLazyObject

    from notifications.selectors import unread_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(person=user))}
