"""factory_boy factories. They write rows directly (fast); tests of rules go through services."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import CITY_STAFF_GROUP, Membership, Organisation, Sector, User
from challenges.models import Challenge
from core.markup import render_comment, render_markdown
from ideas.models import Comment, Idea, hot_score
from votes.models import Vote


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    sector = Sector.CITIZEN
    # Confirmed, as almost every test needs; a test of the unconfirmed passes None.
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class StaffFactory(UserFactory):
    sector = Sector.ADMINISTRATION
    display_name = factory.Sequence(lambda n: f"Staff {n}")

    @factory.post_generation
    def city_staff(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.groups.add(Group.objects.get(name=CITY_STAFF_GROUP))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.COMPANY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"Challenge {n}")
    summary = "How can we make Bielefeld greener?"
    description = "We are looking for **ideas**."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    status = Challenge.Status.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    created_by = factory.SubFactory(StaffFactory)


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idea {n}")
    summary = "Plant more trees along the Jahnplatz."
    description = "Trees give *shade*."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    challenge = factory.SubFactory(ChallengeFactory)
    author = factory.SubFactory(UserFactory)
    sector = factory.LazyAttribute(lambda o: o.author.sector)
    created_at = factory.LazyFunction(timezone.now)
    # Pass up_count/down_count along with a non-zero score: the database checks they agree.
    score = 0
    hot = factory.LazyAttribute(lambda o: hot_score(o.score, o.created_at))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "Great idea!"
    body_html = factory.LazyAttribute(lambda o: render_comment(o.body))


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)
    value = 1


class EventFactory(factory.django.DjangoModelFactory):
    """An event row as it stands (tests of the rules create events through the service)."""

    class Meta:
        model = "gatherings.Event"

    title = factory.Sequence(lambda n: f"Meet-up {n}")
    description = "Open Innovation Office meet-up."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 20
    organiser = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(StaffFactory)
