"""Reading the text of a measure in bokmål and English: the word lists and patterns the rules
use, and language detection."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from lib.smart.measure import Language

QUOTE_LENGTH = 80


def normalize(text: str) -> str:
    """Lower case, composed æøå, straight quotes and one space between words."""
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _patterns(*sources: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{s})" for s in sources))


# Verbs that name a direction, not an action. Inflections are spelled out: a stem alone would
# also match unrelated words.
VAGUE = _patterns(
    r"\b(?:jobb|arbeid)(?:e|er|es|et|a)?\s+(?:mer\s+|videre\s+|aktivt\s+)?med\b",
    r"\bfokuser(?:e|er|es|t|te)?\s+(?:mer\s+)?på\b",
    r"\b(?:ha|har|hatt|hadde|sette|setter|satt|få|økt|mer|større)\s+(?:mer\s+|økt\s+)?fokus\s+på\b",
    r"\b(?:bli|blir|ble|blitt)\s+(?:mye\s+|litt\s+)?bedre\s+(?:på|til|i)\b",
    r"\bstyrk(?:e|er|es|et|ing|ingen)\b",
    r"\bforbedr(?:e|er|es|et|ing|ingen|inger)\b",
    r"\b(?:se|ser|sett)\s+(?:nærmere\s+|mer\s+)?på\b",
    r"\bvurder(?:e|er|es|t)\b",
    r"\blegg(?:e|er|es)?\s+(?:bedre\s+)?til\s+rette\s+for\b",
    r"\bbidr(?:a|ar|o|att)\s+til\b",
    r"\bfremm(?:e|er|es)\b",
    r"\bsats(?:e|er|es)\s+(?:mer\s+)?på\b",
    r"\bøk(?:e|er)\s+bevissthet(?:en)?\b",
    r"\bimprov(?:e|es|ed|ing|ement|ements)\b",
    r"\bfocus(?:es|ed|sed|ing|sing)?\s+(?:more\s+)?on\b",
    r"\bwork(?:s|ed|ing)?\s+(?:more\s+|harder\s+|actively\s+)?(?:on|towards?)\b",
    r"\bstrengthen(?:s|ed|ing)?\b",
    r"\blook(?:s|ed|ing)?\s+(?:closer\s+)?into\b",
    r"\bconsider(?:s|ed|ing)?\b",
    r"\b(?:be|get|become|becoming|getting|are|is)\s+(?:much\s+)?better\s+at\b",
    r"\bpromot(?:e|es|ed|ing)\b",
    r"\bencourag(?:e|es|ed|ing)\b",
    r"\braise\s+awareness\b",
    r"\bcontribute\s+to\b",
    r"\benhanc(?:e|es|ed|ing)\b",
)

VAGUE_SPAN = re.compile(rf"(?:{VAGUE.pattern})(?:\s+(?:å|to|at))?\s+\w+")

# Verbs for something one can see being done.
ACTIONS = _patterns(
    r"\b(?:innfør|gjennomfør|kjøp|send|innkall|bestill)(?:e|er|es|te|t)\b",
    r"\b(?:arranger|etabler|publiser|installer|inviter|revider|oppdater|definer|presenter)"
    r"(?:e|er|es|te|t)\b",
    r"\b(?:informer|avklar|dokumenter|omdisponer)(?:e|er|es|te|t)\b",
    r"\b(?:hold|avhold)(?:e|er|es|t)\b",
    r"\b(?:utarbeid|opprett|start|flytt|bytt|endr)(?:e|er|es|et)\b",
    r"\b(?:lag|skriv|tilsett|ansett|bygg)(?:e|er|es)\b",
    r"\bsett(?:e|er|es)?\s+(?:av|opp)\b",
    r"\btilby(?:r|s)?\b|\btilbud\b",
    r"\b(?:gi|gir|gis|ga|gitt)\b",
    r"\blær(?:e|er)\s+opp\b|\bopplæring\w*|\bkurs(?:e|er|es)\b",
    r"\bta(?:r|s)?\s+i\s+bruk\b",
    r"\bgjennomgå(?:r|s|tt)?\b",
    r"\b(?:del)(?:e|er|es|te)\b",
    r"\bintroduc(?:e|es|ed|ing)\b",
    r"\b(?:hold|holds|holding|held|run|runs|running|ran)\b",
    r"\b(?:arrang|organi[sz]|schedul|purchas|updat|reserv|replac|provid|shar)(?:e|es|ed|ing)\b",
    r"\b(?:set|sets|setting)\s+(?:up|aside)\b",
    r"\b(?:establish|publish|draft|offer|hire|recruit|install|invit|train|allocat|revis|launch)"
    r"(?:e|es|ed|ing|s)?\b",
    r"\b(?:appoint|assign|book|document|present|adopt|start|creat)(?:e|s|ed|ing)?\b",
    r"\b(?:write|writes|wrote|written|writing|send|sends|sent|sending|buy|buys|bought)\b",
    r"\b(?:give|gives|gave|given|giving|move|moves|moved|moving)\b",
)

FREQUENCY = _patterns(
    r"\bhver(?:t|e)?\s+\w+",
    r"\bannenhver\b",
    r"\b(?:ukentlig|månedlig|daglig|årlig|halvårlig|kvartalsvis)\w*",
    r"\b(?:\d+|to|tre|fire|fem)\s+ganger\s+(?:i|per|pr\.?|hver)\s+\w+",
    r"\bevery\s+\w+",
    r"\beach\s+(?:day|week|month|term|semester|year|monday|tuesday|wednesday|thursday|friday)\b",
    r"\b(?:weekly|monthly|daily|annually|yearly|quarterly|fortnightly|biweekly)\b",
    r"\b(?:once|twice|\w+\s+times)\s+(?:a|per|each)\s+\w+",
)

_UNITS = (
    r"%|prosent\w*|percent|per\s+cent|minutt\w*|min\b|timer?\b|hours?\b|dag(?:er|en)?\b|days?\b"
    r"|uker?\b|weeks?\b|måned(?:er)?\b|months?\b|ganger?\b|times\b|kr\b|kroner\b|nok\b"
    r"|personer\b|people\b|deltaker\w*|participants?\b|plasser\b|places\b|stilling\w*"
    r"|positions?\b|møter?\b|meetings?\b"
)
QUANTITY = _patterns(
    rf"\b\d+(?:[.,]\d+)?\s*-?\s*(?:{_UNITS})",
    r"\b(?:minst|maks(?:imalt)?|høyst|under|over|at\s+least|at\s+most|no\s+more\s+than"
    r"|fewer\s+than|less\s+than|more\s+than)\s+\d+",
)

_MONTHS = (
    r"januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
    r"|january|february|march|june|july|october|december"
)
DATE = _patterns(
    r"\b\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4})?",
    r"\b\d{4}-\d{2}-\d{2}\b",
    rf"\b(?:{_MONTHS})\b",
    r"\b\d{1,2}\.?\s+may\b|\bmay\s+\d",
    r"\binnen\s+(?:jul|påske|sommer\w*|høst\w*|nyttår|utgangen\s+av\s+\w+)",
    r"\b(?:by|before)\s+(?:christmas|easter|(?:the\s+)?(?:summer|autumn)"
    r"|the\s+end\s+of\s+(?:the\s+)?\w+)",
)

_NUMBERS_EN = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|hundred|half|twice|double"
)
_NUMBERS_NB = (
    r"to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|førti|femti"
    r"|hundre|halvparten|dobbelt"
)
# "en"/"ett"/"one" are left out (articles and pronouns). Bokmål text may use English number
# words, but not the other way round: "to" and "fire" are English words too.
NUMBER_WORDS: Mapping[Language, re.Pattern[str]] = {
    "nb": re.compile(rf"\b(?:{_NUMBERS_NB}|{_NUMBERS_EN})\b"),
    "en": re.compile(rf"\b(?:{_NUMBERS_EN})\b"),
}

YES_NO = _patterns(
    r"\b(?:er|blir|ble|har\s+blitt|skal\s+være|skal\s+bli)\s+(?:\w+\s+){0,2}?"
    r"(?:vedtatt|innført|gjennomført|etablert|publisert|godkjent|implementert|avholdt|holdt"
    r"|sendt|utarbeidet|oppdatert|signert|levert|ferdigstilt|besluttet|ansatt|tilsatt|kjøpt"
    r"|installert|opprettet|revidert|tatt\s+i\s+bruk|på\s+plass|i\s+bruk|klar|ferdig)\b",
    r"\bhar\s+(?:\w+\s+)?(?:fått|hatt|deltatt|mottatt|gjennomført)\b",
    r"\bforeligger\b",
    r"\b(?:is|are|was|were|has\s+been|have\s+been|will\s+be)\s+(?:\w+\s+){0,2}?"
    r"(?:adopted|introduced|held|established|published|approved|implemented|sent|drafted"
    r"|written|updated|signed|delivered|completed|decided|hired|appointed|bought|purchased"
    r"|installed|created|set\s+up|in\s+place|in\s+use|ready|done|revised|launched)\b",
    r"\bha(?:s|ve)\s+(?:\w+\s+)?(?:had|received|attended|completed)\b",
    r"\bja\s*/\s*nei\b|\byes\s*/\s*no\b",
)

COUNT = _patterns(
    r"\b(?:antall|andel(?:en)?|number\s+of|share\s+of|proportion\s+of|percentage\s+of)\b"
)
COMPARISON = _patterns(
    r"\b(?:flere|færre|høyere|lavere|større|mindre|more|fewer|higher|lower|greater|less)\s+"
    r"(?:\w+\s+){0,3}?(?:enn|than)\b"
)

# An explicit target inside the description ("…; mål: minst 80 % oppmøte"). The clause runs
# to a full stop that ends a sentence (not "1. februar", not "ph.d.") or a semicolon.
TARGET_CLAUSE = re.compile(
    r"(?:\bmål(?:et|settingen|setting)?\b(?:\s+er\b)?|\bsuksesskriter\w*|\bindikator\w*"
    r"|\btarget\b|\bgoal\b|\bsuccess\s+criteri\w*|\bindicator\b|\bmeasured\s+by\b"
    r"|\bmåles\s+(?:ved|som|med)\b)\s*[:–-]?\s*"
    r"(?P<clause>(?:[^.;\n]|\.(?=\S)|(?<=\d)\.)+)"
)

# Who a measure is for. Stems without a word boundary at the end (Norwegian compounds:
# "nyansatte", "forskergruppen").
GROUPS = _patterns(
    r"\b\w*ansatt(?:e|es|ne)?\b|\b\w*medarbeider(?:e|ne)?\b|\bstipendiat\w*|\bph\.?\s?d\.?\w*",
    r"\bpostdok\w*|\bforsker(?:e|ne)\b|\bunderviser(?:e|ne)\b|\bleder(?:e|ne|en)\b",
    r"\bkolleg(?:a|aer|ene)\b|\bstudent(?:er|ene)?\b|\bverneombud\w*|\btillitsvalgt\w*",
    r"\b\w*seksjon(?:en|er|ene)?\b|\b\w*institutt(?:et|er|ene)?\b|\b\w*avdeling(?:en|er|ene)?\b",
    r"\benhet(?:en|er|ene)?\b|\b\w*gruppe(?:n|r|ne)?\b|\bteam(?:et|ene|s)?\b",
    r"\bfakultet(?:et|er|ene)?\b|\bkontor(?:et|er|ene)?\b|\blab(?:en|ene|oratori\w*)?\b",
    r"\b(?:alle|hele)\b(?:\s+(?!(?:skal|må|kan|vil|har|er|i|på|og|som|får|sammen)\b)\w+)?|\bteknisk\w*|\badministrativ\w*|\bvitenskapelig\w*",
    r"\bstaff\b|\bemployees?\b|\beveryone\b|\beverybody\b|\ball\b(?:\s+(?!(?:will|must|can|should|are|have|in|of|the|and)\b)\w+)?",
    r"\bcolleagues?\b|\bmembers?\b|\bresearchers?\b|\blecturers?\b|\bteachers?\b",
    r"\bdoctoral\b|\bstudents?\b|\bnewcomers?\b|\bnew\s+hires?\b|\bmanagers?\b|\bleaders?\b",
    r"\bheads?\s+of\b|\bsections?\b|\bdepartments?\b|\bunits?\b|\bgroups?\b|\bfaculty\b",
    r"\boffices?\b|\blab(?:s|oratory|oratories)?\b|\bacademic\b|\btechnical\b",
    r"\badministrative\b|\bsafety\s+representatives?\b",
)

UNDECIDED = re.compile(
    r"^(?:-+|\?+|\.+|x|tbd|tba|n/?a|ukjent|uavklart|vet\s+ikke|kommer|ikke\s+avklart"
    r"|unknown|not\s+known|to\s+be\s+decided|later|senere)$"
)

_NB_MARKERS = frozenset(
    [
        "og",
        "i",
        "på",
        "med",
        "som",
        "det",
        "er",
        "til",
        "av",
        "ikke",
        "skal",
        "vi",
        "alle",
        "hver",
        "de",
        "den",
        "fra",
        "innen",
        "om",
        "ved",
        "å",
        "en",
        "et",
        "ei",
        "vil",
        "har",
        "blir",
        "oss",
        "vår",
        "våre",
        "seg",
        "også",
        "mellom",
        "etter",
        "ansatte",
        "møte",
        "gjennom",
    ]
)
_EN_MARKERS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "with",
        "a",
        "an",
        "is",
        "are",
        "will",
        "we",
        "all",
        "every",
        "each",
        "by",
        "from",
        "staff",
        "meeting",
        "in",
        "on",
        "our",
        "be",
        "at",
        "this",
        "that",
        "it",
        "not",
        "new",
    ]
)


def detect_language(text: str) -> Language:
    """The text's language by its common words and æøå; bokmål when it cannot tell."""
    found = words(normalize(text))
    nb = sum(w in _NB_MARKERS for w in found) + 2 * sum(ch in "æøå" for w in found for ch in w)
    en = sum(w in _EN_MARKERS for w in found)
    return "en" if en > nb else "nb"


def quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rstrip() + "…"


def first(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text)
    return found.group(0).strip() if found else None


def concrete_action(text: str) -> str | None:
    """The concrete action, frequency or quantity in the text, if there is one. The word
    right after a vague phrase does not count ("bli bedre på å gi …", "work on giving …")."""
    text = VAGUE_SPAN.sub(" ", text)
    return first(ACTIONS, text) or first(FREQUENCY, text) or first(QUANTITY, text)


def measure_kind(text: str, language: Language) -> str | None:
    """What makes the text measurable: "date", "number", "yes_no" or "count"; else None."""
    if DATE.search(text):
        return "date"
    if re.search(r"\d", text) or NUMBER_WORDS[language].search(text):
        return "number"
    if YES_NO.search(text):
        return "yes_no"
    if COUNT.search(text) and COMPARISON.search(text):
        return "count"
    return None


def repeats_title(description: str, title: str) -> bool:
    stop = _NB_MARKERS | _EN_MARKERS
    content = {w for w in words(description) if w not in stop}
    return bool(title) and content <= {w for w in words(title) if w not in stop}
