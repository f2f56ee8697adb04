"""The SMART check of an action-plan measure: specific, measurable, accepted, realistic,
time-bound. No Django imports; pure functions, deterministic and fast.

    result = check(measure, today=date(2025, 1, 20))
    result.specific.met                     # bool
    result.specific.reason.render("nb")     # why, in bokmål
    result.as_dict("en")                    # JSON-ready, all five criteria

Every criterion is judged from the structured fields (dates, agreement, resources,
authority) and from the text itself, in bokmål and English: vague verbs ("jobbe med",
"improve") without a concrete action, a description that only repeats the title, targets
without a number, date or yes/no criterion. The first rule that fails decides a criterion's
reason and suggestion: always one reason, and a suggestion whenever something should be
done. The rules and
examples are documented in docs/smart-check.md.

Reasons and suggestions are `Message`s: an English source text with `%(name)s`
placeholders (the message id, as with gettext) and its parameters. `render()` renders them
in English or bokmål from the catalogue `NB` in lib/smart/messages.py; lib/ has no Django i18n, and
one catalogue keeps the texts in one place.
"""

from __future__ import annotations

from lib.smart.jsoninput import ParsedMeasures, parse_measures, parse_measures_json
from lib.smart.measure import FIELDS, LANGUAGES, IndexTarget, Language, Measure
from lib.smart.messages import NB, Message, format_date, render
from lib.smart.rules import CRITERIA, Criterion, CriterionName, SmartResult, check
from lib.smart.text import detect_language

__all__ = [
    "CRITERIA",
    "FIELDS",
    "LANGUAGES",
    "NB",
    "Criterion",
    "CriterionName",
    "IndexTarget",
    "Language",
    "Measure",
    "Message",
    "ParsedMeasures",
    "SmartResult",
    "check",
    "detect_language",
    "format_date",
    "parse_measures",
    "parse_measures_json",
    "render",
]
