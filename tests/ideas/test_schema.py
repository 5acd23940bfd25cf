"""The OpenAPI schema covers the idea and vote endpoints without a generator warning."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

MY_VIEWS = (
    "IdeaListView",
    "IdeaDetailView",
    "IdeaStatusView",
    "IdeaHistoryView",
    "IdeaCommentsView",
    "IdeaOffersView",
    "CommentDetailView",
    "VoteView",
    "ideas.",
    "votes.",
)


def test_schema_has_no_warnings_from_the_idea_and_vote_views(db):
    GENERATOR_STATS.reset()

    schema = SchemaGenerator().get_schema(request=None, public=True)

    mine = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if any(name in message for name in MY_VIEWS)
    ]
    assert mine == []
    for path in (
        "/api/ideas/",
        "/api/ideas/{id}/",
        "/api/ideas/{id}/status/",
        "/api/ideas/{id}/history/",
        "/api/ideas/{id}/comments/",
        "/api/ideas/{id}/offers/",
        "/api/ideas/{id}/vote/",
        "/api/comments/{id}/",
    ):
        assert path in schema["paths"]
    list_params = {p["name"] for p in schema["paths"]["/api/ideas/"]["get"]["parameters"]}
    assert {"challenge", "topic", "status", "sector", "ordering", "cursor"} <= list_params
