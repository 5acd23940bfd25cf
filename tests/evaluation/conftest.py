"""A challenge with a jury: three criteria, two jurors, ideas through the services."""

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from ideas import services as idea_services
from ideas.evaluation import services
from tests import factories

IDEA_TEXT = {"summary": "Eine Idee für die Stadt, ausführlich genug.", "description": ""}


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def jury(db, staff, open_challenge):
    """Criteria impact (weight 3), feasibility (2), cost (1); juror A has ideas 1 and 2, juror B
    (an outside expert with an account) has ideas 1 and 3."""
    authors = factories.UserFactory.create_batch(3)
    ideas = [
        idea_services.idea_submit(
            author=author, challenge=open_challenge, title=f"Idee Nummer {n}", **IDEA_TEXT
        )
        for n, author in enumerate(authors, start=1)
    ]
    criteria = [
        services.criterion_add(actor=staff, challenge=open_challenge, name=name, weight=weight)
        for name, weight in (("Wirkung", 3), ("Machbarkeit", 2), ("Kosten", 1))
    ]
    a = factories.StaffFactory(display_name="Jurorin A")
    b = factories.UserFactory(display_name="Experte B")
    services.juror_add(actor=staff, challenge=open_challenge, user=a, ideas=ideas[:2])
    services.juror_add(actor=staff, challenge=open_challenge, user=b, ideas=[ideas[0], ideas[2]])
    return SimpleNamespace(
        challenge=open_challenge, ideas=ideas, criteria=criteria, a=a, b=b, staff=staff
    )


def scores(jury, *values: int) -> dict[int, int]:
    return {c.pk: v for c, v in zip(jury.criteria, values, strict=True)}
