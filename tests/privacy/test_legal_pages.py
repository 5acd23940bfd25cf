"""Impressum, privacy notice and accessibility statement: on every page's footer, text from
the Open Brand file or the defaults, a feedback form that reaches staff; and no cookie for
visitors before they use a form."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from mail.models import Mail
from tests import factories

LEGAL = {
    "/impressum/": ("Impressum", "Legal notice"),
    "/datenschutz/": ("Datenschutzerklärung", "Privacy notice"),
    "/barrierefreiheit/": ("Erklärung zur Barrierefreiheit", "Accessibility statement"),
}


@pytest.mark.parametrize("path", LEGAL)
def test_each_legal_page_is_there_in_german_and_english(db, path):
    german, english = LEGAL[path]
    de = Client().get(path, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    en = Client().get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f"<h1>{german}</h1>" in de
    assert f"<h1>{english}</h1>" in en


def test_every_page_links_the_legal_pages_in_its_footer(db, idea):
    for path in ["/", "/ideas/", f"/ideas/{idea.pk}/", "/login/", "/opendata/"]:
        footer = Client().get(path).content.decode().split('<footer class="site-footer">')[1]
        for legal in [*LEGAL, "/opendata/"]:
            assert f'href="{legal}"' in footer, (path, legal)


def test_sign_up_links_the_privacy_notice(db):
    page = Client().get("/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'as the <a href="/datenschutz/">privacy notice</a> explains' in page


def test_the_open_brand_file_may_replace_a_pages_text(db, settings):
    settings.OIC_BRAND = {
        **settings.OIC_BRAND,
        "legal_pages": {"impressum": {"de": "Stadt **Musterstadt**", "en": "City of *Sample*"}},
    }
    de = Client().get("/impressum/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Stadt <strong>Musterstadt</strong>" in de
    en = Client().get("/impressum/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "City of <em>Sample</em>" in en


def test_the_defaults_name_the_brands_provider_and_authority(db, settings):
    settings.OIC_BRAND = {**settings.OIC_BRAND, "owner": "Stadt Musterstadt"}
    impressum = Client().get("/impressum/").content.decode()
    privacy = Client().get("/datenschutz/").content.decode()
    assert "Stadt Musterstadt" in impressum
    assert "Landesbeauftragte für Datenschutz" in privacy


def test_accessibility_feedback_reaches_staff_by_mail(db, settings):
    settings.OIC_BRAND = {**settings.OIC_BRAND, "accessibility_email": "a11y@city.example"}
    response = Client().post(
        "/barrierefreiheit/",
        {"message": "The map has no text version.", "page": "/ideas/", "email": "me@x.example"},
    )

    assert response.status_code == 302
    mail = Mail.objects.get()
    assert mail.to == "a11y@city.example"
    assert "The map has no text version." in mail.text
    assert "me@x.example" in mail.text


def test_empty_feedback_is_refused_and_sends_nothing(db):
    response = Client().post(
        "/barrierefreiheit/",
        {"message": "  ", "email": "not-an-address"},
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert response.status_code == 400
    assert "Bitte beschreibe die Barriere." in response.content.decode()
    assert Mail.objects.count() == 0


def test_feedback_is_throttled_per_address(db, settings):
    settings.PRIVACY_FEEDBACK_PER_HOUR = 1
    assert Client().post("/barrierefreiheit/", {"message": "One"}).status_code == 302
    assert Client().post("/barrierefreiheit/", {"message": "Two"}).status_code == 429
    assert Mail.objects.count() == 1


def test_a_visitor_reading_gets_no_cookie_and_no_session(db, idea):
    pages = ["/", "/ideas/", f"/ideas/{idea.pk}/", f"/challenges/{idea.challenge_id}/"]
    pages += ["/impressum/", "/datenschutz/", "/opendata/", f"/people/{idea.author_id}/"]
    for path in pages:
        response = Client().get(path)
        assert response.status_code == 200, path
        assert dict(response.cookies) == {}, path
    assert Session.objects.count() == 0


def test_a_page_with_a_form_sets_only_the_csrf_cookie(db):
    for path in ["/login/", "/signup/", "/barrierefreiheit/"]:
        assert set(Client().get(path).cookies) == {"csrftoken"}, path


def test_the_language_switch_needs_no_cookie_before_it_is_used(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert set(response.cookies) == {"django_language"}


def test_signed_in_people_find_their_data_page_from_the_profile(db):
    user = factories.UserFactory()
    client = Client()
    client.force_login(user)
    assert 'href="/profile/data/"' in client.get("/profile/").content.decode()
