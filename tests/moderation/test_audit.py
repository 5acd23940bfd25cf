"""The audit log is append-only: no save of an existing entry, no delete, no bulk update or
delete through the ORM, no change or delete in the admin, and on PostgreSQL the database
itself refuses UPDATE and DELETE."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from moderation.models import AppendOnly, AuditEntry
from tests import factories
from tests.moderation.conftest import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    report(world.reporters[0], "comment", world.comment.pk)
    return AuditEntry.objects.get(action="report")


def _unchanged(entry):
    fresh = AuditEntry.objects.get(pk=entry.pk)
    return (fresh.action, fresh.reason, fresh.item) == ("report", "insult", entry.item)


def test_an_entry_cannot_be_saved_again(entry):
    entry.reason = "nichts"
    with pytest.raises(AppendOnly):
        entry.save()
    assert _unchanged(entry)


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().update(reason="nichts")
    assert _unchanged(entry)


def test_the_admin_shows_the_log_but_offers_no_change_add_or_delete(entry):
    admin = site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = factories.UserFactory(is_staff=True, is_superuser=True)

    assert admin.has_view_permission(request, entry)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)
    assert not admin.has_add_permission(request)


def test_staff_read_the_log_over_the_api_and_nobody_else(entry, world):
    from rest_framework.test import APIClient

    staff, citizen = APIClient(), APIClient()
    staff.force_authenticate(world.staff)
    citizen.force_authenticate(world.reporters[1])

    assert citizen.get("/api/moderation/audit/").status_code == 403
    actions = [e["action"] for e in staff.get("/api/moderation/audit/").json()["results"]]
    assert actions[0] == "report"
    assert staff.delete("/api/moderation/audit/").status_code == 405
    assert _unchanged(entry)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_by_sql(entry):
    for sql in (
        "UPDATE moderation_auditentry SET reason = 'nichts'",
        "DELETE FROM moderation_auditentry",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert _unchanged(entry)
