"""The list views pass the search's count and the chosen challenge on; the staff form's
errors show beside its fields. (Needs the list view to use IdeaFilterForm.list_filters.)"""

import re

import pytest
from django.db import connection

from ideas.models import Idea
from realtime.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def idea_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-idea-id="(\d+)"', response.content.decode())]


def test_ideas_page_counts_what_a_search_found(browser, open_challenge, django_assert_num_queries):
    factories.IdeaFactory(challenge=open_challenge, title="Zwei Brunnen am Jahnplatz")
    factories.IdeaFactory(challenge=None, summary="Ein Fest am Brunnen im Sommer.")
    factories.IdeaFactory(challenge=None, summary="Ein Brunnenfest im Sommer.")  # a compound
    factories.IdeaFactory(challenge=open_challenge, title="Radweg Sennestadt")

    # topics, challenges (the filter's choices), ideas, their topics, and the search's count;
    # on PostgreSQL the page's ids first (ideas.selectors.idea_page_narrow)
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 5):
        response = browser.get("/ideas/", {"search": "brunnen"})

    assert '<p class="result-count" role="status">2 Ideen passen zu „brunnen“.</p>' in (
        response.content.decode()
    )


def test_ideas_page_does_not_count_without_a_search(browser, idea, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = browser.get("/ideas/")
    assert "result-count" not in response.content.decode()


def test_ideas_page_narrows_to_the_chosen_challenge(browser, open_challenge):
    wanted = factories.IdeaFactory(challenge=open_challenge)
    factories.IdeaFactory(challenge=None)

    response = browser.get("/ideas/", {"challenge": open_challenge.pk})

    assert idea_ids(response) == [wanted.pk]
    assert f'<option value="{open_challenge.pk}" selected>' in response.content.decode()


def test_a_challenge_page_ignores_a_challenge_parameter(browser, open_challenge, staff):
    mine = factories.IdeaFactory(challenge=open_challenge)
    other = factories.ChallengeFactory(created_by=staff, status="open")
    factories.IdeaFactory(challenge=other)

    response = browser.get(f"/challenges/{open_challenge.pk}/", {"challenge": other.pk})

    assert response.status_code == 200
    assert idea_ids(response) == [mine.pk]


def test_staff_see_the_missing_response_beside_the_field(staff_browser, idea):
    events = Event.objects.count()

    response = staff_browser.post(f"/staff/ideas/{idea.pk}/status/", {"status": "not_pursued"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_response-error"' in html
    assert "Bitte begründe diese Entscheidung" in html
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.SUBMITTED
    assert Event.objects.count() == events
