"""Hackathons through the API and the services: staff make a challenge a hackathon, people form
teams around its ideas, ask to join, are accepted or declined up to the size limit, leave, the
lead submits the result, and staff announce the jury phase. Every refusal answers with a
message and changes nothing, and nothing is broadcast for it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Sector
from challenges.models import Challenge
from ideas.gatherings import services
from ideas.gatherings.models import Hackathon, Team, TeamJoinRequest, TeamMember
from ideas.models import Idea
from realtime.models import Event as LogEvent
from tests import factories
from tests.gatherings.conftest import client_for

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def challenge(staff):
    return factories.ChallengeFactory(created_by=staff, title="Hackathon Mobilität 2026")


@pytest.fixture
def hackathon(challenge):
    return Hackathon.objects.create(challenge=challenge, team_size_min=2, team_size_max=3)


@pytest.fixture
def lead(db):
    return factories.UserFactory(display_name="Lena Lead", sector=Sector.CIVIL_SOCIETY)


@pytest.fixture
def idea(challenge, lead):
    return factories.IdeaFactory(challenge=challenge, author=lead, title="Radwege-Sensoren")


@pytest.fixture
def team(idea, lead, hackathon):
    return services.team_form(user=lead, idea=idea, name="Sensor-Crew")


def _person(sector=Sector.BUSINESS, name=None):
    return factories.UserFactory(sector=sector, **({"display_name": name} if name else {}))


def _join(team, person, message=""):
    return services.team_request_join(user=person, team=team, message=message)


def _member(team, person):
    services.team_request_decide(
        actor=TeamMember.objects.get(team=team, role="lead").user,
        join_request=_join(team, person),
        accept=True,
    )


def _snapshot(hackathon=None) -> tuple:
    state = (
        list(Team.objects.order_by("pk").values_list()),
        list(TeamMember.objects.order_by("pk").values_list()),
        list(TeamJoinRequest.objects.order_by("pk").values_list()),
        Idea.objects.count(),
        LogEvent.objects.count(),
    )
    if hackathon is not None:
        state += (list(Hackathon.objects.filter(pk=hackathon.pk).values_list()),)
    return state


# --- Settings and the jury phase (city staff) --------------------------------------------------


def test_staff_make_a_challenge_a_hackathon_and_change_its_team_sizes(staff_api, challenge):
    created = staff_api.put(
        f"/api/challenges/{challenge.pk}/hackathon/",
        {"team_size_min": 2, "team_size_max": 4},
        format="json",
    )
    changed = staff_api.put(
        f"/api/challenges/{challenge.pk}/hackathon/",
        {"team_size_min": 1, "team_size_max": 6},
        format="json",
    )

    assert created.status_code == 201, created.content
    assert created.json() == {
        "challenge": challenge.pk,
        "team_size_min": 2,
        "team_size_max": 4,
        "jury_announced_at": None,
        "jury_statement": "",
    }
    assert changed.status_code == 200
    assert (changed.json()["team_size_min"], changed.json()["team_size_max"]) == (1, 6)
    assert Hackathon.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"team_size_min": 4, "team_size_max": 2},
            "team_size_max",
            "The largest team cannot be smaller than the smallest.",
        ),
        ({"team_size_min": 0, "team_size_max": 2}, "team_size_min", None),
        ({"team_size_min": 2, "team_size_max": 21}, "team_size_max", None),
        ({"team_size_min": "zwei", "team_size_max": 3}, "team_size_min", None),
    ],
)
def test_impossible_team_sizes_are_refused_with_a_message(
    staff_api, challenge, body, field, message
):
    response = staff_api.put(
        f"/api/challenges/{challenge.pk}/hackathon/", body, format="json", **EN
    )

    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert response.json()[field] == [message]
    assert not Hackathon.objects.exists()


def test_the_database_refuses_sizes_the_service_would_refuse(challenge):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Hackathon.objects.create(challenge=challenge, team_size_min=5, team_size_max=3)


def test_the_largest_team_size_cannot_drop_below_a_team_that_exists(staff_api, team, hackathon):
    _member(team, _person())
    _member(team, _person())
    before = _snapshot(hackathon)

    response = staff_api.put(
        f"/api/challenges/{hackathon.challenge_id}/hackathon/",
        {"team_size_min": 1, "team_size_max": 2},
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A team has 3 members: the largest team cannot be smaller."
    }
    assert _snapshot(hackathon) == before


def test_only_staff_configure_a_hackathon(api, user_api, challenge):
    body = {"team_size_min": 2, "team_size_max": 4}
    path = f"/api/challenges/{challenge.pk}/hackathon/"

    assert api.put(path, body, format="json").status_code == 401
    assert user_api.put(path, body, format="json").status_code == 403
    assert not Hackathon.objects.exists()


def test_a_plain_challenge_and_a_draft_have_no_public_hackathon(api, staff, staff_api):
    plain = factories.ChallengeFactory(created_by=staff)
    draft = factories.ChallengeFactory(created_by=staff, status=Challenge.Status.DRAFT)
    Hackathon.objects.create(challenge=draft)

    assert api.get(f"/api/challenges/{plain.pk}/hackathon/").status_code == 404
    assert api.get(f"/api/challenges/{draft.pk}/hackathon/").status_code == 404
    assert api.get(f"/api/challenges/{draft.pk}/teams/").status_code == 404
    assert staff_api.get(f"/api/challenges/{draft.pk}/hackathon/").status_code == 200


def test_staff_announce_the_jury_phase_once(staff_api, hackathon, team):
    waiting = _join(team, _person())
    path = f"/api/challenges/{hackathon.challenge_id}/hackathon/jury/"

    response = staff_api.post(path, {"statement": "Die Jury tagt am Freitag."}, format="json")
    again = staff_api.post(path, {}, format="json", **EN)

    assert response.status_code == 200, response.content
    assert response.json()["jury_statement"] == "Die Jury tagt am Freitag."
    assert response.json()["jury_announced_at"] is not None
    assert again.status_code == 409
    assert again.json() == {"detail": "The jury phase has already been announced."}
    waiting.refresh_from_db()
    assert waiting.status == "declined"
    streams = set(
        LogEvent.objects.filter(type="hackathon.jury_announced").values_list("stream", flat=True)
    )
    assert streams == {f"challenge:{hackathon.challenge_id}", "feed"}


def test_only_staff_announce_the_jury_phase(api, user_api, hackathon):
    path = f"/api/challenges/{hackathon.challenge_id}/hackathon/jury/"
    before = _snapshot(hackathon)

    assert api.post(path, {}, format="json").status_code == 401
    assert user_api.post(path, {}, format="json").status_code == 403
    assert _snapshot(hackathon) == before


def test_after_the_jury_phase_no_team_changes_and_nothing_is_written(hackathon, team, staff):
    member, outsider, asker = _person(), _person(), _person()
    _member(team, member)
    pending = _join(team, asker)
    other_idea = factories.IdeaFactory(challenge=hackathon.challenge, author=outsider)
    services.hackathon_announce_jury(actor=staff, hackathon=hackathon)
    pending.refresh_from_db()
    before = _snapshot(hackathon)
    lead_api, member_api, outsider_api = (
        client_for(p) for p in (team.created_by, member, outsider)
    )

    answers = [
        outsider_api.post(
            f"/api/challenges/{hackathon.challenge_id}/teams/",
            {"idea": other_idea.pk, "name": "Spät"},
            format="json",
            **EN,
        ),
        outsider_api.post(f"/api/teams/{team.pk}/join-requests/", {}, format="json", **EN),
        member_api.post(f"/api/teams/{team.pk}/leave/", format="json", **EN),
        lead_api.post(
            f"/api/teams/{team.pk}/submit/",
            {"result_idea": team.idea_id, "code_url": "https://git.example.org/x"},
            format="json",
            **EN,
        ),
    ]

    assert [a.status_code for a in answers] == [409, 409, 409, 409]
    assert {a.json()["detail"] for a in answers} == {
        "The jury phase has been announced: teams no longer change."
    }
    assert pending.status == "declined"
    assert _snapshot(hackathon) == before


# --- Forming a team ---------------------------------------------------------------------------


def test_a_person_forms_a_team_around_an_idea_and_leads_it(hackathon, idea, lead):
    response = client_for(lead).post(
        f"/api/challenges/{hackathon.challenge_id}/teams/",
        {"idea": idea.pk, "name": "  Sensor-Crew "},
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["name"] == "Sensor-Crew"
    assert data["idea"] == {"id": idea.pk, "title": "Radwege-Sensoren"}
    assert data["members"] == [
        {
            "id": lead.pk,
            "display_name": "Lena Lead",
            "sector": "civil_society",
            "role": "lead",
            "joined_at": data["members"][0]["joined_at"],
        }
    ]
    assert (data["member_count"], data["seats_left"], data["result"]) == (1, 2, None)
    assert data["sectors"] == [{"sector": "civil_society", "count": 1}]
    changed = LogEvent.objects.get(type="team.changed")
    assert changed.stream == f"challenge:{hackathon.challenge_id}"
    assert changed.data == {
        "id": data["id"],
        "challenge": hackathon.challenge_id,
        "name": "Sensor-Crew",
        "idea": idea.pk,
        "member_count": 1,
        "seats_left": 2,
        "sectors": [{"sector": "civil_society", "count": 1}],
        "submitted": False,
        "dissolved": False,
    }


def test_anyone_may_form_a_team_around_anyones_idea(hackathon, idea):
    other = _person(Sector.RESEARCH)

    team = services.team_form(user=other, idea=idea, name="Forschung")

    assert TeamMember.objects.get(team=team).user == other


@pytest.mark.parametrize(
    ("case", "status", "body_key", "message"),
    [
        ("second_team_of_person", 409, "detail", "You are already in a team of this hackathon."),
        ("idea_has_a_team", 409, "detail", "This idea already has a team: ask to join it."),
        ("idea_elsewhere", 400, "idea", "Choose an idea of this challenge."),
        ("withdrawn_idea", 400, "idea", "This idea is not public."),
        ("blank_name", 400, "name", "Please give the team a name."),
        (
            "challenge_in_evaluation",
            409,
            "detail",
            "The hackathon is not open: teams cannot change now.",
        ),
    ],
)
def test_forming_a_team_is_refused_with_a_message_and_nothing_changes(
    hackathon, team, lead, staff, case, status, body_key, message
):
    from django.utils import timezone

    person = lead if case == "second_team_of_person" else _person()
    idea = factories.IdeaFactory(challenge=hackathon.challenge)
    name = "Team B"
    if case == "idea_has_a_team":
        idea = team.idea
    elif case == "idea_elsewhere":
        idea = factories.IdeaFactory(challenge=factories.ChallengeFactory(created_by=staff))
    elif case == "withdrawn_idea":
        Idea.objects.filter(pk=idea.pk).update(withdrawn_at=timezone.now())
    elif case == "blank_name":
        name = "   "
    elif case == "challenge_in_evaluation":
        Challenge.objects.filter(pk=hackathon.challenge_id).update(status="evaluation")
    before = _snapshot(hackathon)

    response = client_for(person).post(
        f"/api/challenges/{hackathon.challenge_id}/teams/",
        {"idea": idea.pk, "name": name},
        format="json",
        **EN,
    )

    assert response.status_code == status, response.content
    expected = message if body_key == "detail" else [message]
    assert response.json()[body_key] == expected
    assert _snapshot(hackathon) == before


def test_anonymous_people_cannot_form_teams_or_ask_to_join(api, hackathon, idea, team):
    before = _snapshot(hackathon)

    formed = api.post(
        f"/api/challenges/{hackathon.challenge_id}/teams/", {"idea": idea.pk, "name": "X"}
    )
    asked = api.post(f"/api/teams/{team.pk}/join-requests/", {})

    assert (formed.status_code, asked.status_code) == (401, 401)
    assert _snapshot(hackathon) == before


def test_the_database_keeps_a_person_in_one_team_per_hackathon(hackathon, team, lead):
    from django.db import IntegrityError, transaction

    other = services.team_form(
        user=_person(), idea=factories.IdeaFactory(challenge=hackathon.challenge), name="B"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(team=other, hackathon=hackathon, user=lead)


# --- Join requests ----------------------------------------------------------------------------


def test_a_person_asks_to_join_and_the_lead_sees_the_request(team, lead):
    asker = _person(Sector.RESEARCH, "Jonas Research")

    response = client_for(asker).post(
        f"/api/teams/{team.pk}/join-requests/", {"message": "Ich kann Sensorik."}, format="json"
    )
    listed = client_for(lead).get(f"/api/teams/{team.pk}/join-requests/")

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert response.json()["person"] == {
        "id": asker.pk,
        "display_name": "Jonas Research",
        "sector": "research",
    }
    assert listed.status_code == 200
    assert [(r["person"]["id"], r["message"]) for r in listed.json()] == [
        (asker.pk, "Ich kann Sensorik.")
    ]
    # The message is for the lead: no event carries it.
    assert not LogEvent.objects.filter(data__icontains="Sensorik").exists()


def test_only_the_lead_reads_the_join_requests(api, team):
    member, stranger = _person(), _person()
    _member(team, member)
    _join(team, _person(), "privat")
    path = f"/api/teams/{team.pk}/join-requests/"

    assert api.get(path).status_code == 401
    assert client_for(member).get(path).status_code == 403
    assert client_for(stranger).get(path).status_code == 403


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("twice", "You have already asked to join this team."),
        ("member", "You are already in this team."),
        ("other_team", "You are already in a team of this hackathon."),
        ("full", "This team is full."),
    ],
)
def test_a_join_request_is_refused_with_a_message_and_nothing_changes(
    hackathon, team, case, message
):
    asker = _person()
    if case == "twice":
        _join(team, asker)
    elif case == "member":
        _member(team, asker)
    elif case == "other_team":
        services.team_form(
            user=asker, idea=factories.IdeaFactory(challenge=hackathon.challenge), name="B"
        )
    elif case == "full":
        _member(team, _person())
        _member(team, _person())
    before = _snapshot(hackathon)

    response = client_for(asker).post(
        f"/api/teams/{team.pk}/join-requests/", {}, format="json", **EN
    )

    assert response.status_code == 409
    assert response.json() == {"detail": message}
    assert _snapshot(hackathon) == before


def test_a_join_message_over_the_limit_is_a_400(team):
    response = client_for(_person()).post(
        f"/api/teams/{team.pk}/join-requests/", {"message": "x" * 1001}, format="json"
    )

    assert response.status_code == 400
    assert "message" in response.json()
    assert not TeamJoinRequest.objects.exists()


def test_the_lead_accepts_and_the_persons_other_requests_are_withdrawn(hackathon, team, lead):
    asker = _person(Sector.RESEARCH)
    other_team = services.team_form(
        user=_person(), idea=factories.IdeaFactory(challenge=hackathon.challenge), name="B"
    )
    elsewhere = _join(other_team, asker)
    join_request = _join(team, asker)

    response = client_for(lead).post(f"/api/join-requests/{join_request.pk}/accept/")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response.json()["decided_at"] is not None
    assert TeamMember.objects.get(user=asker).team == team
    elsewhere.refresh_from_db()
    assert elsewhere.status == "withdrawn"
    latest = LogEvent.objects.filter(type="team.changed").latest("id").data
    assert (latest["member_count"], latest["seats_left"]) == (2, 1)
    assert latest["sectors"] == [
        {"sector": "civil_society", "count": 1},
        {"sector": "research", "count": 1},
    ]


def test_the_lead_declines(team, lead):
    join_request = _join(team, _person())

    response = client_for(lead).post(f"/api/join-requests/{join_request.pk}/decline/")

    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert TeamMember.objects.filter(team=team).count() == 1


def test_accepting_into_a_full_team_is_refused_and_nothing_changes(hackathon, team, lead):
    late = _join(team, _person())
    _member(team, _person())
    _member(team, _person())
    before = _snapshot(hackathon)

    response = client_for(lead).post(f"/api/join-requests/{late.pk}/accept/", **EN)

    assert response.status_code == 409
    assert response.json() == {"detail": "The team is full."}
    assert _snapshot(hackathon) == before


def test_accepting_someone_who_joined_another_team_meanwhile_is_refused(hackathon, team, lead):
    asker = _person()
    join_request = _join(team, asker)
    # Another team takes them first (their request here is withdrawn by that): answer 409.
    services.team_form(
        user=asker, idea=factories.IdeaFactory(challenge=hackathon.challenge), name="B"
    )
    before = _snapshot(hackathon)

    response = client_for(lead).post(f"/api/join-requests/{join_request.pk}/accept/", **EN)

    assert response.status_code == 409
    assert response.json() == {"detail": "This request has already been answered or withdrawn."}
    assert _snapshot(hackathon) == before


def test_who_may_answer_and_withdraw_a_join_request(api, hackathon, team, lead):
    asker, member, stranger = _person(), _person(), _person()
    _member(team, member)
    join_request = _join(team, asker)
    before = _snapshot(hackathon)
    accept = f"/api/join-requests/{join_request.pk}/accept/"
    withdraw = f"/api/join-requests/{join_request.pk}/withdraw/"

    assert api.post(accept).status_code == 401
    # Neither asker nor lead: the request is not theirs to know of.
    assert client_for(stranger).post(accept).status_code == 404
    assert client_for(member).post(accept).status_code == 404
    assert client_for(asker).post(accept).status_code == 403  # no self-acceptance
    assert client_for(lead).post(withdraw).status_code == 403
    assert client_for(stranger).post(withdraw).status_code == 404
    assert _snapshot(hackathon) == before
    staff = factories.StaffFactory()
    with pytest.raises(PermissionDenied):
        services.team_request_decide(actor=staff, join_request=join_request, accept=True)


def test_the_person_who_asked_withdraws_once(team):
    asker = _person()
    join_request = _join(team, asker)

    first = client_for(asker).post(f"/api/join-requests/{join_request.pk}/withdraw/")
    again = client_for(asker).post(f"/api/join-requests/{join_request.pk}/withdraw/", **EN)

    assert first.status_code == 200
    assert first.json()["status"] == "withdrawn"
    assert again.status_code == 409
    assert again.json() == {"detail": "This request has already been answered or withdrawn."}


def test_a_new_request_after_a_declined_one_is_allowed(team, lead):
    asker = _person()
    services.team_request_decide(actor=lead, join_request=_join(team, asker), accept=False)

    response = client_for(asker).post(f"/api/teams/{team.pk}/join-requests/", {}, format="json")

    assert response.status_code == 201


def test_the_database_allows_one_pending_request_per_team_and_person(team):
    from django.db import IntegrityError, transaction

    asker = _person()
    _join(team, asker)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamJoinRequest.objects.create(team=team, user=asker)


# --- Leaving ----------------------------------------------------------------------------------


def test_a_member_leaves(hackathon, team):
    member = _person()
    _member(team, member)

    response = client_for(member).post(f"/api/teams/{team.pk}/leave/")

    assert response.status_code == 200
    assert response.json()["member_count"] == 1
    assert not TeamMember.objects.filter(user=member).exists()


def test_a_leaving_lead_hands_over_to_the_longest_standing_member(team, lead):
    first, second = _person(), _person()
    _member(team, first)
    _member(team, second)

    response = client_for(lead).post(f"/api/teams/{team.pk}/leave/")

    assert response.status_code == 200
    roles = {m["id"]: m["role"] for m in response.json()["members"]}
    assert roles == {first.pk: "lead", second.pk: "member"}


def test_the_last_member_leaving_dissolves_the_team(hackathon, team, lead):
    asker = _person()
    _join(team, asker)
    idea_id = team.idea_id

    response = client_for(lead).post(f"/api/teams/{team.pk}/leave/")

    assert response.status_code == 204
    assert not Team.objects.exists()
    assert not TeamJoinRequest.objects.exists()
    latest = LogEvent.objects.filter(type="team.changed").latest("id")
    assert latest.data == {
        "id": team.pk,
        "challenge": hackathon.challenge_id,
        "name": "Sensor-Crew",
        "idea": idea_id,
        "member_count": 0,
        "seats_left": 0,
        "sectors": [],
        "submitted": False,
        "dissolved": True,
    }
    # The idea is free for a new team.
    assert services.team_form(user=asker, idea=team.idea, name="Neu").pk != team.pk


def test_leaving_is_refused_for_outsiders_and_the_last_member_of_a_submitted_team(
    hackathon, team, lead
):
    team.submitted_at = team.created_at
    team.save(update_fields=["submitted_at"])
    before = _snapshot(hackathon)

    outsider = client_for(_person()).post(f"/api/teams/{team.pk}/leave/", **EN)
    last = client_for(lead).post(f"/api/teams/{team.pk}/leave/", **EN)

    assert outsider.status_code == 409
    assert outsider.json() == {"detail": "You are not in this team."}
    assert last.status_code == 409
    assert last.json() == {
        "detail": "Your team has submitted its result: its last member cannot leave."
    }
    assert _snapshot(hackathon) == before


# --- Submitting the result --------------------------------------------------------------------


def test_the_lead_submits_an_idea_of_a_member_with_a_link_to_the_code(hackathon, team, lead):
    member = _person()
    _member(team, member)
    result = factories.IdeaFactory(challenge=hackathon.challenge, author=member, title="Prototyp")

    response = client_for(lead).post(
        f"/api/teams/{team.pk}/submit/",
        {"result_idea": result.pk, "code_url": "https://git.example.org/sensor-crew"},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = response.json()["result"]
    assert data["idea"] == {"id": result.pk, "title": "Prototyp"}
    assert (data["code_url"], data["demo_url"]) == ("https://git.example.org/sensor-crew", "")
    assert data["submitted_at"] is not None
    assert LogEvent.objects.filter(type="team.changed").latest("id").data["submitted"] is True


def test_the_lead_submits_a_new_idea_which_is_posted_to_the_challenge(hackathon, team, lead):
    _member(team, _person())
    ideas_before = Idea.objects.count()

    response = client_for(lead).post(
        f"/api/teams/{team.pk}/submit/",
        {
            "title": "Radweg-Sensoren: Ergebnis",
            "summary": "Ein Prototyp, der Schlaglöcher auf Radwegen meldet.",
            "demo_url": "https://demo.example.org/sensoren",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    new = Idea.objects.latest("id")
    assert Idea.objects.count() == ideas_before + 1
    assert (new.challenge_id, new.author, new.title) == (
        hackathon.challenge_id,
        lead,
        "Radweg-Sensoren: Ergebnis",
    )
    assert response.json()["result"]["idea"]["id"] == new.pk
    assert LogEvent.objects.filter(type="idea.created", data__id=new.pk).exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"result_idea": "own"},
            "code_url",
            "Give a link to the code or to a demo (at least one).",
        ),
        (
            {"result_idea": "own", "code_url": "javascript:alert(1)"},
            "code_url",
            None,
        ),
        (
            {"result_idea": "stranger", "demo_url": "https://demo.example.org"},
            "result_idea",
            "Choose an idea of this challenge written by a member of your team.",
        ),
        (
            {"result_idea": 999999, "demo_url": "https://demo.example.org"},
            "result_idea",
            "Choose an idea of this challenge by a member of your team.",
        ),
        (
            {"demo_url": "https://demo.example.org"},
            "title",
            "Give the result a title, or choose an existing idea.",
        ),
        (
            {"title": "x", "summary": "", "demo_url": "https://demo.example.org"},
            "title",
            None,
        ),
    ],
)
def test_a_malformed_submission_is_refused_with_a_message_and_nothing_changes(
    hackathon, team, lead, body, field, message
):
    _member(team, _person())
    body = dict(body)
    if body.get("result_idea") == "own":
        body["result_idea"] = team.idea_id
    elif body.get("result_idea") == "stranger":
        body["result_idea"] = factories.IdeaFactory(challenge=hackathon.challenge).pk
    before = _snapshot(hackathon)

    response = client_for(lead).post(f"/api/teams/{team.pk}/submit/", body, format="json", **EN)

    assert response.status_code == 400, response.content
    assert field in response.json() or "summary" in response.json()
    if message:
        assert response.json()[field] == [message]
    assert _snapshot(hackathon) == before


def test_a_team_below_the_smallest_size_cannot_submit(hackathon, team, lead):
    before = _snapshot(hackathon)

    response = client_for(lead).post(
        f"/api/teams/{team.pk}/submit/",
        {"result_idea": team.idea_id, "code_url": "https://git.example.org/x"},
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "A team needs at least 2 members to submit its result."}
    assert _snapshot(hackathon) == before


def test_only_the_lead_submits(api, hackathon, team):
    member = _person()
    _member(team, member)
    body = {"result_idea": team.idea_id, "code_url": "https://git.example.org/x"}
    path = f"/api/teams/{team.pk}/submit/"
    before = _snapshot(hackathon)

    assert api.post(path, body, format="json").status_code == 401
    assert client_for(member).post(path, body, format="json").status_code == 403
    assert client_for(_person()).post(path, body, format="json").status_code == 403
    assert client_for(factories.StaffFactory()).post(path, body, format="json").status_code == 403
    assert _snapshot(hackathon) == before


def test_an_idea_cannot_be_the_result_of_two_teams(hackathon, team, lead):
    author = _person()
    _member(team, author)
    written = factories.IdeaFactory(challenge=hackathon.challenge, author=author)
    services.team_submit(actor=lead, team=team, result_idea=written, code_url="https://a.org")
    _member(team, _person())  # so that the team keeps its smallest size without the author
    other = services.team_form(
        user=_person(), idea=factories.IdeaFactory(challenge=hackathon.challenge), name="B"
    )
    services.team_leave(user=author, team=team)
    _member(other, author)  # the author moves on, their idea already submitted
    before = _snapshot(hackathon)

    response = client_for(other.created_by).post(
        f"/api/teams/{other.pk}/submit/",
        {"result_idea": written.pk, "code_url": "https://b.org"},
        format="json",
        **EN,
    )

    assert response.status_code == 400
    assert response.json() == {"result_idea": ["This idea is already another team's result."]}
    assert _snapshot(hackathon) == before


# --- Reading ------------------------------------------------------------------------------------


def test_the_team_list_costs_the_same_queries_for_any_number_of_teams(
    api, hackathon, team, django_assert_num_queries
):
    for n in range(4):
        other = services.team_form(
            user=_person(), idea=factories.IdeaFactory(challenge=hackathon.challenge), name=f"T{n}"
        )
        _member(other, _person(Sector.RESEARCH))

    # challenge, hackathon, teams, their members
    with django_assert_num_queries(4):
        response = api.get(f"/api/challenges/{hackathon.challenge_id}/teams/")

    assert response.status_code == 200
    assert response.json()["count"] == 5
    assert [t["member_count"] for t in response.json()["results"]] == [1, 2, 2, 2, 2]


def test_a_team_shows_no_email_address(api, team, lead):
    response = api.get(f"/api/teams/{team.pk}/")

    assert response.status_code == 200
    assert lead.email not in response.content.decode()


# --- Privacy ------------------------------------------------------------------------------------


def test_a_deleted_lead_hands_over_and_a_deleted_last_member_dissolves_the_team(
    hackathon, team, lead, staff
):
    member = _person()
    _member(team, member)
    services.hackathon_announce_jury(actor=staff, hackathon=hackathon)

    services.team_memberships_erase_of(user=lead, placeholder=staff, keep_contributions=True)

    assert list(TeamMember.objects.values_list("user_id", "role")) == [(member.pk, "lead")]
    services.team_memberships_erase_of(user=member, placeholder=staff, keep_contributions=True)
    assert not Team.objects.exists()
