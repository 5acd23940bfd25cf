"""JSON API of notifications and follows: parse, call a service or selector, serialise."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.pagination import PageNumberPagination
from notifications import selectors, services
from notifications.models import Follow, Notification, Preference
from notifications.serializers import (
    FollowStateSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    UnreadSerializer,
)

FLAGS = {"true": True, "1": True, "false": False, "0": False}


class NotificationListView(GenericAPIView):
    """The signed-in person's notifications, newest first; `?unread=true` for unread only."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    pagination_class = PageNumberPagination
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Only unread ones.")],
        responses=NotificationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("unread", "false").lower()
        if raw not in FLAGS:
            raise ValidationError({"unread": [_("Use true or false.")]})
        notifications = selectors.notifications_of(person=request.user, unread_only=FLAGS[raw])
        page = self.paginate_queryset(notifications)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)


class UnreadCountView(GenericAPIView):
    """How many of the signed-in person's notifications are unread (the bell)."""

    queryset = Notification.objects.none()
    serializer_class = UnreadSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response({"unread_count": selectors.unread_count(person=request.user)})


class NotificationReadView(GenericAPIView):
    """Mark one of one's own notifications read (someone else's: 404, like a missing one)."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        try:
            notification = services.notification_mark_read(person=request.user, notification_id=pk)
        except Notification.DoesNotExist as exc:
            raise NotFound(_("There is no such notification.")) from exc
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(GenericAPIView):
    queryset = Notification.objects.none()
    serializer_class = UnreadSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=UnreadSerializer)
    def post(self, request: Request) -> Response:
        services.notifications_mark_all_read(person=request.user)
        return Response({"unread_count": 0})


class PreferencesView(GenericAPIView):
    """Per kind of notification: mail immediately, as a daily or weekly digest, or never."""

    queryset = Preference.objects.none()
    serializer_class = PreferencesSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        # The preferences are the signed-in person's: no id in the address (DRF's OPTIONS
        # asks for the object of a PUT).
        return self.request.user

    def get(self, request: Request) -> Response:
        return Response({"email": selectors.email_preferences(person=request.user)})

    def put(self, request: Request) -> Response:
        data = PreferencesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.preferences_set(person=request.user, emails=data.validated_data["email"])
        return Response({"email": selectors.email_preferences(person=request.user)})


class FollowView(GenericAPIView):
    """Whether one follows a challenge, idea, organisation, topic or person, and how many do;
    PUT follows, DELETE unfollows. Something one may not see answers 404 like a missing one."""

    queryset = Follow.objects.none()
    serializer_class = FollowStateSerializer

    def _state(self, request: Request, kind: str, pk: int) -> Response:
        return Response(selectors.follow_state(person=request.user, kind=kind, target_id=pk))

    def get(self, request: Request, kind: str, pk: int) -> Response:
        if not services.follow_can(user=request.user, kind=kind, target_id=pk):
            raise NotFound(_("There is nothing to follow here."))
        return self._state(request, kind, pk)

    @extend_schema(request=None)
    def put(self, request: Request, kind: str, pk: int) -> Response:
        return self._set(request, kind, pk, active=True)

    @extend_schema(request=None)
    def delete(self, request: Request, kind: str, pk: int) -> Response:
        return self._set(request, kind, pk, active=False)

    def _set(self, request: Request, kind: str, pk: int, *, active: bool) -> Response:
        try:
            services.follow_set(person=request.user, kind=kind, target_id=pk, active=active)
        except services.TargetUnknown as exc:
            raise NotFound(_("There is nothing to follow here.")) from exc
        return self._state(request, kind, pk)
