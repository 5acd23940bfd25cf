"""Production settings: strict by default, and Django's deployment checks are clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "ideen.bielefeld.example",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PROD_ENV, "ALLOWED_HOSTS": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def _database_options(env: dict[str, str]) -> str:
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    result = _manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_uses_a_connection_pool_by_default():
    env = {"DATABASE_URL": "postgres://u@db.example:5432/oic", "DB_CONN_MAX_AGE": ""}
    assert _database_options(env) == "{'pool': {'min_size': 2, 'max_size': 8, 'timeout': 10}}"


def test_the_pool_can_be_turned_off_and_is_off_with_persistent_connections():
    url = "postgres://u@db.example:5432/oic"
    assert _database_options({"DATABASE_URL": url, "DB_POOL": "0"}) == "{}"
    assert _database_options({"DATABASE_URL": url, "DB_CONN_MAX_AGE": "60"}) == "{}"
