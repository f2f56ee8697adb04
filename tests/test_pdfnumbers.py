"""Page numbers written over a printed contents page's placeholders (lib/pdfnumbers.py), and the
small PDF reader and writer under it (lib/pdfdests.py), on PDFs printed by Chromium."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from lib import pdfnumbers
from lib.pdfdests import (
    PdfReader,
    PdfStructureError,
    destinations_and_page_count,
    named_destination_pages,
)
from reports import chromium

STYLE = (
    "@page { size: A5; margin: 10mm; } body { font: 11pt 'DejaVu Sans'; }"
    " section { break-before: page; } .n { font-variant-numeric: tabular-nums; }"
)


def _printed(contents: str, sections: int) -> bytes:
    """A PDF with `contents` on page 1 and sections s1… starting on pages of their own."""
    parts = "".join(
        f'<section id="s{i}"><h2>Part {i}</h2>' + "<p>text</p>" * (30 * i) + "</section>"
        for i in range(1, sections + 1)
    )
    return chromium.print_pdf(
        f"<!DOCTYPE html><html lang='en'><head><title>t</title><style>{STYLE}</style></head>"
        f"<body><nav>{contents}</nav>{parts}</body></html>"
    )


def _line(target: str, code: str) -> str:
    return f'<p><a href="#{target}">{target}</a> <span class="n">{code}</span></p>'


def _text(body: bytes, tmp_path: Path, page: int = 1) -> str:
    path = tmp_path / "numbers.pdf"
    path.write_bytes(body)
    command = ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


@pytest.fixture(scope="module")
def contents_pdf() -> tuple[bytes, dict[str, str]]:
    slots = pdfnumbers.placeholders(["s1", "s2", "s3", "s4", "s5"])
    body = _printed("".join(_line(t, code) for t, code in slots.items()), 5)
    return body, slots


def test_placeholders_are_distinct_lead_with_a_zero_and_use_every_digit():
    for count in (1, 5, 13, 90):
        codes = list(pdfnumbers.placeholders([f"t{i}" for i in range(count)]).values())
        assert len(set(codes)) == count
        assert all(len(code) == pdfnumbers.WIDTH and code[0] == "0" for code in codes)
    first_five = pdfnumbers.placeholders([f"t{i}" for i in range(5)]).values()
    assert set("".join(first_five)) == set("0123456789")
    with pytest.raises(PdfStructureError, match="too many"):
        pdfnumbers.placeholders([f"t{i}" for i in range(91)])


def test_it_writes_each_page_over_its_placeholder(contents_pdf, tmp_path):
    body, slots = contents_pdf
    pages = named_destination_pages(body)
    first = [pages[f"s{i}"] for i in range(1, 6)]
    assert first == sorted(set(first)) and first[0] == 2  # each section on pages of its own
    written = pdfnumbers.write_numbers(body, slots, {**pages, "s3": 123, "s5": 0})
    lines = [line.split() for line in _text(written, tmp_path).splitlines() if line.strip()]
    assert lines == [
        ["s1", "2"],
        ["s2", str(first[1])],
        ["s3", "123"],
        ["s4", str(first[3])],
        ["s5"],
    ]
    assert named_destination_pages(written) == pages  # nothing else changed
    assert _text(written, tmp_path, 3) == _text(body, tmp_path, 3)


def test_the_numbers_take_the_places_of_the_placeholders_right_aligned(contents_pdf, tmp_path):
    body, slots = contents_pdf
    written = pdfnumbers.write_numbers(body, slots, {t: 7 for t in slots})
    path = tmp_path / "w.pdf"
    path.write_bytes(written)
    boxes = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    right_edges = {
        round(float(x_max), 1)
        for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>(\w+)</word>', boxes)
        if word == "7"
    }
    assert len(right_edges) == 1  # every number ends where its placeholder ended


def test_a_placeholder_that_is_not_on_the_page_is_an_error(contents_pdf):
    body, slots = contents_pdf
    with pytest.raises(PdfStructureError, match=r"not found in the PDF: \['099'\]"):
        pdfnumbers.write_numbers(body, {**slots, "s6": "099"}, {"s6": 4})


def test_a_placeholder_printed_twice_is_an_error():
    body = _printed(_line("s1", "012") + _line("s2", "012"), 2)
    with pytest.raises(PdfStructureError, match="twice"):
        pdfnumbers.write_numbers(body, {"s1": "012"}, {"s1": 2})


def test_a_digit_the_font_was_never_given_is_an_error():
    body = _printed(_line("s1", "012"), 1)  # no 9 anywhere in the document
    with pytest.raises(PdfStructureError, match="no glyph for '9'"):
        pdfnumbers.write_numbers(body, {"s1": "012"}, {"s1": 9})


def test_a_stream_that_grows_moves_every_object_after_it(contents_pdf, tmp_path):
    body, _slots = contents_pdf
    reader = PdfReader(body)
    first_page = reader.page_objects()[0]
    contents = reader.ref(reader.object(first_page), b"Contents")
    assert contents is not None
    noise = b"".join(b"%" + os.urandom(40).hex().encode() + b"\n" for _ in range(200))
    grown = reader.with_streams({contents: noise + reader.stream_data(contents)})
    assert len(grown) > len(body) + 9_000
    again = PdfReader(grown)
    for first, count, _entries in again.sections:
        for number in range(first, first + count):
            try:
                start = again.offset(number)
            except PdfStructureError:
                continue  # a free entry
            assert grown.startswith(b"%d 0 obj" % number, start)
    assert named_destination_pages(grown) == named_destination_pages(body)
    assert again.stream_data(contents).startswith(noise)
    assert _text(grown, tmp_path) == _text(body, tmp_path)
    path = tmp_path / "grown.pdf"
    path.write_bytes(grown)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    pages = destinations_and_page_count(body)[1]
    assert re.search(rf"^Pages:\s+{pages}$", info.stdout, re.MULTILINE) and not info.stderr


def test_a_stream_that_fits_keeps_every_object_where_it_was(contents_pdf):
    body, slots = contents_pdf
    written = pdfnumbers.write_numbers(body, slots, {t: 8 for t in slots})
    assert len(written) == len(body)
    assert written[PdfReader(body).xref_at :] == body[PdfReader(body).xref_at :]


def test_the_text_map_reads_single_glyphs_and_ranges():
    cmap = (
        b"begincmap\n2 beginbfchar\n<0003> <0020>\n<0013> <0030>\nendbfchar\n"
        b"1 beginbfrange\n<0014> <0016> <0031>\nendbfrange\nendcmap"
    )
    assert pdfnumbers.to_unicode(cmap) == {
        b"0003": " ",
        b"0013": "0",
        b"0014": "1",
        b"0015": "2",
        b"0016": "3",
    }


def test_a_pdf_with_an_update_is_not_rewritten():
    body = (
        b"%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 1 /Root 1 0 R /Prev 9>>\n"
        b"startxref\n9\n%%EOF\n"
    )
    with pytest.raises(PdfStructureError, match="incremental updates"):
        PdfReader(body)


def test_a_number_is_drawn_with_the_glyphs_its_placeholder_was_drawn_with(contents_pdf):
    body, _slots = contents_pdf
    fonts = pdfnumbers._Fonts(PdfReader(body))
    fonts._maps[1] = {b"0013": "0", b"0500": "0", b"0003": " "}  # e.g. a tabular zero
    assert fonts.glyph(1, "0") == b"0013"  # the map's first
    fonts.saw(1, "0", [b"0500"])
    assert fonts.glyph(1, "0") == b"0500"
    assert fonts.glyph(1, " ") == b"0003"
    with pytest.raises(PdfStructureError, match="no glyph for '7'"):
        fonts.glyph(1, "7")
