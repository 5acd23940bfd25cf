"""Markup rules of the site's pages (issue 8): the funnel and its exit, the vote form, the
error summary, one voice for field errors, the compact header, empty challenges, dates."""

import re

import pytest
from django.utils import timezone

from ideas import selectors as idea_selectors
from ideas import services as idea_services
from ideas.models import Comment, Idea
from tests import factories

pytestmark = pytest.mark.django_db


def _set_status(idea, staff, *statuses):
    for status in statuses:
        idea = idea_services.idea_set_status(
            actor=staff, idea=idea, status=status, response=f"Antwort zu {status}"
        )
    return idea_selectors.idea_get(user=None, pk=idea.pk)


# --- Funnel (item 17) --------------------------------------------------------------------------


def test_idea_funnel_lists_five_steps_and_the_exit_apart(idea, staff):
    idea = _set_status(idea, staff, "under_review", "selected")

    funnel = idea_selectors.idea_funnel(idea)

    assert [(s.value, s.reached, s.current) for s in funnel.steps] == [
        ("submitted", True, False),
        ("under_review", True, False),
        ("selected", True, True),
        ("in_progress", False, False),
        ("implemented", False, False),
    ]
    assert (funnel.exit.value, funnel.exit.reached, funnel.exit.current) == (
        "not_pursued",
        False,
        False,
    )


def test_idea_funnel_reads_the_prefetched_history_without_queries(
    idea, staff, django_assert_num_queries
):
    idea = _set_status(idea, staff, "under_review", "not_pursued")

    with django_assert_num_queries(0):
        funnel = idea_selectors.idea_funnel(idea)

    assert [s.value for s in funnel.steps if s.reached] == ["submitted", "under_review"]
    assert funnel.exit.current is True
    assert not any(s.current for s in funnel.steps)


def test_idea_page_shows_not_pursued_apart_from_the_numbered_steps(browser, idea, staff):
    _set_status(idea, staff, "not_pursued")

    html = browser.get(f"/ideas/{idea.pk}/").content.decode()

    steps = re.search(r'<ol class="funnel"[^>]*>(.*?)</ol>', html, re.S).group(1)
    assert "Nicht weiterverfolgt" not in steps
    assert steps.count("<li") == 5
    assert 'aria-current="step"' not in steps
    exit_ = re.search(r"<p class=\"funnel-exit current\"[^>]*>(.*?)</p>", html, re.S).group(1)
    assert exit_ == "Verfahren beendet: <strong>Nicht weiterverfolgt</strong>"


def test_idea_page_hides_the_exit_while_the_idea_is_in_the_funnel(browser, idea):
    html = browser.get(f"/ideas/{idea.pk}/").content.decode()

    assert '<p class="funnel-exit" data-funnel-exit data-step="not_pursued" hidden>' in html
    assert '<li data-step="submitted" class="reached current" aria-current="step">' in html


def test_idea_page_has_an_empty_response_list_ready_for_live_answers(browser, idea):
    html = browser.get(f"/ideas/{idea.pk}/").content.decode()

    assert '<h3 id="responses-heading" data-responses-heading hidden>' in html
    assert re.search(
        rf'<ol class="responses" data-responses data-idea="{idea.pk}"[^>]*>\s*</ol>', html
    )


# --- Vote form (item 8) ------------------------------------------------------------------------


def test_take_my_vote_back_is_hidden_without_a_vote(citizen_browser, idea):
    html = citizen_browser.get(f"/ideas/{idea.pk}/").content.decode()

    assert 'value="0" class="link-button" data-vote-retract hidden>' in html


def test_take_my_vote_back_shows_with_a_vote(citizen_browser, idea):
    factories.VoteFactory(idea=idea, user=citizen_browser.user, value=1)

    html = citizen_browser.get(f"/ideas/{idea.pk}/").content.decode()

    assert 'value="0" class="link-button" data-vote-retract>' in html


# --- Error summary and one voice (items 5, 7, 19) -----------------------------------------------


def test_error_summary_links_every_wrong_field(browser):
    response = browser.post(
        "/signup/", {"email": "kein-at", "password": "", "display_name": "", "sector": ""}
    )
    html = response.content.decode()

    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert "data-error-summary" in summary
    assert "Bitte korrigiere die markierten Felder." in summary
    links = re.findall(r'<li><a href="#(id_\w+)">([^<]*)</a></li>', summary)
    assert [anchor for anchor, _ in links] == [
        "id_email",
        "id_password",
        "id_display_name",
        "id_sector",
        "id_accept_house_rules",
    ]
    assert links[0][1] == "E-Mail-Adresse: Bitte gib eine gültige E-Mail-Adresse an."
    for anchor, _ in links:
        assert f'id="{anchor}"' in html


def test_error_summary_links_a_checkbox_group_to_its_first_option():
    from django import forms

    from frontend.templatetags.oic import field_anchor

    class Form(forms.Form):
        topics = forms.MultipleChoiceField(
            choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
        )
        title = forms.CharField()

    form = Form({})
    assert field_anchor(form["topics"]) == "id_topics_0"
    assert field_anchor(form["title"]) == "id_title"


def test_too_long_comment_reads_the_same_on_the_site_and_in_the_api(
    citizen_browser, user_api, idea
):
    body = "x" * 5_001

    site = citizen_browser.post(f"/ideas/{idea.pk}/comments/", {"body": body})
    api = user_api.post(f"/api/ideas/{idea.pk}/comments/", {"body": body}, format="json")

    assert site.status_code == 400
    assert api.status_code == 400
    message = "Stelle sicher, dass dieses Feld nicht mehr als 5000 Zeichen lang ist."
    assert api.json() == {"body": [message]}
    assert (
        f'<p class="field-error" id="id_body-error"><span class="visually-hidden">Fehler: </span>'
        f"{message}</p>" in site.content.decode()
    )
    assert Comment.objects.count() == 0


def test_too_long_title_speaks_with_du_like_every_form(citizen_browser, open_challenge):
    response = citizen_browser.post(
        "/ideas/new/", {"title": "t" * 161, "summary": "Kurz und gut.", "challenge": ""}
    )

    html = response.content.decode()
    assert "Stelle sicher, dass dieses Feld nicht mehr als 160 Zeichen lang ist." in html
    assert "Bitte sicherstellen" not in html
    assert Idea.objects.count() == 0


def test_optional_fields_are_marked_one_way(citizen_browser):
    html = citizen_browser.get("/ideas/new/").content.decode()

    assert '<span class="optional">(freiwillig)</span>' in html
    assert "Freiwillig." not in html
    assert "Du kannst Markdown nutzen: **fett**, *kursiv*, Listen und Links." in html


# --- Header (item 15) --------------------------------------------------------------------------


def test_header_has_a_menu_disclosure_and_a_wide_bar(citizen_browser):
    html = citizen_browser.get("/").content.decode()

    header = re.search(r"<header class=\"site-header\">.*?</header>", html, re.S).group(0)
    assert '<details class="menu menu-compact">' in header
    assert '<summary class="menu-button">Menü</summary>' in header
    assert '<div class="menu menu-wide">' in header
    # The same menu in both, each with the navigation and the language switch.
    assert header.count('<nav class="site-nav" aria-label="Hauptnavigation">') == 2
    assert header.count('class="lang-switch"') == 2


# --- Staff table (item 16) ---------------------------------------------------------------------


def test_staff_table_labels_each_cell_for_narrow_screens(staff_browser, open_challenge):
    html = staff_browser.get("/staff/").content.decode()

    assert '<table class="stack-table">' in html
    for label in ("Phase", "Ideen bis", "Ideen"):
        assert f'data-label="{label}"' in html


# --- Empty challenge (item 19) -----------------------------------------------------------------


def test_a_challenge_without_ideas_says_so_and_shows_no_filters(browser, open_challenge):
    html = browser.get(f"/challenges/{open_challenge.pk}/").content.decode()

    assert "Zu dieser Challenge gibt es noch keine Ideen." in html
    assert "Noch keine passenden Ideen." not in html
    assert 'class="filters"' not in html
    assert 'class="orderings"' not in html


def test_a_filter_without_results_keeps_the_filters_and_says_no_match(browser, idea):
    html = browser.get(f"/challenges/{idea.challenge_id}/?status=implemented").content.decode()

    assert "Noch keine passenden Ideen." in html
    assert 'class="filters" open' in html
    assert "Zu dieser Challenge gibt es noch keine Ideen." not in html


# --- Dates (item 19) ---------------------------------------------------------------------------


def test_english_dates_are_day_first_with_a_24_hour_clock(browser, idea, settings):
    when = timezone.make_aware(timezone.datetime(2026, 11, 12, 18, 8))
    Idea.objects.filter(pk=idea.pk).update(created_at=when)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = browser.get(f"/ideas/{idea.pk}/").content.decode()

    assert '<time datetime="2026-11-12T18:08:00+01:00">12/11/2026 18:08</time>' in html
