"""JSON shapes of ideas, official responses, comments and offers: input and output kept apart."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation, Topic
from challenges.models import Challenge
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange

# --- Output ------------------------------------------------------------------------------------
#
# The output serializers below declare the JSON shape (for validation of the schema and the
# OpenAPI document) but build it by hand in `to_representation`: DRF's generic path costs a
# field object per value, deep copies of the declared fields per instance and attribute
# lookups through `source` chains, which was the largest part of a list page's CPU (20 ideas
# with 4 nested objects each). The hand-built dicts must stay equal to what the declared
# fields produce; tests/ideas pin the shapes.


def iso_datetime(value, tz=None) -> str | None:
    """What DRF's DateTimeField outputs: ISO 8601 in the current time zone, "Z" for UTC.
    Pass `tz` (the current time zone) when formatting many values: looking it up is dearer
    than the formatting."""
    if not value:
        return None
    text = value.astimezone(tz or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def person_data(user) -> dict:
    return {"id": user.pk, "display_name": user.display_name, "sector": user.sector}


# The columns idea_card_data reads (plus `hot`, the trending order's cursor): a list query
# loading only these converts a third of the values (most of them datetimes) it used to.
CARD_FIELDS = (
    "title",
    "summary",
    "challenge__title",
    "challenge__status",
    "status",
    "author__display_name",
    "author__sector",
    "sector",
    "organisation__name",
    "seeking_cocreators",
    "up_count",
    "down_count",
    "score",
    "hot",
    "comment_count",
    "created_at",
    "updated_at",
    "edited_at",
)


def idea_card_data(idea: Idea) -> dict:
    """An idea as IdeaListSerializer declares it."""
    tz = timezone.get_current_timezone()
    challenge = idea.challenge if idea.challenge_id is not None else None
    organisation = idea.organisation if idea.organisation_id is not None else None
    return {
        "id": idea.pk,
        "title": idea.title,
        "summary": idea.summary,
        "challenge": (
            None
            if challenge is None
            else {"id": challenge.pk, "title": challenge.title, "status": challenge.status}
        ),
        "topics": [{"slug": t.slug, "name": t.name} for t in idea.topics.all()],
        "status": idea.status,
        "author": person_data(idea.author),
        "sector": idea.sector,
        "organisation": (
            None if organisation is None else {"id": organisation.pk, "name": organisation.name}
        ),
        "seeking_cocreators": idea.seeking_cocreators,
        "votes": idea.tallies(mine=getattr(idea, "my_vote", None)),
        "comment_count": idea.comment_count,
        "created_at": iso_datetime(idea.created_at, tz),
        "updated_at": iso_datetime(idea.updated_at, tz),
        "edited_at": iso_datetime(idea.edited_at, tz),
    }


def status_change_data(change: IdeaStatusChange) -> dict:
    return {
        "id": change.pk,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "text": change.response,
        "html": change.response_html,
        "by": person_data(change.changed_by),
        "at": iso_datetime(change.created_at),
    }


def comment_data(comment: Comment) -> dict:
    """A comment as CommentSerializer declares it."""
    deleted = comment.deleted_at is not None
    tz = timezone.get_current_timezone()
    return {
        "id": comment.pk,
        "idea": comment.idea_id,
        "parent": comment.parent_id,
        "author": None if deleted else person_data(comment.author),
        "body": "" if deleted else comment.body,
        "html": "" if deleted else comment.body_html,
        "deleted": deleted,
        "created_at": iso_datetime(comment.created_at, tz),
        "edited_at": iso_datetime(comment.edited_at, tz),
    }


class PersonSerializer(serializers.Serializer):
    """What anyone may see of a person: never the email address."""

    class Meta:
        ref_name = "PublicPerson"

    id = serializers.IntegerField(source="pk")
    display_name = serializers.CharField()
    sector = serializers.CharField()


class TopicSerializer(serializers.Serializer):
    class Meta:
        ref_name = "IdeaTopic"

    slug = serializers.SlugField()
    name = serializers.CharField()


class OrganisationRefSerializer(serializers.Serializer):
    class Meta:
        ref_name = "IdeaOrganisation"

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ChallengeRefSerializer(serializers.Serializer):
    class Meta:
        ref_name = "IdeaChallenge"

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    status = serializers.CharField()


class TalliesSerializer(serializers.Serializer):
    """An idea's votes; `mine` is the viewer's own vote (1, -1) or null."""

    up = serializers.IntegerField()
    down = serializers.IntegerField()
    score = serializers.IntegerField()
    mine = serializers.IntegerField(allow_null=True)


class StatusChangeSerializer(serializers.ModelSerializer):
    from_status = serializers.ChoiceField(choices=Idea.Status.choices)
    to_status = serializers.ChoiceField(choices=Idea.Status.choices)
    text = serializers.CharField(source="response")
    html = serializers.CharField(source="response_html")
    by = PersonSerializer(source="changed_by")
    at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = IdeaStatusChange
        fields = ["id", "from_status", "to_status", "text", "html", "by", "at"]

    def to_representation(self, change: IdeaStatusChange) -> dict:
        return status_change_data(change)


class IdeaListSerializer(serializers.ModelSerializer):
    """A card in a list: no long texts (the list query defers them)."""

    challenge = ChallengeRefSerializer(allow_null=True)
    topics = TopicSerializer(many=True)
    author = PersonSerializer()
    organisation = OrganisationRefSerializer(allow_null=True)
    votes = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "summary",
            "challenge",
            "topics",
            "status",
            "author",
            "sector",
            "organisation",
            "seeking_cocreators",
            "votes",
            "comment_count",
            "created_at",
            "updated_at",
            "edited_at",
        ]

    @extend_schema_field(TalliesSerializer)
    def get_votes(self, idea: Idea) -> dict:
        return idea.tallies(mine=getattr(idea, "my_vote", None))

    def to_representation(self, idea: Idea) -> dict:
        return idea_card_data(idea)


class IdeaDetailSerializer(IdeaListSerializer):
    responses = StatusChangeSerializer(source="status_changes", many=True)

    class Meta(IdeaListSerializer.Meta):
        fields = [
            *IdeaListSerializer.Meta.fields[:3],
            "description",
            "description_html",
            *IdeaListSerializer.Meta.fields[3:],
            "responses",
        ]

    def to_representation(self, idea: Idea) -> dict:
        data = idea_card_data(idea)
        return {
            **{key: data[key] for key in ("id", "title", "summary")},
            "description": idea.description,
            "description_html": idea.description_html,
            **{key: data[key] for key in IdeaListSerializer.Meta.fields[3:]},
            "responses": [status_change_data(c) for c in idea.status_changes.all()],
        }


class CommentSerializer(serializers.ModelSerializer):
    """A deleted comment keeps its place in the thread but shows neither text nor author."""

    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    deleted = serializers.BooleanField(source="is_deleted")

    class Meta:
        model = Comment
        fields = ["id", "idea", "parent", "author", "body", "html", "deleted"]
        fields += ["created_at", "edited_at"]

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, comment: Comment) -> dict | None:
        return None if comment.is_deleted else PersonSerializer(comment.author).data

    def get_body(self, comment: Comment) -> str:
        return "" if comment.is_deleted else comment.body

    def get_html(self, comment: Comment) -> str:
        return "" if comment.is_deleted else comment.body_html

    def to_representation(self, comment: Comment) -> dict:
        return comment_data(comment)


class CommentThreadSerializer(CommentSerializer):
    replies = CommentSerializer(many=True)

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "replies"]

    def to_representation(self, comment: Comment) -> dict:
        data = comment_data(comment)
        data["replies"] = [comment_data(reply) for reply in comment.replies.all()]
        return data


class OfferSerializer(serializers.ModelSerializer):
    user = PersonSerializer()

    class Meta:
        model = CocreatorOffer
        fields = ["id", "idea", "user", "message", "created_at"]


# --- Input -------------------------------------------------------------------------------------


class IdeaUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=20_000, allow_blank=True, trim_whitespace=False)
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True
    )
    seeking_cocreators = serializers.BooleanField()


class IdeaCreateInputSerializer(IdeaUpdateInputSerializer):
    description = serializers.CharField(
        max_length=20_000, allow_blank=True, trim_whitespace=False, default=""
    )
    challenge = serializers.PrimaryKeyRelatedField(
        queryset=Challenge.objects.all(), allow_null=True, default=None
    )
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, default=list
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, default=None
    )
    seeking_cocreators = serializers.BooleanField(default=False)


class StatusInputSerializer(serializers.Serializer):
    # Checked by the service, so that an unknown status gets the service's message.
    status = serializers.CharField(max_length=20)
    response = serializers.CharField(
        max_length=10_000, allow_blank=True, default="", trim_whitespace=False
    )


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5_000, allow_blank=True, trim_whitespace=False)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(), allow_null=True, default=None
    )


class CommentEditInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5_000, allow_blank=True, trim_whitespace=False)


class OfferInputSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=2_000,
        allow_blank=True,
        help_text=_("How you would like to help."),
    )
