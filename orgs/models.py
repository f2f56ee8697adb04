"""Org units (a dated tree with a materialized path), people, memberships and role assignments."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class UnitKind(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    FACULTY = "faculty", _("Faculty")
    UNIT = "unit", _("Unit")
    DEPARTMENT = "department", _("Department")
    CENTRE = "centre", _("Centre")
    SECTION = "section", _("Section")
    GROUP = "group", _("Group")


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def current(self) -> OrgUnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def subtree_of(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def create_unit(
        self,
        *,
        code: str,
        name_nb: str,
        name_en: str = "",
        kind: str,
        parent: OrgUnit | None = None,
        valid_from: dt.date | None = None,
    ) -> OrgUnit:
        """Create one unit with its path (two writes: the path contains the new id)."""
        unit = self.create(
            code=code,
            name_nb=name_nb,
            name_en=name_en or name_nb,
            kind=kind,
            parent=parent,
            valid_from=valid_from or timezone.localdate(),
            path="",
        )
        unit.compute_path()
        unit.save(update_fields=["path", "depth"])
        return unit

    def search(self, text: str) -> OrgUnitQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(code__icontains=text) | Q(name_nb__icontains=text) | Q(name_en__icontains=text)
        )


class OrgUnit(models.Model):
    """A unit of the organisation. Removed units keep their row with `valid_to` set, so
    survey rounds and audit entries that point at them stay meaningful."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=64)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # "/<id>/<id>/…/" from the root: a subtree is a prefix match on both databases.
    path = models.CharField(max_length=1024, db_index=False, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"), default=dt.date.today)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            # Codes are unique among current units; a removed unit's code may be reused later.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="orgunit_current_code_unique",
            ),
        ]
        indexes = [
            # Subtree queries: path LIKE 'prefix%'. varchar_pattern_ops lets PostgreSQL use the
            # index whatever the database collation; SQLite uses the plain index below.
            models.Index(
                fields=["path"], name="orgunit_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["path"], name="orgunit_path"),
            models.Index(fields=["code"], name="orgunit_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return (
            self.name_en
            if (get_language() or "nb").startswith("en") and self.name_en
            else self.name_nb
        )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def ancestor_ids(self) -> list[int]:
        return [
            int(part) for part in self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part
        ][:-1]

    def ancestors(self) -> OrgUnitQuerySet:
        return OrgUnit.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def subtree(self) -> OrgUnitQuerySet:
        return OrgUnit.objects.filter(path__startswith=self.path)

    def is_in_subtree_of(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)

    def compute_path(self) -> None:
        """Set path and depth from the parent; the unit must already have a primary key."""
        if self.parent is None:
            self.path, self.depth = f"{PATH_SEPARATOR}{self.pk}{PATH_SEPARATOR}", 0
        else:
            self.path = f"{self.parent.path}{self.pk}{PATH_SEPARATOR}"
            self.depth = self.parent.depth + 1


class UnitVersion(models.Model):
    """The history of a unit: what it was called, its kind and parent between two dates."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    code = models.CharField(max_length=64)
    parent_code = models.CharField(max_length=64, blank=True)
    name_nb = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit", "valid_from"]
        indexes = [models.Index(fields=["unit", "valid_from"], name="unitversion_unit_from")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_nb} ({self.valid_from}–{self.valid_to or ''})"


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(left_on__isnull=True)

    def in_subtree(self, unit: OrgUnit) -> PersonQuerySet:
        return self.filter(unit__path__startswith=unit.path)

    def search(self, text: str) -> PersonQuerySet:
        query = Q()
        for word in text.split():
            query &= (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
                | Q(employee_id__iexact=word)
            )
        return self.filter(query)


class Person(models.Model):
    """An employee as the HR system knows them. Background fields are optional and used only
    for the aggregate breakdowns DESIGN §3 allows."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee_id = models.CharField(_("employee id"), max_length=64, unique=True)
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    email = models.EmailField(_("e-mail"), unique=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="people", verbose_name=_("primary unit")
    )
    position_group = models.CharField(_("position group"), max_length=64, blank=True)
    age_group = models.CharField(_("age group"), max_length=32, blank=True)
    gender = models.CharField(_("gender"), max_length=32, blank=True)
    employment = models.CharField(_("employment"), max_length=32, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # The language of the e-mails Medvirk sends the person and of the pages after they log
    # in; empty when not known (e-mails then come as before: see orgs/languages.py). Set by the
    # HR file's optional `language` column until the person chooses on their account page.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    language_chosen = models.BooleanField(_("language chosen by the person"), default=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            # The unit page counts and lists the active people of one unit.
            models.Index(fields=["unit", "left_on"], name="person_unit_left"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Membership(models.Model):
    """A dated record of a person's primary unit; the open one mirrors `Person.unit`. A survey
    round freezes memberships at opening, so later moves never rewrite an earlier round."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField(default=dt.date.today)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="membership_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.unit_id} ({self.valid_from}–{self.valid_to or ''})"


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    HR_PARTNER = "hr_partner", _("HR partner")
    LEADER = "leader", _("Leader")
    TOP_MANAGEMENT = "top_management", _("Top management")
    SAFETY_REP = "safety_rep", _("Safety representative")
    UNION_REP = "union_rep", _("Union representative")
    FACILITATOR = "facilitator", _("Process facilitator")


class RoleSource(models.TextChoices):
    MANUAL = "manual", _("assigned by hand")
    IMPORT = "import", _("from the people import")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: dt.date | None = None) -> RoleAssignmentQuerySet:
        day = on or timezone.localdate()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        )


class RoleAssignment(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="role_assignments")
    include_subtree = models.BooleanField(_("includes sub-units"), default=False)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    source = models.CharField(max_length=16, choices=RoleSource.choices, default=RoleSource.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "role"]
        indexes = [
            # The policy module loads one person's assignments on every request.
            models.Index(fields=["person", "role"], name="roleassignment_person_role"),
            # The unit page lists who holds which role in a unit.
            models.Index(fields=["unit", "role"], name="roleassignment_unit_role"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="roleassignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.unit.code}"

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or self.ends_on >= day
        )


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    APPLIED = "applied", _("applied")
    DISCARDED = "discarded", _("discarded")


class ImportBatch(models.Model):
    """Uploaded import files kept between the preview and the confirmation, so the confirmed
    import is exactly what was previewed."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    units_name = models.CharField(max_length=255)
    units_data = models.BinaryField()
    people_name = models.CharField(max_length=255, blank=True)
    people_data = models.BinaryField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    # The organisation as the preview saw it; confirming refuses if it has changed since.
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    summary = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.units_name} {self.people_name} ({self.status})"
