"""API route for voting (mounted under /api/)."""

from django.urls import path

from votes import api

app_name = "votes-api"

urlpatterns = [path("ideas/<int:pk>/vote/", api.VoteView.as_view(), name="idea-vote")]
