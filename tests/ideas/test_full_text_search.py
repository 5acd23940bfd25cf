"""Full-text search of ideas (issue 15): German inflections find each other, the best match comes
first, only visible ideas are found, an edit is searchable at once, and a relevance-ordered
result pages by cursor without losing or repeating an idea — on SQLite (FTS5) and PostgreSQL
(tsvector) alike."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from challenges.models import Challenge
from core.pagination import keyset_page
from ideas import selectors, services
from ideas.models import Idea
from ideas.search import german_stems, parse_search, search_ideas
from tests import factories

LIST = "/api/ideas/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def found(search: str, **filters) -> list[int]:
    qs = selectors.idea_list(user=None, search=search, **filters)
    return list(qs.order_by(*selectors.RELEVANCE_ORDERING).values_list("id", flat=True))


def plain(title: str, *, challenge, summary: str = "Ein Vorschlag für die Stadt.", **kw) -> Idea:
    """An idea whose summary and description do not contain the words searched for, counted
    in its challenge as the service counts it."""
    Challenge.objects.filter(pk=challenge.pk).update(idea_count=F("idea_count") + 1)
    return factories.IdeaFactory(
        challenge=challenge, title=title, summary=summary, description="Mehr dazu bald.", **kw
    )


@pytest.mark.parametrize(
    ("title", "search"),
    [
        ("Ein Fahrrad für jeden Stadtteil", "Fahrräder"),
        ("Mehr Fahrräder am Bahnhof", "Fahrrad"),
        ("Ein Baum für jede Geburt", "Bäume"),
        ("Neue Bäume am Jahnplatz", "Baum"),
        ("Ein sicherer Radweg zur Uni", "Radwege"),
        ("Sichere Radwege zur Uni", "radweg"),
        ("Schattige Straßen im Sommer", "Straße"),
    ],
)
def test_a_search_finds_other_inflections_of_its_words(open_challenge, title, search):
    wanted = plain(title, challenge=open_challenge)
    plain("Trinkwasser für alle", challenge=open_challenge)

    assert found(search) == [wanted.pk]


def test_a_word_in_the_title_ranks_above_the_summary_above_the_description(open_challenge):
    # Posted title first, so ties by newest would put it last: relevance must lift it.
    by_title = plain("Brunnen am Jahnplatz", challenge=open_challenge)
    by_summary = plain("Wasser am Jahnplatz", challenge=open_challenge, summary="Ein Brunnen dort.")
    by_description = factories.IdeaFactory(
        challenge=open_challenge,
        title="Wasser im Park",
        summary="Ein Vorschlag für die Stadt.",
        description="Ein Brunnen im Park.",
    )

    assert found("Brunnen") == [by_title.pk, by_summary.pk, by_description.pk]


def test_every_word_must_occur_and_excluded_words_must_not(open_challenge):
    both = plain("Bäume und Bänke am Markt", challenge=open_challenge)
    plain("Bäume am Markt", challenge=open_challenge)
    with_excluded = plain("Bäume und Bänke am Parkplatz", challenge=open_challenge)

    assert found("Baum Bank") == [with_excluded.pk, both.pk]
    assert found("Baum Bank -Parkplätze") == [both.pk]


def test_quoted_words_must_stand_together_and_or_gives_alternatives(open_challenge):
    together = plain("Offene Werkstatt im Quartier", challenge=open_challenge)
    apart = plain("Werkstatt für alle, offen am Sonntag", challenge=open_challenge)
    other = plain("Repaircafé in der Bibliothek", challenge=open_challenge)

    assert found('"offene Werkstatt"') == [together.pk]
    assert sorted(found("Werkstatt")) == sorted([together.pk, apart.pk])
    assert sorted(found('"offene Werkstatt" or Repaircafé')) == sorted([together.pk, other.pk])


def test_hidden_withdrawn_and_deleted_ideas_are_never_found(open_challenge):
    shown = plain("Brunnen im Bürgerpark", challenge=open_challenge)
    hidden = plain("Brunnen am Siegfriedplatz", challenge=open_challenge)
    withdrawn = plain("Brunnen am Kesselbrink", challenge=open_challenge)
    deleted = plain("Brunnen am Bahnhof", challenge=open_challenge)
    services.idea_hide(idea=hidden, reason="Werbung")
    services.idea_withdraw(actor=withdrawn.author, idea=withdrawn)
    deleted.delete()

    assert found("Brunnen") == [shown.pk]
    assert selectors.idea_count(search="Brunnen") == 1


def test_a_restored_idea_is_found_again(open_challenge):
    hidden = plain("Brunnen am Siegfriedplatz", challenge=open_challenge)
    services.idea_hide(idea=hidden, reason="Werbung")
    services.idea_restore(idea=Idea.objects.get(pk=hidden.pk))

    assert found("Brunnen") == [hidden.pk]


def test_an_edit_is_searchable_at_once(open_challenge):
    idea = plain("Brunnen am Jahnplatz", challenge=open_challenge)

    services.idea_update(
        actor=idea.author,
        idea=idea,
        title="Bänke am Jahnplatz",
        description="Zum Ausruhen unter Bäumen.",
    )

    assert found("Brunnen") == []
    assert found("Bank") == [idea.pk]
    assert found("Baum") == [idea.pk]


def test_a_search_keeps_the_other_filters(open_challenge, staff):
    other_challenge = factories.ChallengeFactory(created_by=staff)
    here = plain("Brunnen am Jahnplatz", challenge=open_challenge)
    plain("Brunnen am Kesselbrink", challenge=other_challenge)

    assert found("Brunnen", challenge=open_challenge.pk) == [here.pk]
    assert selectors.idea_count(search="Brunnen", challenge=open_challenge.pk) == 1


@pytest.mark.parametrize("search", ["und", "die das der", '"-"', "&|!", "-Brunnen", "or"])
def test_a_search_without_a_word_to_find_finds_nothing(open_challenge, search):
    plain("Brunnen und Bänke", challenge=open_challenge)

    assert found(search) == []
    assert selectors.idea_count(search=search) == 0


# --- The API --------------------------------------------------------------------------------


def test_the_api_orders_a_search_by_relevance_unless_told_otherwise(api, open_challenge):
    now = timezone.now()
    by_title = plain(
        "Brunnen am Jahnplatz", challenge=open_challenge, created_at=now - timedelta(1)
    )
    by_summary = plain("Wasser am Markt", challenge=open_challenge, summary="Ein Brunnen dort.")

    assert ids(api.get(LIST, {"search": "Brunnen"})) == [by_title.pk, by_summary.pk]
    assert ids(api.get(LIST, {"search": "Brunnen", "order": "relevance"})) == [
        by_title.pk,
        by_summary.pk,
    ]
    assert ids(api.get(LIST, {"search": "Brunnen", "order": "new"})) == [
        by_summary.pk,
        by_title.pk,
    ]


def test_relevance_pages_by_cursor_without_losing_or_repeating_an_idea(api, open_challenge):
    # Three title matches tie with each other, as do two description matches: ties go newest
    # first, so the order is fixed, and pages of two cut through both groups of ties.
    titles = [plain(f"Brunnen Nummer {n}", challenge=open_challenge) for n in range(3)]
    descriptions = [
        factories.IdeaFactory(
            challenge=open_challenge,
            title=f"Wasser Nummer {n}",
            summary="Ein Vorschlag für die Stadt.",
            description="Ein Brunnen.",
        )
        for n in range(2)
    ]
    plain("Bänke am Markt", challenge=open_challenge)
    seen, url, pages = [], LIST + "?search=Brunnen&page_size=2", 0
    while url:
        body = api.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url, pages = body["next"], pages + 1

    assert seen == [i.pk for i in reversed(titles)] + [i.pk for i in reversed(descriptions)]
    assert pages == 3


def test_a_cursor_of_another_order_is_refused_in_a_search(api, open_challenge):
    for n in range(3):
        plain(f"Brunnen Nummer {n}", challenge=open_challenge)
    next_new = api.get(LIST, {"search": "Brunnen", "order": "new", "page_size": 1}).json()["next"]
    cursor = next_new.split("cursor=")[1].split("&")[0]

    response = api.get(LIST, {"search": "Brunnen", "cursor": cursor}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"cursor": ["This page link is not valid."]}


@pytest.mark.parametrize("search", ["und", '"-"', "&|!", "-Brunnen", "or ||"])
def test_the_api_refuses_a_search_without_a_word_to_find(api, idea, search):
    response = api.get(LIST, {"search": search}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "search": [
            "Give at least one word to search for: common words like “und” or “die” and "
            "excluded words (-word) alone find nothing."
        ]
    }


def test_the_api_explains_an_empty_search_in_german(api, idea):
    response = api.get(LIST, {"search": "&|!"}, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert response.json()["search"][0].startswith("Gib mindestens ein Wort")


@pytest.mark.parametrize(
    ("search", "message"),
    [
        ("Brunnen\x00", "Null characters are not allowed."),
        ("Brunnen " * 625, "Ensure this field has no more than 100 characters."),
    ],
)
def test_the_api_refuses_a_nul_byte_or_a_long_search(api, idea, search, message):
    response = api.get(LIST, {"search": search}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"search": [message]}


def test_relevance_without_a_search_is_refused(api, idea):
    response = api.get(LIST, {"order": "relevance"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"order": ["The order “relevance” needs a search."]}


def test_a_blank_search_is_the_plain_list(api, idea):
    assert ids(api.get(LIST, {"search": "  "})) == [idea.pk]


def test_a_search_page_costs_a_fixed_number_of_queries(
    api, open_challenge, django_assert_num_queries
):
    for n in range(5):
        plain(f"Brunnen Nummer {n}", challenge=open_challenge)

    # The page with its cards and the viewer's votes, then the topics of its ideas; on
    # PostgreSQL the page's ids first (selectors.idea_page_narrow).
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 2):
        response = api.get(LIST, {"search": "Brunnen"})

    assert len(ids(response)) == 5


def test_the_schema_documents_relevance_and_the_search_grammar(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    params = {p["name"]: p for p in schema["paths"]["/api/ideas/"]["get"]["parameters"]}

    assert params["order"]["schema"]["enum"] == ["new", "top", "trending", "discussed", "relevance"]
    assert "relevance" in params["order"]["description"]
    assert "Fahrräder" in params["search"]["description"]


# --- The indexes ----------------------------------------------------------------------------


def test_the_stems_drop_stop_words_and_fold_inflections():
    assert german_stems("Die Fahrräder und die Bäume an den Radwegen") == "fahrrad baum radweg"


def test_the_query_is_rewritten_from_words_quotes_minus_and_or_only():
    query = parse_search('"offene  Werkstätten" -Lärm;  or Bäume\x00 & |')

    assert query.websearch() == '"offene Werkstätten" -Lärm or Bäume'
    assert query.fts5() == '(("off werkstatt") NOT "larm") OR (("baum"))'


@pytest.mark.postgres
def test_postgresql_finds_matches_through_the_gin_index(open_challenge):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL")  # as tests/ideas/test_list_indexes
    for n in range(3):
        plain(f"Brunnen Nummer {n}", challenge=open_challenge)
    # The match alone: on a table of three rows the visible list's own condition lets the
    # planner walk a small partial index instead, which says nothing about this one.
    qs = search_ideas(Idea.objects.all(), parse_search("Brunnen")).order_by(
        *selectors.RELEVANCE_ORDERING
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs[:21].explain()

    assert "Bitmap Index Scan on idea_search" in plan, plan
    assert "Index Cond: (search_document @@ '''brunn'''::tsquery)" in plan, plan


def test_sqlite_keeps_its_full_text_table_in_step(open_challenge):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 table exists on SQLite only")
    idea = plain("Fahrräder am Bahnhof", challenge=open_challenge)
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM ideas_idea_fts WHERE rowid = %s", [idea.pk])
        assert cursor.fetchall() == [("fahrrad bahnhof",)]
        Idea.objects.filter(pk=idea.pk).delete()
        cursor.execute("SELECT count(*) FROM ideas_idea_fts WHERE rowid = %s", [idea.pk])
        assert cursor.fetchall() == [(0,)]


@pytest.mark.parametrize("order", ["relevance", "new"])
def test_a_page_picked_narrow_first_is_the_page_picked_at_once(open_challenge, order):
    for n in range(4):
        plain(f"Brunnen Nummer {n}", challenge=open_challenge, summary=f"Brunnen {'x ' * n}.")
    qs = selectors.idea_list(user=None, search="Brunnen")
    ordering = selectors.idea_ordering(order)

    def pages(narrow: bool) -> list[list[int]]:
        out, token = [], None
        while True:
            rows, token = keyset_page(qs, ordering, token, 3, narrow=narrow)
            out.append([row.pk for row in rows])
            if token is None:
                return out

    assert pages(narrow=True) == pages(narrow=False)
    assert [len(page) for page in pages(narrow=True)] == [3, 1]
