"""One shape per entity: every event payload equals what the API answers for the same object,
whatever language the event was published in and whatever language the API is read in.

An event goes to every reader alike, so it leaves out the keys that depend on the reader
(declared beside each shape as *_READER_KEYS: the viewer's own vote, a topic's name in the
reader's language); everything else is equal key for key and value for value. Extra keys an
event adds for its pages are named here one by one.
"""

import copy
import json
from itertools import product

import pytest
from django.utils.translation import override
from rest_framework.test import APIClient

from accounts.models import Topic
from challenges import services as challenge_services
from challenges.output import CHALLENGE_READER_KEYS
from ideas import services as idea_services
from ideas.output import IDEA_READER_KEYS
from realtime.models import Event
from tests import factories

# (the language the event is published in, the language the API is read in)
LANGUAGES = list(product(["de", "en"], repeat=2))


def without_reader_keys(data: dict, paths: tuple[str, ...]) -> dict:
    """`data` without the reader keys at `paths` ("votes.mine", "topics[].name"). Each key must
    be there: a declared reader key the API does not answer is a stale declaration."""
    data = copy.deepcopy(data)
    for path in paths:
        *parents, last = path.split(".")
        nodes = [data]
        for part in parents:
            if part.endswith("[]"):
                nodes = [item for node in nodes for item in node[part[:-2]]]
            else:
                nodes = [node[part] for node in nodes]
        for node in nodes:
            del node[last]
    return data


def only_event(type_: str) -> dict:
    """The payload of the one event of this type, the same on each of its streams."""
    payloads = [e.data for e in Event.objects.filter(type=type_)]
    assert payloads, f"no {type_} event"
    assert all(p == payloads[0] for p in payloads)
    return payloads[0]


def newest_event(type_: str) -> dict:
    return Event.objects.filter(type=type_).latest("id").data


def read(path: str, language: str) -> dict:
    """An anonymous reader's answer, in `language`."""
    response = APIClient().get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()


def listed_idea(pk: int, language: str) -> dict:
    (card,) = [c for c in read("/api/ideas/?ordering=new", language)["results"] if c["id"] == pk]
    return card


def topics(*slugs: str) -> list[Topic]:
    return [Topic.objects.get(slug=slug) for slug in slugs]


def new_idea(author, **fields):
    """An idea posted through the service; `fields` add to or replace a short text."""
    texts = {"title": "Schattige Bänke", "summary": "Bänke unter Bäumen am Jahnplatz."}
    return idea_services.idea_submit(author=author, **{**texts, **fields})


def new_challenge(staff, **fields):
    """An open challenge created through the service."""
    texts = {"title": "Mehr Grün", "summary": "Wie wird es grüner?", "description": "**Ideen**."}
    return challenge_services.challenge_create(actor=staff, status="open", **{**texts, **fields})


@pytest.fixture
def member(db):
    """An author who belongs to an organisation, so cards carry an organisation reference."""
    membership = factories.MembershipFactory()
    return membership.user


# --- Ideas -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_idea_created_carries_the_card_the_list_shows(
    member, open_challenge, published_in, read_in
):
    with override(published_in):
        idea = new_idea(
            member,
            description="Mit *Trinkbrunnen*.",
            challenge=open_challenge,
            # Given out of topic order and twice: the event lists them as the API does.
            topics=topics("open-industry", "green-city", "open-industry"),
            organisation=member.memberships.get().organisation,
            seeking_cocreators=True,
        )

    event = only_event("idea.created")
    card = listed_idea(idea.pk, read_in)
    assert event == without_reader_keys(card, IDEA_READER_KEYS)
    assert card["votes"]["mine"] is None
    assert [t["name"] for t in card["topics"]] == [
        getattr(t, f"name_{read_in}") for t in topics("green-city", "open-industry")
    ]
    assert event["challenge"] == {
        "id": open_challenge.pk,
        "title": open_challenge.title,
        "status": "open",
    }
    detail = read(f"/api/ideas/{idea.pk}/", read_in)
    assert {key: detail[key] for key in card} == card


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_idea_updated_carries_the_card_of_a_free_idea(member, published_in, read_in):
    with override(published_in):
        idea = new_idea(member)
        idea_services.idea_update(
            actor=member, idea=idea, title="Freie Idee, bearbeitet", topics=topics("green-city")
        )

    event = newest_event("idea.updated")
    card = listed_idea(idea.pk, read_in)
    assert event == without_reader_keys(card, IDEA_READER_KEYS)
    assert (event["challenge"], event["organisation"]) == (None, None)
    assert event["edited_at"] is not None


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_idea_status_changed_carries_the_history_entry(idea, staff, published_in, read_in):
    with override(published_in):
        idea_services.idea_set_status(
            actor=staff, idea=idea, status="under_review", response="Wir *prüfen* das."
        )

    event = only_event("idea.status_changed")
    (entry,) = read(f"/api/ideas/{idea.pk}/history/", read_in)["results"]
    detail = read(f"/api/ideas/{idea.pk}/", read_in)
    assert event == {"id": idea.pk, "status": detail["status"], "response": entry}
    assert detail["responses"] == [entry]
    assert entry["by"] == {
        "id": staff.pk,
        "display_name": staff.display_name,
        "sector": staff.sector,
    }


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_idea_withdrawn_names_the_challenge_as_the_card_does(idea, published_in, read_in):
    card = listed_idea(idea.pk, read_in)
    with override(published_in):
        idea_services.idea_withdraw(actor=idea.author, idea=idea)

    assert only_event("idea.withdrawn") == {"id": idea.pk, "challenge": card["challenge"]}


# --- Comments ----------------------------------------------------------------------------------


def thread(idea_pk: int, language: str) -> list[dict]:
    return read(f"/api/ideas/{idea_pk}/comments/", language)["results"]


def comment_without_count(event: dict, comment_count: int) -> dict:
    """A comment event is the comment plus its idea's new `comment_count`."""
    data = dict(event)
    assert data.pop("comment_count") == comment_count
    return data


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_comment_events_carry_the_comment_the_thread_shows(
    idea, user, other_user, published_in, read_in
):
    with override(published_in):
        root = idea_services.comment_post(author=user, idea=idea, body="Gute *Idee*!")
    (listed,) = thread(idea.pk, read_in)
    assert listed.pop("replies") == []
    event = comment_without_count(newest_event("comment.created"), 1)
    assert event == listed == read(f"/api/comments/{root.pk}/", read_in)

    with override(published_in):
        reply = idea_services.comment_post(author=other_user, idea=idea, body="Ja.", parent=root)
        idea_services.comment_edit(actor=other_user, comment=reply, body="Ja, **genau**.")
    (listed_reply,) = thread(idea.pk, read_in)[0]["replies"]
    event = comment_without_count(newest_event("comment.updated"), 2)
    assert event == listed_reply
    assert event["html"] == "<p>Ja, <strong>genau</strong>.</p>"

    with override(published_in):
        idea_services.comment_delete(actor=user, comment=root)
    (listed,) = thread(idea.pk, read_in)
    del listed["replies"]
    event = comment_without_count(newest_event("comment.deleted"), 1)
    assert event == listed
    assert (event["deleted"], event["author"], event["body"], event["html"]) == (True, None, "", "")
    assert read(f"/api/ideas/{idea.pk}/", read_in)["comment_count"] == 1


# --- Votes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_vote_changed_carries_the_tallies_the_vote_api_answers(
    idea, user_api, published_in, read_in
):
    answer = user_api.put(
        f"/api/ideas/{idea.pk}/vote/",
        {"value": -1},
        format="json",
        HTTP_ACCEPT_LANGUAGE=published_in,
    ).json()

    event = only_event("vote.changed")
    assert answer == {"up": 0, "down": 1, "score": -1, "mine": -1}
    # The tallies without the voter's own vote, plus the id of the idea: never who voted.
    assert event == {"idea": idea.pk, **without_reader_keys(answer, ("mine",))}
    card_votes = listed_idea(idea.pk, read_in)["votes"]
    assert {"idea": idea.pk, **without_reader_keys(card_votes, ("mine",))} == event


# --- Co-creator offers -------------------------------------------------------------------------


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_offer_created_carries_the_offer_the_list_shows(user, published_in, read_in):
    idea = factories.IdeaFactory(seeking_cocreators=True)
    with override(published_in):
        idea_services.cocreator_offer(user=user, idea=idea, message="Ich kann Bänke bauen.")

    (listed,) = read(f"/api/ideas/{idea.pk}/offers/", read_in)["results"]
    assert only_event("idea.offer_created") == listed


# --- Challenges --------------------------------------------------------------------------------


@pytest.mark.parametrize(("published_in", "read_in"), LANGUAGES)
def test_challenge_events_carry_the_challenge_the_api_shows(staff, published_in, read_in):
    department = factories.OrganisationFactory(kind="city_department")
    with override(published_in):
        challenge = new_challenge(
            staff, topics=topics("open-industry", "green-city"), organisation=department
        )
    (listed,) = read("/api/challenges/", read_in)["results"]
    assert only_event("challenge.created") == without_reader_keys(listed, CHALLENGE_READER_KEYS)
    assert listed == read(f"/api/challenges/{challenge.pk}/", read_in)
    assert listed["organisation"] == {"id": department.pk, "name": department.name}

    with override(published_in):
        challenge_services.challenge_update(actor=staff, challenge=challenge, title="Grüner!")
    (listed,) = read("/api/challenges/", read_in)["results"]
    assert newest_event("challenge.updated") == without_reader_keys(listed, CHALLENGE_READER_KEYS)


# --- References shared by every answer ---------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_person_organisation_and_topic_look_the_same_in_every_answer(
    member, staff, user, language
):
    organisation = member.memberships.get().organisation
    organisation.topics.set(topics("green-city"))
    challenge = new_challenge(staff, topics=topics("green-city"), organisation=organisation)
    idea = new_idea(
        member,
        challenge=challenge,
        topics=topics("green-city"),
        organisation=organisation,
        seeking_cocreators=True,
    )
    idea_services.comment_post(author=member, idea=idea, body="Von mir.")
    idea_services.cocreator_offer(user=staff, idea=idea, message="Ich helfe.")
    idea_services.idea_set_status(actor=staff, idea=idea, status="under_review", response="Ok.")

    card = listed_idea(idea.pk, language)
    listed_challenge = read(f"/api/challenges/{challenge.pk}/", language)
    listed_organisation = read(f"/api/organisations/{organisation.pk}/", language)
    (member_entry,) = read(f"/api/organisations/{organisation.pk}/members/", language)["results"]
    (comment,) = thread(idea.pk, language)
    (offer,) = read(f"/api/ideas/{idea.pk}/offers/", language)["results"]
    (change,) = read(f"/api/ideas/{idea.pk}/history/", language)["results"]
    topic = next(t for t in read("/api/topics/", language)["results"] if t["slug"] == "green-city")

    assert card["author"] == member_entry["user"] == comment["author"]
    assert offer["user"] == change["by"]
    assert card["organisation"] == listed_challenge["organisation"]
    assert card["organisation"] == {"id": organisation.pk, "name": listed_organisation["name"]}
    assert card["topics"] == listed_challenge["topics"] == listed_organisation["topics"]
    assert card["topics"] == [{"slug": topic["slug"], "name": topic["name"]}]
    assert topic["name"] == topic[f"name_{language}"]


def test_no_event_carries_an_email_or_who_voted(idea, user, other_user, staff, user_api):
    idea.seeking_cocreators = True
    idea.save(update_fields=["seeking_cocreators"])
    idea_services.comment_post(author=user, idea=idea, body="Kommentar")
    idea_services.cocreator_offer(user=other_user, idea=idea, message="Hilfe")
    idea_services.idea_set_status(actor=staff, idea=idea, status="under_review", response="Ok.")
    user_api.put(f"/api/ideas/{idea.pk}/vote/", {"value": 1}, format="json")

    stored = json.dumps([e.data for e in Event.objects.all()])
    for person in (idea.author, user, other_user, staff):
        assert person.email not in stored
    votes = [e.data for e in Event.objects.filter(type="vote.changed")]
    # One vote, on the idea's stream and on its challenge's.
    assert [set(v) for v in votes] == [{"idea", "up", "down", "score"}] * 2
