"""Unit reports as PDF, from the same partials, stylesheet and SVG charts as the web page.

Headless Chromium prints them (`reports.chromium`, one long-lived browser per process), or
WeasyPrint where Chromium is not installed or `MEDVIRK_PDF_RENDERER=weasyprint`.

`render_release` renders every unit's report in both languages into storage (`ReportPdf`),
with progress on the release (phase "pdf" → "done"). The renderers run in a process pool
(fork) with no database access: the parent reads the snapshots and writes the files, the
workers only turn report data into PDF bytes; each worker starts its own browser after the
fork. A PDF that fails twice is left out (logged, and listed in the release's audit data as
`pdf_failed`); its download renders it on demand."""

from __future__ import annotations

import io
import logging
import os
import re
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import get_context
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lib.instrument import Instrument
from reports import chromium, presenter
from reports.models import Release, ReportPdf, UnitReport
from respond.questionnaire import questionnaire_for

LANGUAGES = ("nb", "en")
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page otherwise
log = logging.getLogger(__name__)
Progress = Callable[[Release], None]


@dataclass(frozen=True)
class Job:
    """What a worker needs besides one unit's data (inherited through fork, or passed)."""

    instrument: Instrument
    round_name: str
    round_uid: str
    release_number: int
    released_on: Any
    thresholds: Mapping[str, int]
    has_previous: bool


def job_for(release: Release) -> Job:
    survey = release.round
    return Job(
        instrument=questionnaire_for(survey),
        round_name=survey.name,
        round_uid=str(survey.uid),
        release_number=release.number,
        released_on=release.finished_at or release.started_at,
        thresholds=release.thresholds,
        has_previous=survey.previous_round_id is not None,
    )


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    path = finders.find("css/reports.css")
    with open(str(path), encoding="utf-8") as handle:
        return handle.read()


def page_label() -> tuple[str, str, str]:
    """ "Page X of Y" split around its numbers, for the CSS page counters."""
    marker = _("Page %(page)s of %(pages)s") % {"page": "\x00", "pages": "\x01"}
    before, rest = marker.split("\x00", 1)
    middle, after = rest.split("\x01", 1)
    return before, middle, after


def css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def renderer() -> str:
    """ "chromium" or "weasyprint" (settings.PDF_RENDERER, from MEDVIRK_PDF_RENDERER)."""
    return str(settings.PDF_RENDERER)


def html(job: Job, data: Mapping[str, Any], language: str, *, inline_css: bool = False) -> str:
    """The report as one HTML document; `inline_css` puts the report stylesheet in it (for
    Chromium; WeasyPrint gets it parsed once per process)."""
    with translation.override(language):
        report = presenter.build(
            data=data,
            instrument=job.instrument,
            round_name=job.round_name,
            round_uid=job.round_uid,
            release_number=job.release_number,
            released_on=job.released_on,
            thresholds=job.thresholds,
            has_previous=job.has_previous,
        )
        before, middle, after = page_label()
        return render_to_string(
            "reports/unit_pdf.html",
            {
                "report": report,
                "page_counter": f"{css_string(before)} counter(page) {css_string(middle)} "
                f"counter(pages) {css_string(after)}",
                "running_title": css_string(f"{report.name} · {job.round_name}"),
                "print": True,
                "printed_on": timezone.localdate(),
                "stylesheet": _stylesheet() if inline_css else "",
            },
        )


@lru_cache(maxsize=1)
def _weasy() -> tuple[Any, Any]:
    """The font configuration and the parsed report stylesheet, made once per process: every
    PDF of a release uses the same fonts and CSS."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, CSS(string=_stylesheet(), font_config=fonts)


_THEAD = re.compile(r"<thead>.*?</thead>", re.DOTALL)
_TEXT = re.compile(r">([^<]+)<")
_LONG_WORD = re.compile(r"\w{7,}")


@lru_cache(maxsize=4096)
def _hyphenated(word: str, language: str) -> str:
    import pyphen

    return str(pyphen.Pyphen(lang=language).inserted(word, hyphen="\u00ad"))


def soft_hyphens(document: str, language: str) -> str:
    """Soft hyphens in the long words of table headings. The narrow number columns need
    hyphenation, which WeasyPrint does itself (`hyphens: auto`) and Chromium cannot do
    offline (its dictionaries are downloaded at run time)."""

    def words(text: re.Match[str]) -> str:
        return ">" + _LONG_WORD.sub(lambda w: _hyphenated(w[0], language), text[1]) + "<"

    return _THEAD.sub(lambda head: _TEXT.sub(words, head[0]), document)


def render_pdf(job: Job, data: Mapping[str, Any], language: str) -> bytes:
    if renderer() == "chromium":
        document = html(job, data, language, inline_css=True)
        return chromium.print_pdf(soft_hyphens(document, language))
    from weasyprint import HTML  # imported late: it loads fonts and native libraries

    fonts, stylesheet = _weasy()
    document = HTML(string=html(job, data, language))
    return bytes(document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=True))


def filename(report: UnitReport, survey_name: str, language: str) -> str:
    return f"{slugify(survey_name)}-{report.code}-{language}.pdf"


def unit_pdf(release: Release, report: UnitReport, language: str) -> bytes:
    """The stored PDF when the background job made it, otherwise rendered now."""
    stored = ReportPdf.objects.filter(unit_report=report, language=language).first()
    if stored is not None and stored.file:
        try:
            with stored.file.open("rb") as handle:
                return bytes(handle.read())
        except FileNotFoundError:
            pass
    return render_pdf(job_for(release), report.data, language)


def archive(release: Release, reports: Iterable[UnitReport], language: str) -> bytes:
    """A ZIP of the PDFs of `reports` (folders follow the unit tree)."""
    buffer = io.BytesIO()
    name = release.round.name
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for report in reports:
            zipped.writestr(filename(report, name, language), unit_pdf(release, report, language))
    return buffer.getvalue()


# --- Rendering a whole release in the background ----------------------------------------------

_JOB: Job | None = None  # set in the parent before the pool forks


Rendered = tuple[str, str, bytes | None]  # unit code, language, the PDF (None: it failed)


def _render_one(job: Job, code: str, data: Mapping[str, Any], language: str) -> Rendered:
    try:
        return code, language, render_pdf(job, data, language)
    except chromium.PrinterError as error:
        log.error("PDF of %s (%s) left out: %s", code, language, error)
        return code, language, None


def _render_in_worker(
    code: str, data: Mapping[str, Any], language: str
) -> tuple[Rendered, int, dict[str, int]]:
    """The PDF, and this worker's print counts so far (chromium.COUNTS) under its pid."""
    assert _JOB is not None
    return _render_one(_JOB, code, data, language), os.getpid(), dict(chromium.COUNTS)


def _workers() -> int:
    configured = getattr(settings, "REPORT_PDF_WORKERS", 0)
    return configured or os.cpu_count() or 1


def _can_fork() -> bool:
    """Workers must not share the parent's database: an in-memory SQLite test database
    cannot be reached from a child, so tests render in process."""
    return connection.vendor != "sqlite" or "memory" not in str(
        connection.settings_dict.get("NAME", "")
    )


def render_release(
    *, release: Release, progress: Progress | None = None, workers: int | None = None
) -> Release:
    """Render every unit's PDF in both languages into storage, updating `pdfs_done`; the
    release's phase goes from "pdf" to "done". Returns the release."""
    progress = progress or (lambda _r: None)
    reports = list(UnitReport.objects.filter(release=release).only("id", "code", "data"))
    total = len(reports) * len(LANGUAGES)
    Release.objects.filter(pk=release.pk).update(phase="pdf", pdfs_total=total, pdfs_done=0)
    release.phase, release.pdfs_total, release.pdfs_done = "pdf", total, 0
    progress(release)
    by_code = {r.code: r for r in reports}
    started = time.perf_counter()
    done, failed = 0, []
    for code, language, body in _rendered(release, reports, workers or _workers()):
        if body is None:
            failed.append(f"{code}-{language}")
            continue
        _store(release, by_code[code], language, body)
        done += 1
        if done % 10 == 0 or done + len(failed) == total:
            Release.objects.filter(pk=release.pk).update(pdfs_done=done)
            release.pdfs_done = done
            progress(release)
    Release.objects.filter(pk=release.pk).update(phase="done", pdfs_done=done)
    release.phase = "done"
    release.audit = {
        **(release.audit or {}),
        "pdf_seconds": round(time.perf_counter() - started, 2),
        "pdf_renderer": renderer(),
        "pdf_failed": failed,
    }
    Release.objects.filter(pk=release.pk).update(audit=release.audit)
    progress(release)
    return release


def _rendered(
    release: Release,
    reports: list[UnitReport],
    workers: int,
    counts: Counter[str] | None = None,
) -> Iterator[Rendered]:
    """The PDFs of `reports` in both languages; `counts` (if given) gets Chromium's print
    counts of these PDFs (chromium.COUNTS: PDFs with a contents page, prints again with the
    numbers filled in)."""
    global _JOB
    job = job_for(release)
    tasks = [(r.code, r.data, language) for r in reports for language in LANGUAGES]
    counts = counts if counts is not None else Counter()
    if workers <= 1 or not _can_fork():
        before = Counter(chromium.COUNTS)
        for code, data, language in tasks:
            yield _render_one(job, code, data, language)
        counts.update(Counter(chromium.COUNTS) - before)
        return
    _JOB = job
    _stylesheet()
    if not connection.in_atomic_block:
        # The children never query, but must not even inherit an open connection. (Inside a
        # transaction, e.g. a test, closing it would end the transaction: keep it; the
        # children leave with os._exit and never touch the socket.)
        connections.close_all()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            by_worker: dict[int, dict[str, int]] = {}
            for rendered, pid, worker_counts in pool.map(
                _render_in_worker, *zip(*tasks, strict=True), chunksize=1
            ):
                by_worker[pid] = worker_counts
                yield rendered
        for worker_counts in by_worker.values():
            counts.update(worker_counts)
    finally:
        _JOB = None


def _store(release: Release, report: UnitReport, language: str, body: bytes) -> None:
    for old in ReportPdf.objects.filter(unit_report=report, language=language):
        old.file.delete(save=False)
        old.delete()
    pdf = ReportPdf(release=release, unit_report=report, language=language)
    pdf.file.save(f"{report.code}-{language}.pdf", ContentFile(body), save=False)
    pdf.save()


def enqueue_release_pdfs(release: Release) -> None:
    """Queue the background rendering of a release's PDFs (the admin button)."""
    from reports.tasks import render_release_pdfs

    Release.objects.filter(pk=release.pk).update(with_pdf=True, phase="pdf")
    render_release_pdfs.enqueue(release.pk)
