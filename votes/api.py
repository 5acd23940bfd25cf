"""JSON API for voting on an idea: PUT a vote, DELETE it; both answer the new tallies."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from ideas.models import Idea
from ideas.serializers import TalliesSerializer
from votes import services


class VoteInputSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=[(1, "up"), (-1, "down")])


class VoteView(GenericAPIView):
    """The idea is not fetched first: the service's locking read is the only read."""

    queryset = Idea.objects.none()
    serializer_class = TalliesSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=VoteInputSerializer, responses=TalliesSerializer)
    def put(self, request: Request, pk: int) -> Response:
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            tallies = services.vote_cast(
                user=request.user, idea=Idea(pk=pk), value=data.validated_data["value"]
            )
        except Idea.DoesNotExist as exc:
            raise NotFound() from exc
        return Response(tallies)

    # A DELETE answers 204 unless told otherwise; this one answers the new tallies.
    @extend_schema(request=None, responses={200: TalliesSerializer})
    def delete(self, request: Request, pk: int) -> Response:
        try:
            tallies = services.vote_retract(user=request.user, idea=Idea(pk=pk))
        except Idea.DoesNotExist as exc:
            raise NotFound() from exc
        return Response(tallies)
