from django.urls import path

from teams import contract_views, views, workshop_views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("new/", views.create, name="create"),
    path("guide/", views.guide, name="guide"),
    path("guide.pdf", views.guide_pdf, name="guide_pdf"),
    path("link/<str:token>/", views.link, name="link"),
    path("<uuid:uid>/", views.team_detail, name="detail"),
    path("<uuid:uid>/members/add/", views.member_add, name="member_add"),
    path("<uuid:uid>/members/<uuid:member>/link/", views.member_link, name="member_link"),
    path("<uuid:uid>/members/<uuid:member>/remove/", views.member_remove, name="member_remove"),
    path("<uuid:uid>/facilitator/", views.facilitator, name="facilitator"),
    path("<uuid:uid>/prepare/", views.prepare, name="prepare"),
    path("<uuid:uid>/rhythm/", views.rhythm, name="rhythm"),
    path("<uuid:uid>/sessions/new/", views.session_new, name="session_new"),
    path("<uuid:uid>/sessions/<uuid:session>/edit/", views.session_edit, name="session_edit"),
    path("<uuid:uid>/sessions/<uuid:session>/cancel/", views.session_cancel, name="session_cancel"),
    path("<uuid:uid>/sessions/<uuid:session>.ics", views.session_ics, name="session_ics"),
    path("<uuid:uid>/sessions/<uuid:session>/", workshop_views.phone, name="session"),
    path("<uuid:uid>/sessions/<uuid:session>/screen/", workshop_views.screen, name="screen"),
    path("<uuid:uid>/sessions/<uuid:session>/control/", workshop_views.control, name="control"),
    path("<uuid:uid>/sessions/<uuid:session>/note/", workshop_views.note, name="note"),
    path("<uuid:uid>/sessions/<uuid:session>/merge/", workshop_views.merge, name="merge"),
    path("<uuid:uid>/contract/", contract_views.contract, name="contract"),
    path("<uuid:uid>/contract/v<int:version>/", contract_views.contract, name="contract_version"),
    path("<uuid:uid>/contract/edit/", contract_views.contract_edit, name="contract_edit"),
    path("<uuid:uid>/contract/confirm/", contract_views.contract_confirm, name="contract_confirm"),
    path(
        "<uuid:uid>/contract/v<int:version>.pdf", contract_views.contract_pdf, name="contract_pdf"
    ),
    path("<uuid:uid>/pulse/", contract_views.pulse, name="pulse"),
    path("<uuid:uid>/dynamics/", contract_views.dynamics, name="dynamics"),
]
