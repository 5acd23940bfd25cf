"""JSON shapes of people, organisations, memberships and topics; input kept apart from output."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import (
    ActorOffer,
    Membership,
    MembershipRequest,
    Organisation,
    Sector,
    Topic,
    User,
)
from accounts.output import organisation_ref, person_profile, person_ref, topic_ref
from core.fields import SlugRefField, StrictURLField


class TopicSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the active language.")

    class Meta:
        model = Topic
        fields = ["slug", "name", "name_de", "name_en"]


# The reference serializers below declare their shape for the OpenAPI document; their output
# is the one shape of accounts/output.py (which the event payloads use too).


class TopicRefSerializer(serializers.ModelSerializer):
    """A topic as other objects show it."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = Topic
        fields = ["slug", "name"]

    def to_representation(self, topic: Topic) -> dict:
        return topic_ref(topic)


class PersonSerializer(serializers.ModelSerializer):
    """What anyone may see of a person: never the email address."""

    class Meta:
        model = User
        fields = ["id", "display_name", "sector"]

    def to_representation(self, user: User) -> dict:
        return person_ref(user)


class OrganisationRefSerializer(serializers.ModelSerializer):
    """An organisation as other objects show it."""

    class Meta:
        model = Organisation
        fields = ["id", "name"]

    def to_representation(self, organisation: Organisation) -> dict:
        return organisation_ref(organisation)


class PersonProfileSerializer(serializers.ModelSerializer):
    """A person's public page: never the email address. The view passes `organisations`."""

    organisations = OrganisationRefSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "display_name", "sector", "bio", "organisations"]

    def to_representation(self, user: User) -> dict:
        return person_profile(user, organisations=self.context["organisations"])


class MyMembershipSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="organisation.id", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "role"]


class MeSerializer(serializers.ModelSerializer):
    """The signed-in person's own profile. The view passes `memberships` in the context."""

    is_city_staff = serializers.BooleanField(read_only=True)
    email_confirmed = serializers.BooleanField(
        read_only=True, help_text="Until it is, votes, comments and ideas are refused."
    )
    organisations = serializers.SerializerMethodField()
    offers = serializers.ListField(
        child=serializers.ChoiceField(choices=ActorOffer.choices), read_only=True
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "email_confirmed",
            "display_name",
            "sector",
            "bio",
            "language",
            "is_city_staff",
            "organisations",
            "listed_in_directory",
            "offers",
        ]

    @extend_schema_field(MyMembershipSerializer(many=True))
    def get_organisations(self, user: User) -> list[dict]:
        return MyMembershipSerializer(self.context["memberships"], many=True).data


class MeUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=80, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    language = serializers.ChoiceField(
        choices=User._meta.get_field("language").choices,
        required=False,
        help_text="The language of the mail this person receives.",
    )
    listed_in_directory = serializers.BooleanField(
        required=False, help_text="Opt-in to the public directory of actors (off by default)."
    )
    offers = serializers.MultipleChoiceField(choices=ActorOffer.choices, required=False)


class RegisterSerializer(serializers.Serializer):
    # Kept loose on purpose: the registration service checks every rule in one pass and
    # answers with the messages of every wrong field at once (a missing name must not hide
    # that the password is too short).
    email = serializers.CharField(required=False, allow_blank=True, default="")
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, required=False, allow_blank=True, default=""
    )
    display_name = serializers.CharField(required=False, allow_blank=True, default="")
    sector = serializers.CharField(required=False, allow_blank=True, default="")
    accept_house_rules = serializers.BooleanField(required=False, default=False)


class RegisterRequestSerializer(serializers.Serializer):
    """What sign-up needs, for the API's schema: every field is required there, although
    RegisterSerializer takes what comes so the service can name every wrong field at once."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    display_name = serializers.CharField(max_length=80)
    sector = serializers.ChoiceField(choices=Sector.choices)
    accept_house_rules = serializers.BooleanField(
        help_text="true: the person accepts the house rules (Netiquette, /house-rules/)."
    )


class DetailSerializer(serializers.Serializer):
    """A message for the person, in their language."""

    detail = serializers.CharField(read_only=True)


class EmailSerializer(serializers.Serializer):
    # Checked by the service, with the same message as the site's.
    email = serializers.CharField(max_length=1000)


class EmailConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000, help_text="The token of the mailed link.")


class PasswordResetSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=100, help_text="From the mailed link.")
    token = serializers.CharField(max_length=100, help_text="From the mailed link.")
    password = serializers.CharField(trim_whitespace=False, max_length=1000)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(trim_whitespace=False, max_length=1000)
    new_password = serializers.CharField(trim_whitespace=False, max_length=1000)


class EmailChangeSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=1000, help_text="The new address.")
    password = serializers.CharField(
        trim_whitespace=False, max_length=1000, help_text="The current password."
    )


class LoginSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class OrganisationSerializer(serializers.ModelSerializer):
    topics = TopicRefSerializer(many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    joining = serializers.ChoiceField(
        choices=Organisation.Joining.choices,
        read_only=True,
        help_text="How people become members: `open` (join at once with .../join/), `request` "
        "(ask with .../requests/, an administrator decides) or `invite` (administrators add "
        "members).",
    )
    offers = serializers.ListField(
        child=serializers.ChoiceField(choices=ActorOffer.choices),
        read_only=True,
        help_text="What it offers or seeks in the directory of actors.",
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "website",
            "description",
            "topics",
            "member_count",
            "joining",
            "offers",
            "created_at",
        ]


class OrganisationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    website = StrictURLField(required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    topics = SlugRefField(queryset=Topic.objects.all(), many=True, required=False)
    joining = serializers.ChoiceField(
        choices=Organisation.Joining.choices,
        required=False,
        help_text="How people become members (default `invite`).",
    )
    offers = serializers.MultipleChoiceField(
        choices=ActorOffer.choices,
        required=False,
        help_text="What it offers or seeks in the directory of actors (replaces the list).",
    )


class MembershipRequestSerializer(serializers.ModelSerializer):
    """A request to join. Seen by the organisation's administrators and the person who asked."""

    organisation = OrganisationRefSerializer(read_only=True)
    user = PersonSerializer(read_only=True)

    class Meta:
        model = MembershipRequest
        fields = ["id", "organisation", "user", "message", "status", "created_at", "decided_at"]


class MembershipRequestInputSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=MembershipRequest.MESSAGE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="A few words to the administrators (optional).",
    )


class MemberSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "role", "created_at"]


class MemberInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text=_("Id of the person to add."),
    )
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)
