"""What the platform keeps for a limited time, enforced by `manage.py enforce_retention`.

The privacy page reads the same rules (and so the same settings) to state the periods.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.registry import register_retention, retention_rules


def _mail_prune(days: int) -> int:
    from mail.models import Mail

    cutoff = timezone.now() - timedelta(days=days)
    return Mail.objects.exclude(status=Mail.Status.QUEUED).filter(created_at__lt=cutoff).delete()[0]


def _events_prune(days: int) -> int:
    from realtime.services import events_prune

    return events_prune(older_than=timedelta(days=days), batch_size=5_000)


def _sessions_prune(days: int) -> int:
    # Sessions live SESSION_COOKIE_AGE at most; expired ones are removed here (clearsessions).
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]


def _task_results_prune(days: int) -> int:
    from django_tasks.backends.database.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=days)
    return DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()[0]


def _exports_prune(days: int) -> int:
    from privacy.services import exports_prune

    return exports_prune(days)


# (key, what is kept, the setting with its days, how it is deleted or None: not by the platform)
DEFAULT_RULES = [
    (
        "mail",
        _("Sent mail (outbox), with the address it went to"),
        "PRIVACY_MAIL_RETENTION_DAYS",
        _mail_prune,
    ),
    (
        "events",
        _("Live events (what pages catch up on after a lost connection)"),
        "REALTIME_RETENTION_DAYS",
        _events_prune,
    ),
    (
        "task_results",
        _("Results of background tasks"),
        "PRIVACY_TASK_RESULT_RETENTION_DAYS",
        _task_results_prune,
    ),
    (
        "sessions",
        _("Login sessions after they expired"),
        "PRIVACY_SESSION_RETENTION_DAYS",
        _sessions_prune,
    ),
    (
        "exports",
        _("Downloads of your data (at most; they expire after hours)"),
        "PRIVACY_EXPORT_RETENTION_DAYS",
        _exports_prune,
    ),
    ("logs", _("Server logs (addresses of requests)"), "PRIVACY_LOG_RETENTION_DAYS", None),
]


def register_defaults() -> None:
    for key, label, setting, enforce in DEFAULT_RULES:
        register_retention(key, label=label, setting=setting, enforce=enforce)


def retention_enforce() -> dict[str, int]:
    """Apply every rule that the platform can enforce; returns what each removed."""
    return {rule.key: rule.enforce(rule.days) for rule in retention_rules() if rule.enforce}
