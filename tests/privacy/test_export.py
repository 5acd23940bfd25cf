"""Download my data (GDPR Art. 15/20): prepared by the worker, mailed when ready, and the
download works only for the person, in the session that asked, until it expires."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from privacy.models import DataExport
from tests import factories
from tests.live.conftest import city_staff_group  # noqa: F401
from tests.mailbox import run_worker, text_of
from tests.privacy.conftest import PASSWORD, logged_in

# The worker commits for real (see tests/accounts/test_mail_delivery.py).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    # A transactional test empties the "City staff" group the factories' staff join.
    pytest.mark.usefixtures("city_staff_group"),
]


def _prepare(client) -> str:
    """Ask for the export, run the worker, and return the page's download path."""
    assert client.post("/profile/data/export/").status_code == 302
    run_worker()
    page = client.get("/profile/data/").content.decode()
    match = re.search(r'href="(/profile/data/export/[^"/]+/)"', page)
    assert match, page
    return match.group(1)


def test_the_worker_prepares_the_zip_and_mails_when_it_is_ready(owner, smtp):
    idea = factories.IdeaFactory(author=owner, title="Lastenräder für alle")
    client = logged_in(owner)

    assert client.post("/profile/data/export/").status_code == 302
    export = DataExport.objects.get()
    assert export.status == "pending"
    assert smtp.messages == []  # nothing slow in the request

    run_worker()  # builds the zip and queues the mail
    run_worker()  # sends the mail

    [message] = smtp.to(owner.email)
    assert message["Subject"].startswith("Deine Daten stehen zum Download bereit")  # her language
    assert "https://oic.example.org/profile/data/" in text_of(message)
    path = re.search(
        r'href="(/profile/data/export/[^"/]+/)"', client.get("/profile/data/").content.decode()
    ).group(1)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "mira.owner@mailbox.test"
    assert [row["title"] for row in data["sections"]["ideas.idea.author"]["rows"]] == [idea.title]
    html = archive.read("index.html").decode()
    assert "mira.owner@mailbox.test" in html
    assert "Lastenräder für alle" in html


def test_the_link_works_for_nobody_else_and_in_no_other_session(owner, other_user, smtp):
    client = logged_in(owner)
    path = _prepare(client)

    assert Client().get(path).status_code == 302  # not signed in: to the login page
    other_user.set_password(PASSWORD)
    other_user.save()
    assert logged_in(other_user).get(path).status_code == 404
    assert logged_in(owner).get(path).status_code == 404  # the same person, a new session
    assert client.get(path).status_code == 200


def test_the_link_dies_at_logout_and_its_file_goes(owner, smtp):
    client = logged_in(owner)
    path = _prepare(client)
    session_cookie = client.cookies["sessionid"].value

    client.post("/logout/")

    assert DataExport.objects.count() == 0
    replay = Client()
    replay.cookies["sessionid"] = session_cookie  # the old session cookie, replayed
    assert replay.get(path).status_code == 302
    assert logged_in(owner).get(path).status_code == 404


def test_the_link_expires(owner, smtp, settings):
    settings.PRIVACY_EXPORT_HOURS = 2
    client = logged_in(owner)
    path = _prepare(client)

    with time_machine.travel(timezone.now() + timedelta(hours=2, seconds=1)):
        assert client.get(path).status_code == 404
        assert path not in client.get("/profile/data/").content.decode()


def test_asking_again_while_it_is_prepared_adds_no_work(owner):
    client = logged_in(owner)
    client.post("/profile/data/export/")
    client.post("/profile/data/export/")

    assert DataExport.objects.count() == 1
    run_worker()
    assert DataExport.objects.get().status == "ready"
