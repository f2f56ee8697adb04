from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("<uuid:uid>/release/", views.release, name="release"),
    path("<uuid:uid>/release/progress/", views.release_progress, name="release_progress"),
    path("<uuid:uid>/overview/", views.overview_page, name="overview"),
    path("<uuid:uid>/overview.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("<uuid:uid>/overview.pdf", views.overview_pdf, name="overview_pdf"),
]
