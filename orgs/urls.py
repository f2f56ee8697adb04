from django.urls import path

from orgs import import_views, role_views, views

app_name = "orgs"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("units/<uuid:uid>/", views.unit_detail, name="unit"),
    path("units/<uuid:uid>/children/", views.unit_children, name="children"),
    path("import/", import_views.upload, name="import"),
    path("import/<uuid:uid>/", import_views.batch, name="import_batch"),
    path("import/<uuid:uid>/confirm/", import_views.confirm, name="import_confirm"),
    path("roles/", role_views.roles, name="roles"),
    path("roles/assign/", role_views.assign, name="role_assign"),
    path("roles/bulk/", role_views.bulk, name="role_bulk"),
    path("roles/<uuid:uid>/edit/", role_views.edit, name="role_edit"),
    path("roles/<uuid:uid>/end/", role_views.end, name="role_end"),
]
