"""Forms of the web site: they parse and re-display input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import ActorOffer, MembershipRequest, Organisation, Sector
from challenges import selectors as challenge_selectors
from challenges.models import Challenge
from core.fields import EARLIEST, LATEST
from ideas import services as idea_services
from ideas.gatherings.models import EventKind, EventPlace
from ideas.models import IDEA_SUMMARY_VALIDATORS, IDEA_TITLE_VALIDATORS, Idea
from ideas.selectors import DEFAULT_IDEA_ORDERING, RELEVANCE, ideas_visible_by_pk
from moderation.models import Appeal, DecisionKind, Ground, ReportReason

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"

ORDERING_CHOICES = [
    ("trending", _("Trending")),
    ("new", _("Newest")),
    ("top", _("Most votes")),
    ("discussed", _("Most discussed")),
]
# Offered, and the default, only while searching.
RELEVANCE_CHOICE = (RELEVANCE, _("Relevance"))


# Django's own German field messages speak impersonally ("Bitte sicherstellen, …"), while the
# API's and ours say "du" ("Stelle sicher, …"): every form of the site takes these, so an error
# reads the same whether it comes from the site, the API or a service.
FIELD_ERROR_MESSAGES = {
    "max_length": _("Make sure this field has no more than %(limit_value)d characters."),
    "min_length": _("Make sure this field has at least %(limit_value)d characters."),
    "invalid_choice": _("Please choose one of the options."),
}
EMAIL_ERROR_MESSAGES = {"invalid": _("Please enter a valid email address.")}


class SiteForm(forms.Form):
    """A form of the site, its fields speaking with the messages above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            messages = dict(FIELD_ERROR_MESSAGES)
            if isinstance(field, forms.EmailField):
                messages.update(EMAIL_ERROR_MESSAGES)
            field.error_messages = {**field.error_messages, **messages}


class HoneypotField(forms.CharField):
    """A field people never see (hidden by CSS and from screen readers): a bot that fills in
    every field fills it in too, and the form refuses."""

    def __init__(self, **kwargs):
        super().__init__(required=False, label=_("Leave this field empty"), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value:
            raise ValidationError(_("Leave this field empty."))
        return value


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the matching fields (others above the form)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time of a challenge, from 2000 to 2099 as the API's (core.fields)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", [DATETIME_LOCAL])
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        moment = super().clean(value)
        if moment is not None and not EARLIEST <= moment < LATEST:
            raise ValidationError(_("Give a date from 2000 to 2099."), code="out_of_range")
        return moment


def _topic_choices() -> list[tuple[str, str]]:
    return [("", _("All topics"))] + [(t.slug, t.name) for t in account_selectors.topic_list()]


SEARCH_MAX_LENGTH = 100


def _search_field() -> forms.CharField:
    return forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Words in the title, summary or description."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _with_order_alias(data):
    """`ordering` is the API's other spelling of `order`: accepted here too."""
    if data is not None and "ordering" in data and "order" not in data:
        data = data.copy()
        data["order"] = data["ordering"]
    return data


class IdeaFilterForm(SiteForm):
    """The GET filters of idea lists. Unknown values are ignored, never an error page; every
    filter is a query parameter, so a search or a filtered list can be shared as a link."""

    search = _search_field()
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        # Lazy: read only where the field is shown or a challenge was chosen.
        queryset=challenge_selectors.challenge_choices(),
        required=False,
        empty_label=_("All challenges and free ideas"),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Idea.Status.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    cocreators = forms.BooleanField(label=_("Only ideas looking for co-creators"), required=False)
    order = forms.ChoiceField(label=_("Order"), required=False, choices=ORDERING_CHOICES)

    def __init__(self, data=None, *args, challenge: Challenge | None = None, **kwargs):
        super().__init__(_with_order_alias(data), *args, **kwargs)
        self.fields["topic"].choices = _topic_choices()
        self.page_challenge = challenge
        if (self.data.get("search") or "").strip():
            self.fields["order"].choices = [RELEVANCE_CHOICE, *ORDERING_CHOICES]
        if challenge is not None:
            # A challenge's page lists its own ideas only.
            del self.fields["challenge"]

    def values(self) -> dict:
        """idea_list's filters (without the challenge: see list_filters) and the order."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "topic": data.get("topic") or None,
            "status": data.get("status") or None,
            "sector": data.get("sector") or None,
            "seeking_cocreators": True if data.get("cocreators") else None,
            "search": (search := (data.get("search") or "").strip() or None),
            # A search lists the best matches first unless the visitor chose another order.
            "order": data.get("order") or (RELEVANCE if search else DEFAULT_IDEA_ORDERING),
        }

    @property
    def order_chosen(self) -> bool:
        """Whether the visitor chose the order: a new search then keeps it, otherwise a new
        search is ordered by relevance."""
        self.is_valid()
        return bool(getattr(self, "cleaned_data", {}).get("order"))

    def list_filters(self) -> dict:
        """Every filter of idea_list and the order: on a challenge's page its ideas, on the
        list of all ideas the challenge the visitor chose (or none)."""
        values = self.values()
        if self.page_challenge is not None:
            values["challenge"] = self.page_challenge.pk
        else:
            chosen = getattr(self, "cleaned_data", {}).get("challenge")
            values["challenge"] = chosen.pk if chosen is not None else None
        return values

    @property
    def has_filters(self) -> bool:
        """Whether a filter beyond the search is set: the filter panel then starts open."""
        values = self.list_filters()
        keys = ["topic", "status", "sector", "seeking_cocreators"]
        if self.page_challenge is None:
            keys.append("challenge")
        return any(values[key] for key in keys)


class ChallengeFilterForm(SiteForm):
    search = _search_field()
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[
            ("", _("All phases")),
            *[(v, label) for v, label in Challenge.Status.choices if v != "draft"],
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _topic_choices()

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "topic": data.get("topic") or None,
            "status": data.get("status") or None,
            "search": (data.get("search") or "").strip() or None,
        }


class IdeaForm(SiteForm):
    title = forms.CharField(label=_("Title"), max_length=160, validators=IDEA_TITLE_VALIDATORS)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        validators=IDEA_SUMMARY_VALIDATORS,
        help_text=_("One or two sentences: what is the idea?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        help_text=_("You can use Markdown: **bold**, *italic*, lists and links."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=challenge_selectors.challenges_taking_ideas().none(),
        required=False,
        empty_label=_("No challenge (free idea)"),
        help_text=_("Free ideas can find co-creators without answering a challenge."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=account_selectors.topic_list(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=account_selectors.city_department_list().none(),
        required=False,
        empty_label=_("Only myself"),
    )
    seeking_cocreators = forms.BooleanField(label=_("I am looking for co-creators"), required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = account_selectors.organisations_of_member(user=user)
        if editing:
            # An idea stays with the challenge it answered.
            del self.fields["challenge"]
        else:
            self.fields["challenge"].queryset = challenge_selectors.challenges_taking_ideas()


class CommentForm(SiteForm):
    website = HoneypotField()
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write a comment.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(SiteForm):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a comment.")},
    )


class SignupForm(SiteForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown with your ideas and comments."),
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=Sector.choices,
        help_text=_("Where you come from: it is shown with your ideas and grants no rights."),
    )
    accept_house_rules = forms.BooleanField(
        label=_("I accept the house rules (Netiquette)."),
        error_messages={"required": _("Please accept the house rules to take part.")},
    )
    website = HoneypotField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"

    def clean(self) -> dict:
        """Every sign-up rule in one pass: the service checks what this form parsed (and what
        it could not), and its messages go beside each field that has none yet, so a wrong
        email address no longer hides that the password is too short."""
        cleaned = super().clean()
        try:
            account_services.user_register_check(
                email=cleaned.get("email", ""),
                password=cleaned.get("password", ""),
                display_name=cleaned.get("display_name", ""),
                sector=cleaned.get("sector", ""),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


class LoginForm(SiteForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class ProfileForm(SiteForm):
    display_name = forms.CharField(label=_("Display name"), max_length=80)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    language = forms.ChoiceField(
        label=_("Language of mail"), choices=settings.LANGUAGES, required=False
    )
    listed_in_directory = forms.BooleanField(
        label=_("List me in the directory of actors"),
        required=False,
        help_text=_("Others then find you by your sector and what you offer or seek."),
    )
    offers = forms.MultipleChoiceField(
        label=_("What I offer or seek"),
        choices=ActorOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_language(self) -> str | None:
        return self.cleaned_data["language"] or None  # not sent: unchanged


class ChallengeForm(SiteForm):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        help_text=_("Markdown: headings, lists, tables and links."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=account_selectors.topic_list(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("Responsible department"),
        # Only city departments: the service refuses any other organisation.
        queryset=account_selectors.city_department_list(),
        required=False,
        empty_label=_("None"),
    )
    opens_at = BoundedDateTimeField(label=_("Accepts ideas from"))
    closes_at = BoundedDateTimeField(label=_("Accepts ideas until"))
    voting_open = forms.BooleanField(label=_("Voting open"), required=False, initial=True)
    first_contribution_reviewed = forms.BooleanField(
        label=_("Moderators approve each person's first contribution"), required=False
    )
    status = forms.ChoiceField(
        label=_("Start as"),
        choices=[
            (Challenge.Status.DRAFT, _("Draft (only city staff see it)")),
            (Challenge.Status.OPEN, _("Open for ideas")),
        ],
        initial=Challenge.Status.DRAFT,
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # Phases move with their own buttons, which show only the allowed steps.
            del self.fields["status"]


class IdeaStatusForm(SiteForm):
    status = forms.ChoiceField(label=_("New status"))
    response = forms.CharField(
        label=_("Official response"),
        required=False,
        max_length=10_000,
        help_text=_("Public. Explain the decision to the author and everyone following."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in Idea.Status.choices if idea.can_move_to(value)
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if "status" in cleaned:
            try:
                idea_services.idea_status_check_response(
                    status=cleaned["status"], response=cleaned.get("response", "")
                )
            except ValidationError as exc:
                apply_service_errors(self, exc)
        return cleaned


# --- Moderation ----------------------------------------------------------------------------------


class ReportForm(SiteForm):
    reason = forms.ChoiceField(
        label=_("Why do you report this?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    law = forms.CharField(
        label=_("Which law does it break? (for illegal content)"), max_length=200, required=False
    )
    email = forms.EmailField(
        label=_("Your email address (only without an account: for our answer)"), required=False
    )
    website = HoneypotField()


class DecisionForm(SiteForm):
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    reason = forms.CharField(
        label=_("Reason (the author reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ground = forms.ChoiceField(label=_("Ground"), choices=Ground.choices)
    law = forms.CharField(label=_("Law (if the ground is a law)"), max_length=200, required=False)
    block_days = forms.IntegerField(
        label=_("Block for how many days (empty: permanently)"),
        min_value=1,
        max_value=3650,
        required=False,
    )


class AppealForm(SiteForm):
    text = forms.CharField(
        label=_("Why is the decision wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AppealDecisionForm(SiteForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Appeal.Outcome.choices)
    reason = forms.CharField(
        label=_("Reason (the author and the reporters read it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EventForm(SiteForm):
    """Announcing an event (issue 17). `organisers` are those the person may organise for; the
    service checks the rules (order of times, start in the future, the link of an online one)."""

    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = BoundedDateTimeField(label=_("Starts"), required=True)
    ends_at = BoundedDateTimeField(label=_("Ends"), required=True)
    place = forms.ChoiceField(label=_("Place"), choices=EventPlace.choices)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100_000)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=None)

    def __init__(self, *args, organisers, topics, **kwargs):
        super().__init__(*args, **kwargs)
        if organisers is None:  # an announced event keeps its organiser
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers
        self.fields["topics"].queryset = topics


class EventEditForm(EventForm):
    """Changing an announced event (its organiser stays). Once it has begun, only what came out
    of it is written: its results and the ideas that came out of it (by their numbers)."""

    results = forms.CharField(
        label=_("Results"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea,
        help_text=_("What came out of the event: a summary for everyone who could not come."),
    )
    idea_numbers = forms.CharField(
        label=_("Ideas"),
        required=False,
        max_length=500,
        help_text=_("The numbers of the ideas it is about or that came out of it, e.g. 12, 57."),
    )

    def __init__(self, *args, event, topics, started: bool, **kwargs):
        super().__init__(*args, organisers=None, topics=topics, **kwargs)
        if started:
            for name in list(self.fields):
                if name not in ("results", "idea_numbers"):
                    del self.fields[name]

    def clean_idea_numbers(self) -> list[Idea]:
        text = self.cleaned_data.get("idea_numbers") or ""
        numbers: list[int] = []
        for part in text.replace(";", ",").split(","):
            part = part.strip().lstrip("#")
            if not part:
                continue
            if not part.isascii() or not part.isdigit() or len(part) > 9:
                raise forms.ValidationError(
                    _("“%(value)s” is not an idea number.") % {"value": part[:20]}
                )
            numbers.append(int(part))
        found = ideas_visible_by_pk(numbers)
        missing = [str(n) for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("There is no idea with the number %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        return [found[n] for n in dict.fromkeys(numbers)]


class OrganisationForm(SiteForm):
    """Starting a working group, or editing an organisation or group (its administrators):
    name, description, topics, how people join and what it offers in the directory. The
    service checks the rules (a unique name, who may change it)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    joining = forms.ChoiceField(
        label=_("Joining"), choices=Organisation.Joining.choices, widget=forms.RadioSelect
    )
    offers = forms.MultipleChoiceField(
        label=_("Offers or seeks"),
        choices=ActorOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown in the directory of actors."),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics

    @classmethod
    def initial_of(cls, organisation: Organisation) -> dict:
        return {
            "name": organisation.name,
            "description": organisation.description,
            "website": organisation.website,
            "topics": list(organisation.topics.all()),
            "joining": organisation.joining,
            "offers": organisation.offers,
        }


class MembershipRequestForm(SiteForm):
    message = forms.CharField(
        label=_("A few words to the administrators"),
        required=False,
        max_length=MembershipRequest.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
