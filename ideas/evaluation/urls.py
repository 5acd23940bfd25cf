"""API routes of the city team's workbench (mounted under /api/)."""

from django.urls import path

from ideas.evaluation import api

app_name = "evaluation-api"

urlpatterns = [
    path("inbox/", api.InboxView.as_view(), name="inbox"),
    path("inbox/status/", api.InboxStatusView.as_view(), name="inbox-status"),
    path("ideas/<int:pk>/assignment/", api.IdeaAssignmentView.as_view(), name="idea-assignment"),
    path("ideas/<int:pk>/jury-scores/", api.IdeaScoresView.as_view(), name="idea-scores"),
    path("challenges/<int:pk>/jury/", api.JuryView.as_view(), name="jury"),
    path("challenges/<int:pk>/jury/criteria/", api.CriteriaView.as_view(), name="jury-criteria"),
    path("challenges/<int:pk>/jury/jurors/", api.JurorsView.as_view(), name="jury-jurors"),
    path("challenges/<int:pk>/jury/close/", api.JuryCloseView.as_view(), name="jury-close"),
    path(
        "challenges/<int:pk>/jury/result/", api.ResultPublishView.as_view(), name="result-publish"
    ),
    path("challenges/<int:pk>/result/", api.ResultView.as_view(), name="result"),
    path("challenges/<int:pk>/figures/", api.FiguresView.as_view(), name="figures"),
    path("jury/criteria/<int:pk>/", api.CriterionDetailView.as_view(), name="criterion-detail"),
]
