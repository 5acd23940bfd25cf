"""Query parameters of the challenge list: validated here, applied by the selector."""

from django_filters import rest_framework as filters

from challenges.models import Challenge
from challenges.selectors import challenge_filter


class ChallengeFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Challenge.Status.choices)
    topic = filters.CharFilter(help_text="Topic slug.")
    search = filters.CharFilter(help_text="Words in the title, summary or description.")

    class Meta:
        model = Challenge
        fields: list[str] = []

    def filter_queryset(self, queryset):
        # One rule, one place: the web site narrows its lists with the same selector.
        return challenge_filter(queryset, **self.form.cleaned_data)
