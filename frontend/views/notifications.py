"""The notification centre, mail settings, follow buttons and the mailed unsubscribe links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import topic_list
from frontend.views._helpers import safe_next
from notifications import registry, selectors, services
from notifications.models import EmailFrequency, Notification
from notifications.output import notification_data
from notifications.tokens import unsubscribe_token_read

MAX_PAGE = 10_000


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("page", "1")
    # Anything but a page number shows the first page, as the site's other lists do; a page
    # past the end shows an empty list (MAX_PAGE keeps the offset a number the database takes).
    page = min(int(raw), MAX_PAGE) if raw.isascii() and raw.isdigit() and int(raw) > 0 else 1
    rows, has_next = selectors.notifications_page(person=request.user, page=page)
    preferences = selectors.email_preferences(person=request.user)
    followed_topics = selectors.followed_ids(person=request.user, kind="topic")
    return render(
        request,
        "frontend/notifications/list.html",
        {
            "notifications": [{**notification_data(n), "at": n.created_at} for n in rows],
            "page": page,
            "has_next": has_next,
            "kinds": [(k.key, k.label, preferences[k.key]) for k in registry.mailed_kinds()],
            "frequencies": EmailFrequency.choices,
            "topics": [(topic, topic.pk in followed_topics) for topic in topic_list()],
        },
    )


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to the place it is about (its own, site-relative address)."""
    try:
        notification = services.notification_mark_read(person=request.user, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404(_("There is no such notification.")) from exc
    url = notification.data.get("url") or ""
    if not (url.startswith("/") and not url.startswith("//")):
        url = reverse("frontend:notification_list")
    return HttpResponseRedirect(url)


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(person=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return HttpResponseRedirect(reverse("frontend:notification_list"))


@require_POST
@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    emails = {
        k.key: request.POST.get(k.key, "") for k in registry.mailed_kinds() if k.key in request.POST
    }
    try:
        services.preferences_set(person=request.user, emails=emails)
    except ValidationError:
        messages.error(request, _("Please choose one of the offered options."))
    else:
        messages.success(request, _("Your mail settings are saved."))
    return HttpResponseRedirect(reverse("frontend:notification_list") + "#settings")


@require_POST
@login_required
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Follow (`follow=1`) or unfollow (`follow=0`) from a page; back to that page."""
    active = request.POST.get("follow") != "0"
    try:
        services.follow_set(person=request.user, kind=kind, target_id=pk, active=active)
    except services.TargetUnknown as exc:
        raise Http404(_("There is nothing to follow here.")) from exc
    messages.success(
        request, _("You follow this now.") if active else _("You no longer follow this.")
    )
    return HttpResponseRedirect(safe_next(request, reverse("frontend:notification_list")))


@csrf_exempt  # the signed link is the credential; RFC 8058 mail clients POST without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners in mail systems must not unsubscribe anyone); POST does it,
    from the page's button or a mail client's one-click `List-Unsubscribe=One-Click`."""
    try:
        link = unsubscribe_token_read(token)
    except signing.SignatureExpired:
        return _link_invalid(
            request,
            _("This link has expired. Change your mail settings on the notifications page."),
        )
    except signing.BadSignature:
        return _link_invalid(request, _("This link is not valid."))
    done = False
    if request.method == "POST":
        done = services.unsubscribe_apply(link=link) is not None
        if not done:
            return _link_invalid(request, _("This link is not valid."))
    return render(
        request,
        "frontend/notifications/unsubscribe.html",
        {"link": link, "done": done, "kind_label": _kind_label(link.kind)},
    )


def _kind_label(kind: str) -> str:
    known = registry.kind(kind)
    return str(known.label) if known is not None else ""


def _link_invalid(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request, "frontend/notifications/unsubscribe.html", {"invalid": reason}, status=400
    )
