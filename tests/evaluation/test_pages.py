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


def test_a_juror_sees_the_other_jurors_scores_on_the_page_only_after_submitting(jury, client):
    from ideas.evaluation import services

    shared = jury.ideas[0]  # given to A and B
    services.jury_score(
        juror=jury.b, idea=shared, scores=scores(jury, 2, 3, 4), comment="Zu teuer."
    )
    client.force_login(jury.a)
    url = f"/jury/challenges/{jury.challenge.pk}/"

    before = client.get(url).content.decode()
    services.jury_score(juror=jury.a, idea=shared, scores=scores(jury, 5, 4, 2))
    after = client.get(url).content.decode()

    assert "Experte B" not in before
    assert "Zu teuer." not in before
    assert "<strong>Experte B</strong>: Wirkung: 2, Machbarkeit: 3, Kosten: 4 – Zu teuer." in after
    # Idea 2 is A's alone and not yet scored by A: nobody else's scores, no heading.
    assert after.count("Bewertungen der anderen Jurymitglieder") == 1


def test_the_first_juror_to_submit_is_told_nobody_else_has_yet(jury, client):
    from ideas.evaluation import services

    services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 5, 4, 2))
    client.force_login(jury.a)

    page = client.get(f"/jury/challenges/{jury.challenge.pk}/").content.decode()

    assert "Noch kein anderes Jurymitglied hat diese Idee bewertet." in page


def test_staff_remove_a_criterion_on_the_page_until_scoring_began(jury, client, user):
    from ideas.evaluation import services

    cost = jury.criteria[2]
    url = f"/staff/challenges/{jury.challenge.pk}/jury/criteria/{cost.pk}/remove/"
    client.force_login(user)
    refused = client.post(url)
    client.force_login(jury.staff)
    form = client.get(f"/staff/challenges/{jury.challenge.pk}/jury/").content.decode()

    removed = client.post(url, follow=True)

    assert refused.status_code == 403
    assert f'action="{url}"' in form
    assert removed.status_code == 200
    assert "Das Kriterium „Kosten“ ist entfernt." in removed.content.decode()
    assert [c.name for c in Criterion.objects.order_by("position")] == ["Wirkung", "Machbarkeit"]

    services.jury_score(
        juror=jury.a, idea=jury.ideas[0], scores={c.pk: 3 for c in jury.criteria[:2]}
    )
    second = jury.criteria[1]
    late = client.post(
        f"/staff/challenges/{jury.challenge.pk}/jury/criteria/{second.pk}/remove/", follow=True
    )
    assert "Die Kriterien können sich nicht mehr ändern" in late.content.decode()
    assert Criterion.objects.count() == 2
    assert client.post(url).status_code == 404  # gone already
