"""JSON API of events: anyone reads them, organisers announce, edit and cancel them, people
register and cancel, organisers read the attendee list."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from core.pagination import PageNumberPagination
from ideas.gatherings import selectors, services
from ideas.gatherings.models import Event, Registration
from ideas.gatherings.serializers import (
    AttendeeSerializer,
    EventInputSerializer,
    EventSerializer,
    EventUpdateInputSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
)


def _event(pk: int) -> Event:
    try:
        return selectors.event_get(pk=pk)
    except Event.DoesNotExist as exc:
        raise NotFound() from exc


def _reader(request: Request, events: list[Event]) -> dict:
    """The reader's own registrations and the links they may see, by event id (one query)."""
    if not request.user.is_authenticated or not events:
        return {}
    mine = Registration.objects.filter(user=request.user, event__in=events).values_list(
        "event_id", "status"
    )
    reader = {event_id: {"status": state} for event_id, state in mine}
    for event in events:
        if event.online_url and event.pk in reader:
            url = selectors.event_online_url_for(user=request.user, event=event)
            reader[event.pk]["online_url"] = url
    return reader


def _detail(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    event = _event(pk)
    reader = _reader(request, [event])
    url = selectors.event_online_url_for(user=request.user, event=event)
    reader.setdefault(event.pk, {})["online_url"] = url
    return Response(EventSerializer(event, context={"reader": reader}).data, status=code)


class EventListView(GenericAPIView):
    queryset = Event.objects.none()
    serializer_class = EventSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses=EventSerializer(many=True))
    def get(self, request: Request) -> Response:
        when = request.query_params.get("when", "upcoming")
        if when not in {"upcoming", "past", "all"}:
            return Response(
                {"when": ["Use one of: upcoming, past, all."]}, status=status.HTTP_400_BAD_REQUEST
            )
        events = selectors.event_list(when=when, topic=request.query_params.get("topic"))
        page = self.paginate_queryset(events)
        reader = _reader(request, page)
        return self.get_paginated_response(
            EventSerializer(page, many=True, context={"reader": reader}).data
        )

    @extend_schema(request=EventInputSerializer, responses={201: EventSerializer})
    def post(self, request: Request) -> Response:
        data = EventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        event = services.event_create(
            actor=request.user, organiser=values.pop("organiser"), **values
        )
        return _detail(request, event.pk, status.HTTP_201_CREATED)


class EventDetailView(GenericAPIView):
    queryset = Event.objects.none()
    serializer_class = EventSerializer

    @extend_schema(responses=EventSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)

    @extend_schema(request=EventUpdateInputSerializer, responses=EventSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        event = _event(pk)
        data = EventUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.event_update(actor=request.user, event=event, **data.validated_data)
        return _detail(request, pk)


class EventCancelView(GenericAPIView):
    queryset = Event.objects.none()
    serializer_class = EventSerializer

    @extend_schema(request=None, responses=EventSerializer)
    def post(self, request: Request, pk: int) -> Response:
        services.event_cancel(actor=request.user, event=_event(pk))
        return _detail(request, pk)


class EventRegistrationView(GenericAPIView):
    """The reader's own registration: POST takes a seat (or a waiting-list place), DELETE
    gives it up."""

    queryset = Registration.objects.none()
    serializer_class = RegistrationSerializer

    @extend_schema(request=RegistrationInputSerializer, responses={201: RegistrationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_create(
            user=request.user, event=_event(pk), **data.validated_data
        )
        body = {"status": registration.status, "share_email": registration.share_email}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        if not request.user.is_authenticated:
            raise PermissionDenied()
        services.registration_cancel(user=request.user, event=_event(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def attendee_rows(event: Event) -> list[dict]:
    """The attendee list: names and sector; an email address only where its owner agreed."""
    return [
        {
            "id": registration.user_id,
            "display_name": registration.user.display_name,
            "sector": registration.user.sector,
            "status": registration.status,
            "email": registration.user.email if registration.share_email else None,
        }
        for registration in selectors.event_attendees(event=event)
    ]


class EventAttendeesView(GenericAPIView):
    queryset = Registration.objects.none()
    serializer_class = AttendeeSerializer
    pagination_class = None

    @extend_schema(responses=AttendeeSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        event = _event(pk)
        if not services.event_can_manage(user=request.user, event=event):
            raise PermissionDenied()
        return Response(attendee_rows(event))
