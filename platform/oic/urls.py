"""Top-level URL map: the one place that wires every app's API and the web site together."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("accounts.urls")),
    path("api/", include("challenges.urls")),
    path("api/", include("ideas.urls")),
    path("api/", include("votes.urls")),
    path("", include("frontend.urls")),
]
