"""Forms of the legal and privacy pages: they parse; the rules live in privacy.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import EMAIL_ERROR_MESSAGES, FIELD_ERROR_MESSAGES
from privacy.services import FEEDBACK_MAX_LENGTH


class AccessibilityFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What did not work for you?"),
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**FIELD_ERROR_MESSAGES, "required": _("Please describe the barrier.")},
    )
    page = forms.CharField(
        label=_("On which page? (optional)"),
        required=False,
        max_length=500,
        error_messages=FIELD_ERROR_MESSAGES,
    )
    email = forms.EmailField(
        label=_("Your email address, if you want an answer (optional)"),
        required=False,
        error_messages=EMAIL_ERROR_MESSAGES,
    )


class AccountDeleteForm(forms.Form):
    KEEP, REMOVE = "keep", "remove"

    contributions = forms.ChoiceField(
        label=_("What should happen to your ideas, comments and offers of help?"),
        choices=[
            (KEEP, _("Keep them, shown as written by “gelöschtes Konto” (deleted account)")),
            (REMOVE, _("Remove them (ideas disappear with their comments and votes)")),
        ],
        widget=forms.RadioSelect,
        error_messages={**FIELD_ERROR_MESSAGES, "required": _("Please choose one of the options.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please enter your password.")},
    )
