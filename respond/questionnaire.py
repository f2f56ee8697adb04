"""The questionnaire a respondent answers: the round's instrument plus the round's extra items
as one last section, parsed once per process (the YAML is the same for every respondent)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import yaml
from django.utils import translation
from django.utils.translation import gettext

from lib import instrument as instrument_format
from surveys.models import Instrument, SurveyRound

EXTRA_SECTION = "extra"  # the code of the section holding the round's own items
TEXT_LIMIT = 4000  # characters; the limit `Instrument.validate_answer` enforces on free text


def questionnaire_for(survey_round: SurveyRound) -> instrument_format.Instrument:
    """The parsed questionnaire of a round. Only the instrument's id and hash are needed from
    the row, so callers may defer its `source`; the YAML is read once per process."""
    instrument = survey_round.instrument
    extra = json.dumps(survey_round.extra_items or [], sort_keys=True)
    return _parse(instrument.pk, instrument.sha256, extra)


@lru_cache(maxsize=64)
def _parse(instrument_id: int, sha256: str, extra_json: str) -> instrument_format.Instrument:
    source = Instrument.objects.values_list("source", flat=True).get(pk=instrument_id)
    data: Any = yaml.load(source, Loader=instrument_format.YAML_LOADER)  # noqa: S506 (a SafeLoader)
    extra = json.loads(extra_json)
    if extra and isinstance(data, dict):
        languages = data.get("languages") or ["nb"]
        title = {}
        for language in languages:
            with translation.override(language):
                title[language] = gettext("More questions")
        data["sections"] = [
            *(data.get("sections") or []),
            {"code": EXTRA_SECTION, "title": title, "questions": extra},
        ]
    return instrument_format.from_dict(data)


def text(value: instrument_format.Text | None, language: str) -> str:
    """A text of the questionnaire in `language`, else in its first language."""
    if not value:
        return ""
    return value.get(language) or next(iter(value.values()), "")
