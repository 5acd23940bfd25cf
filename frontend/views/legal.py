"""The pages the law asks for: Impressum, privacy notice, accessibility statement (with its
feedback form). Their text comes from the Open Brand file or the defaults in the templates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.markup import render_markdown
from frontend import forms, privacy_forms
from privacy import services as privacy_services
from privacy.registry import retention_rules


def _brand_text(page: str) -> str:
    """The Open Brand's own text of a legal page in the reader's language (Markdown), or ""."""
    texts = settings.OIC_BRAND.get("legal_pages", {}).get(page, {})
    text = texts.get(translation.get_language()) or texts.get(settings.LANGUAGE_CODE) or ""
    return render_markdown(text) if text else ""


@require_GET
def impressum(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/legal/impressum.html", {"custom": _brand_text("impressum")})


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    # The periods come from the same rules (and settings) that enforce_retention applies.
    return render(
        request,
        "frontend/legal/privacy.html",
        {
            "custom": _brand_text("privacy"),
            "retention": retention_rules(),
            "export_hours": settings.PRIVACY_EXPORT_HOURS,
        },
    )


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    form = privacy_forms.AccessibilityFeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                privacy_services.accessibility_feedback_send(
                    **form.cleaned_data, address=request.META.get("REMOTE_ADDR") or ""
                )
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            except privacy_services.FeedbackThrottled:
                form.add_error(None, _("Too many messages from this address. Please try later."))
                status = 429
            else:
                messages.success(request, _("Thank you. Your message has been sent to us."))
                return redirect("frontend:accessibility")
    return render(
        request,
        "frontend/legal/accessibility.html",
        {"custom": _brand_text("accessibility"), "form": form},
        status=status,
    )
