from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from orgs import policy


def site(request: HttpRequest) -> dict[str, Any]:
    def show_teams() -> bool:  # templates call it, so pages without the menu run no query
        return bool(getattr(request, "user", None) and policy.uses_teams(request))

    return {"DEMO": settings.DEMO, "SHOW_TEAMS": show_teams}
