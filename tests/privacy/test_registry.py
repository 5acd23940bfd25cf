"""Every row that points at a person is known to the privacy registry, and the export
carries every registered row."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from privacy.registry import personal_data, registered_user_fields
from privacy.services import export_collect


def _foreign_keys_to_the_user() -> set[tuple[str, str]]:
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue  # the rows are the concrete model's (DRF's TokenProxy is Token)
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)  # OneToOneField is one too
                and field.remote_field.model is user_model
            ):
                found.add((model._meta.label_lower, field.name))
    return found


def test_every_foreign_key_to_the_user_is_registered_as_personal_data():
    missing = _foreign_keys_to_the_user() - registered_user_fields()
    assert missing == set(), (
        f"Register these with privacy.register_personal_data (docs/privacy.md): {missing}"
    )


def test_the_check_sees_the_foreign_keys_of_every_app():
    # Guards the guard: it finds keys in domain apps, Django's own and auto-created tables.
    keys = _foreign_keys_to_the_user()
    assert {
        ("votes.vote", "user"),
        ("ideas.comment", "author"),
        ("admin.logentry", "user"),
        ("authtoken.token", "user"),
        ("accounts.user_groups", "user"),
    } <= keys


def test_the_export_has_every_registered_row_of_the_person(full_owner):
    data = export_collect(user=full_owner)

    for entry in personal_data():
        rows = entry.queryset(full_owner)
        section = data["sections"][entry.section]
        assert len(section["rows"]) == rows.count() >= 1, entry.key
        pk = entry.model._meta.pk.attname
        if pk in entry.export_columns():  # not a token's key: a secret stays out of the zip
            assert [r[pk] for r in section["rows"]] == list(rows.values_list("pk", flat=True))
    assert data["account"]["email"] == "mira.owner@mailbox.test"
    assert "password" not in data["account"]


def test_the_export_has_nobody_elses_rows(full_owner, other_user):
    data = export_collect(user=other_user)

    assert data["account"]["email"] == other_user.email
    flat = str(data)
    assert "mira.owner@mailbox.test" not in flat
    assert "Mira thinks so too." not in flat
