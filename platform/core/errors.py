"""Errors raised by services. The API maps them to HTTP statuses, the site to form errors.

Services also raise Django's own `ValidationError` (bad input, 400) and `PermissionDenied`
(wrong role or foreign object, 403).
"""


class StateConflict(Exception):
    """The request is well-formed and allowed, but the object's state forbids it (409):
    submitting to a closed challenge, editing an idea of an archived one, voting while
    voting is closed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
