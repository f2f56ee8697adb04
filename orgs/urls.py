from django.urls import path

from orgs import import_views, role_views, views

app_name = "orgs"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("units/<uuid:uid>/", views.unit_detail, name="unit"),
    path("units/<uuid:uid>/children/", views.unit_children, name="children"),
    path("import/", import_views.upload, name="import"),
    path("roles/", role_views.roles, name="roles"),
]
