"""Every write on people and organisations, with its permission checks."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from redis.exceptions import RedisError
from rest_framework.authtoken.models import Token

import realtime
from accounts import output
from accounts.models import (
    ActorOffer,
    Membership,
    MembershipRequest,
    Organisation,
    Sector,
    Topic,
    User,
)
from core.errors import StateConflict
from core.throttling import FailureCounter
from mail.services import mail_compose, mail_queue

logger = logging.getLogger(__name__)

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length


class LoginThrottled(Exception):
    """Too many failed logins for this account or address; retry after `wait` seconds."""

    def __init__(self, wait: int):
        super().__init__(f"Too many login attempts; retry in {wait} s.")
        self.wait = wait


def email_normalise(*, email: str) -> str:
    """The one email address rule of the site and the API: trimmed, lower case, valid."""
    email = User.objects.normalize_email(email or "").strip().lower()
    if not email:
        raise ValidationError(_("Please enter your email address."))
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("An email address has at most %(max)d characters.") % {"max": EMAIL_MAX_LENGTH}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Please enter a valid email address.")) from None
    return email


def user_register_check(*, email: str, password: str, display_name: str, sector: str) -> str:
    """Check every sign-up rule in one pass, so that a person sees every problem at once (the
    password's too, while the email address is still wrong). Returns the normalised email
    address; raises ValidationError with the messages of every wrong field. Whether the
    address has an account is not a rule here: sign-up must not tell (user_sign_up)."""
    errors: dict[str, list[str]] = {}
    try:
        email = email_normalise(email=email)
    except ValidationError as exc:
        errors["email"] = exc.messages
    display_name = (display_name or "").strip()
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


def user_register(
    *,
    email: str,
    password: str,
    display_name: str,
    sector: str,
    language: str = settings.LANGUAGE_CODE,
    email_confirmed: bool = False,
    house_rules_accepted: bool = False,
) -> User:
    """Create an account (for the public sign-up see user_sign_up, which does not tell whether
    an address is taken). Raises ValidationError, also when the address has an account."""
    email = user_register_check(
        email=email, password=password, display_name=display_name, sector=sector
    )
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("An account with this email address already exists.")]})
    display_name = display_name.strip()
    try:
        # A savepoint, so that losing a race for the email leaves the caller's transaction usable.
        with transaction.atomic():
            return User.objects.create_user(
                email=email,
                password=password,
                display_name=display_name,
                sector=sector,
                language=(
                    language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
                ),
                email_confirmed_at=timezone.now() if email_confirmed else None,
                house_rules_accepted_at=timezone.now() if house_rules_accepted else None,
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
    language: str | None = None,
    listed_in_directory: bool | None = None,
    offers: Iterable[str] | None = None,
) -> User:
    """Change one's own profile; `listed_in_directory` is the explicit opt-in to the directory
    of actors, `offers` what one offers or seeks there (ActorOffer codes)."""
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
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            errors["language"] = [_("Please choose one of the options.")]
        user.language = language
    if listed_in_directory is not None:
        user.listed_in_directory = bool(listed_in_directory)
    if offers is not None:
        offers = set(offers)
        if offers - set(ActorOffer.values):
            errors["offers"] = [_("Please choose one of the options.")]
        for code, field in User.OFFER_FIELDS.items():
            setattr(user, field, code in offers)
    if errors:
        raise ValidationError(errors)
    user.full_clean(exclude=["password", "email"])
    user.save(
        update_fields=[
            "display_name",
            "sector",
            "bio",
            "language",
            "listed_in_directory",
            *User.OFFER_FIELDS.values(),
        ]
    )
    return user


def _attempt_keys(email: str, address: str) -> tuple[str, str, str]:
    """Failure counters: of one account from one address, of one address, of one account.

    The typed email goes into the keys as a digest: whatever someone types (any length, any
    characters) makes a short, valid cache key, and no address is kept in the cache."""
    email = hashlib.sha256(email.strip().lower().encode()).hexdigest()
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


# --- Confirmed addresses, forgotten and changed passwords, changed addresses -----------------
# Every answer that a stranger can ask for (sign-up, "send the link again", forgotten password)
# is the same for known and unknown addresses, and does the same expensive work either way:
# what differs goes by mail to the address's owner.


class RequestThrottled(Exception):
    """Too many mail requests for one email address or from one client address."""

    def __init__(self, wait: int):
        super().__init__(f"Too many requests; retry in {wait} s.")
        self.wait = wait


class InvalidLink(Exception):
    """A mailed link that has expired, was used already, was tampered with or is not for this
    person. Nothing was changed."""


INVALID_LINK_MESSAGE = gettext_lazy(
    "This link has expired, was used already or is not valid. Nothing was changed."
)


EMAIL_LINK_SALT = "accounts.email-confirmation"


def user_can_participate(*, user: User) -> bool:
    """May this person vote, comment and post ideas? Only with a confirmed email address."""
    return user.is_authenticated and user.email_confirmed_at is not None


def user_participation_refusal(*, user: User) -> PermissionDenied | None:
    """Why a signed-in person may not vote, comment or post yet (None when they may). The
    idea, comment and vote services raise it; anonymous people get their own message there.
    A person blocked by moderation gets the block's reason and end (moderation.services)."""
    from moderation.services import write_refusal

    if (blocked := write_refusal(user=user)) is not None:
        return blocked
    if user.is_authenticated and user.email_confirmed_at is None:
        return PermissionDenied(
            _(
                "Please confirm your email address first: open the link we mailed you. "
                "You can have it sent again from your profile."
            )
        )
    return None


def _throttle_mail_request(*, action: str, email: str, address: str) -> None:
    """Count a request that sends mail, per email address and per client address; raises
    RequestThrottled over either limit. Fails open (and logs) when the cache is down."""
    window = settings.ACCOUNT_MAIL_REQUESTS_WINDOW_SECONDS
    email_key = hashlib.sha256(email.encode()).hexdigest()[:32]
    limits = [
        (f"mailreq:{action}:email:{email_key}", settings.ACCOUNT_MAIL_REQUESTS_PER_EMAIL),
        (f"mailreq:{action}:addr:{address or '-'}", settings.ACCOUNT_MAIL_REQUESTS_PER_ADDRESS),
    ]
    over = False
    for key, limit in limits:
        try:
            cache.add(key, 0, timeout=window)
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)
            count = 1
        except RedisError:
            logger.warning("Mail request not throttled: the cache is unreachable", exc_info=True)
            continue
        over = over or count > limit
    if over:
        raise RequestThrottled(window)


def _site_link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _email_state(user: User) -> str:
    # Changes when the address is confirmed or changed: that is what makes a link single use.
    return salted_hmac(
        EMAIL_LINK_SALT, f"{user.pk}|{user.email}|{user.email_confirmed_at}"
    ).hexdigest()[:20]


def email_token_make(*, user: User, email: str) -> str:
    """A signed, expiring token that confirms `email` (the current or a new address) for
    `user`; it dies when any address of theirs is confirmed or changed."""
    return signing.dumps({"u": user.pk, "e": email, "s": _email_state(user)}, salt=EMAIL_LINK_SALT)


def _queue(*, user: User | None, to: str, template: str, context: dict) -> None:
    language = user.language if user is not None else translation.get_language() or "de"
    message = mail_compose(template=template, context=context, language=language)
    mail_queue(to=to, message=message)


def _queue_confirmation(*, user: User, email: str) -> None:
    url = _site_link("frontend:email_confirm", email_token_make(user=user, email=email))
    _queue(
        user=user,
        to=email,
        template="accounts/mail/confirm_email",
        context={"user": user, "url": url, "change": email != user.email},
    )


def _queue_account_exists(*, user: User, email: str) -> None:
    _queue(
        user=user,
        to=email,
        template="accounts/mail/account_exists",
        context={
            "user": user,
            "login_url": _site_link("frontend:login"),
            "reset_url": _site_link("frontend:password_forgot"),
        },
    )


def user_sign_up(
    *,
    email: str,
    password: str,
    display_name: str,
    sector: str,
    language: str,
    address: str,
    accept_house_rules: bool = False,
) -> None:
    """The public sign-up. Answers the same whether or not the address has an account: a new
    account gets its confirmation link, the owner of an existing one a note (or, unconfirmed,
    the link again). The password is hashed either way, so both take the same time.

    The house rules (Netiquette) must be accepted; the account records when.

    Raises ValidationError (the rules of user_register_check) and RequestThrottled."""
    errors: dict[str, list[str]] = {}
    try:
        email = user_register_check(
            email=email, password=password, display_name=display_name, sector=sector
        )
    except ValidationError as exc:
        errors = exc.message_dict
    if not accept_house_rules:
        errors["accept_house_rules"] = [_("Please accept the house rules to take part.")]
    if errors:
        raise ValidationError(errors)
    _throttle_mail_request(action="signup", email=email, address=address)
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                user = user_register(
                    email=email,
                    password=password,
                    display_name=display_name,
                    sector=sector,
                    language=language,
                    house_rules_accepted=True,
                )
            except ValidationError:
                existing = User.objects.filter(email__iexact=email).first()  # lost a race
            else:
                _queue_confirmation(user=user, email=user.email)
                return
        make_password(password)
        if existing is None or not existing.is_active:
            return
        if existing.email_confirmed_at is None:
            _queue_confirmation(user=existing, email=existing.email)
        else:
            _queue_account_exists(user=existing, email=existing.email)


def email_confirmation_resend(*, email: str, address: str) -> None:
    """ "Send the link again": the same answer for every address; only an active account with
    that unconfirmed address gets mail. Raises ValidationError, RequestThrottled."""
    try:
        email = email_normalise(email=email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from None
    _throttle_mail_request(action="resend", email=email, address=address)
    with transaction.atomic():
        user = User.objects.filter(
            email__iexact=email, is_active=True, email_confirmed_at__isnull=True
        ).first()
        if user is not None:
            _queue_confirmation(user=user, email=user.email)


def _email_token_read(token: str) -> tuple[int, str, str]:
    try:
        data = signing.loads(
            token, salt=EMAIL_LINK_SALT, max_age=settings.EMAIL_CONFIRMATION_TIMEOUT
        )
        return int(data["u"]), str(data["e"]), str(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidLink from exc


def email_token_check(*, token: str) -> tuple[User, str]:
    """The person and the address a mailed confirmation link is for, while it is valid;
    raises InvalidLink. Changes nothing."""
    user_id, email, state = _email_token_read(token)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(state, _email_state(user)):
        raise InvalidLink
    return user, email


@transaction.atomic
def email_confirm(*, token: str) -> User:
    """Confirm the address a mailed link was made for: the sign-up address, or a new address
    (which then replaces the old one, whose owner is told). Raises InvalidLink."""
    user_id, email, state = _email_token_read(token)
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(state, _email_state(user)):
        raise InvalidLink
    if email == user.email:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        return user
    old_email = user.email
    user.email, user.email_confirmed_at = email, timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_confirmed_at"])
    except IntegrityError as exc:
        raise InvalidLink from exc  # the address got an account since the link was sent
    _queue(
        user=user,
        to=old_email,
        template="accounts/mail/email_changed",
        context={
            "user": user,
            "new_email": email,
            "reset_url": _site_link("frontend:password_forgot"),
        },
    )
    return user


def email_change_request(*, user: User, email: str, password: str, address: str) -> None:
    """Ask to move an account to a new address: a confirmation link goes to the new address
    (if it belongs to another account, its owner gets a note instead: the same answer here).
    The current password is asked for. Raises ValidationError, RequestThrottled."""
    errors: dict[str, list[str]] = {}
    if not user.check_password(password or ""):
        errors["password"] = [_("This is not your current password.")]
    try:
        email = email_normalise(email=email)
    except ValidationError as exc:
        errors["email"] = exc.messages
    else:
        if email == user.email:
            errors["email"] = [_("This is already your email address.")]
    if errors:
        raise ValidationError(errors)
    _throttle_mail_request(action="email-change", email=email, address=address)
    with transaction.atomic():
        owner = User.objects.filter(email__iexact=email).first()
        if owner is None:
            _queue_confirmation(user=user, email=email)
        elif owner.is_active:
            _queue_account_exists(user=owner, email=owner.email)


def password_reset_request(*, email: str, address: str) -> None:
    """ "Forgot your password?": a one-time link (Django's token generator: it dies when used,
    when the password changes and after PASSWORD_RESET_TIMEOUT) to the account with that
    address, if any; the answer and the work are the same either way."""
    try:
        email = email_normalise(email=email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from None
    _throttle_mail_request(action="reset", email=email, address=address)
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    target = user if user is not None and user.has_usable_password() else User(pk=0, email=email)
    url = _site_link(
        "frontend:password_reset",
        urlsafe_base64_encode(force_bytes(target.pk)),
        default_token_generator.make_token(target),
    )
    message = mail_compose(
        template="accounts/mail/password_reset",
        context={"user": target, "url": url, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
        language=target.language,
    )
    if target is user:
        with transaction.atomic():
            mail_queue(to=user.email, message=message)


def password_reset_user(*, uidb64: str, token: str) -> User:
    """The person a forgotten-password link is for, while it is valid; raises InvalidLink."""
    try:
        user_id = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidLink from exc
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        raise InvalidLink
    return user


@transaction.atomic
def password_reset_complete(*, uidb64: str, token: str, password: str) -> User:
    """Set a new password through a forgotten-password link. Every session (they check the
    password hash) and every API token of the person end; the link dies with the old password.
    Opening the link proves the mailbox, so the address counts as confirmed.
    Raises InvalidLink, ValidationError."""
    user = password_reset_user(uidb64=uidb64, token=token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not default_token_generator.check_token(user, token):
        raise InvalidLink  # used by a concurrent request a moment ago
    _set_password(user=user, password=password, field="password")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


def _set_password(*, user: User, password: str, field: str) -> None:
    if not password:
        raise ValidationError({field: [_("Please choose a password.")]})
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({field: list(exc.messages)}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    Token.objects.filter(user=user).delete()


@transaction.atomic
def password_change(*, user: User, current_password: str, new_password: str) -> User:
    """Change one's password, proving the current one. Every other session and every API
    token end (the caller keeps its own session with update_session_auth_hash, or takes a
    new token). Raises ValidationError."""
    if not user.check_password(current_password or ""):
        raise ValidationError({"current_password": [_("This is not your current password.")]})
    _set_password(user=user, password=new_password, field="new_password")
    return user


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


def _offer_fields(offers: Iterable[str]) -> dict[str, bool]:
    """ActorOffer codes as the flag columns; raises ValidationError for an unknown code."""
    offers = set(offers)
    if offers - set(ActorOffer.values):
        raise ValidationError({"offers": [_("Please choose one of the options.")]})
    return {field: code in offers for code, field in Organisation.OFFER_FIELDS.items()}


def _check_joining(joining: str) -> None:
    if joining not in Organisation.Joining.values:
        raise ValidationError({"joining": [_("Please choose one of the options.")]})


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    name: str,
    kind: str,
    website: str = "",
    description: str = "",
    topics: Iterable[Topic] = (),
    joining: str = Organisation.Joining.INVITE,
    offers: Iterable[str] = (),
) -> Organisation:
    """Anyone signed in may register an organisation or start a working group and becomes its
    admin; only city staff may create city departments."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Please log in first."))
    if kind == Organisation.Kind.CITY_DEPARTMENT and not actor.is_city_staff:
        raise PermissionDenied(_("Only city staff may create city departments."))
    _check_joining(joining)
    flags = _offer_fields(offers)
    if Organisation.objects.filter(name__iexact=(name or "").strip()).exists():
        raise ValidationError({"name": [_("An organisation with this name already exists.")]})
    org = Organisation(
        name=(name or "").strip(),
        kind=kind,
        website=website or "",
        description=description or "",
        slug=_unique_slug(name or ""),
        joining=joining,
        **flags,
    )
    org.full_clean()
    org.save()
    org.topics.set(topics)
    Membership.objects.create(organisation=org, user=actor, role=Membership.Role.ADMIN)
    return org


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **fields) -> Organisation:
    """Administrators (and city staff) change an organisation: its name, kind, website,
    description, topics, how people join (`joining`) and what it offers in the directory
    (`offers`, ActorOffer codes). Opening a group does not decide pending requests: the
    administrators still accept or decline them (or the people join themselves)."""
    if not organisation_is_admin(user=actor, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's administrators may change it."))
    topics = fields.pop("topics", None)
    offers = fields.pop("offers", None)
    allowed = {"name", "kind", "website", "description", "joining"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown organisation fields: {sorted(unknown)}")
    if (
        fields.get("kind") == Organisation.Kind.CITY_DEPARTMENT
        and organisation.kind != Organisation.Kind.CITY_DEPARTMENT
        and not actor.is_city_staff
    ):
        raise PermissionDenied(_("Only city staff may create city departments."))
    if "joining" in fields:
        _check_joining(fields["joining"])
    if offers is not None:
        fields.update(_offer_fields(offers))
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


# --- Joining and leaving (working groups, issue 17) ---------------------------------------------
# Organisation.joining says how people become members: `open` (they join at once), `request`
# (they ask, an administrator accepts or declines) or `invite` (administrators add them with
# membership_add). The *_can_* functions answer the site's "show this button?" with the same
# rule the service checks.


def _joining_refusal(*, user: User, organisation: Organisation, mode: str) -> Exception | None:
    """Why `user` may not join (`mode` "open") or ask to join (`mode` "request") now, or None."""
    if not user.is_authenticated:
        return PermissionDenied(_("Please log in first."))
    if (refusal := user_participation_refusal(user=user)) is not None:
        return refusal
    if user_is_member(user=user, organisation=organisation):
        return StateConflict(_("You are already a member."))
    if organisation.joining != mode:
        if organisation.joining == Organisation.Joining.OPEN:
            return StateConflict(_("Anyone may join this group: there is no need to ask."))
        if organisation.joining == Organisation.Joining.REQUEST:
            return PermissionDenied(_("New members join by request only: please ask to join."))
        return PermissionDenied(
            _("Only the administrators add members to this organisation: ask one of them.")
        )
    if mode == Organisation.Joining.REQUEST and _pending(organisation, user).exists():
        return StateConflict(_("You have asked to join already; the administrators will decide."))
    return None


def _pending(organisation: Organisation, user: User):
    return MembershipRequest.objects.filter(
        organisation=organisation, user=user, status=MembershipRequest.Status.PENDING
    )


def membership_can_join(*, user: User, organisation: Organisation) -> bool:
    return _joining_refusal(user=user, organisation=organisation, mode="open") is None


def membership_can_request(*, user: User, organisation: Organisation) -> bool:
    return _joining_refusal(user=user, organisation=organisation, mode="request") is None


@transaction.atomic
def membership_join(*, user: User, organisation: Organisation) -> Membership:
    """Join an open group at once, as a member. Raises PermissionDenied (not signed in, not
    confirmed, the group is not open) or StateConflict (already a member)."""
    if (refusal := _joining_refusal(user=user, organisation=organisation, mode="open")) is not None:
        raise refusal
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                organisation=organisation, user=user, role=Membership.Role.MEMBER
            )
    except IntegrityError as exc:  # joined a moment ago in another request
        raise StateConflict(_("You are already a member.")) from exc
    # A request from before the group was opened is settled by joining.
    _pending(organisation, user).update(
        status=MembershipRequest.Status.ACCEPTED, decided_at=timezone.now()
    )
    return membership


@transaction.atomic
def membership_request_create(
    *, user: User, organisation: Organisation, message: str = ""
) -> MembershipRequest:
    """Ask to join a group that takes members by request; its administrators decide. Raises
    ValidationError (message too long), PermissionDenied or StateConflict (already a member,
    already asked, the group is open)."""
    message = (message or "").strip()
    if len(message) > MembershipRequest.MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "message": [
                    _("A message has at most %(max)d characters.")
                    % {"max": MembershipRequest.MESSAGE_MAX_LENGTH}
                ]
            }
        )
    refusal = _joining_refusal(user=user, organisation=organisation, mode="request")
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            request = MembershipRequest.objects.create(
                organisation=organisation, user=user, message=message
            )
    except IntegrityError as exc:  # the partial unique index: one pending request
        raise StateConflict(
            _("You have asked to join already; the administrators will decide.")
        ) from exc
    _publish(request, "membership.requested")
    return request


def _publish(request: MembershipRequest, type: str) -> None:  # noqa: A002
    """On the asker's private stream; notifications tells the administrators (requested) or
    the asker (decided)."""
    realtime.publish(
        [realtime.stream_name("user", request.user_id)],
        type,
        output.membership_request_event(request),
    )


def _pending_locked(request: MembershipRequest) -> MembershipRequest:
    """The request, locked, while it is pending; raises StateConflict once it is decided.
    Locking makes an accept and a withdrawal at the same moment take turns."""
    locked = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != MembershipRequest.Status.PENDING:
        raise StateConflict(_("This request has been decided already."))
    return locked


def membership_request_can_decide(*, user: User, request: MembershipRequest) -> bool:
    return organisation_is_admin(user=user, organisation=request.organisation)


@transaction.atomic
def membership_request_withdraw(*, actor: User, request: MembershipRequest) -> MembershipRequest:
    """The person who asked takes the request back while it is pending."""
    if not actor.is_authenticated or actor.pk != request.user_id:
        raise PermissionDenied(_("Only the person who asked may withdraw the request."))
    request = _pending_locked(request)
    request.status = MembershipRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


def _decide(*, actor: User, request: MembershipRequest, status: str) -> MembershipRequest:
    if not membership_request_can_decide(user=actor, request=request):
        raise PermissionDenied(_("Only the organisation's administrators may decide requests."))
    request = _pending_locked(request)
    request.status = status
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "decided_at", "decided_by"])
    _publish(request, "membership.decided")
    return request


@transaction.atomic
def membership_request_accept(*, actor: User, request: MembershipRequest) -> MembershipRequest:
    """An administrator accepts: the person becomes a member (if an administrator added them
    meanwhile, they stay as they are)."""
    request = _decide(actor=actor, request=request, status=MembershipRequest.Status.ACCEPTED)
    Membership.objects.get_or_create(
        organisation_id=request.organisation_id,
        user_id=request.user_id,
        defaults={"role": Membership.Role.MEMBER},
    )
    return request


@transaction.atomic
def membership_request_decline(*, actor: User, request: MembershipRequest) -> MembershipRequest:
    return _decide(actor=actor, request=request, status=MembershipRequest.Status.DECLINED)


@transaction.atomic
def membership_leave(*, user: User, organisation: Organisation) -> None:
    """Leave an organisation or group. The last administrator cannot leave: they name another
    one first. Raises StateConflict (not a member, the last administrator)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please log in first."))
    membership = (
        Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    )
    if membership is None:
        raise StateConflict(_("You are not a member."))
    if membership.role == Membership.Role.ADMIN:
        _require_another_admin(organisation=organisation, user=user)
    membership.delete()


def users_unconfirmed_prune(days: int) -> int:
    """Delete accounts whose address was never confirmed `days` after sign-up (privacy's
    retention). Such an account could not post, comment or vote, so nothing hangs on it but
    what the account deletion's registry erases with it (memberships, tokens)."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(days=days)
    stale = User.objects.filter(
        email_confirmed_at__isnull=True, date_joined__lt=cutoff, is_superuser=False
    ).exclude(email=settings.PRIVACY_DELETED_ACCOUNT_EMAIL)
    count = 0
    for user in stale.iterator(chunk_size=500):
        # An unconfirmed account cannot contribute; one that has records anyway (made by an
        # admin) is left alone.
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            continue
        count += 1
    return count
