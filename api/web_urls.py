"""Everything under /api/: the token pages, and the REST API itself under v1/. They share the
"api" namespace, which django-ninja uses (urls_namespace) to find its schema for the docs."""

from django.urls import include, path

from api import views
from api.urls import api

app_name = "api"

ninja_patterns, _ninja_app, _ninja_namespace = api.urls

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:uid>/revoke/", views.revoke, name="revoke_token"),
    path("v1/", include(ninja_patterns)),
]
