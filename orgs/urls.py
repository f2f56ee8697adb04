from django.urls import path

from orgs import import_views, role_views, views

app_name = "orgs"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("units/<uuid:uid>/", views.unit_detail, name="unit"),
    path("units/<uuid:uid>/children/", views.unit_children, name="children"),
    path("import/", import_views.upload, name="import"),
    path("roles/", role_views.roles, name="roles"),
    path("roles/assign/", role_views.assign, name="role_assign"),
    path("roles/bulk/", role_views.bulk, name="role_bulk"),
    path("roles/<uuid:uid>/edit/", role_views.edit, name="role_edit"),
    path("roles/<uuid:uid>/end/", role_views.end, name="role_end"),
]
