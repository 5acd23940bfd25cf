from django.urls import path

from opendata.api import OpenDataView

urlpatterns = [path("opendata/", OpenDataView.as_view(), name="api-opendata")]
