"""Forms of hackathons: the staff's settings and jury announcement, forming a team, asking to
join and submitting the result. They parse and re-display; the rules live in
ideas.gatherings.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import SiteForm
from ideas.gatherings.models import TEAM_SIZE_LIMIT


class HackathonSettingsForm(SiteForm):
    team_size_min = forms.IntegerField(
        label=_("Smallest team"), min_value=1, max_value=TEAM_SIZE_LIMIT
    )
    team_size_max = forms.IntegerField(
        label=_("Largest team"), min_value=1, max_value=TEAM_SIZE_LIMIT
    )


class JuryAnnouncementForm(SiteForm):
    statement = forms.CharField(
        label=_("What happens in the jury phase"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _idea_choices(ideas) -> list[tuple[str, str]]:
    return [(str(idea.pk), idea.title) for idea in ideas]


class TeamFormForm(SiteForm):
    """Forming a team around one of the ideas that has none yet."""

    idea = forms.ChoiceField(label=_("The idea the team works on"))
    name = forms.CharField(label=_("Team name"), max_length=80)

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self._ideas = {str(idea.pk): idea for idea in ideas}
        self.fields["idea"].choices = [("", _("Choose an idea")), *_idea_choices(ideas)]

    def clean_idea(self):
        return self._ideas[self.cleaned_data["idea"]]


class JoinRequestForm(SiteForm):
    message = forms.CharField(
        label=_("What you would bring to the team (optional)"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TeamSubmitForm(SiteForm):
    """The result: an idea of a member, or a new idea described here, and the links."""

    result_idea = forms.ChoiceField(label=_("An existing idea of your team"), required=False)
    title = forms.CharField(label=_("Or a new idea: title"), required=False, max_length=160)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea
    )
    code_url = forms.URLField(
        label=_("Link to the code"), required=False, max_length=500, assume_scheme="https"
    )
    demo_url = forms.URLField(
        label=_("Link to the demo"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self._ideas = {str(idea.pk): idea for idea in ideas}
        self.fields["result_idea"].choices = [
            ("", _("None: I describe a new idea")),
            *_idea_choices(ideas),
        ]

    def clean_result_idea(self):
        return self._ideas.get(self.cleaned_data["result_idea"])
