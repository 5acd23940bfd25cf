"""Blocked people read but do not write: one check for every unsafe request, site and API.

Runs after authentication. A request with a token (the API) is authenticated here the way DRF
would (`core.authentication`, whose lookup DRF then reuses), so a token cannot slip past. The
URL names in MODERATION_WRITES_WHILE_BLOCKED stay open (logging in and out, the language, the
appeal against the block)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from rest_framework.exceptions import AuthenticationFailed

from core.authentication import authenticate_token
from moderation.services import block_active, block_message

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _user(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    try:
        found = authenticate_token(request)  # kept for DRF: one lookup per request
    except AuthenticationFailed:
        return None
    return found[0] if found else None


class BlockedWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            refused = self._refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _refusal(self, request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name in settings.MODERATION_WRITES_WHILE_BLOCKED or match.app_name == "admin":
            return None
        block = block_active(user=_user(request))
        if block is None:
            return None
        message = block_message(block)
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": message,
                    "code": "blocked",
                    "reason": block.reason,
                    "until": block.until.isoformat() if block.until else None,
                },
                status=403,
            )
        return render(
            request,
            "frontend/moderation/blocked.html",
            {"block": block, "message": message},
            status=403,
        )
