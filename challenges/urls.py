"""API routes of challenges, included under /api/."""

from django.urls import path

from challenges import api

app_name = "challenges-api"

urlpatterns = [
    path("challenges/", api.ChallengeListView.as_view(), name="challenge-list"),
    path("challenges/<int:pk>/", api.ChallengeDetailView.as_view(), name="challenge-detail"),
]
