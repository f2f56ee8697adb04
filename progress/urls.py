from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("<uuid:uid>/", views.plan, name="plan"),
    path("<uuid:uid>/create/", views.create, name="create"),
    path("<uuid:uid>/dashboard/", views.dashboard_page, name="dashboard"),
    path("<uuid:uid>/dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("<uuid:uid>/dashboard/remind/", views.remind, name="remind"),
    path("<uuid:uid>/task/<uuid:task>/", views.task_edit, name="task_edit"),
    path("<uuid:uid>/task/<uuid:task>/done/", views.task_done, name="task_done"),
    path("<uuid:uid>/unit/<uuid:unit>/", views.unit, name="unit"),
    path(
        "<uuid:uid>/unit/<uuid:unit>/task/<uuid:task>/done/",
        views.unit_task_done,
        name="unit_task_done",
    ),
    path("<uuid:uid>/unit/<uuid:unit>/fact-sheet/<str:kind>/", views.fact_sheet, name="fact_sheet"),
]
