"""The dumps: public content only, pseudonymous authors, no personal data, and each file
valid against the JSON Schema or CSVW description the site publishes for it."""

import csv
import json
from datetime import datetime

import jsonschema
from django.test import Client

from accounts.models import User
from opendata import pseudonym
from opendata.registry import datasets
from opendata.services import dumps_generate

SLUGS = ["challenges", "ideas", "responses", "comments"]


def _json(directory, slug):
    return json.loads((directory / f"{slug}.json").read_text(encoding="utf-8"))


def test_every_dataset_is_written_as_csv_and_json(dumps):
    directory, counts = dumps
    assert counts == {"challenges": 1, "ideas": 1, "responses": 1, "comments": 2}
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        f"{slug}.{fmt}" for slug in SLUGS for fmt in ("csv", "json")
    )


def test_nothing_that_is_not_public_is_in_the_dumps(dumps, content):
    directory, _ = dumps
    assert [c["title"] for c in _json(directory, "challenges")] == ["Bessere Radwege"]
    assert [i["title"] for i in _json(directory, "ideas")] == ["Radweg Jahnplatz"]
    assert [c["body"] for c in _json(directory, "comments")] == ["Gute Sache", "Danke"]
    text = "".join(p.read_text(encoding="utf-8") for p in directory.iterdir())
    for hidden in ["Noch geheim", "Zurückgezogen", "Gelöscht", "Auf Zurückgezogenem"]:
        assert hidden not in text


def test_no_email_address_or_name_of_anyone_is_in_any_file(dumps):
    directory, _ = dumps
    texts = {p.name: p.read_text(encoding="utf-8").lower() for p in directory.iterdir()}
    people = list(User.objects.values_list("email", "display_name"))
    assert len(people) >= 4
    for email, name in people:
        for name_file, text in texts.items():
            assert email.lower() not in text, (email, name_file)
            assert name.lower() not in text, (name, name_file)


def test_authors_are_stable_pseudonyms(dumps, content):
    directory, _ = dumps
    [idea] = _json(directory, "ideas")
    comments = {c["body"]: c for c in _json(directory, "comments")}
    writer = pseudonym(content["writer"].pk)
    assert idea["author"] == comments["Danke"]["author"] == writer
    assert comments["Gute Sache"]["author"] == pseudonym(content["reader"].pk) != writer
    assert str(content["writer"].pk) != writer
    assert len(writer) == 16
    dumps_generate()  # the next day's dump names the same author the same way
    assert _json(directory, "ideas")[0]["author"] == writer


def test_the_idea_rows_carry_sector_topics_status_tallies_and_dates(dumps, content):
    directory, _ = dumps
    [idea] = _json(directory, "ideas")
    assert idea["sector"] == "business"
    assert idea["topics"] == ["mobility"]
    assert (idea["status"], idea["up_count"], idea["comment_count"]) == ("submitted", 0, 0)
    assert idea["challenge"] == content["challenge"].pk
    assert idea["url"] == f"https://oic.example.org/ideas/{content['idea'].pk}/"
    assert datetime.fromisoformat(idea["created_at"]) == content["idea"].created_at
    with (directory / "ideas.csv").open(encoding="utf-8", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert (row["topics"], row["seeking_cocreators"]) == ("mobility", "false")


def test_each_json_dump_is_valid_against_its_published_schema(dumps):
    directory, _ = dumps
    for dataset in datasets():
        schema = Client().get(f"/opendata/{dataset.slug}.schema.json").json()
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        errors = list(validator.iter_errors(_json(directory, dataset.slug)))
        assert errors == [], dataset.slug


def test_the_schema_check_catches_a_wrong_row(dumps):
    # Guards the guard: a row with a name column or a string count fails.
    directory, _ = dumps
    schema = Client().get("/opendata/ideas.schema.json").json()
    rows = _json(directory, "ideas")
    rows[0]["display_name"] = "Ines"
    assert not jsonschema.Draft202012Validator(schema).is_valid(rows)
    rows = _json(directory, "ideas")
    rows[0]["up_count"] = "7"
    assert not jsonschema.Draft202012Validator(schema).is_valid(rows)


def _check_cell(value: str, column: dict) -> None:
    if value == "":
        assert not column["required"], column["name"]
        return
    kind = column["datatype"]
    if kind == "integer":
        int(value)
    elif kind == "boolean":
        assert value in {"true", "false"}
    elif kind == "datetime":
        datetime.fromisoformat(value)


def test_each_csv_dump_matches_its_csvw_description(dumps):
    directory, _ = dumps
    for dataset in datasets():
        meta = Client().get(f"/opendata/{dataset.slug}.csv-metadata.json").json()
        assert meta["@context"] == "http://www.w3.org/ns/csvw"
        assert meta["url"] == f"https://oic.example.org/opendata/{dataset.slug}.csv"
        columns = meta["tableSchema"]["columns"]
        with (directory / f"{dataset.slug}.csv").open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            assert next(reader) == [c["titles"] for c in columns]
            rows = list(reader)
        assert len(rows) == len(_json(directory, dataset.slug))
        for row in rows:
            assert len(row) == len(columns)
            for value, column in zip(row, columns, strict=True):
                _check_cell(value, column)
