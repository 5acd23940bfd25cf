"""Reading pages: what they show, their hooks for the live layer, and bounded query counts."""

import re

import pytest
from django.urls import reverse

from challenges.models import Challenge
from ideas.models import Idea
from tests import factories
from tests.frontend.conftest import bulk_ideas

pytestmark = pytest.mark.django_db

IDEA_ITEM = re.compile(r'<li class="card idea-card" data-idea-id="(\d+)">')


def _idea_ids(response) -> list[int]:
    return [int(pk) for pk in IDEA_ITEM.findall(response.content.decode())]


def _next_link(response) -> str:
    match = re.search(r'<a rel="next"[^>]*href="([^"]+)"', response.content.decode())
    assert match, "no next-page link"
    # {% querystring %} renders a link relative to the page: "?order=…&cursor=…".
    return response.request["PATH_INFO"] + match.group(1).replace("&amp;", "&")


def test_home_is_german_by_default_with_landmarks_and_live_hooks(browser):
    response = browser.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert '<body data-streams="feed">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert '<span id="live-status" data-live-status hidden></span>' in html
    assert '<div id="live-announcer" class="visually-hidden" aria-live="polite"></div>' in html
    assert '<ol class="activity" data-activity-feed data-as-of="' in html


def test_home_shows_brand_from_settings(browser, settings):
    settings.OIC_BRAND = {**settings.OIC_BRAND, "name": "Ideenschmiede", "city": "Musterstadt"}
    html = browser.get("/").content.decode()
    assert "Ideenschmiede" in html
    assert "Musterstadt" in html


def test_home_lists_open_challenges_trending_ideas_and_activity(
    browser, staff, django_capture_on_commit_callbacks
):
    from challenges.services import challenge_create
    from ideas.services import idea_submit

    with django_capture_on_commit_callbacks(execute=True):
        challenge = challenge_create(
            actor=staff, title="Grüne Innenstadt", summary="s", description="d", status="open"
        )
        idea_submit(
            author=factories.UserFactory(),
            title="Bäume am Jahnplatz",
            summary="Eine Idee für alle.",
            challenge=challenge,
        )
    html = browser.get("/").content.decode()
    assert "Grüne Innenstadt" in html
    assert 'data-activity-key="idea:' in html
    assert 'data-activity-key="challenge:' in html
    assert html.count("Bäume am Jahnplatz") == 2  # trending card and activity entry


def test_home_leaves_withdrawn_ideas_out_of_the_activity(
    browser, idea, django_capture_on_commit_callbacks
):
    from ideas.services import idea_submit, idea_withdraw

    author = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        gone = idea_submit(author=author, title="Zurückgezogen", summary="Eine Idee für alle.")
        idea_withdraw(actor=author, idea=gone)
    assert "Zurückgezogen" not in browser.get("/").content.decode()


def test_home_query_count_does_not_grow_with_content(browser, staff, django_assert_num_queries):
    for _ in range(2):
        bulk_ideas(factories.ChallengeFactory(created_by=staff), 3)
    with django_assert_num_queries(6):  # the sixth: the next events (issue 17)
        browser.get("/")
    for _ in range(6):
        bulk_ideas(factories.ChallengeFactory(created_by=staff), 10)
    with django_assert_num_queries(6):
        browser.get("/")


def test_challenge_list_filters_by_phase(browser, staff):
    factories.ChallengeFactory(title="Offene Frage", created_by=staff)
    factories.ChallengeFactory(title="Entwurf", status=Challenge.Status.DRAFT, created_by=staff)
    factories.ChallengeFactory(title="Vorbei", status=Challenge.Status.CLOSED, created_by=staff)
    html = browser.get("/challenges/", {"status": "closed"}).content.decode()
    assert "Vorbei" in html
    assert "Offene Frage" not in html
    assert "Entwurf" not in browser.get("/challenges/").content.decode()


def test_challenge_list_query_count(browser, staff, django_assert_num_queries):
    for _ in range(5):
        factories.ChallengeFactory(created_by=staff)
    with django_assert_num_queries(4):
        browser.get("/challenges/")


def test_challenge_page_with_1000_ideas_shows_20_and_a_next_page(
    browser, open_challenge, django_assert_num_queries
):
    bulk_ideas(open_challenge, 1000)
    url = reverse("frontend:challenge_detail", kwargs={"pk": open_challenge.pk})
    # 9: the five of the idea list, whether the jury has published a result (issue 18), the
    # followers' count (notifications.selectors.follow_state), the next events and whether
    # the challenge is a hackathon (issue 17).
    with django_assert_num_queries(9):
        response = browser.get(url, {"order": "new"})
    html = response.content.decode()
    first_page = _idea_ids(response)
    assert response.status_code == 200
    assert len(first_page) == 20
    assert f'<body data-streams="challenge:{open_challenge.pk}">' in html
    assert f'data-idea-list data-challenge="{open_challenge.pk}"' in html
    assert '<div class="new-ideas-notice" data-new-ideas-notice hidden>' in html
    assert "Idee einreichen" in html

    with django_assert_num_queries(9):
        second = browser.get(_next_link(response))
    second_page = _idea_ids(second)
    assert len(second_page) == 20
    assert not set(first_page) & set(second_page)
    newest = list(
        Idea.objects.filter(challenge=open_challenge)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:40]
    )
    assert first_page + second_page == newest


@pytest.mark.parametrize("order", ["new", "top", "trending", "discussed"])
def test_challenge_page_orders_ideas(browser, open_challenge, order):
    bulk_ideas(open_challenge, 30)
    from ideas.selectors import IDEA_ORDERINGS

    expected = list(
        Idea.objects.filter(challenge=open_challenge)
        .order_by(*IDEA_ORDERINGS[order])
        .values_list("pk", flat=True)[:20]
    )
    response = browser.get(f"/challenges/{open_challenge.pk}/", {"order": order})
    assert _idea_ids(response) == expected


def test_keyset_pages_cover_every_idea_once_in_top_order(browser, open_challenge):
    bulk_ideas(open_challenge, 45)
    url, seen = f"/challenges/{open_challenge.pk}/?order=top", []
    for _ in range(3):
        response = browser.get(url)
        seen += _idea_ids(response)
        if 'rel="next"' not in response.content.decode():
            break
        url = _next_link(response)
    assert sorted(seen) == sorted(Idea.objects.values_list("pk", flat=True))


def test_challenge_page_filters_by_sector_and_cocreators(browser, open_challenge):
    business = factories.UserFactory(sector="business")
    wanted = factories.IdeaFactory(
        challenge=open_challenge, author=business, seeking_cocreators=True
    )
    factories.IdeaFactory(challenge=open_challenge, author=business)
    factories.IdeaFactory(challenge=open_challenge, seeking_cocreators=True)
    response = browser.get(
        f"/challenges/{open_challenge.pk}/", {"sector": "business", "cocreators": "on"}
    )
    assert _idea_ids(response) == [wanted.pk]


def test_challenge_page_ignores_unknown_filter_values(browser, open_challenge):
    factories.IdeaFactory(challenge=open_challenge)
    response = browser.get(f"/challenges/{open_challenge.pk}/", {"order": "bogus", "sector": "x"})
    assert response.status_code == 200
    assert len(_idea_ids(response)) == 1


def test_invalid_cursor_shows_the_first_page_not_a_500(browser, open_challenge):
    response = browser.get(f"/challenges/{open_challenge.pk}/", {"cursor": "%%%"})
    assert response.status_code == 200
    assert response.context["is_first_page"] is True


def test_draft_challenge_is_hidden_from_citizens(citizen_browser, staff):
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff)
    assert citizen_browser.get(f"/challenges/{draft.pk}/").status_code == 404


def test_all_ideas_page_includes_free_ideas(browser, idea, django_assert_num_queries):
    free = factories.IdeaFactory(challenge=None, title="Freie Idee")
    # topics, challenges (the challenge filter's choices), ideas, their topics
    with django_assert_num_queries(4):
        response = browser.get("/ideas/")
    assert set(_idea_ids(response)) == {idea.pk, free.pk}
    assert '<body data-streams="feed">' in response.content.decode()
    assert 'data-idea-list data-challenge=""' in response.content.decode()


def test_all_ideas_page_query_count_does_not_grow_with_page_size(
    browser, open_challenge, django_assert_num_queries
):
    bulk_ideas(open_challenge, 3)
    with django_assert_num_queries(4):
        browser.get("/ideas/")
    bulk_ideas(None, 40)
    with django_assert_num_queries(4):
        browser.get("/ideas/")


def test_idea_page_shows_funnel_with_five_steps_and_live_hooks(browser, idea):
    html = browser.get(f"/ideas/{idea.pk}/").content.decode()
    funnel = re.search(r'<ol class="funnel" data-funnel data-idea="\d+">(.*?)</ol>', html, re.S)
    funnel = funnel.group(1)
    assert funnel.count("<li") == 5
    assert 'aria-current="step"' in funnel
    assert f'<body data-streams="idea:{idea.pk}">' in html
    assert f'<span class="badge badge-status" data-idea-status data-idea="{idea.pk}"' in html
    assert f'<ol class="comments" data-comment-list data-idea="{idea.pk}">' in html
    assert f'<span data-comment-count data-idea="{idea.pk}">' in html
    assert '<template id="comment-template" data-viewer="' in html
    for slot in ("author", "sector", "time", "body"):
        assert f'data-slot="{slot}"' in html


def test_idea_page_vote_form_marks_the_viewers_vote(citizen_browser, idea):
    factories.VoteFactory(idea=idea, user=citizen_browser.user, value=-1)
    html = citizen_browser.get(f"/ideas/{idea.pk}/").content.decode()
    assert (
        f'<form method="post" action="/ideas/{idea.pk}/vote/" data-vote-form data-idea="{idea.pk}"'
        in html
    )
    assert 'value="1" class="vote vote-up" aria-pressed="false"' in html
    assert 'value="-1" class="vote vote-down" aria-pressed="true"' in html
    assert 'name="value" value="0"' in html
    assert f'<strong data-tally="score" data-idea="{idea.pk}">' in html


def test_idea_page_shows_official_responses(browser, idea, staff):
    from ideas.services import idea_set_status

    idea_set_status(actor=staff, idea=idea, status="under_review", response="Wir prüfen das.")
    html = browser.get(f"/ideas/{idea.pk}/").content.decode()
    assert "<p>Wir prüfen das.</p>" in html


def test_idea_page_query_count_does_not_grow_with_comments(
    citizen_browser, idea, django_assert_num_queries
):
    root = factories.CommentFactory(idea=idea)
    factories.CommentFactory(idea=idea, parent=root)
    # + the followers' count, the signed-in viewer's unread notifications (the bell) and the
    # idea's next events (issue 17).
    with django_assert_num_queries(11):
        citizen_browser.get(f"/ideas/{idea.pk}/")
    for _ in range(10):
        parent = factories.CommentFactory(idea=idea)
        factories.CommentFactory(idea=idea, parent=parent)
    with django_assert_num_queries(11):
        response = citizen_browser.get(f"/ideas/{idea.pk}/")
    assert response.content.decode().count("data-comment-id=") == 22 + 1  # + the template


def test_idea_page_of_closed_challenge_is_read_only(citizen_browser, idea):
    Challenge.objects.filter(pk=idea.challenge_id).update(status=Challenge.Status.CLOSED)
    html = citizen_browser.get(f"/ideas/{idea.pk}/").content.decode()
    assert 'role="note"' in html
    assert 'id="comment-form" method="post"' not in html


def test_withdrawn_idea_is_404(browser, idea):
    Idea.objects.filter(pk=idea.pk).update(withdrawn_at=idea.created_at)
    assert browser.get(f"/ideas/{idea.pk}/").status_code == 404


def test_organisation_pages_list_members_and_ideas(browser, django_assert_num_queries):
    membership = factories.MembershipFactory()
    org = membership.organisation
    factories.IdeaFactory(author=membership.user, organisation=org, title="Idee des Vereins")
    with django_assert_num_queries(2):
        assert browser.get("/organisations/").status_code == 200
    # + the follow button's count, the challenges it runs and the next events
    with django_assert_num_queries(8):
        html = browser.get(f"/organisations/{org.slug}/").content.decode()
    assert membership.user.display_name in html
    assert "Idee des Vereins" in html
    assert "Betreute Challenges" not in html  # it runs none


def test_organisation_page_lists_the_challenges_it_runs_open_first(
    browser, staff, django_assert_num_queries
):
    office = factories.OrganisationFactory(name="Digitalisierungsbüro")
    closed = factories.ChallengeFactory(
        organisation=office, title="Grüne Dächer", status=Challenge.Status.CLOSED
    )
    opened = factories.ChallengeFactory(organisation=office, title="Radwege für alle")
    draft = factories.ChallengeFactory(
        organisation=office, title="Noch geheim", status=Challenge.Status.DRAFT
    )
    factories.ChallengeFactory(title="Eine andere Challenge")
    # the challenges and their topics in two queries whatever their number (the page has no
    # ideas here, so no query for the ideas' topics)
    with django_assert_num_queries(8):
        html = browser.get(f"/organisations/{office.slug}/").content.decode()
    assert "Betreute Challenges" in html
    assert html.index(opened.title) < html.index(closed.title)
    assert draft.title not in html
    assert "Eine andere Challenge" not in html
    browser.force_login(staff)
    browser.cookies["django_language"] = "en"
    html = browser.get(f"/organisations/{office.slug}/").content.decode()
    assert "Challenges it runs" in html
    assert draft.title in html  # staff see drafts everywhere


def test_brand_css_carries_the_configured_colours(browser, settings):
    settings.OIC_BRAND = {**settings.OIC_BRAND, "primary_color": "#ffdd00"}
    response = browser.get("/brand.css")
    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert "--brand-primary:#ffdd00;" in css
    assert "--brand-on-primary:#111111;" in css  # dark text on a light brand colour


def test_brand_css_refuses_anything_but_a_hex_colour(browser, settings):
    settings.OIC_BRAND = {**settings.OIC_BRAND, "primary_color": "red;}body{display:none"}
    assert "--brand-primary:#005a9c;" in browser.get("/brand.css").content.decode()


def test_pages_carry_no_inline_styles_or_scripts(citizen_browser, idea):
    for url in ("/", "/challenges/", f"/challenges/{idea.challenge_id}/", f"/ideas/{idea.pk}/"):
        html = citizen_browser.get(url).content.decode()
        assert " style=" not in html
        assert "<style" not in html
        for script in re.findall(r"<script[^>]*>", html):
            assert "src=" in script


def test_english_page_when_the_language_cookie_says_so(browser, settings):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = browser.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Submit an idea" in html


def test_stylesheet_and_logo_stay_small():
    """The whole first visit must stay under 100 KB compressed; CSS and logo get 20 KB of it."""
    import gzip
    from pathlib import Path

    from django.conf import settings

    static = Path(settings.BASE_DIR) / "frontend" / "static" / "frontend"
    size = sum(
        len(gzip.compress(path.read_bytes()))
        for path in (static / "css" / "main.css", static / "img" / "logo.svg")
    )
    assert size < 20_000


def test_challenge_list_headings_follow_the_page_heading(browser, open_challenge):
    html = browser.get("/challenges/").content.decode()
    assert '<h2 class="card-title">' in html
    assert "<h3" not in html


def test_home_activity_shows_comments_status_changes_and_answers(
    browser, staff, idea, django_capture_on_commit_callbacks
):
    from ideas.services import comment_delete, comment_post, idea_set_status

    commenter = factories.UserFactory(display_name="Kim Kommentar")
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(author=commenter, idea=idea, body="Gute Sache")
        gone = comment_post(author=commenter, idea=idea, body="Doch nicht")
        comment_delete(actor=commenter, comment=gone)
        idea_set_status(actor=staff, idea=idea, status="under_review")
        idea_set_status(actor=staff, idea=idea, status="selected", response="Wir machen das.")

    html = browser.get("/").content.decode()
    items = re.findall(r'<li class="activity-item" data-activity-key="([a-z]+):(\d+)"', html)

    assert [kind for kind, _ in items][:3] == ["status", "status", "comment"]
    assert ("comment", str(comment.pk)) in items
    assert ("comment", str(gone.pk)) not in items
    assert '<span class="activity-kind">Offizielle Antwort</span>' in html
    assert '<span class="activity-kind">Neuer Status: In Prüfung</span>' in html
    assert '<span class="activity-kind">Neuer Kommentar</span>' in html
    assert f'href="/ideas/{idea.pk}/#comment-{comment.pk}"' in html
    assert (
        f'<span class="activity-by">· <a href="/people/{commenter.pk}/">Kim Kommentar</a></span>'
        in html
    )


def test_challenge_list_shows_open_challenges_first(browser, staff):
    factories.ChallengeFactory(
        title="Ampelphasen", status=Challenge.Status.CLOSED, created_by=staff
    )
    factories.ChallengeFactory(title="Zebrastreifen", created_by=staff)  # open, and older
    factories.ChallengeFactory(
        title="Radwege", status=Challenge.Status.EVALUATION, created_by=staff
    )

    html = browser.get("/challenges/").content.decode()

    assert html.index("Zebrastreifen") < html.index("Radwege") < html.index("Ampelphasen")
