"""Full-text search of ideas: a weighted tsvector column with a GIN index on PostgreSQL, an FTS5
table of stemmed text on SQLite; triggers keep either in step with every write, including
writes of code that does not know about them (the release before this one, bulk loads).

Not atomic, for PostgreSQL: the backfill commits in batches and the index is built
concurrently, so a running release keeps reading and writing ideas meanwhile (the column is
nullable and filled by the trigger; docs/operations.md). The model IdeaSearchText only names
the SQLite table for the ORM; it is not managed."""

import django.db.models.deletion
from django.db import migrations, models

import ideas.models

BATCH = 2_000

PG_FORWARD = [
    "ALTER TABLE ideas_idea ADD COLUMN IF NOT EXISTS search_document tsvector",
    # Recomputed when a text changes, or when the row has none yet (the backfill's no-op
    # UPDATE below): the weights A, B and C are what ts_rank weighs 1.0, 0.4 and 0.2.
    """
    CREATE OR REPLACE FUNCTION ideas_idea_search_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.search_document IS NOT NULL
           AND NEW.title IS NOT DISTINCT FROM OLD.title
           AND NEW.summary IS NOT DISTINCT FROM OLD.summary
           AND NEW.description IS NOT DISTINCT FROM OLD.description THEN
            RETURN NEW;
        END IF;
        NEW.search_document :=
            setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('pg_catalog.german', coalesce(NEW.summary, '')), 'B')
            || setweight(to_tsvector('pg_catalog.german', coalesce(NEW.description, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS ideas_idea_search_document ON ideas_idea",
    """
    CREATE TRIGGER ideas_idea_search_document
    BEFORE INSERT OR UPDATE OF title, summary, description ON ideas_idea
    FOR EACH ROW EXECUTE FUNCTION ideas_idea_search_document()
    """,
]
PG_BACKFILL = """
    UPDATE ideas_idea SET title = title
    WHERE id IN (SELECT id FROM ideas_idea WHERE search_document IS NULL LIMIT %s)
"""
PG_INDEX = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS idea_search ON ideas_idea USING gin (search_document)"
)
PG_BACKWARD = [
    "DROP INDEX CONCURRENTLY IF EXISTS idea_search",
    "DROP TRIGGER IF EXISTS ideas_idea_search_document ON ideas_idea",
    "DROP FUNCTION IF EXISTS ideas_idea_search_document()",
    "ALTER TABLE ideas_idea DROP COLUMN IF EXISTS search_document",
]

_STEMS = (
    "oic_german_stems(new.title), oic_german_stems(new.summary), oic_german_stems(new.description)"
)
SQLITE_FORWARD = [
    # Stems only, separated by spaces (ideas.search.german_stems): the tokenizer just splits.
    "CREATE VIRTUAL TABLE ideas_idea_fts USING fts5(title, summary, description)",
    f"""
    CREATE TRIGGER ideas_idea_fts_insert AFTER INSERT ON ideas_idea BEGIN
        INSERT INTO ideas_idea_fts (rowid, title, summary, description)
        VALUES (new.id, {_STEMS});
    END
    """,
    """
    CREATE TRIGGER ideas_idea_fts_update AFTER UPDATE OF title, summary, description ON ideas_idea
    WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary
        OR old.description IS NOT new.description
    BEGIN
        UPDATE ideas_idea_fts SET title = oic_german_stems(new.title),
            summary = oic_german_stems(new.summary),
            description = oic_german_stems(new.description)
        WHERE rowid = new.id;
    END
    """,
    """
    CREATE TRIGGER ideas_idea_fts_delete AFTER DELETE ON ideas_idea BEGIN
        DELETE FROM ideas_idea_fts WHERE rowid = old.id;
    END
    """,
    """
    INSERT INTO ideas_idea_fts (rowid, title, summary, description)
    SELECT id, oic_german_stems(title), oic_german_stems(summary), oic_german_stems(description)
    FROM ideas_idea
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS ideas_idea_fts_insert",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_update",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_delete",
    "DROP TABLE IF EXISTS ideas_idea_fts",
]


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in PG_FORWARD:
                cursor.execute(sql)
            # Each batch commits on its own (this migration is not atomic): short row locks.
            while True:
                cursor.execute(PG_BACKFILL, [BATCH])
                if cursor.rowcount == 0:
                    break
            cursor.execute(PG_INDEX)
        elif connection.vendor == "sqlite":
            from ideas.search import register_sqlite_functions

            register_sqlite_functions(connection=connection)
            for sql in SQLITE_FORWARD:
                cursor.execute(sql)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("ideas", "0006_moderation_hidden"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdeaSearchText",
            fields=[
                (
                    "idea",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="ideas.idea",
                    ),
                ),
                ("title", models.TextField()),
                ("summary", models.TextField()),
                ("description", models.TextField()),
                ("document", ideas.models.FullTextDocument(db_column="ideas_idea_fts")),
            ],
            options={
                "db_table": "ideas_idea_fts",
                "managed": False,
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
