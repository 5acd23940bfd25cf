"""The workbench's pages: bad input comes back with a clear message and changes nothing."""

from ideas.evaluation.models import Criterion, Evaluation, JuryAssignment, Score
from ideas.models import IdeaStatusChange
from realtime.models import Event
from tests.evaluation.conftest import scores


def test_publishing_without_ideas_comes_back_with_the_field_error(jury, client):
    client.force_login(jury.staff)

    response = client.post(
        f"/staff/challenges/{jury.challenge.pk}/jury/result/",
        {"publish-statement": "Die Jury hat entschieden."},
    )

    assert response.status_code == 400
    assert 'id="id_publish-ideas_0"' in response.content.decode()
    assert Evaluation.objects.get().published_at is None
    assert not Event.objects.filter(type="evaluation.result_published").exists()


def test_a_criterion_after_scoring_began_is_a_409_on_the_page_too(jury, client):
    from ideas.evaluation import services

    services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 3, 3, 3))
    client.force_login(jury.staff)

    response = client.post(
        f"/staff/challenges/{jury.challenge.pk}/jury/criteria/",
        {"criterion-name": "Strategie", "criterion-weight": "1"},
    )

    assert response.status_code == 409
    assert "Die Kriterien können sich nicht mehr ändern" in response.content.decode()
    assert Criterion.objects.count() == 3


def test_a_juror_who_leaves_out_a_criterion_gets_the_form_back(jury, client):
    client.force_login(jury.a)
    idea = jury.ideas[0]
    first, second, _third = jury.criteria

    response = client.post(
        f"/jury/challenges/{jury.challenge.pk}/ideas/{idea.pk}/",
        {f"i{idea.pk}-c{first.pk}": "4", f"i{idea.pk}-c{second.pk}": "9"},
    )

    assert response.status_code == 400
    assert response.content.decode().count('class="field-error"') >= 2
    assert Score.objects.count() == 0
    assert not JuryAssignment.objects.filter(submitted_at__isnull=False).exists()


def test_a_juror_scores_on_the_page_and_then_sees_their_own_scores(jury, client):
    client.force_login(jury.a)
    idea = jury.ideas[0]
    body = {f"i{idea.pk}-c{c.pk}": str(v) for c, v in zip(jury.criteria, (5, 4, 2), strict=True)}

    response = client.post(
        f"/jury/challenges/{jury.challenge.pk}/ideas/{idea.pk}/",
        {**body, f"i{idea.pk}-comment": "Stark."},
        follow=True,
    )

    page = response.content.decode()
    assert "Wirkung: 5, Machbarkeit: 4, Kosten: 2" in page
    assert page.count("data-score-form") == 1  # idea 2 is left to score


def test_the_jury_page_is_for_its_jurors_only(jury, client, user):
    client.force_login(user)

    assert client.get(f"/jury/challenges/{jury.challenge.pk}/").status_code == 403


def test_a_bulk_answer_without_ticked_ideas_says_so_and_changes_nothing(jury, client):
    client.force_login(jury.staff)

    response = client.post(
        "/staff/inbox/status/",
        {"status": "under_review", "response": "Wir prüfen."},
        follow=True,
    )

    assert "Bitte kreuze die Ideen an" in response.content.decode()
    assert IdeaStatusChange.objects.count() == 0
