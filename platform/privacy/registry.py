"""The registries: which rows are a person's personal data, and what is kept how long.

Registering a model is two lines in the owning app's `ready()`:

    import privacy
    privacy.register_personal_data(Vote, user_field="user", erase=votes_erase_of)

`erase` says what deleting the account does to the person's rows:
- DELETE: the rows go (memberships, tokens).
- REASSIGN: the rows stay, moved to the shared "gelöschtes Konto" (records of what someone
  did for the city, such as a challenge they created or an official response).
- CONTRIBUTION: the person's choice: kept under "gelöschtes Konto", or deleted.
- a function `erase(*, user, placeholder, keep_contributions)`: the app does it itself,
  through its services, so counters stay right and events are published (votes, ideas).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

DELETE = "delete"
REASSIGN = "reassign"
CONTRIBUTION = "contribution"

Eraser = Callable[..., None]


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    user_field: str
    erase: str | Eraser
    # Columns left out of the export (secrets, derived HTML); every other concrete column is in.
    exclude: tuple[str, ...] = ()
    # Rows of the person when they are not found by `user_field` alone (mail by address).
    rows: Callable[[object], models.QuerySet] | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def section(self) -> str:
        """The entry's name in the export: the model, and the field when it is not `user`."""
        return self.key if self.user_field == "user" else f"{self.key}.{self.user_field}"

    def queryset(self, user) -> models.QuerySet:
        if self.rows is not None:
            return self.rows(user)
        return self.model._default_manager.filter(**{self.user_field: user.pk}).order_by("pk")

    def export_columns(self) -> list[str]:
        return [
            f.attname
            for f in self.model._meta.concrete_fields
            if f.name not in self.exclude and f.attname not in self.exclude
        ]


_personal_data: dict[str, PersonalData] = {}


def register_personal_data(
    model: type[models.Model],
    *,
    user_field: str = "user",
    erase: str | Eraser = DELETE,
    exclude: Iterable[str] = (),
    rows: Callable[[object], models.QuerySet] | None = None,
) -> None:
    """Declare `model`'s rows found by `user_field` (or `rows(user)`) as a person's data."""
    if isinstance(erase, str) and erase not in {DELETE, REASSIGN, CONTRIBUTION}:
        raise ValueError(f"Unknown erase strategy {erase!r}")
    entry = PersonalData(model, user_field, erase, tuple(exclude), rows)
    _personal_data[f"{entry.key}.{user_field}"] = entry


def personal_data() -> list[PersonalData]:
    return list(_personal_data.values())


def registered_user_fields() -> set[tuple[str, str]]:
    """(model label, field name) of every registered row kind: the completeness test compares
    it with every foreign key to the user model."""
    return {(e.key, e.user_field) for e in _personal_data.values()}


@dataclass(frozen=True)
class RetentionRule:
    """Something kept for a limited time: `days` comes from the named setting; `enforce(days)`
    deletes what is older and returns how many rows or files went."""

    key: str
    label: str
    setting: str
    enforce: Callable[[int], int] | None = field(default=None, compare=False)

    @property
    def days(self) -> int:
        from django.conf import settings

        return int(getattr(settings, self.setting))


_retention: dict[str, RetentionRule] = {}


def register_retention(
    key: str, *, label: str, setting: str, enforce: Callable[[int], int] | None
) -> None:
    """`enforce=None` for what the platform cannot delete itself (the server's logs): the
    privacy page still states the period, and the operator configures it (docs/operations.md)."""
    _retention[key] = RetentionRule(key, label, setting, enforce)


def retention_rules() -> list[RetentionRule]:
    return list(_retention.values())
