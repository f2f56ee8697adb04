from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from medvirk import views

urlpatterns = [
    # First: the respondent pages are the busiest and need no other pattern tried.
    path("s/", include("respond.urls")),
    path("m/f/", include("meetings.feedback_urls")),  # anonymous meeting feedback: no login
    path("m/", include("live.participant_urls")),  # live-meeting phones: no login
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("org/", include("orgs.urls")),
    path("audit/", include("audit.urls")),
    path("surveys/import-responses/", include("surveys.import_urls")),
    path("surveys/", include("surveys.urls")),
    path("teams/", include("teams.urls")),
    path("reports/", include("reports.urls")),
    path("progress/", include("progress.urls")),
    path("live/", include("live.urls")),
    path("plans/", include("actions.urls")),
    path("overviews/", include("overviews.urls")),
    path("meetings/", include("meetings.urls")),
    path("committees/", include("committees.urls")),
    path("conversations/", include("conversations.urls")),
    path("api/", include("api.web_urls")),  # the token pages and the REST API at api/v1/
]

handler403 = "medvirk.views.forbidden"
handler404 = "medvirk.views.not_found"
