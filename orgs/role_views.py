"""Role management for administrators: list and filter, assign, edit, end, bulk assign."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from orgs import policy, role_services
from orgs.models import (
    OrgUnit,
    Person,
    Role,
    RoleAssignment,
    RoleAssignmentQuerySet,
    RoleSource,
)
from orgs.role_forms import (
    AssignForm,
    BulkConfirmForm,
    BulkUploadForm,
    EditForm,
    EndForm,
    PersonSearchForm,
    RoleFilterForm,
)

PAGE_SIZE = 50


def _roles_url(unit: OrgUnit) -> str:
    return f"{reverse('orgs:roles')}?{urlencode({'unit': unit.code})}"


UNIT_MATCHES = 50


def _get_assignment(request: HttpRequest, uid: Any) -> RoleAssignment:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("person", "unit"), uid=uid)
    if not policy.can(request.user, "orgs.manage_roles", assignment.unit):
        raise PermissionDenied
    return assignment


def _add_errors(form: Any, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def _filtered(data: dict[str, Any]) -> RoleAssignmentQuerySet:
    found = RoleAssignment.objects.select_related("person", "unit").order_by(
        "unit__path", "role", "person__family_name", "pk"
    )
    if not data.get("ended"):
        found = found.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
    if data.get("role"):
        found = found.filter(role=data["role"])
    if unit_text := data.get("unit", "").strip():
        units = list(OrgUnit.objects.filter(code__iexact=unit_text)[:1]) or list(
            OrgUnit.objects.search(unit_text)[:UNIT_MATCHES]
        )
        scope = Q(pk__in=[])
        for unit in units:
            scope |= Q(unit__path__startswith=unit.path) if data.get("subtree") else Q(unit=unit)
        found = found.filter(scope)
    if person_text := data.get("person", "").strip():
        found = found.filter(person__in=Person.objects.search(person_text))
    return found


@policy.requires("orgs.manage_roles")
def roles(request: HttpRequest) -> HttpResponse:
    form = RoleFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(_filtered(data), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "unit_code": data.get("unit", "").strip(),
        "today": timezone.localdate(),
    }
    return render(request, "orgs/roles.html", context)


def _people(search: PersonSearchForm, form: AssignForm) -> list[Person]:
    """The search results to choose from, always including the person already chosen."""
    people = search.results()
    chosen = form.person_obj if form.is_bound else None
    if chosen is None and not form.is_bound and form.initial.get("person"):
        chosen = Person.objects.filter(uid=form.initial["person"]).first()
    if chosen is not None and chosen not in people:
        people.insert(0, chosen)
    return people


@policy.requires("orgs.manage_roles")
def assign(request: HttpRequest) -> HttpResponse:
    search = PersonSearchForm(request.POST if request.method == "POST" else request.GET)
    if request.method == "GET" and getattr(request, "htmx", False):
        context = {"people": search.results(), "search": search, "chosen": ""}
        return render(request, "orgs/role_assign.html#person-results", context)
    if request.method == "POST":
        form = AssignForm(request.POST)
        if form.is_valid():
            try:
                assignment = role_services.assign_role(
                    actor=request.user, request=form.role_request()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s is now %(role)s in %(unit)s.")
                    % {
                        "person": assignment.person.full_name,
                        "role": assignment.get_role_display().lower(),
                        "unit": assignment.unit.code,
                    },
                )
                return redirect(_roles_url(assignment.unit))
    else:
        form = AssignForm(
            initial={"unit": request.GET.get("unit", ""), "person": request.GET.get("person")}
        )
    context = {
        "form": form,
        "search": search,
        "people": _people(search, form),
        "chosen": str(form["person"].value() or ""),
    }
    return render(request, "orgs/role_assign.html", context)


@policy.requires("orgs.manage_roles")
def edit(request: HttpRequest, uid: Any) -> HttpResponse:
    assignment = _get_assignment(request, uid)
    imported = assignment.source == RoleSource.IMPORT
    initial = {
        "include_subtree": assignment.include_subtree,
        "starts_on": assignment.starts_on,
        "ends_on": assignment.ends_on,
    }
    form = EditForm(request.POST or None, initial=initial, imported=imported)
    if request.method == "POST" and form.is_valid():
        try:
            role_services.edit_role(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The assignment was changed."))
            return redirect(_roles_url(assignment.unit))
    context = {"form": form, "assignment": assignment, "imported": imported}
    return render(request, "orgs/role_edit.html", context)


@policy.requires("orgs.manage_roles")
def end(request: HttpRequest, uid: Any) -> HttpResponse:
    assignment = _get_assignment(request, uid)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role_services.end_role(
                actor=request.user, assignment=assignment, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The assignment ends on %(date)s.")
                % {"date": form.cleaned_data["ends_on"].isoformat()},
            )
            if not policy.can(request.user, "orgs.manage_roles"):
                return redirect("home")
            return redirect(_roles_url(assignment.unit))
    context = {"form": form, "assignment": assignment}
    return render(request, "orgs/role_end.html", context)


@policy.requires("orgs.manage_roles")
def bulk(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"upload": BulkUploadForm(), "roles": Role.choices}
    if request.method == "POST" and "text" in request.POST:
        confirm = BulkConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                created = role_services.bulk_assign(actor=request.user, **confirm.cleaned_data)
            except role_services.BulkRejected as rejected:
                context["errors"] = rejected.errors
            else:
                messages.success(
                    request, _("%(count)s role assignments were made.") % {"count": len(created)}
                )
                return redirect("orgs:roles")
    elif request.method == "POST":
        upload = BulkUploadForm(request.POST, request.FILES)
        context["upload"] = upload
        if upload.is_valid():
            context |= _read_upload(upload)
    return render(request, "orgs/role_bulk.html", context)


def _read_upload(upload: BulkUploadForm) -> dict[str, Any]:
    file = upload.cleaned_data["file"]
    text, errors = role_services.decode_csv(file.read(role_services.CSV_MAX_BYTES + 1))
    if errors:
        return {"errors": errors}
    plan = role_services.read_bulk_csv(text)
    if plan.errors:
        return {"errors": plan.errors}
    confirm = BulkConfirmForm(initial={"text": text, "file_name": file.name[:255]})
    return {"plan": plan, "confirm": confirm, "file_name": file.name}
