"""The charts' figures, their SVG with a data table, who sees them, and the council exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Sector
from challenges.models import Challenge
from frontend.charts import Chart
from ideas import services as idea_services
from ideas.evaluation import selectors, services
from ideas.models import IdeaStatusChange
from tests import factories
from tests.evaluation.conftest import IDEA_TEXT, scores
from votes import services as vote_services


@pytest.fixture
def busy(db, staff, open_challenge):
    """Two citizens and a business post ideas; a researcher comments; an administration
    person votes; staff answer one idea after exactly 2 hours and another after 4 hours."""
    citizen_1 = factories.UserFactory(sector=Sector.CITIZEN)
    citizen_2 = factories.UserFactory(sector=Sector.CITIZEN)
    firm = factories.UserFactory(sector=Sector.BUSINESS)
    researcher = factories.UserFactory(sector=Sector.RESEARCH)
    clerk = factories.UserFactory(sector=Sector.ADMINISTRATION)
    start = timezone.now() - timedelta(days=1)
    ideas = []
    for n, author in enumerate((citizen_1, citizen_2, firm, citizen_1)):
        idea = idea_services.idea_submit(
            author=author, challenge=open_challenge, title=f"Idee Nummer {n}", **IDEA_TEXT
        )
        ideas.append(idea)
    for idea, hours in ((ideas[0], 2), (ideas[1], 4)):
        idea.created_at = start
        idea.save(update_fields=["created_at"])
        idea_services.idea_set_status(actor=staff, idea=idea, status="under_review")
        idea.status_changes.update(created_at=start + timedelta(hours=hours))
    idea_services.idea_set_status(actor=staff, idea=ideas[0], status="selected")
    idea_services.comment_post(author=researcher, idea=ideas[2], body="Spannend.")
    vote_services.vote_cast(user=clerk, idea=ideas[2], value=1)
    return ideas


def test_the_figures_of_a_challenge(busy, open_challenge):
    figures = selectors.challenge_figures(open_challenge)

    assert figures.ideas_by_sector == {"citizen": 3, "business": 1}
    assert figures.participants_by_sector == {
        "citizen": 2,
        "business": 1,
        "research": 1,
        "administration": 1,
    }
    assert figures.participant_share()["citizen"] == 0.4
    assert figures.funnel["submitted"] == 4
    assert figures.funnel["under_review"] == 2
    assert figures.funnel["selected"] == 1
    assert figures.median_first_answer == timedelta(hours=3)
    assert sum(n for _week, n, _authors in figures.by_week) == 4


def test_the_median_wait_counts_each_visible_idea_once_from_its_first_answer(
    busy, open_challenge, staff
):
    """Waits of 2 h, 4 h (from `busy`) and 10 h: the third idea's later change does not
    count, nor do the answers to a hidden or a withdrawn idea (1 h each)."""
    third = busy[2]
    IdeaStatusChange.objects.create(
        idea=third,
        from_status="submitted",
        to_status="under_review",
        changed_by=staff,
        created_at=third.created_at + timedelta(hours=30),
    )
    IdeaStatusChange.objects.create(
        idea=third,
        from_status="submitted",
        to_status="not_pursued",
        changed_by=staff,
        created_at=third.created_at + timedelta(hours=10),
    )
    for gone in (
        factories.IdeaFactory(challenge=open_challenge, hidden_at=timezone.now()),
        factories.IdeaFactory(challenge=open_challenge, withdrawn_at=timezone.now()),
    ):
        IdeaStatusChange.objects.create(
            idea=gone,
            from_status="submitted",
            to_status="under_review",
            changed_by=staff,
            created_at=gone.created_at + timedelta(hours=1),
        )

    figures = selectors.challenge_figures(open_challenge)

    assert figures.answered == 3
    assert figures.median_first_answer == timedelta(hours=4)
    assert figures.funnel["under_review"] == 3
    assert figures.funnel["not_pursued"] == 1


def test_an_even_number_of_waits_has_the_mean_of_the_two_middle_ones_as_median(
    busy, open_challenge
):
    IdeaStatusChange.objects.filter(idea=busy[1]).update(
        created_at=busy[1].created_at + timedelta(hours=4, microseconds=1)
    )

    figures = selectors.challenge_figures(open_challenge)

    # (2 h + 4 h 0.000001 s) / 2 = 3 h 0.0000005 s: timedelta rounds half to even.
    assert figures.median_first_answer == timedelta(hours=3, microseconds=0)
    assert figures.answered == 2


def test_a_challenge_nobody_answered_has_no_median(open_challenge):
    factories.IdeaFactory(challenge=open_challenge)

    figures = selectors.challenge_figures(open_challenge)

    assert figures.median_first_answer is None
    assert figures.answered == 0
    assert figures.funnel["submitted"] == 1


def test_the_figures_take_a_fixed_number_of_queries(
    busy, open_challenge, django_assert_num_queries
):
    with django_assert_num_queries(5):
        selectors.challenge_figures(open_challenge)
    factories.IdeaFactory.create_batch(5, challenge=open_challenge)
    with django_assert_num_queries(5):
        selectors.challenge_figures(open_challenge)


def test_a_chart_is_svg_hidden_from_screen_readers_with_a_table_of_the_same_numbers():
    chart = Chart("s", "Ideen", ["Ideen", "Personen"], [("Bürger <x>", [3, 2]), ("Firma", [1, 0])])

    svg = str(chart.svg)

    assert svg.startswith('<svg class="chart-svg"')
    assert 'aria-hidden="true"' in svg
    assert svg.count("<rect") == 4
    assert "Bürger &lt;x&gt;" in svg  # labels are escaped
    assert 'width="330.0"' in svg  # the largest value fills the bar area
    assert chart.table_rows == [("Bürger <x>", ["3", "2"]), ("Firma", ["1", "0"])]


def test_the_staff_charts_page_and_who_else_sees_charts(busy, open_challenge, staff, user, client):
    client.force_login(staff)
    page = client.get(f"/staff/challenges/{open_challenge.pk}/charts/").content.decode()
    assert page.count("<svg") == 5
    assert page.count("<table") == 5

    client.force_login(user)
    assert client.get(f"/api/challenges/{open_challenge.pk}/figures/").status_code == 403
    assert "charts-heading" not in client.get(f"/challenges/{open_challenge.pk}/").content.decode()
    Challenge.objects.filter(pk=open_challenge.pk).update(status=Challenge.Status.EVALUATION)
    assert client.get(f"/api/challenges/{open_challenge.pk}/figures/").json()["ideas"] == 4
    assert "charts-heading" in client.get(f"/challenges/{open_challenge.pk}/").content.decode()


def test_the_challenge_page_with_charts_has_a_fixed_number_of_queries(
    busy, open_challenge, client, django_assert_max_num_queries
):
    Challenge.objects.filter(pk=open_challenge.pk).update(status=Challenge.Status.EVALUATION)
    url = f"/challenges/{open_challenge.pk}/"
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    factories.IdeaFactory.create_batch(5, challenge=open_challenge)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_council_csv_has_tallies_sectors_answers_and_jury_results(
    busy, open_challenge, staff, client
):
    criterion = services.criterion_add(
        actor=staff, challenge=open_challenge, name="Wirkung", weight=1
    )
    juror = factories.StaffFactory()
    services.juror_add(actor=staff, challenge=open_challenge, user=juror, ideas=[busy[2]])
    services.jury_score(juror=juror, idea=busy[2], scores={criterion.pk: 4})
    services.evaluation_publish(
        actor=staff, challenge=open_challenge, ideas=[busy[2]], statement="Gewählt."
    )
    client.force_login(staff)

    response = client.get(
        f"/staff/challenges/{open_challenge.pk}/export.csv", HTTP_ACCEPT_LANGUAGE="en"
    )

    rows = _csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:4] == ["Idee", "Titel", "Kurzbeschreibung", "Sektor"]  # German, always
    by_title = {row[1]: row for row in rows[1:]}
    firm = by_title["Idee Nummer 2"]
    assert firm[3] == "Wirtschaft"
    assert firm[8:12] == ["1", "0", "1", "1"]  # for, against, score, comments
    assert firm[14:] == ["4,00", "0,00", "1", "ja"]
    assert by_title["Idee Nummer 0"][6] == "Ausgewählt"
    assert len(rows) == 5


def test_the_printable_report_is_german_with_the_city_brand(busy, open_challenge, staff, client):
    client.force_login(staff)

    page = client.get(
        f"/staff/challenges/{open_challenge.pk}/report/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert '<html lang="de">' in page
    assert "Bericht zur Challenge" in page
    assert "Digitalisierungsbüro der Stadt Bielefeld" in page
    assert page.count("Idee Nummer") == 4
    assert page.count('data-label="Sektor"') == 4  # stacked cells keep their column names


def test_scores_do_not_leak_into_public_pages(busy, open_challenge, staff, client):
    criterion = services.criterion_add(
        actor=staff, challenge=open_challenge, name="Wirkung", weight=1
    )
    juror = factories.StaffFactory()
    services.juror_add(actor=staff, challenge=open_challenge, user=juror, ideas=[busy[2]])
    services.jury_score(
        juror=juror, idea=busy[2], scores={criterion.pk: 4}, comment="Geheimer Kommentar"
    )

    page = client.get(f"/challenges/{open_challenge.pk}/").content.decode()
    idea_page = client.get(f"/ideas/{busy[2].pk}/").content.decode()

    assert "Geheimer Kommentar" not in page + idea_page


def test_scores_helper_is_shared():
    assert scores  # the jury fixture's helper, used by test_jury


def test_moderated_content_counts_nowhere_in_the_figures(busy, open_challenge):
    from accounts.models import Topic

    topic = Topic.objects.create(slug="licht", name_de="Licht", name_en="Light")
    author = factories.UserFactory(sector=Sector.CIVIL_SOCIETY)
    hidden = idea_services.idea_submit(
        author=author, challenge=open_challenge, title="Versteckt", topics=[topic], **IDEA_TEXT
    )
    commenter = factories.UserFactory(sector=Sector.CIVIL_SOCIETY)
    comment = idea_services.comment_post(author=commenter, idea=busy[3], body="Spam.")
    idea_services.idea_hide(idea=hidden, reason="Werbung")
    idea_services.comment_hide(comment=comment, reason="Werbung")

    figures = selectors.challenge_figures(open_challenge)

    assert figures.ideas_by_sector == {"citizen": 3, "business": 1}
    assert "civil_society" not in figures.participants_by_sector
    assert [(t.slug, n, a) for t, n, a in figures.by_topic] == []
