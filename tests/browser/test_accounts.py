"""A person who forgot their password gets it back by mail, in a real browser: the request,
the mail (sent by the worker over SMTP), the link, the new password, the login. The pages on
the way pass axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.mailbox import link_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "teutoburger-wald-2026"


@pytest.fixture(scope="module")
def seeded(server):
    return server.seed("scenario")


def _axe_clean(page) -> None:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    assert results.response["violations"] == []


def test_forgotten_password_mail_link_new_password_login(server, new_page, seeded):
    person = seeded["viewer"]
    page = new_page(None, lang="en")

    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email address").fill(person["email"].upper())
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url("**/password/forgot/sent/")
    assert page.get_by_role("heading", name="Check your mailbox").is_visible()

    server.manage("db_worker", "--batch", "--no-startup-delay")
    [mail] = server.mailbox.to(person["email"])
    assert mail["Subject"].strip() == "Neues Passwort setzen – Open Innovation City"
    link = link_in(mail, "/password/reset/")

    page.goto(link)
    _axe_clean(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url("**/login/")
    assert page.get_by_text("Your new password is set. Please sign in with it.").is_visible()

    page.get_by_label("Email address").fill(person["email"])
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="My profile").count() >= 1

    page.goto(link)  # the link has been used
    assert page.get_by_role("heading", name="This link does not work").is_visible()


def test_a_newcomer_confirms_the_address_from_the_mail(server, new_page, seeded):
    person = seeded["newcomer"]
    page = new_page(person, lang="en")
    page.goto("/profile/")
    page.get_by_role("button", name="Send the link again").click()
    page.wait_for_url("**/profile/")

    server.manage("db_worker", "--batch", "--no-startup-delay")
    mail = server.mailbox.to(person["email"])[-1]
    page.goto(link_in(mail, "/confirm/"))
    _axe_clean(page)
    page.get_by_role("button", name="Confirm email address").click()
    page.wait_for_url("**/profile/")

    assert page.get_by_text("Thank you: your email address is confirmed.").is_visible()
    assert page.get_by_text("Your email address is confirmed.", exact=True).is_visible()
    assert page.get_by_role("button", name="Send the link again").count() == 0
