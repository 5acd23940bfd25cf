"""Health, readiness, metrics, the trusted proxy and the request id, in-process (platform/ops).

The same things through nginx and several daphne processes: test_topology.py."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.testing import WebsocketCommunicator
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from ideas import services as idea_services
from mail.models import Mail
from mail.services import Message, mail_queue
from oic.asgi import application
from ops import requestid
from ops.logs import JsonFormatter
from ops.models import WorkerHeartbeat
from realtime.models import Event
from tests import factories
from tests.live.conftest import city_staff_group  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]


def metric(text: str, name: str, **labels) -> float | None:
    """The value of one sample in a text exposition (None: not there)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        sample, _, value = line.rpartition(" ")
        if sample.split("{")[0] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', sample))
        if all(found.get(k) == str(v) for k, v in labels.items()):
            return float(value)
    return None


def scrape() -> str:
    response = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    assert response.status_code == 200
    return response.content.decode()


# --- /healthz and /readyz ---------------------------------------------------------------------


def test_healthz_answers_without_asking_anything(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_wants_a_recent_worker_heartbeat(db, settings):
    settings.READYZ_WORKER_MAX_AGE_SECONDS = 60
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["worker"] == {"ok": False, "detail": "no worker has reported"}
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["migrations"]["ok"]

    WorkerHeartbeat.objects.create(worker="old:1", seen_at=timezone.now() - timedelta(minutes=5))
    assert Client().get("/readyz").status_code == 503

    WorkerHeartbeat.objects.create(worker="host:2")
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ready"


def test_readyz_can_report_a_missing_worker_without_leaving_rotation(db, settings):
    settings.READYZ_REQUIRE_WORKER = False
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert "not required" in response.json()["checks"]["worker"]["detail"]


def test_readyz_names_a_broker_that_does_not_answer(db, settings):
    WorkerHeartbeat.objects.create(worker="host:1")
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_the_worker_records_its_heartbeat(transactional_db):
    gone = WorkerHeartbeat.objects.create(
        worker="stopped-long-ago:1", seen_at=timezone.now() - timedelta(days=2)
    )
    call_command("run_worker", "--", "--batch", "--no-startup-delay", verbosity=0)
    beat = WorkerHeartbeat.objects.get()  # the stopped worker's row is forgotten
    assert beat.pk != gone.pk
    assert beat.seen_at > timezone.now() - timedelta(seconds=30)


# --- /metrics ---------------------------------------------------------------------------------


def test_metrics_only_for_the_configured_addresses(db, settings):
    settings.METRICS_ALLOWED_ADDRESSES = ["127.0.0.1/32", "10.9.0.0/16"]
    assert Client(REMOTE_ADDR="203.0.113.7").get("/metrics").status_code == 403
    assert Client(REMOTE_ADDR="10.9.4.2").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").post("/metrics").status_code == 405


def test_requests_are_counted_by_view_and_status_with_latency(db):
    before = metric(scrape(), "oic_http_requests_total", view="frontend:idea_list", status=200)
    Client().get("/ideas/")
    Client().get("/api/ideas/?page_size=abc")  # bad input is a 4xx, counted as such
    text = scrape()
    after = metric(text, "oic_http_requests_total", view="frontend:idea_list", status=200)
    assert after == (before or 0) + 1
    assert metric(text, "oic_http_request_duration_seconds_count", view="frontend:idea_list") >= 1
    assert metric(
        text, "oic_http_request_duration_seconds_bucket", view="frontend:idea_list", le="+Inf"
    )
    bad = metric(text, "oic_http_requests_total", view="ideas-api:idea-list", status=400)
    assert bad is not None
    assert bad >= 1
    # Unknown paths share one label: a scanner cannot grow the label set.
    unmatched = metric(text, "oic_http_requests_total", view="unmatched", status=404) or 0
    Client().get("/no-such-page-1/")
    Client().get("/no-such-page-2/")
    text = scrape()
    assert metric(text, "oic_http_requests_total", view="unmatched", status=404) == unmatched + 2


def test_queue_depth_age_mails_and_heartbeat_come_from_the_database(transactional_db):
    message = Message(subject="Hallo", text="Hallo\n", html="<p>Hallo</p>", language="de")
    with transaction.atomic():
        mail_queue(to="a@example.org", message=message)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=90))
    WorkerHeartbeat.objects.create(worker="h:1", seen_at=timezone.now() - timedelta(seconds=20))
    text = scrape()
    assert metric(text, "oic_task_queue_depth") == 1
    assert 85 <= metric(text, "oic_task_queue_oldest_age_seconds") < 300
    assert metric(text, "oic_mails", status="queued") == 1
    assert metric(text, "oic_mails", status="sent") == 0
    assert 15 <= metric(text, "oic_worker_heartbeat_age_seconds") < 300

    before = metric(text, "oic_mail_deliveries_total", outcome="sent") or 0
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    text = scrape()
    assert metric(text, "oic_task_queue_depth") == 0
    assert metric(text, "oic_mails", status="sent") == 1
    assert metric(text, "oic_mail_deliveries_total", outcome="sent") == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
async def test_sockets_subscriptions_events_and_delivery_lag(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    from asgiref.sync import sync_to_async

    idea = await sync_to_async(factories.IdeaFactory)()
    author = await sync_to_async(factories.UserFactory)()
    before = await sync_to_async(scrape)()
    sockets0 = metric(before, "oic_websocket_connections")
    subs0 = metric(before, "oic_websocket_subscriptions")
    published0 = metric(before, "oic_events_published_total", type="comment.created") or 0
    lag0 = metric(before, "oic_event_delivery_lag_seconds_count") or 0

    ws = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"http://testserver"), (b"host", b"testserver")]
    )
    assert (await ws.connect())[0]
    await ws.send_json_to({"action": "subscribe", "stream": f"idea:{idea.pk}", "since": None})
    assert (await ws.receive_json_from(timeout=3))["type"] == "subscribed"
    text = await sync_to_async(scrape)()
    assert metric(text, "oic_websocket_connections") == sockets0 + 1
    assert metric(text, "oic_websocket_subscriptions") == subs0 + 1

    await sync_to_async(idea_services.comment_post)(idea=idea, author=author, body="Live!")
    frame = await ws.receive_json_from(timeout=3)
    assert frame["type"] == "comment.created"
    text = await sync_to_async(scrape)()
    # One outbox row (and one broadcast) per stream the comment is on.
    rows = await sync_to_async(Event.objects.filter(type="comment.created").count)()
    assert rows >= 1
    assert metric(text, "oic_events_published_total", type="comment.created") == published0 + rows
    assert metric(text, "oic_event_delivery_lag_seconds_count") == lag0 + 1

    await ws.disconnect()
    text = await sync_to_async(scrape)()
    assert metric(text, "oic_websocket_connections") == sockets0
    assert metric(text, "oic_websocket_subscriptions") == subs0


def test_broker_reconnects_are_counted():
    from realtime.layers import _WatchedLoopLayer

    before = metric(scrape_without_db(), "oic_broker_reconnects_total") or 0
    _WatchedLoopLayer.broker_gap(type("Layer", (), {"_broker_watchers": []})())
    assert metric(scrape_without_db(), "oic_broker_reconnects_total") == before + 1


def scrape_without_db() -> str:
    from prometheus_client import REGISTRY, generate_latest

    return generate_latest(REGISTRY).decode()


# --- The trusted proxy and the request id -----------------------------------------------------


async def asgi_get(path: str, *, client, headers: list[tuple[bytes, bytes]]):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": client,
        "server": ("testserver", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(10)
    await communicator.receive_output(10)
    return start["status"], dict(start["headers"])


SPOOF = [(b"x-forwarded-for", b"127.0.0.1"), (b"x-request-id", b"planted-id-0001")]


@pytest.mark.django_db(transaction=True)
async def test_forwarded_headers_count_only_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["192.0.2.10", "unix"]
    # Straight from somewhere else: the claimed loopback address and the id are ignored.
    status, headers = await asgi_get("/metrics", client=["203.0.113.5", 4000], headers=SPOOF)
    assert status == 403
    assert headers[b"x-request-id"] != b"planted-id-0001"
    # Through the proxy: its word counts, for the address and the id.
    status, headers = await asgi_get("/metrics", client=["192.0.2.10", 4000], headers=SPOOF)
    assert status == 200
    assert headers[b"x-request-id"] == b"planted-id-0001"
    # The proxy forwards an outsider: refused like the outsider.
    outsider = [(b"x-forwarded-for", b"198.51.100.1")]
    assert (await asgi_get("/metrics", client=["192.0.2.10", 1], headers=outsider))[0] == 403
    # daphne on a Unix socket (no peer address): trusted when `unix` is listed.
    assert (await asgi_get("/metrics", client=None, headers=SPOOF))[0] == 200
    settings.TRUSTED_PROXIES = []
    assert (await asgi_get("/metrics", client=None, headers=SPOOF))[0] == 403
    # A malformed id is replaced, never logged as sent.
    bad = [(b"x-request-id", b"with space\nnewline")]
    settings.TRUSTED_PROXIES = ["unix"]
    _status, headers = await asgi_get("/healthz", client=None, headers=bad)
    assert re.fullmatch(rb"[0-9a-f]{32}", headers[b"x-request-id"])


@pytest.mark.django_db(transaction=True)
async def test_https_is_believed_from_the_proxy_only(settings):
    """The socket's origin check compares schemes: an https page through nginx is the site's
    own origin; the same claim straight from a client is not."""
    settings.TRUSTED_PROXIES = ["192.0.2.10"]
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    headers = [
        (b"origin", b"https://testserver"),
        (b"host", b"testserver"),
        (b"x-forwarded-proto", b"https"),
    ]
    for client, accepted in ((["192.0.2.10", 5], True), (["203.0.113.5", 5], False)):
        ws = WebsocketCommunicator(application, "/ws/", headers=headers)
        ws.scope["client"] = client
        connected, _ = await ws.connect()
        assert connected is accepted
        await ws.disconnect()


async def test_a_sockets_send_reaches_the_server_untouched():
    """KeepServerSend (realtime) needs the server's own send: the proxy layer passes it on."""
    from ops.proxy import ProxyMiddleware

    seen = {}

    async def inner(scope, receive, send):
        seen["send"] = send

    async def server_send(message):
        return None

    scope = {"type": "websocket", "path": "/ws/", "headers": [], "client": ["192.0.2.1", 1]}
    await ProxyMiddleware(inner)(scope, None, server_send)
    assert seen["send"] is server_send


def json_lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.fixture
def json_log():
    """What the production handler (LOG_FORMAT=json) writes, captured."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(requestid.RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_the_request_id_reaches_the_task_and_the_workers_lines(
    transactional_db, settings, json_log
):
    from asgiref.sync import async_to_sync

    settings.TRUSTED_PROXIES = ["unix"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rid = "0123456789abcdef0123456789abcdef"
    body = json.dumps(
        {
            "email": "neu@example.org",
            "password": "a-long-test-password-9",
            "display_name": "Neu",
            "sector": "citizen",
            "accept_house_rules": True,
        }
    ).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/auth/register/",
        "raw_path": b"/api/auth/register/",
        "query_string": b"",
        "root_path": "",
        "client": None,
        "server": ("testserver", 80),
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"x-request-id", rid.encode()),
        ],
    }

    async def post():
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "http.request", "body": body})
        start = await communicator.receive_output(10)
        await communicator.receive_output(10)
        return start["status"]

    assert async_to_sync(post)() == 202
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"]["request_id"] == rid

    call_command("run_worker", "--", "--batch", "--no-startup-delay")
    assert Mail.objects.filter(status=Mail.Status.SENT).count() == 1
    lines = json_lines(json_log)
    access = [x for x in lines if x["logger"] == "ops.access" and x["request_id"] == rid]
    assert access
    assert access[0]["status"] == 202
    assert access[0]["view"].endswith("register")
    sent = [x for x in lines if x["logger"] == "mail.services"]
    assert sent
    assert all(x["request_id"] == rid for x in sent), sent
    assert requestid.current() is None


def test_json_lines_are_one_object_each_with_exceptions_inside():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(requestid.RequestIdFilter())
    logger = logging.getLogger("tests.json")
    logger.addHandler(handler)
    try:
        with requestid.bound("feedfacefeedface"):
            try:
                raise ValueError("two\nlines")
            except ValueError:
                logger.exception("Failed: %s", "x", extra={"idea": 7})
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    first, second = json_lines(stream)
    assert first["request_id"] == "feedfacefeedface"
    assert first["message"] == "Failed: x"
    assert first["idea"] == 7
    assert first["level"] == "ERROR"
    assert "ValueError: two\\nlines" in json.dumps(first["exc"])
    assert second["request_id"] == "-"
    assert len(stream.getvalue().strip().splitlines()) == 2


# --- Configuration and units ------------------------------------------------------------------


def test_every_setting_read_from_the_environment_is_in_env_example():
    settings_py = (ROOT / "platform" / "oic" / "settings.py").read_text()
    read = set(
        re.findall(
            r'(?:env_int|env_bool|env_float|environ\.get|environ\[)\(?\s*"([A-Z][A-Z0-9_]+)"',
            settings_py,
        )
    )
    example = (ROOT / "deploy" / "env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert len(read) > 40
    assert sorted(read - documented) == []


# `send_digests` arrives with the digests work; the integrator removes it here at the merge.


def test_every_systemd_unit_runs_a_command_that_exists():
    from django.core.management import get_commands

    units = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
    assert {u.name for u in units} >= {
        "oic-daphne@.service",
        "oic-worker.service",
        "oic-digests.service",
        "oic-retention.service",
        "oic-opendata.service",
    }
    commands = get_commands()
    for unit in units:
        text = unit.read_text()
        exec_start = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1)
        assert "EnvironmentFile=/etc/oic/env" in text, unit.name
        if "manage.py" in exec_start:
            command = exec_start.split("manage.py", 1)[1].split()[0]
            assert command in commands, (unit.name, command)
        else:
            assert "daphne" in exec_start
            assert "oic.asgi:application" in exec_start
        timer = unit.with_suffix(".timer")
        if "Type=oneshot" in text:
            assert timer.exists(), unit.name
            assert "OnCalendar=" in timer.read_text(), unit.name
