"""A person's public page: what it shows, what it never shows, and where author names link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from challenges.models import Challenge
from tests import factories
from tests.frontend.conftest import bulk_ideas

pytestmark = pytest.mark.django_db

IDEA_ITEM = re.compile(r'<li class="card idea-card" data-idea-id="(\d+)">')


def _idea_ids(html: str) -> list[int]:
    return [int(pk) for pk in IDEA_ITEM.findall(html)]


def test_person_page_shows_name_sector_bio_and_organisations_never_the_email(browser, person):
    uni = factories.OrganisationFactory(name="Universität Bielefeld", slug="uni-bielefeld")
    factories.MembershipFactory(user=person, organisation=uni)
    factories.OrganisationFactory(name="Fremder Verein")

    response = browser.get(f"/people/{person.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Aylin Demir</h1>" in html
    assert '<span class="badge badge-sector">Wissenschaft</span>' in html
    assert "<p>Ich forsche zu Lastenrädern.</p>\n\n<p>Und fahre eins.</p>" in html
    assert '<a href="/organisations/uni-bielefeld/">Universität Bielefeld</a>' in html
    assert "Fremder Verein" not in html
    assert "aylin.private" not in html
    assert "mailbox.test" not in html


def test_person_page_in_english(browser, person):
    html = browser.get(f"/people/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="badge badge-sector">Research</span>' in html
    assert '<h2 id="person-comments-heading">Latest comments</h2>' in html


def test_person_page_shows_public_ideas_and_comments_only(browser, person, open_challenge):
    shown = factories.IdeaFactory(author=person, challenge=open_challenge, title="Radweg Nord")
    free = factories.IdeaFactory(author=person, challenge=None, title="Freie Idee")
    withdrawn = factories.IdeaFactory(
        author=person, title="Zurückgezogen", withdrawn_at=timezone.now()
    )
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, title="Geheimer Entwurf")
    in_draft = factories.IdeaFactory(author=person, challenge=draft, title="Idee im Entwurf")
    factories.IdeaFactory(title="Idee von jemand anderem")

    comment = factories.CommentFactory(author=person, idea=shown, body="Sichtbarer Kommentar")
    factories.CommentFactory(author=person, idea=shown, body="Gelöscht", deleted_at=timezone.now())
    factories.CommentFactory(author=person, idea=withdrawn, body="Auf zurückgezogener Idee")
    factories.CommentFactory(author=person, idea=in_draft, body="Auf Entwurfsidee")
    factories.CommentFactory(idea=shown, body="Kommentar von jemand anderem")

    html = browser.get(f"/people/{person.pk}/").content.decode()

    assert sorted(_idea_ids(html)) == sorted([shown.pk, free.pk])
    assert "Zurückgezogen" not in html
    assert "Idee im Entwurf" not in html
    assert "Geheimer Entwurf" not in html
    assert f'<a href="/ideas/{shown.pk}/#comment-{comment.pk}">Sichtbarer Kommentar</a>' in html
    assert "Auf zurückgezogener Idee" not in html
    assert "Auf Entwurfsidee" not in html
    assert "Gelöscht" not in html
    assert "jemand anderem" not in html


def test_person_page_without_public_activity_still_renders(browser, person):
    factories.IdeaFactory(author=person, withdrawn_at=timezone.now())
    response = browser.get(f"/people/{person.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert _idea_ids(html) == []
    assert '<p class="empty">Noch keine Ideen.</p>' in html
    assert '<p class="empty">Noch keine Kommentare.</p>' in html
    assert 'id="person-orgs-heading"' not in html
    assert 'class="pager"' not in html


def test_missing_person_is_404(browser, person):
    response = browser.get(f"/people/{person.pk + 1000}/")
    assert response.status_code == 404


def test_person_page_query_count_does_not_grow_with_ideas_and_comments(
    browser, person, open_challenge, django_assert_num_queries
):
    bulk_ideas(open_challenge, 2, author=person)
    factories.CommentFactory(author=person, idea=open_challenge.ideas.first())
    factories.MembershipFactory(user=person)
    # person, ideas, their topics, comments with their ideas, organisations, follow button
    with django_assert_num_queries(6):
        browser.get(f"/people/{person.pk}/")
    ideas = bulk_ideas(factories.ChallengeFactory(), 30, author=person)
    for idea in ideas[:25]:
        factories.CommentFactory(author=person, idea=idea)
    factories.MembershipFactory(user=person)
    with django_assert_num_queries(6):
        response = browser.get(f"/people/{person.pk}/")
    assert len(_idea_ids(response.content.decode())) == 20
    assert response.content.decode().count("#comment-") == 20


def test_person_page_pages_ideas_newest_first_by_cursor(browser, person, open_challenge):
    ideas = bulk_ideas(open_challenge, 25, author=person)
    newest_first = [idea.pk for idea in sorted(ideas, key=lambda i: i.created_at, reverse=True)]

    first = browser.get(f"/people/{person.pk}/").content.decode()
    cursor = re.search(r'<a rel="next"[^>]*href="\?cursor=([^"]+)"', first).group(1)
    second = browser.get(f"/people/{person.pk}/", {"cursor": cursor}).content.decode()

    assert _idea_ids(first) + _idea_ids(second) == newest_first
    assert 'rel="next"' not in second
    assert '<a href="?">Zurück zur ersten Seite</a>' in second


def test_person_page_with_a_broken_cursor_shows_the_first_page(browser, person):
    response = browser.get(f"/people/{person.pk}/", {"cursor": "nonsense!"})

    assert response.status_code == 200
    assert response.context["is_first_page"] is True


# --- Every author name links to the person's page ------------------------------------------


def test_idea_page_links_author_commenters_offers_and_responses(browser, staff, open_challenge):
    from ideas.services import idea_set_status

    author = factories.UserFactory(display_name="Ida Autorin")
    idea = factories.IdeaFactory(author=author, challenge=open_challenge, seeking_cocreators=True)
    commenter = factories.UserFactory(display_name="Karl Kommentar")
    factories.CommentFactory(idea=idea, author=commenter)
    helper = factories.UserFactory(display_name="Hanna Hilfe")
    from ideas.models import CocreatorOffer

    CocreatorOffer.objects.create(idea=idea, user=helper, message="Ich helfe.")
    idea_set_status(actor=staff, idea=idea, status="under_review")

    html = browser.get(f"/ideas/{idea.pk}/").content.decode()

    assert f'<a class="author" href="/people/{author.pk}/">Ida Autorin</a>' in html
    assert f'<a class="author" href="/people/{commenter.pk}/">Karl Kommentar</a>' in html
    assert f'<a class="author" href="/people/{helper.pk}/">Hanna Hilfe</a>' in html
    assert f'<a href="/people/{staff.pk}/">{staff.display_name}</a>' in html
    # The template live comments are built from: the script puts the author's id in.
    assert '<a class="author" data-slot="author" href="/people/0/"></a>' in html


def test_idea_cards_and_organisation_members_link_to_people(browser, open_challenge):
    author = factories.UserFactory(display_name="Olga Org")
    org = factories.OrganisationFactory(slug="lastenrad-verein")
    factories.MembershipFactory(user=author, organisation=org)
    factories.IdeaFactory(author=author, challenge=open_challenge, organisation=org)
    link = f'<a class="author" href="/people/{author.pk}/">Olga Org</a>'

    assert link in browser.get("/ideas/").content.decode()
    assert link in browser.get(f"/challenges/{open_challenge.pk}/").content.decode()
    assert link in browser.get("/").content.decode()
    org_page = browser.get("/organisations/lastenrad-verein/").content.decode()
    assert f'<a href="/people/{author.pk}/">Olga Org</a>' in org_page


def test_home_activity_links_who_did_it(browser, open_challenge):
    author = factories.UserFactory(display_name="Anna Aktiv")
    factories.IdeaFactory(
        author=author, challenge=open_challenge, created_at=timezone.now() + timedelta(seconds=1)
    )
    html = browser.get("/").content.decode()
    assert (
        f'<span class="activity-by">· <a href="/people/{author.pk}/">Anna Aktiv</a></span>' in html
    )


def test_own_profile_links_to_the_public_page(citizen_browser):
    html = citizen_browser.get("/profile/").content.decode()
    assert f'<a href="/people/{citizen_browser.user.pk}/">Deine öffentliche Seite</a>' in html
