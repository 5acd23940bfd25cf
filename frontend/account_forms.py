"""Forms of the account pages (confirmation, forgotten and changed passwords, changed address):
they parse and re-display input; the rules live in accounts.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import SiteForm


def _password_field(label, autocomplete: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=1000,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


NEW_PASSWORD_HELP = _("At least 8 characters, not only digits, not a common password.")


class EmailForm(SiteForm):
    """One email address: "forgot your password?" and "send the link again"."""

    email = forms.EmailField(label=_("Email address"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class NewPasswordForm(SiteForm):
    password = _password_field(_("New password"), "new-password", NEW_PASSWORD_HELP)
    password_again = _password_field(_("New password again"), "new-password")

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("password_again") is not None
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", _("The two passwords are not the same."))
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    current_password = _password_field(_("Current password"), "current-password")
    field_order = ["current_password", "password", "password_again"]


class EmailChangeForm(SiteForm):
    email = forms.EmailField(label=_("New email address"), max_length=254)
    password = _password_field(
        _("Current password"), "current-password", _("To make sure it is you.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
