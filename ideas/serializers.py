"""JSON shapes of ideas, official responses, comments and offers: input and output kept apart."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation, Topic
from accounts.serializers import OrganisationRefSerializer, PersonSerializer, TopicRefSerializer
from challenges.models import Challenge
from challenges.serializers import ChallengeRefSerializer
from core.fields import SlugRefField
from ideas import output
from ideas.models import (
    IDEA_SUMMARY_VALIDATORS,
    IDEA_TITLE_VALIDATORS,
    CocreatorOffer,
    Comment,
    Idea,
    IdeaStatusChange,
)

# --- Output ------------------------------------------------------------------------------------
#
# The output serializers below declare the JSON shape (for validation of the schema and the
# OpenAPI document) but their output is built by hand in ideas/output.py, the one definition
# the event payloads use too: DRF's generic path costs a field object per value, deep copies
# of the declared fields per instance and attribute lookups through `source` chains, which was
# the largest part of a list page's CPU (20 ideas with 4 nested objects each). The hand-built
# dicts must stay equal to what the declared fields produce; tests/ideas pin the shapes.


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
        return output.status_change(change)


class IdeaListSerializer(serializers.ModelSerializer):
    """A card in a list: no long texts (the list query defers them)."""

    challenge = ChallengeRefSerializer(allow_null=True)
    topics = TopicRefSerializer(many=True)
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
        return output.tallies(idea, mine=getattr(idea, "my_vote", None))

    def to_representation(self, idea: Idea) -> dict:
        return output.idea_card(idea)


class IdeaDetailSerializer(IdeaListSerializer):
    """The card, then the long description and the official responses."""

    responses = StatusChangeSerializer(source="status_changes", many=True)

    class Meta(IdeaListSerializer.Meta):
        fields = [*IdeaListSerializer.Meta.fields, "description", "description_html", "responses"]

    def to_representation(self, idea: Idea) -> dict:
        return output.idea_detail(idea)


class CommentSerializer(serializers.ModelSerializer):
    """A deleted comment keeps its place in the thread but shows neither text nor author."""

    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    deleted = serializers.BooleanField(source="is_deleted")
    hidden = serializers.SerializerMethodField(
        help_text="Hidden by moderation: the public reason (then no text and no author)."
    )

    class Meta:
        model = Comment
        fields = ["id", "idea", "parent", "author", "body", "html", "deleted", "hidden"]
        fields += ["created_at", "edited_at"]

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, comment: Comment) -> dict | None:
        return None if comment.is_deleted else PersonSerializer(comment.author).data

    def get_body(self, comment: Comment) -> str:
        return "" if comment.is_deleted else comment.body

    def get_html(self, comment: Comment) -> str:
        return "" if comment.is_deleted else comment.body_html

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_hidden(self, comment: Comment) -> str | None:
        return comment.hidden_reason if comment.is_hidden and not comment.is_deleted else None

    def to_representation(self, comment: Comment) -> dict:
        return output.comment_data(comment)


class CommentThreadSerializer(CommentSerializer):
    replies = CommentSerializer(many=True)

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "replies"]

    def to_representation(self, comment: Comment) -> dict:
        data = output.comment_data(comment)
        data["replies"] = [output.comment_data(reply) for reply in comment.replies.all()]
        return data


class OfferSerializer(serializers.ModelSerializer):
    user = PersonSerializer()

    class Meta:
        model = CocreatorOffer
        fields = ["id", "idea", "user", "message", "created_at"]

    def to_representation(self, offer: CocreatorOffer) -> dict:
        return output.offer_data(offer)


# --- Input -------------------------------------------------------------------------------------


class IdeaUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160, validators=IDEA_TITLE_VALIDATORS)
    summary = serializers.CharField(max_length=300, validators=IDEA_SUMMARY_VALIDATORS)
    description = serializers.CharField(max_length=20_000, allow_blank=True, trim_whitespace=False)
    topics = SlugRefField(queryset=Topic.objects.all(), many=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True
    )
    seeking_cocreators = serializers.BooleanField()


@extend_schema_field({"type": "integer", "nullable": True})
class VisibleChallengeField(serializers.PrimaryKeyRelatedField):
    """A challenge the requester may see. A draft is, to anyone else, an unknown id with the
    same 400, so that the answer does not tell whether a draft of that id exists."""

    def get_queryset(self):
        request = self.context.get("request")
        return Challenge.objects.visible_to(request.user if request is not None else None)


class IdeaCreateInputSerializer(IdeaUpdateInputSerializer):
    description = serializers.CharField(
        max_length=20_000, allow_blank=True, trim_whitespace=False, default=""
    )
    challenge = VisibleChallengeField(allow_null=True, default=None)
    topics = SlugRefField(queryset=Topic.objects.all(), many=True, default=list)
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
