"""Comments and one level of replies on ideas, editing, deleting and moderation."""

import pytest

from ideas.models import Comment
from tests import factories


def comments_url(idea):
    return f"/api/ideas/{idea.pk}/comments/"


def comment_url(comment):
    return f"/api/comments/{comment.pk}/"


def test_post_a_comment_and_a_reply(user_api, idea, event_count):
    before = event_count()

    first = user_api.post(comments_url(idea), {"body": "Nice *idea*"})
    reply = user_api.post(comments_url(idea), {"body": "Agreed", "parent": first.json()["id"]})

    assert first.status_code == 201
    assert first.json()["html"] == "<p>Nice <em>idea</em></p>"
    assert reply.status_code == 201
    assert reply.json()["parent"] == first.json()["id"]
    idea.refresh_from_db()
    assert idea.comment_count == 2
    # Each comment goes to the idea's, the challenge's and the feed's stream.
    assert event_count() == before + 6


def test_threads_list_replies_and_keep_deleted_comments_in_place(api, idea):
    root = factories.CommentFactory(idea=idea)
    reply = factories.CommentFactory(idea=idea, parent=root, body="Reply")
    gone = factories.CommentFactory(idea=idea, deleted_at="2026-01-01T00:00:00Z", body="")
    factories.CommentFactory(idea=idea, parent=gone)

    results = api.get(comments_url(idea)).json()["results"]

    assert [c["id"] for c in results] == [root.pk, gone.pk]
    assert [r["id"] for r in results[0]["replies"]] == [reply.pk]
    assert results[1]["deleted"] is True
    assert results[1]["author"] is None
    assert results[1]["html"] == ""
    assert results[1]["body"] == ""
    assert len(results[1]["replies"]) == 1


@pytest.mark.parametrize("page_size", [1, 50])
def test_comment_list_queries_do_not_grow(api, idea, django_assert_num_queries, page_size):
    for _ in range(3):
        root = factories.CommentFactory(idea=idea)
        factories.CommentFactory.create_batch(2, idea=idea, parent=root)

    # idea, count, threads with authors, replies with authors
    with django_assert_num_queries(4):
        response = api.get(comments_url(idea), {"page_size": page_size})

    assert response.status_code == 200


def test_reply_to_a_reply_is_refused(user_api, idea, event_count):
    root = factories.CommentFactory(idea=idea)
    reply = factories.CommentFactory(idea=idea, parent=root)
    before = event_count()

    response = user_api.post(comments_url(idea), {"body": "deeper", "parent": reply.pk})

    assert response.status_code == 400
    assert list(response.json()) == ["parent"]
    assert Comment.objects.count() == 2
    assert event_count() == before


def test_empty_comment_is_refused(user_api, idea, event_count):
    before = event_count()

    response = user_api.post(comments_url(idea), {"body": "   "})

    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert event_count() == before


def test_signed_out_cannot_comment(api, idea, event_count):
    before = event_count()

    assert api.post(comments_url(idea), {"body": "hi"}).status_code == 401
    assert Comment.objects.count() == 0
    assert event_count() == before


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_ideas_of_a_closed_challenge_take_no_comments(user_api, idea, event_count, status):
    comment = factories.CommentFactory(idea=idea, author=user_api.user)
    idea.challenge.status = status
    idea.challenge.save()
    before = event_count()

    assert user_api.post(comments_url(idea), {"body": "late"}).status_code == 409
    assert user_api.patch(comment_url(comment), {"body": "late"}).status_code == 409
    assert user_api.delete(comment_url(comment)).status_code == 409
    comment.refresh_from_db()
    assert comment.body == "Great idea!"
    assert comment.deleted_at is None
    assert Comment.objects.count() == 1
    assert event_count() == before


def test_author_edits_a_comment(user_api, idea, event_count):
    comment = factories.CommentFactory(idea=idea, author=user_api.user)
    before = event_count()

    response = user_api.patch(comment_url(comment), {"body": "**Better**"})

    assert response.status_code == 200
    assert response.json()["html"] == "<p><strong>Better</strong></p>"
    assert response.json()["edited_at"] is not None
    assert event_count() == before + 2


def test_editing_someone_elses_comment_is_refused(user_api, idea, event_count):
    comment = factories.CommentFactory(idea=idea)
    before = event_count()

    response = user_api.patch(comment_url(comment), {"body": "hijack"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Great idea!"
    assert event_count() == before


def test_author_deletes_a_comment(user_api, idea, event_count):
    comment = factories.CommentFactory(idea=idea, author=user_api.user)
    idea.comment_count = 1
    idea.save()
    before = event_count()

    assert user_api.delete(comment_url(comment)).status_code == 204
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert comment.body == ""
    idea.refresh_from_db()
    assert idea.comment_count == 0
    assert event_count() == before + 3  # idea, challenge and feed


def test_deleting_someone_elses_comment_is_refused(user_api, idea, event_count):
    comment = factories.CommentFactory(idea=idea)
    before = event_count()

    assert user_api.delete(comment_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.deleted_at is None
    assert event_count() == before


def test_staff_moderate_a_comment_even_on_a_closed_challenge(staff_api, idea):
    comment = factories.CommentFactory(idea=idea)
    idea.comment_count = 1
    idea.save()
    idea.challenge.status = "closed"
    idea.challenge.save()

    assert staff_api.delete(comment_url(comment)).status_code == 204
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_comment_html_is_sanitised(user_api, idea):
    response = user_api.post(
        comments_url(idea),
        {"body": '<script>alert(1)</script><a href="javascript:x" onclick="y">z</a>'},
    )

    html = response.json()["html"]
    assert "<script" not in html
    assert "<a" not in html
    assert Comment.objects.get().body_html == html


def test_posting_a_comment_reads_the_idea_once_and_checks_no_key_again(
    user_api, idea, django_assert_num_queries
):
    # BEGIN, the idea's locking read, INSERT comment, UPDATE comment_count, INSERT outbox
    # rows, INSERT the notifications' task row, COMMIT: no separate read of the idea before
    # the lock, no SELECT per foreign key.
    with django_assert_num_queries(7) as ctx:
        response = user_api.post(comments_url(idea), {"body": "Counted"})

    assert response.status_code == 201
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 1
    assert 'FROM "ideas_idea"' in selects[0]


def test_a_comment_on_a_withdrawn_idea_is_refused_and_nothing_is_written(
    user_api, idea, event_count
):
    from django.utils import timezone

    from ideas.models import Idea

    Idea.objects.filter(pk=idea.pk).update(withdrawn_at=timezone.now())
    before = event_count()

    response = user_api.post(comments_url(idea), {"body": "Too late"})

    assert response.status_code == 409
    assert response.json() == {"detail": "Diese Idee wurde zurückgezogen."}
    assert not Comment.objects.exists()
    assert event_count() == before


def test_a_comment_on_an_unknown_idea_is_not_found(user_api, event_count):
    before = event_count()

    response = user_api.post("/api/ideas/999999/comments/", {"body": "Hello?"})

    assert response.status_code == 404
    assert not Comment.objects.exists()
    assert event_count() == before
