"""JSON API of challenges: everyone reads the public ones, city staff create and run them."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from challenges import selectors, services
from challenges.filters import ChallengeFilter
from challenges.serializers import ChallengeInputSerializer, ChallengeSerializer


class ChallengeListView(generics.ListCreateAPIView):
    serializer_class = ChallengeSerializer
    filterset_class = ChallengeFilter

    def get_queryset(self):
        return selectors.challenge_list(user=self.request.user)

    @extend_schema(
        request=ChallengeInputSerializer,
        responses={201: ChallengeSerializer, 403: OpenApiResponse(description="Not city staff")},
        summary="Create a challenge (city staff)",
    )
    def post(self, request):
        serializer = ChallengeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = services.challenge_create(actor=request.user, **serializer.validated_data)
        challenge = selectors.challenge_get(user=request.user, pk=challenge.pk)
        return Response(ChallengeSerializer(challenge).data, status=status.HTTP_201_CREATED)


class ChallengeDetailView(generics.RetrieveAPIView):
    serializer_class = ChallengeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        # Drafts are not in here for people who may not see them: they get a 404.
        return selectors.challenge_list(user=self.request.user)

    @extend_schema(
        request=ChallengeInputSerializer,
        responses={
            200: ChallengeSerializer,
            403: OpenApiResponse(description="Not city staff"),
            409: OpenApiResponse(description="The phase cannot move to this status"),
        },
        summary="Edit a challenge or move it to another phase (city staff)",
    )
    def patch(self, request, pk: int):
        challenge = self.get_object()
        serializer = ChallengeInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.challenge_update(
            actor=request.user, challenge=challenge, **serializer.validated_data
        )
        challenge = selectors.challenge_get(user=request.user, pk=challenge.pk)
        return Response(ChallengeSerializer(challenge).data)
