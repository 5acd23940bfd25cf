"""Helpers every page module shares: the staff-only decorator, safe redirects, error text."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.errors import StateConflict

PAGE_SIZE = 20


def city_staff_required(view):
    """Signed-in city staff only: others get 403 (anonymous people are sent to log in)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_city_staff:
            raise PermissionDenied(_("Only city staff may do this."))
        return view(request, *args, **kwargs)

    return wrapper


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def error_text(exc: Exception) -> str:
    if isinstance(exc, StateConflict):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this.")
