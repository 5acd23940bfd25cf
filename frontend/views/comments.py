"""Votes, comments and co-creator offers on an idea: each POSTs and redirects back."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import StateConflict
from frontend import forms
from frontend.views._helpers import error_text, safe_next
from frontend.views.ideas import get_idea, render_idea
from ideas import selectors as idea_selectors
from ideas import services as idea_services
from ideas.models import Comment
from votes import services as vote_services


@require_http_methods(["GET", "POST"])
def idea_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """POST value=1 / -1 to vote, value=0 to take the vote back; then back to the page."""
    idea_url = reverse("frontend:idea_detail", kwargs={"pk": pk})
    if request.method == "GET":
        # After logging in from a vote button, people land here: show them the idea.
        return redirect(idea_url)
    if not request.user.is_authenticated:
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={idea_url}")
    idea = get_idea(request, pk, for_write=True)
    value = request.POST.get("value", "")
    try:
        if value == "0":
            vote_services.vote_retract(user=request.user, idea=idea)
        elif value in {"1", "-1"}:
            vote_services.vote_cast(user=request.user, idea=idea, value=int(value))
        else:
            messages.error(request, _("Please choose a vote."))
    except (PermissionDenied, StateConflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    return redirect(safe_next(request, f"{idea_url}#votes"))


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_idea(request, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        parent = None
        parent_id = form.cleaned_data["parent"]
        if parent_id:
            parent = idea_selectors.comment_reply_target(idea=idea, pk=parent_id)
            if parent is None:
                form.add_error(None, _("You can only reply to a comment on this idea."))
        if not form.errors:
            try:
                comment = idea_services.comment_post(
                    author=request.user, idea=idea, body=form.cleaned_data["body"], parent=parent
                )
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            except StateConflict as exc:
                messages.error(request, exc.message)
                return redirect("frontend:idea_detail", pk=idea.pk)
            else:
                url = reverse("frontend:idea_detail", kwargs={"pk": idea.pk})
                return redirect(f"{url}#comment-{comment.pk}")
    return render_idea(request, idea, comment_form=form, status=400)


def _get_comment(pk: int) -> Comment:
    try:
        return idea_selectors.comment_get_undeleted(pk=pk)
    except Comment.DoesNotExist as exc:
        raise Http404(_("This comment does not exist.")) from exc


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _get_comment(pk)
    if not idea_services.comment_can_edit(user=request.user, comment=comment):
        raise PermissionDenied(_("Only the author may change this comment."))
    form = forms.CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            idea_services.comment_edit(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        except StateConflict as exc:
            form.add_error(None, exc.message)
        else:
            url = reverse("frontend:idea_detail", kwargs={"pk": comment.idea_id})
            return redirect(f"{url}#comment-{comment.pk}")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/ideas/comment_edit.html",
        {"form": form, "comment": comment},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _get_comment(pk)
    url = reverse("frontend:idea_detail", kwargs={"pk": comment.idea_id})
    if request.method == "POST":
        # The service decides: authors delete their own, city staff moderate.
        try:
            idea_services.comment_delete(actor=request.user, comment=comment)
        except StateConflict as exc:
            messages.error(request, exc.message)
            return redirect(url)
        messages.success(request, _("The comment has been deleted."))
        return redirect(f"{url}#comments")
    if not idea_services.comment_can_delete(user=request.user, comment=comment):
        raise PermissionDenied(_("Only the author may delete this comment."))
    return render(request, "frontend/ideas/comment_delete.html", {"comment": comment})


@login_required
@require_POST
def cocreator_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer help to an idea looking for co-creators."""
    idea = get_idea(request, pk)
    try:
        idea_services.cocreator_offer(
            user=request.user, idea=idea, message=request.POST.get("message", "")
        )
    except (PermissionDenied, StateConflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Thank you! The author has received your offer."))
    return redirect("frontend:idea_detail", pk=idea.pk)
