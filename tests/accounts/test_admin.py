"""The admin for people, organisations and topics: email logins, members inline."""

import pytest
from django.test import Client

from accounts.models import Membership, User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(db):
    admin = User.objects.create_superuser("root@example.org", "admin-pass-2026")
    client = Client()
    client.force_login(admin)
    return client


def test_add_user_with_email_and_password(superuser_client):
    response = superuser_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Lena.Hoffmann@Example.org",
            "display_name": "Lena Hoffmann",
            "sector": "civil_society",
            "usable_password": "true",
            "password1": "gruenes-band-2026",
            "password2": "gruenes-band-2026",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="lena.hoffmann@example.org")
    assert user.check_password("gruenes-band-2026")
    assert user.sector == "civil_society"


def test_add_user_refuses_an_email_taken_in_another_case(superuser_client):
    factories.UserFactory(email="lena@example.org")

    response = superuser_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "LENA@example.org",
            "display_name": "Lena",
            "sector": "citizen",
            "usable_password": "true",
            "password1": "gruenes-band-2026",
            "password2": "gruenes-band-2026",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="lena@example.org").count() == 1


def test_user_pages_load_and_mark_city_staff(superuser_client, staff, user):
    response = superuser_client.get("/admin/accounts/user/", {"sector": "administration"})

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    user_admin = response.context["cl"].model_admin
    assert [(u.email, user_admin.city_staff(u)) for u in rows] == [(staff.email, True)]
    assert superuser_client.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200


def test_user_changelist_query_count_does_not_grow(superuser_client, django_assert_num_queries):
    factories.UserFactory.create_batch(3)
    # A fixed cost: the city-staff column is an EXISTS in the page query, not one per row.
    with django_assert_num_queries(6) as few:
        superuser_client.get("/admin/accounts/user/")
    factories.UserFactory.create_batch(10)
    with django_assert_num_queries(len(few.captured_queries)):
        superuser_client.get("/admin/accounts/user/")


def test_organisation_pages_load_with_members_inline(superuser_client):
    membership = factories.MembershipFactory(role=Membership.Role.ADMIN)
    org = membership.organisation

    assert superuser_client.get("/admin/accounts/organisation/").status_code == 200
    response = superuser_client.get(f"/admin/accounts/organisation/{org.pk}/change/")
    assert response.status_code == 200
    assert membership.user.display_name in response.content.decode()


def test_topic_and_membership_lists_load(superuser_client):
    factories.MembershipFactory()

    assert superuser_client.get("/admin/accounts/topic/").status_code == 200
    assert superuser_client.get("/admin/accounts/membership/").status_code == 200
