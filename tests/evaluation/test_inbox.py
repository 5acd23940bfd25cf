"""The inbox: which ideas await the city and why, oldest first, filters, counts, assignment,
one answer for several ideas, the live stream, and fixed query counts."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Organisation
from ideas import services as idea_services
from ideas.evaluation import selectors, services
from ideas.evaluation.models import IdeaAssignment
from ideas.models import Idea, IdeaStatusChange
from realtime.models import Event
from tests import factories
from tests.evaluation.conftest import IDEA_TEXT


def submit(challenge, title, *, author=None):
    return idea_services.idea_submit(
        author=author or factories.UserFactory(), challenge=challenge, title=title, **IDEA_TEXT
    )


@pytest.fixture
def open_challenge(db, staff):
    """Open since two months, so the ideas below can be posted in the past."""
    return factories.ChallengeFactory(
        created_by=staff, opens_at=timezone.now() - timedelta(days=60)
    )


@pytest.fixture
def city(db, staff, open_challenge):
    """Four ideas, posted a day apart: one unanswered, one under review for four weeks, one
    answered (not pursued) and then commented on, one answered today (awaiting nothing)."""
    start = timezone.now() - timedelta(days=30)
    with time_machine.travel(start, tick=False):
        waiting = submit(open_challenge, "Unbeantwortet")
    with time_machine.travel(start + timedelta(days=1), tick=False):
        stale = submit(open_challenge, "Lange in Prüfung")
        idea_services.idea_set_status(actor=staff, idea=stale, status="under_review")
    with time_machine.travel(start + timedelta(days=2), tick=False):
        talked = submit(open_challenge, "Neue Kommentare")
        idea_services.idea_set_status(
            actor=staff, idea=talked, status="not_pursued", response="Passt nicht."
        )
    with time_machine.travel(start + timedelta(days=3), tick=False):
        idea_services.comment_post(author=factories.UserFactory(), idea=talked, body="Und nun?")
        done = submit(open_challenge, "Frisch beantwortet")
    idea_services.idea_set_status(actor=staff, idea=done, status="under_review")
    return {"waiting": waiting, "stale": stale, "talked": talked, "done": done}


def test_the_inbox_holds_what_awaits_the_city_longest_waiting_first(city):
    ideas = list(selectors.inbox_ideas(selectors.InboxFilters()))

    # "talked" waits since its answer (day 2); "stale" since day 1; "waiting" since day 0.
    assert [(i.title, i.inbox_reason) for i in ideas] == [
        ("Unbeantwortet", "unanswered"),
        ("Lange in Prüfung", "review_overdue"),
        ("Neue Kommentare", "new_comments"),
    ]


def test_the_review_time_is_a_setting(city, settings):
    settings.OIC_INBOX_REVIEW_DAYS = 60

    titles = [i.title for i in selectors.inbox_ideas(selectors.InboxFilters())]

    assert "Lange in Prüfung" not in titles


def test_the_counts_in_the_header(city, staff_api):
    body = staff_api.get("/api/inbox/").json()

    assert body["counts"] == {"unanswered": 1, "review_overdue": 1, "new_comments": 1, "total": 3}
    assert body["count"] == 3
    assert body["results"][0]["reason"] == "unanswered"
    assert body["results"][0]["idea"] == {"id": city["waiting"].pk, "title": "Unbeantwortet"}


def test_filters_narrow_the_inbox_and_its_counts(city, staff_api, open_challenge):
    submit(factories.ChallengeFactory(), "Anderswo")

    by_challenge = staff_api.get(f"/api/inbox/?challenge={open_challenge.pk}").json()
    by_status = staff_api.get("/api/inbox/?status=under_review").json()

    assert by_challenge["counts"]["total"] == 3
    assert [r["idea"]["title"] for r in by_status["results"]] == ["Lange in Prüfung"]
    assert by_status["counts"]["unanswered"] == 0


def test_an_unknown_filter_value_is_a_400(staff_api, db):
    assert staff_api.get("/api/inbox/?sector=aliens").status_code == 400


def test_assigning_to_a_colleague_and_a_department_filters_and_goes_to_the_staff_stream(
    city, staff, staff_api
):
    colleague = factories.StaffFactory(display_name="Kollegin")
    office = factories.OrganisationFactory(kind=Organisation.Kind.CITY_DEPARTMENT, name="Umweltamt")

    response = staff_api.put(
        f"/api/ideas/{city['stale'].pk}/assignment/",
        {"assignee": colleague.pk, "department": office.pk},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["assignee"]["display_name"] == "Kollegin"
    mine = staff_api.get(f"/api/inbox/?assignee={colleague.pk}").json()["results"]
    assert [r["idea"]["id"] for r in mine] == [city["stale"].pk]
    nobody = staff_api.get("/api/inbox/?assignee=0").json()["results"]
    assert city["stale"].pk not in [r["idea"]["id"] for r in nobody]
    event = Event.objects.get(type="inbox.assigned")
    assert event.stream == "inbox:1"
    assert event.data["department"]["name"] == "Umweltamt"
    assert event.data == response.json()  # one shape: the event is the API's answer


@pytest.mark.parametrize("target", ["citizen", "company"])
def test_ideas_go_only_to_city_staff_and_city_departments(city, staff_api, target):
    body = (
        {"assignee": factories.UserFactory().pk}
        if target == "citizen"
        else {"department": factories.OrganisationFactory().pk}
    )

    response = staff_api.put(f"/api/ideas/{city['stale'].pk}/assignment/", body, format="json")

    assert response.status_code == 400
    assert not IdeaAssignment.objects.exists()
    assert not Event.objects.filter(type="inbox.assigned").exists()


def test_one_answer_for_several_ideas_gives_each_its_history_entry_and_event(city, staff_api):
    before = Event.objects.filter(type="idea.status_changed").count()
    picked = [city["waiting"].pk, city["stale"].pk]

    response = staff_api.post(
        "/api/inbox/status/",
        {"ideas": picked, "status": "not_pursued", "response": "Leider nicht umsetzbar."},
        format="json",
    )

    assert response.status_code == 200
    for pk in picked:
        change = IdeaStatusChange.objects.filter(idea_id=pk).last()
        assert (change.to_status, change.response) == ("not_pursued", "Leider nicht umsetzbar.")
    # Each idea's event goes to its own stream, its challenge's and the feed.
    assert Event.objects.filter(type="idea.status_changed").count() == before + 6


def test_a_bulk_answer_moves_all_or_nothing(city, staff_api):
    changes = IdeaStatusChange.objects.count()
    events = Event.objects.count()

    # "waiting" may go to review; "done" is under review and cannot go back to review.
    response = staff_api.post(
        "/api/inbox/status/",
        {"ideas": [city["waiting"].pk, city["done"].pk], "status": "under_review", "response": "x"},
        format="json",
    )

    assert response.status_code == 409
    assert Idea.objects.get(pk=city["waiting"].pk).status == "submitted"
    assert (IdeaStatusChange.objects.count(), Event.objects.count()) == (changes, events)


def test_answering_takes_an_idea_out_and_a_comment_brings_it_back(city, staff):
    waiting = city["waiting"]
    services.ideas_set_status_bulk(
        actor=staff, ideas=[waiting], status="under_review", response="Wir prüfen."
    )
    assert waiting.pk not in [i.pk for i in selectors.inbox_ideas(selectors.InboxFilters())]

    idea_services.comment_post(author=factories.UserFactory(), idea=waiting, body="Wann?")

    reasons = {i.pk: i.inbox_reason for i in selectors.inbox_ideas(selectors.InboxFilters())}
    assert reasons[waiting.pk] == "new_comments"


def test_the_inbox_api_has_a_fixed_number_of_queries(
    city, staff_api, open_challenge, django_assert_max_num_queries
):
    staff_api.get("/api/inbox/")
    with django_assert_max_num_queries(4) as few:
        staff_api.get("/api/inbox/")
    for n in range(6):
        idea = submit(open_challenge, f"Noch eine Idee {n}")
        services.idea_assign(actor=city_staff(), idea=idea, assignee=city_staff())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_api.get("/api/inbox/").json()["count"] == 9


def city_staff():
    return factories.StaffFactory()


def test_the_inbox_page_has_a_fixed_number_of_queries(
    city, staff, client, open_challenge, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get("/staff/inbox/")
    with django_assert_max_num_queries(20) as few:
        assert client.get("/staff/inbox/").status_code == 200
    colleague = factories.StaffFactory()
    for n in range(6):
        idea = submit(open_challenge, f"Noch eine Idee {n}")
        services.idea_assign(actor=staff, idea=idea, assignee=colleague)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/staff/inbox/")
    assert response.content.decode().count("data-inbox-idea=") == 9


def test_only_city_staff_may_watch_the_one_inbox_stream(staff, user):
    from ideas.evaluation.streams import inbox_stream_visible

    assert inbox_stream_visible(staff, 1) is True
    assert inbox_stream_visible(staff, 2) is False  # like any stream that does not exist
    assert inbox_stream_visible(user, 1) is False


def test_ideas_can_go_to_everyone_with_the_staff_permission_and_nobody_else(db, staff):
    from django.contrib.auth.models import Permission

    direct = factories.UserFactory(display_name="Direkt berechtigt")
    direct.user_permissions.add(Permission.objects.get(codename="act_as_city_staff"))
    factories.UserFactory(display_name="Bürgerin")

    names = [u.display_name for u in selectors.inbox_assignees()]

    assert names == sorted([staff.display_name, "Direkt berechtigt"])
