"""Exports of a person's data, deleting an account, and the accessibility feedback form."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import zipfile
from datetime import timedelta
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mail.services import mail_compose, mail_queue
from privacy.models import DataExport
from privacy.registry import CONTRIBUTION, DELETE, REASSIGN, PersonalData, personal_data

logger = logging.getLogger(__name__)

FEEDBACK_MAX_LENGTH = 5_000


# --- The shared account that keeps what deleted people leave behind ------------------------


def deleted_account():
    """The one inactive account "gelöschtes Konto" that kept contributions and staff records
    of deleted people move to. It cannot log in and has no address anyone reads."""
    User = get_user_model()
    placeholder, _created = User.objects.get_or_create(
        email=settings.PRIVACY_DELETED_ACCOUNT_EMAIL,
        defaults={
            "display_name": settings.PRIVACY_DELETED_ACCOUNT_NAME,
            "is_active": False,
            "password": make_password(None),
        },
    )
    return placeholder


def is_deleted_account(user) -> bool:
    return getattr(user, "email", None) == settings.PRIVACY_DELETED_ACCOUNT_EMAIL


# --- Export (GDPR Art. 15 and 20) -------------------------------------------------------------


def _digest(session_key: str | None) -> str:
    return hashlib.sha256(f"oic-export|{session_key or ''}".encode()).hexdigest()


def export_dir() -> Path:
    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_request(*, user, session_key: str | None) -> DataExport:
    """Ask for a copy of one's data: the worker prepares it and mails when it is ready. The
    download works only in the session that asked (`session_key`), and only until it expires."""
    if not user.is_authenticated or not session_key:
        raise PermissionDenied(_("Please sign in to download your data."))
    from privacy.tasks import export_build_task

    with transaction.atomic():
        # One export in the making per session: asking again while it is prepared adds no work.
        waiting = (
            DataExport.objects.select_for_update()
            .filter(
                user=user,
                session_digest=_digest(session_key),
                status=DataExport.Status.PENDING,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if waiting is not None:
            return waiting
        export = DataExport.objects.create(
            user=user,
            token=secrets.token_urlsafe(32),
            session_digest=_digest(session_key),
            expires_at=timezone.now() + timedelta(hours=settings.PRIVACY_EXPORT_HOURS),
        )
        export_build_task.enqueue(export_id=export.pk)
    return export


def exports_of_session(*, user, session_key: str | None) -> list[DataExport]:
    """The person's exports that this session may still download (or waits for)."""
    return list(
        DataExport.objects.filter(
            user=user, session_digest=_digest(session_key), expires_at__gt=timezone.now()
        )
    )


def _rows(entry: PersonalData, user) -> list[dict]:
    columns = entry.export_columns()
    return list(entry.queryset(user).values(*columns))


def export_collect(*, user) -> dict:
    """Everything the platform holds about `user`: their account and every registered row."""
    User = get_user_model()
    profile = (
        User.objects.filter(pk=user.pk)
        .values(*[f.attname for f in User._meta.concrete_fields if f.name != "password"])
        .get()
    )
    sections = {}
    for entry in personal_data():
        rows = _rows(entry, user)
        sections[entry.section] = {
            "title": str(entry.model._meta.verbose_name_plural),
            "rows": rows,
        }
    return {
        "generated_at": timezone.now(),
        "site": settings.SITE_URL,
        "account": profile,
        "sections": sections,
    }


def export_build(*, export_id: int) -> DataExport | None:
    """Write the zip (data.json and a readable index.html) and mail the link. Run by the worker."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return export
    user = export.user
    data = export_collect(user=user)
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    with translation.override(user.language):
        html = render_to_string(
            "privacy/export/index.html",
            {"data": data, "brand": settings.OIC_BRAND, "language": user.language},
        )
    name = f"{secrets.token_hex(16)}.zip"
    path = export_dir() / name
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", encoded)
        archive.writestr("index.html", html)
    with transaction.atomic():
        updated = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.PENDING).update(
            status=DataExport.Status.READY,
            file_name=name,
            size=path.stat().st_size,
            ready_at=timezone.now(),
        )
        if not updated:  # deleted (account gone) while it was written
            path.unlink(missing_ok=True)
            return None
        export.refresh_from_db()
        message = mail_compose(
            template="privacy/mail/export_ready",
            context={
                "user": user,
                "url": settings.SITE_URL + reverse("frontend:privacy_data"),
                "expires_at": export.expires_at,
            },
            language=user.language,
        )
        mail_queue(to=user.email, message=message)
    return export


class ExportUnavailable(Exception):
    """Unknown, not this person's, not this session's, not ready or expired: the same answer."""


def export_file(*, user, token: str, session_key: str | None) -> tuple[Path, DataExport]:
    """The zip a download link stands for, if `user` in this session may have it now."""
    if not user.is_authenticated or not session_key:
        raise ExportUnavailable
    export = DataExport.objects.filter(token=token, user=user).first()
    if (
        export is None
        or not secrets.compare_digest(export.session_digest, _digest(session_key))
        or export.status != DataExport.Status.READY
        or export.is_expired()
    ):
        raise ExportUnavailable
    path = export_dir() / export.file_name
    if not path.is_file():
        raise ExportUnavailable
    return path, export


def exports_end_session(*, session_key: str | None) -> int:
    """Logging out ends the session's exports: their files go at once."""
    exports = DataExport.objects.filter(session_digest=_digest(session_key))
    return _exports_delete(exports)


def _exports_delete(exports) -> int:
    count = 0
    for export in exports:
        if export.file_name:
            (export_dir() / export.file_name).unlink(missing_ok=True)
        export.delete()
        count += 1
    return count


def admin_log_erase(*, user, placeholder, keep_contributions: bool) -> None:
    """The admin's log: what the person did as staff stays, under "gelöschtes Konto"; what
    staff did to the person's account no longer names it."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(user=user).update(user=placeholder)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(user)), object_id=str(user.pk)
    ).update(object_repr=settings.PRIVACY_DELETED_ACCOUNT_NAME, change_message="")


def export_erase(*, user, placeholder, keep_contributions: bool) -> None:
    _exports_delete(DataExport.objects.filter(user=user))


def exports_prune(days: int) -> int:
    """Expired exports (and any older than `days`) with their files."""
    cutoff = timezone.now() - timedelta(days=days)
    now = timezone.now()
    count = _exports_delete(
        DataExport.objects.filter(Q(expires_at__lte=now) | Q(created_at__lt=cutoff))
    )
    known = set(DataExport.objects.values_list("file_name", flat=True))
    for path in export_dir().glob("*.zip"):
        if path.name not in known:
            path.unlink(missing_ok=True)
    return count


# --- Deleting an account (GDPR Art. 17) --------------------------------------------------------


def sessions_end(*, user) -> int:
    """End every session of `user` on the database session store (all devices)."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    if not hasattr(store, "get_model_class"):
        return 0  # a cache or cookie store: the deleted account's sessions find no user
    model = store.get_model_class()
    ended = []
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        data = store().decode(session.session_data)
        if str(data.get("_auth_user_id")) == str(user.pk):
            ended.append(session.session_key)
    model.objects.filter(session_key__in=ended).delete()
    return len(ended)


def _erase(entry: PersonalData, *, user, placeholder, keep_contributions: bool) -> None:
    strategy = entry.erase
    if callable(strategy):
        strategy(user=user, placeholder=placeholder, keep_contributions=keep_contributions)
        return
    rows = entry.queryset(user)
    if strategy == DELETE or (strategy == CONTRIBUTION and not keep_contributions):
        rows.delete()
    elif strategy in (REASSIGN, CONTRIBUTION):
        rows.update(**{entry.user_field: placeholder.pk})


def account_delete(*, user, password: str, keep_contributions: bool) -> None:
    """Delete one's account for good. Every registered row is erased as its app says (votes
    taken back through the votes service, so tallies stay equal to the rows and events go
    out; contributions kept under "gelöschtes Konto" or removed, as the person chose), every
    session and API token ends, and the account row goes. Nothing is kept to undo it.
    Raises ValidationError (wrong password) or PermissionDenied."""
    if not user.is_authenticated or is_deleted_account(user):
        raise PermissionDenied(_("This account cannot be deleted."))
    if not user.check_password(password or ""):
        raise ValidationError({"password": [_("This is not your current password.")]})
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        placeholder = deleted_account()
        for entry in personal_data():
            _erase(entry, user=user, placeholder=placeholder, keep_contributions=keep_contributions)
        sessions_end(user=user)
        user.delete()
    logger.info("An account was deleted at its owner's request.")


# --- Feedback on accessibility (BITV 2.0 § 7) --------------------------------------------------


class FeedbackThrottled(Exception):
    pass


def accessibility_feedback_send(
    *, message: str, email: str = "", page: str = "", address: str = ""
) -> None:
    """Mail a barrier someone reports to the staff address of the Open Brand file."""
    message = (message or "").strip()
    errors = {}
    if not message:
        errors["message"] = [_("Please describe the barrier.")]
    elif len(message) > FEEDBACK_MAX_LENGTH:
        errors["message"] = [
            _("Please use at most %(max)d characters.") % {"max": FEEDBACK_MAX_LENGTH}
        ]
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Please enter a valid email address.")]
    if errors:
        raise ValidationError(errors)
    key = f"a11y-feedback:{hashlib.sha256(address.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    except Exception:  # noqa: BLE001 - a cache outage must not lose a report
        logger.warning("Feedback not throttled: the cache is unreachable", exc_info=True)
        count = 0
    if count > settings.PRIVACY_FEEDBACK_PER_HOUR:
        raise FeedbackThrottled
    brand = settings.OIC_BRAND
    to = brand.get("accessibility_email") or brand.get("contact_email")
    language = settings.LANGUAGE_CODE
    composed = mail_compose(
        template="privacy/mail/accessibility_feedback",
        context={"message": message, "email": email, "page": page[:500]},
        language=language,
    )
    with transaction.atomic():
        mail_queue(to=to, message=composed)
