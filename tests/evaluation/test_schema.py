"""The workbench's part of the OpenAPI schema generates without warnings and validates."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

ROUTES = [path("api/", include("ideas.evaluation.urls"))]


def test_the_workbench_schema_has_no_warnings_and_validates():
    GENERATOR_STATS.reset()

    schema = SchemaGenerator(patterns=ROUTES).get_schema(request=None, public=True)

    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert dict(GENERATOR_STATS._error_cache) == {}
    validate_schema(schema)
    assert {p["name"] for p in schema["paths"]["/api/inbox/"]["get"]["parameters"]} == {
        "page",
        "page_size",
        "challenge",
        "topic",
        "sector",
        "status",
        "assignee",
        "department",
    }
