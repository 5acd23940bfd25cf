"""JSON API of events: anyone reads them, organisers announce, edit and cancel them, people
register and cancel, organisers read the attendee list."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import (
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from challenges import selectors as challenge_selectors
from challenges.models import Challenge
from core.pagination import PageNumberPagination
from ideas.gatherings import output, selectors, services
from ideas.gatherings.models import Event, Hackathon, Registration, Team, TeamJoinRequest
from ideas.gatherings.serializers import (
    AttendeeSerializer,
    EventInputSerializer,
    EventSerializer,
    EventUpdateInputSerializer,
    HackathonInputSerializer,
    HackathonSerializer,
    JoinRequestInputSerializer,
    JoinRequestSerializer,
    JuryAnnouncementInputSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
    TeamInputSerializer,
    TeamSerializer,
    TeamSubmitInputSerializer,
)
from ideas.models import Idea


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


# --- Hackathons --------------------------------------------------------------------------------


def _hackathon(request: Request, challenge_pk: int) -> Hackathon:
    """The hackathon of a challenge the reader may see (drafts: staff only), else 404."""
    try:
        challenge = challenge_selectors.challenge_get_for_write(user=request.user, pk=challenge_pk)
    except Challenge.DoesNotExist as exc:
        raise NotFound() from exc
    hackathon = selectors.hackathon_of(challenge=challenge)
    if hackathon is None:
        raise NotFound("This challenge is not a hackathon.")
    return hackathon


def _team(request: Request, pk: int) -> Team:
    try:
        team = selectors.team_get(pk=pk)
    except Team.DoesNotExist as exc:
        raise NotFound() from exc
    _hackathon(request, team.hackathon.challenge_id)  # a draft challenge's teams are hidden
    return team


def _team_response(pk: int, code: int = status.HTTP_200_OK) -> Response:
    team = selectors.team_get(pk=pk)
    members = list(team.members.all())
    data = output.team_data(team, members=members, team_size_max=team.hackathon.team_size_max)
    return Response(data, status=code)


def _join_request(request: Request, pk: int) -> TeamJoinRequest:
    """A join request, for the person who asked and the team's lead only (404 for others:
    that someone asked is theirs to know)."""
    try:
        join_request = selectors.join_request_get(pk=pk)
    except TeamJoinRequest.DoesNotExist as exc:
        raise NotFound() from exc
    user = request.user
    if not user.is_authenticated or (
        join_request.user_id != user.pk
        and not services.team_can_lead(user=user, team=join_request.team)
    ):
        raise NotFound()
    return join_request


class HackathonView(GenericAPIView):
    """A challenge's hackathon settings: anyone reads them; city staff make a challenge a
    hackathon or change its team sizes with PUT."""

    queryset = Hackathon.objects.none()
    serializer_class = HackathonSerializer

    @extend_schema(responses=HackathonSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(output.hackathon_data(_hackathon(request, pk)))

    @extend_schema(
        request=HackathonInputSerializer,
        responses={200: HackathonSerializer, 201: HackathonSerializer},
    )
    def put(self, request: Request, pk: int) -> Response:
        try:
            challenge = challenge_selectors.challenge_get_for_write(user=request.user, pk=pk)
        except Challenge.DoesNotExist as exc:
            raise NotFound() from exc
        data = HackathonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        existed = selectors.hackathon_of(challenge=challenge) is not None
        hackathon = services.hackathon_configure(
            actor=request.user, challenge=challenge, **data.validated_data
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(output.hackathon_data(hackathon), status=code)


class JuryAnnouncementView(GenericAPIView):
    """City staff announce the jury phase: teams are final from then on."""

    queryset = Hackathon.objects.none()
    serializer_class = HackathonSerializer

    @extend_schema(request=JuryAnnouncementInputSerializer, responses=HackathonSerializer)
    def post(self, request: Request, pk: int) -> Response:
        hackathon = _hackathon(request, pk)
        data = JuryAnnouncementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hackathon = services.hackathon_announce_jury(
            actor=request.user, hackathon=hackathon, **data.validated_data
        )
        return Response(output.hackathon_data(hackathon))


class TeamListView(GenericAPIView):
    """The teams of a hackathon (GET), and forming a team around an idea of it (POST)."""

    queryset = Team.objects.none()
    serializer_class = TeamSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses=TeamSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        hackathon = _hackathon(request, pk)
        page = self.paginate_queryset(selectors.hackathon_teams(hackathon=hackathon))
        return self.get_paginated_response(
            [
                output.team_data(
                    team, members=list(team.members.all()), team_size_max=hackathon.team_size_max
                )
                for team in page
            ]
        )

    @extend_schema(request=TeamInputSerializer, responses={201: TeamSerializer})
    def post(self, request: Request, pk: int) -> Response:
        hackathon = _hackathon(request, pk)
        data = TeamInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = Idea.objects.filter(
            pk=data.validated_data["idea"], challenge_id=hackathon.challenge_id
        ).first()
        if idea is None:
            raise ValidationError({"idea": ["Choose an idea of this challenge."]})
        team = services.team_form(user=request.user, idea=idea, name=data.validated_data["name"])
        return _team_response(team.pk, status.HTTP_201_CREATED)


class TeamDetailView(GenericAPIView):
    queryset = Team.objects.none()
    serializer_class = TeamSerializer

    @extend_schema(responses=TeamSerializer)
    def get(self, request: Request, pk: int) -> Response:
        _team(request, pk)
        return _team_response(pk)


class TeamJoinRequestsView(GenericAPIView):
    """POST: ask to join the team. GET: the requests waiting for the team's lead (lead only)."""

    queryset = TeamJoinRequest.objects.none()
    serializer_class = JoinRequestSerializer
    pagination_class = None

    @extend_schema(responses=JoinRequestSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        team = _team(request, pk)
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        if not services.team_can_lead(user=request.user, team=team):
            raise PermissionDenied("Only the team's lead sees its join requests.")
        return Response(
            [output.join_request_data(r) for r in selectors.join_requests_pending(team=team)]
        )

    @extend_schema(request=JoinRequestInputSerializer, responses={201: JoinRequestSerializer})
    def post(self, request: Request, pk: int) -> Response:
        team = _team(request, pk)
        data = JoinRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        join_request = services.team_request_join(
            user=request.user, team=team, **data.validated_data
        )
        join_request = selectors.join_request_get(pk=join_request.pk)
        return Response(output.join_request_data(join_request), status=status.HTTP_201_CREATED)


class _JoinRequestAction(GenericAPIView):
    queryset = TeamJoinRequest.objects.none()
    serializer_class = JoinRequestSerializer

    def act(self, request: Request, join_request: TeamJoinRequest) -> None:
        raise NotImplementedError

    @extend_schema(request=None, responses=JoinRequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        join_request = _join_request(request, pk)
        self.act(request, join_request)
        return Response(output.join_request_data(selectors.join_request_get(pk=pk)))


class JoinRequestAcceptView(_JoinRequestAction):
    """The team's lead lets the person in (409 when the team is full)."""

    def act(self, request: Request, join_request: TeamJoinRequest) -> None:
        services.team_request_decide(actor=request.user, join_request=join_request, accept=True)


class JoinRequestDeclineView(_JoinRequestAction):
    def act(self, request: Request, join_request: TeamJoinRequest) -> None:
        services.team_request_decide(actor=request.user, join_request=join_request, accept=False)


class JoinRequestWithdrawView(_JoinRequestAction):
    """The person who asked takes the request back."""

    def act(self, request: Request, join_request: TeamJoinRequest) -> None:
        services.team_request_withdraw(user=request.user, join_request=join_request)


class TeamLeaveView(GenericAPIView):
    """Leave the team: 200 with the team, or 204 when the last member left and it dissolved."""

    queryset = Team.objects.none()
    serializer_class = TeamSerializer

    @extend_schema(request=None, responses={200: TeamSerializer, 204: None})
    def post(self, request: Request, pk: int) -> Response:
        team = services.team_leave(user=request.user, team=_team(request, pk))
        if team is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _team_response(pk)


class TeamSubmitView(GenericAPIView):
    """The team's lead submits (or replaces) its result."""

    queryset = Team.objects.none()
    serializer_class = TeamSerializer

    @extend_schema(request=TeamSubmitInputSerializer, responses=TeamSerializer)
    def post(self, request: Request, pk: int) -> Response:
        team = _team(request, pk)
        data = TeamSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "result_idea" in values:
            idea = Idea.objects.filter(pk=values["result_idea"]).first()
            if idea is None:
                raise ValidationError(
                    {"result_idea": ["Choose an idea of this challenge by a member of your team."]}
                )
            values["result_idea"] = idea
        services.team_submit(actor=request.user, team=team, **values)
        return _team_response(pk)
