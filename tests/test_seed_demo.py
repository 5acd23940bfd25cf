"""`seed_demo` builds a consistent demo city through the services, and only once.

Each test seeds afresh (about a second), so related checks share a test."""

from datetime import timedelta
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import Membership, Organisation, Sector, User
from challenges.models import Challenge
from ideas.models import Comment, Idea, IdeaStatusChange, hot_score
from ideas.selectors import IDEA_ORDERINGS, ideas_ranked
from realtime.models import Event
from votes.models import Vote

pytestmark = pytest.mark.django_db

MODELS = (User, Organisation, Membership, Challenge, Idea, Comment, IdeaStatusChange, Vote, Event)
LOGIN_LINES = (
    "City staff: staff@example.org  password: oic-demo-2026",
    "Citizen:    citizen@example.org  password: oic-demo-2026",
    "http://127.0.0.1:8000/",
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_a_second_run_adds_nothing_and_prints_the_logins_again():
    first = seed()
    before = counts()

    again = seed()

    assert counts() == before
    assert "Demo data created." in first
    assert "nothing added" in again
    for line in LOGIN_LINES:
        assert line in first
        assert line in again


def test_the_demo_logins_work():
    seed()

    staff = User.objects.get(email="staff@example.org")
    citizen = User.objects.get(email="citizen@example.org")
    assert staff.check_password("oic-demo-2026")
    assert citizen.check_password("oic-demo-2026")
    assert (staff.is_city_staff, staff.is_staff) == (True, True)
    assert (citizen.is_city_staff, citizen.is_staff) == (False, False)


def test_the_demo_people_have_confirmed_addresses_and_say_where_mail_goes(settings):
    out = seed()

    assert User.objects.filter(email_confirmed_at__isnull=True).count() == 0
    assert f"Mail is written as files into {settings.EMAIL_FILE_PATH}/" in out


def test_the_demo_city_has_every_kind_of_content():
    seed()

    assert set(User.objects.values_list("sector", flat=True)) == set(Sector.values)
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["Digitalisierungsbüro der Stadt Bielefeld"] == "city_department"
    assert kinds["Umweltamt der Stadt Bielefeld"] == "city_department"
    assert sorted(kinds.values()) == [
        "association",
        "city_department",
        "city_department",
        "company",
        "company",
        "research",
        "working_group",
        "working_group",
    ]
    assert not Organisation.objects.exclude(memberships__role="admin").exists()
    phases = dict(Challenge.objects.values_list("title", "status"))
    assert phases["Mehr Grün am Jahnplatz"] == "open"
    assert phases["Mobil zwischen Sennestadt und Innenstadt"] == "open"
    assert sorted(phases.values()) == ["closed", "draft", "evaluation", "open", "open", "open"]
    assert Idea.objects.count() == 29  # 26 + the hackathon's 3
    assert set(Idea.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert Idea.objects.filter(challenge__isnull=True).count() == 6
    assert Idea.objects.filter(seeking_cocreators=True).count() == 10
    assert not Idea.objects.filter(challenge__status="draft").exists()
    assert Comment.objects.filter(parent__isnull=False).count() == 7
    assert IdeaStatusChange.objects.count() == 9
    assert IdeaStatusChange.objects.exclude(response="").count() == 7
    assert set(Idea.objects.values_list("status", flat=True)) == {
        "submitted",
        "under_review",
        "selected",
        "in_progress",
        "not_pursued",
    }


def test_tallies_and_counters_equal_their_rows():
    seed()

    assert Vote.objects.count() > 100
    assert not Vote.objects.filter(user=F("idea__author")).exists()
    ideas = Idea.objects.annotate(
        ups=Count("votes", filter=Q(votes__value=1), distinct=True),
        downs=Count("votes", filter=Q(votes__value=-1), distinct=True),
        comments_left=Count("comments", filter=Q(comments__deleted_at=None), distinct=True),
    )
    for idea in ideas:
        assert (idea.up_count, idea.down_count, idea.score, idea.comment_count) == (
            idea.ups,
            idea.downs,
            idea.ups - idea.downs,
            idea.comments_left,
        )
    for challenge in Challenge.objects.annotate(n=Count("ideas")):
        assert challenge.idea_count == challenge.n


def test_what_is_public_was_published_and_the_draft_stayed_off_the_feed():
    seed()

    feed = Event.objects.filter(stream="feed")
    assert feed.filter(type="idea.created").count() == 29
    assert feed.filter(type="challenge.created").count() == 5
    draft = Challenge.objects.get(status="draft")
    assert not feed.filter(data__id=draft.pk, type__startswith="challenge.").exists()
    assert Event.objects.filter(type="vote.changed").count() >= Vote.objects.count()
    # One per step on the idea's stream and on the feed, and one on its challenge's if any.
    steps = IdeaStatusChange.objects.select_related("idea")
    expected = sum(2 + (step.idea.challenge_id is not None) for step in steps)
    assert Event.objects.filter(type="idea.status_changed").count() == expected


def test_the_story_spans_three_weeks_and_every_row_keeps_the_time_it_was_written():
    seed()

    ideas = Idea.objects.order_by("created_at")
    span = ideas.last().created_at - ideas.first().created_at
    assert timedelta(days=19) < span < timedelta(days=21)
    # The log was written in story order, never rewritten: its times rise with its ids, and
    # each new idea's event carries the moment the idea was posted.
    times = list(Event.objects.order_by("id").values_list("created_at", flat=True))
    assert times == sorted(times)
    assert times[-1] < timezone.now()
    posted = dict(Idea.objects.values_list("pk", "created_at"))
    for event in Event.objects.filter(type="idea.created", stream="feed"):
        assert event.created_at == posted[event.data["id"]]
    for comment in Comment.objects.select_related("idea"):
        assert comment.created_at > comment.idea.created_at
    for idea in Idea.objects.all():
        assert idea.hot == hot_score(idea.score, idea.created_at)


def test_each_ordering_leads_with_other_ideas():
    seed()

    first_three = {
        order: [idea.title for idea in ideas_ranked(user=None, order=order, limit=3)]
        for order in IDEA_ORDERINGS
    }

    assert first_three == {
        "new": [
            "Nachtbus am Wochenende",
            "Ausbildungsverbund für Fahrradmechatronik",
            "Digitale Sprechstunde des Umweltamts",
        ],
        "top": [
            "Radschnellweg entlang der Bahn",
            "Expressbus im 10-Minuten-Takt",
            "Lastenrad-Verleih an Stadtbahn-Haltestellen",
        ],
        "trending": [
            "Fairteiler-Kühlschränke im Quartier",
            "Defekte Parkbänke per Foto melden",
            "Luftqualitäts-Sensoren für Schulen",
        ],
        "discussed": [
            "Schattenbäume statt Steinwüste",
            "Repair-Café in jedem Stadtteil",
            "Verkehrszählungen als offene Schnittstelle",
        ],
    }
    leaders = [set(titles) for titles in first_three.values()]
    assert all(a.isdisjoint(b) for i, a in enumerate(leaders) for b in leaders[i + 1 :])


def test_the_demo_has_past_and_upcoming_events_and_a_directory():
    from ideas.gatherings.models import Event as Gathering
    from ideas.gatherings.models import Registration

    seed()

    now = timezone.now()
    past = Gathering.objects.filter(ends_at__lte=now)
    upcoming = Gathering.objects.filter(starts_at__gt=now)
    assert past.count() == 2
    assert all(event.results for event in past)
    assert upcoming.count() == 4
    assert Gathering.objects.filter(kind=Gathering.Kind.HACKATHON).exists()
    full = Gathering.objects.get(title="Open Data Meet-up: Verkehrsdaten")
    assert (full.registered_count, full.waiting_count) == (4, 1)
    for event in Gathering.objects.all():
        rows = Registration.objects.filter(event=event)
        assert event.registered_count == rows.filter(status="registered").count()
    assert User.objects.filter(listed_in_directory=True).count() == 4


def test_the_challenge_in_evaluation_has_a_jury_halfway_through_its_scoring():
    from ideas.evaluation import selectors
    from ideas.evaluation.models import Criterion, JuryAssignment

    seed()

    challenge = Challenge.objects.get(status=Challenge.Status.EVALUATION)
    assert list(
        Criterion.objects.filter(evaluation__challenge=challenge)
        .order_by("position")
        .values_list("name", "weight")
    ) == [("Wirkung", 3), ("Machbarkeit", 2), ("Kosten", 1)]
    assignments = JuryAssignment.objects.filter(juror__evaluation__challenge=challenge)
    assert assignments.values("juror").distinct().count() == 2
    assert assignments.filter(submitted_at__isnull=False).count() == 4
    assert assignments.filter(submitted_at__isnull=True).count() == 3
    results = selectors.jury_results(selectors.evaluation_get(challenge))
    # By hand: hackathon (3·4+2·5+4)/6 = 13/3; traffic data ((27/6)+(23/6))/2 = 25/6;
    # commercial land (3·4+2·3+3)/6 = 7/2.
    ranked = sorted((r for r in results if r.rank), key=lambda r: r.rank)
    assert [(r.title, r.average) for r in ranked] == [
        ("Open-Data-Hackathon mit dem Mittelstand", Fraction(13, 3)),
        ("Verkehrszählungen als offene Schnittstelle", Fraction(25, 6)),
        ("Freie Gewerbeflächen als Datensatz", Fraction(7, 2)),
    ]
    # Scores come after the challenge moved to evaluation, and after the criteria.
    first_score = assignments.filter(submitted_at__isnull=False).order_by("submitted_at").first()
    assert first_score.submitted_at > challenge.updated_at


def test_the_demo_has_two_working_groups_with_members_meetings_requests_and_an_idea():
    from accounts.models import MembershipRequest
    from ideas.gatherings.models import Event as Gathering

    seed()

    groups = {
        org.name: org for org in Organisation.objects.filter(kind=Organisation.Kind.WORKING_GROUP)
    }
    assert {name: org.joining for name, org in groups.items()} == {
        "Code for Bielefeld": "open",
        "AG Beteiligungsleitlinien": "request",
    }
    code, ag = groups["Code for Bielefeld"], groups["AG Beteiligungsleitlinien"]
    assert sorted(code.memberships.values_list("user__display_name", "role")) == [
        ("Jonas Petersen", "admin"),
        ("Mehmet Yılmaz", "member"),
        ("Tobias Brinkmann", "member"),
    ]
    assert ag.memberships.count() == 3
    assert list(
        MembershipRequest.objects.filter(organisation=ag)
        .order_by("user__display_name")
        .values_list("user__display_name", "status")
    ) == [
        ("Aylin Demir", "pending"),
        ("Helga Schröder", "accepted"),
        ("Sven Meier", "accepted"),
    ]
    assert Gathering.objects.filter(organiser=code, kind="group_meeting").count() == 1
    assert Gathering.objects.filter(organiser=ag, kind="group_meeting").count() == 1
    assert list(Idea.objects.filter(organisation=code).values_list("title", flat=True)) == [
        "Defekte Parkbänke per Foto melden"
    ]
    assert (code.offers, ag.offers) == (["cocreators", "expertise"], [])


def test_the_demo_has_one_hackathon_with_teams_of_mixed_sectors_and_one_result():
    from ideas.gatherings.models import Hackathon, Team, TeamJoinRequest

    seed()

    hackathon = Hackathon.objects.select_related("challenge").get()
    assert hackathon.challenge.title == "Hackathon Mobilität 2026"
    assert list(hackathon.challenge.topics.values_list("slug", flat=True)) == [
        "future-mobility",
        "smart-city",
    ]
    assert (hackathon.team_size_min, hackathon.team_size_max) == (2, 4)
    assert hackathon.jury_announced_at is None
    teams = Team.objects.filter(hackathon=hackathon).order_by("created_at")
    assert [t.name for t in teams] == ["Pendel-Radar", "Lastenrad-Labor", "Schulweg-Team"]
    for team in teams:
        sectors = set(team.members.values_list("user__sector", flat=True))
        assert team.idea.challenge_id == hackathon.challenge_id
        assert len(sectors) == team.members.count() >= 2  # everyone from another sector
        assert team.members.filter(role="lead").count() == 1
    submitted = teams.exclude(submitted_at=None)
    assert [t.name for t in submitted] == ["Pendel-Radar"]
    assert submitted[0].result_idea == submitted[0].idea
    assert submitted[0].code_url.startswith("https://")
    assert TeamJoinRequest.objects.filter(status="pending").count() == 1
    assert Event.objects.filter(type="team.changed").count() == 3 + 5 + 1
