from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from orgs import policy


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO": settings.DEMO,
        # The "Surveys" menu entry: round managers and those who follow response rates.
        "can_see_rounds": policy.can(user, "surveys.view_rates"),
    }
