"""Members of organisations: admins and city staff add and remove, anyone may leave,
the last admin stays."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership
from tests import factories

from .conftest import client_for

pytestmark = pytest.mark.django_db


def members_url(org) -> str:
    return f"/api/organisations/{org.pk}/members/"


def member_url(org, user) -> str:
    return f"/api/organisations/{org.pk}/members/{user.pk}/"


def roles(org) -> dict[int, str]:
    return dict(Membership.objects.filter(organisation=org).values_list("user_id", "role"))


def test_members_list_admins_first_without_emails(api, organisation, org_member, org_admin):
    response = api.get(members_url(organisation))

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(m["user"], m["role"]) for m in results] == [
        ({"id": org_admin.pk, "display_name": "Ada Admin", "sector": "citizen"}, "admin"),
        ({"id": org_member.pk, "display_name": "Max Member", "sector": "citizen"}, "member"),
    ]


def test_members_of_an_unknown_organisation_is_404(api):
    assert api.get("/api/organisations/999999/members/").status_code == 404


@pytest.mark.parametrize("page_size", [1, 50])
def test_members_query_count_does_not_grow_with_page_size(
    page_size, organisation, django_assert_num_queries
):
    factories.MembershipFactory.create_batch(6, organisation=organisation)

    with django_assert_num_queries(3):  # organisation, count, page with users
        response = APIClient().get(members_url(organisation), {"page_size": page_size})

    assert len(response.json()["results"]) == min(page_size, 6)


def test_admin_adds_a_member(admin_api, organisation, org_admin, other_user):
    response = admin_api.post(members_url(organisation), {"user": other_user.pk}, format="json")

    assert response.status_code == 201
    assert response.json()["user"]["id"] == other_user.pk
    assert response.json()["role"] == "member"
    assert roles(organisation) == {org_admin.pk: "admin", other_user.pk: "member"}


def test_admin_promotes_a_member(admin_api, organisation, org_admin, org_member):
    response = admin_api.post(
        members_url(organisation), {"user": org_member.pk, "role": "admin"}, format="json"
    )

    assert response.status_code == 201
    assert roles(organisation) == {org_admin.pk: "admin", org_member.pk: "admin"}


def test_city_staff_add_members_to_any_organisation(staff_api, organisation, other_user):
    response = staff_api.post(members_url(organisation), {"user": other_user.pk}, format="json")

    assert response.status_code == 201
    assert roles(organisation) == {other_user.pk: "member"}


def test_member_cannot_add_members(member_api, organisation, org_member, other_user):
    response = member_api.post(members_url(organisation), {"user": other_user.pk}, format="json")

    assert response.status_code == 403
    assert roles(organisation) == {org_member.pk: "member"}


def test_admin_of_another_organisation_cannot_add_members(organisation, other_user):
    foreign = factories.OrganisationFactory(name="Fremd GmbH")
    foreign_admin = factories.UserFactory()
    factories.MembershipFactory(
        organisation=foreign, user=foreign_admin, role=Membership.Role.ADMIN
    )

    response = client_for(foreign_admin).post(
        members_url(organisation), {"user": foreign_admin.pk, "role": "admin"}, format="json"
    )

    assert response.status_code == 403
    assert roles(organisation) == {}


def test_anonymous_cannot_add_members(api, organisation, other_user):
    response = api.post(members_url(organisation), {"user": other_user.pk}, format="json")

    assert response.status_code == 401
    assert roles(organisation) == {}


def test_adding_an_unknown_person_is_400(admin_api, organisation, org_admin):
    response = admin_api.post(members_url(organisation), {"user": 999999}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["user"]
    assert roles(organisation) == {org_admin.pk: "admin"}


def test_adding_with_an_unknown_role_is_400(admin_api, organisation, org_admin, other_user):
    response = admin_api.post(
        members_url(organisation), {"user": other_user.pk, "role": "owner"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["role"]
    assert roles(organisation) == {org_admin.pk: "admin"}


def test_admin_removes_a_member(admin_api, organisation, org_admin, org_member):
    response = admin_api.delete(member_url(organisation, org_member))

    assert response.status_code == 204
    assert roles(organisation) == {org_admin.pk: "admin"}


def test_member_leaves(member_api, organisation, org_admin, org_member):
    response = member_api.delete(member_url(organisation, org_member))

    assert response.status_code == 204
    assert roles(organisation) == {org_admin.pk: "admin"}


def test_member_cannot_remove_another_member(member_api, organisation, org_admin, org_member):
    response = member_api.delete(member_url(organisation, org_admin))

    assert response.status_code == 403
    assert roles(organisation) == {org_admin.pk: "admin", org_member.pk: "member"}


def test_last_admin_cannot_leave(admin_api, organisation, org_admin, org_member):
    response = admin_api.delete(member_url(organisation, org_admin))

    assert response.status_code == 409
    assert response.json() == {"detail": "An organisation needs at least one administrator."}
    assert roles(organisation) == {org_admin.pk: "admin", org_member.pk: "member"}


def test_staff_cannot_remove_the_last_admin_either(staff_api, organisation, org_admin):
    response = staff_api.delete(member_url(organisation, org_admin))

    assert response.status_code == 409
    assert roles(organisation) == {org_admin.pk: "admin"}


def test_one_of_two_admins_may_leave(admin_api, organisation, org_admin, org_member):
    Membership.objects.filter(user=org_member).update(role=Membership.Role.ADMIN)

    response = admin_api.delete(member_url(organisation, org_admin))

    assert response.status_code == 204
    assert roles(organisation) == {org_member.pk: "admin"}


def test_removing_someone_from_an_unknown_organisation_is_404(admin_api, org_admin):
    assert admin_api.delete(f"/api/organisations/999999/members/{org_admin.pk}/").status_code == 404


def test_last_admin_cannot_be_demoted(admin_api, organisation, org_admin):
    response = admin_api.post(
        members_url(organisation), {"user": org_admin.pk, "role": "member"}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "An organisation needs at least one administrator."}
    assert roles(organisation) == {org_admin.pk: "admin"}


def test_an_admin_may_step_down_when_another_remains(
    admin_api, organisation, org_admin, org_member
):
    Membership.objects.filter(user=org_member).update(role=Membership.Role.ADMIN)

    response = admin_api.post(
        members_url(organisation), {"user": org_admin.pk, "role": "member"}, format="json"
    )

    assert response.status_code == 201
    assert roles(organisation) == {org_admin.pk: "member", org_member.pk: "admin"}
