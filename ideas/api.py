"""JSON API for ideas, their funnel, comments and co-creator offers: parse, call, serialise."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.selectors import person_get
from core.pagination import KeysetPagination, PageNumberPagination
from ideas import selectors, services
from ideas.filters import IdeaListQuerySerializer
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange
from ideas.serializers import (
    CommentEditInputSerializer,
    CommentInputSerializer,
    CommentSerializer,
    CommentThreadSerializer,
    IdeaCreateInputSerializer,
    IdeaDetailSerializer,
    IdeaListSerializer,
    IdeaUpdateInputSerializer,
    OfferInputSerializer,
    OfferSerializer,
    StatusChangeSerializer,
    StatusInputSerializer,
)


def _visible_idea(pk: int) -> Idea:
    try:
        return Idea.objects.visible().get(pk=pk)
    except Idea.DoesNotExist as exc:
        raise NotFound() from exc


class HiddenByModeration(APIException):
    """An idea hidden by moderation: gone for now, and the answer says why (its page shows
    the same placeholder)."""

    status_code = status.HTTP_410_GONE
    default_code = "hidden"


def _idea_detail(request: Request, pk: int) -> Idea:
    try:
        return selectors.idea_get(user=request.user, pk=pk)
    except Idea.DoesNotExist as exc:
        reason = selectors.idea_hidden_reason(pk=pk)
        if reason is not None:
            raise HiddenByModeration(
                _("Hidden by moderation: %(reason)s") % {"reason": reason}
            ) from exc
        raise NotFound() from exc


def _detail_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(IdeaDetailSerializer(_idea_detail(request, pk)).data, status=code)


class IdeaListView(GenericAPIView):
    """Ideas in one of four orders (a search: also by relevance, its default), filtered,
    paginated by keyset cursor (no COUNT)."""

    queryset = Idea.objects.none()
    serializer_class = IdeaListSerializer
    pagination_class = KeysetPagination
    ordering: tuple[str, str] = selectors.IDEA_ORDERINGS[selectors.DEFAULT_IDEA_ORDERING]

    # selectors.idea_page_narrow: a search's page is picked narrow first on PostgreSQL.
    keyset_narrow = False

    def keyset_ordering(self, request: Request) -> tuple[str, str]:
        return self.ordering

    @extend_schema(parameters=[IdeaListQuerySerializer], responses=IdeaListSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = IdeaListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = dict(query.validated_data)
        self.ordering = selectors.idea_ordering(filters.pop("order"))
        self.keyset_narrow = selectors.idea_page_narrow(search=filters.get("search"))
        ideas = selectors.idea_list(user=request.user, **filters).only(*selectors.IDEA_LIST_COLUMNS)
        page = self.paginate_queryset(ideas)
        return self.get_paginated_response(IdeaListSerializer(page, many=True).data)

    @extend_schema(
        request=IdeaCreateInputSerializer,
        responses={
            201: IdeaDetailSerializer,
            202: OpenApiResponse(
                description="A first contribution held until a moderator approves it"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = IdeaCreateInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        idea = services.idea_submit(author=request.user, **data.validated_data)
        if idea.hidden_at is not None:
            # A first contribution held for review: accepted, not public yet.
            return Response(
                {"detail": _("Hidden by moderation: %(reason)s") % {"reason": idea.hidden_reason}},
                status=status.HTTP_202_ACCEPTED,
            )
        return _detail_response(request, idea.pk, status.HTTP_201_CREATED)


class IdeaDetailView(GenericAPIView):
    queryset = Idea.objects.none()
    serializer_class = IdeaDetailSerializer

    @extend_schema(responses=IdeaDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _detail_response(request, pk)

    @extend_schema(request=IdeaUpdateInputSerializer, responses=IdeaDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        idea = _visible_idea(pk)
        data = IdeaUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.idea_update(actor=request.user, idea=idea, **data.validated_data)
        return _detail_response(request, pk)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.idea_withdraw(actor=request.user, idea=_visible_idea(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class IdeaStatusView(GenericAPIView):
    """City staff move an idea through the funnel, with an official response."""

    queryset = Idea.objects.none()
    serializer_class = StatusInputSerializer

    @extend_schema(request=StatusInputSerializer, responses=IdeaDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        idea = _visible_idea(pk)
        data = StatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.idea_set_status(actor=request.user, idea=idea, **data.validated_data)
        return _detail_response(request, pk)


class IdeaHistoryView(GenericAPIView):
    queryset = IdeaStatusChange.objects.none()
    serializer_class = StatusChangeSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses=StatusChangeSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(selectors.idea_status_history(idea=_visible_idea(pk)))
        return self.get_paginated_response(StatusChangeSerializer(page, many=True).data)


class IdeaCommentsView(GenericAPIView):
    """Top-level comments, oldest first, each with its replies."""

    queryset = Comment.objects.none()
    serializer_class = CommentThreadSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses=CommentThreadSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(selectors.comment_threads(idea=_visible_idea(pk)))
        return self.get_paginated_response(CommentThreadSerializer(page, many=True).data)

    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        # The idea is not read here: the service's locking read is the only read (a withdrawn
        # idea is refused there, as for votes).
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            comment = services.comment_post(
                author=request.user, idea=Idea(pk=pk), **data.validated_data
            )
        except Idea.DoesNotExist as exc:
            raise NotFound() from exc
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentDetailView(GenericAPIView):
    queryset = Comment.objects.none()
    serializer_class = CommentSerializer

    def _comment(self, pk: int) -> Comment:
        try:
            return selectors.comment_get(pk=pk)
        except Comment.DoesNotExist as exc:
            raise NotFound() from exc

    @extend_schema(responses=CommentSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(CommentSerializer(self._comment(pk)).data)

    @extend_schema(request=CommentEditInputSerializer, responses=CommentSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        comment = self._comment(pk)
        data = CommentEditInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_edit(actor=request.user, comment=comment, **data.validated_data)
        return Response(CommentSerializer(comment).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.comment_delete(actor=request.user, comment=self._comment(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PersonCommentsView(GenericAPIView):
    """A person's public comments, newest first (their profile is /api/people/{id}/, their
    ideas /api/ideas/?author={id})."""

    queryset = Comment.objects.none()
    serializer_class = CommentSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses=CommentSerializer(many=True), summary="A person's public comments")
    def get(self, request: Request, pk: int) -> Response:
        try:
            person = person_get(pk=pk)
        except User.DoesNotExist as exc:
            raise NotFound(_("This person does not exist.")) from exc
        page = self.paginate_queryset(selectors.comments_of_person(person=person))
        return self.get_paginated_response(CommentSerializer(page, many=True).data)


class IdeaOffersView(GenericAPIView):
    """Public offers of help on an idea that looks for co-creators."""

    queryset = CocreatorOffer.objects.none()
    serializer_class = OfferSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses=OfferSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(selectors.cocreator_offers(idea=_visible_idea(pk)))
        return self.get_paginated_response(OfferSerializer(page, many=True).data)

    @extend_schema(request=OfferInputSerializer, responses={201: OfferSerializer})
    def post(self, request: Request, pk: int) -> Response:
        idea = _visible_idea(pk)
        data = OfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.cocreator_offer(user=request.user, idea=idea, **data.validated_data)
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)
