"""API routes of people and organisations, included under /api/."""

from django.urls import path

from accounts import api

app_name = "accounts-api"

urlpatterns = [
    path("auth/register/", api.RegisterView.as_view(), name="register"),
    path("directory/", api.DirectoryView.as_view(), name="directory"),
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("auth/confirm/", api.EmailConfirmView.as_view(), name="email-confirm"),
    path(
        "auth/confirm/resend/",
        api.EmailConfirmationResendView.as_view(),
        name="email-confirm-resend",
    ),
    path("auth/password/forgot/", api.PasswordForgotView.as_view(), name="password-forgot"),
    path("auth/password/reset/", api.PasswordResetView.as_view(), name="password-reset"),
    path("me/", api.MeView.as_view(), name="me"),
    path("people/<int:pk>/", api.PersonDetailView.as_view(), name="person-detail"),
    path("me/password/", api.PasswordChangeView.as_view(), name="password-change"),
    path("me/email/", api.EmailChangeView.as_view(), name="email-change"),
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
    path("organisations/<int:id>/join/", api.JoinView.as_view(), name="organisation-join"),
    path("organisations/<int:id>/leave/", api.LeaveView.as_view(), name="organisation-leave"),
    path(
        "organisations/<int:id>/requests/",
        api.MembershipRequestListView.as_view(),
        name="membership-request-list",
    ),
    path(
        "organisations/<int:id>/requests/<int:rid>/accept/",
        api.MembershipRequestAcceptView.as_view(),
        name="membership-request-accept",
    ),
    path(
        "organisations/<int:id>/requests/<int:rid>/decline/",
        api.MembershipRequestDeclineView.as_view(),
        name="membership-request-decline",
    ),
    path(
        "organisations/<int:id>/requests/<int:rid>/withdraw/",
        api.MembershipRequestWithdrawView.as_view(),
        name="membership-request-withdraw",
    ),
]
