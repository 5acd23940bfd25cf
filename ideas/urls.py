"""API routes of ideas, their funnel, comments and co-creator offers (mounted under /api/)."""

from django.urls import path

from core.microcache import microcached
from ideas import api

app_name = "ideas-api"

urlpatterns = [
    # Anonymous pages of the list are shared for a second (core.microcache).
    path("ideas/", microcached(api.IdeaListView.as_view()), name="idea-list"),
    path("ideas/<int:pk>/", api.IdeaDetailView.as_view(), name="idea-detail"),
    path("ideas/<int:pk>/status/", api.IdeaStatusView.as_view(), name="idea-status"),
    path("ideas/<int:pk>/history/", api.IdeaHistoryView.as_view(), name="idea-history"),
    path("ideas/<int:pk>/comments/", api.IdeaCommentsView.as_view(), name="idea-comments"),
    path("ideas/<int:pk>/offers/", api.IdeaOffersView.as_view(), name="idea-offers"),
    path("comments/<int:pk>/", api.CommentDetailView.as_view(), name="comment-detail"),
    path("people/<int:pk>/comments/", api.PersonCommentsView.as_view(), name="person-comments"),
]
