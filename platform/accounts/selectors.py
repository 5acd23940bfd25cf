"""Reads of people, organisations and topics shared by the API, the site and the admin."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from accounts.models import Membership, MembershipRequest, Organisation, Topic, User
from accounts.output import PERSON_PROFILE_COLUMNS


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.order_by("position", "slug")


def user_memberships(*, user: User) -> QuerySet[Membership]:
    """The organisations a person belongs to, with their role, in name order."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )


def organisation_filter(
    qs: QuerySet[Organisation],
    *,
    kind: str | None = None,
    topic: str | None = None,
    search: str | None = None,
) -> QuerySet[Organisation]:
    """Narrow organisations by kind, topic slug and free text; the API's filters use this."""
    if kind:
        qs = qs.filter(kind=kind)
    if topic:
        qs = qs.filter(topics__slug=topic)
    search = (search or "").replace("\x00", "")  # PostgreSQL text holds no NUL byte
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return qs


def organisation_list(
    *,
    kind: str | None = None,
    topic: str | None = None,
    search: str | None = None,
) -> QuerySet[Organisation]:
    """Organisations in name order with their topics and member count."""
    qs = (
        Organisation.objects.annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related("topics")
        .order_by("name", "id")
    )
    return organisation_filter(qs, kind=kind, topic=topic, search=search)


def organisation_get(*, pk: int) -> Organisation:
    """Raises Organisation.DoesNotExist."""
    return organisation_list().get(pk=pk)


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """Members of an organisation, administrators first, then by joining date."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "created_at", "id")
    )


def organisation_page(*, number: str | int | None, size: int = 50, kind: str | None = None) -> Page:
    """One page of the organisation directory in name order, with member counts (page numbers
    past the end give the last page, as the site's pager expects); `kind` narrows it (the
    working groups' page lists kind `working_group`)."""
    qs = Organisation.objects.annotate(member_count=Count("memberships")).order_by("name", "id")
    if kind:
        qs = qs.filter(kind=kind)
    return Paginator(qs, size).get_page(number)


# --- Joining (working groups, issue 17) ------------------------------------------------------


def membership_of(*, user: User, organisation: Organisation) -> Membership | None:
    """The viewer's membership, or None (also for anonymous people: no query)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(organisation=organisation, user=user).first()


def membership_request_pending_of(
    *, user: User, organisation: Organisation
) -> MembershipRequest | None:
    """The viewer's pending request to join, or None."""
    if not user.is_authenticated:
        return None
    return MembershipRequest.objects.filter(
        organisation=organisation, user=user, status=MembershipRequest.Status.PENDING
    ).first()


def membership_requests(
    *, organisation: Organisation, status: str | None = MembershipRequest.Status.PENDING
) -> QuerySet[MembershipRequest]:
    """Requests to join an organisation, oldest first (the order to decide them in), with the
    person and the organisation; `status=None` for all."""
    qs = MembershipRequest.objects.filter(organisation=organisation).select_related(
        "user", "organisation"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "id")


def membership_requests_of_user(
    *, user: User, organisation: Organisation
) -> QuerySet[MembershipRequest]:
    """One person's own requests to an organisation, newest first."""
    return (
        MembershipRequest.objects.filter(organisation=organisation, user=user)
        .select_related("user", "organisation")
        .order_by("-created_at", "-id")
    )


def membership_request_get(*, organisation: Organisation, pk: int) -> MembershipRequest:
    """Raises MembershipRequest.DoesNotExist (also for a request to another organisation)."""
    return MembershipRequest.objects.select_related("user", "organisation").get(
        organisation=organisation, pk=pk
    )


def organisation_get_by_slug(*, slug: str) -> Organisation:
    """One organisation with its topics, by its URL slug; raises Organisation.DoesNotExist."""
    return Organisation.objects.prefetch_related("topics").get(slug=slug)


def organisations_of_member(*, user: User) -> QuerySet[Organisation]:
    """The organisations a person may post on behalf of: those they belong to."""
    return Organisation.objects.filter(members=user)


def city_department_list() -> QuerySet[Organisation]:
    """The city's own departments (the organisations that can be responsible for a
    challenge), in name order."""
    return Organisation.objects.filter(kind=Organisation.Kind.CITY_DEPARTMENT).order_by(
        "name", "id"
    )


# --- Public profile pages ------------------------------------------------------------------------


def person_get(*, pk: int) -> User:
    """A person as anyone may see them, loading only the public columns (never the email
    address or the password hash); raises User.DoesNotExist."""
    return User.objects.only(*PERSON_PROFILE_COLUMNS).get(pk=pk)


def person_organisations(*, person: User) -> QuerySet[Organisation]:
    """The organisations a person belongs to, in name order, with what a link to them needs."""
    return (
        Organisation.objects.filter(memberships__user=person)
        .only("id", "name", "slug", "kind")
        .order_by("name", "id")
    )


# --- The directory of actors (issue 17) -------------------------------------------------------

DIRECTORY_LIMIT = 50


def _offer_filter(model, offer: str | None) -> dict:
    field = model.OFFER_FIELDS.get(offer) if offer else None
    return {field: True} if field else {}


def directory_organisations_qs(
    *,
    topic: str | None = None,
    offer: str | None = None,
    search: str | None = None,
    working_groups: bool | None = None,
) -> QuerySet[Organisation]:
    """Organisations of the directory (all are public), by name, with their topics:
    `working_groups` True for the working groups only, False for all other organisations,
    None for both."""
    qs = Organisation.objects.filter(**_offer_filter(Organisation, offer))
    if working_groups is True:
        qs = qs.filter(kind=Organisation.Kind.WORKING_GROUP)
    elif working_groups is False:
        qs = qs.exclude(kind=Organisation.Kind.WORKING_GROUP)
    if topic:
        qs = qs.filter(topics__slug=topic)
    search = (search or "").replace("\x00", "")  # PostgreSQL text holds no NUL byte
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return qs.order_by("name", "id").prefetch_related("topics")


def directory_organisations(**filters) -> tuple[int, list[Organisation]]:
    """(count, first 50) of `directory_organisations_qs`, for the site."""
    qs = directory_organisations_qs(**filters)
    return qs.count(), list(qs[:DIRECTORY_LIMIT])


def directory_people_qs(
    *,
    topic: str | None = None,
    sector: str | None = None,
    offer: str | None = None,
    search: str | None = None,
) -> QuerySet[User]:
    """People who opted in to the directory, by name. A person's topics are those of their
    ideas (reached through the reverse relation; accounts imports no higher app)."""
    qs = User.objects.filter(is_active=True, listed_in_directory=True, **_offer_filter(User, offer))
    if sector:
        qs = qs.filter(sector=sector)
    if topic:
        qs = qs.filter(
            pk__in=User.objects.filter(
                ideas__topics__slug=topic, ideas__withdrawn_at__isnull=True
            ).values("pk")
        )
    search = (search or "").replace("\x00", "")  # PostgreSQL text holds no NUL byte
    if search:
        qs = qs.filter(Q(display_name__icontains=search) | Q(bio__icontains=search))
    return qs.order_by("display_name", "id").only(
        "display_name", "sector", "bio", *User.OFFER_FIELDS.values()
    )


def directory_people(**filters) -> tuple[int, list[User]]:
    """(count, first 50) of `directory_people_qs`, for the site."""
    qs = directory_people_qs(**filters)
    return qs.count(), list(qs[:DIRECTORY_LIMIT])


def organisations_organised_by(*, user: User) -> QuerySet[Organisation]:
    """The organisations a person may announce events for: all for city staff, else those
    they administer."""
    if user.is_city_staff:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).order_by("name")
