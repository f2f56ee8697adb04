from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("unit/<uuid:uid>/plan/", views.plan, name="plan"),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/edit/", views.edit, name="edit"),
    path("<uuid:uid>/held/", views.held, name="held"),
    path("<uuid:uid>/notes/<slug:section>/", views.note, name="note"),
    path("<uuid:uid>/to-plan/", views.to_plan, name="to_plan"),
    path("<uuid:uid>/print/", views.print_version, name="print"),
]
