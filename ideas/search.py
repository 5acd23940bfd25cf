"""German full-text search of ideas on both databases: one query grammar, two indexes.

PostgreSQL keeps a weighted `tsvector` column (`search_document`, filled by a trigger) with a GIN
index and ranks with `ts_rank`; SQLite keeps an FTS5 table of Snowball-stemmed text (filled by
triggers that call the `oic_german_stems` function registered on every connection) and ranks
with `bm25()`. docs/architecture-notes.md says why.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.db import connections
from django.db.models import Expression, F, FloatField, Func, QuerySet, Value
from django.db.models.functions import Cast

# Weights of title, summary and description. PostgreSQL's ts_rank gives its labels A, B and C
# these weights by default ({D, C, B, A} = {0.1, 0.2, 0.4, 1.0}); bm25() on SQLite takes them
# per column, so both rank a word in a title above the same word in a description.
TITLE_WEIGHT, SUMMARY_WEIGHT, DESCRIPTION_WEIGHT = 1.0, 0.4, 0.2

# PostgreSQL's `german` stop words (tsearch_data/german.stop, from Snowball): neither database
# indexes or searches them, so "die Bäume" finds what "Bäume" finds on both.
GERMAN_STOP_WORDS = frozenset(
    """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des
dem die das daß derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe
dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies diese diesem
diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem
einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für
gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem
ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen
jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man
manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss
musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner
seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll sollte
sondern sonst über um und uns unse unsem unsen unser unses unter viel vom von vor während
war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden
wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
""".split()
)

# A query longer than this many terms is cut there: the API and the site take 100 characters,
# so only a caller of the selector could pass more, and no person searches with 32 words.
MAX_TERMS = 32

_WORD = re.compile(r"\w+")
# websearch_to_tsquery's grammar: "a phrase", -excluded (a minus at the start of a term, not
# inside a word like "E-Bike"), `or` between alternatives; every other character separates.
_TERM = re.compile(r'(?P<neg>(?<!\S)-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>\w+))')

_local = threading.local()


def _stemmer():
    # Snowball stemmers keep state while stemming: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return stemmer


@lru_cache(maxsize=100_000)
def german_stem(word: str) -> str | None:
    """The Snowball stem of one word, lower case; None for a stop word."""
    word = word.lower()
    if word in GERMAN_STOP_WORDS:
        return None
    return _stemmer().stemWord(word)


def german_stems(text: str | None) -> str:
    """`text` as its stems separated by spaces, stop words left out: what SQLite's FTS5 table
    indexes instead of the text (FTS5 has no German stemmer of its own)."""
    if not text:
        return ""
    return " ".join(stem for stem in map(german_stem, _WORD.findall(text)) if stem)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # as typed; more than one: a phrase
    stems: tuple[str, ...]  # without stop words

    def websearch(self) -> str:
        text = " ".join(self.words)
        return f'"{text}"' if len(self.words) > 1 else text

    def fts5(self) -> str:
        # Stems are word characters only, so quoting them is safe: FTS5 reads no operator here.
        return '"' + " ".join(self.stems) + '"'


@dataclass(frozen=True)
class Alternative:
    """Terms that must all occur and terms that must not."""

    required: tuple[Term, ...]
    excluded: tuple[Term, ...]


@dataclass(frozen=True)
class SearchQuery:
    """A parsed search: alternatives (`or`), each with at least one required term."""

    alternatives: tuple[Alternative, ...]

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    def websearch(self) -> str:
        """The query rewritten for websearch_to_tsquery: only words, quotes, minus signs and
        `or`, so PostgreSQL reads exactly the structure SQLite gets."""
        return " or ".join(
            " ".join(
                [t.websearch() for t in alt.required] + ["-" + t.websearch() for t in alt.excluded]
            )
            for alt in self.alternatives
        )

    def fts5(self) -> str:
        """The query as an FTS5 expression over stems (NOT is binary there: `a NOT b`)."""
        parts = []
        for alt in self.alternatives:
            expr = "(" + " AND ".join(t.fts5() for t in alt.required) + ")"
            parts.append("(" + " ".join([expr, *(f"NOT {t.fts5()}" for t in alt.excluded)]) + ")")
        return " OR ".join(parts)


def parse_search(text: str) -> SearchQuery:
    """Parse `text` like PostgreSQL's websearch_to_tsquery: words must all occur, "quoted words"
    in this order, -word must not occur, `or` separates alternatives. Never raises: characters
    that are no words (operators, NUL bytes, emoji) separate words. An alternative without a
    word to find (only stop words or only exclusions) is dropped: it would match nearly every
    idea, and SQLite's FTS5 cannot express "everything except"."""
    alternatives: list[Alternative] = []
    required: list[Term] = []
    excluded: list[Term] = []
    count = 0

    def close() -> None:
        if required:
            alternatives.append(Alternative(tuple(required), tuple(excluded)))
        required.clear()
        excluded.clear()

    for match in _TERM.finditer(text):
        word, phrase = match["word"], match["phrase"]
        if word is not None and not match["neg"] and word.lower() == "or":
            close()
            continue
        words = (word,) if word is not None else tuple(_WORD.findall(phrase))
        stems = tuple(stem for stem in map(german_stem, words) if stem)
        if not stems:
            continue
        count += 1
        if count > MAX_TERMS:
            break
        (excluded if match["neg"] else required).append(Term(words, stems))
    close()
    return SearchQuery(tuple(alternatives))


def search_ideas(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    """`queryset` (of ideas) narrowed to the ideas matching `query`, annotated with
    `search_rank` (higher is more relevant; a float for the keyset cursor)."""
    if not query:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, query)
    return _search_sqlite(queryset, query)


class _SearchDocument(Expression):
    """The ideas table's `search_document` column (PostgreSQL only; not a model field, see the
    migration), qualified by whatever alias the ideas table has in this query."""

    def __init__(self, output_field):
        super().__init__(output_field=output_field)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.search_document", []


def _search_postgresql(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    # Imported here: django.contrib.postgres is not needed (nor installed as an app) on SQLite.
    from django.contrib.postgres.search import SearchQuery as PgQuery
    from django.contrib.postgres.search import SearchRank, SearchVectorField

    document = _SearchDocument(SearchVectorField())
    tsquery = PgQuery(query.websearch(), search_type="websearch", config="german")
    return (
        queryset.alias(_search_document=document)
        .filter(_search_document=tsquery)
        .annotate(
            # ts_rank returns a `real`; as a double it reaches Python and comes back in a cursor
            # exactly, so a keyset page after it compares equal where it must.
            search_rank=Cast(SearchRank(document, tsquery), FloatField())
        )
    )


class _Bm25(Func):
    function = "bm25"
    output_field = FloatField()
    template = "-%(function)s(%(expressions)s)"  # bm25 is lower for better matches


def _search_sqlite(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    return queryset.filter(search_text__document__match=query.fts5()).annotate(
        search_rank=_Bm25(
            F("search_text__document"),
            Value(TITLE_WEIGHT),
            Value(SUMMARY_WEIGHT),
            Value(DESCRIPTION_WEIGHT),
        )
    )


def register_sqlite_functions(sender=None, connection=None, **kwargs) -> None:
    """Give an SQLite connection `oic_german_stems(text)`, which the triggers of the FTS5 table
    call (connected to `connection_created` in IdeasConfig.ready)."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(
            "oic_german_stems", 1, german_stems, deterministic=True
        )
