"""The API keeps its OpenAPI promises under generated input (issue 10: schemathesis in CI).

Schemathesis generates requests for every operation of /api/schema/, valid and invalid, and
sends them to the Django app in-process (WSGI, the test database), signed in with a city
staff member's token so that the staff-only code runs too. Every answer must be no server
error, carry a status code the schema documents, and match the documented shape.
A fixed seed and a bounded number of examples keep the run the same and short in CI.
"""

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25
SEED = 20261202


@pytest.fixture(autouse=True)
def _in_process_app(db, monkeypatch):
    # Thousands of writes a minute are the point here, not a flood to throttle.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"writes": None, "register": None})
    # As Django's test client does: no request may close the connection that holds the
    # test's transaction.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def staff_token(db, staff) -> str:
    """A token for city staff, and objects with small ids for the generated ids to find."""
    organisation = factories.OrganisationFactory()
    factories.MembershipFactory(organisation=organisation, user=staff, role="admin")
    challenge = factories.ChallengeFactory(created_by=staff)
    idea = factories.IdeaFactory(challenge=challenge, organisation=organisation)
    factories.CommentFactory(idea=idea, author=staff)
    return Token.objects.create(user=staff).key


# Loaded at collection: the schema is generated from the code, no database is read.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@hypothesis.seed(SEED)
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    database=None,
)
def test_every_operation_keeps_its_schema(case, staff_token):
    # The in-process WSGI transport does not undo a content encoding: ask for none.
    headers = {"Authorization": f"Token {staff_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_linked_operations_keep_their_schema(staff_token):
    """Sequences that follow the schema's links: create an idea, then comment on it, vote on it,
    edit and withdraw it; create an organisation, then add members."""
    headers = {"Authorization": f"Token {staff_token}", "Accept-Encoding": "identity"}

    class Workflow(schema.as_state_machine()):
        # Each scenario starts from the same database, so that Hypothesis can replay it.
        def setup(self):
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Workflow.run(
        settings=hypothesis.settings(
            max_examples=30,
            stateful_step_count=6,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
