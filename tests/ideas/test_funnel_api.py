"""City staff move ideas through the funnel and answer officially; everyone reads the history."""

import pytest

from ideas.models import Idea, IdeaStatusChange


def status_url(idea):
    return f"/api/ideas/{idea.pk}/status/"


def test_staff_move_an_idea_and_answer(staff_api, idea, event_count):
    before = event_count()

    response = staff_api.post(
        status_url(idea), {"status": "under_review", "response": "We **check** it."}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "under_review"
    assert body["responses"][0]["html"] == "<p>We <strong>check</strong> it.</p>"
    assert body["responses"][0]["by"]["id"] == staff_api.user.pk
    assert event_count() == before + 3  # idea, challenge and feed


def test_a_person_without_the_staff_role_is_refused(user_api, idea, event_count):
    before = event_count()

    response = user_api.post(status_url(idea), {"status": "under_review"})

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == "submitted"
    assert IdeaStatusChange.objects.count() == 0
    assert event_count() == before


def test_an_invalid_transition_is_a_conflict(staff_api, idea, event_count):
    before = event_count()

    response = staff_api.post(status_url(idea), {"status": "implemented"})

    assert response.status_code == 409
    idea.refresh_from_db()
    assert idea.status == "submitted"
    assert IdeaStatusChange.objects.count() == 0
    assert event_count() == before


def test_an_unknown_status_is_bad_input(staff_api, idea, event_count):
    before = event_count()

    response = staff_api.post(status_url(idea), {"status": "done"})

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert IdeaStatusChange.objects.count() == 0
    assert event_count() == before


def test_the_response_is_sanitised(staff_api, idea):
    response = staff_api.post(
        status_url(idea),
        {"status": "under_review", "response": '<img src=x onerror="alert(1)"> [a](javascript:x)'},
    )

    html = response.json()["responses"][0]["html"]
    assert "<img" not in html
    assert "href" not in html
    assert IdeaStatusChange.objects.get().response_html == html


def test_history_lists_the_steps_in_order(api, staff_api, idea):
    for step in ("under_review", "selected", "in_progress"):
        staff_api.post(status_url(idea), {"status": step, "response": step})

    response = api.get(f"/api/ideas/{idea.pk}/history/")

    assert response.status_code == 200
    steps = [(r["from_status"], r["to_status"]) for r in response.json()["results"]]
    assert steps == [
        ("submitted", "under_review"),
        ("under_review", "selected"),
        ("selected", "in_progress"),
    ]


@pytest.mark.parametrize("page_size", [1, 50])
def test_history_queries(api, staff_api, idea, django_assert_num_queries, page_size):
    for step in ("under_review", "selected"):
        staff_api.post(status_url(idea), {"status": step})

    # idea, count, changes with their authors
    with django_assert_num_queries(3):
        api.get(f"/api/ideas/{idea.pk}/history/", {"page_size": page_size})


def test_status_of_a_withdrawn_idea_is_not_found(staff_api, idea):
    Idea.objects.filter(pk=idea.pk).update(withdrawn_at="2026-01-01T00:00:00Z")

    assert staff_api.post(status_url(idea), {"status": "under_review"}).status_code == 404
