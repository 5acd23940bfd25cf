"""API routes of moderation (mounted under /api/)."""

from django.urls import path

from moderation import api

app_name = "moderation-api"

urlpatterns = [
    path("reports/", api.ReportView.as_view(), name="report"),
    path("moderation/queue/", api.QueueView.as_view(), name="queue"),
    path("moderation/items/<int:pk>/decisions/", api.DecisionView.as_view(), name="decide"),
    path("moderation/decisions/<int:pk>/appeal/", api.AppealView.as_view(), name="appeal"),
    path(
        "moderation/appeals/<int:pk>/decision/",
        api.AppealDecisionView.as_view(),
        name="appeal-decide",
    ),
    path("moderation/moderators/", api.ModeratorView.as_view(), name="moderators"),
    path("moderation/audit/", api.AuditView.as_view(), name="audit"),
    path("moderation/transparency/", api.TransparencyView.as_view(), name="transparency"),
]
