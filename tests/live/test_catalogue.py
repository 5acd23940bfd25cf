"""The event catalogue: every published type is declared, stored with its entity and
coalescing key, coalesced by that key alone, and listed in docs/realtime.md."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

import realtime
from realtime.catalogue import (
    EventType,
    PayloadField,
    UndeclaredEvent,
    catalogue,
    catalogue_table,
    register_events,
    unregister_events,
)
from realtime.models import Event
from tests.live.conftest import connect, publish, subscribe

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
TALLY = "test.tally"


@pytest.fixture
def tally_event_type():
    """A coalescing type no domain app has: the bus must coalesce it by its key alone."""
    register_events(
        "tests",
        [
            EventType(
                type=TALLY,
                streams="any",
                payload="a count",
                coalesce=PayloadField("count", "of"),
            )
        ],
    )
    yield TALLY
    unregister_events([TALLY])


def test_publishing_an_undeclared_type_raises_and_writes_nothing():
    with pytest.raises(UndeclaredEvent), transaction.atomic():
        realtime.publish("feed", "idea.liked", {"id": 1})

    assert Event.objects.count() == 0


def test_publish_stores_the_entity_and_the_coalescing_key_of_the_declaration():
    with transaction.atomic():
        comment_ids = realtime.publish(["idea:4", "challenge:2"], "comment.created", {"id": 12})
        (vote_id,) = realtime.publish("idea:4", "vote.changed", {"idea": 4, "up": 1})

    stored = Event.objects.order_by("id").values_list("id", "entity", "coalesce_key")
    assert list(stored) == [
        (comment_ids[0], "comment:12", None),
        (comment_ids[1], "comment:12", None),
        (vote_id, None, "tallies:idea:4"),
    ]


def test_the_frame_shows_neither_entity_nor_coalescing_key():
    with transaction.atomic():
        (event_id,) = realtime.publish("idea:4", "vote.changed", {"idea": 4, "up": 1})

    assert set(Event.objects.get(id=event_id).as_frame()) == {"id", "stream", "type", "data", "at"}


def test_one_type_cannot_be_declared_by_two_apps():
    with pytest.raises(ValueError, match="vote.changed"):
        register_events("ideas", [EventType(type="vote.changed", streams="", payload="")])


async def test_a_socket_coalesces_any_declared_key_not_a_type_name(settings, tally_event_type):
    settings.REALTIME_COALESCE_MS = 500
    ws = await connect()
    await subscribe(ws, "feed")

    first = await publish("feed", TALLY, {"of": "a", "n": 1})
    other = await publish("feed", TALLY, {"of": "b", "n": 1})
    await publish("feed", TALLY, {"of": "a", "n": 2})
    last = await publish("feed", TALLY, {"of": "a", "n": 3})
    frames = [await ws.receive_json_from(timeout=2) for _ in range(3)]

    assert [f["id"] for f in frames] == [first, other, last]
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()


async def test_the_replay_sends_only_the_newest_event_of_each_key(tally_event_type):
    seen = await publish("feed")
    a1 = await publish("feed", TALLY, {"of": "a", "n": 1})
    b1 = await publish("feed", TALLY, {"of": "b", "n": 1})
    a2 = await publish("feed", TALLY, {"of": "a", "n": 2})
    plain = await publish("feed")
    ws = await connect()

    frames = await subscribe(ws, "feed", since=seen)

    assert [f["id"] for f in frames[:-1]] == [b1, a2, plain]
    assert a1 not in {f.get("id") for f in frames}
    await ws.disconnect()


def _published_types() -> set[str]:
    """Every string literal passed as the type to a `publish`, `_publish` or `publish_each`
    call in the project's apps, directly or through a module-level constant
    (`VOTE_EVENT = "vote.changed"`)."""
    found = set()
    for config in apps.get_app_configs():
        path = Path(config.path)
        if not path.is_relative_to(ROOT) or ".venv" in path.parts:
            continue
        for source in path.rglob("*.py"):
            tree = ast.parse(source.read_text(encoding="utf-8"))
            constants = {
                target.id: node.value.value
                for node in tree.body
                if isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name not in {"publish", "_publish", "publish_each"}:
                    continue
                at = 0 if name == "publish_each" else 1  # publish_each(type, items)
                for arg in node.args[at : at + 1] + [
                    k.value for k in node.keywords if k.arg == "type"
                ]:
                    for c in ast.walk(arg):
                        if isinstance(c, ast.Constant) and isinstance(c.value, str):
                            found.add(c.value)
                        elif isinstance(c, ast.Name) and c.id in constants:
                            found.add(constants[c.id])
    return found


def test_every_published_type_is_declared_and_every_declared_one_is_published():
    declared = {e.type for e in catalogue() if e.app != "tests"}

    assert _published_types() == declared


@pytest.fixture
def apps_only(test_event_type):
    """The catalogue as the apps declare it, without this suite's own test type."""
    unregister_events([test_event_type])


def test_every_payload_names_a_shape_of_its_apps_output_module():
    missing = [
        (e.type, e.payload)
        for e in catalogue()
        if e.app != "tests"
        # By app label: a nested app (ideas.gatherings, label "gatherings") has its own module.
        and not callable(
            getattr(
                import_module(f"{apps.get_app_config(e.app).name}.output"),
                e.payload.strip("`"),
                None,
            )
        )
    ]

    assert missing == []


def test_docs_list_the_catalogue_as_it_is(apps_only):
    lines = (ROOT / "docs" / "realtime.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(catalogue_table().splitlines()[0])
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))

    assert "\n".join(lines[start:end]) + "\n" == catalogue_table()


def test_the_command_prints_the_table_to_paste(apps_only, capsys):
    call_command("event_catalogue")

    out = capsys.readouterr().out
    assert out.splitlines()[2].startswith("| `membership.decided` | accounts |")
    assert out == catalogue_table()


def test_realtime_names_no_domain_event_type():
    root = Path(realtime.__file__).parent
    declared = {e.type for e in catalogue() if e.app != "tests"}
    offenders = [
        (str(path.relative_to(root)), name)
        for path in root.rglob("*.py")
        for name in declared
        if json.dumps(name) in path.read_text(encoding="utf-8")
    ]

    assert offenders == []


@pytest.mark.parametrize(
    ("environment", "window"),
    [
        ({}, "250"),
        ({"REALTIME_VOTE_COALESCE_MS": "120"}, "120"),
        ({"REALTIME_VOTE_COALESCE_MS": "120", "REALTIME_COALESCE_MS": "80"}, "80"),
    ],
)
def test_the_coalescing_window_still_reads_its_old_setting_name(environment, window):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REALTIME_", "DJANGO_"))}
    env.update(environment, DJANGO_SETTINGS_MODULE="oic.settings")
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.REALTIME_COALESCE_MS)"

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout

    assert out.strip() == window
