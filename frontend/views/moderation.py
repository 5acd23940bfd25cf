"""Moderation pages: reporting, the house rules, the transparency figures, the moderators'
queue with their decisions, and appeals."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import StateConflict
from frontend import forms
from frontend.views._helpers import error_text
from moderation import selectors, services
from moderation.models import Appeal, Decision, ItemState, ReportReason
from moderation.registry import reportable


def _submit(form, call) -> int:
    """Call a service with what a valid form parsed. 0 when it went through, else the status
    of the form shown again with the service's message: 400, 403 or 409."""
    if not form.is_valid():
        return 400
    try:
        call()
    except ValidationError as exc:
        forms.apply_service_errors(form, exc)
        return 400
    except (PermissionDenied, StateConflict) as exc:
        form.add_error(None, error_text(exc))
        return 403 if isinstance(exc, PermissionDenied) else 409
    return 0


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report an item. Signed in for every reason; without an account for illegal content."""
    declared = reportable(kind)
    if declared is None:
        raise Http404(_("This cannot be reported."))
    obj = declared.load(pk)
    if obj is None:
        raise Http404(_("There is nothing to report here."))
    context = declared.context(obj)
    form = forms.ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _submit(
            form,
            lambda: services.report_submit(
                reporter=request.user,
                kind=kind,
                object_id=pk,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                law=form.cleaned_data["law"],
                email=form.cleaned_data["email"],
                address=request.META.get("REMOTE_ADDR", ""),
            ),
        )
        if not status:
            messages.success(
                request, _("Thank you. Your report has been received; moderators will look at it.")
            )
            return redirect(context.url)
    return render(
        request,
        "frontend/moderation/report.html",
        {"form": form, "item": context, "kind": declared, "illegal": ReportReason.ILLEGAL},
        status=status,
    )


@require_GET
def house_rules(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/moderation/house_rules.html",
        {"auto_hide": settings.MODERATION_AUTO_HIDE_REPORTS},
    )


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/moderation/transparency.html",
        {
            "months": [
                (
                    month,
                    [(label, month.reports.get(value, 0)) for value, label in ReportReason.choices],
                    [
                        (label, month.decisions.get(value, 0))
                        for value, label in Decision.Kind.choices
                    ],
                )
                for month in selectors.transparency()
            ],
            "auto_hide": settings.MODERATION_AUTO_HIDE_REPORTS,
        },
    )


def _moderator_only(request: HttpRequest) -> None:
    if not services.moderation_is_moderator(user=request.user):
        raise PermissionDenied(_("Only moderators may do this."))


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _moderator_only(request)
    reason = request.GET.get("reason") or None
    if reason not in ReportReason.values:
        reason = None
    challenge = request.GET.get("challenge") or ""
    items = list(
        selectors.queue(
            user=request.user,
            reason=reason,
            challenge=int(challenge) if challenge.isdigit() else None,
        )[:100]
    )
    return render(
        request,
        "frontend/moderation/queue.html",
        {
            "items": [(item, selectors.reason_counts(item)) for item in items],
            "appeals": list(selectors.appeals_open(user=request.user)[:50]),
            "reasons": ReportReason.choices,
            "reason": reason,
            "challenge": challenge if challenge.isdigit() else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """One reported item with its reports and decisions; moderators decide here."""
    _moderator_only(request)
    try:
        state = selectors.item_get(user=request.user, pk=pk)
    except ItemState.DoesNotExist as exc:
        raise Http404(_("Nothing to moderate here.")) from exc
    form = forms.DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _submit(
            form,
            lambda: services.decision_make(moderator=request.user, item=state, **form.cleaned_data),
        )
        if not status:
            messages.success(request, _("Decided. The author and the reporters are told."))
            return redirect("frontend:moderation_queue")
    declared = reportable(state.kind)
    obj = declared.load(state.object_id) if declared else None
    return render(
        request,
        "frontend/moderation/item.html",
        {
            "state": state,
            "form": form,
            "context": declared.context(obj) if obj is not None else None,
            "appeal_form": forms.AppealDecisionForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The person a decision concerns reads it and appeals, once."""
    try:
        decision = selectors.decision_get(pk=pk)
    except Decision.DoesNotExist as exc:
        raise Http404(_("This decision does not exist.")) from exc
    if not services.appeal_can_submit(user=request.user, decision=decision):
        raise PermissionDenied(_("Only the person this decision concerns may appeal it."))
    existing = selectors.appeal_of(decision=decision)
    form = forms.AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _submit(
            form,
            lambda: services.appeal_submit(
                user=request.user, decision=decision, text=form.cleaned_data["text"]
            ),
        )
        if not status:
            messages.success(
                request, _("Your appeal has been received. Another moderator decides.")
            )
            return redirect(reverse("frontend:moderation_appeal", kwargs={"pk": pk}))
    return render(
        request,
        "frontend/moderation/appeal.html",
        {"decision": decision, "appeal": existing, "form": form},
        status=status,
    )


@login_required
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator_only(request)
    try:
        target = selectors.appeal_get(pk=pk)
    except Appeal.DoesNotExist as exc:
        raise Http404(_("This appeal does not exist.")) from exc
    form = forms.AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose an outcome and give a reason."))
    else:
        try:
            services.appeal_decide(moderator=request.user, appeal=target, **form.cleaned_data)
        except (PermissionDenied, StateConflict, ValidationError) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("The appeal is decided. The author and the reporters are told.")
            )
            return redirect("frontend:moderation_queue")
    return redirect("frontend:moderation_item", pk=target.decision.item_id)
