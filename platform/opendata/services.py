"""Writing the dumps: every registered dataset as CSV and JSON, streamed row by row."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings

from opendata.registry import LIST_SEPARATOR, Dataset, datasets

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def dump_dir() -> Path:
    path = Path(settings.OPENDATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _json_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_value(value) -> str:
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def dump_write(dataset: Dataset, directory: Path) -> int:
    """Write `<slug>.csv` and `<slug>.json` of one dataset; returns the number of rows. Each
    file is written under a temporary name and then renamed, so a reader never sees half a
    dump, and memory holds one row (plus the database driver's chunk) at a time."""
    names = [c.name for c in dataset.columns]
    csv_tmp = directory / f".{dataset.slug}.csv.tmp"
    json_tmp = directory / f".{dataset.slug}.json.tmp"
    count = 0
    with (
        csv_tmp.open("w", encoding="utf-8", newline="") as csv_file,
        json_tmp.open("w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file, lineterminator="\r\n")
        writer.writerow(names)
        json_file.write("[")
        for row in dataset.rows():
            writer.writerow([_csv_value(row[n]) for n in names])
            json_file.write(",\n" if count else "\n")
            json_file.write(json.dumps({n: _json_value(row[n]) for n in names}, ensure_ascii=False))
            count += 1
        json_file.write("\n]\n")
    os.replace(csv_tmp, directory / f"{dataset.slug}.csv")
    os.replace(json_tmp, directory / f"{dataset.slug}.json")
    return count


def dumps_generate() -> dict[str, int]:
    """Regenerate every dump (daily: `manage.py generate_opendata`); returns rows per dataset."""
    directory = dump_dir()
    return {dataset.slug: dump_write(dataset, directory) for dataset in datasets()}


def dump_path(slug: str, fmt: str) -> Path | None:
    if fmt not in FORMATS:
        return None
    path = dump_dir() / f"{slug}.{fmt}"
    return path if path.is_file() else None


def dump_files(dataset: Dataset) -> list[dict]:
    """The dataset's files that exist now: format, size in bytes and when they were written."""
    files = []
    for fmt in FORMATS:
        path = dump_dir() / f"{dataset.slug}.{fmt}"
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        files.append(
            {
                "format": fmt,
                "name": path.name,
                "media_type": FORMATS[fmt].split(";")[0],
                "size": stat.st_size,
                "modified": datetime.fromtimestamp(stat.st_mtime, tz=UTC),
            }
        )
    return files
