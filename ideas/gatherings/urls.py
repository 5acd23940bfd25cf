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
]
