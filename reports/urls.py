from django.urls import path

from reports import unit_views, views

app_name = "reports"

urlpatterns = [
    # The unit report (enhetsrapport), its PDF and the PDF archive of a subtree.
    path("", unit_views.report_list, name="list"),
    path("<uuid:uid>/unit/<str:code>/", unit_views.unit_report, name="unit"),
    path("<uuid:uid>/unit/<str:code>/pdf/", unit_views.unit_pdf, name="unit_pdf"),
    path("<uuid:uid>/unit/<str:code>/archive.zip", unit_views.unit_archive, name="unit_archive"),
    path(
        "<uuid:uid>/unit/<str:code>/release/",
        unit_views.release_to_staff,
        name="unit_release_to_staff",
    ),
    # Releasing a round's reports, and the overview report.
    path("<uuid:uid>/release/", views.release, name="release"),
    path("<uuid:uid>/release/progress/", views.release_progress, name="release_progress"),
    path("<uuid:uid>/overview/", views.overview_page, name="overview"),
    path("<uuid:uid>/overview.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("<uuid:uid>/overview.pdf", views.overview_pdf, name="overview_pdf"),
]
