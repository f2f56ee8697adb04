"""Unit report PDFs printed by headless Chromium (reports.chromium): texts, running footer,
contents page numbers, tags, a crashed browser, a PDF that fails during a release, the
WeasyPrint fallback, nothing fetched, the page's scripts off and nothing left behind by
close(). One browser serves every test of a test process."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from lib.pdfdests import PdfStructureError, named_destination_pages
from reports import chromium, pdf
from reports.models import Release, ReportPdf, UnitReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_chromium(settings):
    settings.PDF_RENDERER = "chromium"


def _render(released, code: str, language: str) -> bytes:
    report = UnitReport.objects.get(release=released.release, code=code)
    return pdf.render_pdf(pdf.job_for(released.release), report.data, language)


def _html(released, code: str, language: str) -> bytes:
    report = UnitReport.objects.get(release=released.release, code=code)
    return pdf.html(pdf.job_for(released.release), report.data, language).encode()


def _run(command: list[str], body: bytes, tmp_path: Path, *after: str) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(
        [*command, str(path), *after], capture_output=True, check=True, text=True
    ).stdout


def _pages(body: bytes, tmp_path: Path) -> list[str]:
    pages = _run(["pdftotext", "-layout"], body, tmp_path, "-").split("\f")
    return [" ".join(page.split()) for page in pages if page.strip()]


def test_it_prints_the_unit_page_footers_and_hidden_cell_reasons(released, on_chromium, tmp_path):
    body = _render(released, "HF-01-01", "en")
    assert body.startswith(b"%PDF-")
    pages = _pages(body, tmp_path)
    assert "Section for Performance" in pages[0] and "Survey 2026" in pages[0]
    assert "Page" not in pages[0]  # the cover has no running header or footer
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in page
        assert "Section for Performance · Survey 2026" in page
        assert "Confidential: for the unit and its mapping meeting" in page
    text = " ".join(pages)
    assert "Hidden: fewer than 5 answers" in text
    assert "Comments are not shown: comments are shown only for units with at least 10" in text


def test_the_contents_page_gives_the_page_of_every_section(released, on_chromium, tmp_path):
    pages = _pages(_render(released, "HF-01", "en"), tmp_path)
    contents = pages[1]
    assert contents.startswith("Department of Music") and "Contents" in contents
    for title in ("Summary", "Comments", "How to read this report"):
        number = int(re.search(re.escape(title) + r" (\d+)", contents).group(1))
        heading = pages[number - 1].split("Medvirk", 1)[1]
        assert heading.lstrip().startswith(title), (title, number)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_contents_number_is_the_page_its_link_leads_to(
    released, on_chromium, language, tmp_path
):
    body = _render(released, "HF-01", language)
    targets = named_destination_pages(body)  # of the tagged PDF that is handed out
    contents = _html(released, "HF-01", language).split(b'<nav class="pdf-toc"')[1]
    sections = re.findall(rb'data-page-of="([^"]+)"', contents.split(b"</nav>")[0])
    assert len(sections) == 6  # summary, two dimensions, facts, comments, the reading guide
    text = _run(["pdftotext", "-f", "2", "-l", "2", "-layout"], body, tmp_path, "-")
    numbers = [int(n) for n in re.findall(r"(\d+)\s*$", text, re.MULTILINE)][: len(sections)]
    assert numbers == [targets[s.decode()] for s in sections]
    assert numbers == sorted(numbers) and numbers[0] == 3  # after the cover and the contents


def test_the_pdf_is_tagged_with_language_title_headings_and_tables(released, on_chromium, tmp_path):
    body = _render(released, "HF-01", "nb")
    info = _run(["pdfinfo"], body, tmp_path)
    assert re.search(r"^Producer:\s+Skia/PDF", info, re.MULTILINE)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Institutt for musikk – Survey 2026$", info, re.MULTILINE)
    assert b"/Lang (nb)" in body
    tags = _run(["pdfinfo", "-struct"], body, tmp_path)
    for tag in ("H1", "H2", "Table", "TH", "TR", "TD", "Caption", "Figure", "Link"):
        assert re.search(rf"^\s*{tag}\b", tags, re.MULTILINE), tag
    assert "/Scope /Column" in tags or "/Scope /Col" in tags
    assert "StructTreeRoot" in body.decode("latin-1")


def test_it_prints_with_the_headless_shell_where_it_is_installed(monkeypatch):
    installed = {"chromium": "/usr/bin/chromium"}
    monkeypatch.setattr(chromium.shutil, "which", installed.get)
    assert chromium.executable() == "/usr/bin/chromium"
    installed["chromium-headless-shell"] = "/usr/bin/chromium-headless-shell"
    assert chromium.executable() == "/usr/bin/chromium-headless-shell"


def test_the_document_is_hidden_on_screen_only_and_keeps_its_doctype(tmp_path):
    document = "<!DOCTYPE html><html lang='en'><head><title>t</title></head><p>printed</p></html>"
    hidden = chromium._without_screen_layout(document)
    assert hidden.startswith("<!DOCTYPE html><html lang='en'><head><style>@media screen")
    assert "printed" in _run(["pdftotext"], chromium.print_pdf(document), tmp_path, "-")
    headless = "<!DOCTYPE html><title>t</title><p>no head</p>"
    assert chromium._without_screen_layout(headless) == headless


def test_a_crashed_browser_is_replaced_and_the_pdf_printed(tmp_path):
    chromium.print_pdf("<!DOCTYPE html><html lang='en'><title>t</title><p>before</p></html>")
    crashed, launched = chromium.browser_pid(), chromium.launches()
    assert crashed is not None
    os.kill(crashed, signal.SIGKILL)
    body = chromium.print_pdf("<!DOCTYPE html><html lang='en'><title>t</title><p>after</p></html>")
    assert "after" in _run(["pdftotext"], body, tmp_path, "-")
    assert chromium.launches() == launched + 1
    assert chromium.browser_pid() not in (None, crashed)


def test_a_print_that_times_out_twice_fails_with_a_clear_error():
    document = "<!DOCTYPE html><html lang='en'><title>t</title><p>slow</p></html>"
    with pytest.raises(chromium.PrinterError, match="Chromium could not print the PDF, twice"):
        chromium.print_pdf(document, timeout=0.0001)
    assert chromium.print_pdf(document).startswith(b"%PDF-")  # and the next one prints


def test_a_pdf_that_fails_is_left_out_and_the_others_are_stored(
    released, on_chromium, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"

    def printer(html: str, **_options) -> bytes:  # Chromium fails on one unit only
        if "HF-01 ·" in html:
            raise chromium.PrinterError("Chromium could not print the PDF, twice: crashed")
        return b"%PDF-1.4 stand-in"

    monkeypatch.setattr(chromium, "print_pdf", printer)
    release = pdf.render_release(release=released.release, workers=1)
    units = UnitReport.objects.filter(release=release).count()
    stored = Release.objects.get(pk=release.pk)
    assert (stored.phase, stored.pdfs_done, stored.pdfs_total) == ("done", units * 2 - 2, units * 2)
    assert stored.audit["pdf_failed"] == ["HF-01-nb", "HF-01-en"]
    assert stored.audit["pdf_renderer"] == "chromium"
    assert ReportPdf.objects.filter(release=release).count() == units * 2 - 2
    assert not ReportPdf.objects.filter(release=release, unit_report__code="HF-01").exists()


def test_weasyprint_still_prints_a_tagged_report(released, settings, tmp_path):
    settings.PDF_RENDERER = "weasyprint"
    body = _render(released, "HF-01-01", "en")
    info = _run(["pdfinfo"], body, tmp_path)
    assert re.search(r"^Producer:\s+WeasyPrint", info, re.MULTILINE)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    pages = _pages(body, tmp_path)
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "Hidden: fewer than 5 answers" in " ".join(pages)


def test_an_unknown_renderer_stops_the_start_up():
    result = subprocess.run(
        [sys.executable, "-c", "import medvirk.settings"],
        capture_output=True,
        text=True,
        env={**os.environ, "MEDVIRK_PDF_RENDERER": "wkhtmltopdf"},
    )
    assert result.returncode != 0
    assert "MEDVIRK_PDF_RENDERER must be chromium or weasyprint" in result.stderr


def test_the_destination_reader_refuses_what_it_cannot_read():
    with pytest.raises(PdfStructureError):
        named_destination_pages(b"%PDF-1.7\n1 0 obj <<>> endobj\nstartxref\n9\n%%EOF\n")


@pytest.fixture
def counts(monkeypatch):
    """The print counts of the test alone."""
    fresh: Counter[str] = Counter()
    monkeypatch.setattr(chromium, "COUNTS", fresh)
    return fresh


def _document(released, code: str, language: str) -> str:
    """The HTML the printer gets for the unit's report."""
    report = UnitReport.objects.get(release=released.release, code=code)
    document = pdf.html(pdf.job_for(released.release), report.data, language, inline_css=True)
    return pdf.soft_hyphens(document, language)


def _contents_numbers_are_right(body: bytes, document: str, tmp_path: Path) -> None:
    """Every number on the contents page is the page its link leads to in `body`."""
    targets = named_destination_pages(body)
    linked = re.findall(r'data-page-of="([^"]+)"', document)
    text = _run(["pdftotext", "-f", "2", "-l", "2", "-layout"], body, tmp_path, "-")
    numbers = [int(n) for n in re.findall(r"(\d+)\s*$", text, re.MULTILINE)][: len(linked)]
    assert numbers == [targets[target] for target in linked]


def _contents_page_image(body: bytes, tmp_path: Path) -> bytes:
    path = tmp_path / "page.pdf"
    path.write_bytes(body)
    subprocess.run(
        ["pdftoppm", "-f", "2", "-l", "2", "-r", "100", "-gray", str(path), str(tmp_path / "p")],
        check=True,
    )
    (image,) = tmp_path.glob("p-*.pgm")
    data = image.read_bytes()
    image.unlink()
    return data


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_contents_page_is_printed_once_with_its_numbers_written_in(
    released, on_chromium, counts, language, tmp_path
):
    body = _render(released, "HF-01", language)
    assert dict(counts) == {"pdfs": 1}  # one print: no second print for the numbers
    _contents_numbers_are_right(body, _document(released, "HF-01", language), tmp_path)
    assert body.count(b"%%EOF") == body.count(b"startxref") == 1  # one revision, as printed
    assert "Syntax Error" not in _run(["pdfinfo"], body, tmp_path)


def test_written_numbers_look_exactly_like_printed_ones(
    released, on_chromium, counts, monkeypatch, tmp_path
):
    written = _render(released, "HF-01", "en")

    def cannot(*_args, **_kwargs):
        raise PdfStructureError("a placeholder is missing")

    monkeypatch.setattr(chromium.pdfnumbers, "write_numbers", cannot)
    printed = _render(released, "HF-01", "en")  # printed again with the numbers in the page
    assert dict(counts) == {"pdfs": 2, "reprints": 1}
    assert named_destination_pages(printed) == named_destination_pages(written)
    _contents_numbers_are_right(printed, _document(released, "HF-01", "en"), tmp_path)
    assert _contents_page_image(written, tmp_path) == _contents_page_image(printed, tmp_path)


def test_numbers_that_are_still_wrong_after_the_prints_are_left_out(
    released, on_chromium, counts, monkeypatch, tmp_path, caplog
):
    monkeypatch.setattr(chromium.pdfnumbers, "placeholders", lambda _targets: {})
    real_pages = chromium._pages
    calls = []

    def shifting(targets, body):  # as if the layout moved with every print
        calls.append(1)
        return {target: page + len(calls) for target, page in real_pages(targets, body).items()}

    monkeypatch.setattr(chromium, "_pages", shifting)
    body = _render(released, "HF-01", "en")
    assert counts["reprints"] == chromium._PRINTS
    assert "still wrong after 2 prints: left out" in caplog.text
    text = _run(["pdftotext", "-f", "2", "-l", "2", "-layout"], body, tmp_path, "-")
    assert "Summary" in text and not re.search(r"Summary\s+\d", text)


def test_nothing_is_fetched_while_printing(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as server:
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        document = (
            "<!DOCTYPE html><html lang='en'><head><title>t</title>"
            f"<link rel='stylesheet' href='{url}/link.css'><style>@import url({url}/import.css);"
            f" @font-face {{ font-family: F; src: url({url}/font.woff2); }}"
            f" p {{ font-family: F; background: url({url}/background.png); }}</style></head>"
            f"<body><p>offline</p><img src='{url}/x.png' alt='x'><iframe src='{url}/frame'>"
            f"</iframe><svg><image href='{url}/svg.png' width='9' height='9'/></svg></body></html>"
        )
        for _print in range(2):  # the full browser preconnects to hosts it saw before
            body = chromium.print_pdf(document)
            assert "offline" in _run(["pdftotext"], body, tmp_path, "-")
        connected, _, _ = select.select([server], [], [], 0.5)
        assert connected == []  # not even a connection, let alone a request


def test_the_pages_own_scripts_do_not_run(tmp_path):
    document = (
        "<!DOCTYPE html><html lang='en'><head><title>t</title></head>"
        "<body onload=\"document.body.textContent = 'onload ran'\"><p>as written</p>"
        "<script>document.body.textContent = 'script ran'</script></body></html>"
    )
    text = _run(["pdftotext"], chromium.print_pdf(document), tmp_path, "-")
    assert "as written" in text and "ran" not in text


def test_printing_starts_the_browser_alone_and_close_leaves_nothing_behind():
    chromium.print_pdf("<!DOCTYPE html><html lang='en'><title>t</title><p>x</p></html>")
    browser = chromium._PRINTER._browser
    assert _children() == {browser.process.pid}  # Chromium (or its script): no driver
    assert Path(browser.profile).is_dir()
    chromium.close()
    assert browser.process.returncode is not None  # reaped
    assert browser.connection.closed and not Path(browser.profile).exists()
    assert chromium.browser_pid() is None and _children() == set()


def _children() -> set[int]:
    """The process ids of this process's children (from /proc; a thread that ends between the
    listing and the read is skipped: its children move to another thread of this process)."""
    children = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            listed = (task / "children").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        children |= {int(pid) for pid in listed.split()}
    return children
