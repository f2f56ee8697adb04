from django.urls import path

from respond import views

app_name = "respond"

urlpatterns = [
    path("<str:token>/", views.start, name="start"),
    path("<str:token>/<int:number>/", views.page, name="page"),
    path("<str:token>/summary/", views.summary, name="summary"),
    path("<str:token>/thanks/", views.thanks, name="thanks"),
]
