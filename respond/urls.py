from django.urls import path

from respond import views

app_name = "respond"

urlpatterns = [
    path("<str:token>/", views.start, name="start"),
]
