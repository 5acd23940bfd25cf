"""What of ideas can be reported, and how moderation hides and restores it (registered with the
moderation capability in IdeasConfig.ready; the services here do the hiding)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ideas import services
from ideas.models import CocreatorOffer, Comment, Idea
from moderation import ItemContext, ReportableKind


def _idea(pk: int) -> Idea | None:
    return Idea.objects.filter(pk=pk, withdrawn_at__isnull=True).first()


def _comment(pk: int) -> Comment | None:
    return (
        Comment.objects.select_related("idea")
        .filter(pk=pk, deleted_at__isnull=True, idea__withdrawn_at__isnull=True)
        .first()
    )


def _offer(pk: int) -> CocreatorOffer | None:
    return (
        CocreatorOffer.objects.select_related("idea")
        .filter(pk=pk, idea__withdrawn_at__isnull=True)
        .first()
    )


def _idea_url(idea_id: int, anchor: str = "") -> str:
    return reverse("frontend:idea_detail", kwargs={"pk": idea_id}) + anchor


KINDS = [
    ReportableKind(
        kind="idea",
        label=_("idea"),
        load=_idea,
        author=lambda idea: idea.author,
        context=lambda idea: ItemContext(
            title=idea.title,
            excerpt=idea.summary,
            url=_idea_url(idea.pk),
            challenge_id=idea.challenge_id,
        ),
        hide=lambda idea, reason: services.idea_hide(idea=idea, reason=reason),
        restore=lambda idea: services.idea_restore(idea=idea),
    ),
    ReportableKind(
        kind="comment",
        label=_("comment"),
        load=_comment,
        author=lambda comment: comment.author,
        context=lambda comment: ItemContext(
            title=comment.idea.title,
            excerpt=Truncator(comment.body).chars(300),
            url=_idea_url(comment.idea_id, f"#comment-{comment.pk}"),
            challenge_id=comment.idea.challenge_id,
        ),
        hide=lambda comment, reason: services.comment_hide(comment=comment, reason=reason),
        restore=lambda comment: services.comment_restore(comment=comment),
    ),
    ReportableKind(
        kind="offer",
        label=_("offer of help"),
        load=_offer,
        author=lambda offer: offer.user,
        context=lambda offer: ItemContext(
            title=offer.idea.title,
            excerpt=Truncator(offer.message).chars(300),
            url=_idea_url(offer.idea_id, "#cocreators"),
            challenge_id=offer.idea.challenge_id,
        ),
        hide=lambda offer, reason: services.offer_hide(offer=offer, reason=reason),
        restore=lambda offer: services.offer_restore(offer=offer),
    ),
]
