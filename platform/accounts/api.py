"""JSON API for sign-up, API tokens, one's own and public profiles, topics, organisations and
members."""

from __future__ import annotations

import math

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from accounts import selectors, services
from accounts.models import ActorOffer, MembershipRequest, Organisation, Sector, Topic, User
from accounts.serializers import (
    DetailSerializer,
    EmailChangeSerializer,
    EmailConfirmSerializer,
    EmailSerializer,
    LoginSerializer,
    MemberInputSerializer,
    MemberSerializer,
    MembershipRequestInputSerializer,
    MembershipRequestSerializer,
    MeSerializer,
    MeUpdateSerializer,
    OrganisationInputSerializer,
    OrganisationSerializer,
    PasswordChangeSerializer,
    PasswordResetSerializer,
    PersonProfileSerializer,
    RegisterRequestSerializer,
    RegisterSerializer,
    TokenSerializer,
    TopicSerializer,
)
from core.fields import SlugRefField
from core.pagination import PageNumberPagination
from core.throttling import FailOpenThrottleMixin, WriteRateThrottle


class RegisterRateThrottle(FailOpenThrottleMixin, ScopedRateThrottle):
    """DRF's scoped throttle, reading its rate when asked: DRF binds the rates dict at import
    time, which would make a changed setting (an operator's or a test's) silently ignored."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


def _me_data(user: User, serializer_class=MeSerializer, **extra) -> dict:
    memberships = list(selectors.user_memberships(user=user))
    data = serializer_class(user, context={"memberships": memberships}).data
    data.update(extra)
    return data


def _client_address(request) -> str:
    # Behind a proxy, the proxy must set REMOTE_ADDR correctly (e.g. uvicorn/daphne
    # --proxy-headers); trusting X-Forwarded-For here would let anyone pick their address.
    return request.META.get("REMOTE_ADDR") or "unknown"


# --- Sign-up and tokens ---------------------------------------------------------------------------


def _throttled(exc: services.RequestThrottled) -> exceptions.Throttled:
    minutes = max(1, math.ceil(exc.wait / 60))
    throttled = exceptions.Throttled(
        detail=ngettext(
            "Too many requests for this address. Please try again in %(minutes)d minute.",
            "Too many requests for this address. Please try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes}
    )
    throttled.wait = exc.wait  # becomes the Retry-After header
    return throttled


def _mail_request(request, call, **kwargs) -> None:
    """Run a service that mails someone, turning its throttle into a 429."""
    try:
        call(address=_client_address(request), **kwargs)
    except services.RequestThrottled as exc:
        raise _throttled(exc) from exc


class InvalidLinkError(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = services.INVALID_LINK_MESSAGE
    default_code = "invalid_link"


INVALID_LINK = OpenApiResponse(
    DetailSerializer, description="The link has expired, was used or is not valid."
)
SENT = OpenApiResponse(
    DetailSerializer,
    description="Accepted. The same answer whether or not the address has an account.",
)
THROTTLED = OpenApiResponse(DetailSerializer, description="Too many requests for the address.")


class RegisterView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [WriteRateThrottle, RegisterRateThrottle]
    throttle_scope = "register"
    serializer_class = RegisterSerializer

    @extend_schema(
        request=RegisterRequestSerializer,
        responses={
            202: SENT,
            400: OpenApiResponse(description="A rule of the fields"),
            429: THROTTLED,
        },
        summary="Create an account; a link to confirm the address is mailed",
        description=(
            "Answers the same whether or not the address has an account (its owner is told by "
            "mail). Sign in with /api/auth/token/ afterwards; votes, comments and ideas need "
            "the confirmed address."
        ),
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _mail_request(
            request,
            services.user_sign_up,
            language=translation.get_language(),
            **serializer.validated_data,
        )
        return Response(
            {"detail": _("Almost done: open the link we have mailed to this address.")},
            status=status.HTTP_202_ACCEPTED,
        )


class _EmailRequestView(generics.GenericAPIView):
    """POST {"email"} to a service that may mail that address: the same 202 for every one."""

    permission_classes = [AllowAny]
    serializer_class = EmailSerializer
    service = staticmethod(services.email_confirmation_resend)
    answer = ""

    def post(self, request):
        serializer = EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _mail_request(request, self.service, **serializer.validated_data)
        return Response({"detail": str(self.answer)}, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    post=extend_schema(
        request=EmailSerializer,
        responses={202: SENT, 429: THROTTLED},
        summary="Send the confirmation link again",
    )
)
class EmailConfirmationResendView(_EmailRequestView):
    service = staticmethod(services.email_confirmation_resend)
    answer = gettext_lazy("If this address waits for confirmation, a new link is on its way.")


class EmailConfirmView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = EmailConfirmSerializer

    @extend_schema(
        request=EmailConfirmSerializer,
        responses={200: DetailSerializer, 400: INVALID_LINK},
        summary="Confirm an email address with the token of the mailed link",
    )
    def post(self, request):
        serializer = EmailConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.email_confirm(token=serializer.validated_data["token"])
        except services.InvalidLink as exc:
            raise InvalidLinkError from exc
        return Response({"detail": _("Thank you: your email address is confirmed.")})


@extend_schema_view(
    post=extend_schema(
        request=EmailSerializer,
        responses={202: SENT, 429: THROTTLED},
        summary="Forgot the password: mail a link to set a new one",
    )
)
class PasswordForgotView(_EmailRequestView):
    service = staticmethod(services.password_reset_request)
    answer = gettext_lazy(
        "If this address has an account, a link to set a new password is on its way."
    )


class PasswordResetView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = PasswordResetSerializer

    @extend_schema(
        request=PasswordResetSerializer,
        responses={200: DetailSerializer, 400: INVALID_LINK},
        summary="Set a new password with the uid and token of the mailed link",
        description="Ends every session and API token of the person.",
    )
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.password_reset_complete(
                uidb64=data["uid"], token=data["token"], password=data["password"]
            )
        except services.InvalidLink as exc:
            raise InvalidLinkError from exc
        return Response({"detail": _("Your new password is set. Please sign in with it.")})


class TokenView(generics.GenericAPIView):
    serializer_class = LoginSerializer

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Wrong credentials"),
            429: OpenApiResponse(
                description="Too many failed logins from this address (see docs/security.md)"
            ),
        },
        summary="Exchange email and password for an API token",
    )
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.user_authenticate(
                request=request._request,
                email=serializer.validated_data["email"],
                password=serializer.validated_data["password"],
                address=_client_address(request),
            )
        except services.LoginThrottled as exc:
            minutes = max(1, math.ceil(exc.wait / 60))
            throttled = exceptions.Throttled(
                detail=ngettext(
                    "Too many login attempts. Please try again in %(minutes)d minute.",
                    "Too many login attempts. Please try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes}
            )
            throttled.wait = exc.wait  # becomes the Retry-After header
            raise throttled from exc
        token = services.user_token_issue(user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None}, summary="Log out: delete the API token")
    def delete(self, request):
        services.user_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Profile ------------------------------------------------------------------------------------


class MeView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(responses=MeSerializer, summary="The signed-in person's profile")
    def get(self, request):
        return Response(_me_data(request.user))

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request):
        serializer = MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update_profile(user=request.user, **serializer.validated_data)
        return Response(_me_data(user))


# --- People ------------------------------------------------------------------------------------


class PersonDetailView(generics.GenericAPIView):
    """Anyone's public profile. The person's ideas are `/api/ideas/?author={id}`."""

    permission_classes = [AllowAny]
    serializer_class = PersonProfileSerializer

    @extend_schema(responses=PersonProfileSerializer, summary="A person's public profile")
    def get(self, request, pk: int):
        try:
            person = selectors.person_get(pk=pk)
        except User.DoesNotExist as exc:
            raise exceptions.NotFound(_("This person does not exist.")) from exc
        organisations = list(selectors.person_organisations(person=person))
        return Response(
            PersonProfileSerializer(person, context={"organisations": organisations}).data
        )


class PasswordChangeView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = PasswordChangeSerializer

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={200: TokenSerializer},
        summary="Change the password",
        description="Every session and API token end; the answer carries the new token.",
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.password_change(user=request.user, **serializer.validated_data)
        return Response({"token": services.user_token_issue(user=user).key})


class EmailChangeView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = EmailChangeSerializer

    @extend_schema(
        request=EmailChangeSerializer,
        responses={202: SENT, 429: THROTTLED},
        summary="Change the email address: a link to confirm it goes to the new address",
        description="The old address is told once the new one is confirmed.",
    )
    def post(self, request):
        serializer = EmailChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _mail_request(
            request, services.email_change_request, user=request.user, **serializer.validated_data
        )
        return Response(
            {"detail": _("Please open the link we have mailed to the new address.")},
            status=status.HTTP_202_ACCEPTED,
        )


# --- Topics -------------------------------------------------------------------------------------


class TopicListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = TopicSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.topic_list()


# --- Organisations ------------------------------------------------------------------------------


class OrganisationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Organisation.Kind.choices)
    topic = filters.CharFilter(help_text="Topic slug.")
    search = filters.CharFilter(help_text="Words in the name or description.")

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_queryset(self, queryset):
        # The narrowing rules live in the selector, shared with the web site.
        return selectors.organisation_filter(queryset, **self.form.cleaned_data)


def _topics(data: dict) -> dict:
    if "topics" in data:
        data["topics"] = list(data["topics"])
    return data


class OrganisationListView(generics.ListCreateAPIView):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return selectors.organisation_list()

    @extend_schema(request=OrganisationInputSerializer, responses={201: OrganisationSerializer})
    def post(self, request):
        serializer = OrganisationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org = services.organisation_create(actor=request.user, **_topics(serializer.validated_data))
        return Response(
            OrganisationSerializer(selectors.organisation_get(pk=org.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class OrganisationDetailView(generics.RetrieveAPIView):
    serializer_class = OrganisationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.organisation_list()

    @extend_schema(request=OrganisationInputSerializer, responses=OrganisationSerializer)
    def patch(self, request, pk: int):
        org = self.get_object()
        serializer = OrganisationInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.organisation_update(
            actor=request.user, organisation=org, **_topics(serializer.validated_data)
        )
        return Response(OrganisationSerializer(selectors.organisation_get(pk=org.pk)).data)


def _organisation_or_404(pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise exceptions.NotFound(_("This organisation does not exist."))
    return org


@extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
class MemberListView(generics.ListCreateAPIView):
    serializer_class = MemberSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.organisation_members(organisation=_organisation_or_404(self.kwargs["id"]))

    @extend_schema(request=MemberInputSerializer, responses={201: MemberSerializer})
    def post(self, request, id: int):  # noqa: A002
        org = _organisation_or_404(id)
        serializer = MemberInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_add(
            actor=request.user, organisation=org, **serializer.validated_data
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("id", int, OpenApiParameter.PATH),
        OpenApiParameter("user_id", int, OpenApiParameter.PATH),
    ]
)
class MemberDetailView(generics.GenericAPIView):
    serializer_class = MemberSerializer
    http_method_names = ["delete", "options"]

    @extend_schema(request=None, responses={204: None}, summary="Remove a member, or leave")
    def delete(self, request, id: int, user_id: int):  # noqa: A002
        org = _organisation_or_404(id)
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            raise exceptions.NotFound(_("This person does not exist."))
        services.membership_remove(actor=request.user, organisation=org, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Joining and leaving (working groups, issue 17) -------------------------------------------


@extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
class JoinView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MemberSerializer

    @extend_schema(
        request=None,
        responses={201: MemberSerializer},
        summary="Join an open organisation or working group",
        description="Only where `joining` is `open`; elsewhere ask (`requests/`) or be added.",
    )
    def post(self, request, id: int):  # noqa: A002
        org = _organisation_or_404(id)
        membership = services.membership_join(user=request.user, organisation=org)
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
class LeaveView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MemberSerializer

    @extend_schema(
        request=None,
        responses={204: None},
        summary="Leave an organisation or working group",
        description="The last administrator cannot leave (409): name another one first.",
    )
    def post(self, request, id: int):  # noqa: A002
        services.membership_leave(user=request.user, organisation=_organisation_or_404(id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RequestQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=MembershipRequest.Status.choices,
        required=False,
        help_text="Only requests in this state (administrators; default: pending).",
    )


@extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
class MembershipRequestListView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MembershipRequestSerializer
    pagination_class = PageNumberPagination
    queryset = MembershipRequest.objects.none()
    filter_backends: list = []

    @extend_schema(
        parameters=[RequestQuerySerializer],
        responses=MembershipRequestSerializer(many=True),
        summary="Requests to join",
        description=(
            "Administrators (and city staff) see the organisation's requests, pending ones by "
            "default, oldest first; anyone else signed in sees only their own, newest first."
        ),
    )
    def get(self, request, id: int):  # noqa: A002
        org = _organisation_or_404(id)
        query = RequestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if services.organisation_is_admin(user=request.user, organisation=org):
            qs = selectors.membership_requests(
                organisation=org,
                status=query.validated_data.get("status", MembershipRequest.Status.PENDING),
            )
        else:
            qs = selectors.membership_requests_of_user(user=request.user, organisation=org)
            if "status" in query.validated_data:
                qs = qs.filter(status=query.validated_data["status"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MembershipRequestSerializer(page, many=True).data)

    @extend_schema(
        request=MembershipRequestInputSerializer,
        responses={201: MembershipRequestSerializer},
        summary="Ask to join an organisation or working group",
        description="Only where `joining` is `request`; one pending request per person.",
    )
    def post(self, request, id: int):  # noqa: A002
        org = _organisation_or_404(id)
        serializer = MembershipRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        made = services.membership_request_create(
            user=request.user, organisation=org, **serializer.validated_data
        )
        made = selectors.membership_request_get(organisation=org, pk=made.pk)
        return Response(MembershipRequestSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("id", int, OpenApiParameter.PATH),
        OpenApiParameter("rid", int, OpenApiParameter.PATH),
    ]
)
class _MembershipRequestActionView(generics.GenericAPIView):
    """POST on one request: accept or decline (administrators), withdraw (the asker)."""

    permission_classes = [IsAuthenticated]
    serializer_class = MembershipRequestSerializer
    service = staticmethod(services.membership_request_accept)

    def post(self, request, id: int, rid: int):  # noqa: A002
        org = _organisation_or_404(id)
        try:
            found = selectors.membership_request_get(organisation=org, pk=rid)
        except MembershipRequest.DoesNotExist as exc:
            raise exceptions.NotFound(_("This request does not exist.")) from exc
        self.service(actor=request.user, request=found)
        found = selectors.membership_request_get(organisation=org, pk=rid)
        return Response(MembershipRequestSerializer(found).data)


@extend_schema_view(
    post=extend_schema(
        request=None,
        responses=MembershipRequestSerializer,
        summary="Accept a request to join: the person becomes a member (administrators)",
    )
)
class MembershipRequestAcceptView(_MembershipRequestActionView):
    service = staticmethod(services.membership_request_accept)


@extend_schema_view(
    post=extend_schema(
        request=None,
        responses=MembershipRequestSerializer,
        summary="Decline a request to join (administrators)",
    )
)
class MembershipRequestDeclineView(_MembershipRequestActionView):
    service = staticmethod(services.membership_request_decline)


@extend_schema_view(
    post=extend_schema(
        request=None,
        responses=MembershipRequestSerializer,
        summary="Withdraw one's own pending request to join",
    )
)
class MembershipRequestWithdrawView(_MembershipRequestActionView):
    service = staticmethod(services.membership_request_withdraw)


class DirectoryQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["organisations", "working_groups", "people"],
        default="organisations",
        help_text="`organisations` (all but working groups), `working_groups` or `people`.",
    )
    topic = SlugRefField(queryset=Topic.objects.all(), required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    offer = serializers.ChoiceField(choices=ActorOffer.choices, required=False)
    search = serializers.CharField(max_length=100, required=False)


class DirectoryActorSerializer(serializers.Serializer):
    """An actor of the directory: an organisation or a person who opted in."""

    kind = serializers.CharField(help_text="`organisation`, `working_group` or `person`")
    id = serializers.IntegerField()
    name = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices, allow_null=True)
    offers = serializers.ListField(child=serializers.ChoiceField(choices=ActorOffer.choices))
    topics = serializers.ListField(child=serializers.CharField())


def _actor(actor) -> dict:
    if isinstance(actor, Organisation):
        return {
            "kind": (
                "working_group" if actor.kind == Organisation.Kind.WORKING_GROUP else "organisation"
            ),
            "id": actor.pk,
            "name": actor.name,
            "sector": None,
            "offers": actor.offers,
            "topics": [topic.slug for topic in actor.topics.all()],
        }
    return {
        "kind": "person",
        "id": actor.pk,
        "name": actor.display_name,
        "sector": actor.sector,
        "offers": actor.offers,
        "topics": [],
    }


class DirectoryView(generics.GenericAPIView):
    """The directory of actors: organisations, working groups, or the people who opted in (one
    kind a page)."""

    serializer_class = DirectoryActorSerializer
    pagination_class = PageNumberPagination
    queryset = Organisation.objects.none()

    @extend_schema(
        parameters=[DirectoryQuerySerializer], responses=DirectoryActorSerializer(many=True)
    )
    def get(self, request):
        query = DirectoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = dict(query.validated_data)
        kind = filters.pop("kind")
        if "topic" in filters:
            filters["topic"] = filters["topic"].slug
        if kind == "people":
            qs = selectors.directory_people_qs(**filters)
        else:
            filters.pop("sector", None)  # a sector is of people
            qs = selectors.directory_organisations_qs(
                working_groups=kind == "working_groups", **filters
            )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([_actor(actor) for actor in page])
