"""JSON API of the workbench: parse, call a service or selector, return output.py's shapes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Organisation, User
from challenges.models import Challenge
from core.pagination import PageNumberPagination
from ideas.evaluation import output, selectors, services
from ideas.evaluation.models import Criterion
from ideas.evaluation.serializers import (
    AssignmentInputSerializer,
    BulkStatusInputSerializer,
    CriterionInputSerializer,
    InboxQuerySerializer,
    JurorInputSerializer,
    PublishInputSerializer,
    ScoreInputSerializer,
)
from ideas.models import Idea


class StaffOnly(IsAuthenticated):
    message = "Only city staff may do this."

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and services.workbench_can_use(
            user=request.user
        )


def _challenge(request: Request, pk: int) -> Challenge:
    """A challenge the requester may see (drafts: staff); others are 404."""
    return get_object_or_404(Challenge.objects.visible_to(request.user), pk=pk)


def _ideas(ids: list[int], field: str = "ideas") -> list[Idea]:
    found = Idea.objects.visible().in_bulk(ids)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: [_("No such ideas: %s") % missing]})
    return [found[pk] for pk in ids]


class InboxView(GenericAPIView):
    """Ideas awaiting the city, oldest first, with the counts for each reason."""

    permission_classes = [StaffOnly]
    pagination_class = PageNumberPagination
    queryset = Idea.objects.none()

    @extend_schema(
        parameters=[
            InboxQuerySerializer,
            OpenApiParameter("page", int, description="Page number (from 1)."),
            OpenApiParameter("page_size", int, description="Ideas per page (up to 100)."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        query = InboxQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = selectors.InboxFilters(**query.validated_data)
        page = self.paginate_queryset(selectors.inbox_ideas(filters))
        response = self.get_paginated_response([output.inbox_item(idea) for idea in page])
        response.data["counts"] = selectors.inbox_counts(filters)
        return response


class InboxStatusView(GenericAPIView):
    """One official response and status for several ideas (each its own history entry)."""

    permission_classes = [StaffOnly]
    serializer_class = BulkStatusInputSerializer

    @extend_schema(request=BulkStatusInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = BulkStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ideas = _ideas(data.validated_data["ideas"])
        moved = services.ideas_set_status_bulk(
            actor=request.user,
            ideas=ideas,
            status=data.validated_data["status"],
            response=data.validated_data["response"],
        )
        return Response({"ideas": [{"id": i.pk, "status": i.status} for i in moved]})


class IdeaAssignmentView(GenericAPIView):
    """Give an idea to a colleague and/or a city department (both null: nobody)."""

    permission_classes = [StaffOnly]
    serializer_class = AssignmentInputSerializer
    queryset = Idea.objects.none()  # OPTIONS looks for the object of a PUT: a 404, no 500

    @extend_schema(request=AssignmentInputSerializer, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request, pk: int) -> Response:
        idea = get_object_or_404(Idea.objects.visible(), pk=pk)
        data = AssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = department = None
        if data.validated_data.get("assignee"):
            assignee = User.objects.filter(pk=data.validated_data["assignee"]).first()
            if assignee is None:
                raise ValidationError({"assignee": [_("No such person.")]})
        if data.validated_data.get("department"):
            department = Organisation.objects.filter(pk=data.validated_data["department"]).first()
            if department is None:
                raise ValidationError({"department": [_("No such department.")]})
        assignment = services.idea_assign(
            actor=request.user, idea=idea, assignee=assignee, department=department
        )
        return Response(output.assignment_data(idea, assignment))


def jury_overview(challenge: Challenge) -> dict:
    evaluation = selectors.evaluation_get(challenge)
    criteria = selectors.evaluation_criteria(evaluation)
    return {
        "challenge": challenge.pk,
        "closed": bool(evaluation and evaluation.is_closed),
        "published": bool(evaluation and evaluation.is_published),
        "criteria": [output.criterion_data(c) for c in criteria],
        "jurors": [
            {
                "person": output.person_ref(juror.user),
                "ideas": [a.idea_id for a in juror.assignments.all()],
                "submitted": [a.idea_id for a in juror.assignments.all() if a.submitted_at],
            }
            for juror in selectors.evaluation_jurors(evaluation)
        ],
        "results": [
            output.idea_result_data(r, criteria) for r in selectors.jury_results(evaluation)
        ],
    }


class JuryView(GenericAPIView):
    """A challenge's jury for staff: criteria, jurors, and per idea the weighted average,
    spread and rank."""

    permission_classes = [StaffOnly]
    queryset = Challenge.objects.none()

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        return Response(jury_overview(_challenge(request, pk)))


class CriteriaView(GenericAPIView):
    permission_classes = [StaffOnly]
    serializer_class = CriterionInputSerializer

    @extend_schema(request=CriterionInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        challenge = _challenge(request, pk)
        data = CriterionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = services.criterion_add(
            actor=request.user, challenge=challenge, **data.validated_data
        )
        return Response(output.criterion_data(criterion), status=status.HTTP_201_CREATED)


class CriterionDetailView(GenericAPIView):
    permission_classes = [StaffOnly]
    queryset = Criterion.objects.none()

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        criterion = get_object_or_404(Criterion, pk=pk)
        services.criterion_remove(actor=request.user, criterion=criterion)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JurorsView(GenericAPIView):
    permission_classes = [StaffOnly]
    serializer_class = JurorInputSerializer

    @extend_schema(request=JurorInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        challenge = _challenge(request, pk)
        data = JurorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = User.objects.filter(pk=data.validated_data["user"]).first()
        if user is None:
            raise ValidationError({"user": [_("No such person.")]})
        services.juror_add(
            actor=request.user,
            challenge=challenge,
            user=user,
            ideas=_ideas(data.validated_data.get("ideas", [])),
        )
        return Response(jury_overview(challenge), status=status.HTTP_201_CREATED)


class JuryCloseView(GenericAPIView):
    permission_classes = [StaffOnly]
    queryset = Challenge.objects.none()
    serializer_class = serializers.Serializer  # no body (OPTIONS describes the POST by it)

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, pk: int) -> Response:
        challenge = _challenge(request, pk)
        services.evaluation_close(actor=request.user, challenge=challenge)
        return Response(jury_overview(challenge))


class ResultView(GenericAPIView):
    """The jury's published result of a challenge: public (404 before it is published)."""

    queryset = Challenge.objects.none()
    permission_classes = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        published = selectors.result_published(_challenge(request, pk))
        if published is None:
            raise NotFound(_("No result has been published yet."))
        return Response(output.result_data(*published))


class ResultPublishView(GenericAPIView):
    """City staff publish the jury's result: the selected ideas and a public statement."""

    permission_classes = [StaffOnly]
    serializer_class = PublishInputSerializer

    @extend_schema(request=PublishInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        challenge = _challenge(request, pk)
        data = PublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.evaluation_publish(
            actor=request.user,
            challenge=challenge,
            ideas=_ideas(data.validated_data["ideas"]),
            statement=data.validated_data["statement"],
        )
        return Response(
            output.result_data(*selectors.result_published(challenge)),
            status=status.HTTP_201_CREATED,
        )


class IdeaScoresView(GenericAPIView):
    """GET: the jury's scorings of an idea (staff; a juror only after submitting their own).
    POST: the requesting juror's scoring, once."""

    permission_classes = [IsAuthenticated]
    serializer_class = ScoreInputSerializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        idea = get_object_or_404(Idea.objects.visible(), pk=pk)
        sheets = selectors.idea_sheets_visible(viewer=request.user, idea=idea)
        if sheets is None:
            raise PermissionDenied(_("You see the jury's scores once you have submitted yours."))
        criteria = sheets[0].juror.evaluation.criteria.all() if sheets else []
        criteria = list(criteria)
        return Response(
            {"idea": idea.pk, "sheets": [output.sheet_data(s, criteria) for s in sheets]}
        )

    @extend_schema(request=ScoreInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        idea = get_object_or_404(Idea.objects.visible(), pk=pk)
        data = ScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scores: dict[int, int] = {}
        for entry in data.validated_data["scores"]:
            if entry["criterion"] in scores:
                raise ValidationError({"scores": [_("Each criterion is scored once.")]})
            scores[entry["criterion"]] = entry["value"]
        assignment = services.jury_score(
            juror=request.user,
            idea=idea,
            scores=scores,
            comment=data.validated_data.get("comment", ""),
        )
        criteria = list(assignment.juror.evaluation.criteria.all())
        return Response(output.sheet_data(assignment, criteria), status=status.HTTP_201_CREATED)


class FiguresView(GenericAPIView):
    """The charts' numbers of a challenge: staff always; everyone once it takes no ideas."""

    queryset = Challenge.objects.none()
    permission_classes = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        challenge = _challenge(request, pk)
        if not (
            services.workbench_can_use(user=request.user) or selectors.charts_public(challenge)
        ):
            if not request.user.is_authenticated:
                raise NotFound()
            raise PermissionDenied(_("Only city staff see these figures while ideas come in."))
        return Response(output.figures_data(selectors.challenge_figures(challenge)))
