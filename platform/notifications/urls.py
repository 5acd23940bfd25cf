"""API routes of notifications and follows (mounted under /api/)."""

from django.urls import path

from notifications import api

app_name = "notifications-api"

urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="notification-list"),
    path("notifications/unread/", api.UnreadCountView.as_view(), name="notification-unread"),
    path(
        "notifications/read-all/",
        api.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        api.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/preferences/",
        api.PreferencesView.as_view(),
        name="notification-preferences",
    ),
    path("follows/<slug:kind>/<int:pk>/", api.FollowView.as_view(), name="follow"),
]
