"""The no-JavaScript flows: forms POST, errors sit beside their fields, typed text stays,
success redirects; refused actions change nothing and publish nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Organisation, User
from challenges.models import Challenge
from frontend import forms
from ideas.models import Comment, Idea
from realtime.models import Event
from tests import factories
from votes.models import Vote

pytestmark = pytest.mark.django_db


def test_submit_idea_with_empty_title_keeps_text_and_shows_the_error(
    citizen_browser, open_challenge
):
    response = citizen_browser.post(
        "/ideas/new/",
        {"title": "", "summary": "Mehr Bänke am Siegfriedplatz", "challenge": open_challenge.pk},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Mehr Bänke am Siegfriedplatz</textarea>" in html
    assert 'aria-describedby="id_title-error"' in html
    assert 'aria-invalid="true"' in html
    assert '<p class="field-error" id="id_title-error">' in html
    assert f'<option value="{open_challenge.pk}" selected>' in html
    assert Idea.objects.count() == 0
    assert Event.objects.count() == 0


def test_submit_idea_to_a_challenge_redirects_to_the_new_idea(citizen_browser, open_challenge):
    response = citizen_browser.post(
        "/ideas/new/",
        {"title": "Trinkbrunnen", "summary": "Wasser für alle.", "challenge": open_challenge.pk},
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ideas/{idea.pk}/"
    assert idea.challenge == open_challenge
    assert idea.author == citizen_browser.user


def test_submit_free_idea_on_behalf_of_own_organisation(citizen_browser):
    membership = factories.MembershipFactory(user=citizen_browser.user)
    response = citizen_browser.post(
        "/ideas/new/",
        {
            "title": "Reparaturcafé",
            "summary": "Gemeinsam reparieren.",
            "organisation": membership.organisation.pk,
            "seeking_cocreators": "on",
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.challenge is None
    assert idea.organisation == membership.organisation
    assert idea.seeking_cocreators is True


def test_submit_idea_for_a_foreign_organisation_is_an_error_beside_the_field(citizen_browser):
    foreign = factories.OrganisationFactory()
    response = citizen_browser.post(
        "/ideas/new/", {"title": "T", "summary": "S", "organisation": foreign.pk}
    )
    assert response.status_code == 400
    assert 'id="id_organisation-error"' not in response.content.decode()  # not offered at all
    assert Idea.objects.count() == 0


def test_anonymous_visitor_is_sent_to_log_in_before_submitting(browser):
    response = browser.get("/ideas/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/ideas/new/")


def test_edit_idea_keeps_the_challenge_and_marks_it_edited(citizen_browser, open_challenge):
    idea = factories.IdeaFactory(challenge=open_challenge, author=citizen_browser.user)
    response = citizen_browser.post(
        f"/ideas/{idea.pk}/edit/", {"title": "Neuer Titel", "summary": "Neu gefasst und kürzer."}
    )
    idea.refresh_from_db()
    assert response.status_code == 302
    assert idea.title == "Neuer Titel"
    assert idea.edited_at is not None


def test_edit_someone_elses_idea_is_403(citizen_browser, idea):
    assert citizen_browser.post(f"/ideas/{idea.pk}/edit/", {"title": "X"}).status_code == 403
    assert Idea.objects.get(pk=idea.pk).title == idea.title


def test_withdraw_asks_first_then_withdraws(citizen_browser, open_challenge):
    idea = factories.IdeaFactory(challenge=open_challenge, author=citizen_browser.user)
    Challenge.objects.filter(pk=open_challenge.pk).update(idea_count=1)  # as the service keeps it
    confirm = citizen_browser.get(f"/ideas/{idea.pk}/withdraw/")
    assert confirm.status_code == 200
    assert Idea.objects.get(pk=idea.pk).withdrawn_at is None
    response = citizen_browser.post(f"/ideas/{idea.pk}/withdraw/")
    assert response.status_code == 302
    assert response["Location"] == f"/challenges/{open_challenge.pk}/"
    assert Idea.objects.get(pk=idea.pk).withdrawn_at is not None


def test_vote_post_redirects_back_and_counts(citizen_browser, idea):
    response = citizen_browser.post(f"/ideas/{idea.pk}/vote/", {"value": "1"})
    idea.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/ideas/{idea.pk}/#votes"
    assert (idea.up_count, idea.down_count, idea.score) == (1, 0, 1)
    page = citizen_browser.get(f"/ideas/{idea.pk}/").content.decode()
    assert 'value="1" class="vote vote-up" aria-pressed="true"' in page


def test_vote_value_zero_takes_the_vote_back(citizen_browser, idea):
    citizen_browser.post(f"/ideas/{idea.pk}/vote/", {"value": "-1"})
    citizen_browser.post(f"/ideas/{idea.pk}/vote/", {"value": "0"})
    idea.refresh_from_db()
    assert (idea.up_count, idea.down_count, idea.score) == (0, 0, 0)
    assert Vote.objects.count() == 0


def test_vote_on_own_idea_is_refused_and_publishes_nothing(citizen_browser, open_challenge):
    idea = factories.IdeaFactory(challenge=open_challenge, author=citizen_browser.user)
    response = citizen_browser.post(f"/ideas/{idea.pk}/vote/", {"value": "1"}, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    assert Vote.objects.count() == 0
    assert Event.objects.count() == 0


def test_anonymous_vote_goes_to_login_and_back_to_the_idea(browser, idea):
    response = browser.post(f"/ideas/{idea.pk}/vote/", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/ideas/{idea.pk}/"
    assert Vote.objects.count() == 0


def test_comment_post_redirects_to_the_new_comment(citizen_browser, idea):
    response = citizen_browser.post(f"/ideas/{idea.pk}/comments/", {"body": "Gute Idee!"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ideas/{idea.pk}/#comment-{comment.pk}"
    assert comment.body == "Gute Idee!"


def test_reply_post_attaches_to_its_parent(citizen_browser, idea):
    parent = factories.CommentFactory(idea=idea)
    citizen_browser.post(f"/ideas/{idea.pk}/comments/", {"body": "Stimmt.", "parent": parent.pk})
    assert Comment.objects.get(body="Stimmt.").parent == parent


def test_empty_comment_shows_the_error_and_publishes_nothing(citizen_browser, idea):
    response = citizen_browser.post(f"/ideas/{idea.pk}/comments/", {"body": "   "})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_body-error"' in html
    assert 'aria-describedby="id_body-error"' in html
    assert Comment.objects.count() == 0
    assert Event.objects.count() == 0


def test_comment_on_closed_challenge_is_refused(citizen_browser, idea):
    Challenge.objects.filter(pk=idea.challenge_id).update(status=Challenge.Status.CLOSED)
    response = citizen_browser.post(f"/ideas/{idea.pk}/comments/", {"body": "Spät"})
    assert response.status_code == 302
    assert Comment.objects.count() == 0
    assert Event.objects.count() == 0


def test_edit_own_comment(citizen_browser, idea):
    comment = factories.CommentFactory(idea=idea, author=citizen_browser.user)
    response = citizen_browser.post(f"/comments/{comment.pk}/edit/", {"body": "Korrigiert"})
    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.body == "Korrigiert"


def test_edit_someone_elses_comment_is_403(citizen_browser, idea):
    comment = factories.CommentFactory(idea=idea)
    response = citizen_browser.post(f"/comments/{comment.pk}/edit/", {"body": "Gekapert"})
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Great idea!"
    assert Event.objects.count() == 0


def test_delete_own_comment_after_confirmation(citizen_browser, idea):
    comment = factories.CommentFactory(idea=idea, author=citizen_browser.user)
    Idea.objects.filter(pk=idea.pk).update(comment_count=1)  # as the service keeps it
    assert citizen_browser.get(f"/comments/{comment.pk}/delete/").status_code == 200
    response = citizen_browser.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.deleted_at is not None


def test_offer_help_on_an_idea_looking_for_cocreators(citizen_browser, open_challenge):
    idea = factories.IdeaFactory(challenge=open_challenge, seeking_cocreators=True)
    response = citizen_browser.post(
        f"/ideas/{idea.pk}/cocreate/", {"message": "Ich kann programmieren."}
    )
    assert response.status_code == 302
    assert "Ich kann programmieren." in citizen_browser.get(f"/ideas/{idea.pk}/").content.decode()


STAFF_URLS = [
    ("get", "/staff/"),
    ("get", "/staff/challenges/new/"),
    ("post", "/staff/challenges/new/"),
]


@pytest.mark.parametrize(("method", "url"), STAFF_URLS)
def test_staff_pages_are_403_for_citizens(citizen_browser, method, url):
    response = getattr(citizen_browser, method)(url, {"title": "T", "summary": "S"})
    assert response.status_code == 403
    assert Challenge.objects.count() == 0


def test_citizen_cannot_move_a_challenge_or_an_idea(citizen_browser, idea):
    challenge = idea.challenge
    events = Event.objects.count()
    assert citizen_browser.get(f"/staff/challenges/{challenge.pk}/edit/").status_code == 403
    assert (
        citizen_browser.post(f"/staff/challenges/{challenge.pk}/phase/", {"status": "closed"})
    ).status_code == 403
    assert (
        citizen_browser.post(f"/staff/ideas/{idea.pk}/status/", {"status": "under_review"})
    ).status_code == 403
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.OPEN
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.SUBMITTED
    assert Event.objects.count() == events


def test_staff_create_challenge(staff_browser):
    response = staff_browser.post(
        "/staff/challenges/new/",
        {
            "title": "Mobilität 2030",
            "summary": "Wie bewegen wir uns?",
            "description": "# Hintergrund",
            "status": "open",
            "voting_open": "on",
            "opens_at": "2025-01-01T10:00",
            "closes_at": "2025-02-01T10:00",
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert challenge.status == Challenge.Status.OPEN
    assert challenge.created_by == staff_browser.user


def test_staff_challenge_form_shows_window_error_beside_the_field(staff_browser):
    response = staff_browser.post(
        "/staff/challenges/new/",
        {
            "title": "T",
            "summary": "S",
            "description": "D",
            "status": "draft",
            "opens_at": "2025-02-01T10:00",
            "closes_at": "2025-01-01T10:00",
        },
    )
    assert response.status_code == 400
    assert 'id="id_closes_at-error"' in response.content.decode()
    assert Challenge.objects.count() == 0


def test_staff_challenge_form_bounds_dates_as_the_api_does(staff_browser):
    response = staff_browser.post(
        "/staff/challenges/new/",
        {
            "title": "Mobilität 2030",
            "summary": "Wie bewegen wir uns?",
            "description": "D",
            "status": "draft",
            "opens_at": "1800-01-01T10:00",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_opens_at-error"' in html
    assert "Gib ein Datum von 2000 bis 2099 an." in html
    assert Challenge.objects.count() == 0
    assert Event.objects.count() == 0


def test_staff_moves_a_challenge_to_the_next_phase(staff_browser, open_challenge):
    response = staff_browser.post(
        f"/staff/challenges/{open_challenge.pk}/phase/", {"status": "evaluation"}
    )
    assert response.status_code == 302
    assert Challenge.objects.get(pk=open_challenge.pk).status == Challenge.Status.EVALUATION


def test_staff_sets_idea_status_with_an_official_response(staff_browser, idea):
    response = staff_browser.post(
        f"/staff/ideas/{idea.pk}/status/",
        {"status": "under_review", "response": "Danke, wir prüfen."},
    )
    idea.refresh_from_db()
    assert response.status_code == 302
    assert idea.status == Idea.Status.UNDER_REVIEW
    assert idea.status_changes.get().response == "Danke, wir prüfen."


def test_language_switch_sets_the_cookie_and_returns_to_the_page(browser, settings):
    response = browser.post("/language/", {"language": "en", "next": "/challenges/"})
    assert response.status_code == 302
    assert response["Location"] == "/challenges/"
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in browser.get("/challenges/").content.decode()


def test_signup_creates_the_account_and_asks_to_confirm_the_address(browser):
    response = browser.post(
        "/signup/",
        {
            "email": "ada@example.org",
            "password": "ein-langes-passwort-42",
            "display_name": "Ada",
            "sector": "research",
            "accept_house_rules": "on",
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/signup/sent/")
    user = User.objects.get(email="ada@example.org")
    assert (user.sector, user.email_confirmed_at) == ("research", None)
    assert browser.get("/signup/sent/").status_code == 200


def test_signup_with_taken_email_keeps_the_input_and_does_not_say_it_is_taken(browser, user):
    response = browser.post(
        "/signup/",
        {
            "email": user.email,
            "password": "x",
            "display_name": "Zweite",
            "sector": "citizen",
            "accept_house_rules": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email-error"' not in html
    assert 'id="id_password-error"' in html
    assert 'value="Zweite"' in html
    assert User.objects.count() == 1


def test_login_with_wrong_password_shows_an_error(browser, user):
    response = browser.post("/login/", {"email": user.email, "password": "falsch"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in browser.session


def test_login_is_throttled_after_too_many_failures(browser, user, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = 2
    for _ in range(2):
        browser.post("/login/", {"email": user.email, "password": "falsch"})
    response = browser.post("/login/", {"email": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "15" in response.content.decode()  # minutes to wait
    assert "_auth_user_id" not in browser.session


def test_login_redirects_to_next(browser, user):
    response = browser.post(
        "/login/",
        {"email": user.email, "password": "correct-horse-battery", "next": "/ideas/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/ideas/"


def test_login_ignores_a_foreign_next(browser, user):
    response = browser.post(
        "/login/",
        {"email": user.email, "password": "correct-horse-battery", "next": "https://evil.test/"},
    )
    assert response["Location"] == reverse("frontend:home")


def test_logout_is_a_post(citizen_browser):
    assert citizen_browser.get("/logout/").status_code == 200
    assert "_auth_user_id" in citizen_browser.session
    citizen_browser.post("/logout/")
    assert "_auth_user_id" not in citizen_browser.session


def test_profile_edit_and_lists(citizen_browser, idea):
    factories.CommentFactory(idea=idea, author=citizen_browser.user, body="Mein Kommentar")
    response = citizen_browser.post(
        "/profile/", {"display_name": "Neuer Name", "sector": "business", "bio": "Hallo"}
    )
    assert response.status_code == 302
    user = User.objects.get(pk=citizen_browser.user.pk)
    assert (user.display_name, user.sector, user.bio) == ("Neuer Name", "business", "Hallo")
    assert "Mein Kommentar" in citizen_browser.get("/profile/").content.decode()


def test_profile_requires_login(browser):
    assert browser.get("/profile/").status_code == 302


# --- Rules the site shares with the API (issue 8: items 6, 9, 10, 11) --------------------------


def test_signup_shows_the_password_error_while_the_email_is_wrong(browser):
    response = browser.post(
        "/signup/",
        {"email": "kein-name", "password": "kurz", "display_name": "", "sector": "citizen"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email-error"' in html
    assert 'id="id_display_name-error"' in html
    assert 'id="id_password-error"' in html
    assert "Dieses Passwort ist zu kurz. Es muss mindestens 8 Zeichen enthalten." in html
    assert User.objects.count() == 0


def test_signup_form_reports_every_rule_at_once():
    form = forms.SignupForm(
        {
            "email": "ada@example.org",
            "password": "12345678",
            "display_name": "Ada",
            "sector": "x",
            "accept_house_rules": "on",
        }
    )
    with translation.override("en"):
        assert form.errors == {
            "password": ["This password is too common.", "This password is entirely numeric."],
            "sector": ["Please choose one of the options."],
        }


def test_staff_status_form_requires_a_response_to_end_an_idea(idea):
    form = forms.IdeaStatusForm({"status": "not_pursued", "response": " "}, idea=idea)
    assert form.errors == {
        "response": [
            "Bitte begründe diese Entscheidung: Eine Idee, die umgesetzt oder nicht "
            "weiterverfolgt wird, bekommt eine offizielle Antwort."
        ]
    }


def test_staff_status_form_takes_a_step_without_a_response(idea):
    form = forms.IdeaStatusForm({"status": "under_review", "response": ""}, idea=idea)
    assert form.is_valid()


def test_staff_cannot_end_an_idea_without_a_response_on_the_site(staff_browser, idea):
    events = Event.objects.count()
    staff_browser.post(f"/staff/ideas/{idea.pk}/status/", {"status": "not_pursued"})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.status_changes.count() == 0
    assert Event.objects.count() == events


def test_staff_challenge_form_offers_only_city_departments(db):
    dept = factories.OrganisationFactory(name="Umweltamt", kind=Organisation.Kind.CITY_DEPARTMENT)
    factories.OrganisationFactory(name="Stadtwerk GmbH", kind=Organisation.Kind.COMPANY)
    factories.OrganisationFactory(name="Radverein", kind=Organisation.Kind.ASSOCIATION)
    form = forms.ChallengeForm()
    assert [label for _value, label in form.fields["organisation"].choices] == [
        "Keine",
        "Umweltamt",
    ]
    assert list(form.fields["organisation"].queryset) == [dept]


def test_staff_challenge_form_refuses_a_company(staff_browser):
    company = factories.OrganisationFactory(kind=Organisation.Kind.COMPANY)
    response = staff_browser.post(
        "/staff/challenges/new/",
        {
            "title": "Mobilität 2030",
            "summary": "Wie bewegen wir uns?",
            "description": "# Hintergrund",
            "status": "draft",
            "organisation": company.pk,
        },
    )
    assert response.status_code == 400
    assert 'id="id_organisation-error"' in response.content.decode()
    assert Challenge.objects.count() == 0
    assert Event.objects.count() == 0


def test_idea_form_refuses_a_one_character_summary(citizen_browser):
    response = citizen_browser.post("/ideas/new/", {"title": "Trinkbrunnen", "summary": "S"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_summary-error"' in html
    assert "Bitte schreibe eine Zusammenfassung mit mindestens 15 Zeichen (bisher 1)." in html
    assert Idea.objects.count() == 0
    assert Event.objects.count() == 0
