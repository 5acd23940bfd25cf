"""On PostgreSQL, every ordering of the idea list is served by its own index (no sort)."""

import pytest
from django.db import connection

from ideas.selectors import IDEA_ORDERINGS, idea_list
from tests import factories

pytestmark = pytest.mark.postgres

INDEXES = {
    ("new", False): "idea_new",
    ("top", False): "idea_top",
    ("trending", False): "idea_trending",
    ("discussed", False): "idea_discussed",
    ("new", True): "idea_ch_new",
    ("top", True): "idea_ch_top",
    ("trending", True): "idea_ch_trending",
    ("discussed", True): "idea_ch_discussed",
}


@pytest.mark.parametrize(("ordering", "by_challenge"), list(INDEXES))
def test_list_query_uses_the_orderings_index(user, open_challenge, ordering, by_challenge):
    if connection.vendor != "postgresql":
        # Not service_required: CI also runs the suite on SQLite on purpose, then this plan
        # question does not arise; the PostgreSQL pass of CI runs it.
        pytest.skip("query plans are checked on PostgreSQL")
    factories.IdeaFactory.create_batch(3, challenge=open_challenge)
    factories.IdeaFactory.create_batch(30, challenge=factories.ChallengeFactory())
    qs = idea_list(user=user, challenge=open_challenge.pk if by_challenge else None)
    page = qs.order_by(*IDEA_ORDERINGS[ordering])[:21]
    with connection.cursor() as cursor:
        # Statistics of these rows, not of whatever earlier tests committed (which once made
        # the planner think the other challenge's rows few enough to filter from `idea_top`).
        cursor.execute("ANALYZE ideas_idea")
        # A small table is cheaper to scan, or to sort; the question is whether the index
        # fits: whether an index gives this filter its rows in this order.
        for method in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        plan = page.explain()

    assert f"Index Scan using {INDEXES[ordering, by_challenge]} " in plan
    assert "Sort" not in plan
