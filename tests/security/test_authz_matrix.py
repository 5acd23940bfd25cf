"""The authorization matrix: every URL pattern × every method it allows × every role.

The cases are generated from Django's URL resolver and from the realtime stream-guard registry;
what each role may do is declared in ACCESS and STREAM_ACCESS below. A URL name, a method or a
stream kind that the tables do not classify fails the test ("new endpoint not classified"), so
a new endpoint cannot ship without someone deciding who may use it.

For a role the table refuses: no 2xx answer, and no row and no event written. For a role the
table allows: an answer below 400 that is not a detour to the login page.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from asgiref.sync import sync_to_async
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import Membership
from challenges.models import Challenge
from ideas import services as idea_services
from realtime.streams import PUBLIC_STREAMS, guarded_kinds
from tests import factories
from tests.live.conftest import city_staff_group, connect, in_memory_layer, subscribe  # noqa: F401
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
CITY = frozenset({MODERATOR, STAFF})  # moderators are city staff until moderation exists
OWNER_ONLY = frozenset({OWNER})
NOT_THE_OWNER = SIGNED_IN - {OWNER}  # no vote on, no help offered to, one's own idea

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PASSWORD = "correct-horse-battery"  # every person's in tests/factories.py
NEW_PASSWORD = "sennestadt-radweg-43"
# The apps whose rows a refused request must leave alone (sessions may change: a refused
# request may still touch the visitor's session).
WATCHED_APPS = ("accounts", "authtoken", "challenges", "ideas", "votes", "realtime", "auth")

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
def world(db):
    return build_world()


def build_world() -> SimpleNamespace:
    owner = factories.UserFactory(display_name="Owner")
    other = factories.UserFactory(display_name="Other")
    outsider = factories.UserFactory(display_name="Outsider")
    moderator = factories.StaffFactory(display_name="Moderator")
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
    # Someone who signed up and has a confirmation link and a password-reset link in the mail.
    newcomer = factories.UserFactory(display_name="Newcomer", email_confirmed_at=None)
    people = {OTHER: other, OUTSIDER: outsider, OWNER: owner, MODERATOR: moderator, STAFF: staff}
    for person in (other, outsider, moderator, staff):  # something for DELETE vote to take back
        vote_services.vote_cast(user=person, idea=idea, value=1)
    return SimpleNamespace(
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
    )


def client_for(role: str, world) -> Client:
    client = APIClient()  # CSRF is not what this test is about (see tests/frontend)
    if role != ANON:
        client.force_login(world.people[role])
    return client


def url_kwargs(name: str, w, *, draft: bool = False) -> dict:
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
    }
    if name in by_name:
        return by_name[name]
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


def request_body(name: str, method: str, w) -> dict:
    """A valid body for each write, so that a refusal is about the role, never the input."""
    bodies = {
        ("accounts-api:register", "POST"): {
            "email": "neu@example.org",
            "password": "sennestadt-radweg-42",
            "display_name": "Neu",
            "sector": "citizen",
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
        ("frontend:staff_idea_status", "POST"): {
            "status": "under_review",
            "response": "Wir prüfen.",
        },
    }
    return bodies.get((name, method), {})


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in WATCHED_APPS
    }


def send(client: Client, name: str, method: str, w, *, draft: bool = False):
    url = reverse(name, kwargs=url_kwargs(name, w, draft=draft))
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
