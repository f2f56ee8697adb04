from django.urls import path

from meetings import evaluation_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("units/<uuid:uid>/", views.unit_meetings, name="unit"),
    path("units/<uuid:uid>/new/", views.plan, name="plan"),
    path("methods/", views.toolbox, name="toolbox"),
    path("methods/new/", views.method_edit, name="method_new"),
    path("methods/<slug:code>/", views.method, name="method"),
    path("methods/<slug:code>/edit/", views.method_edit, name="method_edit"),
    path("evaluations/", evaluation_views.overview, name="evaluations"),
    path("evaluations/list/", evaluation_views.evaluation_list, name="evaluation_list"),
    path("experience/", evaluation_views.experience, name="experience"),
    path("experience/new/", evaluation_views.experience_edit, name="experience_new"),
    path("experience/<uuid:uid>/", evaluation_views.experience_edit, name="experience_edit"),
    path(
        "experience/<uuid:uid>/remove/",
        evaluation_views.experience_remove,
        name="experience_remove",
    ),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/edit/", views.edit, name="edit"),
    path("<uuid:uid>/invite/", views.invite, name="invite"),
    path("<uuid:uid>/cancel/", views.cancel, name="cancel"),
    path("<uuid:uid>/held/", views.held, name="held"),
    path("<uuid:uid>/notes/", views.notes, name="notes"),
    path("<uuid:uid>/participants/", views.participants, name="participants"),
    path(
        "<uuid:uid>/participants/<uuid:person>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<uuid:uid>/agenda/", views.agenda, name="agenda"),
    path("<uuid:uid>/agenda/<uuid:item>/", views.agenda_item, name="agenda_item"),
    path("<uuid:uid>/agenda/<uuid:item>/move/", views.agenda_move, name="agenda_move"),
    path("<uuid:uid>/agenda/<uuid:item>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<uuid:uid>/screen/", views.screen, name="screen"),
    path("<uuid:uid>/meeting.ics", views.ics, name="ics"),
    path("<uuid:uid>/material.pdf", views.material_pdf, name="material_pdf"),
    path("<uuid:uid>/evaluation/", evaluation_views.evaluate, name="evaluate"),
    path("<uuid:uid>/feedback/close/", evaluation_views.feedback_close, name="feedback_close"),
    path("<uuid:uid>/feedback/send/", evaluation_views.feedback_send, name="feedback_send"),
]
