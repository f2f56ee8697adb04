from django.urls import path

from live import views

app_name = "live"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("<uuid:uid>/", views.control, name="control"),
    path("<uuid:uid>/screen/", views.screen, name="screen"),
    path("<uuid:uid>/phase/", views.phase, name="phase"),
    path("<uuid:uid>/share/", views.share, name="share"),
    path("<uuid:uid>/clusters/new/", views.cluster_new, name="cluster_new"),
    path("<uuid:uid>/clusters/<uuid:cluster>/", views.cluster_edit, name="cluster_edit"),
    path("<uuid:uid>/move/", views.move, name="move"),
    path("<uuid:uid>/hide/", views.hide, name="hide"),
    path("<uuid:uid>/results/", views.results, name="results"),
    path("<uuid:uid>/results/focus-areas/", views.to_focus_areas, name="to_focus_areas"),
]
