"""The authorization matrix: every URL pattern × every method it allows × every role.

The cases are generated from Django's URL resolver and from the realtime stream-guard registry;
what each role may do is declared in ACCESS and STREAM_ACCESS below. A URL name, a method or a
stream kind that the tables do not classify fails the test ("new endpoint not classified"), so
a new endpoint cannot ship without someone deciding who may use it.

For a role the table refuses: no 2xx answer, and no row and no event written. For a role the
table allows: an answer below 400 that is not a detour to the login page.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from asgiref.sync import sync_to_async
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import Membership, Topic
from challenges.models import Challenge
from ideas import services as idea_services
from ideas.evaluation import services as evaluation_services
from ideas.gatherings import services as event_services
from moderation import services as moderation_services
from notifications.models import Notification
from notifications.tokens import unsubscribe_token_make
from opendata import services as opendata_services
from ops.models import WorkerHeartbeat
from privacy import services as privacy_services
from realtime.streams import PUBLIC_STREAMS, guarded_kinds
from tests import factories
from tests.live.conftest import city_staff_group, connect, in_memory_layer, subscribe  # noqa: F401
from tests.notifications.conftest import derive
from votes import services as vote_services

ANON, OTHER, OUTSIDER, OWNER, MODERATOR, STAFF = (
    "anonymous",
    "other citizen",
    "member of another organisation",
    "owner",
    "moderator",
    "staff",
)
ROLES = (ANON, OTHER, OUTSIDER, OWNER, MODERATOR, STAFF)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON}
CITY = frozenset({STAFF})
# An appointed moderator (for every challenge) is not city staff: they moderate, nothing more.
MODERATION = frozenset({MODERATOR, STAFF})
OWNER_ONLY = frozenset({OWNER})
NOT_THE_OWNER = SIGNED_IN - {OWNER}  # no vote on, no help offered to, one's own idea

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PASSWORD = "correct-horse-battery"  # every person's in tests/factories.py
NEW_PASSWORD = "sennestadt-radweg-43"
# The apps whose rows a refused request must leave alone (sessions may change: a refused
# request may still touch the visitor's session).
WATCHED_APPS = (
    "accounts",
    "authtoken",
    "challenges",
    "ideas",
    "votes",
    "realtime",
    "auth",
    "privacy",
    "evaluation",
    "notifications",
    "moderation",
    "gatherings",
)

# (url name, method) -> the roles that may use it. The owner is the author of the idea and the
# comment, the administrator of the organisation, and the person of /api/me/.
ACCESS: dict[tuple[str, str], frozenset[str]] = {
    ("api-schema", "GET"): EVERYONE,
    ("api-docs", "GET"): EVERYONE,
    ("accounts-api:register", "POST"): EVERYONE,
    ("accounts-api:token", "POST"): EVERYONE,  # with the owner's email and password
    ("accounts-api:token", "DELETE"): SIGNED_IN,
    ("accounts-api:me", "GET"): SIGNED_IN,
    ("accounts-api:me", "PATCH"): SIGNED_IN,
    ("accounts-api:topic-list", "GET"): EVERYONE,
    ("accounts-api:organisation-list", "GET"): EVERYONE,
    ("accounts-api:person-detail", "GET"): EVERYONE,
    # Account mail: a request by address answers the same for everyone (no enumeration); a
    # mailed link works for whoever holds it; changes to one's own account need a session.
    ("accounts-api:email-confirm", "POST"): EVERYONE,
    ("accounts-api:email-confirm-resend", "POST"): EVERYONE,
    ("accounts-api:password-forgot", "POST"): EVERYONE,
    ("accounts-api:password-reset", "POST"): EVERYONE,
    ("accounts-api:password-change", "POST"): SIGNED_IN,
    ("accounts-api:email-change", "POST"): SIGNED_IN,
    ("ideas-api:person-comments", "GET"): EVERYONE,
    ("accounts-api:organisation-list", "POST"): SIGNED_IN,
    ("accounts-api:organisation-detail", "GET"): EVERYONE,
    ("accounts-api:organisation-detail", "PATCH"): OWNER_ONLY | CITY,
    ("accounts-api:member-list", "GET"): EVERYONE,
    ("accounts-api:member-list", "POST"): OWNER_ONLY | CITY,
    ("accounts-api:member-detail", "DELETE"): OWNER_ONLY | CITY,
    # Working groups (issue 17): the owner is a member of the open group (whose administrator
    # is the colleague) and the administrator of the group that takes members by request, to
    # which the other citizen has asked to belong. City staff decide requests too.
    ("accounts-api:organisation-join", "POST"): SIGNED_IN - {OWNER},
    ("accounts-api:organisation-leave", "POST"): OWNER_ONLY,
    ("accounts-api:membership-request-list", "GET"): SIGNED_IN,  # admins all, others their own
    ("accounts-api:membership-request-list", "POST"): SIGNED_IN - {OWNER, OTHER},
    ("accounts-api:membership-request-accept", "POST"): OWNER_ONLY | CITY,
    ("accounts-api:membership-request-decline", "POST"): OWNER_ONLY | CITY,
    ("accounts-api:membership-request-withdraw", "POST"): frozenset({OTHER}),
    ("frontend:group_list", "GET"): EVERYONE,
    ("frontend:group_create", "GET"): SIGNED_IN,
    ("frontend:group_create", "POST"): SIGNED_IN,
    ("frontend:organisation_edit", "GET"): OWNER_ONLY | CITY,
    ("frontend:organisation_edit", "POST"): OWNER_ONLY | CITY,
    ("frontend:organisation_join", "POST"): SIGNED_IN - {OWNER},
    ("frontend:organisation_leave", "POST"): OWNER_ONLY,
    ("frontend:organisation_request", "POST"): SIGNED_IN - {OWNER, OTHER},
    ("frontend:organisation_request_decide", "POST"): OWNER_ONLY | CITY,  # to accept
    ("challenges-api:challenge-list", "GET"): EVERYONE,
    ("challenges-api:challenge-list", "POST"): CITY,
    ("challenges-api:challenge-detail", "GET"): EVERYONE,
    ("challenges-api:challenge-detail", "PATCH"): CITY,
    ("ideas-api:idea-list", "GET"): EVERYONE,
    ("ideas-api:idea-list", "POST"): SIGNED_IN,
    ("ideas-api:idea-detail", "GET"): EVERYONE,
    ("ideas-api:idea-detail", "PATCH"): OWNER_ONLY,
    ("ideas-api:idea-detail", "DELETE"): OWNER_ONLY | CITY,  # staff remove as moderation
    ("ideas-api:idea-status", "POST"): CITY,
    ("ideas-api:idea-history", "GET"): EVERYONE,
    ("ideas-api:idea-comments", "GET"): EVERYONE,
    ("ideas-api:idea-comments", "POST"): SIGNED_IN,
    ("ideas-api:idea-offers", "GET"): EVERYONE,
    ("ideas-api:idea-offers", "POST"): NOT_THE_OWNER,
    ("ideas-api:comment-detail", "GET"): EVERYONE,
    ("ideas-api:comment-detail", "PATCH"): OWNER_ONLY,
    ("ideas-api:comment-detail", "DELETE"): OWNER_ONLY | CITY,
    ("votes-api:idea-vote", "PUT"): NOT_THE_OWNER,
    ("votes-api:idea-vote", "DELETE"): NOT_THE_OWNER,
    ("frontend:home", "GET"): EVERYONE,
    ("frontend:brand_css", "GET"): EVERYONE,
    ("frontend:set_language", "GET"): EVERYONE,
    ("frontend:set_language", "POST"): EVERYONE,
    ("frontend:challenge_list", "GET"): EVERYONE,
    ("frontend:challenge_detail", "GET"): EVERYONE,
    ("frontend:idea_list", "GET"): EVERYONE,
    ("frontend:idea_create", "GET"): SIGNED_IN,
    ("frontend:idea_create", "POST"): SIGNED_IN,
    ("frontend:idea_detail", "GET"): EVERYONE,
    ("frontend:idea_edit", "GET"): OWNER_ONLY,
    ("frontend:idea_edit", "POST"): OWNER_ONLY,
    ("frontend:idea_withdraw", "GET"): OWNER_ONLY | CITY,
    ("frontend:idea_withdraw", "POST"): OWNER_ONLY | CITY,
    ("frontend:idea_vote", "GET"): EVERYONE,  # back to the idea after logging in
    ("frontend:idea_vote", "POST"): NOT_THE_OWNER,
    ("frontend:comment_create", "POST"): SIGNED_IN,
    ("frontend:cocreator_offer", "POST"): NOT_THE_OWNER,
    ("frontend:comment_edit", "GET"): OWNER_ONLY,
    ("frontend:comment_edit", "POST"): OWNER_ONLY,
    ("frontend:comment_delete", "GET"): OWNER_ONLY | CITY,
    ("frontend:comment_delete", "POST"): OWNER_ONLY | CITY,
    ("frontend:signup", "GET"): ANON,
    ("frontend:signup", "POST"): ANON,
    ("frontend:login", "GET"): EVERYONE,
    ("frontend:login", "POST"): EVERYONE,
    ("frontend:logout", "GET"): EVERYONE,
    ("frontend:logout", "POST"): EVERYONE,
    ("frontend:profile", "GET"): SIGNED_IN,
    ("frontend:profile", "POST"): SIGNED_IN,
    ("frontend:organisation_list", "GET"): EVERYONE,
    ("frontend:person_detail", "GET"): EVERYONE,
    ("frontend:signup_sent", "GET"): EVERYONE,
    ("frontend:email_confirm_resend", "GET"): EVERYONE,
    ("frontend:email_confirm_resend", "POST"): EVERYONE,
    ("frontend:email_confirm", "GET"): EVERYONE,
    ("frontend:email_confirm", "POST"): EVERYONE,
    ("frontend:password_forgot", "GET"): EVERYONE,
    ("frontend:password_forgot", "POST"): EVERYONE,
    ("frontend:password_forgot_sent", "GET"): EVERYONE,
    ("frontend:password_reset", "GET"): EVERYONE,
    ("frontend:password_reset", "POST"): EVERYONE,
    ("frontend:password_change", "GET"): SIGNED_IN,
    ("frontend:password_change", "POST"): SIGNED_IN,
    ("frontend:email_change", "GET"): SIGNED_IN,
    ("frontend:email_change", "POST"): SIGNED_IN,
    ("frontend:organisation_detail", "GET"): EVERYONE,
    ("frontend:staff_dashboard", "GET"): CITY,
    ("frontend:staff_challenge_create", "GET"): CITY,
    ("frontend:staff_challenge_create", "POST"): CITY,
    ("frontend:staff_challenge_edit", "GET"): CITY,
    ("frontend:staff_challenge_edit", "POST"): CITY,
    ("frontend:staff_challenge_phase", "POST"): CITY,
    ("frontend:staff_idea_status", "POST"): CITY,
    ("frontend:impressum", "GET"): EVERYONE,
    ("frontend:privacy_notice", "GET"): EVERYONE,
    ("frontend:accessibility", "GET"): EVERYONE,
    ("frontend:accessibility", "POST"): EVERYONE,
    ("frontend:privacy_data", "GET"): SIGNED_IN,
    ("frontend:privacy_export", "POST"): SIGNED_IN,
    # Only in the session that asked for the export (tests/privacy/test_export.py): a fresh
    # session of anyone, the owner too, gets nothing.
    ("frontend:privacy_export_download", "GET"): frozenset(),
    ("frontend:account_delete", "GET"): SIGNED_IN,
    ("frontend:account_delete", "POST"): SIGNED_IN,
    ("frontend:opendata", "GET"): EVERYONE,
    ("frontend:opendata_catalog", "GET"): EVERYONE,
    ("frontend:opendata_schema", "GET"): EVERYONE,
    ("frontend:opendata_csvw", "GET"): EVERYONE,
    ("frontend:opendata_file", "GET"): EVERYONE,
    ("api-opendata", "GET"): EVERYONE,
    # Probes and metrics (platform/ops): no role matters; /metrics is limited by the client's
    # address instead (METRICS_ALLOWED_ADDRESSES; the test client is 127.0.0.1, allowed), which
    # tests/deploy/test_ops.py checks. HEAD comes with GET (require_safe).
    ("ops:healthz", "GET"): EVERYONE,
    ("ops:readyz", "GET"): EVERYONE,
    ("ops:metrics", "GET"): EVERYONE,
    # The city team's workbench (issue 18). The other citizen sits on the world's jury and has
    # the idea to score; scores are for staff and for jurors who have submitted their own.
    ("evaluation-api:inbox", "GET"): CITY,
    ("evaluation-api:inbox-status", "POST"): CITY,
    ("evaluation-api:idea-assignment", "PUT"): CITY,
    ("evaluation-api:idea-scores", "GET"): CITY,
    ("evaluation-api:idea-scores", "POST"): frozenset({OTHER}),
    ("evaluation-api:jury", "GET"): CITY,
    ("evaluation-api:jury-criteria", "POST"): CITY,
    ("evaluation-api:criterion-detail", "DELETE"): CITY,
    ("evaluation-api:jury-jurors", "POST"): CITY,
    ("evaluation-api:jury-close", "POST"): CITY,
    ("evaluation-api:result-publish", "POST"): CITY,
    ("evaluation-api:result", "GET"): EVERYONE,
    ("evaluation-api:figures", "GET"): CITY,  # everyone once the challenge takes no ideas
    ("frontend:staff_inbox", "GET"): CITY,
    ("frontend:staff_inbox_status", "POST"): CITY,
    ("frontend:staff_idea_assign", "POST"): CITY,
    ("frontend:staff_jury", "GET"): CITY,
    ("frontend:staff_jury_criterion", "POST"): CITY,
    ("frontend:staff_jury_criterion_remove", "POST"): CITY,
    ("frontend:staff_jury_juror", "POST"): CITY,
    ("frontend:staff_jury_close", "POST"): CITY,
    ("frontend:staff_jury_publish", "POST"): CITY,
    ("frontend:staff_challenge_charts", "GET"): CITY,
    ("frontend:staff_challenge_export", "GET"): CITY,
    ("frontend:staff_challenge_report", "GET"): CITY,
    ("frontend:jury_home", "GET"): SIGNED_IN,
    ("frontend:jury_challenge", "GET"): frozenset({OTHER}),
    ("frontend:jury_score", "POST"): frozenset({OTHER}),
    # Notifications are their recipient's (the owner's in this world); anyone may see how many
    # follow something; a mailed unsubscribe link works for whoever holds it, without login.
    ("notifications-api:notification-list", "GET"): SIGNED_IN,
    ("notifications-api:notification-unread", "GET"): SIGNED_IN,
    ("notifications-api:notification-read", "POST"): OWNER_ONLY,
    ("notifications-api:notification-read-all", "POST"): SIGNED_IN,
    ("notifications-api:notification-preferences", "GET"): SIGNED_IN,
    ("notifications-api:notification-preferences", "PUT"): SIGNED_IN,
    ("notifications-api:follow", "GET"): EVERYONE,
    ("notifications-api:follow", "PUT"): SIGNED_IN,
    ("notifications-api:follow", "DELETE"): SIGNED_IN,
    ("frontend:notification_list", "GET"): SIGNED_IN,
    ("frontend:notification_read", "POST"): OWNER_ONLY,
    ("frontend:notifications_read_all", "POST"): SIGNED_IN,
    ("frontend:notification_settings", "POST"): SIGNED_IN,
    ("frontend:follow", "POST"): SIGNED_IN,
    ("frontend:unsubscribe", "GET"): EVERYONE,
    ("frontend:unsubscribe", "POST"): EVERYONE,
    # Moderation (issue 13; its own matrix with reporters and scoped moderators is in
    # tests/moderation/test_authz.py). Anyone may report illegal content without an account,
    # but this body reports spam, which needs one; nobody reports their own idea.
    ("moderation-api:report", "POST"): NOT_THE_OWNER,
    ("moderation-api:queue", "GET"): MODERATION,
    ("moderation-api:decide", "POST"): MODERATION,
    ("moderation-api:appeal", "POST"): OWNER_ONLY,
    ("moderation-api:appeal-decide", "POST"): MODERATION,
    ("moderation-api:moderators", "GET"): CITY,
    ("moderation-api:moderators", "POST"): CITY,
    ("moderation-api:audit", "GET"): CITY,
    ("moderation-api:transparency", "GET"): EVERYONE,
    ("frontend:report", "GET"): EVERYONE,
    ("frontend:report", "POST"): NOT_THE_OWNER,
    ("frontend:house_rules", "GET"): EVERYONE,
    ("frontend:transparency", "GET"): EVERYONE,
    ("frontend:moderation_queue", "GET"): MODERATION,
    ("frontend:moderation_item", "GET"): MODERATION,
    ("frontend:moderation_item", "POST"): MODERATION,
    ("frontend:moderation_appeal", "GET"): OWNER_ONLY,
    ("frontend:moderation_appeal", "POST"): OWNER_ONLY,
    ("frontend:moderation_appeal_decide", "POST"): MODERATION,
    # Events (issue 17): the owner administers the organising organisation.
    ("gatherings-api:event-list", "GET"): EVERYONE,
    ("gatherings-api:event-list", "POST"): OWNER_ONLY | CITY,
    ("gatherings-api:event-detail", "GET"): EVERYONE,
    ("gatherings-api:event-detail", "PATCH"): OWNER_ONLY | CITY,
    ("gatherings-api:event-cancel", "POST"): OWNER_ONLY | CITY,
    ("gatherings-api:event-registration", "POST"): SIGNED_IN,
    ("gatherings-api:event-registration", "DELETE"): SIGNED_IN,
    ("gatherings-api:event-attendees", "GET"): OWNER_ONLY | CITY,
    ("frontend:directory", "GET"): EVERYONE,
    ("accounts-api:directory", "GET"): EVERYONE,
    ("frontend:event_list", "GET"): EVERYONE,
    ("frontend:event_create", "GET"): OWNER_ONLY | CITY | {OUTSIDER},  # admins of any organisation
    ("frontend:event_create", "POST"): OWNER_ONLY | CITY,
    ("frontend:event_edit", "GET"): OWNER_ONLY | CITY,  # the organiser's admins and staff
    ("frontend:event_edit", "POST"): OWNER_ONLY | CITY,
    ("frontend:event_detail", "GET"): EVERYONE,
    ("frontend:event_ics", "GET"): EVERYONE,
    ("frontend:event_topic_feed", "GET"): EVERYONE,
    ("frontend:event_my_feed", "GET"): EVERYONE,  # whoever holds the secret address
    ("frontend:event_calendar_key", "POST"): SIGNED_IN,
    ("frontend:event_register", "POST"): SIGNED_IN,
    ("frontend:event_unregister", "POST"): SIGNED_IN,
    ("frontend:event_cancel", "POST"): OWNER_ONLY | CITY,
    ("frontend:event_attendees_csv", "GET"): OWNER_ONLY | CITY,
    # Hackathons: the owner leads the team, the other citizen has asked to join it; everyone
    # else is in no team yet (so they may form one or ask).
    ("gatherings-api:hackathon", "GET"): EVERYONE,
    ("gatherings-api:hackathon", "PUT"): CITY,
    ("gatherings-api:hackathon-jury", "POST"): CITY,
    ("gatherings-api:team-list", "GET"): EVERYONE,
    ("gatherings-api:team-list", "POST"): SIGNED_IN - {OWNER},
    ("gatherings-api:team-detail", "GET"): EVERYONE,
    ("gatherings-api:team-join-requests", "GET"): OWNER_ONLY,
    ("gatherings-api:team-join-requests", "POST"): SIGNED_IN - {OWNER, OTHER},
    ("gatherings-api:team-leave", "POST"): OWNER_ONLY,
    ("gatherings-api:team-submit", "POST"): OWNER_ONLY,
    ("gatherings-api:join-request-accept", "POST"): OWNER_ONLY,
    ("gatherings-api:join-request-decline", "POST"): OWNER_ONLY,
    ("gatherings-api:join-request-withdraw", "POST"): frozenset({OTHER}),
    ("frontend:team_create", "GET"): SIGNED_IN,
    ("frontend:team_create", "POST"): SIGNED_IN - {OWNER},
    ("frontend:team_join", "GET"): SIGNED_IN,
    ("frontend:team_join", "POST"): SIGNED_IN - {OWNER, OTHER},
    ("frontend:team_leave", "POST"): OWNER_ONLY,
    ("frontend:team_submit", "GET"): OWNER_ONLY,
    ("frontend:team_submit", "POST"): OWNER_ONLY,
    ("frontend:join_request_withdraw", "POST"): frozenset({OTHER}),
    ("frontend:join_request_decide", "POST"): OWNER_ONLY,
    ("frontend:staff_hackathon", "GET"): CITY,
    ("frontend:staff_hackathon", "POST"): CITY,
    ("frontend:staff_hackathon_jury", "POST"): CITY,
}

# A draft challenge is the city's work in progress: only staff see it, by any way in.
DRAFT_ACCESS: dict[tuple[str, str], frozenset[str]] = {
    ("challenges-api:challenge-detail", "GET"): CITY,
    ("frontend:challenge_detail", "GET"): CITY,
    ("frontend:staff_challenge_edit", "GET"): CITY,
}

# Stream kind -> (the world's object it names, the roles that may watch it).
STREAM_ACCESS: dict[str, list[tuple[str, frozenset[str]]]] = {
    "feed": [("feed", EVERYONE)],
    "challenge": [("challenge", EVERYONE), ("draft", CITY)],
    "idea": [("idea", EVERYONE)],
    "inbox": [("inbox", CITY)],
    "user": [("own", OWNER_ONLY)],  # a person's notifications: theirs alone, not even staff
    "event": [("event", EVERYONE)],
}

# --- What the URL resolver says exists ---------------------------------------------------------


def _view_methods(callback) -> tuple[str, ...]:
    """The methods a view allows: a DRF view's handlers or actions, a function view's
    require_http_methods list; GET and POST for a view that declares none."""
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None:
        names = getattr(callback, "actions", None) or {
            m: m for m in cls.http_method_names if hasattr(cls, m)
        }
        return tuple(m.upper() for m in names if m not in ("options", "head"))
    func = callback
    while func is not None:
        free = dict(zip(func.__code__.co_freevars, func.__closure__ or (), strict=True))
        if "request_method_list" in free:
            return tuple(m for m in free["request_method_list"].cell_contents if m != "HEAD")
        func = getattr(func, "__wrapped__", None)
    return ("GET", "POST")


def _patterns(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":  # Django's own admin guards itself (is_staff)
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, tuple(entry.pattern.converters), _view_methods(entry.callback)


PATTERNS = list(_patterns(get_resolver().url_patterns))
URL_ARGUMENTS = {name: arguments for name, arguments, _methods in PATTERNS}
CASES = sorted({(name, method) for name, _args, methods in PATTERNS for method in methods})


def test_every_endpoint_and_method_is_classified():
    unclassified = [case for case in CASES if case not in ACCESS]
    stale = [case for case in ACCESS if case not in CASES]

    assert unclassified == [], "new endpoint not classified"
    assert stale == []


def test_every_stream_kind_is_classified():
    assert set(STREAM_ACCESS) == set(PUBLIC_STREAMS) | guarded_kinds()


# --- One small world for each case ------------------------------------------------------------


@pytest.fixture
def world(db, settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    world = build_world()
    opendata_services.dumps_generate()  # files for the open-data download to serve
    return world


def build_world() -> SimpleNamespace:
    owner = factories.UserFactory(display_name="Owner")
    other = factories.UserFactory(display_name="Other")
    outsider = factories.UserFactory(display_name="Outsider")
    moderator = factories.UserFactory(display_name="Moderator")
    staff = factories.StaffFactory(display_name="Staff")
    colleague = factories.UserFactory(display_name="Colleague")
    organisation = factories.OrganisationFactory(name="Owner's organisation")
    factories.MembershipFactory(organisation=organisation, user=owner, role=Membership.Role.ADMIN)
    factories.MembershipFactory(organisation=organisation, user=colleague)
    factories.MembershipFactory(
        organisation=factories.OrganisationFactory(name="Another organisation"),
        user=outsider,
        role=Membership.Role.ADMIN,
    )
    challenge = factories.ChallengeFactory(created_by=staff)
    draft = factories.ChallengeFactory(created_by=staff, status=Challenge.Status.DRAFT)
    # Through the services, so the counters the database checks agree with the rows.
    idea = idea_services.idea_submit(
        author=owner, challenge=challenge, seeking_cocreators=True, **IDEA_TEXT
    )
    comment = idea_services.comment_post(author=owner, idea=idea, body="Erster Kommentar")
    # Moderation: the moderator is appointed (for every challenge), not city staff. A report of
    # the comment is open; a third moderator warned the owner twice, and one warning is
    # appealed (so that both moderator roles may decide the appeal, and the owner may appeal
    # the other).
    moderation_services.moderator_appoint(actor=staff, user=moderator)
    referee = factories.UserFactory(display_name="Referee")
    moderation_services.moderator_appoint(actor=staff, user=referee)
    moderation_services.report_submit(
        reporter=other, kind="comment", object_id=comment.pk, reason="insult", text="Gemein."
    )
    item = moderation_services.item_state_get_or_create(kind="comment", object_id=comment.pk)
    appealed = moderation_services.decision_make(
        moderator=referee, item=item, kind="warn", reason="Ton"
    )
    appeal = moderation_services.appeal_submit(user=owner, decision=appealed, text="Zu streng.")
    idea_item = moderation_services.item_state_get_or_create(kind="idea", object_id=idea.pk)
    decision = moderation_services.decision_make(
        moderator=referee, item=idea_item, kind="warn", reason="Bitte sachlich bleiben."
    )
    moderation_services.report_submit(
        reporter=other, kind="comment", object_id=comment.pk, reason="insult", text="Wieder."
    )
    # Someone who signed up and has a confirmation link and a password-reset link in the mail.
    newcomer = factories.UserFactory(display_name="Newcomer", email_confirmed_at=None)
    people = {OTHER: other, OUTSIDER: outsider, OWNER: owner, MODERATOR: moderator, STAFF: staff}
    for person in (other, outsider, moderator, staff):  # something for DELETE vote to take back
        vote_services.vote_cast(user=person, idea=idea, value=1)
    # The owner's export, asked for in a session no client of this test has.
    export = privacy_services.export_request(user=owner, session_key="the-owners-session")
    WorkerHeartbeat.objects.create(worker="matrix:1")  # a worker runs: /readyz answers 200
    # A jury on the challenge with one criterion; the other citizen is to score the idea. And a
    # challenge whose jury has published its result.
    criterion = evaluation_services.criterion_add(
        actor=staff, challenge=challenge, name="Wirkung", weight=2
    )
    evaluation_services.juror_add(actor=staff, challenge=challenge, user=other, ideas=[idea])
    decided = factories.ChallengeFactory(created_by=staff)
    chosen = idea_services.idea_submit(author=owner, challenge=decided, **IDEA_TEXT)
    evaluation_services.evaluation_publish(
        actor=staff, challenge=decided, ideas=[chosen], statement="Die Jury hat entschieden."
    )
    # A notification for the owner, derived as the worker would.
    idea_services.comment_post(author=other, idea=idea, body="Zweiter Kommentar")
    derive()
    # Events: everyone has a seat at `event` (something to cancel); `event_open` has nobody yet.
    event = factories.EventFactory(organiser=organisation, created_by=staff, capacity=10)
    event_open = factories.EventFactory(organiser=organisation, created_by=staff)
    for person in people.values():
        event_services.registration_create(user=person, event=event)
    topic = Topic.objects.get_or_create(slug="green-city", defaults={"name_de": "Grün"})[0]
    calendar_key = event_services.calendar_key_get_or_create(user=owner).key
    # A hackathon: the owner leads a team around their idea, the other citizen asks to join,
    # and one idea has no team yet.
    hackathon_challenge = factories.ChallengeFactory(created_by=staff)
    event_services.hackathon_configure(
        actor=staff, challenge=hackathon_challenge, team_size_min=1, team_size_max=4
    )
    team_idea = idea_services.idea_submit(author=owner, challenge=hackathon_challenge, **IDEA_TEXT)
    free_idea = idea_services.idea_submit(
        author=colleague, challenge=hackathon_challenge, **IDEA_TEXT
    )
    team = event_services.team_form(user=owner, idea=team_idea, name="Team Owner")
    join_request = event_services.team_request_join(user=other, team=team)
    # Working groups: an open one the owner is a member of, one by request the owner runs.
    open_group = account_services.organisation_create(
        actor=colleague, name="Code for Bielefeld", kind="working_group", joining="open"
    )
    account_services.membership_add(actor=colleague, organisation=open_group, user=owner)
    request_group = account_services.organisation_create(
        actor=owner, name="AG Beteiligung", kind="working_group", joining="request"
    )
    group_request = account_services.membership_request_create(
        user=other, organisation=request_group
    )
    return SimpleNamespace(
        open_group=open_group,
        request_group=request_group,
        group_request=group_request,
        hackathon_challenge=hackathon_challenge,
        free_idea=free_idea,
        team=team,
        join_request=join_request,
        newcomer=newcomer,
        confirm_token=account_services.email_token_make(user=newcomer, email=newcomer.email),
        reset_uid=urlsafe_base64_encode(force_bytes(newcomer.pk)),
        reset_token=default_token_generator.make_token(newcomer),
        people=people,
        owner=owner,
        colleague=colleague,
        organisation=organisation,
        challenge=challenge,
        draft=draft,
        idea=idea,
        comment=comment,
        export=export,
        criterion=criterion,
        decided=decided,
        notification=Notification.objects.filter(recipient=owner).order_by("-pk").first(),
        unsubscribe_token=unsubscribe_token_make(person_id=owner.pk, kind="comment"),
        item=item,
        decision=decision,
        appeal=appeal,
        event=event,
        event_open=event_open,
        topic=topic,
        calendar_key=calendar_key,
    )


def client_for(role: str, world) -> Client:
    client = APIClient()  # CSRF is not what this test is about (see tests/frontend)
    if role != ANON:
        client.force_login(world.people[role])
    return client


def url_kwargs(name: str, w, *, draft: bool = False, method: str = "GET") -> dict:
    challenge = w.draft if draft else w.challenge
    by_name = {
        "accounts-api:organisation-detail": {"pk": w.organisation.pk},
        "accounts-api:person-detail": {"pk": w.people[OWNER].pk},
        "ideas-api:person-comments": {"pk": w.people[OWNER].pk},
        "frontend:person_detail": {"pk": w.people[OWNER].pk},
        "frontend:email_confirm": {"token": w.confirm_token},
        "frontend:password_reset": {"uidb64": w.reset_uid, "token": w.reset_token},
        "accounts-api:member-list": {"id": w.organisation.pk},
        "accounts-api:member-detail": {"id": w.organisation.pk, "user_id": w.colleague.pk},
        "challenges-api:challenge-detail": {"pk": challenge.pk},
        "ideas-api:comment-detail": {"pk": w.comment.pk},
        "frontend:challenge_detail": {"pk": challenge.pk},
        "frontend:comment_edit": {"pk": w.comment.pk},
        "frontend:comment_delete": {"pk": w.comment.pk},
        "frontend:organisation_detail": {"slug": w.organisation.slug},
        "frontend:staff_challenge_edit": {"pk": challenge.pk},
        "frontend:staff_challenge_phase": {"pk": challenge.pk},
        "frontend:privacy_export_download": {"token": w.export.token},
        "frontend:opendata_schema": {"slug": "ideas"},
        "frontend:opendata_csvw": {"slug": "ideas"},
        "frontend:opendata_file": {"slug": "ideas", "fmt": "csv"},
        "evaluation-api:criterion-detail": {"pk": w.criterion.pk},
        "evaluation-api:result": {"pk": w.decided.pk},
        "frontend:jury_score": {"pk": challenge.pk, "idea_pk": w.idea.pk},
        "notifications-api:notification-read": {"pk": w.notification.pk},
        "frontend:notification_read": {"pk": w.notification.pk},
        "notifications-api:follow": {"kind": "idea", "pk": w.idea.pk},
        "frontend:follow": {"kind": "idea", "pk": w.idea.pk},
        "frontend:unsubscribe": {"token": w.unsubscribe_token},
        "moderation-api:decide": {"pk": w.item.pk},
        "moderation-api:appeal": {"pk": w.decision.pk},
        "moderation-api:appeal-decide": {"pk": w.appeal.pk},
        "frontend:report": {"kind": "idea", "pk": w.idea.pk},
        "frontend:moderation_item": {"pk": w.item.pk},
        "frontend:moderation_appeal": {"pk": w.decision.pk},
        "frontend:moderation_appeal_decide": {"pk": w.appeal.pk},
        "frontend:event_topic_feed": {"slug": w.topic.slug},
        "frontend:staff_jury_criterion_remove": {
            "pk": challenge.pk,
            "criterion_pk": w.criterion.pk,
        },
        "accounts-api:organisation-join": {"id": w.open_group.pk},
        "accounts-api:organisation-leave": {"id": w.open_group.pk},
        "accounts-api:membership-request-list": {"id": w.request_group.pk},
        "accounts-api:membership-request-accept": {
            "id": w.request_group.pk,
            "rid": w.group_request.pk,
        },
        "accounts-api:membership-request-decline": {
            "id": w.request_group.pk,
            "rid": w.group_request.pk,
        },
        "accounts-api:membership-request-withdraw": {
            "id": w.request_group.pk,
            "rid": w.group_request.pk,
        },
        "frontend:organisation_edit": {"slug": w.organisation.slug},
        "frontend:organisation_join": {"slug": w.open_group.slug},
        "frontend:organisation_leave": {"slug": w.open_group.slug},
        "frontend:organisation_request": {"slug": w.request_group.slug},
        "frontend:organisation_request_decide": {
            "slug": w.request_group.slug,
            "pk": w.group_request.pk,
            "action": "accept",
        },
        "frontend:event_my_feed": {"key": w.calendar_key},
    }
    hackathon_pks = {
        "gatherings-api:hackathon": w.hackathon_challenge.pk,
        "gatherings-api:hackathon-jury": w.hackathon_challenge.pk,
        "gatherings-api:team-list": w.hackathon_challenge.pk,
        "frontend:team_create": w.hackathon_challenge.pk,
        "frontend:staff_hackathon": w.hackathon_challenge.pk,
        "frontend:staff_hackathon_jury": w.hackathon_challenge.pk,
        "gatherings-api:team-detail": w.team.pk,
        "gatherings-api:team-join-requests": w.team.pk,
        "gatherings-api:team-leave": w.team.pk,
        "gatherings-api:team-submit": w.team.pk,
        "frontend:team_join": w.team.pk,
        "frontend:team_leave": w.team.pk,
        "frontend:team_submit": w.team.pk,
        "gatherings-api:join-request-accept": w.join_request.pk,
        "gatherings-api:join-request-decline": w.join_request.pk,
        "gatherings-api:join-request-withdraw": w.join_request.pk,
        "frontend:join_request_withdraw": w.join_request.pk,
        "frontend:join_request_decide": w.join_request.pk,
    }
    if name in hackathon_pks:
        return {"pk": hackathon_pks[name]}
    if name.startswith(("gatherings-api:", "frontend:event_")) and "pk" in URL_ARGUMENTS[name]:
        # Taking a seat needs an event the person is not registered for yet.
        taking = method == "POST" and name.endswith(("registration", "register"))
        return {"pk": (w.event_open if taking else w.event).pk}
    if name in by_name:
        return by_name[name]
    # The workbench's pages and endpoints of one challenge.
    if tuple(URL_ARGUMENTS[name]) == ("pk",) and name.startswith(
        ("evaluation-api:jury", "evaluation-api:fig", "frontend:staff_jury", "frontend:jury_")
        + ("frontend:staff_challenge_charts", "frontend:staff_challenge_export")
        + ("frontend:staff_challenge_report", "evaluation-api:result-publish")
    ):
        return {"pk": challenge.pk}
    # Every other `pk` is the idea's; a URL with any other argument must be listed above.
    return {key: w.idea.pk for key in URL_ARGUMENTS[name]}


IDEA_TEXT = {
    "title": "Mehr Bänke am Kesselbrink",
    "summary": "Sitzgelegenheiten für alle, die im Schatten warten wollen.",
    "description": "Zehn Bänke aus Holz.",
}
CHALLENGE_TEXT = {
    "title": "Grüne Innenstadt",
    "summary": "Wie wird die Altstadt grüner?",
    "description": "Wir suchen Ideen.",
}


DISMISS = {"kind": "dismiss", "reason": "Kein Verstoß.", "ground": "house_rules"}
UPHELD = {"outcome": "upheld", "reason": "Die Verwarnung bleibt."}


def request_body(name: str, method: str, w) -> dict:
    """A valid body for each write, so that a refusal is about the role, never the input."""
    report = {"kind": "idea", "object_id": w.idea.pk, "reason": "spam", "text": "Werbung."}
    bodies = {
        ("accounts-api:register", "POST"): {
            "email": "neu@example.org",
            "password": "sennestadt-radweg-42",
            "display_name": "Neu",
            "sector": "citizen",
            "accept_house_rules": True,
        },
        ("accounts-api:token", "POST"): {
            "email": w.owner.email,
            "password": "correct-horse-battery",
        },
        ("accounts-api:me", "PATCH"): {"bio": "Neu hier."},
        ("accounts-api:organisation-list", "POST"): {"name": "Verein Neu", "kind": "association"},
        ("accounts-api:organisation-detail", "PATCH"): {"description": "Geändert."},
        ("accounts-api:member-list", "POST"): {"user": w.people[OTHER].pk},
        ("challenges-api:challenge-list", "POST"): CHALLENGE_TEXT,
        ("challenges-api:challenge-detail", "PATCH"): {"summary": "Geändert und grüner?"},
        ("ideas-api:idea-list", "POST"): {**IDEA_TEXT, "challenge": w.challenge.pk},
        ("ideas-api:idea-detail", "PATCH"): {**IDEA_TEXT, "seeking_cocreators": True},
        ("ideas-api:idea-status", "POST"): {"status": "under_review", "response": "Wir prüfen."},
        ("ideas-api:idea-comments", "POST"): {"body": "Gute Idee!"},
        ("ideas-api:idea-offers", "POST"): {"message": "Ich helfe gern beim Aufbau."},
        ("ideas-api:comment-detail", "PATCH"): {"body": "Geändert."},
        ("votes-api:idea-vote", "PUT"): {"value": -1},
        ("frontend:set_language", "POST"): {"language": "en", "next": "/"},
        ("accounts-api:email-confirm", "POST"): {"token": w.confirm_token},
        ("accounts-api:email-confirm-resend", "POST"): {"email": w.newcomer.email},
        ("accounts-api:password-forgot", "POST"): {"email": w.newcomer.email},
        ("accounts-api:password-reset", "POST"): {
            "uid": w.reset_uid,
            "token": w.reset_token,
            "password": NEW_PASSWORD,
        },
        ("accounts-api:password-change", "POST"): {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
        },
        ("accounts-api:email-change", "POST"): {
            "email": "neu-adresse@example.org",
            "password": PASSWORD,
        },
        ("frontend:email_confirm_resend", "POST"): {"email": w.newcomer.email},
        ("frontend:password_forgot", "POST"): {"email": w.newcomer.email},
        ("frontend:password_reset", "POST"): {
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
        ("frontend:password_change", "POST"): {
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
        ("frontend:email_change", "POST"): {
            "email": "neu-adresse@example.org",
            "password": PASSWORD,
        },
        ("frontend:idea_create", "POST"): {**IDEA_TEXT, "challenge": w.challenge.pk},
        ("frontend:idea_edit", "POST"): {**IDEA_TEXT, "challenge": w.challenge.pk},
        ("frontend:idea_vote", "POST"): {"value": "-1"},
        ("frontend:comment_create", "POST"): {"body": "Gute Idee!"},
        ("frontend:cocreator_offer", "POST"): {"message": "Ich helfe gern beim Aufbau."},
        ("frontend:comment_edit", "POST"): {"body": "Geändert."},
        ("frontend:signup", "POST"): {
            "email": "neu@example.org",
            "password": "sennestadt-radweg-42",
            "display_name": "Neu",
            "sector": "citizen",
            "accept_house_rules": "on",
        },
        ("frontend:login", "POST"): {"email": w.owner.email, "password": "correct-horse-battery"},
        ("frontend:profile", "POST"): {"display_name": "Neu", "sector": "citizen", "bio": "Hallo"},
        ("frontend:staff_challenge_create", "POST"): {
            **CHALLENGE_TEXT,
            "status": "open",
            "voting_open": "on",
        },
        ("frontend:staff_challenge_edit", "POST"): {
            **CHALLENGE_TEXT,
            "status": "open",
            "voting_open": "on",
        },
        ("frontend:staff_challenge_phase", "POST"): {"status": "evaluation"},
        ("frontend:accessibility", "POST"): {"message": "Der Kontrast ist zu schwach."},
        ("frontend:account_delete", "POST"): {"contributions": "keep", "password": PASSWORD},
        ("frontend:staff_idea_status", "POST"): {
            "status": "under_review",
            "response": "Wir prüfen.",
        },
        ("evaluation-api:inbox-status", "POST"): {
            "ideas": [w.idea.pk],
            "status": "under_review",
            "response": "Wir prüfen.",
        },
        ("evaluation-api:idea-assignment", "PUT"): {"assignee": w.people[STAFF].pk},
        ("evaluation-api:idea-scores", "POST"): {
            "scores": [{"criterion": w.criterion.pk, "value": 4}],
            "comment": "Überzeugend.",
        },
        ("evaluation-api:jury-criteria", "POST"): {"name": "Kosten", "weight": 1},
        ("evaluation-api:jury-jurors", "POST"): {
            "user": w.people[OUTSIDER].pk,
            "ideas": [w.idea.pk],
        },
        ("evaluation-api:result-publish", "POST"): {
            "ideas": [w.idea.pk],
            "statement": "Die Jury empfiehlt diese Idee.",
        },
        ("frontend:staff_inbox_status", "POST"): {
            "ideas": w.idea.pk,
            "status": "under_review",
            "response": "Wir prüfen.",
        },
        ("frontend:staff_idea_assign", "POST"): {"assignee": w.people[STAFF].pk},
        ("frontend:staff_jury_criterion", "POST"): {
            "criterion-name": "Kosten",
            "criterion-weight": "1",
        },
        ("frontend:staff_jury_juror", "POST"): {
            "juror-email": w.people[OUTSIDER].email,
            "juror-ideas": w.idea.pk,
        },
        ("frontend:staff_jury_publish", "POST"): {
            "publish-ideas": w.idea.pk,
            "publish-statement": "Die Jury empfiehlt diese Idee.",
        },
        ("frontend:jury_score", "POST"): {
            f"i{w.idea.pk}-c{w.criterion.pk}": "4",
            f"i{w.idea.pk}-comment": "Überzeugend.",
        },
        ("notifications-api:notification-preferences", "PUT"): {"email": {"comment": "weekly"}},
        ("frontend:notification_settings", "POST"): {"comment": "weekly"},
        ("frontend:follow", "POST"): {"follow": "1"},
        ("moderation-api:report", "POST"): report,
        ("frontend:report", "POST"): {"reason": "spam", "text": "Werbung."},
        ("moderation-api:decide", "POST"): DISMISS,
        ("frontend:moderation_item", "POST"): DISMISS,
        ("moderation-api:appeal", "POST"): {"text": "Das war sachlich."},
        ("frontend:moderation_appeal", "POST"): {"text": "Das war sachlich."},
        ("moderation-api:appeal-decide", "POST"): UPHELD,
        ("frontend:moderation_appeal_decide", "POST"): UPHELD,
        ("moderation-api:moderators", "POST"): {"user": w.colleague.pk},
        ("gatherings-api:event-list", "POST"): {
            "title": "Open Data Meet-up",
            "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
            "ends_at": (timezone.now() + timedelta(days=3, hours=2)).isoformat(),
            "capacity": 12,
            "organiser": w.organisation.pk,
        },
        ("gatherings-api:event-detail", "PATCH"): {"title": "Open Data Meet-up, zweiter Teil"},
        ("gatherings-api:hackathon", "PUT"): {"team_size_min": 1, "team_size_max": 5},
        ("frontend:staff_hackathon", "POST"): {"team_size_min": 1, "team_size_max": 5},
        ("gatherings-api:hackathon-jury", "POST"): {"statement": "Die Jury tagt am Freitag."},
        ("frontend:staff_hackathon_jury", "POST"): {"statement": "Die Jury tagt am Freitag."},
        ("gatherings-api:team-list", "POST"): {"idea": w.free_idea.pk, "name": "Neues Team"},
        ("frontend:team_create", "POST"): {"idea": w.free_idea.pk, "name": "Neues Team"},
        ("gatherings-api:team-join-requests", "POST"): {"message": "Ich helfe gern."},
        ("frontend:team_join", "POST"): {"message": "Ich helfe gern."},
        ("gatherings-api:team-submit", "POST"): {
            "result_idea": w.team.idea_id,
            "code_url": "https://git.example.org/team-owner",
        },
        ("frontend:team_submit", "POST"): {
            "result_idea": w.team.idea_id,
            "code_url": "https://git.example.org/team-owner",
        },
        ("frontend:join_request_decide", "POST"): {"decision": "accept"},
        ("frontend:group_create", "POST"): {"name": "AG Neu", "joining": "open"},
        ("frontend:organisation_edit", "POST"): {
            "name": w.organisation.name,
            "description": "Geändert.",
            "joining": "invite",
        },
        ("frontend:organisation_request", "POST"): {"message": "Darf ich?"},
        ("accounts-api:membership-request-list", "POST"): {"message": "Darf ich?"},
        ("frontend:event_edit", "POST"): {
            "title": "Open Data Meet-up, verlegt",
            "kind": "meetup",
            "starts_at": (timezone.localtime() + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (timezone.localtime() + timedelta(days=4, hours=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "place": "office",
            "capacity": "12",
        },
        ("frontend:event_create", "POST"): {
            "title": "Open Data Meet-up",
            "kind": "meetup",
            "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (timezone.localtime() + timedelta(days=3, hours=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "place": "office",
            "capacity": "12",
            "organiser": w.organisation.pk,
        },
    }
    return bodies.get((name, method), {})


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        # Unmanaged models are database-specific views of managed rows (the SQLite
        # search table, for one): counting them elsewhere is an error, not a figure.
        if model._meta.app_label in WATCHED_APPS and model._meta.managed
    }


def send(client: Client, name: str, method: str, w, *, draft: bool = False):
    url = reverse(name, kwargs=url_kwargs(name, w, draft=draft, method=method))
    body = request_body(name, method, w)
    if name.startswith("frontend:"):
        if method == "GET":
            return client.get(url)
        return client.generic(method, url, **_form(body))
    return getattr(client, method.lower())(url, body, format="json")


def _form(body: dict) -> dict:
    return {"data": urlencode(body), "content_type": "application/x-www-form-urlencoded"}


# Where signing in is the next step after success (a confirmed address, a new password), not a
# detour for someone who was refused.
LOGIN_IS_THE_NEXT_STEP = {("frontend:email_confirm", "POST"), ("frontend:password_reset", "POST")}


def _judge(
    response, role: str, allowed: frozenset[str], before: dict, method: str, name=""
) -> None:
    status = response.status_code
    if role in allowed:
        assert status < 400, response.content[:300]
        if (name, method) not in LOGIN_IS_THE_NEXT_STEP:
            assert not response.get("Location", "").startswith(reverse("frontend:login"))
    else:
        assert not 200 <= status < 300, response.content[:300]
        if method in WRITE_METHODS:
            assert row_counts() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), CASES)
def test_each_role_gets_what_the_table_allows_and_refusals_change_nothing(
    world, name, method, role
):
    client = client_for(role, world)
    before = row_counts()

    response = send(client, name, method, world)

    _judge(response, role, ACCESS[(name, method)], before, method, name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), sorted(DRAFT_ACCESS))
def test_a_draft_challenge_is_seen_by_city_staff_only(world, name, method, role):
    client = client_for(role, world)
    before = row_counts()

    response = send(client, name, method, world, draft=True)

    _judge(response, role, DRAFT_ACCESS[(name, method)], before, method)


# --- Streams ---------------------------------------------------------------------------------


@sync_to_async
def _stream_world_and_cookie(role: str):
    w = build_world()
    cookie = None
    if role != ANON:
        client = Client()
        client.force_login(w.people[role])
        cookie = f"sessionid={client.cookies['sessionid'].value}"
    names = {
        "feed": "feed",
        "challenge": f"challenge:{w.challenge.pk}",
        "draft": f"challenge:{w.draft.pk}",
        "idea": f"idea:{w.idea.pk}",
        "inbox": "inbox:1",
        "own": f"user:{w.owner.pk}",
        "event": f"event:{w.event.pk}",
    }
    return names, cookie


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
@pytest.mark.parametrize("role", ROLES)
async def test_each_role_may_watch_the_streams_the_table_allows_and_no_others(role):
    names, cookie = await _stream_world_and_cookie(role)
    ws = await connect(cookie=cookie)
    answers, expected = {}, {}
    for kind, variants in STREAM_ACCESS.items():
        for variant, allowed in variants:
            frames = await subscribe(ws, names[variant])
            last = frames[-1]
            answers[(kind, variant)] = last.get("code") or last["type"]
            expected[(kind, variant)] = "subscribed" if role in allowed else "unknown_stream"
    await ws.disconnect()

    assert answers == expected
