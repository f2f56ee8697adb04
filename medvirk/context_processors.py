from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from orgs import policy


def site(request: HttpRequest) -> dict[str, Any]:
    """Site-wide template values. `may` answers the navigation's permission questions lazily,
    so pages that do not render the navigation (e.g. the respondent pages) ask nothing.
    Permission names use _ for . in templates: `may.orgs_import`."""
    user = getattr(request, "user", None)

    def show_teams() -> bool:  # templates call it, so pages without the menu run no query
        return bool(user and policy.uses_teams(request))

    def show_reports() -> bool:
        from reports.access import reads_any_report

        return bool(user and getattr(user, "is_authenticated", False) and reads_any_report(user))

    return {
        "DEMO": settings.DEMO,
        "SHOW_TEAMS": show_teams,
        "SHOW_REPORTS": show_reports,
        "may": SimpleLazyObject(
            lambda: {name.replace(".", "_"): policy.can(user, name) for name in policy.PERMISSIONS}
        ),
    }
