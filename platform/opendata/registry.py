"""The dataset registry, and the pseudonyms that name authors in the dumps."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings

# Column types: JSON Schema type and format, and the CSVW datatype of each.
TYPES = {
    "integer": ({"type": "integer"}, "integer"),
    "string": ({"type": "string"}, "string"),
    "datetime": ({"type": "string", "format": "date-time"}, "datetime"),
    "boolean": ({"type": "boolean"}, "boolean"),
    "list": ({"type": "array", "items": {"type": "string"}}, "string"),
}
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = False

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"Unknown column type {self.type!r}")


@dataclass(frozen=True)
class Dataset:
    """`rows()` yields one dict per row with exactly the columns' names, streaming from the
    database (QuerySet.iterator): a dump never holds a whole table in memory."""

    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[dict]]
    keywords: tuple[str, ...] = ()


_datasets: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    _datasets[dataset.slug] = dataset


def datasets() -> list[Dataset]:
    return list(_datasets.values())


def dataset(slug: str) -> Dataset | None:
    return _datasets.get(slug)


def page_urls(url_name: str) -> Callable[[int], str]:
    """`url(pk)`: the absolute address of an object's page, without a URL reverse per row."""
    from django.urls import reverse

    marker = 987654321
    template = settings.SITE_URL + reverse(url_name, args=(marker,))
    return lambda pk: template.replace(str(marker), str(pk))


def pseudonym(user_id: int | None) -> str | None:
    """A stable author id that says which rows share an author but not who it is: an HMAC of
    the user id keyed with OPENDATA_PSEUDONYM_KEY (a secret; the ids are not reversible)."""
    if user_id is None:
        return None
    key = settings.OPENDATA_PSEUDONYM_KEY.encode()
    return hmac.new(key, f"author:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]
