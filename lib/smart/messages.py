"""Messages of the SMART check: an English message id with `%(name)s` placeholders and its
parameters, rendered in English or bokmål from the catalogue `NB` (lib/ has no Django i18n;
one catalogue keeps the texts in one place)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from lib.smart.measure import Language

Param = str | int | float | date | tuple[date, ...]


@dataclass(frozen=True)
class Message:
    """A message id (English source text with `%(name)s` placeholders) and its parameters."""

    id: str
    params: tuple[tuple[str, Param], ...] = ()

    def render(self, language: Language = "en") -> str:
        return render(self, language)


def msg(message_id: str, **params: Param) -> Message:
    """A message with named parameters: `msg("Runs from %(start)s.", start=day)`."""
    return Message(message_id, tuple(params.items()))


_MONTH_NAMES: Mapping[Language, tuple[str, ...]] = {
    "nb": tuple(
        [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ]
    ),
    "en": tuple(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    ),
}


def format_date(value: date, language: Language = "en") -> str:
    """ "1. februar 2025" in bokmål, "1 February 2025" in English."""
    month = _MONTH_NAMES[language][value.month - 1]
    if language == "nb":
        return f"{value.day}. {month} {value.year}"
    return f"{value.day} {month} {value.year}"


def _format_param(value: Param, language: Language) -> str | int:
    if isinstance(value, date):
        return format_date(value, language)
    if isinstance(value, tuple):
        return ", ".join(format_date(d, language) for d in value)
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if language == "nb" else text
    return value


def render(message: Message, language: Language = "en") -> str:
    """The message in English (its id) or bokmål (from `NB`), with its parameters filled in:
    dates as "1. februar 2025" / "1 February 2025", decimals with a comma in bokmål."""
    template = NB.get(message.id, message.id) if language == "nb" else message.id
    return template % {key: _format_param(value, language) for key, value in message.params}


# --- The bokmål catalogue ----------------------------------------------------------------
# Keys are the English message ids above; a test checks that every id has a bokmål text with
# the same placeholders.

NB: Mapping[str, str] = {
    # specific
    "There is no description of what will be done.": "Det står ikke hva som skal gjøres.",
    "Describe what exactly will be done and for whom, for example “Hold a 30-minute staff "
    "meeting for everyone in the section on the first Monday of every month”.": (
        "Beskriv hva som skal gjøres og for hvem, for eksempel «Holde et allmøte på 30 "
        "minutter for alle i seksjonen første mandag i hver måned»."
    ),
    "The description only repeats the title.": "Beskrivelsen gjentar bare tittelen.",
    "Say what exactly will be done and for whom, beyond “%(title)s”.": (
        "Skriv hva som skal gjøres og for hvem, utover «%(title)s»."
    ),
    "“%(phrase)s” names a direction, not what will be done.": (
        "«%(phrase)s» sier hva dere vil, ikke hva som skal gjøres."
    ),
    "Replace “%(phrase)s” with what people will actually do, how often and for whom, for "
    "example “offer every new employee a mentor for their first six months”.": (
        "Bytt ut «%(phrase)s» med hva som faktisk skal gjøres, hvor ofte og for hvem, for "
        "eksempel «tilby alle nyansatte en fadder de første seks månedene»."
    ),
    "The description is too short (%(count)s words) to say what will be done.": (
        "Beskrivelsen er for kort (%(count)s ord) til å si hva som skal gjøres."
    ),
    "Write a full sentence: what will be done, how often or how much, and for whom.": (
        "Skriv en hel setning: hva som skal gjøres, hvor ofte eller hvor mye, og for hvem."
    ),
    "The description names no concrete action.": "Beskrivelsen nevner ingen konkret handling.",
    "Start with a verb for what will be done (introduce, hold, offer, write) and say how "
    "often or how much.": (
        "Begynn med et verb for det som skal gjøres (innføre, holde, tilby, skrive), og si "
        "hvor ofte eller hvor mye."
    ),
    "The description does not say whom the measure is for.": (
        "Beskrivelsen sier ikke hvem tiltaket er for."
    ),
    "Name the target group, for example “all staff in the section”, “PhD candidates” or "
    "“new employees”.": (
        "Si hvem tiltaket er for, for eksempel «alle ansatte i seksjonen», "
        "«ph.d.-kandidatene» eller «nyansatte»."
    ),
    "Says what will be done (“%(action)s”) and for whom (“%(group)s”).": (
        "Sier hva som skal gjøres («%(action)s») og for hvem («%(group)s»)."
    ),
    # measurable
    "The target has a date: “%(text)s”.": "Målet har en dato: «%(text)s».",
    "The target has a number: “%(text)s”.": "Målet har et tall: «%(text)s».",
    "The target is a yes/no criterion: “%(text)s”.": "Målet er et ja/nei-kriterium: «%(text)s».",
    "The target is a count compared with a baseline: “%(text)s”.": (
        "Målet er et antall sammenlignet med et utgangspunkt: «%(text)s»."
    ),
    "Has an index target for the next survey: %(code)s at %(value)s.": (
        "Har et indeksmål for neste undersøkelse: %(code)s på %(value)s."
    ),
    "The description states a measurable target: “%(text)s”.": (
        "Beskrivelsen har et målbart mål: «%(text)s»."
    ),
    "Put the target “%(text)s” in the target field so it can be followed up.": (
        "Skriv målet «%(text)s» i feltet for mål, så det kan følges opp."
    ),
    "There is no indicator, target or success criterion.": (
        "Det mangler indikator, mål eller suksesskriterium."
    ),
    "Say how you will know it worked: a number (“at least 80 %% attend”), a date, a yes/no "
    "criterion (“the routine is adopted by the section meeting”) or an index target for the "
    "next survey.": (
        "Skriv hvordan dere vil se at det virket: et tall («minst 80 %% møter»), en dato, et "
        "ja/nei-kriterium («rutinen er vedtatt i seksjonsmøtet») eller et indeksmål for neste "
        "undersøkelse."
    ),
    "The target “%(text)s” is vague (“%(phrase)s”) and has no number, date or yes/no criterion.": (
        "Målet «%(text)s» er vagt («%(phrase)s») og har verken tall, dato eller ja/nei-kriterium."
    ),
    "The indicator and target have no number, date or yes/no criterion: “%(text)s”.": (
        "Indikatoren og målet har verken tall, dato eller ja/nei-kriterium: «%(text)s»."
    ),
    "Add a number or a date to the target, for example “at least 4 of 5 in the next survey” "
    "or “done by 1 March”, or write what must be true when it is done.": (
        "Gi målet et tall eller en dato, for eksempel «minst 4 av 5 i neste undersøkelse» "
        "eller «ferdig innen 1. mars», eller skriv hva som skal være på plass når det er gjort."
    ),
    # accepted
    "Record when and where it was agreed and by whom, for example “the action meeting on 12 "
    "March, all staff in the section and the safety representative”.": (
        "Skriv når og hvor det ble enighet, og hvem som var med, for eksempel «tiltaksmøtet "
        "12. mars, alle ansatte i seksjonen og verneombudet»."
    ),
    "It is not recorded when or by whom the measure was agreed.": (
        "Det står ikke når eller av hvem tiltaket ble avtalt."
    ),
    "It is not recorded when the measure was agreed.": "Det står ikke når tiltaket ble avtalt.",
    "It is not recorded who agreed the measure.": "Det står ikke hvem som avtalte tiltaket.",
    "The agreement date %(date)s has not come yet.": "Avtaledatoen %(date)s har ikke kommet ennå.",
    "Record the agreement date after the meeting where it was agreed.": (
        "Før opp avtaledatoen etter møtet der tiltaket ble avtalt."
    ),
    "Only the person responsible, %(person)s, is recorded as agreeing.": (
        "Bare den ansvarlige, %(person)s, står oppført som enig."
    ),
    "Agree the measure with those it concerns, for example in the action meeting, and record "
    "that.": ("Avtal tiltaket med dem det gjelder, for eksempel i tiltaksmøtet, og skriv det ned."),
    "Agreed on %(date)s by %(people)s.": "Avtalt %(date)s av %(people)s.",
    # realistic
    "The resources needed are not described.": "Det står ikke hvilke ressurser som trengs.",
    "Describe the time, money and people it takes, or write that it needs nothing beyond "
    "ordinary working hours.": (
        "Beskriv tiden, pengene og folkene som trengs, eller skriv at det ikke trengs noe "
        "utover vanlig arbeidstid."
    ),
    "It is not answered whether the measure lies within the unit's own authority.": (
        "Det er ikke svart på om enheten selv kan bestemme tiltaket."
    ),
    "Answer whether the unit can decide and carry out the measure itself.": (
        "Svar på om enheten selv kan bestemme og gjennomføre tiltaket."
    ),
    "Resources are described and the unit can decide it itself.": (
        "Ressursene er beskrevet, og enheten kan bestemme det selv."
    ),
    "The measure lies outside the unit's own authority and is not marked for escalation.": (
        "Enheten kan ikke bestemme tiltaket selv, og det er ikke meldt videre oppover."
    ),
    "Mark it for escalation to the level above, or rewrite it to the part the unit can "
    "decide itself.": (
        "Meld det videre til nivået over, eller skriv det om til den delen enheten kan "
        "bestemme selv."
    ),
    "The measure lies outside the unit's own authority and is marked for escalation to the "
    "level above.": (
        "Enheten kan ikke bestemme tiltaket selv, og det er meldt videre til nivået over."
    ),
    "Follow up the decision of the level above and adjust the measure when it comes.": (
        "Følg opp avgjørelsen fra nivået over, og juster tiltaket når den kommer."
    ),
    # time-bound
    "Set a start date and a due date, and follow-up dates on the way.": (
        "Sett en startdato og en frist, og datoer for oppfølging underveis."
    ),
    "There is no start date and no due date.": "Det mangler både startdato og frist.",
    "There is no start date.": "Det mangler startdato.",
    "There is no due date.": "Det mangler frist.",
    "The due date %(due)s is not after the start date %(start)s.": (
        "Fristen %(due)s er ikke etter startdatoen %(start)s."
    ),
    "Set a due date after the start date.": "Sett en frist etter startdatoen.",
    "The due date %(due)s had already passed when the measure was agreed on %(date)s.": (
        "Fristen %(due)s var alt passert da tiltaket ble avtalt %(date)s."
    ),
    "The due date %(due)s has already passed (today is %(date)s).": (
        "Fristen %(due)s er alt passert (i dag er det %(date)s)."
    ),
    "Set a due date that lies ahead.": "Sett en frist fram i tid.",
    "The follow-up date %(date)s is before the start date %(start)s.": (
        "Oppfølgingsdatoen %(date)s er før startdatoen %(start)s."
    ),
    "The follow-up date %(date)s is more than a year after the due date %(due)s.": (
        "Oppfølgingsdatoen %(date)s er mer enn et år etter fristen %(due)s."
    ),
    "Move follow-up dates to between the start date and shortly after the due date.": (
        "Legg oppfølgingsdatoene mellom startdatoen og like etter fristen."
    ),
    "The measure runs for %(days)s days without a follow-up date.": (
        "Tiltaket varer i %(days)s dager uten noen dato for oppfølging."
    ),
    "Add at least one follow-up date on the way, for example %(date)s.": (
        "Legg inn minst én dato for oppfølging underveis, for eksempel %(date)s."
    ),
    "Runs from %(start)s to %(due)s, followed up on %(dates)s.": (
        "Varer fra %(start)s til %(due)s, med oppfølging %(dates)s."
    ),
    "Runs from %(start)s to %(due)s.": "Varer fra %(start)s til %(due)s.",
    # reading the file and the command
    "The file must contain a JSON list of measures.": "Filen må inneholde en JSON-liste med tiltak.",
    "The file is not valid JSON (line %(line)s, column %(column)s: %(error)s).": (
        "Filen er ikke gyldig JSON (linje %(line)s, kolonne %(column)s: %(error)s)."
    ),
    "Measure %(number)s is not a JSON object.": "Tiltak %(number)s er ikke et JSON-objekt.",
    "Measure %(number)s: unknown field “%(field)s” is ignored.": (
        "Tiltak %(number)s: det ukjente feltet «%(field)s» blir ikke brukt."
    ),
    "Measure %(number)s, “%(field)s”: must be text.": "Tiltak %(number)s, «%(field)s»: må være tekst.",
    "Measure %(number)s, “%(field)s”: “%(value)s” is not a date in the form YYYY-MM-DD.": (
        "Tiltak %(number)s, «%(field)s»: «%(value)s» er ikke en dato på formen ÅÅÅÅ-MM-DD."
    ),
    "Measure %(number)s, “%(field)s”: must be a list of dates.": (
        "Tiltak %(number)s, «%(field)s»: må være en liste med datoer."
    ),
    "Measure %(number)s, “%(field)s”: must be true, false or null.": (
        "Tiltak %(number)s, «%(field)s»: må være true, false eller null."
    ),
    "Measure %(number)s, “%(field)s”: must be an object with an index “code” and a numeric "
    "“value”.": (
        "Tiltak %(number)s, «%(field)s»: må være et objekt med en indeks i «code» og et tall "
        "i «value»."
    ),
    "Measure %(number)s, “%(field)s”: unknown language “%(value)s”; use “nb” or “en”.": (
        "Tiltak %(number)s, «%(field)s»: ukjent språk «%(value)s»; bruk «nb» eller «en»."
    ),
    "Cannot read %(path)s: %(error)s": "Kan ikke lese %(path)s: %(error)s",
    "Nothing was checked because of the errors above (%(count)s).": (
        "Ingenting ble sjekket på grunn av feilene over (%(count)s)."
    ),
    "Measures that fail at least one criterion: %(count)s of %(total)s.": (
        "Tiltak som ikke oppfyller alle kriteriene: %(count)s av %(total)s."
    ),
}
