"""Working groups (issue 17): organisations of kind `working_group` that people join at once
(open), by a request an administrator decides (request), or only when an administrator adds
them (invite, every older organisation's rule). Every refusal changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts import services
from accounts.models import Membership, MembershipRequest, Organisation
from core.errors import StateConflict
from tests import factories
from tests.accounts.conftest import client_for

pytestmark = pytest.mark.django_db

Joining = Organisation.Joining


def _group(joining: str = Joining.OPEN, **fields) -> tuple[Organisation, object]:
    convenor = factories.UserFactory(display_name="Clara Convenor")
    group = services.organisation_create(
        actor=convenor,
        name=fields.pop("name", "Code for Bielefeld"),
        kind=Organisation.Kind.WORKING_GROUP,
        joining=joining,
        **fields,
    )
    return group, convenor


def state(group: Organisation) -> tuple:
    """Everything a joining action may change: memberships and requests."""
    return (
        sorted(Membership.objects.filter(organisation=group).values_list("user_id", "role")),
        sorted(
            MembershipRequest.objects.filter(organisation=group).values_list(
                "user_id", "status", "decided_by_id"
            )
        ),
    )


# --- The model ----------------------------------------------------------------------------------


def test_existing_and_new_organisations_take_members_by_invitation_by_default():
    org = factories.OrganisationFactory()
    assert org.joining == Joining.INVITE
    # The database default: a row written without the column (the previous release) too.
    Organisation.objects.filter(pk=org.pk).update(joining=Joining.OPEN)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_organisation (name, slug, kind, website, description, "
            "created_at, seeks_cocreators, offers_rooms, offers_data, offers_expertise) "
            "VALUES ('Alt', 'alt', 'company', '', '', CURRENT_TIMESTAMP, "
            "false, false, false, false)"
        )
    assert Organisation.objects.get(slug="alt").joining == Joining.INVITE


def test_the_database_allows_one_pending_request_per_person_and_group():
    group, _convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory()
    MembershipRequest.objects.create(organisation=group, user=asker)
    MembershipRequest.objects.create(
        organisation=group, user=asker, status=MembershipRequest.Status.DECLINED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipRequest.objects.create(organisation=group, user=asker)


# --- Open groups --------------------------------------------------------------------------------


def test_anyone_signed_in_joins_an_open_group_at_once_as_a_member():
    group, convenor = _group(Joining.OPEN)
    newcomer = factories.UserFactory()

    membership = services.membership_join(user=newcomer, organisation=group)

    assert (membership.user, membership.role) == (newcomer, Membership.Role.MEMBER)
    assert group.memberships.count() == 2


@pytest.mark.parametrize(
    ("joining", "error", "message"),
    [
        (
            Joining.REQUEST,
            PermissionDenied,
            "New members join by request only: please ask to join.",
        ),
        (
            Joining.INVITE,
            PermissionDenied,
            "Only the administrators add members to this organisation: ask one of them.",
        ),
    ],
)
def test_joining_a_group_that_is_not_open_is_refused_and_changes_nothing(joining, error, message):
    group, _convenor = _group(joining)
    before = state(group)

    with pytest.raises(error, match=message):
        services.membership_join(user=factories.UserFactory(), organisation=group)

    assert state(group) == before


def test_joining_twice_is_a_conflict():
    group, convenor = _group(Joining.OPEN)
    before = state(group)

    with pytest.raises(StateConflict, match="You are already a member."):
        services.membership_join(user=convenor, organisation=group)

    assert state(group) == before


def test_an_unconfirmed_person_cannot_join(db):
    group, _convenor = _group(Joining.OPEN)
    unconfirmed = factories.UserFactory(email_confirmed_at=None)
    before = state(group)

    with pytest.raises(PermissionDenied, match="confirm your email address"):
        services.membership_join(user=unconfirmed, organisation=group)

    assert state(group) == before


def test_joining_an_opened_group_settles_an_earlier_request():
    group, convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory()
    request = services.membership_request_create(user=asker, organisation=group)
    services.organisation_update(actor=convenor, organisation=group, joining=Joining.OPEN)

    services.membership_join(user=asker, organisation=group)

    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.ACCEPTED


# --- Requests -----------------------------------------------------------------------------------


def test_a_request_waits_until_an_administrator_accepts_it_and_then_makes_a_member():
    group, convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory()

    request = services.membership_request_create(
        user=asker, organisation=group, message="  Ich schreibe gern mit.  "
    )
    assert (request.status, request.message) == ("pending", "Ich schreibe gern mit.")
    assert not services.user_is_member(user=asker, organisation=group)

    services.membership_request_accept(actor=convenor, request=request)

    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("accepted", convenor)
    assert request.decided_at is not None
    assert group.memberships.get(user=asker).role == Membership.Role.MEMBER


def test_a_declined_request_makes_no_member_and_the_person_may_ask_again():
    group, convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory()
    request = services.membership_request_create(user=asker, organisation=group)

    services.membership_request_decline(actor=convenor, request=request)

    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("declined", convenor)
    assert not services.user_is_member(user=asker, organisation=group)
    again = services.membership_request_create(user=asker, organisation=group)
    assert again.status == "pending"


def test_the_asker_withdraws_a_pending_request():
    group, _convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory()
    request = services.membership_request_create(user=asker, organisation=group)

    services.membership_request_withdraw(actor=asker, request=request)

    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("withdrawn", None)


@pytest.mark.parametrize(
    ("joining", "setup", "error", "message"),
    [
        (Joining.REQUEST, "pending", StateConflict, "You have asked to join already"),
        (Joining.REQUEST, "member", StateConflict, "You are already a member."),
        (Joining.OPEN, None, StateConflict, "Anyone may join this group"),
        (Joining.INVITE, None, PermissionDenied, "Only the administrators add members"),
    ],
)
def test_asking_is_refused_when_it_makes_no_sense_and_changes_nothing(
    joining, setup, error, message
):
    group, _convenor = _group(joining)
    asker = factories.UserFactory()
    if setup == "pending":
        MembershipRequest.objects.create(organisation=group, user=asker)
    elif setup == "member":
        Membership.objects.create(organisation=group, user=asker)
    before = state(group)

    with pytest.raises(error, match=message):
        services.membership_request_create(user=asker, organisation=group)

    assert state(group) == before


def test_a_message_over_1000_characters_is_refused():
    group, _convenor = _group(Joining.REQUEST)

    with pytest.raises(ValidationError) as caught:
        services.membership_request_create(
            user=factories.UserFactory(), organisation=group, message="x" * 1001
        )

    assert caught.value.message_dict == {"message": ["A message has at most 1000 characters."]}
    assert MembershipRequest.objects.count() == 0


@pytest.mark.parametrize("decide", ["accept", "decline", "withdraw"])
def test_a_decided_request_cannot_be_decided_again(decide):
    group, convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory()
    request = services.membership_request_create(user=asker, organisation=group)
    services.membership_request_decline(actor=convenor, request=request)
    before = state(group)

    actor = asker if decide == "withdraw" else convenor
    with pytest.raises(StateConflict, match="This request has been decided already."):
        getattr(services, f"membership_request_{decide}")(actor=actor, request=request)

    assert state(group) == before


@pytest.mark.parametrize("who", ["asker", "citizen", "member"])
@pytest.mark.parametrize("decide", ["accept", "decline"])
def test_only_administrators_and_staff_decide_requests(who, decide, staff):
    group, _convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory()
    member = factories.UserFactory()
    Membership.objects.create(organisation=group, user=member)
    request = services.membership_request_create(user=asker, organisation=group)
    actor = {"asker": asker, "citizen": factories.UserFactory(), "member": member}[who]
    before = state(group)

    with pytest.raises(PermissionDenied, match="Only the organisation's administrators"):
        getattr(services, f"membership_request_{decide}")(actor=actor, request=request)

    assert state(group) == before
    # City staff may, as they may change any organisation.
    getattr(services, f"membership_request_{decide}")(actor=staff, request=request)
    request.refresh_from_db()
    assert request.decided_by == staff


def test_only_the_asker_withdraws(staff):
    group, convenor = _group(Joining.REQUEST)
    request = services.membership_request_create(user=factories.UserFactory(), organisation=group)
    before = state(group)

    for actor in (convenor, staff, factories.UserFactory()):
        with pytest.raises(PermissionDenied, match="Only the person who asked"):
            services.membership_request_withdraw(actor=actor, request=request)

    assert state(group) == before


# --- Leaving ------------------------------------------------------------------------------------


def test_a_member_leaves():
    group, _convenor = _group(Joining.OPEN)
    member = factories.UserFactory()
    services.membership_join(user=member, organisation=group)

    services.membership_leave(user=member, organisation=group)

    assert not services.user_is_member(user=member, organisation=group)


def test_the_last_administrator_cannot_leave_but_one_of_two_can():
    group, convenor = _group(Joining.OPEN)
    before = state(group)

    with pytest.raises(StateConflict, match="at least one administrator"):
        services.membership_leave(user=convenor, organisation=group)
    assert state(group) == before

    other = factories.UserFactory()
    services.membership_add(
        actor=convenor, organisation=group, user=other, role=Membership.Role.ADMIN
    )
    services.membership_leave(user=convenor, organisation=group)
    assert list(group.memberships.values_list("user_id", flat=True)) == [other.pk]


def test_leaving_without_being_a_member_is_a_conflict():
    group, _convenor = _group(Joining.OPEN)
    with pytest.raises(StateConflict, match="You are not a member."):
        services.membership_leave(user=factories.UserFactory(), organisation=group)


# --- Creating and editing -----------------------------------------------------------------------


def test_anyone_signed_in_starts_a_group_and_becomes_its_administrator():
    group, convenor = _group(Joining.REQUEST, offers=["cocreators"], description="Wir treffen uns.")

    assert (group.kind, group.joining, group.offers) == (
        "working_group",
        "request",
        ["cocreators"],
    )
    assert group.memberships.get().user == convenor
    assert group.memberships.get().role == Membership.Role.ADMIN


def test_unknown_joining_modes_and_offers_are_refused(user):
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(
            actor=user, name="AG", kind=Organisation.Kind.WORKING_GROUP, joining="lottery"
        )
    assert caught.value.message_dict == {"joining": ["Please choose one of the options."]}
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(
            actor=user, name="AG", kind=Organisation.Kind.WORKING_GROUP, offers=["castles"]
        )
    assert caught.value.message_dict == {"offers": ["Please choose one of the options."]}
    assert not Organisation.objects.exists()


def test_administrators_change_joining_and_offers_members_may_not():
    group, convenor = _group(Joining.OPEN)
    member = factories.UserFactory()
    services.membership_join(user=member, organisation=group)

    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=member, organisation=group, joining=Joining.INVITE)
    group.refresh_from_db()
    assert group.joining == Joining.OPEN

    services.organisation_update(
        actor=convenor, organisation=group, joining=Joining.INVITE, offers=["rooms", "data"]
    )
    group.refresh_from_db()
    assert (group.joining, group.offers) == ("invite", ["rooms", "data"])


# --- API ----------------------------------------------------------------------------------------


def url(group, tail: str = "") -> str:
    return f"/api/organisations/{group.pk}/{tail}"


def test_api_join_and_leave(api):
    group, _convenor = _group(Joining.OPEN)
    person = factories.UserFactory(display_name="Paula")
    client = client_for(person)

    joined = client.post(url(group, "join/"))
    assert joined.status_code == 201
    assert joined.json()["user"]["display_name"] == "Paula"
    assert joined.json()["role"] == "member"

    again = client.post(url(group, "join/"))
    assert (again.status_code, again.json()) == (409, {"detail": "You are already a member."})

    left = client.post(url(group, "leave/"))
    assert left.status_code == 204
    assert not services.user_is_member(user=person, organisation=group)


def test_api_refuses_anonymous_people_and_closed_groups(api):
    group, convenor = _group(Joining.INVITE)
    before = state(group)

    assert api.post(url(group, "join/")).status_code == 401
    assert api.post(url(group, "requests/"), {}, format="json").status_code == 401
    refused = client_for(factories.UserFactory()).post(url(group, "join/"))
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Only the administrators add members to this organisation: ask one of them."
    }
    last = client_for(convenor).post(url(group, "leave/"))
    assert (last.status_code, last.json()) == (
        409,
        {"detail": "An organisation needs at least one administrator."},
    )
    assert client_for(convenor).post("/api/organisations/999999/join/").status_code == 404
    assert state(group) == before


def test_api_request_lifecycle(api):
    group, convenor = _group(Joining.REQUEST)
    asker = factories.UserFactory(display_name="Aylin")
    asker_api, admin_api = client_for(asker), client_for(convenor)

    made = asker_api.post(url(group, "requests/"), {"message": "Hallo"}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert body == {
        "id": body["id"],
        "organisation": {"id": group.pk, "name": "Code for Bielefeld"},
        "user": {"id": asker.pk, "display_name": "Aylin", "sector": "citizen"},
        "message": "Hallo",
        "status": "pending",
        "created_at": body["created_at"],
        "decided_at": None,
    }
    duplicate = asker_api.post(url(group, "requests/"), {}, format="json")
    assert duplicate.status_code == 409

    # The administrator lists the pending ones; the asker sees only their own.
    listed = admin_api.get(url(group, "requests/"))
    assert [r["id"] for r in listed.json()["results"]] == [body["id"]]
    other = client_for(factories.UserFactory()).get(url(group, "requests/"))
    assert other.json()["results"] == []
    assert [r["id"] for r in asker_api.get(url(group, "requests/")).json()["results"]] == [
        body["id"]
    ]

    # The asker may not accept their own request.
    assert asker_api.post(url(group, f"requests/{body['id']}/accept/")).status_code == 403
    accepted = admin_api.post(url(group, f"requests/{body['id']}/accept/"))
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert services.user_is_member(user=asker, organisation=group)
    assert admin_api.post(url(group, f"requests/{body['id']}/decline/")).status_code == 409
    assert admin_api.get(url(group, "requests/"), {"status": "accepted"}).json()["count"] == 1


def test_api_request_of_another_organisation_is_not_found():
    group, convenor = _group(Joining.REQUEST)
    other_group, _ = _group(Joining.REQUEST, name="AG Leitlinien")
    request = services.membership_request_create(
        user=factories.UserFactory(), organisation=other_group
    )

    response = client_for(convenor).post(url(group, f"requests/{request.pk}/accept/"))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_api_withdraw_and_too_long_message():
    group, _convenor = _group(Joining.REQUEST)
    asker_api = client_for(factories.UserFactory())

    too_long = asker_api.post(url(group, "requests/"), {"message": "x" * 1001}, format="json")
    assert too_long.status_code == 400
    assert list(too_long.json()) == ["message"]
    assert MembershipRequest.objects.count() == 0

    made = asker_api.post(url(group, "requests/"), {}, format="json").json()
    withdrawn = asker_api.post(url(group, f"requests/{made['id']}/withdraw/"))
    assert withdrawn.json()["status"] == "withdrawn"


def test_api_joining_is_readable_and_writable_by_administrators(api):
    group, convenor = _group(Joining.OPEN)

    shown = api.get(url(group))
    assert (shown.json()["joining"], shown.json()["offers"]) == ("open", [])

    changed = client_for(convenor).patch(
        url(group), {"joining": "request", "offers": ["rooms"]}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["joining"], changed.json()["offers"]) == ("request", ["rooms"])
    refused = client_for(factories.UserFactory()).patch(
        url(group), {"joining": "open"}, format="json"
    )
    assert refused.status_code == 403
    bad = client_for(convenor).patch(url(group), {"joining": "lottery"}, format="json")
    assert (bad.status_code, list(bad.json())) == (400, ["joining"])
    group.refresh_from_db()
    assert group.joining == "request"


def test_api_creates_a_working_group_and_filters_by_kind(api):
    factories.OrganisationFactory(name="Firma")
    made = client_for(factories.UserFactory()).post(
        "/api/organisations/",
        {"name": "AG Radverkehr", "kind": "working_group", "joining": "open"},
        format="json",
    )
    assert made.status_code == 201
    assert (made.json()["kind"], made.json()["joining"]) == ("working_group", "open")

    listed = api.get("/api/organisations/", {"kind": "working_group"})
    assert [o["name"] for o in listed.json()["results"]] == ["AG Radverkehr"]
