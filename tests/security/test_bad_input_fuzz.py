"""Hostile values in every query parameter and JSON body: never a 500 (issue 10, bad input).

The endpoints are not listed by hand. Site pages come from the URL resolver (every route,
its ids filled with real objects), their query parameters from the page itself (the names
of its GET forms and links) plus the ones every list reads; API operations, their query
parameters and their body fields come from the OpenAPI schema. A new page, parameter,
operation or field is covered without touching this file. The Django test client re-raises
a view's exception, so a server error fails the test with its traceback.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import hypothesis
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from ops.models import WorkerHeartbeat
from tests import factories

# Values that broke or could break a parser, a cast or a database driver.
HOSTILE = [
    "",
    "0",
    "-1",
    "1.5",
    "٣",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "9" * 400,
    "1e400",
    "NaN",
    "Infinity",
    "null",
    "true",
    "[]",
    "{}",
    '["abc",1]',
    "WyJhYmMiLCAxXQ",
    "W251bGwsIG51bGxd",
    "%",
    "\x00",
    "a\x00b",
    "\ufeff",
    "x" * 5_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "1800-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2026-02-30",
]
# Raw query strings the test client would otherwise encode: bad UTF-8, bare escapes.
RAW_QUERY_VALUES = ["%ff%fe", "%C0%80", "%00", "%", "%zz", "%E2%82"]
# Parameters every list reads, in case a page shows no link or form with them (empty list).
COMMON_PARAMS = ["page", "page_size", "cursor", "order", "ordering", "search", "next"]

NESTED = "[" * 3_000 + "]" * 3_000
JSON_VALUES = [
    None,
    True,
    0,
    -1,
    2**63,
    -(2**63) - 1,
    10**300,
    1e308,
    -0.0,
    "",
    "\x00",
    "x" * 50_000,
    "\ud800",
    [],
    {},
    [[[[[]]]]],
    {"a": {"b": {"c": {}}}},
    ["x"] * 1_000,
    "1800-01-01T00:00:00Z",
    'https://e.example/"><script>alert(1)</script>',
]
RAW_BODIES = [
    NESTED.encode(),
    b'{"a":' * 2_000 + b"1" + b"}" * 2_000,
    b'{"title": "\xff\xfe"}',
    b'{"title": NaN}',
    b'{"title": 1e999}',
    b'{"title": ' + b"9" * 5_000 + b"}",
    b"\x00" * 100,
    b"{" * 10,
    b"[]",
    b"null",
    b'"just a string"',
    b"x" * 300_000,
]


class _QueryNames(HTMLParser):
    """The query parameter names a page offers: its GET forms' fields and its links'."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea", "button") and self._in_get_form:
            if attrs.get("name"):
                self.names.add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            href = urlsplit(attrs["href"])
            if not href.netloc:
                self.names.update(name for name, _ in parse_qsl(href.query))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _routes(patterns, prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _argument(match: re.Match, values: dict[str, str]) -> str:
    """A real object's id or slug for a route argument; for one no object has (a mailed
    token), a value of its converter's kind, which the page must refuse without a 500."""
    converter, name = match.groups()
    if name in values:
        return values[name]
    return values["pk"] if converter == "int" else "not-a-real-value"


def site_urls(values: dict[str, str]) -> list[str]:
    """Every route of the site (not the API, not the admin) with its arguments filled in."""
    urls = []
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/")) or "(?" in route or "^" in route:
            continue
        urls.append("/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: _argument(m, values), route))
    return urls


@pytest.fixture
def world(db, staff):
    """One of each object, a staff client and an anonymous one, and no throttle in the way."""
    organisation = factories.OrganisationFactory()
    factories.MembershipFactory(organisation=organisation, user=staff, role="admin")
    challenge = factories.ChallengeFactory(created_by=staff)
    idea = factories.IdeaFactory(challenge=challenge, organisation=organisation, author=staff)
    comment = factories.CommentFactory(idea=idea, author=staff)
    # A worker has reported: /readyz answers 200 (its designed 503 is no server error).
    WorkerHeartbeat.objects.create(worker="fuzz:1")
    signed_in = Client()
    signed_in.force_login(staff)
    values = {
        "pk": str(idea.pk),
        "id": str(organisation.pk),
        "user_id": str(staff.pk),
        "slug": organisation.slug,
    }
    return {
        "clients": [Client(), signed_in],
        "values": values,
        "challenge": challenge,
        "comment": comment,
        "token": Token.objects.create(user=staff).key,
    }


@pytest.fixture(autouse=True)
def _no_throttle(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"writes": None, "register": None})


def test_the_site_routes_are_found(world):
    urls = site_urls(world["values"])

    assert "/ideas/" in urls
    assert f"/challenges/{world['values']['pk']}/" in urls
    assert f"/organisations/{world['values']['slug']}/" in urls


def test_every_site_query_parameter_takes_hostile_values(world):
    pages = {}
    for url in site_urls(world["values"]):
        for client in world["clients"]:
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                reader = _QueryNames()
                reader.feed(response.content.decode())
                pages.setdefault(url, set()).update(reader.names, COMMON_PARAMS)
    assert "/ideas/" in pages

    targets = sorted((url, name) for url, names in pages.items() for name in names)

    # Every hostile value in every parameter of every page, signed in or not by turns.
    for index, (url, name) in enumerate(targets):
        client = world["clients"][index % 2]
        for value in HOSTILE:
            assert client.get(url, {name: value}).status_code < 500, (url, name, value)
        for raw in RAW_QUERY_VALUES:
            assert client.get(f"{url}?{quote(name)}={raw}").status_code < 500, (url, name, raw)

    # And generated text, for what the list above does not think of.
    @hypothesis.given(
        target=st.sampled_from(targets), value=st.text(max_size=50), signed_in=st.booleans()
    )
    @hypothesis.settings(max_examples=200, deadline=None, database=None, derandomize=True)
    def probe(target, value, signed_in):
        url, name = target
        response = world["clients"][signed_in].get(url, {name: value})
        assert response.status_code < 500, (url, name, value)

    probe()


def _api_operations() -> list[tuple[str, str, dict]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ], schema["components"]["schemas"]


def _body_fields(operation: dict, components: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    return sorted(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))


def _api_url(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_every_api_query_parameter_and_body_field_takes_hostile_values(world):
    operations, components = _api_operations()
    values = {"id": world["values"]["pk"], "user_id": world["values"]["user_id"]}
    queries = [
        (_api_url(path, values), parameter["name"])
        for path, method, operation in operations
        if method == "get"
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    ]
    bodies = [
        (_api_url(path, values), method, _body_fields(operation, components))
        for path, method, operation in operations
        if "requestBody" in operation
    ]
    assert ("/api/ideas/", "cursor") in queries
    assert any(url == "/api/auth/token/" for url, _, _ in bodies)
    anonymous, signed_in = Client(), Client(HTTP_AUTHORIZATION=f"Token {world['token']}")

    for index, (url, name) in enumerate(queries):
        client = (anonymous, signed_in)[index % 2]
        for value in HOSTILE:
            assert client.get(url, {name: value}).status_code < 500, (url, name, value)
        for raw in RAW_QUERY_VALUES:
            assert client.get(f"{url}?{name}={raw}").status_code < 500, (url, name, raw)

    for url, method, fields in bodies:
        for client in (anonymous, signed_in):
            send = getattr(client, method)
            for raw in RAW_BODIES:
                response = send(url, raw, content_type="application/json")
                assert response.status_code < 500, (method, url, raw[:100])
        # Signed in (as staff) the body gets past the permission checks to the fields.
        send = getattr(signed_in, method)
        for field in fields:
            for value in JSON_VALUES:
                response = send(url, json.dumps({field: value}), content_type="application/json")
                assert response.status_code < 500, (method, url, field, value)

    @hypothesis.given(query=st.sampled_from(queries), value=st.text(max_size=50), who=st.booleans())
    @hypothesis.settings(max_examples=200, deadline=None, database=None, derandomize=True)
    def probe_query(query, value, who):
        url, name = query
        client = (anonymous, signed_in)[who]
        assert client.get(url, {name: value}).status_code < 500, (url, name, value)

    probe_query()
