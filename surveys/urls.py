from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.create, name="create"),
    path("<uuid:uid>/", views.detail, name="round"),
    path("<uuid:uid>/edit/", views.edit, name="edit"),
    path("<uuid:uid>/merge/", views.merge, name="merge"),
    path("<uuid:uid>/open/", views.open_, name="open"),
    path("<uuid:uid>/progress/", views.progress, name="progress"),
    path("<uuid:uid>/remind/", views.remind, name="remind"),
    path("<uuid:uid>/resend/", views.resend, name="resend"),
    path("<uuid:uid>/extend/", views.extend, name="extend"),
    path("<uuid:uid>/close/", views.close, name="close"),
]
