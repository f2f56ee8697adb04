from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("", views.follow_up, name="follow_up"),
    path("unit/<uuid:uid>/", views.unit_plans, name="unit"),
    path("unit/<uuid:uid>/roll-up/", views.rollup_page, name="rollup"),
    path("<uuid:uid>/", views.plan_detail, name="plan"),
    path("<uuid:uid>/focus/new/", views.focus_form, name="focus_new"),
    path("<uuid:uid>/focus/<uuid:area>/", views.focus_form, name="focus_edit"),
    path("<uuid:uid>/focus/<uuid:area>/move/", views.focus_move, name="focus_move"),
    path("<uuid:uid>/focus/<uuid:area>/remove/", views.focus_remove, name="focus_remove"),
    path("<uuid:uid>/measures/new/", views.measure_new, name="measure_new"),
    path("<uuid:uid>/check/", views.smart_check, name="check"),
    path("<uuid:uid>/agree/", views.agree, name="agree"),
    path("<uuid:uid>/cosign/", views.cosign, name="cosign"),
    path("<uuid:uid>/history/", views.history, name="history"),
    path("<uuid:uid>/history/<int:number>/", views.version, name="version"),
    path("<uuid:uid>/export.<str:fmt>", views.export, name="export"),
    path("measures/<uuid:uid>/", views.measure_detail, name="measure"),
    path("measures/<uuid:uid>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<uuid:uid>/remove/", views.measure_remove, name="measure_remove"),
    path("measures/<uuid:uid>/move/", views.measure_move, name="measure_move"),
]
