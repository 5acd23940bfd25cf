"""Event pages: the calendar of the Open Innovation Office, one event with registration, the
attendee list as CSV for organisers, and the iCalendar files and feeds."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts.models import Topic
from core.errors import StateConflict
from frontend import forms
from frontend.views._helpers import error_text
from ideas.gatherings import calendar, selectors, services
from ideas.gatherings.models import Event, Registration
from ideas.gatherings.output import event_seats

ICS_TYPE = "text/calendar; charset=utf-8"


def _get(pk: int) -> Event:
    try:
        return selectors.event_get(pk=pk)
    except Event.DoesNotExist as exc:
        raise Http404(_("This event does not exist.")) from exc


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    topics = selectors.topics_all()
    topic = request.GET.get("topic") or None
    if topic not in {t.slug for t in topics}:
        topic = None
    page = selectors.event_page(when=when, topic=topic, number=request.GET.get("page"))
    events = list(page.object_list)
    mine = selectors.my_registrations(user=request.user, events=events)
    return render(
        request,
        "frontend/events/list.html",
        {
            "page": page,
            "events": events,
            "when": when,
            "topics": topics,
            "topic": topic,
            "rows": [(event, mine.get(event.pk)) for event in events],
            "calendar_key": (
                selectors.calendar_key_of(user=request.user)
                if request.user.is_authenticated
                else None
            ),
            "streams": " ".join(f"event:{event.pk}" for event in events),
            "may_announce": request.user.is_authenticated
            and account_selectors.organisations_organised_by(user=request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    """Announce an event: city staff for any organiser, administrators for their own."""
    organisers = account_selectors.organisations_organised_by(user=request.user)
    if not organisers.exists():
        raise PermissionDenied(_("Only city staff and the organisation's administrators may."))
    form = forms.EventForm(
        request.POST or None, organisers=organisers, topics=account_selectors.topic_list()
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            event = services.event_create(
                actor=request.user, organiser=values.pop("organiser"), **values
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            messages.success(request, _("The event is announced."))
            return redirect("frontend:event_detail", pk=event.pk)
    status = 400 if form.is_bound else 200
    return render(request, "frontend/events/form.html", {"form": form}, status=status)


def _initial(event: Event) -> dict:
    return {
        "title": event.title,
        "description": event.description,
        "kind": event.kind,
        "topics": list(event.topics.all()),
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "place": event.place,
        "address": event.address,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "results": event.results,
        "idea_numbers": ", ".join(str(idea.pk) for idea in event.ideas.all()),
    }


@require_http_methods(["GET", "POST"])
@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an announced event (its organiser and city staff); results after it began."""
    event = _get(pk)
    if not services.event_can_manage(user=request.user, event=event):
        raise PermissionDenied(_("Only the organiser and city staff may do this."))
    if event.is_cancelled:
        messages.error(request, _("This event was cancelled."))
        return redirect("frontend:event_detail", pk=event.pk)
    started = event.has_started()
    form = forms.EventEditForm(
        request.POST or None,
        initial=_initial(event),
        event=event,
        topics=account_selectors.topic_list(),
        started=started,
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        values["ideas"] = values.pop("idea_numbers")
        try:
            services.event_update(actor=request.user, event=event, **values)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        except StateConflict as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The event is saved."))
            return redirect("frontend:event_detail", pk=event.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/events/edit.html",
        {"form": form, "event": event, "started": started},
        status=status,
    )


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get(pk)
    registration = selectors.registration_of(user=request.user, event=event)
    return render(
        request,
        "frontend/events/detail.html",
        {
            "event": event,
            "seats": event_seats(event),
            "registration": registration,
            "online_url": selectors.event_online_url_for(user=request.user, event=event),
            "can_manage": services.event_can_manage(user=request.user, event=event),
            "office_address": calendar.office_address(),
        },
    )


def _act(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    event = _get(pk)
    try:
        action(event)
    except (StateConflict, ValidationError, PermissionDenied) as exc:
        if isinstance(exc, PermissionDenied):
            raise
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect("frontend:event_detail", pk=event.pk)


@require_POST
@login_required
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    def register(event: Event) -> None:
        registration = services.registration_create(
            user=request.user, event=event, share_email=request.POST.get("share_email") == "on"
        )
        if registration.status == Registration.Status.WAITING:
            messages.info(request, _("The event is full: you are on the waiting list."))

    return _act(request, pk, register, _("You are registered."))


@require_POST
@login_required
def event_unregister(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda event: services.registration_cancel(user=request.user, event=event),
        _("Your registration is cancelled."),
    )


@require_POST
@login_required
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda event: services.event_cancel(actor=request.user, event=event),
        _("The event is cancelled; everyone registered gets a mail."),
    )


@require_GET
@login_required
def event_attendees_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendee list for the organiser: names and sector; emails only with consent."""
    event = _get(pk)
    if not services.event_can_manage(user=request.user, event=event):
        raise PermissionDenied(_("Only the organiser and city staff may see the attendees."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("Sector"), _("Status"), _("Email")])
    for registration in selectors.event_attendees(event=event):
        writer.writerow(
            [
                _csv_safe(registration.user.display_name),
                registration.user.get_sector_display(),
                registration.get_status_display(),
                registration.user.email if registration.share_email else "",
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    # A name starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get(pk)
    url = selectors.event_online_url_for(user=request.user, event=event)
    body = calendar.calendar_ics([event], name=event.title, online_urls={event.pk: url})
    return _ics(body, f"event-{event.pk}.ics")


@require_GET
def event_topic_feed(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        topic = selectors.topic_get(slug=slug)
    except Topic.DoesNotExist as exc:
        raise Http404(_("This topic does not exist.")) from exc
    events = selectors.event_list(when="all", topic=topic.slug)
    return _ics(calendar.calendar_ics(events, name=topic.name), f"{topic.slug}.ics")


@require_GET
def event_my_feed(request: HttpRequest, key: str) -> HttpResponse:
    """A person's events for a calendar program, which cannot log in: the secret key in the
    address is the credential (renewing it on the events page revokes the old address)."""
    user = selectors.user_by_calendar_key(key=key)
    if user is None:
        raise Http404(_("This calendar address is no longer valid."))
    events = list(selectors.events_of_user(user=user))
    links = {event.pk: selectors.event_online_url_for(user=user, event=event) for event in events}
    return _ics(calendar.calendar_ics(events, name=_("My events"), online_urls=links), "my.ics")


@require_http_methods(["POST"])
@login_required
def event_calendar_key(request: HttpRequest) -> HttpResponse:
    """Make (or renew, revoking the old one) the secret address of the "my events" feed."""
    services.calendar_key_renew(user=request.user)
    messages.success(request, _("Your calendar address is ready. Any older address stops working."))
    return redirect("frontend:event_list")
