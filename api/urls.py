"""The REST API at /api/v1/: bearer-token authentication on every operation, one router per
resource in api/endpoints/. The token pages live in api/web_urls.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from api.auth import TokenAuth
from api.endpoints import (
    decisions,
    imports,
    me,
    meetings,
    overviews,
    people,
    plans,
    progress,
    results,
    rounds,
    teams,
    units,
)

api = NinjaAPI(
    title="Medvirk API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description="Read units, people and Start Smart teams, run organisation imports, and follow "
    "survey rounds (questionnaires, rounds, response rates), read the meetings of the cycle, the "
    "action plans, the progress plan and its dashboard, and the roll-up (overviews, decisions). "
    "Authenticate with "
    "`Authorization: Bearer <token>`; create tokens on the page /api/tokens/. A token acts as "
    "its owner and sees exactly what the owner may see.",
)

api.add_router("", units.router)
api.add_router("", people.router)
api.add_router("", me.router)
api.add_router("", imports.router)
api.add_router("", teams.router)
api.add_router("", rounds.router)
api.add_router("", results.router)
api.add_router("", plans.router)
api.add_router("", meetings.router)
api.add_router("", progress.router)
api.add_router("", overviews.router)
api.add_router("", decisions.router)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Missing, unknown, revoked or expired token."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="medvirk"'
    return response
