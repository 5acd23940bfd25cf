"""The admin shows evaluations and assignments read-only (changes go through the services)."""

from django.test import Client

from accounts.models import Organisation
from ideas.evaluation import services
from ideas.evaluation.models import Evaluation, IdeaAssignment
from tests import factories


def test_evaluations_and_assignments_are_listed_and_shown(staff, idea, open_challenge):
    staff.is_staff = staff.is_superuser = True
    staff.save()
    services.criterion_add(actor=staff, challenge=open_challenge, name="Wirkung", weight=2)
    office = factories.OrganisationFactory(kind=Organisation.Kind.CITY_DEPARTMENT)
    services.idea_assign(actor=staff, idea=idea, department=office)
    client = Client()
    client.force_login(staff)

    pages = [
        "/admin/evaluation/evaluation/",
        f"/admin/evaluation/evaluation/{Evaluation.objects.get().pk}/change/",
        "/admin/evaluation/ideaassignment/",
        f"/admin/evaluation/ideaassignment/{IdeaAssignment.objects.get().pk}/change/",
    ]

    assert [client.get(page).status_code for page in pages] == [200, 200, 200, 200]
    assert "Wirkung" in client.get(pages[1]).content.decode()
