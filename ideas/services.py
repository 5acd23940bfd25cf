"""Every write on ideas, their funnel and their comments, with rules and live events."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import realtime
from accounts.models import Membership, Organisation, Topic, User
from accounts.output import in_topic_order
from accounts.services import user_participation_refusal
from challenges.models import Challenge
from core.errors import StateConflict
from core.markup import render_comment, render_markdown
from ideas import events, output
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange, hot_score
from moderation import services as moderation_services

IDEA_EDITABLE_FIELDS = {"title", "summary", "description", "organisation", "seeking_cocreators"}


# --- Events: payloads are the shapes of ideas/output.py, never anything private -------------


def idea_streams(idea: Idea, *, feed: bool = False) -> list[str]:
    """An idea's events go to its own stream and its challenge's; with `feed`, also to the feed
    (new ideas, withdrawals, comments and status changes: the home page's recent activity)."""
    streams = [realtime.stream_name("idea", idea.pk)]
    if idea.challenge_id:
        streams.append(realtime.stream_name("challenge", idea.challenge_id))
    if feed:
        streams.append("feed")
    return streams


def idea_events_redact(*, idea: Idea, card: dict | None = None) -> None:
    """Bring the idea's stored events in line with what it shows now; call it in the
    transaction that changes the idea. A public idea's events get its current card (`card`,
    when the caller has it); a withdrawn one is no longer public, so every event of it, of its
    comments, its official responses and its offers leaves the log (one query finds them).
    Moderation hiding an idea calls this too: a hidden idea is not public either."""
    if idea.withdrawn_at is None and idea.hidden_at is None:
        realtime.redact(
            entity=events.IDEA.of(idea.pk),
            current=card or output.idea_card(idea, for_reader=False),
        )
        return
    keyed = [
        model.objects.filter(idea_id=idea.pk)
        .annotate(k=Value(field.prefix))
        .values_list("k", "pk")
        .order_by()
        for model, field in (
            (Comment, events.COMMENT),
            (IdeaStatusChange, events.STATUS_CHANGE),
            (CocreatorOffer, events.OFFER),
        )
    ]
    parts = keyed[0].union(*keyed[1:], all=True)
    realtime.redact(
        entity=[events.IDEA.of(idea.pk), *(f"{prefix}:{pk}" for prefix, pk in parts)],
        current=None,
    )


def comment_events_redact(*, comment: Comment) -> None:
    """The comment's stored events carry its shape as it is now (edited text; once deleted,
    neither text nor author). Call it in the transaction of the change; moderation hiding a
    comment calls it too."""
    realtime.redact(entity=events.COMMENT.of(comment.pk), current=output.comment_data(comment))


# --- Who may do what: asked by these services, the API and the pages alike --------------------


def idea_can_edit(*, user: User, idea: Idea) -> bool:
    """Only the author edits an idea (whether it is still editable: `idea.author_may_edit`)."""
    return user.is_authenticated and idea.author_id == user.pk


def idea_can_withdraw(*, user: User, idea: Idea) -> bool:
    """The author withdraws their idea; city staff may remove one as moderation."""
    return user.is_authenticated and (idea.author_id == user.pk or user.is_city_staff)


def idea_can_set_status(*, user: User, idea: Idea) -> bool:
    """City staff move ideas through the funnel (where to: `idea.can_move_to`)."""
    return user.is_authenticated and user.is_city_staff


def comment_can_edit(*, user: User, comment: Comment) -> bool:
    return user.is_authenticated and comment.author_id == user.pk


def comment_can_delete(*, user: User, comment: Comment) -> bool:
    """Authors delete their own comments; city staff may, as moderation."""
    return user.is_authenticated and (comment.author_id == user.pk or user.is_city_staff)


# --- Ideas -------------------------------------------------------------------------------------


def first_contribution_reason() -> str:
    """The public reason a held first contribution shows, in the site's language (it is
    stored, like every moderation reason)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("first contribution in this challenge, waiting for a moderator's approval")


def _first_contribution_held(*, author: User, challenge: Challenge | None) -> bool:
    """Spam guard: in a challenge whose first contributions are reviewed, a person's ideas and
    comments are held until one of theirs there has been approved (is public). City staff and
    moderators are never held. Asks nothing of the database unless the switch is on."""
    if challenge is None or not challenge.first_contribution_reviewed:
        return False
    if moderation_services.moderation_is_moderator(user=author):
        return False
    public_idea = Idea.objects.filter(author=author, challenge=challenge, hidden_at__isnull=True)
    public_comment = Comment.objects.filter(
        author=author, idea__challenge=challenge, hidden_at__isnull=True
    )
    return not (public_idea.exists() or public_comment.exists())


def _check_organisation(author: User, organisation: Organisation | None) -> None:
    if (
        organisation is not None
        and not Membership.objects.filter(organisation=organisation, user=author).exists()
    ):
        raise ValidationError(
            {"organisation": [_("You can only post on behalf of an organisation you belong to.")]}
        )


def _lock_challenge(challenge_id: int) -> Challenge:
    return Challenge.objects.select_for_update().get(pk=challenge_id)


@transaction.atomic
def idea_submit(
    *,
    author: User,
    title: str,
    summary: str,
    description: str = "",
    challenge: Challenge | None = None,
    topics: Iterable[Topic] = (),
    organisation: Organisation | None = None,
    seeking_cocreators: bool = False,
) -> Idea:
    """Post an idea to an open challenge, or a free idea (challenge=None)."""
    if not author.is_authenticated:
        raise PermissionDenied(_("Please sign in to post an idea."))
    if (refusal := user_participation_refusal(user=author)) is not None:
        raise refusal
    if challenge is not None:
        # Locked so that a challenge closing at this moment cannot take a late idea,
        # and so that its idea count is updated in order.
        challenge = _lock_challenge(challenge.pk)
        if not challenge.accepts_ideas():
            raise StateConflict(_("This challenge does not accept ideas at the moment."))
    _check_organisation(author, organisation)
    now = timezone.now()
    idea = Idea(
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        description=description or "",
        description_html=render_markdown(description or ""),
        challenge=challenge,
        author=author,
        sector=author.sector,
        organisation=organisation,
        seeking_cocreators=bool(seeking_cocreators),
        created_at=now,
        updated_at=now,
        hot=hot_score(0, now),
    )
    held = _first_contribution_held(author=author, challenge=challenge)
    if held:
        idea.hidden_at, idea.hidden_reason = now, first_contribution_reason()
    idea.full_clean()
    idea.save()
    topics = in_topic_order(topics)
    idea.topics.set(topics)
    if held:
        # Unpublished: no event, not counted; public once a moderator restores it.
        moderation_services.hold_for_review(kind="idea", obj=idea, reason=idea.hidden_reason)
        return idea
    if challenge is not None:
        Challenge.objects.filter(pk=challenge.pk).update(idea_count=F("idea_count") + 1)
    realtime.publish(
        idea_streams(idea, feed=True),
        "idea.created",
        output.idea_card(idea, for_reader=False, topics=topics),
    )
    return idea


def _lock_idea(idea: Idea) -> Idea:
    """Lock the idea row only (`of=self`): PostgreSQL refuses FOR UPDATE on the nullable side
    of the outer join to the challenge, and locking the challenge and author rows too would
    make every write on one challenge's ideas queue behind each other."""
    return (
        Idea.objects.select_for_update(of=("self",))
        .select_related("challenge", "author", "organisation")
        .get(pk=idea.pk)
    )


@transaction.atomic
def idea_update(*, actor: User, idea: Idea, **fields) -> Idea:
    """The author edits their idea while its challenge is open; the idea then shows "edited"."""
    idea = _lock_idea(idea)
    if not idea_can_edit(user=actor, idea=idea):
        raise PermissionDenied(_("Only the author may edit this idea."))
    if idea.withdrawn_at is not None:
        raise StateConflict(_("This idea has been withdrawn."))
    if not idea.author_may_edit():
        raise StateConflict(_("This idea can no longer be edited."))
    topics = fields.pop("topics", None)
    unknown = set(fields) - IDEA_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if "organisation" in fields:
        _check_organisation(actor, fields["organisation"])
    for key, value in fields.items():
        setattr(idea, key, value.strip() if key in {"title", "summary"} else value)
    if "description" in fields:
        idea.description_html = render_markdown(idea.description)
    now = timezone.now()
    idea.updated_at = now
    idea.edited_at = now
    idea.full_clean()
    idea.save()
    if topics is not None:
        topics = in_topic_order(topics)
        idea.topics.set(topics)
    card = output.idea_card(idea, for_reader=False, topics=topics)
    # The old title and summary must not come back in a replay of the earlier events.
    idea_events_redact(idea=idea, card=card)
    realtime.publish(idea_streams(idea), "idea.updated", card)
    return idea


@transaction.atomic
def idea_withdraw(*, actor: User, idea: Idea) -> Idea:
    """The author takes their idea back (staff may remove one as moderation)."""
    idea = _lock_idea(idea)
    if not idea_can_withdraw(user=actor, idea=idea):
        raise PermissionDenied(_("Only the author may withdraw this idea."))
    if idea.withdrawn_at is not None:
        return idea
    if idea.is_read_only():
        raise StateConflict(_("Ideas of a closed challenge cannot be withdrawn."))
    now = timezone.now()
    idea.withdrawn_at = now
    idea.updated_at = now
    idea.save(update_fields=["withdrawn_at", "updated_at"])
    if idea.challenge_id and idea.hidden_at is None:  # a hidden idea is not counted already
        Challenge.objects.filter(pk=idea.challenge_id).update(idea_count=F("idea_count") - 1)
    # Its page is gone: so is everything of it in the log (the withdrawal notice stays).
    idea_events_redact(idea=idea)
    realtime.publish(
        idea_streams(idea, feed=True),
        "idea.withdrawn",
        output.idea_withdrawn_event(idea),
    )
    return idea


# Decisions that end an idea's way through the funnel. The home page promises that the city
# answers every idea, so these need an official response that says why.
IDEA_ENDING_STATUSES = frozenset({Idea.Status.IMPLEMENTED, Idea.Status.NOT_PURSUED})


def idea_status_check_response(*, status: str, response: str) -> None:
    """Raise ValidationError (on `response`) when a decision that ends an idea comes without
    an official response. The status service and the staff form both ask this."""
    if status in IDEA_ENDING_STATUSES and not (response or "").strip():
        raise ValidationError(
            {
                "response": [
                    _(
                        "Please explain this decision: an idea that is implemented or not "
                        "pursued gets an official response."
                    )
                ]
            }
        )


@transaction.atomic
def idea_set_status(*, actor: User, idea: Idea, status: str, response: str = "") -> Idea:
    """City staff move an idea through the funnel, answering officially (a decision that ends
    the idea must be answered: see idea_status_check_response)."""
    if not idea_can_set_status(user=actor, idea=idea):
        raise PermissionDenied(_("Only city staff may change an idea's status."))
    if status not in Idea.Status.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    idea = _lock_idea(idea)
    if idea.withdrawn_at is not None:
        raise StateConflict(_("This idea has been withdrawn."))
    if not idea.can_move_to(status):
        raise StateConflict(
            _("An idea cannot move from “%(old)s” to “%(new)s”.")
            % {"old": idea.get_status_display(), "new": Idea.Status(status).label}
        )
    idea_status_check_response(status=status, response=response)
    response = (response or "").strip()
    change = IdeaStatusChange(
        idea=idea,
        from_status=idea.status,
        to_status=status,
        response=response,
        response_html=render_comment(response),
        changed_by=actor,
    )
    change.full_clean()
    change.save()
    idea.status = status
    idea.updated_at = idea.answered_at = change.created_at
    idea.save(update_fields=["status", "updated_at", "answered_at"])
    realtime.publish(
        idea_streams(idea, feed=True),
        "idea.status_changed",
        output.status_changed_event(idea, change),
    )
    return idea


# --- Comments ----------------------------------------------------------------------------------


def _check_idea_open_for_discussion(idea: Idea) -> None:
    if idea.withdrawn_at is not None:
        raise StateConflict(_("This idea has been withdrawn."))
    if idea.is_read_only():
        raise StateConflict(_("This idea is read-only: its challenge is closed."))


@transaction.atomic
def comment_post(*, author: User, idea: Idea, body: str, parent: Comment | None = None) -> Comment:
    if not author.is_authenticated:
        raise PermissionDenied(_("Please sign in to comment."))
    if (refusal := user_participation_refusal(user=author)) is not None:
        raise refusal
    idea = _lock_idea(idea)
    _check_idea_open_for_discussion(idea)
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError({"parent": [_("You can only reply to a comment on this idea.")]})
        if parent.parent_id is not None:
            raise ValidationError({"parent": [_("Replies go one level deep only.")]})
        if parent.deleted_at is not None:
            raise StateConflict(_("You cannot reply to a deleted comment."))
        if parent.hidden_at is not None:
            raise StateConflict(_("You cannot reply to a comment hidden by moderation."))
    if not (body or "").strip():
        raise ValidationError({"body": [_("Please write a comment.")]})
    comment = Comment(
        idea=idea,
        parent=parent,
        author=author,
        body=body.strip(),
        body_html=render_comment(body.strip()),
    )
    held = _first_contribution_held(author=author, challenge=idea.challenge)
    if held:
        comment.hidden_at, comment.hidden_reason = timezone.now(), first_contribution_reason()
    # The idea is locked, the parent was checked against it and the author is signed in:
    # validating those foreign keys again would cost a SELECT each inside the lock.
    comment.full_clean(exclude=["idea", "parent", "author"], validate_constraints=False)
    comment.save()
    if held:
        moderation_services.hold_for_review(
            kind="comment", obj=comment, reason=comment.hidden_reason
        )
        return comment
    idea.comment_count += 1
    idea.last_comment_at = comment.created_at
    Idea.objects.filter(pk=idea.pk).update(
        comment_count=F("comment_count") + 1, last_comment_at=comment.created_at
    )
    realtime.publish(
        idea_streams(idea, feed=True), "comment.created", output.comment_event(comment)
    )
    return comment


def _lock_comment(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("idea__challenge", "author")
        .get(pk=comment.pk)
    )


@transaction.atomic
def comment_edit(*, actor: User, comment: Comment, body: str) -> Comment:
    comment = _lock_comment(comment)
    if not comment_can_edit(user=actor, comment=comment):
        raise PermissionDenied(_("Only the author may edit this comment."))
    if comment.deleted_at is not None:
        raise StateConflict(_("This comment has been deleted."))
    if comment.hidden_at is not None:
        raise StateConflict(_("This comment was hidden by moderation and cannot be edited."))
    _check_idea_open_for_discussion(comment.idea)
    if not (body or "").strip():
        raise ValidationError({"body": [_("Please write a comment.")]})
    comment.body = body.strip()
    comment.body_html = render_comment(comment.body)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    comment_events_redact(comment=comment)
    realtime.publish(idea_streams(comment.idea), "comment.updated", output.comment_event(comment))
    return comment


@transaction.atomic
def comment_delete(*, actor: User, comment: Comment) -> Comment:
    """Authors delete their own comments (staff may, as moderation). The row stays so the
    thread keeps its shape; its text is erased and it shows as deleted."""
    comment = _lock_comment(comment)
    if not comment_can_delete(user=actor, comment=comment):
        raise PermissionDenied(_("Only the author may delete this comment."))
    if comment.deleted_at is not None:
        return comment
    if comment.author_id == actor.pk:
        _check_idea_open_for_discussion(comment.idea)
    comment.deleted_at = timezone.now()
    comment.body = ""
    comment.body_html = ""
    comment.save(update_fields=["deleted_at", "body", "body_html"])
    if comment.hidden_at is None:  # a hidden comment is not counted already
        _comment_count_add(comment, -1)
    comment_events_redact(comment=comment)
    realtime.publish(
        idea_streams(comment.idea, feed=True), "comment.deleted", output.comment_event(comment)
    )
    return comment


def _comment_count_add(comment: Comment, delta: int) -> None:
    Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") + delta)
    comment.idea.comment_count += delta


# --- Co-creators -------------------------------------------------------------------------------


@transaction.atomic
def cocreator_offer(*, user: User, idea: Idea, message: str) -> CocreatorOffer:
    """Offer to help make an idea real, once per person, while the idea looks for help."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in to offer your help."))
    if (refusal := user_participation_refusal(user=user)) is not None:
        raise refusal
    idea = _lock_idea(idea)
    if idea.withdrawn_at is not None:
        raise StateConflict(_("This idea has been withdrawn."))
    if idea.author_id == user.pk:
        raise PermissionDenied(_("You cannot offer help on your own idea."))
    if not idea.seeking_cocreators:
        raise StateConflict(_("This idea is not looking for co-creators."))
    if idea.is_read_only():
        raise StateConflict(_("This idea is read-only: its challenge is closed."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": [_("Please say how you would like to help.")]})
    # The idea row is locked, so no second offer of this person can slip in between.
    if CocreatorOffer.objects.filter(idea=idea, user=user).exists():
        raise StateConflict(_("You have already offered to help with this idea."))
    offer = CocreatorOffer(idea=idea, user=user, message=message)
    offer.full_clean(validate_unique=False, validate_constraints=False)
    offer.save()
    realtime.publish(
        realtime.stream_name("idea", idea.pk), "idea.offer_created", output.offer_data(offer)
    )
    return offer


# --- Deleted accounts (privacy's erasers, registered in IdeasConfig.ready) ---------------------
# Kept contributions move to the shared "gelöschtes Konto" and their stored events get the new
# author; removed ones leave like a withdrawal or a deletion, with the same events.


def ideas_erase_of(*, user: User, placeholder: User, keep_contributions: bool) -> None:
    for pk in list(Idea.objects.filter(author=user).values_list("pk", flat=True)):
        with transaction.atomic():
            idea = _lock_idea(Idea(pk=pk))
            if keep_contributions:
                idea.author = placeholder
                idea.save(update_fields=["author"])
                if idea.withdrawn_at is None:
                    card = output.idea_card(idea, for_reader=False)
                    idea_events_redact(idea=idea, card=card)
                    realtime.publish(idea_streams(idea), "idea.updated", card)
                continue
            if idea.withdrawn_at is None:
                idea.withdrawn_at = timezone.now()
                if idea.challenge_id:
                    Challenge.objects.filter(pk=idea.challenge_id).update(
                        idea_count=F("idea_count") - 1
                    )
                idea_events_redact(idea=idea)
                realtime.publish(
                    idea_streams(idea, feed=True),
                    "idea.withdrawn",
                    output.idea_withdrawn_event(idea),
                )
            # Its comments, votes, responses and offers go with it.
            idea.delete()


def comments_erase_of(*, user: User, placeholder: User, keep_contributions: bool) -> None:
    comments = Comment.objects.filter(author=user).select_related("idea", "idea__challenge")
    for comment in comments.order_by("pk"):
        with transaction.atomic():
            comment = _lock_comment(comment)
            comment.author = placeholder
            if not keep_contributions and comment.deleted_at is None:
                comment.deleted_at = timezone.now()
                comment.body = ""
                comment.body_html = ""
                Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1)
                comment.idea.comment_count -= 1
                kind = "comment.deleted"
            else:
                kind = "comment.updated"
            comment.save(update_fields=["author", "deleted_at", "body", "body_html"])
            if comment.idea.withdrawn_at is None:
                comment_events_redact(comment=comment)
                if kind == "comment.deleted" or comment.deleted_at is None:
                    realtime.publish(
                        idea_streams(comment.idea, feed=kind == "comment.deleted"),
                        kind,
                        output.comment_event(comment),
                    )


def offers_erase_of(*, user: User, placeholder: User, keep_contributions: bool) -> None:
    for offer in CocreatorOffer.objects.filter(user=user).select_related("idea"):
        with transaction.atomic():
            if keep_contributions:
                offer.user = placeholder
                offer.save(update_fields=["user"])
                current = output.offer_data(offer)
            else:
                current = None
            if offer.idea.withdrawn_at is None:
                realtime.redact(entity=events.OFFER.of(offer.pk), current=current)
            if not keep_contributions:
                offer.delete()


# --- Moderation: hiding and restoring ----------------------------------------------------------
# The moderation capability decides (and checks who may); these change what the public sees,
# publish the catalogue events and redact the stored ones, in the decision's transaction
# (registered with moderation in ideas/moderation.py).


@transaction.atomic
def idea_hide(*, idea: Idea, reason: str) -> Idea:
    """Hide an idea: it leaves every list, count and search; its page shows the reason; its
    events and those of its comments, responses and offers leave the log (as on withdrawal)."""
    idea = _lock_idea(idea)
    if idea.hidden_at is not None or idea.withdrawn_at is not None:
        return idea
    idea.hidden_at = timezone.now()
    idea.hidden_reason = reason[:500]
    idea.save(update_fields=["hidden_at", "hidden_reason"])
    if idea.challenge_id:
        Challenge.objects.filter(pk=idea.challenge_id).update(idea_count=F("idea_count") - 1)
    idea_events_redact(idea=idea)
    realtime.publish(idea_streams(idea, feed=True), "idea.hidden", output.idea_hidden_event(idea))
    return idea


@transaction.atomic
def idea_restore(*, idea: Idea) -> Idea:
    """Show a hidden idea again; open pages receive its card (`idea.restored`)."""
    idea = _lock_idea(idea)
    if idea.hidden_at is None:
        return idea
    idea.hidden_at = None
    idea.hidden_reason = ""
    idea.save(update_fields=["hidden_at", "hidden_reason"])
    if idea.withdrawn_at is not None:
        return idea
    if idea.challenge_id:
        Challenge.objects.filter(pk=idea.challenge_id).update(idea_count=F("idea_count") + 1)
    realtime.publish(
        idea_streams(idea, feed=True), "idea.restored", output.idea_card(idea, for_reader=False)
    )
    return idea


@transaction.atomic
def comment_hide(*, comment: Comment, reason: str) -> Comment:
    """Hide a comment: it stays in its thread as a placeholder with the reason, no longer
    counted; its stored events show the placeholder too."""
    comment = _lock_comment(comment)
    if comment.hidden_at is not None or comment.deleted_at is not None:
        return comment
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason[:500]
    comment.save(update_fields=["hidden_at", "hidden_reason"])
    _comment_count_add(comment, -1)
    comment_events_redact(comment=comment)
    realtime.publish(
        idea_streams(comment.idea, feed=True), "comment.hidden", output.comment_event(comment)
    )
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment) -> Comment:
    """Show a hidden comment again: its events carry its text again, and `comment.restored`
    puts it back on open pages."""
    comment = _lock_comment(comment)
    if comment.hidden_at is None:
        return comment
    comment.hidden_at = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_reason"])
    if comment.deleted_at is None:
        _comment_count_add(comment, 1)
    comment_events_redact(comment=comment)
    realtime.publish(
        idea_streams(comment.idea, feed=True), "comment.restored", output.comment_event(comment)
    )
    return comment


@transaction.atomic
def offer_hide(*, offer: CocreatorOffer, reason: str) -> CocreatorOffer:
    """Hide an offer of help: it leaves the idea's list and the log."""
    offer = CocreatorOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.hidden_at is None:
        offer.hidden_at = timezone.now()
        offer.hidden_reason = reason[:500]
        offer.save(update_fields=["hidden_at", "hidden_reason"])
        realtime.redact(entity=events.OFFER.of(offer.pk), current=None)
    return offer


@transaction.atomic
def offer_restore(*, offer: CocreatorOffer) -> CocreatorOffer:
    """Show an offer again (on the idea's page at its next load; no event announces it)."""
    offer = CocreatorOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.hidden_at is not None:
        offer.hidden_at = None
        offer.hidden_reason = ""
        offer.save(update_fields=["hidden_at", "hidden_reason"])
    return offer
