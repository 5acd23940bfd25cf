"""The idea list, posting, reading, editing and withdrawing ideas over the JSON API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Sector
from ideas.models import Idea
from tests import factories

LIST = "/api/ideas/"
# A title and summary long enough for the minimum lengths.
VALID = {"title": "Trinkbrunnen", "summary": "Wasser für alle am Platz."}


def detail(idea):
    return f"/api/ideas/{idea.pk}/"


# --- List --------------------------------------------------------------------------------------


def test_list_shows_an_idea_with_its_public_fields(api, idea):
    response = api.get(LIST)

    assert response.status_code == 200
    item = response.json()["results"][0]
    assert item["id"] == idea.pk
    assert item["author"] == {
        "id": idea.author.pk,
        "display_name": idea.author.display_name,
        "sector": "citizen",
    }
    assert item["challenge"] == {
        "id": idea.challenge_id,
        "title": idea.challenge.title,
        "status": "open",
    }
    assert item["votes"] == {"up": 0, "down": 0, "score": 0, "mine": None}
    assert item["organisation"] is None
    assert "description" not in item


def test_list_leaves_out_withdrawn_ideas(api, idea):
    factories.IdeaFactory(challenge=idea.challenge, withdrawn_at=timezone.now())

    ids = [i["id"] for i in api.get(LIST).json()["results"]]

    assert ids == [idea.pk]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [("new", ["c", "b", "a"]), ("top", ["b", "a", "c"]), ("discussed", ["a", "c", "b"])],
)
def test_list_orders_by_the_requested_ordering(api, open_challenge, ordering, expected):
    now = timezone.now()
    made = {
        "a": factories.IdeaFactory(
            challenge=open_challenge, created_at=now - timedelta(hours=3), comment_count=5
        ),
        "b": factories.IdeaFactory(
            challenge=open_challenge,
            created_at=now - timedelta(hours=2),
            up_count=9,
            score=9,
        ),
        "c": factories.IdeaFactory(
            challenge=open_challenge,
            created_at=now - timedelta(hours=1),
            up_count=1,
            down_count=3,
            score=-2,
            comment_count=1,
        ),
    }
    names = {v.pk: k for k, v in made.items()}

    response = api.get(LIST, {"ordering": ordering})

    assert [names[i["id"]] for i in response.json()["results"]] == expected


def test_trending_orders_by_the_stored_hot_column(api, open_challenge):
    cold = factories.IdeaFactory(challenge=open_challenge, hot=1.0)
    warm = factories.IdeaFactory(challenge=open_challenge, hot=5.0)

    response = api.get(LIST, {"ordering": "trending"})

    assert [i["id"] for i in response.json()["results"]] == [warm.pk, cold.pk]


def test_list_filters_combine(api, open_challenge):
    wanted = factories.IdeaFactory(
        challenge=open_challenge,
        seeking_cocreators=True,
        status=Idea.Status.UNDER_REVIEW,
        author=factories.UserFactory(sector=Sector.RESEARCH),
        sector=Sector.RESEARCH,
        title="Solar benches",
    )
    factories.IdeaFactory(challenge=open_challenge, title="Solar roofs")
    factories.IdeaFactory(challenge=None, seeking_cocreators=True, title="Solar kiosks")

    response = api.get(
        LIST,
        {
            "challenge": open_challenge.pk,
            "status": "under_review",
            "sector": "research",
            "seeking_cocreators": "true",
            "search": "solar",
            "author": wanted.author_id,
        },
    )

    assert [i["id"] for i in response.json()["results"]] == [wanted.pk]


def test_list_filters_by_topic_and_organisation(api, open_challenge):
    from accounts.models import Topic

    org = factories.OrganisationFactory()
    wanted = factories.IdeaFactory(challenge=open_challenge, organisation=org)
    wanted.topics.add(Topic.objects.get(slug="green-city"))
    factories.IdeaFactory(challenge=open_challenge, organisation=org)

    response = api.get(LIST, {"topic": "green-city", "organisation": org.pk})

    assert [i["id"] for i in response.json()["results"]] == [wanted.pk]
    assert response.json()["results"][0]["topics"][0]["slug"] == "green-city"


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("ordering", "oldest"),
        ("status", "done"),
        ("sector", "aliens"),
        ("challenge", "abc"),
        ("author", "-1"),
        ("organisation", "not a slug!"),
        ("order", "oldest"),
        ("seeking_cocreators", "perhaps"),
        ("topic", "not a slug!"),
    ],
)
def test_list_refuses_bad_query_values_with_a_message(api, idea, param, value):
    response = api.get(LIST, {param: value})

    assert response.status_code == 400
    assert list(response.json()) == [param]


def test_list_refuses_a_cursor_of_another_ordering(api, open_challenge):
    factories.IdeaFactory.create_batch(3, challenge=open_challenge)
    next_url = api.get(LIST, {"ordering": "new", "page_size": 1}).json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]

    response = api.get(LIST, {"ordering": "top", "cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("ordering", ["new", "top", "trending", "discussed"])
def test_keyset_pages_walk_every_idea_once(api, open_challenge, ordering):
    ideas = factories.IdeaFactory.create_batch(5, challenge=open_challenge, score=0, hot=1.0)
    seen, url = [], f"{LIST}?ordering={ordering}&page_size=2"
    while url:
        body = api.get(url).json()
        seen += [i["id"] for i in body["results"]]
        url = body["next"]

    assert sorted(seen) == sorted(i.pk for i in ideas)
    assert len(seen) == 5


def test_list_shows_my_vote(session_api, idea):
    factories.VoteFactory(idea=idea, user=session_api.user, value=-1)

    item = session_api.get(LIST).json()["results"][0]

    assert item["votes"]["mine"] == -1


@pytest.mark.parametrize("page_size", [1, 50])
def test_list_queries_signed_in_with_a_session(
    session_api, open_challenge, django_assert_num_queries, page_size
):
    from accounts.models import Topic

    for idea in factories.IdeaFactory.create_batch(
        3, challenge=open_challenge, organisation=factories.OrganisationFactory()
    ):
        idea.topics.add(*Topic.objects.all()[:2])
        factories.VoteFactory(idea=idea, user=session_api.user)

    # session, user, ideas with joins and my vote, topics
    with django_assert_num_queries(4):
        response = session_api.get(LIST, {"page_size": page_size})

    assert response.status_code == 200


@pytest.mark.parametrize("page_size", [1, 50])
def test_list_queries_anonymous(api, open_challenge, django_assert_num_queries, page_size):
    factories.IdeaFactory.create_batch(3, challenge=open_challenge)

    with django_assert_num_queries(2):
        api.get(LIST, {"page_size": page_size, "ordering": "top"})


# --- Post --------------------------------------------------------------------------------------


def test_post_to_an_open_challenge(user_api, open_challenge, event_count):
    before = event_count()

    response = user_api.post(
        LIST,
        {
            "title": "Shade trees",
            "summary": "Trees on Jahnplatz",
            "description": "**Shade** for everyone",
            "challenge": open_challenge.pk,
            "topics": ["green-city"],
            "seeking_cocreators": True,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["description_html"] == "<p><strong>Shade</strong> for everyone</p>"
    assert body["author"]["id"] == user_api.user.pk
    assert body["topics"][0]["slug"] == "green-city"
    assert body["responses"] == []
    assert event_count() == before + 3  # idea, challenge and feed streams
    open_challenge.refresh_from_db()
    assert open_challenge.idea_count == 1


def test_post_a_free_idea(user_api):
    response = user_api.post(LIST, {"title": "Repair café", "summary": "Fix things together"})

    assert response.status_code == 201
    assert response.json()["challenge"] is None


def test_post_on_behalf_of_my_organisation(user_api):
    membership = factories.MembershipFactory(user=user_api.user)

    response = user_api.post(LIST, {**VALID, "organisation": membership.organisation_id})

    assert response.status_code == 201
    org = membership.organisation
    assert response.json()["organisation"] == {"id": org.pk, "name": org.name}


def test_post_refused_for_a_foreign_organisation(user_api, event_count):
    org = factories.OrganisationFactory()
    before = event_count()

    response = user_api.post(LIST, {**VALID, "organisation": org.pk})

    assert response.status_code == 400
    assert list(response.json()) == ["organisation"]
    assert Idea.objects.count() == 0
    assert event_count() == before


@pytest.mark.parametrize(
    "challenge_kwargs",
    [
        {"status": "draft"},
        {"status": "evaluation"},
        {"status": "closed"},
        {"status": "archived"},
        {"opens_at": timezone.now() + timedelta(days=1), "closes_at": None},
        {"opens_at": None, "closes_at": timezone.now() - timedelta(minutes=1)},
    ],
    ids=["draft", "evaluation", "closed", "archived", "not-yet-open", "window-over"],
)
def test_post_refused_while_the_challenge_takes_no_ideas(
    user_api, staff, event_count, challenge_kwargs
):
    challenge = factories.ChallengeFactory(created_by=staff, **challenge_kwargs)
    before = event_count()

    response = user_api.post(LIST, {**VALID, "challenge": challenge.pk})

    # A citizen may not know that a draft exists: its id is refused like an unknown one.
    assert response.status_code == (400 if challenge.status == "draft" else 409)
    assert Idea.objects.count() == 0
    assert event_count() == before


def test_post_refused_when_signed_out(api, open_challenge, event_count):
    before = event_count()

    response = api.post(LIST, VALID)

    assert response.status_code == 401
    assert Idea.objects.count() == 0
    assert event_count() == before


def test_post_refused_without_a_title(user_api, event_count):
    before = event_count()

    response = user_api.post(LIST, {"title": "", "summary": "Wasser für alle am Platz."})

    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    assert Idea.objects.count() == 0
    assert event_count() == before


def test_post_sanitises_the_description(user_api):
    response = user_api.post(
        LIST,
        {
            "title": "Trinkbrunnen",
            "summary": "Wasser für alle am Platz.",
            "description": (
                '<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x()">b</b>'
            ),
        },
    )

    html = response.json()["description_html"]
    assert "<script" not in html
    assert "<b" not in html
    assert "href" not in html
    assert Idea.objects.get().description_html == html


# --- Detail ------------------------------------------------------------------------------------


def test_detail_embeds_the_official_responses(api, idea, staff):
    factories_change = idea.status_changes.create(
        from_status="submitted",
        to_status="under_review",
        response="We look at it.",
        response_html="<p>We look at it.</p>",
        changed_by=staff,
    )

    body = api.get(detail(idea)).json()

    assert body["description_html"] == "<p>Trees give <em>shade</em>.</p>"
    assert body["responses"] == [
        {
            "id": factories_change.pk,
            "from_status": "submitted",
            "to_status": "under_review",
            "text": "We look at it.",
            "html": "<p>We look at it.</p>",
            "by": {"id": staff.pk, "display_name": staff.display_name, "sector": "administration"},
            "at": body["responses"][0]["at"],
        }
    ]


def test_detail_of_a_withdrawn_idea_is_not_found(api, idea):
    Idea.objects.filter(pk=idea.pk).update(withdrawn_at=timezone.now())

    assert api.get(detail(idea)).status_code == 404


def test_detail_queries(session_api, idea, staff, django_assert_num_queries):
    from accounts.models import Topic

    idea.topics.add(*Topic.objects.all()[:3])
    for status in ("under_review", "selected"):
        idea.status_changes.create(from_status="x", to_status=status, changed_by=staff)

    # session, user, idea with joins and my vote, topics, responses with their authors
    with django_assert_num_queries(5):
        response = session_api.get(detail(idea))

    assert len(response.json()["responses"]) == 2


# --- Edit and withdraw -------------------------------------------------------------------------


def test_author_edits_and_the_idea_shows_edited(author_api, idea, event_count):
    before = event_count()

    response = author_api.patch(detail(idea), {"title": "Better title", "description": "*new*"})

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Better title"
    assert body["description_html"] == "<p><em>new</em></p>"
    assert body["edited_at"] is not None
    assert event_count() == before + 2


def test_edit_refused_for_someone_else(user_api, idea, event_count):
    before = event_count()

    response = user_api.patch(detail(idea), {"title": "Mine now"})

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title != "Mine now"
    assert idea.edited_at is None
    assert event_count() == before


def test_edit_refused_once_the_challenge_left_the_open_phase(author_api, idea, event_count):
    idea.challenge.status = "evaluation"
    idea.challenge.save()
    before = event_count()

    response = author_api.patch(detail(idea), {"title": "Late change"})

    assert response.status_code == 409
    idea.refresh_from_db()
    assert idea.title != "Late change"
    assert event_count() == before


def test_author_withdraws(author_api, idea, event_count):
    before = event_count()

    response = author_api.delete(detail(idea))

    assert response.status_code == 204
    idea.refresh_from_db()
    assert idea.withdrawn_at is not None
    assert event_count() == before + 3
    assert author_api.get(detail(idea)).status_code == 404


def test_withdraw_refused_for_someone_else(user_api, idea, event_count):
    before = event_count()

    response = user_api.delete(detail(idea))

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.withdrawn_at is None
    assert event_count() == before


def test_ideas_of_a_closed_challenge_are_read_only(author_api, idea, event_count):
    idea.challenge.status = "closed"
    idea.challenge.save()
    before = event_count()

    assert author_api.delete(detail(idea)).status_code == 409
    assert author_api.patch(detail(idea), {"title": "Trinkbrunnen"}).status_code == 409
    idea.refresh_from_db()
    assert idea.withdrawn_at is None
    assert event_count() == before
