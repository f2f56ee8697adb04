"""What the demo commands share about the demo organisation (`medvirk demo`)."""

from __future__ import annotations

from django.core.management.base import CommandError

from orgs.models import Role, RoleAssignment


def section_leader() -> RoleAssignment:
    """The leader role of the first section under the Department of Culture Studies (HF-02),
    where the demo's action plan and annual conversation are set."""
    leader = (
        RoleAssignment.objects.filter(
            role=Role.LEADER, unit__kind="section", unit__code__startswith="HF-02-"
        )
        .select_related("unit", "person")
        .order_by("unit__code")
        .first()
    )
    if leader is None:
        raise CommandError("The demo data has no section leader under HF-02.")
    return leader
