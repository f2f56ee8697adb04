"""Reason codes of hidden cells in words, in the reader's language. The English sentences are
the same as `lib.disclosure.REASONS` (a test checks); here they are gettext messages, so the
bokmål catalogue translates them, and `%(threshold)s` is filled from the release's thresholds."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib.disclosure import REASON_THRESHOLD

REASONS: dict[str, Promise] = {
    "few_answers": _("fewer than %(threshold)s answers"),
    "sensitive": _("sensitive questions are shown only for groups of at least %(threshold)s"),
    "residual": _("hidden so that a smaller group cannot be worked out"),
    "distribution": _("too few answers to show the distribution"),
    "residual_distribution": _(
        "the distribution is hidden so that the answers of a group smaller than "
        "%(threshold)s cannot be worked out"
    ),
    "comments": _("comments are shown only for units with at least %(threshold)s respondents"),
    "breakdown_unit": _(
        "background breakdowns need at least %(threshold)s respondents in the unit"
    ),
    "breakdown_overlap": _(
        "only one background breakdown is shown for these answers, so that breakdowns cannot "
        "be combined to work out a smaller group"
    ),
    "unit_hidden": _("the unit's own result is hidden, so its breakdowns are too"),
    "rates": _("response rates are shown only where at least %(threshold)s were invited"),
    "not_comparable": _("not comparable with the previous round because the unit has moved"),
}


def reason_text(code: str, thresholds: Mapping[str, int]) -> str:
    """The sentence for a reason code in the active language ("" for no reason; an unknown
    code is shown as itself rather than hidden)."""
    if not code:
        return ""
    message = REASONS.get(code)
    if message is None:
        return code
    text = str(message)
    name = REASON_THRESHOLD.get(code)
    return text % {"threshold": thresholds.get(name, "")} if name else text


def hidden_label() -> str:
    return gettext("Hidden")
