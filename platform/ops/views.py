"""/healthz, /readyz and /metrics: for the load balancer and for Prometheus."""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ops import checks
from ops.metrics import exposition

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """The process is alive and answers: nothing else is checked (a restart fixes nothing that
    a database outage causes)."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    """Ready for traffic: the database and Redis answer, every migration this code knows is
    applied, and a task worker reported recently. 503 with the failing check otherwise."""
    results = {}
    ready = True
    for name, check in checks.CHECKS.items():
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency means not ready
            ok, detail = False, f"{type(exc).__name__}: {exc}"[:300]
        results[name] = {"ok": ok, "detail": detail}
        ready = ready and ok
    if not ready:
        logger.warning("Not ready: %s", {k: v["detail"] for k, v in results.items() if not v["ok"]})
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": results},
        status=200 if ready else 503,
    )


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(entry, strict=False)
        for entry in settings.METRICS_ALLOWED_ADDRESSES
    )


@never_cache
@require_safe
def metrics(request):
    """Prometheus' text exposition, for the addresses in METRICS_ALLOWED_ADDRESSES only."""
    if not _allowed(request.META.get("REMOTE_ADDR", "")):
        return HttpResponseForbidden(
            "Metrics are only served to the addresses in METRICS_ALLOWED_ADDRESSES.\n",
            content_type="text/plain",
        )
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)
