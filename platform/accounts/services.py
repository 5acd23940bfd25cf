"""Every write on people and organisations, with its permission checks."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.models import Membership, Organisation, Sector, Topic, User
from core.errors import StateConflict
from core.throttling import FailureCounter

logger = logging.getLogger(__name__)

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length


class LoginThrottled(Exception):
    """Too many failed logins for this account or address; retry after `wait` seconds."""

    def __init__(self, wait: int):
        super().__init__(f"Too many login attempts; retry in {wait} s.")
        self.wait = wait


def user_register_check(*, email: str, password: str, display_name: str, sector: str) -> str:
    """Check every sign-up rule in one pass, so that a person sees every problem at once (the
    password's too, while the email address is still wrong). Returns the normalised email
    address; raises ValidationError with the messages of every wrong field."""
    email = User.objects.normalize_email(email or "").strip().lower()
    display_name = (display_name or "").strip()
    errors: dict[str, list[str]] = {}
    if not email:
        errors["email"] = [_("Please enter your email address.")]
    elif len(email) > EMAIL_MAX_LENGTH:
        errors["email"] = [
            _("An email address has at most %(max)d characters.") % {"max": EMAIL_MAX_LENGTH}
        ]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Please enter a valid email address.")]
        else:
            if User.objects.filter(email__iexact=email).exists():
                errors["email"] = [_("An account with this email address already exists.")]
    if not display_name:
        errors["display_name"] = [_("Please enter the name others will see.")]
    elif len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        errors["display_name"] = [
            _("A display name has at most %(max)d characters.") % {"max": DISPLAY_NAME_MAX_LENGTH}
        ]
    if sector not in Sector.values:
        errors["sector"] = [_("Please choose your sector.")]
    if not password:
        errors["password"] = [_("Please choose a password.")]
    else:
        candidate = User(email=email, display_name=display_name, sector=sector)
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    return email


def user_register(*, email: str, password: str, display_name: str, sector: str) -> User:
    email = user_register_check(
        email=email, password=password, display_name=display_name, sector=sector
    )
    display_name = display_name.strip()
    try:
        # A savepoint, so that losing a race for the email leaves the caller's transaction usable.
        with transaction.atomic():
            return User.objects.create_user(
                email=email, password=password, display_name=display_name, sector=sector
            )
    except IntegrityError as exc:
        # Two sign-ups with one address at the same moment: the unique index decides.
        raise ValidationError(
            {"email": [_("An account with this email address already exists.")]}
        ) from exc


def user_update_profile(
    *,
    user: User,
    display_name: str | None = None,
    sector: str | None = None,
    bio: str | None = None,
) -> User:
    errors: dict[str, list[str]] = {}
    if display_name is not None:
        if not display_name.strip():
            errors["display_name"] = [_("Please enter the name others will see.")]
        user.display_name = display_name.strip()
    if sector is not None:
        if sector not in Sector.values:
            errors["sector"] = [_("Please choose your sector.")]
        user.sector = sector
    if bio is not None:
        user.bio = bio
    if errors:
        raise ValidationError(errors)
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["display_name", "sector", "bio"])
    return user


def _attempt_keys(email: str, address: str) -> tuple[str, str, str]:
    """Failure counters: of one account from one address, of one address, of one account."""
    email = email.strip().lower()
    return (
        f"login-fail:pair:{address}:{email}",
        f"login-fail:addr:{address}",
        f"login-fail:acct:{email}",
    )


def user_authenticate(*, request, email: str, password: str, address: str) -> User:
    """Check credentials under the login policy (docs/security.md, "Login throttling").

    Failures are counted per (account, address), per address and per account. An address is
    refused when it failed too often against this account, or too often overall; the
    account's own budget applies only to addresses that have failed against it. So an
    attacker cannot lock the owner out: the right password still works from an address that
    has not failed (the owner's), while guesses spread over many addresses get one try per
    address once the account's budget is spent. Refusals come before the password is looked
    at, so a refused address cannot probe it. Raises LoginThrottled, or ValidationError for
    wrong credentials. Fails open while the cache is down.
    """
    counter = FailureCounter(window=settings.LOGIN_ATTEMPTS_WINDOW_SECONDS)
    pair_key, addr_key, acct_key = _attempt_keys(email or "", address or "unknown")
    pair_failures = counter.count(pair_key)
    if (
        pair_failures >= settings.LOGIN_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS
        or counter.count(addr_key) >= settings.LOGIN_ATTEMPTS_PER_ADDRESS
        or (pair_failures and counter.count(acct_key) >= settings.LOGIN_ATTEMPTS_PER_ACCOUNT)
    ):
        raise LoginThrottled(counter.window)
    user = authenticate(request, username=(email or "").strip().lower(), password=password)
    if user is None:
        counter.add(pair_key, addr_key, acct_key)
        raise ValidationError(
            {"non_field_errors": [_("Email address or password is not correct.")]}
        )
    # Only this address's record is cleared: the attackers' addresses stay refused.
    counter.clear(pair_key)
    return user


def user_token_issue(*, user: User) -> Token:
    """The API token of a person who just proved who they are; one token per person."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


def user_token_revoke(*, user: User) -> None:
    """Log out of the API: the token stops working everywhere it was used."""
    Token.objects.filter(user=user).delete()


# --- Organisations ------------------------------------------------------------------------------


def organisation_is_admin(*, user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_city_staff:
        return True
    return Membership.objects.filter(
        organisation=organisation, user=user, role=Membership.Role.ADMIN
    ).exists()


def user_is_member(*, user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation, user=user).exists()


def _unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:120] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    name: str,
    kind: str,
    website: str = "",
    description: str = "",
    topics: Iterable[Topic] = (),
) -> Organisation:
    """Anyone signed in may register an organisation and becomes its admin; only city staff
    may create city departments."""
    if kind == Organisation.Kind.CITY_DEPARTMENT and not actor.is_city_staff:
        raise PermissionDenied(_("Only city staff may create city departments."))
    if Organisation.objects.filter(name__iexact=(name or "").strip()).exists():
        raise ValidationError({"name": [_("An organisation with this name already exists.")]})
    org = Organisation(
        name=(name or "").strip(),
        kind=kind,
        website=website or "",
        description=description or "",
        slug=_unique_slug(name or ""),
    )
    org.full_clean()
    org.save()
    org.topics.set(topics)
    Membership.objects.create(organisation=org, user=actor, role=Membership.Role.ADMIN)
    return org


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **fields) -> Organisation:
    if not organisation_is_admin(user=actor, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's administrators may change it."))
    topics = fields.pop("topics", None)
    allowed = {"name", "kind", "website", "description"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown organisation fields: {sorted(unknown)}")
    if (
        fields.get("kind") == Organisation.Kind.CITY_DEPARTMENT
        and organisation.kind != Organisation.Kind.CITY_DEPARTMENT
        and not actor.is_city_staff
    ):
        raise PermissionDenied(_("Only city staff may create city departments."))
    for key, value in fields.items():
        setattr(organisation, key, value.strip() if key == "name" else value)
    if "name" in fields:
        if (
            Organisation.objects.filter(name__iexact=organisation.name)
            .exclude(pk=organisation.pk)
            .exists()
        ):
            raise ValidationError({"name": [_("An organisation with this name already exists.")]})
    organisation.full_clean()
    organisation.save()
    if topics is not None:
        organisation.topics.set(topics)
    return organisation


def _require_another_admin(*, organisation: Organisation, user: User) -> None:
    """Refuse to let `user` stop being an admin if nobody else is one. Locks the admin rows,
    so that two admins leaving at the same moment cannot both see the other one stay.
    Call inside a transaction."""
    admins = Membership.objects.select_for_update().filter(
        organisation=organisation, role=Membership.Role.ADMIN
    )
    if not any(m.user_id != user.pk for m in admins):
        raise StateConflict(_("An organisation needs at least one administrator."))


@transaction.atomic
def membership_add(
    *, actor: User, organisation: Organisation, user: User, role: str = Membership.Role.MEMBER
) -> Membership:
    if not organisation_is_admin(user=actor, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's administrators may add members."))
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        if membership.role == Membership.Role.ADMIN:
            _require_another_admin(organisation=organisation, user=user)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: User, organisation: Organisation, user: User) -> None:
    """Admins and staff remove members; anyone may leave. The last admin cannot leave."""
    if actor.pk != user.pk and not organisation_is_admin(user=actor, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's administrators may remove members."))
    membership = (
        Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    )
    if membership is None:
        return
    if membership.role == Membership.Role.ADMIN:
        _require_another_admin(organisation=organisation, user=user)
    membership.delete()
