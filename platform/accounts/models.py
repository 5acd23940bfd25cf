"""People, their sector, organisations with members, and the shared topic vocabulary."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    Permission,
    PermissionsMixin,
)
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

CITY_STAFF_PERMISSION = "accounts.act_as_city_staff"
CITY_STAFF_GROUP = "City staff"


class Sector(models.TextChoices):
    """Where a person comes from. Shown and filterable; it grants no rights."""

    CITIZEN = "citizen", _("Citizen")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    BUSINESS = "business", _("Business")
    RESEARCH = "research", _("Research")
    ADMINISTRATION = "administration", _("Administration")


class Topic(models.Model):
    """A theme such as "Green City". Lives in the lowest domain app so that organisations,
    challenges and ideas can all refer to it without importing upwards."""

    slug = models.SlugField(max_length=60, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_de


class ActorOffer(models.TextChoices):
    """What an actor of the directory of actors (the innovation database) offers or seeks."""

    COCREATORS = "cocreators", _("Looking for co-creators")
    ROOMS = "rooms", _("Offers rooms")
    DATA = "data", _("Offers data")
    EXPERTISE = "expertise", _("Offers expertise")


class ActorOffers(models.Model):
    """One flag per ActorOffer, on people and organisations alike: plain columns, so the
    directory filters by them on SQLite and PostgreSQL without JSON lookups."""

    seeks_cocreators = models.BooleanField(
        _("looking for co-creators"), default=False, db_default=False
    )
    offers_rooms = models.BooleanField(_("offers rooms"), default=False, db_default=False)
    offers_data = models.BooleanField(_("offers data"), default=False, db_default=False)
    offers_expertise = models.BooleanField(_("offers expertise"), default=False, db_default=False)

    OFFER_FIELDS = {
        ActorOffer.COCREATORS: "seeks_cocreators",
        ActorOffer.ROOMS: "offers_rooms",
        ActorOffer.DATA: "offers_data",
        ActorOffer.EXPERTISE: "offers_expertise",
    }

    class Meta:
        abstract = True

    @property
    def offers(self) -> list[str]:
        return [code for code, field in self.OFFER_FIELDS.items() if getattr(self, field)]

    def offer_labels(self) -> list[str]:
        return [ActorOffer(code).label for code in self.offers]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("display_name", email.split("@")[0])
        # Whoever runs createsuperuser owns the machine: no mailbox to prove.
        fields.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin, ActorOffers):
    """A person. Signs in with email; is known to others by display name and sector.

    `is_staff` is Django's "may use the admin" flag. Being *city staff* (running challenges,
    moving ideas through the funnel) is the separate permission CITY_STAFF_PERMISSION, granted
    by an admin, usually through the "City staff" group; superusers have it implicitly.
    """

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, default=Sector.CITIZEN, db_index=True
    )
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Set when the person opened the link mailed to `email`; until then they may read and
    # edit their profile but not vote, comment or post ideas (accounts.services).
    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the mail this person receives."),
    )
    # When the person accepted the house rules (Netiquette) at sign-up.
    house_rules_accepted_at = models.DateTimeField(_("house rules accepted"), null=True, blank=True)
    # A block by moderation, kept on the person so that the check every write makes costs no
    # query; moderation.models.Block is the record (who, why, lifted). Permanent: year 9999.
    blocked_until = models.DateTimeField(null=True, blank=True, editable=False)
    blocked_reason = models.CharField(max_length=2000, blank=True, editable=False, db_default="")

    # Listed in the directory of actors only when the person says so (GDPR: off by default).
    listed_in_directory = models.BooleanField(
        _("list me in the directory of actors"), default=False, db_default=False, db_index=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("act_as_city_staff", _("Act as city staff"))]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @cached_property
    def is_city_staff(self) -> bool:
        """One query (not Django's two for has_perm), cached on this instance."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        app_label, codename = CITY_STAFF_PERMISSION.split(".")
        return Permission.objects.filter(
            Q(user=self) | Q(group__user=self),
            codename=codename,
            content_type__app_label=app_label,
        ).exists()


class Organisation(ActorOffers):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        RESEARCH = "research", _("Research institute")
        CITY_DEPARTMENT = "city_department", _("City department")
        # A named group on a topic (issue 17): an organisation in every other respect, so it
        # has members with roles, organises its meetings and can post ideas as itself.
        WORKING_GROUP = "working_group", _("Working group")
        OTHER = "other", _("Other")

    class Joining(models.TextChoices):
        """How people become members."""

        OPEN = "open", _("Open: anyone signed in joins at once")
        REQUEST = "request", _("By request: an administrator accepts or declines")
        INVITE = "invite", _("By invitation: only administrators add members")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    topics = models.ManyToManyField(Topic, blank=True, related_name="organisations")
    members = models.ManyToManyField(
        User, through="Membership", related_name="organisations", blank=True
    )
    # db_default too: the previous release's INSERTs (without the column) keep working while
    # both run during a deployment (docs/operations.md). Invitation only was the old rule.
    joining = models.CharField(
        _("joining"),
        max_length=10,
        choices=Joining.choices,
        default=Joining.INVITE,
        db_default=Joining.INVITE,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Administrator")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="accounts_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class MembershipRequest(models.Model):
    """Someone asks to join an organisation or working group that takes members by request;
    an administrator accepts (a Membership is made) or declines. At most one request of a
    person to one organisation is pending at a time; the decided ones stay as the record."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    MESSAGE_MAX_LENGTH = 1000

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="membership_requests")
    message = models.TextField(_("message"), blank=True, max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="accounts_membershiprequest_one_pending",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "created_at"],
                name="accounts_mreq_org_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} -> {self.organisation} ({self.status})"
