"""`make run` serves where it says it does: the printed address follows HOST and PORT."""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_prints_and_serves_the_port_it_was_given():
    # -n prints the commands without running them.
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8301", "HOST=127.0.0.2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "manage.py seed_demo --url http://127.0.0.2:8301/" in commands
    assert "daphne -b 127.0.0.2 -p 8301 oic.asgi:application" in commands
    # The mail worker starts beside daphne and is stopped with it.
    assert "manage.py db_worker & worker=$!" in commands
    assert "trap 'kill $worker" in commands


@pytest.mark.django_db
def test_seed_demo_prints_the_address_it_is_given():
    out = StringIO()
    call_command("seed_demo", url="http://127.0.0.1:8301/", stdout=out)

    assert "Open Innovation City: http://127.0.0.1:8301/" in out.getvalue()
    assert "8000" not in out.getvalue()
