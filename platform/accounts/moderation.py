"""A person can be reported (registered with moderation in AccountsConfig.ready). A person is
not hidden: moderators warn or block them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from moderation import ItemContext, ReportableKind

PERSON = ReportableKind(
    kind="person",
    label=_("person"),
    load=lambda pk: User.objects.filter(pk=pk, is_active=True).first(),
    author=lambda person: person,
    context=lambda person: ItemContext(
        title=person.display_name,
        excerpt=Truncator(person.bio).chars(300),
        url=reverse("frontend:person_detail", kwargs={"pk": person.pk}),
    ),
)
