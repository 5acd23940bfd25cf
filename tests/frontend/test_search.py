"""Search and filters on the site's lists: a search box, the count of what it found, the
challenge filter on /ideas/, and every filter in the address so a search can be shared."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from challenges.models import Challenge
from frontend import forms
from tests import factories

pytestmark = pytest.mark.django_db


def idea_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-idea-id="(\d+)"', response.content.decode())]


def test_ideas_page_searches_title_summary_and_description(browser, open_challenge):
    by_title = factories.IdeaFactory(challenge=open_challenge, title="Brunnen am Jahnplatz")
    by_description = factories.IdeaFactory(challenge=None, description="Ein Brunnen im Park.")
    factories.IdeaFactory(challenge=open_challenge, title="Radweg Sennestadt")

    response = browser.get("/ideas/", {"search": "Brunnen", "order": "new"})

    assert response.status_code == 200
    assert idea_ids(response) == [by_description.pk, by_title.pk]


def test_the_search_box_keeps_the_words_and_the_order_links_keep_the_search(
    browser, open_challenge
):
    html = browser.get("/ideas/", {"search": "Brunnen", "sector": "research"}).content.decode()

    assert 'type="search"' in html
    assert 'name="search" value="Brunnen"' in html
    assert 'role="search"' in html
    assert 'href="?search=Brunnen&amp;sector=research&amp;order=top"' in html


def test_ideas_page_offers_the_public_challenges_as_a_filter(browser, staff):
    open_one = factories.ChallengeFactory(created_by=staff, status="open", title="Offen")
    factories.ChallengeFactory(created_by=staff, status=Challenge.Status.DRAFT, title="Entwurf")

    html = browser.get("/ideas/").content.decode()

    assert '<select name="challenge"' in html
    assert f'<option value="{open_one.pk}">Offen</option>' in html
    assert "Entwurf" not in html
    assert "Alle Challenges und freien Ideen" in html


def test_a_challenge_page_has_no_challenge_filter(browser, open_challenge):
    # A challenge without ideas shows no controls at all; with one it shows search and filters.
    factories.IdeaFactory(challenge=open_challenge)
    Challenge.objects.filter(pk=open_challenge.pk).update(idea_count=1)

    html = browser.get(f"/challenges/{open_challenge.pk}/").content.decode()

    assert 'name="search"' in html
    assert '<select name="challenge"' not in html


def test_filter_form_narrows_all_ideas_to_the_chosen_challenge(open_challenge):
    form = forms.IdeaFilterForm({"challenge": str(open_challenge.pk), "search": " Bank "})

    assert form.list_filters() == {
        "challenge": open_challenge.pk,
        "topic": None,
        "status": None,
        "sector": None,
        "seeking_cocreators": None,
        "search": "Bank",
        "order": "relevance",
    }
    assert form.has_filters


def test_filter_form_on_a_challenge_page_keeps_to_that_challenge(open_challenge, staff):
    other = factories.ChallengeFactory(created_by=staff, status="open")
    form = forms.IdeaFilterForm({"challenge": str(other.pk)}, challenge=open_challenge)

    assert form.list_filters()["challenge"] == open_challenge.pk
    assert not form.has_filters


def test_filter_form_ignores_an_unknown_challenge(db):
    form = forms.IdeaFilterForm({"challenge": "999999"})

    assert form.list_filters()["challenge"] is None


@pytest.mark.parametrize("name", ["order", "ordering"])
def test_filter_form_takes_both_spellings_of_the_order(db, name):
    assert forms.IdeaFilterForm({name: "top"}).values()["order"] == "top"


def test_idea_list_section_shows_the_count_of_a_search(open_challenge):
    form = forms.IdeaFilterForm({"search": "Brunnen"})
    form.values()
    request = RequestFactory().get("/ideas/", {"search": "Brunnen"})
    request.user = AnonymousUser()
    context = {
        "filter_form": form,
        "ideas": [],
        "order": "trending",
        "is_first_page": True,
        "challenge": None,
    }
    with translation.override("de"):
        german = render_to_string(
            "frontend/includes/idea_list_section.html", {**context, "result_count": 1}, request
        )
    with translation.override("en"):
        english = render_to_string(
            "frontend/includes/idea_list_section.html", {**context, "result_count": 3}, request
        )
        none = render_to_string(
            "frontend/includes/idea_list_section.html", {**context, "result_count": None}, request
        )

    assert '<p class="result-count" role="status">1 Idee passt zu „Brunnen“.</p>' in german
    assert '<p class="result-count" role="status">3 ideas match “Brunnen”.</p>' in english
    assert "result-count" not in none


def test_challenges_page_searches_and_counts(browser, staff, django_assert_num_queries):
    wanted = factories.ChallengeFactory(
        created_by=staff, status="open", description="Mehr Trinkbrunnen in der Stadt."
    )
    factories.ChallengeFactory(created_by=staff, status="open", title="Radwege")

    with django_assert_num_queries(4):
        response = browser.get("/challenges/", {"search": "trinkbrunnen"})
    html = response.content.decode()

    assert f'href="/challenges/{wanted.pk}/"' in html
    assert "Radwege" not in html
    assert '<p class="result-count" role="status">1 Challenge passt zu „trinkbrunnen“.</p>' in html
    assert 'name="search" value="trinkbrunnen"' in html


def test_challenges_page_shows_no_count_without_a_search(browser, open_challenge):
    assert "result-count" not in browser.get("/challenges/").content.decode()


def test_a_search_is_ordered_by_relevance_which_is_offered_only_while_searching(
    browser, open_challenge
):
    by_description = factories.IdeaFactory(challenge=None, description="Ein Brunnen im Park.")
    by_title = factories.IdeaFactory(challenge=open_challenge, title="Brunnen am Jahnplatz")
    factories.IdeaFactory(challenge=open_challenge, title="Radweg Sennestadt")

    with translation.override("de"):
        searched = browser.get("/ideas/", {"search": "Brunnen"})
        unsearched = browser.get("/ideas/").content.decode()
    html = searched.content.decode()

    assert idea_ids(searched) == [by_title.pk, by_description.pk]
    assert '<a href="?search=Brunnen&amp;order=relevance" aria-current="true">Relevanz</a>' in html
    assert "Relevanz" not in unsearched
    # Not chosen, so a new search from this form is ordered by relevance again.
    assert 'name="order"' not in html


def test_a_chosen_order_stays_with_a_new_search(browser, open_challenge):
    html = browser.get("/ideas/", {"search": "Brunnen", "order": "top"}).content.decode()

    assert '<input type="hidden" name="order" value="top">' in html


def test_relevance_without_a_search_shows_the_default_order(browser, open_challenge):
    factories.IdeaFactory(challenge=open_challenge, title="Brunnen am Jahnplatz")

    response = browser.get("/ideas/", {"order": "relevance"})

    assert response.status_code == 200
    assert '<a href="?order=trending" aria-current="true">' in response.content.decode()


@pytest.mark.parametrize("search", ["und", "&|!", '"-"', "-Brunnen"])
def test_a_search_without_a_word_to_find_shows_no_ideas(browser, open_challenge, search):
    factories.IdeaFactory(challenge=open_challenge, title="Brunnen und Bänke")

    with translation.override("en"):
        response = browser.get("/ideas/", {"search": search}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert idea_ids(response) == []
    assert "0 ideas match" in response.content.decode()


@pytest.mark.parametrize("search", ["Brunnen\x00", "Brunnen " * 625])
def test_a_search_the_form_refuses_shows_the_list_without_it(browser, open_challenge, search):
    idea = factories.IdeaFactory(challenge=open_challenge, title="Radweg Sennestadt")

    response = browser.get("/ideas/", {"search": search})

    assert response.status_code == 200
    assert idea_ids(response) == [idea.pk]


def test_relevance_pages_on_the_site(browser, open_challenge):
    from frontend.views import _helpers

    ideas = [
        factories.IdeaFactory(challenge=open_challenge, title=f"Brunnen Nummer {n}")
        for n in range(_helpers.PAGE_SIZE + 2)
    ]
    first = browser.get("/ideas/", {"search": "Brunnen"})
    cursor = re.search(r'rel="next"[^>]*href="\?[^"]*cursor=([^"&]+)', first.content.decode())[1]
    second = browser.get("/ideas/", {"search": "Brunnen", "cursor": cursor})

    assert idea_ids(first) + idea_ids(second) == [i.pk for i in reversed(ideas)]
