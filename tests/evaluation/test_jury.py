"""The jury: criteria, blind scoring, once per idea and juror, not after closing, weighted
averages, spread and ranking, and the published result."""

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import StateConflict
from ideas.evaluation import selectors, services
from ideas.evaluation.models import Criterion, Evaluation, JuryAssignment, Score
from realtime.models import Event
from tests import factories
from tests.evaluation.conftest import client_of, scores


def score_body(jury, *values, comment="Gut begründet."):
    return {
        "scores": [
            {"criterion": c.pk, "value": v} for c, v in zip(jury.criteria, values, strict=True)
        ],
        "comment": comment,
    }


def test_weighted_averages_spread_and_ranking_match_the_hand_computed_values(jury):
    one, two, three = jury.ideas
    # Juror A on idea 1: (3·5 + 2·4 + 1·2) / 6 = 25/6 = 4.1667; idea 2: (3·2 + 2·3 + 1·5) / 6
    # = 17/6 = 2.8333. Juror B on idea 1: (3·3 + 2·3 + 1·3) / 6 = 3; idea 3: (3·4 + 2·4 + 1·1)
    # / 6 = 21/6 = 3.5.
    services.jury_score(juror=jury.a, idea=one, scores=scores(jury, 5, 4, 2))
    services.jury_score(juror=jury.a, idea=two, scores=scores(jury, 2, 3, 5))
    services.jury_score(juror=jury.b, idea=one, scores=scores(jury, 3, 3, 3))
    services.jury_score(juror=jury.b, idea=three, scores=scores(jury, 4, 4, 1))

    results = {r.idea_id: r for r in selectors.jury_results(Evaluation.objects.get())}

    # Idea 1: mean of 25/6 and 3 = 43/12 = 3.5833; spread 25/6 − 3 = 7/6 = 1.1667.
    assert round(float(results[one.pk].average), 4) == 3.5833
    assert round(float(results[one.pk].spread), 4) == 1.1667
    assert round(float(results[two.pk].average), 4) == 2.8333
    assert results[two.pk].spread == 0
    assert float(results[three.pk].average) == 3.5
    assert [results[i.pk].rank for i in (one, three, two)] == [1, 2, 3]
    # Impact on idea 1: (5 + 3) / 2.
    assert results[one.pk].criterion_average(jury.criteria[0].pk) == 4


def test_the_staff_api_shows_averages_with_two_decimals(jury, staff_api):
    services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 5, 4, 2))
    services.jury_score(juror=jury.b, idea=jury.ideas[0], scores=scores(jury, 3, 3, 3))

    body = staff_api.get(f"/api/challenges/{jury.challenge.pk}/jury/").json()

    first = body["results"][0]
    assert first["idea"]["id"] == jury.ideas[0].pk
    assert (first["average"], first["spread"], first["rank"], first["sheets"]) == (
        3.58,
        1.17,
        1,
        2,
    )
    assert [r["rank"] for r in body["results"][1:]] == [None, None]  # not scored yet


def test_equal_averages_share_a_rank(jury):
    services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 4, 4, 4))
    services.jury_score(juror=jury.a, idea=jury.ideas[1], scores=scores(jury, 4, 4, 4))

    ranks = [r.rank for r in selectors.jury_results(Evaluation.objects.get())]

    assert ranks == [1, 1, None]


def test_a_juror_sees_no_other_scores_until_they_have_submitted_their_own(jury):
    one = jury.ideas[0]
    url = f"/api/ideas/{one.pk}/jury-scores/"
    assert client_of(jury.a).post(url, score_body(jury, 5, 4, 2), format="json").status_code == 201

    before = client_of(jury.b).get(url)
    assert before.status_code == 403
    assert "abgegeben" in before.json()["detail"]  # "once you have submitted yours"

    assert client_of(jury.b).post(url, score_body(jury, 3, 3, 3), format="json").status_code == 201
    after = client_of(jury.b).get(url).json()
    assert [s["juror"]["display_name"] for s in after["sheets"]] == ["Jurorin A", "Experte B"]
    assert after["sheets"][0]["scores"][0] == {"criterion": jury.criteria[0].pk, "value": 5}


def test_staff_see_every_submitted_scoring(jury, staff_api):
    services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 5, 4, 2))

    body = staff_api.get(f"/api/ideas/{jury.ideas[0].pk}/jury-scores/").json()

    assert len(body["sheets"]) == 1


def test_a_juror_cannot_score_twice_and_the_second_try_changes_nothing(jury):
    url = f"/api/ideas/{jury.ideas[0].pk}/jury-scores/"
    client = client_of(jury.a)
    client.post(url, score_body(jury, 5, 4, 2), format="json")

    response = client.post(url, score_body(jury, 1, 1, 1), format="json")

    assert response.status_code == 409
    assert sorted(Score.objects.values_list("value", flat=True)) == [2, 4, 5]


def test_only_the_jurors_an_idea_was_given_to_score_it(jury, user):
    # Juror B was not given idea 2; a citizen sits on no jury.
    for person in (jury.b, user):
        response = client_of(person).post(
            f"/api/ideas/{jury.ideas[1].pk}/jury-scores/", score_body(jury, 3, 3, 3), format="json"
        )
        assert response.status_code == 403
    assert Score.objects.count() == 0


def test_no_scores_after_the_evaluation_closed(jury):
    services.evaluation_close(actor=jury.staff, challenge=jury.challenge)

    with pytest.raises(StateConflict):
        services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 3, 3, 3))
    assert Score.objects.count() == 0
    assert not JuryAssignment.objects.filter(submitted_at__isnull=False).exists()


@pytest.mark.parametrize("values", [(0, 3, 3), (6, 3, 3), (3, 3)])
def test_scores_off_the_scale_or_missing_a_criterion_are_refused(jury, values):
    body = {
        "scores": [
            {"criterion": c.pk, "value": v} for c, v in zip(jury.criteria, values, strict=False)
        ]
    }

    response = client_of(jury.a).post(
        f"/api/ideas/{jury.ideas[0].pk}/jury-scores/", body, format="json"
    )

    assert response.status_code == 400
    assert Score.objects.count() == 0


def test_criteria_are_frozen_once_scoring_began(jury, staff_api):
    services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 3, 3, 3))

    added = staff_api.post(
        f"/api/challenges/{jury.challenge.pk}/jury/criteria/",
        {"name": "Strategie", "weight": 2},
        format="json",
    )
    removed = staff_api.delete(f"/api/jury/criteria/{jury.criteria[2].pk}/")

    assert (added.status_code, removed.status_code) == (409, 409)
    assert Criterion.objects.count() == 3


def test_criteria_can_change_before_scoring(jury, staff_api):
    response = staff_api.post(
        f"/api/challenges/{jury.challenge.pk}/jury/criteria/",
        {"name": "Strategie", "weight": 2},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["weight"] == 2
    assert staff_api.delete(f"/api/jury/criteria/{response.json()['id']}/").status_code == 204


def test_jurors_score_only_ideas_of_the_challenge(jury, staff_api):
    elsewhere = factories.IdeaFactory()

    response = staff_api.post(
        f"/api/challenges/{jury.challenge.pk}/jury/jurors/",
        {"user": jury.b.pk, "ideas": [elsewhere.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert not JuryAssignment.objects.filter(idea=elsewhere).exists()


def test_publishing_the_result_makes_it_public_and_an_event_on_the_challenge_stream(jury, api):
    assert api.get(f"/api/challenges/{jury.challenge.pk}/result/").status_code == 404

    services.evaluation_publish(
        actor=jury.staff,
        challenge=jury.challenge,
        ideas=[jury.ideas[2], jury.ideas[0]],
        statement="Die Jury empfiehlt **zwei** Ideen.",
    )

    body = api.get(f"/api/challenges/{jury.challenge.pk}/result/").json()
    assert body["selected"] == [
        {"id": jury.ideas[2].pk, "title": "Idee Nummer 3"},
        {"id": jury.ideas[0].pk, "title": "Idee Nummer 1"},
    ]
    assert body["statement_html"] == "<p>Die Jury empfiehlt <strong>zwei</strong> Ideen.</p>"
    events = Event.objects.filter(type="evaluation.result_published")
    assert sorted(e.stream for e in events) == [f"challenge:{jury.challenge.pk}", "feed"]
    assert events[0].data == body
    # Publishing closes the evaluation.
    with pytest.raises(StateConflict):
        services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 3, 3, 3))


def test_a_result_is_published_once(jury, staff_api):
    url = f"/api/challenges/{jury.challenge.pk}/jury/result/"
    body = {"ideas": [jury.ideas[0].pk], "statement": "Erste Fassung."}
    assert staff_api.post(url, body, format="json").status_code == 201

    again = staff_api.post(url, {**body, "statement": "Zweite Fassung."}, format="json")

    assert again.status_code == 409
    assert Evaluation.objects.get().statement == "Erste Fassung."
    assert Event.objects.filter(type="evaluation.result_published").count() == 2  # one, 2 streams


def test_publishing_needs_a_statement_and_ideas_of_the_challenge(jury, staff_api):
    other = factories.IdeaFactory()
    url = f"/api/challenges/{jury.challenge.pk}/jury/result/"

    response = staff_api.post(url, {"ideas": [other.pk], "statement": " "}, format="json")

    assert response.status_code == 400
    assert Evaluation.objects.get().published_at is None


def test_a_juror_may_not_set_up_the_jury(jury):
    with pytest.raises(PermissionDenied):
        services.criterion_add(actor=jury.b, challenge=jury.challenge, name="X", weight=1)
    assert Criterion.objects.count() == 3


def test_the_staff_jury_overview_has_a_fixed_number_of_queries(
    jury, staff_api, django_assert_max_num_queries
):
    services.jury_score(juror=jury.a, idea=jury.ideas[0], scores=scores(jury, 3, 3, 3))
    url = f"/api/challenges/{jury.challenge.pk}/jury/"
    staff_api.get(url)  # warm the staff check's cache of the permission tables

    with django_assert_max_num_queries(9) as small:
        staff_api.get(url)
    more = factories.IdeaFactory.create_batch(4, challenge=jury.challenge)
    services.juror_add(actor=jury.staff, challenge=jury.challenge, user=jury.b, ideas=more)
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_api.get(url)


def test_weights_are_whole_numbers_from_1_to_100(jury, staff_api):
    response = staff_api.post(
        f"/api/challenges/{jury.challenge.pk}/jury/criteria/",
        {"name": "Strategie", "weight": 0},
        format="json",
    )

    assert response.status_code == 400
    assert Criterion.objects.count() == 3


def test_a_new_juror_is_mailed_the_link_in_their_language_once(jury, settings):
    from mail.models import Mail

    settings.SITE_URL = "https://ideen.example.org"
    expert = factories.UserFactory(display_name="Dr. Extern", language="en")

    services.juror_add(actor=jury.staff, challenge=jury.challenge, user=expert, ideas=jury.ideas)
    services.juror_add(actor=jury.staff, challenge=jury.challenge, user=expert, ideas=jury.ideas)

    (mail,) = Mail.objects.filter(to=expert.email)
    assert mail.language == "en"
    assert mail.subject.startswith(f"You are on the jury of “{jury.challenge.title}”")
    assert f"https://ideen.example.org/jury/challenges/{jury.challenge.pk}/" in mail.text
    assert "Hello Dr. Extern," in mail.text
