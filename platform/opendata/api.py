"""GET /api/opendata/: the datasets, their files (size, date) and their metadata."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from opendata.metadata import license_info
from opendata.registry import datasets
from opendata.services import dump_files


def opendata_listing() -> dict:
    """The datasets and their files as the API and the page show them."""
    lic = license_info()
    items = []
    for dataset in datasets():
        files = []
        for file in dump_files(dataset):
            files.append(
                {
                    **file,
                    "url": settings.SITE_URL
                    + reverse("frontend:opendata_file", args=(dataset.slug, file["format"])),
                }
            )
        items.append(
            {
                "slug": dataset.slug,
                "title": dataset.title,
                "description": dataset.description,
                "files": files,
                "json_schema": settings.SITE_URL
                + reverse("frontend:opendata_schema", args=(dataset.slug,)),
                "csvw": settings.SITE_URL + reverse("frontend:opendata_csvw", args=(dataset.slug,)),
            }
        )
    return {
        "license": {"id": settings.OPENDATA_LICENSE, "title": lic["title"], "url": lic["url"]},
        "catalog": settings.SITE_URL + reverse("frontend:opendata_catalog"),
        "datasets": items,
    }


def _file_shape():
    return inline_serializer(
        "OpenDataFile",
        {
            "format": serializers.CharField(),
            "name": serializers.CharField(),
            "media_type": serializers.CharField(),
            "size": serializers.IntegerField(),
            "modified": serializers.DateTimeField(),
            "url": serializers.URLField(),
        },
        many=True,
    )


class OpenDataView(APIView):
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(
        summary="The open-data dumps",
        responses=inline_serializer(
            "OpenDataListing",
            {
                "license": inline_serializer(
                    "OpenDataLicense",
                    {
                        "id": serializers.CharField(),
                        "title": serializers.CharField(),
                        "url": serializers.URLField(),
                    },
                ),
                "catalog": serializers.URLField(),
                "datasets": inline_serializer(
                    "OpenDataset",
                    {
                        "slug": serializers.CharField(),
                        "title": serializers.CharField(),
                        "description": serializers.CharField(),
                        "files": _file_shape(),
                        "json_schema": serializers.URLField(),
                        "csvw": serializers.URLField(),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request):
        return Response(opendata_listing())
