"""Signing up, logging in and out, and one's own profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import selectors as account_selectors
from accounts import services as account_services
from frontend import forms
from frontend.views._helpers import safe_next
from ideas import selectors as idea_selectors


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:profile")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.user_register(**form.cleaned_data)
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account has been created."))
            return redirect(safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    status = 400 if form.is_bound else 200
    return render(request, "frontend/accounts/signup.html", {"form": form}, status=status)


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
        initial={"display_name": user.display_name, "sector": user.sector, "bio": user.bio},
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
