"""Example measures from university action plans, good and bad, in bokmål and English, each
with the exact SMART result expected: `expect` spells SMART with "-" for a failed criterion
("--ART": not specific, not measurable; accepted, realistic and time-bound)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from lib.smart import IndexTarget, Measure

TODAY = date(2025, 1, 20)

# Everything but the text is in order: agreed, resourced, within authority, dated.
COMPLETE_NB = Measure(
    agreed_at=date(2025, 1, 15),
    agreed_by="Tiltaksmøtet 15. januar: alle ansatte i seksjonen og verneombudet",
    resources="To timer i måneden for seksjonslederen; ingen utgifter",
    within_authority=True,
    start=date(2025, 2, 1),
    due=date(2025, 6, 30),
    follow_up=(date(2025, 4, 1),),
    responsible="Kari Nordmann, seksjonsleder",
)
COMPLETE_EN = replace(
    COMPLETE_NB,
    agreed_by="The action meeting on 15 January: all staff in the section and the safety rep",
    resources="Two hours a month for the head of section; no costs",
    responsible="Kari Nordmann, head of section",
)


@dataclass(frozen=True)
class Example:
    name: str
    measure: Measure
    expect: str  # "SMART" with "-" for each criterion that fails


def nb(name: str, expect: str, description: str, **fields: Any) -> Example:
    return Example(name, replace(COMPLETE_NB, description=description, **fields), expect)


def en(name: str, expect: str, description: str, **fields: Any) -> Example:
    return Example(name, replace(COMPLETE_EN, description=description, **fields), expect)


GOOD = [
    nb(
        "monthly staff meeting with the target in the description",
        "SMART",
        "Innføre et fast 30-minutters allmøte første mandag hver måned for alle ansatte i "
        "seksjonen fra 1. februar; mål: minst 80 % oppmøte",
        title="Allmøte hver måned",
    ),
    nb(
        "mentor for new employees",
        "SMART",
        "Tilby alle nyansatte en fadder fra faggruppen de første seks månedene",
        indicator="Andel nyansatte med fadder",
        target="100 % innen 1. mars",
    ),
    nb(
        "writing time for PhD candidates",
        "SMART",
        "Sette av to timer hver fredag til skriving for alle stipendiater ved instituttet",
        indicator="Antall skrivefredager holdt",
        target="Minst 15 av 20 fredager",
    ),
    nb(
        "teaching allocation routine",
        "SMART",
        "Utarbeide en skriftlig rutine for fordeling av undervisning for alle vitenskapelig "
        "ansatte",
        target="Rutinen er vedtatt i instituttrådet",
    ),
    nb(
        "appraisal interviews",
        "SMART",
        "Holde medarbeidersamtale med alle ansatte i gruppen innen utgangen av april",
        indicator="Andel ansatte som har hatt samtale",
        target="100 %",
    ),
    nb(
        "workload seminar with an index target",
        "SMART",
        "Arrangere et halvdagsseminar om arbeidsbelastning for hele seksjonen i mars",
        index_target=IndexTarget("ARBEIDSMENGDE", 3.8),
    ),
    nb(
        "engineer position, escalated",
        "SMART",
        "Ansette en ekstra ingeniør i 50 % stilling for laboratoriet ved instituttet",
        target="Stillingen er utlyst innen 1. mai",
        resources="Lønnsmidler til en halv stilling, om lag 400 000 kr i året",
        within_authority=False,
        escalate=True,
    ),
    nb(
        "weekly stand-up",
        "SMART",
        "Innføre ukentlig stand-up på 15 minutter for teamet hver mandag",
        target="Minst 40 av 45 møter holdt",
    ),
    nb(
        "conflict course for leaders",
        "SMART",
        "Kurse alle ledere i seksjonen i konflikthåndtering over to dager",
        target="Alle ledere har deltatt på kurset innen 30. juni",
    ),
    en(
        "monthly all-staff meeting",
        "SMART",
        "Hold a 30-minute all-staff meeting for everyone in the section on the first Monday "
        "of every month",
        target="At least 80% attendance",
    ),
    en(
        "mentor for new employees",
        "SMART",
        "Offer every new employee a mentor from their research group for their first six months",
        indicator="Share of new employees with a mentor",
        target="100% by 1 March",
    ),
    en(
        "writing time for PhD candidates",
        "SMART",
        "Set aside two hours every Friday for writing for all PhD candidates in the department",
        target="At least 15 of 20 Fridays held",
    ),
    en(
        "teaching allocation procedure",
        "SMART",
        "Write a procedure for allocating teaching for all academic staff in the department",
        target="The procedure is adopted by the department board",
    ),
    en(
        "on-call rota for technical staff",
        "SMART",
        "Introduce a shared on-call rota for the technical staff in the lab",
        target="The rota is in use",
    ),
    en(
        "workload workshop with an index target",
        "SMART",
        "Run a half-day workshop on workload for the whole section in March",
        index_target=IndexTarget("WORKLOAD", 3.8),
    ),
    en(
        "engineer position, escalated",
        "SMART",
        "Hire an additional engineer at 50% for the laboratory of the department",
        target="The position is advertised by 1 May",
        within_authority=False,
        escalate=True,
    ),
    en(
        "meeting minutes",
        "SMART",
        "Publish the minutes of every section meeting on the intranet for all staff within a week",
        indicator="Number of meetings with minutes published within a week",
        target="All 10 meetings",
    ),
    en(
        "count against last year",
        "SMART",
        "Introduce a quiet room booking system for the open-plan office staff",
        indicator="Number of complaints about noise",
        target="Fewer than last year",
    ),
]

BAD = [
    nb("work on communication", "--ART", "Vi skal jobbe med kommunikasjon", title="Kommunikasjon"),
    nb(
        "description repeats the title",
        "--ART",
        "Bedre trivsel",
        title="Bedre trivsel",
        target="Bedre trivsel",
    ),
    nb(
        "focus on collaboration",
        "--ART",
        "Fokusere på samarbeid mellom faggruppene",
        target="Bedre samarbeid",
    ),
    nb(
        "not agreed",
        "SM-RT",
        "Innføre ukentlig stand-up på 15 minutter for teamet hver mandag",
        target="Minst 40 av 45 møter holdt",
        agreed_at=None,
        agreed_by="",
    ),
    nb(
        "outside authority, not escalated",
        "SMA-T",
        "Bygge om kontorlandskapet til cellekontorer for alle ansatte i seksjonen",
        target="Ombyggingen er ferdig innen 1. desember",
        within_authority=False,
    ),
    nb(
        "no resources",
        "SMA-T",
        "Tilby alle nyansatte en fadder fra faggruppen de første seks månedene",
        target="100 % innen 1. mars",
        resources="",
    ),
    nb(
        "due before start",
        "SMAR-",
        "Tilby alle nyansatte en fadder fra faggruppen de første seks månedene",
        target="100 % innen 1. mars",
        start=date(2025, 3, 1),
        due=date(2025, 2, 1),
        follow_up=(),
    ),
    nb(
        "due already past when agreed",
        "SMAR-",
        "Holde medarbeidersamtale med alle ansatte i gruppen",
        target="Alle har hatt samtale",
        start=date(2024, 9, 1),
        due=date(2024, 12, 31),
        follow_up=(),
    ),
    nb(
        "strengthen the social environment",
        "--A-T",
        "Styrke det sosiale miljøet i gruppen",
        target="Flere sosiale arrangementer",
        within_authority=None,
    ),
    nb(
        "a year without follow-up",
        "SMAR-",
        "Sette av to timer hver fredag til skriving for alle stipendiater ved instituttet",
        target="Minst 30 av 45 fredager",
        due=date(2025, 12, 31),
        follow_up=(),
    ),
    nb(
        "look at the workload, agreed only by the leader",
        "-M-RT",
        "Se på arbeidsfordelingen i seksjonen",
        target="Ny arbeidsfordeling er vedtatt innen 1. mai",
        agreed_by="Kari Nordmann, seksjonsleder",
    ),
    en("work on communication", "--ART", "We will work on communication", title="Communication"),
    en(
        "description repeats the title",
        "--ART",
        "Better well-being",
        title="Better well-being",
        target="Better well-being",
    ),
    en(
        "focus on collaboration",
        "--ART",
        "Focus on collaboration between the research groups",
        target="Better collaboration",
    ),
    en(
        "not agreed",
        "SM-RT",
        "Schedule a 15-minute stand-up every Monday for the team",
        target="At least 40 of 45 held",
        agreed_at=None,
        agreed_by="",
    ),
    en(
        "outside authority, not escalated",
        "SMA-T",
        "Replace the open-plan office with single offices for all staff in the section",
        target="The rebuilding is completed by 1 December",
        within_authority=False,
    ),
    en(
        "resources to be decided",
        "SMA-T",
        "Offer every new employee a mentor for their first six months",
        target="100% by 1 March",
        resources="TBD",
    ),
    en(
        "due before start",
        "SMAR-",
        "Offer every new employee a mentor for their first six months",
        target="100% by 1 March",
        start=date(2025, 3, 1),
        due=date(2025, 2, 1),
        follow_up=(),
    ),
    en(
        "agreed in the future",
        "SM-RT",
        "Offer every new employee a mentor for their first six months",
        target="100% by 1 March",
        agreed_at=date(2025, 2, 10),
    ),
    en(
        "improve the social environment",
        "--ART",
        "Improve the social environment",
        target="More social events",
    ),
    en(
        "look into the workload, authority not answered",
        "-MA-T",
        "Look into the workload of the administrative staff",
        target="A report is sent to the head of department by 1 April",
        within_authority=None,
    ),
    en(
        "follow-up before the start",
        "SMAR-",
        "Offer every new employee a mentor for their first six months",
        target="100% by 1 March",
        follow_up=(date(2025, 1, 25),),
    ),
]
