"""The upload page for responses collected elsewhere (mounted at /surveys/import-responses/)."""

from django.urls import path

from surveys import import_views

app_name = "surveys_import"

urlpatterns = [
    path("", import_views.upload, name="upload"),
    path("<uuid:uid>/", import_views.batch, name="batch"),
    path("<uuid:uid>/confirm/", import_views.confirm, name="confirm"),
]
