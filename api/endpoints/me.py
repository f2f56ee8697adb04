"""GET /me: who the token acts as, with their grants and permissions."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

from typing import Any

from django.http import HttpRequest
from ninja import Router

from api.auth import TokenAuth
from api.schemas import Error, MeOut
from orgs import policy
from orgs.models import OrgUnit

router = Router(tags=["me"], auth=TokenAuth(teams=True))


@router.get("/me", response={200: MeOut, 401: Error, 403: Error})
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    grants = policy.grants(user)
    codes = dict(
        OrgUnit.objects.filter(pk__in={g.unit_id for g in grants}).values_list("pk", "code")
    )
    person = user.person
    return {
        "email": user.email,
        "is_superuser": user.is_superuser,
        "person": None
        if person is None
        else {
            "uid": person.uid,
            "employee_id": person.employee_id,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "unit_code": person.unit.code,
            "language": person.language,
        },
        "grants": [
            {"role": g.role, "unit_code": codes[g.unit_id], "include_subtree": g.subtree}
            for g in grants
        ],
        "permissions": sorted(p for p in policy.PERMISSIONS if policy.can(user, p)),
    }
