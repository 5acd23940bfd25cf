"""API routes of people and organisations, included under /api/."""

from django.urls import path

from accounts import api

app_name = "accounts-api"

urlpatterns = [
    path("auth/register/", api.RegisterView.as_view(), name="register"),
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("me/", api.MeView.as_view(), name="me"),
    path("people/<int:pk>/", api.PersonDetailView.as_view(), name="person-detail"),
    path("topics/", api.TopicListView.as_view(), name="topic-list"),
    path("organisations/", api.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<int:pk>/",
        api.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<int:id>/members/",
        api.MemberListView.as_view(),
        name="member-list",
    ),
    path(
        "organisations/<int:id>/members/<int:user_id>/",
        api.MemberDetailView.as_view(),
        name="member-detail",
    ),
]
