from django.urls import path

from overviews import views

app_name = "overviews"

urlpatterns = [
    path("<uuid:uid>/unit/<uuid:unit>/", views.unit_page, name="unit"),
    path("<uuid:uid>/compilations/", views.compilations, name="compilations"),
    path("<uuid:uid>/institution/", views.institution_page, name="institution"),
    path(
        "<uuid:uid>/institution/<uuid:item>/",
        views.institution_decide,
        name="institution_decide",
    ),
    path("<uuid:uid>/compilation/<uuid:unit>/", views.compilation_page, name="compilation"),
    path(
        "<uuid:uid>/compilation/<uuid:unit>/start/",
        views.compilation_start,
        name="compilation_start",
    ),
    path("o/<uuid:uid>/summary/", views.save_text, name="save"),
    path("o/<uuid:uid>/themes/", views.theme_confirm, name="theme_confirm"),
    path("o/<uuid:uid>/themes/<uuid:theme>/", views.theme_edit, name="theme_edit"),
    path("o/<uuid:uid>/themes/<uuid:theme>/split/", views.theme_split, name="theme_split"),
    path("o/<uuid:uid>/themes/<uuid:theme>/remove/", views.theme_remove, name="theme_remove"),
    path("o/<uuid:uid>/escalations/<uuid:measure>/", views.escalation, name="escalation"),
    path(
        "o/<uuid:uid>/escalations/<uuid:item>/remove/",
        views.escalation_remove,
        name="escalation_remove",
    ),
    path("o/<uuid:uid>/decide/<uuid:item>/", views.decide, name="decide"),
    path("o/<uuid:uid>/versions/<int:number>/", views.version_page, name="version"),
]
