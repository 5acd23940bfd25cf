"""URLs of the web site (namespace "frontend")."""

from django.urls import path
from django.views.i18n import set_language

from frontend import views

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("language/", set_language, name="set_language"),
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("ideas/", views.idea_list, name="idea_list"),
    path("ideas/new/", views.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/withdraw/", views.idea_withdraw, name="idea_withdraw"),
    path("ideas/<int:pk>/vote/", views.idea_vote, name="idea_vote"),
    path("ideas/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("ideas/<int:pk>/cocreate/", views.cocreator_offer, name="cocreator_offer"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/challenges/new/", views.staff_challenge_create, name="staff_challenge_create"),
    path(
        "staff/challenges/<int:pk>/edit/",
        views.staff_challenge_edit,
        name="staff_challenge_edit",
    ),
    path(
        "staff/challenges/<int:pk>/phase/",
        views.staff_challenge_phase,
        name="staff_challenge_phase",
    ),
    path("staff/ideas/<int:pk>/status/", views.staff_idea_status, name="staff_idea_status"),
]
