"""The open-data page, the dump files and their metadata (JSON Schema, CSVW, DCAT-AP.de)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from opendata import metadata
from opendata.api import opendata_listing
from opendata.registry import dataset as dataset_named
from opendata.services import FORMATS, dump_path


@require_GET
def opendata_page(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/opendata/index.html", {"listing": opendata_listing()})


@require_GET
@cache_control(public=True, max_age=3600)
def opendata_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    path = dump_path(slug, fmt) if dataset_named(slug) else None
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), content_type=FORMATS[fmt], filename=path.name)


def _dataset_or_404(slug: str):
    found = dataset_named(slug)
    if found is None:
        raise Http404
    return found


def _json(data: dict, content_type: str = "application/json") -> JsonResponse:
    return JsonResponse(
        data, content_type=content_type, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


@require_GET
def opendata_schema(request: HttpRequest, slug: str) -> HttpResponse:
    with translation.override("de"):
        return _json(metadata.json_schema(_dataset_or_404(slug)), "application/schema+json")


@require_GET
def opendata_csvw(request: HttpRequest, slug: str) -> HttpResponse:
    with translation.override("de"):
        return _json(metadata.csvw(_dataset_or_404(slug)), "application/csvm+json")


@require_GET
def opendata_catalog(request: HttpRequest) -> HttpResponse:
    with translation.override("de"):
        return _json(metadata.dcat_catalog(), "application/ld+json")
