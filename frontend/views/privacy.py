"""One's own data: download it (GDPR Art. 15/20) and delete the account (Art. 17)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend import forms, privacy_forms
from privacy import services as privacy_services


@login_required
@require_GET
@never_cache
def privacy_data(request: HttpRequest) -> HttpResponse:
    exports = privacy_services.exports_of_session(
        user=request.user, session_key=request.session.session_key
    )
    return render(request, "frontend/privacy/data.html", {"exports": exports})


@login_required
@require_POST
def privacy_export(request: HttpRequest) -> HttpResponse:
    privacy_services.export_request(user=request.user, session_key=request.session.session_key)
    messages.success(request, _("Your data is being prepared. We will mail you when it is ready."))
    return redirect("frontend:privacy_data")


@login_required
@require_GET
@never_cache
def privacy_export_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        path, export = privacy_services.export_file(
            user=request.user, token=token, session_key=request.session.session_key
        )
    except privacy_services.ExportUnavailable:
        raise Http404(_("This download has expired or is not yours.")) from None
    name = f"meine-daten-{export.created_at:%Y-%m-%d}.zip"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = privacy_forms.AccountDeleteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            keep = form.cleaned_data["contributions"] == form.KEEP
            try:
                privacy_services.account_delete(
                    user=request.user,
                    password=form.cleaned_data["password"],
                    keep_contributions=keep,
                )
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                logout(request)
                messages.success(request, _("Your account has been deleted."))
                return redirect("frontend:home")
    return render(request, "frontend/privacy/delete.html", {"form": form}, status=status)
