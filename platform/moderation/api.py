"""JSON API of moderation: parse, call a service or selector, serialise."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from core.pagination import PageNumberPagination
from moderation import output, selectors, services
from moderation.models import (
    Appeal,
    AuditEntry,
    Decision,
    DecisionKind,
    Ground,
    ItemState,
    Moderator,
    ReportReason,
)


class ReportInputSerializer(serializers.Serializer):
    kind = serializers.CharField(
        max_length=20, help_text="What is reported: idea, comment, offer or person."
    )
    object_id = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = serializers.CharField(max_length=2_000)
    law = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    # A honeypot: people leave it empty (it is not shown); a bot that fills it is refused.
    website = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_website(self, value: str) -> str:
        if value:
            raise serializers.ValidationError("Leave this field empty.")
        return value


class DecisionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    reason = serializers.CharField(max_length=2_000)
    ground = serializers.ChoiceField(choices=Ground.choices, default=Ground.HOUSE_RULES)
    law = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    block_days = serializers.IntegerField(required=False, allow_null=True, default=None)


class AppealInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2_000)


class AppealDecisionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Appeal.Outcome.choices)
    reason = serializers.CharField(max_length=2_000)


class ModeratorInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    challenge = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


def _client_address(request: Request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _require_moderator(request: Request) -> None:
    if not services.moderation_is_moderator(user=request.user):
        raise PermissionDenied("Only moderators may do this.")


class ReportView(GenericAPIView):
    """Report an item. Without an account: illegal content only, with `law` and `email`."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ReportInputSerializer

    @extend_schema(request=ReportInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("website")
        report = services.report_submit(
            reporter=request.user, address=_client_address(request), **fields
        )
        # The reporter learns their report was received, nothing about others' reports.
        return Response(output.report_data(report), status=status.HTTP_201_CREATED)


class QueueView(GenericAPIView):
    """Items with open reports, oldest first; `reason` and `challenge` filter."""

    permission_classes = [permissions.IsAuthenticated]
    queryset = ItemState.objects.none()
    pagination_class = PageNumberPagination

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        _require_moderator(request)
        reason = request.query_params.get("reason") or None
        if reason is not None and reason not in ReportReason.values:
            raise serializers.ValidationError({"reason": ["Unknown reason."]})
        challenge = request.query_params.get("challenge") or None
        if challenge is not None:
            if not challenge.isdigit():
                raise serializers.ValidationError({"challenge": ["A challenge id, please."]})
            challenge = int(challenge)
        page = self.paginate_queryset(
            selectors.queue(user=request.user, reason=reason, challenge=challenge)
        )
        return self.get_paginated_response([output.queue_entry(item) for item in page])


def _item(request: Request, pk: int) -> ItemState:
    _require_moderator(request)
    try:
        return selectors.item_get(user=request.user, pk=pk)
    except ItemState.DoesNotExist as exc:
        raise NotFound() from exc


class DecisionView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DecisionInputSerializer

    @extend_schema(request=DecisionInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        item = _item(request, pk)
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.decision_make(moderator=request.user, item=item, **data.validated_data)
        return Response(output.decision_data(decision), status=status.HTTP_201_CREATED)


class AppealView(GenericAPIView):
    """The person a decision concerns contests it, once."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AppealInputSerializer

    @extend_schema(request=AppealInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        try:
            decision = selectors.decision_get(pk=pk)
        except Decision.DoesNotExist as exc:
            raise NotFound() from exc
        data = AppealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = services.appeal_submit(user=request.user, decision=decision, **data.validated_data)
        return Response(output.appeal_data(appeal), status=status.HTTP_201_CREATED)


class AppealDecisionView(GenericAPIView):
    """Another moderator than the one who decided upholds or reverses."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AppealDecisionInputSerializer

    @extend_schema(request=AppealDecisionInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, pk: int) -> Response:
        _require_moderator(request)
        try:
            appeal = selectors.appeal_get(pk=pk)
        except Appeal.DoesNotExist as exc:
            raise NotFound() from exc
        data = AppealDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = services.appeal_decide(
            moderator=request.user, appeal=appeal, **data.validated_data
        )
        return Response(output.appeal_data(appeal))


class ModeratorView(GenericAPIView):
    """City staff list and appoint moderators (globally, or for one challenge)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ModeratorInputSerializer
    queryset = Moderator.objects.none()
    pagination_class = PageNumberPagination

    def _staff(self, request: Request) -> None:
        if not services.moderator_can_appoint(user=request.user):
            raise PermissionDenied("Only city staff may appoint moderators.")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        self._staff(request)
        page = self.paginate_queryset(Moderator.objects.order_by("created_at", "id"))
        return self.get_paginated_response(
            [{"user": m.user_id, "challenge": m.challenge_id} for m in page]
        )

    @extend_schema(request=ModeratorInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        self._staff(request)
        data = ModeratorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = get_user_model().objects.filter(pk=data.validated_data["user"]).first()
        if user is None:
            raise serializers.ValidationError({"user": ["No such person."]})
        moderator = services.moderator_appoint(
            actor=request.user, user=user, challenge_id=data.validated_data["challenge"]
        )
        return Response(
            {"user": moderator.user_id, "challenge": moderator.challenge_id},
            status=status.HTTP_201_CREATED,
        )


class AuditView(GenericAPIView):
    """The audit log, newest first: city staff only. Read only: no method here changes it."""

    permission_classes = [permissions.IsAuthenticated]
    queryset = AuditEntry.objects.none()
    pagination_class = PageNumberPagination

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        if not request.user.is_city_staff:
            raise PermissionDenied("Only city staff may read the audit log.")
        page = self.paginate_queryset(AuditEntry.objects.order_by("-at", "-id"))
        return self.get_paginated_response(
            [
                {
                    "at": e.at.isoformat(),
                    "actor": e.actor_id,
                    "action": e.action,
                    "item": e.item,
                    "reason": e.reason,
                    "detail": e.detail,
                }
                for e in page
            ]
        )


class TransparencyView(GenericAPIView):
    """Public figures per month: reports by reason, decisions by kind, median time to decision,
    appeals and their outcomes."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response({"months": [output.month_data(m) for m in selectors.transparency()]})
