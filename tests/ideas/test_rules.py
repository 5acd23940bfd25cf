"""The rules on ideas that the API and the site share: a decision that ends an idea needs an
official response, and a title and summary need a few words."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ideas.models import Idea, IdeaStatusChange
from ideas.services import idea_set_status, idea_submit
from realtime.models import Event
from tests import factories

RESPONSE_REQUIRED = {
    "en": "Please explain this decision: an idea that is implemented or not pursued gets an "
    "official response.",
    "de": "Bitte begründe diese Entscheidung: Eine Idee, die umgesetzt oder nicht "
    "weiterverfolgt wird, bekommt eine offizielle Antwort.",
}
SUMMARY_TOO_SHORT = {
    "en": "Please write a summary of at least 15 characters (it has 1).",
    "de": "Bitte schreibe eine Zusammenfassung mit mindestens 15 Zeichen (bisher 1).",
}
TITLE_TOO_SHORT = {
    "en": "Please give the title at least 5 characters (it has 2).",
    "de": "Bitte gib dem Titel mindestens 5 Zeichen (bisher 2).",
}


def status_url(idea):
    return f"/api/ideas/{idea.pk}/status/"


@pytest.mark.parametrize("language", ["de", "en"])
def test_not_pursued_without_a_response_is_refused(staff_api, idea, language):
    events = Event.objects.count()

    response = staff_api.post(
        status_url(idea),
        {"status": "not_pursued", "response": "   "},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert response.json() == {"response": [RESPONSE_REQUIRED[language]]}
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    assert IdeaStatusChange.objects.count() == 0
    assert Event.objects.count() == events


def test_implemented_without_a_response_is_refused(staff, idea):
    for status in ("under_review", "selected", "in_progress"):
        idea = idea_set_status(actor=staff, idea=idea, status=status)
    events = Event.objects.count()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        idea_set_status(actor=staff, idea=idea, status="implemented")

    assert refused.value.message_dict == {"response": [RESPONSE_REQUIRED["en"]]}
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_PROGRESS
    assert IdeaStatusChange.objects.count() == 3
    assert Event.objects.count() == events


def test_not_pursued_with_a_response_ends_the_idea(staff_api, idea):
    response = staff_api.post(
        status_url(idea), {"status": "not_pursued", "response": "Dafür fehlt der Platz."}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "not_pursued"
    assert IdeaStatusChange.objects.get().response == "Dafür fehlt der Platz."


def test_a_step_inside_the_funnel_needs_no_response(staff_api, idea):
    response = staff_api.post(status_url(idea), {"status": "under_review"})

    assert response.status_code == 200
    assert IdeaStatusChange.objects.get().response == ""


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_one_character_summary_is_refused(user_api, open_challenge, language):
    events = Event.objects.count()

    response = user_api.post(
        "/api/ideas/",
        {"title": "Trinkbrunnen", "summary": "S", "challenge": open_challenge.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert response.json() == {"summary": [SUMMARY_TOO_SHORT[language]]}
    assert Idea.objects.count() == 0
    assert Event.objects.count() == events


def test_a_short_title_and_summary_are_reported_together(user_api):
    response = user_api.post(
        "/api/ideas/", {"title": "Ab", "summary": "S"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {
        "title": [TITLE_TOO_SHORT["en"]],
        "summary": [SUMMARY_TOO_SHORT["en"]],
    }


def test_an_edit_to_a_short_summary_is_refused(author_api, idea):
    events = Event.objects.count()

    response = author_api.patch(
        f"/api/ideas/{idea.pk}/", {"summary": "S"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {"summary": [SUMMARY_TOO_SHORT["en"]]}
    idea.refresh_from_db()
    assert idea.summary == factories.IdeaFactory._meta.declarations["summary"]
    assert Event.objects.count() == events


def test_the_service_keeps_the_minimum_lengths_for_every_caller(user):
    with pytest.raises(ValidationError) as refused:
        idea_submit(author=user, title="Ab", summary="  S  ")

    with translation.override("de"):
        assert refused.value.message_dict == {
            "title": [TITLE_TOO_SHORT["de"]],
            "summary": [SUMMARY_TOO_SHORT["de"]],
        }
    assert Idea.objects.count() == 0
    assert Event.objects.count() == 0


def test_whitespace_does_not_count_towards_the_minimum(user_api):
    response = user_api.post(
        "/api/ideas/",
        {"title": "Trinkbrunnen", "summary": "S" + " " * 20},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"summary": [SUMMARY_TOO_SHORT["en"]]}
