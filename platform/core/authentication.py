"""DRF's token authentication, at most one lookup per request.

Some middleware must know who sends an API request before DRF does (moderation's check that a
blocked person does not write runs for the site and the API alike). It authenticates the token
with `authenticate_token`, which keeps the result on the request; the API's authentication
class below then reuses it instead of asking the database a second time. A failed lookup is
not kept: DRF repeats it and answers with its own 401.
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework import authentication

_ATTRIBUTE = "_oic_token_auth"


def authenticate_token(request: HttpRequest) -> tuple | None:
    """(user, token) for a request with a valid `Authorization: Token …` header, else None.
    Raises AuthenticationFailed for a bad token, as DRF does."""
    found = getattr(request, _ATTRIBUTE, None)
    if found is None:
        found = authentication.TokenAuthentication().authenticate(request)
        if found is not None:
            setattr(request, _ATTRIBUTE, found)
    return found


class TokenAuthentication(authentication.TokenAuthentication):
    """The API's token authentication (settings.REST_FRAMEWORK), sharing its lookup with the
    middleware that needed it first."""

    def authenticate(self, request) -> tuple | None:
        return authenticate_token(getattr(request, "_request", request))
