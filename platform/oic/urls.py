"""Top-level URL map: the one place that wires every app's API and the web site together."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its init script from /api/docs/?script= (no inline code), and the
    # template has no inline style: the docs work under the site's strict CSP.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="frontend/api_docs.html"
        ),
        name="api-docs",
    ),
    path("api/", include("accounts.urls")),
    path("api/", include("challenges.urls")),
    path("api/", include("ideas.urls")),
    path("api/", include("votes.urls")),
    path("api/", include("opendata.urls")),
    path("", include("ops.urls")),
    path("api/", include("ideas.evaluation.urls")),
    path("api/", include("notifications.urls")),
    path("api/", include("moderation.urls")),
    path("api/", include("ideas.gatherings.urls")),
    path("", include("frontend.urls")),
]

handler400 = "core.http_errors.bad_request"
handler404 = "core.http_errors.page_not_found"
handler500 = "core.http_errors.server_error"
