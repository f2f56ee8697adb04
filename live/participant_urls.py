from django.urls import path

from live import participant_views as views

app_name = "participate"

urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.board, name="board"),
    path("<str:code>/group/", views.group, name="group"),
    path("<str:code>/cards/<uuid:card>/", views.card, name="card"),
    path("<str:code>/vote/", views.vote, name="vote"),
]
