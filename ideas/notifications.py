"""What ideas bring to notifications (registered in IdeasConfig.ready): an idea can be
followed (its author and everyone who comments on it follow it automatically), and who hears
of a comment, a reply, a status change or official response, a new idea and an offer."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Topic
from ideas.models import Comment, Idea
from notifications.registry import Kind, Rule, Target, register_kind, register_rule, register_target

EXCERPT = 140


def _audience(pk: int) -> Q | None:
    """A withdrawn idea (or one that is gone) is for nobody any more."""
    return None if Idea.objects.visible().filter(pk=pk).exists() else Q(pk__in=[])


def _idea(pk: int) -> dict:
    title = Idea.objects.filter(pk=pk).values_list("title", flat=True).first() or ""
    return {"title": title, "url": reverse("frontend:idea_detail", args=[pk])}


def _author(data: dict, key: str = "author") -> dict:
    return data.get(key) or {}


def _comment_data(d: dict) -> dict:
    about = _idea(d["idea"])
    return {
        **about,
        "url": f"{about['url']}#comment-{d['id']}",
        "actor": _author(d).get("display_name"),
        "excerpt": d["body"][:EXCERPT],
    }


def _parent_author(d: dict) -> list[int]:
    author = Comment.objects.filter(pk=d["parent"], deleted_at__isnull=True).values_list(
        "author_id", flat=True
    )
    return list(author)


def _idea_author(d: dict, key: str) -> list[int]:
    return list(Idea.objects.filter(pk=d[key]).values_list("author_id", flat=True))


def _new_idea_targets(d: dict) -> list[tuple[str, int]]:
    targets = [("person", _author(d)["id"])]
    if d.get("challenge"):
        targets.append(("challenge", d["challenge"]["id"]))
    if d.get("organisation"):
        targets.append(("organisation", d["organisation"]["id"]))
    slugs = [t["slug"] for t in d.get("topics") or []]
    if slugs:
        targets += [
            ("topic", pk)
            for pk in Topic.objects.filter(slug__in=slugs).values_list("pk", flat=True)
        ]
    return targets


def _describe_comment(count: int, data: dict) -> str:
    return ngettext(
        "New comment on “%(title)s”", "%(count)d new comments on “%(title)s”", count
    ) % {"count": count, **data}


def _describe_reply(count: int, data: dict) -> str:
    return ngettext(
        # The singular names the actor, the plural the count: msgfmt's check
        # wants the same names in both, so the check is off for this message.
        # xgettext:no-python-format
        "%(actor)s replied to your comment on “%(title)s”",
        "%(count)d replies to your comments on “%(title)s”",
        count,
    ) % {"count": count, "actor": data.get("actor") or "", **{"title": data.get("title", "")}}


def _describe_status(count: int, data: dict) -> str:
    status = Idea.Status(data["status"]).label if data.get("status") in Idea.Status.values else ""
    if count > 1:
        return _("The idea “%(title)s” has a new status: %(status)s (%(count)d updates)") % {
            "count": count,
            "status": status,
            "title": data.get("title", ""),
        }
    return _("The idea “%(title)s” has a new status: %(status)s") % {
        "status": status,
        "title": data.get("title", ""),
    }


def _describe_new_idea(count: int, data: dict) -> str:
    if count > 1 and data.get("challenge"):
        return ngettext(
            "New idea in “%(challenge)s”", "%(count)d new ideas in “%(challenge)s”", count
        ) % {"count": count, "challenge": data["challenge"]}
    return _("New idea: “%(title)s”") % {"title": data.get("title", "")}


def _describe_offer(count: int, data: dict) -> str:
    return ngettext(
        # The singular names the actor, the plural the count: msgfmt's check
        # wants the same names in both, so the check is off for this message.
        # xgettext:no-python-format
        "%(actor)s offers to help make “%(title)s” real",
        "%(count)d offers to help make “%(title)s” real",
        count,
    ) % {"count": count, "actor": data.get("actor") or "", "title": data.get("title", "")}


def register() -> None:
    register_target(
        Target(
            "idea",
            visible=lambda user, pk: Idea.objects.visible().filter(pk=pk).exists(),
            audience=_audience,
        )
    )
    register_kind(Kind("reply", gettext_lazy("A reply to my comment"), _describe_reply, 10))
    register_kind(
        Kind("comment", gettext_lazy("A new comment on a followed idea"), _describe_comment, 20)
    )
    register_kind(
        Kind(
            "status",
            gettext_lazy("A status change or official response on a followed idea"),
            _describe_status,
            30,
        )
    )
    register_kind(
        Kind(
            "new_idea",
            gettext_lazy(
                "A new idea in a followed challenge, topic or organisation, or by a followed person"
            ),
            _describe_new_idea,
            40,
        )
    )
    register_kind(Kind("offer", gettext_lazy("An offer to co-create my idea"), _describe_offer, 50))

    live_comment = lambda d: not d.get("deleted")  # noqa: E731 - deleted before the worker ran
    # The reply first: its author hears "replied to your comment", not "new comment" too.
    register_rule(
        Rule(
            event="comment.created",
            kind="reply",
            applies=lambda d: bool(d.get("parent")) and live_comment(d),
            subject=lambda d: ("idea", d["idea"]),
            data=_comment_data,
            actor=lambda d: _author(d).get("id"),
            direct=_parent_author,
        )
    )
    register_rule(
        Rule(
            event="comment.created",
            kind="comment",
            applies=live_comment,
            subject=lambda d: ("idea", d["idea"]),
            data=_comment_data,
            actor=lambda d: _author(d).get("id"),
            targets=lambda d: [("idea", d["idea"])],
            auto_follow=lambda d: [(_author(d)["id"], ("idea", d["idea"]))],
        )
    )
    register_rule(
        Rule(
            event="idea.status_changed",
            kind="status",
            subject=lambda d: ("idea", d["id"]),
            data=lambda d: {
                **_idea(d["id"]),
                "status": d["status"],
                "actor": _author(d["response"], "by").get("display_name"),
            },
            actor=lambda d: _author(d["response"], "by").get("id"),
            targets=lambda d: [("idea", d["id"])],
            direct=lambda d: _idea_author(d, "id"),
        )
    )
    register_rule(
        Rule(
            event="idea.created",
            kind="new_idea",
            subject=lambda d: (
                ("challenge", d["challenge"]["id"]) if d.get("challenge") else ("idea", d["id"])
            ),
            data=lambda d: {
                **_idea(d["id"]),
                "actor": _author(d).get("display_name"),
                "challenge": (d.get("challenge") or {}).get("title"),
            },
            actor=lambda d: _author(d).get("id"),
            targets=_new_idea_targets,
            auto_follow=lambda d: [(_author(d)["id"], ("idea", d["id"]))],
        )
    )
    register_rule(
        Rule(
            event="idea.offer_created",
            kind="offer",
            subject=lambda d: ("idea", d["idea"]),
            data=lambda d: {**_idea(d["idea"]), "actor": _author(d, "user").get("display_name")},
            actor=lambda d: _author(d, "user").get("id"),
            direct=lambda d: _idea_author(d, "idea"),
        )
    )
