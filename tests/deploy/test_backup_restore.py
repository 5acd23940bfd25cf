"""deploy/backup and deploy/restore: a dump restored into a fresh database serves the same ideas,
tallies and event ids, new events continue after the restored ones, and dumps older than the
retention are deleted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT, database_url, drop_database, require_services

pytestmark = pytest.mark.postgres

SNAPSHOT = """
import json
from django.test import Client
from realtime.models import Event
client = Client()
ideas = client.get("/api/ideas/?page_size=100").json()["results"]
details = {i["id"]: client.get(f"/api/ideas/{i['id']}/").json() for i in ideas}
comments = {i["id"]: client.get(f"/api/ideas/{i['id']}/comments/").json() for i in ideas}
feed_page = client.get("/").status_code
print("SNAPSHOT " + json.dumps({
    "ideas": ideas, "details": details, "comments": comments, "home": feed_page,
    "events": list(Event.objects.order_by("id").values_list("id", "stream", "type")),
}))
"""

SEED = """
from tests.browser.seed import scenario
from votes.services import vote_cast
from accounts.models import User
from ideas.models import Idea
r = scenario()
voter = User.objects.get(pk=r["viewer"]["id"])
idea = Idea.objects.get(pk=r["idea"])
vote_cast(user=voter, idea=idea, value=1)
"""

PUBLISH = """
from ideas.services import comment_post
from accounts.models import User
from ideas.models import Idea
from realtime.models import Event
idea = Idea.objects.order_by("pk").first()
comment_post(author=User.objects.get(display_name="Karl Kommentar"), idea=idea, body="Danach")
print("NEWEST", Event.objects.order_by("-id").values_list("id", flat=True).first())
"""


def environment(name: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=database_url(name),
        DJANGO_SETTINGS_MODULE="oic.settings",
        OIC_FAST_PASSWORD_HASHER="1",
        **extra,
    )
    return env


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


def snapshot(env: dict) -> dict:
    out = manage(env, "shell", "-c", SNAPSHOT)
    return json.loads(next(x for x in out.splitlines() if x.startswith("SNAPSHOT "))[9:])


def script(name: str, env: dict, *args: str) -> str:
    return subprocess.run(
        [str(ROOT / "deploy" / name), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def test_a_restored_dump_serves_the_same_ideas_tallies_and_events(tmp_path):
    require_services(nginx=False)
    source, target = f"oic_backup_src_{os.getpid()}", f"oic_backup_dst_{os.getpid()}"
    drop_database(source)
    drop_database(target)
    backups = tmp_path / "backups"
    try:
        src_env = environment(source, OIC_BACKUP_DIR=str(backups))
        script_env = {**src_env}
        subprocess.run(
            ["createdb", "--maintenance-db", database_url("postgres"), source],
            check=True,
            capture_output=True,
        )
        manage(src_env, "migrate", "--noinput", "-v", "0")
        manage(src_env, "shell", "-c", SEED)
        before = snapshot(src_env)
        assert before["ideas"]
        assert '"up": 1' in json.dumps(before["details"])  # the vote's tally
        assert before["events"]

        # An expired dump (older than the retention) and a recent one are already there.
        backups.mkdir()
        expired, kept = backups / "oic-20000101T000000Z.dump", backups / "oic-recent.dump"
        for path, age_days in ((expired, 31), (kept, 29)):
            path.write_bytes(b"old")
            stamp = time.time() - age_days * 24 * 3600
            os.utime(path, (stamp, stamp))
        out = script("backup", {**script_env, "OIC_BACKUP_RETENTION_DAYS": "30"})
        dump = Path(out.strip().splitlines()[-1])
        assert dump.exists()
        assert f"expired: {expired}" in out
        assert not expired.exists()
        assert kept.exists()

        dst_env = environment(target)
        script("restore", dst_env, str(dump))
        after = snapshot(dst_env)
        assert after == before

        # The restored sequences go on: a new event gets a new, higher id.
        out = manage(dst_env, "shell", "-c", PUBLISH)
        newest = int(out.split("NEWEST", 1)[1].split()[0])
        assert newest > max(e[0] for e in before["events"])

        # Never over live data: restoring into an existing database is refused.
        with pytest.raises(subprocess.CalledProcessError):
            script("restore", dst_env, str(dump))
    finally:
        drop_database(source)
        drop_database(target)
