"""The working groups on the site (issue 17): the list, a group's page with its joining button,
requests for its administrators, meetings and ideas, the forms to start and edit a group, a
person's groups and the directory's kind filter; German first, English complete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import Membership, MembershipRequest, Organisation
from tests import factories

pytestmark = pytest.mark.django_db

Joining = Organisation.Joining


def _client(user=None, lang: str = "de") -> Client:
    client = Client(headers={"accept-language": lang})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def convenor():
    return factories.UserFactory(display_name="Clara Convenor")


def _group(convenor, joining=Joining.OPEN, name="Code for Bielefeld", **fields) -> Organisation:
    return services.organisation_create(
        actor=convenor,
        name=name,
        kind=Organisation.Kind.WORKING_GROUP,
        joining=joining,
        description="Wir bauen Dinge mit offenen Daten.",
        **fields,
    )


def _page(client: Client, group: Organisation) -> str:
    response = client.get(f"/organisations/{group.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_group_list_shows_only_working_groups_in_german_and_english(convenor):
    _group(convenor)
    factories.OrganisationFactory(name="Sparrenburg Software GmbH")

    german = _client().get("/groups/").content.decode()
    assert "<h1>Arbeitsgruppen</h1>" in german
    assert "Code for Bielefeld" in german
    assert "Offen: Wer angemeldet ist, tritt sofort bei" in german
    assert "Sparrenburg Software GmbH" not in german
    english = _client(lang="en").get("/groups/").content.decode()
    assert "<h1>Working groups</h1>" in english
    assert "Open: anyone signed in joins at once" in english


def test_the_group_list_asks_a_fixed_number_of_queries(convenor, django_assert_num_queries):
    for n in range(3):
        _group(convenor, name=f"AG {n}")
    with django_assert_num_queries(2):  # count, page
        _client().get("/groups/")
    for n in range(3, 8):
        _group(convenor, name=f"AG {n}")
    with django_assert_num_queries(2):
        _client().get("/groups/")


def test_the_site_menu_links_the_working_groups(convenor):
    html = _client().get("/").content.decode()
    assert '<a href="/groups/">Arbeitsgruppen</a>' in html


def test_an_open_groups_page_offers_join_and_then_leave(convenor):
    group = _group(convenor)
    person = factories.UserFactory(display_name="Paula Neu")
    client = _client(person)

    html = _page(client, group)
    assert f'action="/organisations/{group.slug}/join/"' in html
    assert ">Beitreten</button>" in html

    response = client.post(f"/organisations/{group.slug}/join/", follow=True)
    html = response.content.decode()
    assert "Willkommen: Du bist jetzt Mitglied." in html
    assert ">Austreten</button>" in html
    assert "Paula Neu" in html

    response = client.post(f"/organisations/{group.slug}/leave/", follow=True)
    assert "Du bist ausgetreten." in response.content.decode()
    assert not services.user_is_member(user=person, organisation=group)


def test_the_last_administrator_leaving_gets_a_message_and_stays(convenor):
    group = _group(convenor)

    response = _client(convenor).post(f"/organisations/{group.slug}/leave/", follow=True)

    assert "Eine Organisation braucht mindestens" in response.content.decode()
    assert services.user_is_member(user=convenor, organisation=group)


def test_a_request_groups_page_asks_withdraws_and_the_admin_decides(convenor):
    group = _group(convenor, Joining.REQUEST)
    asker = factories.UserFactory(display_name="Aylin Demir")
    asker_client, admin_client = _client(asker), _client(convenor)

    html = _page(asker_client, group)
    assert ">Beitritt anfragen</button>" in html
    assert 'name="message"' in html

    response = asker_client.post(
        f"/organisations/{group.slug}/requests/", {"message": "Ich helfe mit."}, follow=True
    )
    html = response.content.decode()
    assert "Deine Anfrage ist verschickt." in html
    assert ">Meine Anfrage zurückziehen</button>" in html
    request = MembershipRequest.objects.get()

    admin_html = _page(admin_client, group)
    assert "Beitrittsanfragen (1)" in admin_html
    assert "Ich helfe mit." in admin_html
    assert f'action="/organisations/{group.slug}/requests/{request.pk}/accept/"' in admin_html
    # Nobody else sees the requests or their message.
    assert "Ich helfe mit." not in _page(_client(), group)
    assert "Ich helfe mit." not in _page(_client(factories.UserFactory()), group)

    response = admin_client.post(
        f"/organisations/{group.slug}/requests/{request.pk}/accept/", follow=True
    )
    assert "Die Anfrage ist angenommen: Aylin Demir ist jetzt Mitglied." in (
        response.content.decode()
    )
    assert services.user_is_member(user=asker, organisation=group)


def test_withdrawing_on_the_site(convenor):
    group = _group(convenor, Joining.REQUEST)
    asker = factories.UserFactory()
    request = services.membership_request_create(user=asker, organisation=group)

    response = _client(asker).post(
        f"/organisations/{group.slug}/requests/{request.pk}/withdraw/", follow=True
    )

    assert "Deine Anfrage ist zurückgezogen." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_refusals_on_the_site_change_nothing(convenor):
    group = _group(convenor, Joining.REQUEST)
    asker = factories.UserFactory()
    request = services.membership_request_create(user=asker, organisation=group)
    stranger = _client(factories.UserFactory())

    # Anonymous people are sent to log in; others get 403 for what is not theirs to decide.
    anonymous = _client().post(f"/organisations/{group.slug}/join/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/")
    assert stranger.post(f"/organisations/{group.slug}/join/").status_code == 403
    accept = f"/organisations/{group.slug}/requests/{request.pk}/accept/"
    assert stranger.post(accept).status_code == 403
    assert _client(asker).post(accept).status_code == 403
    assert (
        stranger.post(f"/organisations/{group.slug}/requests/{request.pk}/fly/").status_code == 404
    )
    assert stranger.get(accept).status_code == 405
    # A second request is a message, not a second row.
    again = _client(asker).post(f"/organisations/{group.slug}/requests/", follow=True)
    assert "Du hast schon angefragt" in again.content.decode()
    too_long = _client(factories.UserFactory()).post(
        f"/organisations/{group.slug}/requests/", {"message": "x" * 1001}, follow=True
    )
    assert "nicht mehr als 1000 Zeichen" in too_long.content.decode()

    assert list(MembershipRequest.objects.values_list("status", flat=True)) == ["pending"]
    assert list(group.memberships.values_list("user_id", flat=True)) == [convenor.pk]


def test_an_invite_only_organisation_shows_no_joining_button(convenor):
    org = factories.OrganisationFactory(name="Firma")
    html = _page(_client(factories.UserFactory()), org)
    assert "/join/" not in html
    assert "Beitritt anfragen" not in html
    assert "Auf Einladung: Nur die Administrator*innen nehmen Mitglieder auf" in html


def test_the_group_page_shows_meetings_ideas_and_roles_in_english(convenor):
    group = _group(convenor)
    member = factories.UserFactory(display_name="Max Member")
    services.membership_join(user=member, organisation=group)
    now = timezone.now()
    factories.EventFactory(
        title="Next meetup",
        organiser=group,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
    )
    factories.EventFactory(
        title="Last meetup",
        organiser=group,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=2),
    )
    factories.IdeaFactory(author=member, organisation=group, title="Idea of the group")

    html = _page(_client(lang="en"), group)

    assert "Working groups</a>" in html  # the breadcrumb
    assert "Next meetings" in html
    assert "Next meetup" in html
    assert "Past meetings" in html
    assert "Last meetup" in html
    assert "Idea of the group" in html
    assert "Clara Convenor" in html
    assert "Administrator" in html
    assert "Max Member" in html
    assert "Log in to join." in html


def test_the_group_page_asks_a_fixed_number_of_queries(convenor, django_assert_num_queries):
    group = _group(convenor, Joining.REQUEST)
    for _ in range(3):
        services.membership_request_create(user=factories.UserFactory(), organisation=group)

    def count() -> None:
        client = _client(convenor)
        # the organisation and its topics, session and user, ideas, staff and admin checks,
        # the challenges it runs, members, requests, the viewer's membership and request,
        # joining checks, meetings upcoming and past, the bell and the follow button
        with django_assert_num_queries(18):
            client.get(f"/organisations/{group.slug}/")

    count()
    for _ in range(4):
        services.membership_request_create(user=factories.UserFactory(), organisation=group)
        Membership.objects.create(organisation=group, user=factories.UserFactory())
    count()


def test_anyone_signed_in_starts_a_group_on_the_site(convenor):
    client = _client(convenor)
    assert client.get("/groups/new/").status_code == 200
    assert _client().get("/groups/new/").status_code == 302

    response = client.post(
        "/groups/new/",
        {
            "name": "AG Radverkehr",
            "description": "Radwege für alle.",
            "joining": "request",
            "offers": ["cocreators"],
        },
    )

    group = Organisation.objects.get(name="AG Radverkehr")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{group.slug}/"
    assert (group.kind, group.joining, group.offers) == ("working_group", "request", ["cocreators"])
    assert group.memberships.get().user == convenor


def test_a_bad_group_form_shows_errors_and_creates_nothing(convenor):
    _group(convenor)
    response = _client(convenor).post(
        "/groups/new/", {"name": "Code for Bielefeld", "joining": "lottery"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte wähle eine der Möglichkeiten." in html
    assert Organisation.objects.count() == 1

    response = _client(convenor).post(
        "/groups/new/", {"name": "code for bielefeld", "joining": "open"}
    )
    assert response.status_code == 400
    assert "Es gibt schon eine Organisation mit diesem Namen." in response.content.decode()
    assert Organisation.objects.count() == 1


def test_administrators_edit_the_group_and_its_offers_others_may_not(convenor):
    group = _group(convenor)
    edit = f"/organisations/{group.slug}/edit/"
    member = factories.UserFactory()
    services.membership_join(user=member, organisation=group)

    assert _client(member).get(edit).status_code == 403
    assert _client(member).post(edit, {"name": "Gekapert", "joining": "open"}).status_code == 403
    page = _client(convenor).get(edit).content.decode()
    assert 'value="Code for Bielefeld"' in page

    response = _client(convenor).post(
        edit,
        {"name": "Code for Bielefeld", "joining": "invite", "offers": ["rooms", "expertise"]},
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.joining, group.offers) == (
        "Code for Bielefeld",
        "invite",
        ["rooms", "expertise"],
    )
    assert "Bietet Räume" in _page(_client(), group)


def test_a_persons_page_lists_their_groups_apart_from_their_organisations(convenor):
    group = _group(convenor)
    factories.MembershipFactory(
        user=convenor, organisation=factories.OrganisationFactory(name="Sparrenburg GmbH")
    )

    html = _client().get(f"/people/{convenor.pk}/").content.decode()

    groups = html[html.index('id="person-groups-heading"') :]
    organisations = html[
        html.index('id="person-orgs-heading"') : html.index('id="person-groups-heading"')
    ]
    assert group.name in groups
    assert "Sparrenburg GmbH" in organisations
    assert group.name not in organisations


# --- The directory --------------------------------------------------------------------------------


def test_the_directory_filters_working_groups_apart_from_organisations(convenor):
    _group(convenor, offers=["cocreators"])
    factories.OrganisationFactory(name="Sparrenburg GmbH", seeks_cocreators=True)

    def page(**params) -> str:
        return _client().get("/directory/", params).content.decode()

    everything = page()
    assert "Organisationen und Arbeitsgruppen (2)" in everything
    groups = page(kind="working_groups")
    assert ("Code for Bielefeld" in groups, "Sparrenburg GmbH" in groups) == (True, False)
    assert "Arbeitsgruppen (1)" in groups
    organisations = page(kind="organisations", offer="cocreators")
    assert ("Code for Bielefeld" in organisations, "Sparrenburg GmbH" in organisations) == (
        False,
        True,
    )


@pytest.mark.parametrize("kind", ["all", "organisations", "working_groups"])
def test_the_directory_query_count_stays_fixed_with_groups(
    convenor, kind, django_assert_num_queries
):
    for n in range(3):
        _group(convenor, name=f"AG {n}", offers=["rooms"])
        factories.OrganisationFactory(offers_rooms=True)
    factories.UserFactory(listed_in_directory=True, offers_rooms=True)
    # topics, organisations count + page + their topics (+ people count + page for "all")
    with django_assert_num_queries(6 if kind == "all" else 4):
        _client().get("/directory/", {"offer": "rooms", "kind": kind})


def test_the_directory_api_lists_working_groups_in_constant_queries(
    convenor, django_assert_num_queries
):
    for n in range(3):
        _group(convenor, name=f"AG {n}")
    factories.OrganisationFactory(name="Firma")
    api = Client()

    with django_assert_num_queries(3):  # count, page, topics
        groups = api.get("/api/directory/", {"kind": "working_groups"}).json()
    organisations = api.get("/api/directory/").json()

    assert [(g["kind"], g["name"]) for g in groups["results"]] == [
        ("working_group", "AG 0"),
        ("working_group", "AG 1"),
        ("working_group", "AG 2"),
    ]
    assert [(o["kind"], o["name"]) for o in organisations["results"]] == [("organisation", "Firma")]
    assert Client().get("/api/directory/", {"kind": "guilds"}).status_code == 400
