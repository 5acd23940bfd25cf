"""One id per request, from nginx (`$request_id`, sent as X-Request-ID) through daphne into the
tasks the request enqueues and the worker's log lines for them.

The id lives in a context variable: set by `ProxyMiddleware` for the lifetime of one HTTP
request or WebSocket connection (asgiref copies it into the thread that runs the view), put
into every log record by `RequestIdFilter`, and passed to a task as its `request_id` argument
(`task_kwargs()`), which the task binds again with `bound()` in the worker.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import uuid
from collections.abc import Iterator

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# nginx's $request_id is 32 hex digits; accept any short id of safe characters, refuse the rest
# (an id ends up in every log line: no spaces, quotes or newlines from outside).
VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def current() -> str | None:
    """The id of the request (or task) being handled here, if any."""
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accept(value: str | None) -> str:
    """The id a proxy sent, if well-formed, else a new one."""
    if value and VALID_ID.fullmatch(value):
        return value
    return new_id()


@contextlib.contextmanager
def bound(request_id: str | None) -> Iterator[None]:
    """Run the block with `request_id` as the current id (a task does this in the worker)."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


def task_kwargs() -> dict[str, str]:
    """`{"request_id": …}` to pass to `task.enqueue(...)` when called from a request, else {}."""
    request_id = current()
    return {"request_id": request_id} if request_id else {}


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (or "-") to every record, for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current() or "-"
        return True


# --- The worker: the django-tasks log lines of a task carry its request's id ----------------

_task_tokens: dict[str, contextvars.Token] = {}


def _task_started(sender, task_result, **kwargs) -> None:
    request_id = (getattr(task_result, "kwargs", None) or {}).get("request_id")
    if isinstance(request_id, str):
        _task_tokens[str(task_result.id)] = _current.set(request_id)


def _task_finished(sender, task_result, **kwargs) -> None:
    token = _task_tokens.pop(str(task_result.id), None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context: nothing to undo there
            _current.set(None)


def connect_task_signals() -> None:
    """django-tasks 0.7+ sends `task_started` before a task runs in the worker: its own log
    lines ("Task id=… state=…") then carry the id too. Older releases only have the task's own
    lines (the task binds the id itself)."""
    from django_tasks import signals

    started = getattr(signals, "task_started", None)
    if started is not None:
        started.connect(_task_started, dispatch_uid="ops.requestid.started")
        # Connected after django_tasks' own receiver, so its "finished" line still has the id.
        signals.task_finished.connect(_task_finished, dispatch_uid="ops.requestid.finished")
