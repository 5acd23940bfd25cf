"""Signing up, logging in and out, and one's own profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts import selectors as account_selectors
from accounts import services as account_services
from frontend import account_forms, forms
from frontend.views._helpers import safe_next
from ideas import selectors as idea_selectors
from privacy import services as privacy_services


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or ""


def _throttled_text(exc: account_services.RequestThrottled) -> str:
    minutes = max(1, -(-exc.wait // 60))
    return ngettext(
        "Too many requests for this address. Please try again in %(minutes)d minute.",
        "Too many requests for this address. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _mail_request(request: HttpRequest, form, call, **kwargs) -> int:
    """Run a service that mails someone with what the form parsed. Returns 0 when it went
    through, else the status of the form shown again: 400 (its errors) or 429 (throttled)."""
    if not form.is_valid():
        return 400
    try:
        call(address=_client_address(request), **kwargs)
    except ValidationError as exc:
        forms.apply_service_errors(form, exc)
        return 400
    except account_services.RequestThrottled as exc:
        form.add_error(None, _throttled_text(exc))
        return 429
    return 0


def _without_honeypot(cleaned: dict) -> dict:
    return {key: value for key, value in cleaned.items() if key != "website"}


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:profile")
    form = forms.SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _mail_request(
            request,
            form,
            account_services.user_sign_up,
            **_without_honeypot(form.cleaned_data) if form.is_valid() else {},
            language=translation.get_language(),
        )
        if not status:
            # The same answer whether or not the address had an account.
            return redirect("frontend:signup_sent")
    return render(request, "frontend/accounts/signup.html", {"form": form}, status=status)


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/accounts/mail_sent.html",
        {"kind": "signup", "form": account_forms.EmailForm()},
    )


@require_http_methods(["GET", "POST"])
def email_confirm_resend(request: HttpRequest) -> HttpResponse:
    """ "Send the link again": signed-in people for their own address (the button of the
    banner), anyone else for the address they type."""
    data = request.POST or None
    if request.method == "POST" and request.user.is_authenticated:
        data = {"email": request.user.email}
    form = account_forms.EmailForm(data)
    status = 200
    if request.method == "POST":
        status = _mail_request(
            request, form, account_services.email_confirmation_resend, **_email_of(form)
        )
        if not status:
            messages.success(
                request, _("If this address waits for confirmation, a new link is on its way.")
            )
            if request.user.is_authenticated:
                return redirect(safe_next(request, reverse("frontend:profile")))
            return redirect("frontend:signup_sent")
    return render(request, "frontend/accounts/email_resend.html", {"form": form}, status=status)


def _email_of(form) -> dict:
    return {"email": form.cleaned_data["email"]} if form.is_valid() else {}


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/accounts/link_invalid.html", status=400)


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link shows a button: mail scanners that open links must not confirm."""
    try:
        user, email = account_services.email_token_check(token=token)
    except account_services.InvalidLink:
        return _invalid_link(request)
    if request.method == "POST":
        try:
            account_services.email_confirm(token=token)
        except account_services.InvalidLink:
            return _invalid_link(request)
        messages.success(request, _("Thank you: your email address is confirmed."))
        if request.user.is_authenticated:
            return redirect("frontend:profile")
        return redirect("frontend:login")
    return render(
        request,
        "frontend/accounts/email_confirm.html",
        {"email": email, "change": email != user.email},
    )


@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    form = account_forms.EmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _mail_request(
            request, form, account_services.password_reset_request, **_email_of(form)
        )
        if not status:
            return redirect("frontend:password_forgot_sent")
    return render(request, "frontend/accounts/password_forgot.html", {"form": form}, status=status)


@require_GET
def password_forgot_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/accounts/mail_sent.html", {"kind": "reset"})


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        account_services.password_reset_user(uidb64=uidb64, token=token)
    except account_services.InvalidLink:
        return _invalid_link(request)
    form = account_forms.NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.password_reset_complete(
                uidb64=uidb64, token=token, password=form.cleaned_data["password"]
            )
        except account_services.InvalidLink:
            return _invalid_link(request)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            if request.user.is_authenticated:
                logout(request)
            messages.success(request, _("Your new password is set. Please sign in with it."))
            return redirect("frontend:login")
    status = 400 if form.is_bound else 200
    return render(request, "frontend/accounts/password_reset.html", {"form": form}, status=status)


def _rename_errors(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    return ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = account_forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.password_change(
                user=request.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["password"],
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, _rename_errors(exc, {"new_password": "password"}))
        else:
            # This session stays; every other session and API token has ended.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("frontend:profile")
    status = 400 if form.is_bound else 200
    return render(request, "frontend/accounts/password_change.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    form = account_forms.EmailChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _mail_request(
            request,
            form,
            account_services.email_change_request,
            user=request.user,
            **form.cleaned_data if form.is_valid() else {},
        )
        if not status:
            messages.success(request, _("Please open the link we have mailed to the new address."))
            return redirect("frontend:profile")
    return render(request, "frontend/accounts/email_change.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = forms.LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = account_services.user_authenticate(
                    request=request,
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            except account_services.LoginThrottled as exc:
                minutes = max(1, -(-exc.wait // 60))
                form.add_error(
                    None,
                    ngettext(
                        "Too many failed attempts. Please try again in %(minutes)d minute.",
                        "Too many failed attempts. Please try again in %(minutes)d minutes.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                status = 429
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            else:
                login(request, user)
                return redirect(safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    return render(
        request,
        "frontend/accounts/login.html",
        {"form": form, "next": safe_next(request, "")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # The session's data exports end with it (their links never work in another session).
        privacy_services.exports_end_session(session_key=request.session.session_key)
        logout(request)
        messages.success(request, _("You have been logged out."))
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "frontend/accounts/logout.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.ProfileForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "sector": user.sector,
            "bio": user.bio,
            "language": user.language,
            "listed_in_directory": user.listed_in_directory,
            "offers": user.offers,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            account_services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("frontend:profile")
    memberships = account_selectors.user_memberships(user=user)
    own_ideas = idea_selectors.ideas_of_author(author=user)
    own_comments = idea_selectors.comments_of_author(author=user)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "frontend/accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "own_ideas": own_ideas,
            "own_comments": own_comments,
        },
        status=status,
    )
