"""Labels for the import's change lists, shared by the command and the upload page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.services import Change

CHANGE_LABELS = {
    "new_units": gettext_lazy("New units"),
    "moved_units": gettext_lazy("Moved units"),
    "renamed_units": gettext_lazy("Renamed units"),
    "kind_changed_units": gettext_lazy("Units with a new kind"),
    "removed_units": gettext_lazy("Removed units"),
    "new_people": gettext_lazy("New people"),
    "moved_people": gettext_lazy("People who move to another unit"),
    "changed_people": gettext_lazy("People with changed details"),
    "left_people": gettext_lazy("People who have left"),
    "returning_people": gettext_lazy("People who return"),
    "new_leaders": gettext_lazy("New leaders"),
    "ended_leaders": gettext_lazy("Leader roles that end"),
}


def change_line(name: str, change: Change) -> str:
    """One change as a line of text, e.g. for the command's output."""
    values = {
        "key": change.key,
        "name": change.name,
        "before": change.before,
        "after": change.after,
    }
    if change.before and change.after:
        return _("%(key)s %(name)s: %(before)s → %(after)s") % values
    if change.after:
        return _("%(key)s %(name)s → %(after)s") % values
    return _("%(key)s %(name)s") % values
