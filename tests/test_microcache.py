"""The one-second shared cache of anonymous idea-list answers (core.microcache): hits cost no
query, nothing is older than MICROCACHE_SECONDS, and nobody with credentials is served from it."""

from __future__ import annotations

import gzip
import json

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core import microcache
from ideas.models import Idea
from tests import factories
from votes.services import vote_cast

pytestmark = pytest.mark.django_db


class Clock:
    """time.monotonic as the middleware sees it, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.MICROCACHE_SECONDS = 1
    tick = Clock()
    monkeypatch.setattr(microcache.time, "monotonic", tick)
    return tick


def titles(response) -> list[str]:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return [idea["title"] for idea in json.loads(body)["results"]]


def queries_of(client: Client, url: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response


def test_a_repeated_anonymous_list_is_answered_from_memory_without_a_query(clock):
    factories.IdeaFactory(title="Radweg an der Artur-Ladebeck-Straße", challenge=None)
    client = Client()
    first_queries, first = queries_of(client, "/api/ideas/")
    assert first_queries > 0
    factories.IdeaFactory(title="Trinkbrunnen am Jahnplatz", challenge=None)
    clock.now += 0.9
    hit_queries, hit = queries_of(client, "/api/ideas/")
    assert hit_queries == 0
    assert titles(hit) == titles(first) == ["Radweg an der Artur-Ladebeck-Straße"]
    assert hit["Content-Type"] == first["Content-Type"]
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_idea_hidden_or_withdrawn_is_gone_once_the_second_is_over(clock):
    hidden = factories.IdeaFactory(title="Wird ausgeblendet", challenge=None)
    withdrawn = factories.IdeaFactory(title="Wird zurückgezogen", challenge=None)
    client = Client()
    assert set(titles(client.get("/api/ideas/"))) == {"Wird ausgeblendet", "Wird zurückgezogen"}
    Idea.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now(), hidden_reason="Spam")
    Idea.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    clock.now += 1.0  # the answer was built at most a second ago: no longer served
    assert titles(client.get("/api/ideas/")) == []


def test_the_age_counts_from_the_start_of_the_request_that_read_the_rows(clock, monkeypatch):
    """A slow answer is not kept a full second after it finished: its rows were read after
    it started, so it may be served until a second after that start only."""
    from ideas.api import IdeaListView

    factories.IdeaFactory(title="Erste Idee", challenge=None)
    original = IdeaListView.get

    def slow(self, request):
        clock.now += 0.6  # the view takes 0.6 s
        return original(self, request)

    monkeypatch.setattr(IdeaListView, "get", slow)
    client = Client()
    client.get("/api/ideas/")  # started at 1000.0, done at 1000.6
    factories.IdeaFactory(title="Zweite Idee", challenge=None)
    clock.now += 0.5  # 1001.1: more than a second after the first request started
    assert set(titles(client.get("/api/ideas/"))) == {"Erste Idee", "Zweite Idee"}


def private_view(request):
    response = HttpResponse(request.GET.get("n", ""))
    if "private" in request.GET:
        response["Cache-Control"] = "private"
    if "cookie" in request.GET:
        response.set_cookie("seen", "1")
    return response


urlpatterns = [path("marked/", microcache.microcached(private_view))]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("kind", ["private", "cookie"])
def test_answers_that_set_a_cookie_or_ask_for_privacy_are_never_shared(clock, kind):
    calls = []

    def view(request):
        calls.append(request)
        return private_view(request)

    middleware = microcache.MicroCacheMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get(f"/marked/?{kind}=1&n=1"))
    middleware(factory.get(f"/marked/?{kind}=1&n=1"))
    assert len(calls) == 2
    middleware(factory.get("/marked/?n=2"))
    middleware(factory.get("/marked/?n=2"))
    assert len(calls) == 3  # the same view's plain answer is shared


@pytest.mark.parametrize("credentials", ["session", "token"])
def test_people_with_credentials_always_get_a_fresh_answer_with_their_own_vote(clock, credentials):
    voter = factories.UserFactory()
    idea = factories.IdeaFactory(title="Sitzbänke im Bürgerpark", challenge=None)
    client = Client()
    client.get("/api/ideas/")  # an anonymous answer is in the cache now
    vote_cast(user=voter, idea=idea, value=1)
    headers = {}
    if credentials == "session":
        client.force_login(voter)
    else:
        headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=voter).key}"
    queries, response = queries_of(client, "/api/ideas/", **headers)
    assert queries > 0
    [card] = json.loads(response.content)["results"]
    assert card["votes"] == {"up": 1, "down": 0, "score": 1, "mine": 1}


def test_languages_and_encodings_are_kept_apart(clock):
    factories.IdeaFactory(title="Urban Gardening", challenge=None)
    client = Client()
    german = client.get("/api/ideas/?page_size=abc", HTTP_ACCEPT_LANGUAGE="de")
    english = client.get("/api/ideas/?page_size=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert german.status_code == english.status_code == 400  # errors are never stored
    client.get("/api/ideas/", HTTP_ACCEPT_LANGUAGE="de")
    _queries, compressed = queries_of(
        client, "/api/ideas/", HTTP_ACCEPT_LANGUAGE="de", HTTP_ACCEPT_ENCODING="gzip"
    )
    plain_queries, plain = queries_of(client, "/api/ideas/", HTTP_ACCEPT_LANGUAGE="de")
    assert plain_queries == 0  # the German, uncompressed answer was cached
    english_queries, _english = queries_of(client, "/api/ideas/", HTTP_ACCEPT_LANGUAGE="en")
    assert english_queries > 0  # another language, another answer
    assert plain.get("Content-Encoding") is None
    assert titles(compressed) == titles(plain) == ["Urban Gardening"]


def test_only_the_marked_views_and_only_gets_are_cached(clock):
    idea = factories.IdeaFactory(title="Vorher", challenge=None)
    client = Client()
    client.get(f"/api/ideas/{idea.pk}/")
    Idea.objects.filter(pk=idea.pk).update(title="Nachher")
    detail = client.get(f"/api/ideas/{idea.pk}/")
    assert json.loads(detail.content)["title"] == "Nachher"
    head_queries = CaptureQueriesContext(connection)
    with head_queries:
        client.head("/api/ideas/")
        client.head("/api/ideas/")
    assert len(head_queries.captured_queries) > 2  # HEAD is never served from the cache


def test_the_cache_keeps_at_most_the_configured_bytes_dropping_the_oldest(clock, settings):
    factories.IdeaFactory(challenge=None)
    client = Client()
    size = len(client.get("/api/ideas/?ordering=new").content)
    settings.MICROCACHE_MAX_BYTES = 2 * size + size // 2  # room for two answers
    client = Client()
    urls = [
        "/api/ideas/?ordering=new",
        "/api/ideas/?ordering=top",
        "/api/ideas/?ordering=discussed",
    ]
    for url in urls:
        client.get(url)
    assert queries_of(client, urls[2])[0] == 0
    assert queries_of(client, urls[1])[0] == 0
    assert queries_of(client, urls[0])[0] > 0  # the oldest went when the third came


def test_zero_seconds_turns_it_off(clock, settings):
    settings.MICROCACHE_SECONDS = 0
    factories.IdeaFactory(challenge=None)
    client = Client()
    client.get("/api/ideas/")
    assert queries_of(client, "/api/ideas/")[0] > 0


def test_the_idea_list_is_the_view_marked_for_it():
    from django.urls import resolve

    assert getattr(resolve("/api/ideas/").func, microcache.ATTRIBUTE, False)
    assert not getattr(resolve("/api/ideas/1/").func, microcache.ATTRIBUTE, False)
    assert not getattr(resolve("/api/challenges/").func, microcache.ATTRIBUTE, False)
