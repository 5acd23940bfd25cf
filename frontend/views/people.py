"""A person's public page: name, sector, organisations, what they wrote about themselves, their
public ideas and comments. Never their email address."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import selectors as account_selectors
from accounts.models import Organisation, User
from frontend.views.ideas import paginate_ideas
from ideas import selectors as idea_selectors

# The newest comments a person's page shows; their ideas page by cursor instead.
PERSON_COMMENTS = 20


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person = account_selectors.person_get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404(_("This person does not exist.")) from exc
    ideas, next_cursor, is_first_page = paginate_ideas(
        request, idea_selectors.ideas_of_person(user=request.user, person=person), "new"
    )
    comments = idea_selectors.comments_of_person(person=person)[:PERSON_COMMENTS]
    # One query for both lists: organisations and working groups are one table.
    memberships = list(account_selectors.person_organisations(person=person))
    return render(
        request,
        "frontend/people/detail.html",
        {
            "person": person,
            "organisations": [o for o in memberships if o.kind != Organisation.Kind.WORKING_GROUP],
            "groups": [o for o in memberships if o.kind == Organisation.Kind.WORKING_GROUP],
            "ideas": ideas,
            "next_cursor": next_cursor,
            "is_first_page": is_first_page,
            "comments": comments,
        },
    )
