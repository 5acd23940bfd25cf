"""URLs of the web site (namespace "frontend")."""

from django.urls import path
from django.views.i18n import set_language

from frontend.views import (
    accounts,
    brand,
    challenges,
    comments,
    home,
    ideas,
    organisations,
    people,
    staff,
)

app_name = "frontend"

urlpatterns = [
    path("", home.home, name="home"),
    path("brand.css", brand.brand_css, name="brand_css"),
    path("language/", set_language, name="set_language"),
    path("challenges/", challenges.challenge_list, name="challenge_list"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    path("ideas/", ideas.idea_list, name="idea_list"),
    path("ideas/new/", ideas.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/withdraw/", ideas.idea_withdraw, name="idea_withdraw"),
    path("ideas/<int:pk>/vote/", comments.idea_vote, name="idea_vote"),
    path("ideas/<int:pk>/comments/", comments.comment_create, name="comment_create"),
    path("ideas/<int:pk>/cocreate/", comments.cocreator_offer, name="cocreator_offer"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("signup/", accounts.signup, name="signup"),
    path("signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("confirm/", accounts.email_confirm_resend, name="email_confirm_resend"),
    path("confirm/<str:token>/", accounts.email_confirm, name="email_confirm"),
    path("password/forgot/", accounts.password_forgot, name="password_forgot"),
    path("password/forgot/sent/", accounts.password_forgot_sent, name="password_forgot_sent"),
    path(
        "password/reset/<str:uidb64>/<str:token>/",
        accounts.password_reset,
        name="password_reset",
    ),
    path("profile/password/", accounts.password_change, name="password_change"),
    path("profile/email/", accounts.email_change, name="email_change"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("profile/", accounts.profile, name="profile"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path(
        "organisations/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"
    ),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("staff/", staff.staff_dashboard, name="staff_dashboard"),
    path("staff/challenges/new/", staff.staff_challenge_create, name="staff_challenge_create"),
    path(
        "staff/challenges/<int:pk>/edit/",
        staff.staff_challenge_edit,
        name="staff_challenge_edit",
    ),
    path(
        "staff/challenges/<int:pk>/phase/",
        staff.staff_challenge_phase,
        name="staff_challenge_phase",
    ),
    path("staff/ideas/<int:pk>/status/", staff.staff_idea_status, name="staff_idea_status"),
]
