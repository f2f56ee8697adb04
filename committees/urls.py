from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("<uuid:uid>/", views.round_page, name="round"),
    path("<uuid:uid>/generate/", views.generate, name="generate"),
    path("report/<uuid:uid>/", views.report_page, name="report"),
    path("report/<uuid:uid>/discussed/", views.discuss, name="discuss"),
    path(
        "report/<uuid:uid>/discussed/<uuid:discussion>/correct/",
        views.correct,
        name="correct",
    ),
    path("report/<uuid:uid>/report.<str:fmt>", views.document, name="document"),
]
