"""On PostgreSQL, the inbox's order (across challenges and within one) is an index's: no sort."""

import pytest
from django.db import connection

from ideas.evaluation.selectors import InboxFilters, inbox_ideas
from tests import factories

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize(
    ("by_challenge", "index"), [(False, "idea_inbox"), (True, "idea_ch_inbox")]
)
def test_the_inbox_page_query_uses_its_index(open_challenge, by_challenge, index):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL")  # as tests/ideas/test_list_indexes
    factories.IdeaFactory.create_batch(3, challenge=open_challenge)
    filters = InboxFilters(challenge=open_challenge.pk if by_challenge else None)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = inbox_ideas(filters)[:50].explain()

    assert f"Index Scan using {index} " in plan
    assert "Sort" not in plan
