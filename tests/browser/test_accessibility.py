"""Every page type passes axe-core's WCAG 2.1 A and AA rules, in the state a person sees
it (live layer running, forms with errors shown)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import wait_live

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (name, who is looking, path built from the seeded ids, submit the first form empty?)
PAGES = [
    ("home", None, "/", False),
    ("challenge list", None, "/challenges/", False),
    ("challenge page", None, "/challenges/{challenge}/", False),
    ("idea list", None, "/ideas/", False),
    ("idea page, visitor", None, "/ideas/{idea}/", False),
    ("idea page, signed in", "viewer", "/ideas/{idea}/", False),
    ("idea page, author", "author", "/ideas/{idea}/", False),
    ("idea page, city staff", "staff", "/ideas/{idea}/", False),
    ("submit idea", "author", "/ideas/new/?challenge={challenge}", False),
    ("submit idea with errors", "author", "/ideas/new/", True),
    ("edit idea", "author", "/ideas/{idea}/edit/", False),
    ("withdraw idea", "author", "/ideas/{idea}/withdraw/", False),
    ("edit comment", "commenter", "/comments/{comment}/edit/", False),
    ("delete comment", "commenter", "/comments/{comment}/delete/", False),
    ("sign up", None, "/signup/", False),
    ("sign up with errors", None, "/signup/", True),
    ("log in", None, "/login/", False),
    ("log in with errors", None, "/login/", True),
    ("profile", "author", "/profile/", False),
    ("notification centre", "author", "/notifications/", False),
    ("organisations", None, "/organisations/", False),
    ("organisation page", None, "/organisations/{organisation}/", False),
    ("person page", None, "/people/{person}/", False),
    ("staff dashboard", "staff", "/staff/", False),
    ("new challenge", "staff", "/staff/challenges/new/", False),
    ("new challenge with errors", "staff", "/staff/challenges/new/", True),
    ("edit challenge", "staff", "/staff/challenges/{challenge}/edit/", False),
    ("not found", None, "/ideas/999999999/", False),
    ("check your mailbox", None, "/signup/sent/", False),
    ("send the link again", None, "/confirm/", False),
    ("send the link again with errors", None, "/confirm/", True),
    ("confirmation link broken", None, "/confirm/not-a-token/", False),
    ("forgot password", None, "/password/forgot/", False),
    ("forgot password with errors", None, "/password/forgot/", True),
    ("reset link sent", None, "/password/forgot/sent/", False),
    ("reset link broken", None, "/password/reset/MQ/not-a-token/", False),
    ("change password", "author", "/profile/password/", False),
    ("change password with errors", "author", "/profile/password/", True),
    ("change email", "author", "/profile/email/", False),
    ("change email with errors", "author", "/profile/email/", True),
    ("profile, address not confirmed", "newcomer", "/profile/", False),
    ("idea page, address not confirmed", "newcomer", "/ideas/{idea}/", False),
    ("house rules", None, "/house-rules/", False),
    ("transparency", None, "/transparency/", False),
    ("report an idea", "viewer", "/report/idea/{idea}/", False),
    ("report an idea with errors", "viewer", "/report/idea/{idea}/", True),
    ("moderation queue", "staff", "/moderation/", False),
]


@pytest.fixture(scope="module")
def seeded(server):
    return server.seed("scenario")


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _path(template: str, seeded: dict) -> str:
    return template.format(
        challenge=seeded["challenge"],
        idea=seeded["idea"],
        comment=seeded["comments"][0],
        organisation=seeded["organisation"],
        person=seeded["author"]["id"],
    )


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "who", "path", "submit"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_page_has_no_wcag_violations(server, new_page, seeded, axe, name, who, path, submit, lang):
    page = new_page(seeded[who] if who else None, lang=lang)
    page.goto(_path(path, seeded))
    if submit:
        page.locator("main form:not([method=get]) [type=submit]").first.click()
        page.wait_for_load_state()
    if page.locator("body[data-streams]:not([data-streams=''])").count():
        wait_live(page)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert violations == [], f"{name} ({lang}):\n{_report(violations)}"


def test_the_check_itself_catches_a_violation(server, new_page, axe):
    # Guards the guard: a page with an unlabelled field must fail the same check.
    page = new_page()
    page.goto("/")
    page.evaluate(
        "() => document.querySelector('main').append(Object.assign("
        "document.createElement('input'), {type: 'text'}))"
    )
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert [v["id"] for v in results.response["violations"]] == ["label"]


def test_forms_submitted_empty_show_their_errors(server, new_page, seeded):
    page = new_page(seeded["author"])
    page.goto("/ideas/new/")
    page.locator("main form:not([method=get]) [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
