"""Zero-downtime deploys: the latest migration is applied while a daphne of the code from before
it keeps serving reads and writes, without one error (docs/operations.md, "Migrations while
old processes run").

The old code is the real previous code: the parent of the commit that added the newest
migration (found in git), exported with `git archive`, its database migrated by that old code.
The new code's `migrate` then runs against the same database while the old daphne serves a
steady stream of requests: pages, API reads, comments and votes. A migration that breaks the
running code (dropping or renaming a column it reads, a NOT NULL column without a default it
does not write, a long lock) fails this test.

Without the git history (a shallow clone) the test says so and uses the other honest variant:
the current code, its database migrated to just before the newest migration(s).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT, database_url, drop_database, free_port, require_services
from tests.live.servers import wait_for_port

pytestmark = [pytest.mark.postgres, pytest.mark.multiprocess]


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def migrations_at(commit: str) -> set[str]:
    return {
        line
        for line in git("ls-tree", "-r", "--name-only", commit).splitlines()
        if "/migrations/0" in line and line.endswith(".py")
    }


def previous_code() -> tuple[str, set[str]] | None:
    """(commit, migration files) of the code just before the newest migration was added: the
    parent of the latest commit adding one whose migrations are all still in HEAD (renumbered
    ones would not match). None without the history."""
    try:
        head = migrations_at("HEAD")
        candidates = git(
            "log", "--no-renames", "--diff-filter=A", "--format=%H", "--", "*/migrations/0*.py"
        ).split()
        for commit in candidates:
            parent = f"{commit}^"
            before = migrations_at(parent)
            if before < head:
                return git("rev-parse", parent).strip(), before
    except subprocess.CalledProcessError:
        return None
    return None


def export(commit: str, target: Path) -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def code_env(code: Path, database: str, var: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "DJANGO_", "REDIS_", "DATABASE_"))
    }
    env.update(
        PYTHONPATH=f"{code}:{code / 'platform'}",
        DJANGO_SETTINGS_MODULE="oic.settings",
        DATABASE_URL=database,
        OIC_VAR_DIR=str(var),
        OIC_FAST_PASSWORD_HASHER="1",
        THROTTLE_WRITES="100000/min",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(code: Path, env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, str(code / "manage.py"), *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


SEED = (
    "import json\n"
    "from rest_framework.authtoken.models import Token\n"
    "from tests.browser.seed import scenario\n"
    "r = scenario()\n"
    "r['token'] = Token.objects.create(user_id=r['commenter']['id']).key\n"
    "r['voter'] = Token.objects.create(user_id=r['viewer']['id']).key\n"
    "import oic\n"
    "r['code'] = oic.__file__\n"
    "print('SEED-RESULT ' + json.dumps(r))\n"
)


class Load(threading.Thread):
    """Requests to the old server, one after the other, until stopped: (time, what, status)."""

    def __init__(self, port: int, seed: dict):
        super().__init__(daemon=True)
        self.base = f"http://127.0.0.1:{port}"
        self.seed = seed
        self.stopped = threading.Event()
        self.results: list[tuple[float, str, int | str]] = []

    def request(self, method: str, path: str, body: dict | None = None, token: str = ""):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310
                answer.read()
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError as error:
            return f"{type(error).__name__}: {error}"

    def run(self) -> None:
        idea = self.seed["idea"]
        steps = [
            ("GET", "/", None, ""),
            ("GET", "/ideas/", None, ""),
            ("GET", f"/ideas/{idea}/", None, ""),
            ("GET", "/api/ideas/", None, ""),
            ("GET", f"/api/ideas/{idea}/", None, ""),
            (
                "POST",
                f"/api/ideas/{idea}/comments/",
                {"body": "Während der Migration"},
                self.seed["token"],
            ),
            ("PUT", f"/api/ideas/{idea}/vote/", {"value": 1}, self.seed["voter"]),
            ("GET", f"/api/ideas/{idea}/comments/", None, ""),
        ]
        n = 0
        while not self.stopped.is_set():
            method, path, body, token = steps[n % len(steps)]
            status = self.request(method, path, body, token)
            self.results.append((time.monotonic(), f"{method} {path}", status))
            n += 1


def test_the_latest_migration_applies_while_the_previous_code_serves(tmp_path):
    require_services(nginx=False)
    # OIC_ZERO_DOWNTIME_NO_HISTORY=1 runs the variant without history on purpose.
    found = None if os.environ.get("OIC_ZERO_DOWNTIME_NO_HISTORY") else previous_code()
    name = f"oic_zero_downtime_{os.getpid()}"
    drop_database(name)
    database = database_url(name)
    new_env = code_env(ROOT, database, tmp_path / "var-new")
    subprocess.run(
        ["createdb", "--maintenance-db", database_url("postgres"), name],
        check=True,
        capture_output=True,
    )
    try:
        if found is not None:
            commit, old_migrations = found
            old_code = tmp_path / "old"
            export(commit, old_code)
            old_env = code_env(old_code, database, tmp_path / "var-old")
            manage(old_code, old_env, "migrate", "--noinput", "-v", "0")
            newest = sorted(migrations_at("HEAD") - old_migrations)
        else:
            # No history here: the current code, its database just before the newest migration.
            warnings.warn(
                "No git history: the previous code is not available, so the current code "
                "serves with its newest migration unapplied.",
                stacklevel=1,
            )
            old_code, old_env = ROOT, new_env
            manage(ROOT, new_env, "migrate", "--noinput", "-v", "0")
            plan = json.loads(manage(ROOT, new_env, "shell", "-c", NEWEST_BACK).splitlines()[-1])
            newest = [plan["newest"]]
        seed_out = manage(old_code, old_env, "shell", "-c", SEED)
        seed = json.loads(
            next(x for x in seed_out.splitlines() if x.startswith("SEED-RESULT "))[12:]
        )
        assert seed["code"].startswith(str(old_code)), seed["code"]  # really the old code
        assert newest

        port = free_port()
        with open(tmp_path / "old-daphne.log", "wb") as log:
            old = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "daphne"),
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "oic.asgi:application",
                ],
                cwd=old_code,
                env=old_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for_port(port, process=old)
            load = Load(port, seed)
            load.start()
            while len(load.results) < 16:  # serving, before
                time.sleep(0.05)
            migrate_started = time.monotonic()
            applied = manage(ROOT, new_env, "migrate", "--noinput", "-v", "1")
            migrate_ended = time.monotonic()
            served_before = len(load.results)
            while len(load.results) < served_before + 16:  # and after
                time.sleep(0.05)
            load.stopped.set()
            load.join(timeout=30)
        finally:
            old.terminate()
            old.wait(timeout=20)

        for path in newest:
            assert Path(path).stem in applied, (path, applied)
        failures = [r for r in load.results if not isinstance(r[2], int) or r[2] >= 400]
        assert failures == [], failures[:10]
        during = [r for r in load.results if migrate_started <= r[0] <= migrate_ended]
        assert during, "no request was served while the migration ran"
        log_text = (tmp_path / "old-daphne.log").read_text(errors="replace")
        assert "Traceback" not in log_text, log_text[-3000:]
        # The new code finds everything applied.
        assert "No migrations to apply." in manage(ROOT, new_env, "migrate", "--noinput")
    finally:
        drop_database(name)


# For the no-history variant: undo the newest migration of the newest leaf.
NEWEST_BACK = """
import json
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
loader = MigrationLoader(connection)
leaves = [n for n in loader.graph.leaf_nodes() if n[0] in loader.migrated_apps]
app, name = max(leaves, key=lambda n: (n[1][:4], n))
parents = [p for p in loader.graph.node_map[(app, name)].parents if p[0] == app]
call_command("migrate", app, parents[0][1] if parents else "zero", verbosity=0)
print(json.dumps({"newest": f"{app}/migrations/{name}.py"}))
"""
