from django.urls import path

from meetings import feedback_views as views

app_name = "feedback"

urlpatterns = [
    path("<str:code>/", views.give, name="give"),
]
