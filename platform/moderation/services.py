"""Every write of moderation: reports, decisions, appeals, blocks and appointments, each with
its permission check, its audit entry and the statement of reasons it sends."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

import realtime
from core.errors import StateConflict
from mail.services import mail_compose, mail_queue
from moderation.models import (
    Appeal,
    AuditEntry,
    Block,
    Decision,
    DecisionKind,
    Ground,
    ItemState,
    Moderator,
    Report,
    ReportReason,
)
from moderation.registry import ReportableKind, reportable

logger = logging.getLogger(__name__)

# Decisions that restrict the author: these can be appealed.
APPEALABLE = frozenset(
    {DecisionKind.HIDE, DecisionKind.EDIT_REQUEST, DecisionKind.WARN, DecisionKind.BLOCK}
)
REASON_MAX_LENGTH = 2_000


# --- Who may do what ---------------------------------------------------------------------------


def moderation_is_moderator(*, user) -> bool:
    """City staff, or anyone appointed (globally or for at least one challenge)."""
    return moderation_scope(user=user) != set()


def moderation_scope(*, user) -> set[int] | None:
    """The challenges `user` moderates: None means every item (staff, global moderators);
    an empty set means none. One query, remembered on the user object for the request."""
    if not (user is not None and user.is_authenticated):
        return set()
    if user.is_city_staff:
        return None
    cached = getattr(user, "_moderation_scope", False)
    if cached is not False:
        return cached
    ids = list(Moderator.objects.filter(user=user).values_list("challenge_id", flat=True))
    scope = None if None in ids else set(ids)
    user._moderation_scope = scope
    return scope


def moderation_can_decide(*, user, item: ItemState) -> bool:
    scope = moderation_scope(user=user)
    return scope is None or (item.challenge_id is not None and item.challenge_id in scope)


def moderator_can_appoint(*, user) -> bool:
    return user is not None and user.is_authenticated and user.is_city_staff


# --- Blocks: the one check every write asks ------------------------------------------------------


PERMANENT = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class ActiveBlock:
    reason: str
    until: datetime | None  # None: permanently


def block_active(*, user) -> ActiveBlock | None:
    """The block in force on `user` now, or None. Reads the person's own row (no query)."""
    if not (user is not None and user.is_authenticated):
        return None
    until = getattr(user, "blocked_until", None)
    if until is None or until <= timezone.now():
        return None
    return ActiveBlock(reason=user.blocked_reason, until=None if until >= PERMANENT else until)


def block_message(block: ActiveBlock) -> str:
    if block.until is None:
        return _("Your account is blocked permanently: %(reason)s") % {"reason": block.reason}
    return _("Your account is blocked until %(until)s: %(reason)s") % {
        "until": formats.date_format(timezone.localtime(block.until), "DATETIME_FORMAT"),
        "reason": block.reason,
    }


def _user_block_set(user, *, until: datetime | None, reason: str) -> None:
    type(user).objects.filter(pk=user.pk).update(blocked_until=until, blocked_reason=reason)
    user.blocked_until, user.blocked_reason = until, reason


class Blocked(PermissionDenied):
    """A blocked person tried to write: carries the block for the answer (reason, end)."""

    def __init__(self, block: ActiveBlock):
        super().__init__(block_message(block))
        self.block = block


def write_refusal(*, user) -> Blocked | None:
    """Why `user` may not write now (a block), or None. The services that take part in the
    platform raise it (through accounts.services.user_participation_refusal), and the
    BlockedWritesMiddleware answers every other write with it."""
    block = block_active(user=user)
    return Blocked(block) if block is not None else None


# --- Mail: the one place that tells people (a notification can join it here) --------------------


def _tell(*, template: str, context: dict, user=None, email: str = "") -> None:
    """Tell someone about a moderation step by mail, in their language. Notifications (issue
    of their own) can be added here without touching any caller."""
    to = user.email if user is not None else email
    if not to:
        return
    language = user.language if user is not None else translation.get_language() or "de"
    message = mail_compose(
        template=template,
        context={"brand": settings.OIC_BRAND, "site_url": settings.SITE_URL, **context},
        language=language,
    )
    mail_queue(to=to, message=message)


def _statement_of_reasons(decision: Decision) -> None:
    """Art. 17 DSA: the author learns what was decided, why, on which ground, whether it was
    automated, and how to appeal."""
    item = decision.item
    if item.author is None:
        return
    appeal_url = ""
    appeal_path = None
    if decision.kind in APPEALABLE:
        appeal_path = reverse("frontend:moderation_appeal", kwargs={"pk": decision.pk})
        appeal_url = settings.SITE_URL + appeal_path
    from moderation.output import decision_notice  # output reads selectors, which read here

    realtime.publish(
        [realtime.stream_name("user", item.author.pk)],
        "moderation.decided",
        decision_notice(decision, author_id=item.author.pk, appeal_url=appeal_path),
    )
    _tell(
        user=item.author,
        template="moderation/mail/decision",
        context={
            "person": item.author,
            "decision": decision,
            "item": item,
            "appeal_url": appeal_url,
            "house_rules_url": settings.SITE_URL + reverse("frontend:house_rules"),
        },
    )


def _tell_reporters(reports, *, decision: Decision | None = None, appeal: Appeal | None = None):
    for report in reports:
        _tell(
            user=report.reporter,
            email=report.email,
            template="moderation/mail/report_outcome",
            context={"report": report, "decision": decision, "appeal": appeal},
        )


def _tell_moderators(item: ItemState) -> None:
    """An item was hidden automatically: its moderators (appointed for it or for all) review."""
    people = {
        m.user
        for m in Moderator.objects.filter(
            Q(challenge_id__isnull=True) | Q(challenge_id=item.challenge_id)
        ).select_related("user")
    }
    queue_url = settings.SITE_URL + reverse("frontend:moderation_queue")
    for person in people:
        _tell(
            user=person,
            template="moderation/mail/auto_hidden",
            context={"person": person, "item": item, "queue_url": queue_url},
        )


# --- The audit log -------------------------------------------------------------------------------


def _audit(*, actor, action: str, item: ItemState | None = None, reason: str = "", **detail):
    AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        item=str(item) if item is not None else "",
        reason=reason,
        detail=detail,
    )


# --- Reports -------------------------------------------------------------------------------------


def _kind_or_error(kind: str) -> ReportableKind:
    declared = reportable(kind)
    if declared is None:
        raise ValidationError({"kind": [_("This cannot be reported.")]})
    return declared


def _throttle_anonymous(address: str) -> None:
    """Reports without an account: a few per address and hour (fails open without a cache)."""
    key = f"moderation:anon-report:{address or '-'}"
    try:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    except RedisError:
        logger.warning("Report not throttled: the cache is unreachable", exc_info=True)
        return
    if count > settings.MODERATION_ANONYMOUS_REPORTS_PER_HOUR:
        raise PermissionDenied(_("Too many reports from your address. Please try again later."))


def _item_state_locked(declared: ReportableKind, obj, object_id: int) -> ItemState:
    """The item's moderation state, created if new, locked for this transaction."""
    context = declared.context(obj)
    author = declared.author(obj)
    try:
        with transaction.atomic():
            ItemState.objects.get_or_create(
                kind=declared.kind,
                object_id=object_id,
                defaults={
                    "author": author,
                    "challenge_id": context.challenge_id,
                    "title": context.title[:200],
                },
            )
    except IntegrityError:
        pass  # created by a concurrent report a moment ago
    return ItemState.objects.select_for_update().get(kind=declared.kind, object_id=object_id)


def _clean_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    if len(value) > REASON_MAX_LENGTH:
        raise ValidationError(
            {field: [_("At most %(max)d characters, please.") % {"max": REASON_MAX_LENGTH}]}
        )
    return value


@transaction.atomic
def report_submit(
    *,
    reporter,
    kind: str,
    object_id: int,
    reason: str,
    text: str,
    law: str = "",
    email: str = "",
    address: str = "",
) -> Report:
    """Report an item. Signed in for every reason; without an account only illegal content
    (Art. 16 DSA), with the law it breaks and an email address for the answer. One open report
    per person and item. After MODERATION_AUTO_HIDE_REPORTS distinct reporters the item is
    hidden pending review and its moderators are told."""
    declared = _kind_or_error(kind)
    signed_in = reporter is not None and reporter.is_authenticated
    errors: dict[str, list[str]] = {}
    if reason not in ReportReason.values:
        errors["reason"] = [_("Please choose a reason.")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Please say what is wrong.")]
    elif len(text) > REASON_MAX_LENGTH:
        errors["text"] = [_("At most %(max)d characters, please.") % {"max": REASON_MAX_LENGTH}]
    law = (law or "").strip()[:200]
    if reason == ReportReason.ILLEGAL and not law:
        errors["law"] = [_("Please name the law this content breaks.")]
    email = (email or "").strip().lower()
    if not signed_in:
        if reason != ReportReason.ILLEGAL:
            raise PermissionDenied(
                _("Please sign in to report. Without an account you can report illegal content.")
            )
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Please give an email address so we can answer you.")]
    if errors:
        raise ValidationError(errors)
    if signed_in and (refusal := write_refusal(user=reporter)) is not None:
        raise refusal
    if not signed_in:
        _throttle_anonymous(address)
    obj = declared.load(object_id)
    if obj is None:
        raise ValidationError({"object_id": [_("There is nothing to report here.")]})
    if signed_in and declared.author(obj) == reporter:
        raise StateConflict(_("You cannot report your own contribution."))
    item = _item_state_locked(declared, obj, object_id)
    if (
        signed_in
        and Report.objects.filter(item=item, reporter=reporter, decision__isnull=True).exists()
    ):
        raise StateConflict(_("You have already reported this. Moderators will look at it."))
    now = timezone.now()
    report = Report.objects.create(
        item=item,
        reporter=reporter if signed_in else None,
        email="" if signed_in else email,
        reason=reason,
        text=text,
        law=law,
        created_at=now,
    )
    item.open_reports += 1
    if item.first_open_report_at is None:
        item.first_open_report_at = now
    item.save(update_fields=["open_reports", "first_open_report_at"])
    _audit(actor=reporter, action="report", item=item, reason=reason, report=report.pk)
    distinct = (
        Report.objects.filter(item=item, decision__isnull=True, reporter__isnull=False)
        .values("reporter")
        .distinct()
        .count()
    )
    if (
        not item.hidden
        and declared.hide is not None
        and distinct >= settings.MODERATION_AUTO_HIDE_REPORTS
    ):
        _auto_hide(declared, obj, item, distinct)
    return report


def _auto_hide(declared: ReportableKind, obj, item: ItemState, count: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("reported by %(count)d people, pending review") % {"count": count}
    declared.hide(obj, reason)
    item.hidden = True
    item.hidden_reason = reason
    item.save(update_fields=["hidden", "hidden_reason"])
    decision = Decision.objects.create(
        item=item,
        kind=DecisionKind.HIDE,
        reason=reason,
        ground=Ground.HOUSE_RULES,
        automated=True,
    )
    _audit(actor=None, action="auto_hide", item=item, reason=reason, decision=decision.pk)
    _statement_of_reasons(decision)
    _tell_moderators(item)


@transaction.atomic
def item_state_get_or_create(*, kind: str, object_id: int) -> ItemState:
    """The moderation state of an item, created when a moderator acts on something nobody has
    reported (yet). Raises ValidationError for what cannot be moderated."""
    declared = _kind_or_error(kind)
    obj = declared.load(object_id)
    if obj is None:
        raise ValidationError({"object_id": [_("There is nothing to report here.")]})
    return _item_state_locked(declared, obj, object_id)


def hold_for_review(*, kind: str, obj, reason: str) -> ItemState:
    """A domain service created `obj` hidden because it is a first contribution in a challenge
    whose first contributions are reviewed; put it into the queue. Call it in the transaction
    that creates it. A moderator approves it with a RESTORE (or DISMISS) decision."""
    declared = _kind_or_error(kind)
    item = _item_state_locked(declared, obj, obj.pk)
    item.held = True
    item.hidden = True
    item.hidden_reason = reason
    if item.first_open_report_at is None:
        item.first_open_report_at = timezone.now()
    item.save(update_fields=["held", "hidden", "hidden_reason", "first_open_report_at"])
    _audit(actor=declared.author(obj), action="hold_first_contribution", item=item)
    return item


# --- Decisions -----------------------------------------------------------------------------------


def _apply(*, declared: ReportableKind, item: ItemState, kind: str, reason: str) -> None:
    """Make what the public sees match a decision (hide or restore), through the domain."""
    wants_hidden = {DecisionKind.HIDE: True, DecisionKind.RESTORE: False}.get(kind)
    if kind == DecisionKind.DISMISS and item.hidden:
        wants_hidden = False  # the reports were unfounded: an automatic hiding ends
    if wants_hidden is None or wants_hidden == item.hidden:
        return
    obj = declared.load(item.object_id)
    if obj is None:
        raise StateConflict(_("This content no longer exists."))
    if wants_hidden:
        if declared.hide is None:
            raise StateConflict(_("This cannot be hidden: warn or block the person instead."))
        declared.hide(obj, reason)
    else:
        declared.restore(obj)
    item.hidden = wants_hidden
    item.hidden_reason = reason if wants_hidden else ""
    item.save(update_fields=["hidden", "hidden_reason"])


@transaction.atomic
def decision_make(
    *,
    moderator,
    item: ItemState,
    kind: str,
    reason: str,
    ground: str = Ground.HOUSE_RULES,
    law: str = "",
    block_days: int | None = None,
) -> Decision:
    """A moderator decides on an item: every open report of it is closed by the decision, the
    author is told why (statement of reasons) and the reporters what came of their report.
    `block_days` None blocks permanently."""
    if not moderation_can_decide(user=moderator, item=item):
        raise PermissionDenied(_("Only moderators of this content may decide on it."))
    errors: dict[str, list[str]] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = [_("Please choose a decision.")]
    if ground not in Ground.values:
        errors["ground"] = [_("Please choose the ground.")]
    if ground == Ground.LAW and not (law or "").strip():
        errors["law"] = [_("Please name the law.")]
    if block_days is not None and not 1 <= block_days <= 3650:
        errors["block_days"] = [_("A block lasts 1 to 3650 days (or leave it empty: permanent).")]
    try:
        reason = _clean_text(reason, "reason", _("Please give a reason: the author will read it."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    item = ItemState.objects.select_for_update().get(pk=item.pk)
    declared = _kind_or_error(item.kind)
    if kind == DecisionKind.RESTORE and not item.hidden:
        raise StateConflict(_("This content is not hidden."))
    if kind in {DecisionKind.WARN, DecisionKind.BLOCK, DecisionKind.EDIT_REQUEST} and (
        item.author is None
    ):
        raise StateConflict(_("This content has no author to address."))
    _apply(declared=declared, item=item, kind=kind, reason=reason)
    now = timezone.now()
    waited = None
    if item.first_open_report_at is not None:
        waited = int((now - item.first_open_report_at).total_seconds())
    decision = Decision.objects.create(
        item=item,
        kind=kind,
        reason=reason,
        ground=ground,
        law=(law or "").strip()[:200] if ground == Ground.LAW else "",
        moderator=moderator,
        created_at=now,
        waited_seconds=waited,
        block_until=now + timedelta(days=block_days) if block_days else None,
    )
    if kind == DecisionKind.BLOCK:
        Block.objects.create(
            user=item.author, decision=decision, reason=reason, until=decision.block_until
        )
        _user_block_set(item.author, until=decision.block_until or PERMANENT, reason=reason)
    closed = list(
        Report.objects.filter(item=item, decision__isnull=True).select_related("reporter")
    )
    Report.objects.filter(pk__in=[r.pk for r in closed]).update(decision=decision)
    item.open_reports = 0
    item.first_open_report_at = None
    item.held = False
    item.save(update_fields=["open_reports", "first_open_report_at", "held"])
    _audit(
        actor=moderator,
        action=f"decide_{kind}",
        item=item,
        reason=reason,
        decision=decision.pk,
        ground=ground,
        reports=[r.pk for r in closed],
    )
    _statement_of_reasons(decision)
    _tell_reporters(closed, decision=decision)
    return decision


# --- Appeals -------------------------------------------------------------------------------------


def appeal_can_submit(*, user, decision: Decision) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and decision.item.author_id == user.pk
        and decision.kind in APPEALABLE
    )


@transaction.atomic
def appeal_submit(*, user, decision: Decision, text: str) -> Appeal:
    """The affected person contests a decision, once (Art. 20 DSA). Blocked people may too."""
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("item").get(pk=decision.pk)
    )
    if not appeal_can_submit(user=user, decision=decision):
        raise PermissionDenied(_("Only the person this decision concerns may appeal it."))
    text = _clean_text(text, "text", _("Please say why the decision is wrong."))
    if Appeal.objects.filter(decision=decision).exists():
        raise StateConflict(_("You have already appealed this decision."))
    appeal = Appeal.objects.create(decision=decision, author=user, text=text)
    _audit(actor=user, action="appeal", item=decision.item, reason=text, decision=decision.pk)
    return appeal


def appeal_can_decide(*, user, appeal: Appeal) -> bool:
    """A moderator of the item who neither took the decision nor wrote the appeal."""
    return (
        moderation_can_decide(user=user, item=appeal.decision.item)
        and appeal.decision.moderator_id != user.pk
        and appeal.author_id != user.pk
    )


@transaction.atomic
def appeal_decide(*, moderator, appeal: Appeal, outcome: str, reason: str) -> Appeal:
    """Another moderator decides the appeal; reversing undoes the decision (restores hidden
    content, lifts a block). The author and the reporters are told."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("decision__item__author")
        .get(pk=appeal.pk)
    )
    if not moderation_can_decide(user=moderator, item=appeal.decision.item):
        raise PermissionDenied(_("Only moderators of this content may decide on it."))
    if not appeal_can_decide(user=moderator, appeal=appeal):
        raise PermissionDenied(
            _("Another moderator than the one who decided must decide the appeal.")
        )
    if outcome not in Appeal.Outcome.values:
        raise ValidationError({"outcome": [_("Please choose an outcome.")]})
    reason = _clean_text(reason, "reason", _("Please give a reason: the author will read it."))
    if appeal.outcome:
        raise StateConflict(_("This appeal has been decided."))
    decision = appeal.decision
    item = ItemState.objects.select_for_update().get(pk=decision.item_id)
    if outcome == Appeal.Outcome.REVERSED:
        if decision.kind == DecisionKind.HIDE and item.hidden:
            _apply(
                declared=_kind_or_error(item.kind),
                item=item,
                kind=DecisionKind.RESTORE,
                reason=reason,
            )
        if decision.kind == DecisionKind.BLOCK:
            Block.objects.filter(decision=decision, lifted_at__isnull=True).update(
                lifted_at=timezone.now()
            )
            _user_block_set(item.author, until=None, reason="")
    appeal.outcome = outcome
    appeal.outcome_reason = reason
    appeal.decided_by = moderator
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["outcome", "outcome_reason", "decided_by", "decided_at"])
    _audit(actor=moderator, action=f"appeal_{outcome}", item=item, reason=reason, appeal=appeal.pk)
    _tell(
        user=appeal.author,
        template="moderation/mail/appeal_outcome",
        context={"person": appeal.author, "appeal": appeal, "decision": decision, "item": item},
    )
    reports = Report.objects.filter(item=item).filter(
        Q(decision=decision) | Q(decision__isnull=True)
        if decision.automated
        else Q(decision=decision)
    )
    _tell_reporters(reports.select_related("reporter"), decision=decision, appeal=appeal)
    return appeal


# --- Appointing moderators -----------------------------------------------------------------------


@transaction.atomic
def moderator_appoint(*, actor, user, challenge_id: int | None = None) -> Moderator:
    """City staff appoint someone moderator of every challenge (None) or of one."""
    if not moderator_can_appoint(user=actor):
        raise PermissionDenied(_("Only city staff may appoint moderators."))
    if Moderator.objects.filter(user=user, challenge_id=challenge_id).exists():
        raise StateConflict(_("This person is a moderator here already."))
    moderator = Moderator.objects.create(user=user, challenge_id=challenge_id, appointed_by=actor)
    _audit(actor=actor, action="appoint", reason="", user=user.pk, challenge=challenge_id)
    return moderator


# --- Deleted accounts (privacy's erasers, registered in ModerationConfig.ready) -------------


@transaction.atomic
def reports_erase_of(*, user, placeholder, keep_contributions: bool) -> None:
    """A deleted person's reports keep counting under "gelöschtes Konto"; an open one on an
    item the placeholder already reports openly (another deleted reporter) is withdrawn, as
    one person reports an item once."""
    for report in Report.objects.select_for_update().filter(reporter=user):
        clash = Report.objects.filter(
            item_id=report.item_id, reporter=placeholder, decision__isnull=True
        ).exists()
        if report.decision_id is None and clash:
            report.delete()
        else:
            Report.objects.filter(pk=report.pk).update(reporter=placeholder)


def audit_entries_kept(*, user, placeholder, keep_contributions: bool) -> None:
    """The audit log is append-only (no update, no delete; a trigger on PostgreSQL): its
    entries keep the deleted account's number, which then names nobody (the actor column has
    no database constraint for this reason)."""
