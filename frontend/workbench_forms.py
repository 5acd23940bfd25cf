"""Forms of the city team's workbench (inbox, jury, scoring). Rules live in the services; these
only parse what a person typed or chose."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Sector
from frontend.forms import SiteForm, _topic_choices
from ideas.evaluation import selectors
from ideas.evaluation.models import SCORE_MAX, SCORE_MIN
from ideas.models import Idea


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class InboxFilterForm(SiteForm):
    """The inbox's GET filters. Unknown values are ignored, as on every list of the site."""

    challenge = forms.ChoiceField(label=_("Challenge"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Every status")), *Idea.Status.choices]
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].choices = [("", _("All challenges"))] + [
            (str(c.pk), c.title) for c in selectors.inbox_challenges()
        ]
        self.fields["topic"].choices = _topic_choices()
        self.fields["assignee"].choices = [("", _("Anyone")), ("0", _("Nobody yet"))] + [
            (str(u.pk), u.display_name) for u in selectors.inbox_assignees()
        ]
        self.fields["department"].choices = [("", _("Every department"))] + [
            (str(d.pk), d.name) for d in selectors.inbox_departments()
        ]

    def filters(self) -> selectors.InboxFilters:
        if not self.is_bound:
            return selectors.InboxFilters()
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        return selectors.InboxFilters(
            challenge=_int_or_none(data.get("challenge")),
            topic=data.get("topic") or None,
            sector=data.get("sector") or None,
            status=data.get("status") or None,
            assignee=_int_or_none(data.get("assignee")),
            department=_int_or_none(data.get("department")),
        )


class BulkStatusForm(SiteForm):
    status = forms.ChoiceField(label=_("New status"), choices=Idea.Status.choices)
    response = forms.CharField(
        label=_("Official response"),
        max_length=10_000,
        help_text=_("Public. Every chosen idea gets this response in its history."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssignForm(SiteForm):
    assignee = forms.ChoiceField(label=_("Colleague"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args, assignees, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody"))] + [
            (str(u.pk), u.display_name) for u in assignees
        ]
        self.fields["department"].choices = [("", _("No department"))] + [
            (str(d.pk), d.name) for d in departments
        ]


class CriterionForm(SiteForm):
    name = forms.CharField(label=_("Criterion"), max_length=80)
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How much this criterion counts compared with the others."),
    )


class JurorForm(SiteForm):
    email = forms.EmailField(
        label=_("Email address of the juror"),
        help_text=_("City staff or an outside expert who has an account on the platform."),
    )
    ideas = forms.MultipleChoiceField(
        label=_("Ideas to score"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(str(i.pk), i.title) for i in ideas]


class PublishForm(SiteForm):
    ideas = forms.MultipleChoiceField(
        label=_("Selected ideas"), widget=forms.CheckboxSelectMultiple
    )
    statement = forms.CharField(
        label=_("The jury's public statement"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(str(i.pk), i.title) for i in ideas]


SCALE = [(str(v), str(v)) for v in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreForm(SiteForm):
    """A juror's scores for one idea: 1 to 5 for each criterion, and a comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields([f"c{c.pk}" for c in criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
