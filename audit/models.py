"""Audit entries: who did what to which object, with the changed data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Readable names of the dotted action codes; an unknown code is shown as it is. The longest
# matching prefix wins, so "orgs.import.apply" reads as an import.
ACTION_LABELS: dict[str, Any] = {
    "accounts.login": _("Logged in"),
    "accounts.login_failed": _("Failed login"),
    "orgs.import": _("Organisation import"),
    "orgs.role.assign": _("Role assigned"),
    "orgs.role.edit": _("Role changed"),
    "orgs.role.end": _("Role ended"),
    "orgs.role.bulk_assign": _("Roles assigned from a CSV file"),
    "surveys.instrument.load": _("Questionnaire loaded"),
    "surveys.import_responses": _("Responses imported"),
    "teams.team.create": _("Team created"),
    "teams.member": _("Team members changed"),
    "teams.session": _("Team session"),
    "teams.contract.new_version": _("New team contract version"),
    "teams.contract.edit": _("Team contract edited"),
    "teams.contract.confirm": _("Team contract confirmed by a member"),
    "teams.contract.confirmed": _("Team contract confirmed by everybody"),
    "actions.plan.create": _("Action plan started"),
    "actions.plan.agree": _("Action plan agreed"),
    "actions.plan.cosign": _("Action plan co-signed"),
    "actions.plan.reopen": _("Agreed action plan changed (new version)"),
    "actions.focus": _("Focus areas changed"),
    "actions.measure.create": _("Measure added"),
    "actions.measure.edit": _("Measure changed"),
    "actions.measure.remove": _("Measure removed"),
    "actions.measure.progress": _("Measure progress recorded"),
    "actions.measure.remind": _("Measure reminders sent"),
    "surveys.round.create": _("Survey round created"),
    "surveys.round.edit": _("Survey round changed"),
    "surveys.round.merge": _("Small group merged (pre-flight)"),
    "surveys.round.unmerge": _("Merge undone (pre-flight)"),
    "surveys.round.open": _("Survey round opened"),
    "surveys.round.remind": _("Reminder sent"),
    "surveys.round.resend": _("Invitations sent again"),
    "surveys.round.extend": _("Survey round extended"),
    "surveys.round.close": _("Survey round closed"),
    "committees.report.generate": _("Committee report saved"),
    "committees.report.download": _("Committee report downloaded"),
    "committees.discussion.record": _("Committee discussion recorded"),
}

# Quick filters on the audit page: (action prefix, label).
ACTION_GROUPS: list[tuple[str, Any]] = [
    ("accounts.login_failed", _("Failed logins")),
    ("accounts.login", _("Logins")),
    ("orgs.import", _("Imports")),
    ("orgs.role", _("Role changes")),
    ("teams", _("Teams")),
    ("surveys.round", _("Survey rounds")),
    ("actions", _("Action plans")),
    ("committees", _("Committee reports")),
]

WARNING_ACTIONS = frozenset({"accounts.login_failed"})


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def search(self, *, action: str = "", actor: str = "", text: str = "") -> AuditEntryQuerySet:
        entries = self
        if action:
            entries = entries.filter(action__startswith=action)
        if actor:
            entries = entries.filter(actor_label__icontains=actor)
        if text:
            entries = entries.filter(object_label__icontains=text)
        return entries


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the entry stays readable after the user is deleted.
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    data = models.JSONField(_("changed data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The audit page lists newest first, optionally filtered by action prefix.
            models.Index(fields=["-created_at"], name="auditentry_created"),
            models.Index(fields=["action", "-created_at"], name="auditentry_action_created"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
        )

    @property
    def action_label(self) -> str:
        for code in sorted(ACTION_LABELS, key=len, reverse=True):
            if self.action == code or self.action.startswith(code + "."):
                return str(ACTION_LABELS[code])
        return self.action

    @property
    def is_warning(self) -> bool:
        return self.action in WARNING_ACTIONS

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field that differs, when the data holds one
        "before" and/or "after" object; empty otherwise."""
        before, after = self.data.get("before"), self.data.get("after")
        if not isinstance(before or {}, dict) or not isinstance(after or {}, dict):
            return []
        before, after = before or {}, after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The list of created objects of a bulk action (empty otherwise)."""
        after = self.data.get("after")
        return after if isinstance(after, list) else []


def acting_user(actor: Any) -> Any:
    """The user behind `actor` for a foreign key (None for the system or an anonymous actor)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def actor_name(actor: Any) -> str:
    """The name kept beside who did something, readable after the user is gone."""
    person = getattr(actor, "person", None)
    if person is not None:
        return str(person.full_name)
    return str(getattr(actor, "email", "") or actor or "system")


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    label: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. `actor` is a user (or None for the system); `action` is a dotted
    code such as "orgs.import" or "accounts.login_failed"."""
    actor_user = acting_user(actor)
    return AuditEntry.objects.create(
        actor=actor_user,
        actor_label=actor_user.email if actor_user else (str(actor) if actor else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "uid", None) or getattr(obj, "pk", ""))
        if obj is not None
        else "",
        object_label=(label or str(obj))[:300] if (obj is not None or label) else "",
        data=data or {},
    )
