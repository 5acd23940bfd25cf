"""API routes of events, included under /api/."""

from django.urls import path

from ideas.gatherings import api

app_name = "gatherings-api"

urlpatterns = [
    path("events/", api.EventListView.as_view(), name="event-list"),
    path("events/<int:pk>/", api.EventDetailView.as_view(), name="event-detail"),
    path("events/<int:pk>/cancel/", api.EventCancelView.as_view(), name="event-cancel"),
    path(
        "events/<int:pk>/registration/",
        api.EventRegistrationView.as_view(),
        name="event-registration",
    ),
    path("events/<int:pk>/attendees/", api.EventAttendeesView.as_view(), name="event-attendees"),
    path("challenges/<int:pk>/hackathon/", api.HackathonView.as_view(), name="hackathon"),
    path(
        "challenges/<int:pk>/hackathon/jury/",
        api.JuryAnnouncementView.as_view(),
        name="hackathon-jury",
    ),
    path("challenges/<int:pk>/teams/", api.TeamListView.as_view(), name="team-list"),
    path("teams/<int:pk>/", api.TeamDetailView.as_view(), name="team-detail"),
    path(
        "teams/<int:pk>/join-requests/",
        api.TeamJoinRequestsView.as_view(),
        name="team-join-requests",
    ),
    path("teams/<int:pk>/leave/", api.TeamLeaveView.as_view(), name="team-leave"),
    path("teams/<int:pk>/submit/", api.TeamSubmitView.as_view(), name="team-submit"),
    path(
        "join-requests/<int:pk>/accept/",
        api.JoinRequestAcceptView.as_view(),
        name="join-request-accept",
    ),
    path(
        "join-requests/<int:pk>/decline/",
        api.JoinRequestDeclineView.as_view(),
        name="join-request-decline",
    ),
    path(
        "join-requests/<int:pk>/withdraw/",
        api.JoinRequestWithdrawView.as_view(),
        name="join-request-withdraw",
    ),
]
