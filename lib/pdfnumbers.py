"""Page numbers written into a printed contents page, so that it needs one print.

Chromium cannot print `target-counter()`: the page a section starts on is only known once the
PDF exists. So the contents page is printed with a *placeholder* in each number's place: three
digits, a leading zero and two digits unique to that line (`placeholders`), which together
use every digit 0–9. Once printed, the true pages are read from the PDF's named destinations
(`lib.pdfdests`), and `write_numbers` puts them in place of the placeholders, glyph for glyph.

This relies on how Chromium (Skia) writes text: each text run is its own `BT … ET` block that
draws one glyph per `Tj` at a position given by `Td`, with glyph ids of a font whose
`/ToUnicode` map says which character each id is. A placeholder is such a block whose glyphs
read as the placeholder; its glyphs are swapped for the number's (right-aligned in the three
places, blanks as spaces). The positions stay: the report's font has tabular digits, so every
digit is as wide as the placeholder's. Every digit was drawn in the placeholders, so each is in
the embedded font and its `/ToUnicode` map (text extraction and screen readers read the new
numbers). The changed content streams are written in place of the old ones and the
cross-reference table is rebuilt, so the result is one revision, as Chromium wrote it.

Anything not as expected (a placeholder found twice or not at all, a missing glyph, a stream
this cannot read) is a `PdfStructureError`, and the caller prints again with the numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lib.pdfdests import PdfReader, PdfStructureError

WIDTH = 3  # places per number: a report has fewer than 1,000 pages
_FIRST = ("012", "034", "056", "078", "091")  # every digit, in the first five placeholders
_BLOCK = re.compile(
    rb"BT\s*/([^\s/]+)\s+[\d.]+\s+Tf\s*[-\d. ]+Tm\s*<([0-9A-F]{4})>\s*Tj"
    rb"((?:\s*[-\d.]+\s+[-\d.]+\s+Td\s*<[0-9A-F]{4}>\s*Tj)*)\s*ET"
)
_GLYPH = re.compile(rb"<([0-9A-F]{4})>\s*Tj")
_FONTS = re.compile(rb"/Font\s*<<(.*?)>>", re.DOTALL)
_FONT = re.compile(rb"/([^\s/<>\[\]()]+)\s+(\d+)\s+\d+\s+R")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+\d+\s+R")


def placeholders(targets: list[str]) -> dict[str, str]:
    """A distinct three-digit placeholder for each target: a leading zero (no page count or
    year starts with one) and two digits; the first five use all ten digits."""
    codes = list(_FIRST) + [f"0{n:02d}" for n in range(10, 100) if f"0{n:02d}" not in _FIRST]
    if len(targets) > len(codes):
        raise PdfStructureError(f"{len(targets)} contents lines: too many for placeholders")
    return dict(zip(targets, codes, strict=False))


def write_numbers(body: bytes, placeholders: Mapping[str, str], pages: Mapping[str, int]) -> bytes:
    """The PDF `body` with the page `pages[target]` (blank when 0) in place of the placeholder
    of each target. Raises PdfStructureError when a placeholder cannot be replaced exactly."""
    wanted = {code: _number(pages.get(target, 0)) for target, code in placeholders.items()}
    reader = PdfReader(body)
    fonts = _Fonts(reader)
    changed: dict[int, bytes] = {}
    found: set[str] = set()
    for page in reader.page_objects():
        if len(found) == len(wanted):
            break
        stream, replaced = _replace_on_page(reader, fonts, page, wanted)
        if replaced:
            if found & replaced.keys():
                raise PdfStructureError("a placeholder is on the contents page twice")
            found |= replaced.keys()
            changed.update(stream)
    missing = wanted.keys() - found
    if missing:
        raise PdfStructureError(f"placeholders not found in the PDF: {sorted(missing)}")
    return reader.with_streams(changed)


def _number(page: int) -> str:
    text = str(page) if page > 0 else ""
    if len(text) > WIDTH:
        raise PdfStructureError(f"page {page} has more than {WIDTH} digits")
    return text.rjust(WIDTH)


def _replace_on_page(
    reader: PdfReader, fonts: _Fonts, page: int, wanted: Mapping[str, str]
) -> tuple[dict[int, bytes], dict[str, str]]:
    """The page's content stream with the placeholders on it replaced ({object: data}, empty
    when it has none) and the placeholders it had."""
    dictionary = reader.object(page)
    contents = reader.ref(dictionary, b"Contents", required=False)
    if contents is None:
        return {}, {}
    resources = _page_fonts(dictionary)
    data = reader.stream_data(contents)
    found: dict[str, tuple[re.Match[bytes], int]] = {}  # placeholder: its block and font
    for block in _BLOCK.finditer(data):
        font = resources.get(block.group(1))
        glyphs = [block.group(2), *_GLYPH.findall(block.group(3))]
        if font is None or len(glyphs) != WIDTH:
            continue
        code = "".join(fonts.text(font, glyph) for glyph in glyphs)
        if code in wanted:
            if code in found:
                raise PdfStructureError(f"placeholder {code} is on a page twice")
            found[code] = block, font
            fonts.saw(font, code, glyphs)
    if not found:
        return {}, {}
    parts, at = [], 0
    for code, (block, font) in found.items():
        glyphs = [fonts.glyph(font, char) for char in wanted[code]]
        parts += [data[at : block.start()], _with_glyphs(block[0], glyphs)]
        at = block.end()
    parts.append(data[at:])
    return {contents: b"".join(parts)}, {code: wanted[code] for code in found}


def _with_glyphs(block: bytes, glyphs: list[bytes]) -> bytes:
    """The text block `block` drawing `glyphs` in place of its own, one for one."""
    new = iter(glyphs)
    return _GLYPH.sub(lambda _glyph: b"<" + next(new) + b"> Tj", block)


class _Fonts:
    """The /ToUnicode maps of a PDF's fonts, read once per font, and the glyph each digit was
    drawn with in the placeholders (a font may have more than one glyph for a character, e.g.
    proportional and tabular digits: the number gets the placeholders' own)."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self._maps: dict[int, dict[bytes, str]] = {}
        self._chosen: dict[int, dict[str, bytes]] = {}  # as drawn in a placeholder, or looked up

    def text(self, font: int, glyph: bytes) -> str:
        """The character of `glyph` in `font` (U+FFFD when its map does not say)."""
        return self._map(font).get(glyph, "\ufffd")

    def saw(self, font: int, code: str, glyphs: list[bytes]) -> None:
        self._chosen.setdefault(font, {}).update(zip(code, glyphs, strict=True))

    def glyph(self, font: int, char: str) -> bytes:
        """The glyph for `char` in `font`: the one a placeholder was drawn with, else the
        first its map has (a blank)."""
        drawn = self._chosen.get(font, {}).get(char)
        if drawn is not None:
            return drawn
        found = next((g for g, text in sorted(self._map(font).items()) if text == char), None)
        if found is None:
            raise PdfStructureError(f"the contents page's font has no glyph for {char!r}")
        self._chosen.setdefault(font, {})[char] = found
        return found

    def _map(self, font: int) -> dict[bytes, str]:
        if font not in self._maps:
            dictionary = self.reader.object(font)
            cmap = _TO_UNICODE.search(dictionary)
            if cmap is None:
                raise PdfStructureError(f"font {font} has no /ToUnicode map")
            self._maps[font] = to_unicode(self.reader.stream_data(int(cmap.group(1))))
        return self._maps[font]


def _page_fonts(page: bytes) -> dict[bytes, int]:
    """{resource name: font object} of a page whose resources are written in its dictionary."""
    found = _FONTS.search(page)
    if found is None:
        return {}
    return {name: int(number) for name, number in _FONT.findall(found.group(1))}


def to_unicode(cmap: bytes) -> dict[bytes, str]:
    """{glyph id as four hex digits: its text} of a /ToUnicode CMap's bfchar and bfrange."""
    result: dict[bytes, str] = {}
    for section in _BFCHAR.findall(cmap):
        values = _HEX.findall(section)
        for glyph, text in zip(values[0::2], values[1::2], strict=False):
            result[glyph.upper().rjust(4, b"0")] = _utf16(text)
    for section in _BFRANGE.findall(cmap):
        for line in section.strip().splitlines():
            values = _HEX.findall(line)
            if len(values) != 3:  # an array of texts: not written by Skia, and not digits
                continue
            low, high, start = int(values[0], 16), int(values[1], 16), _utf16(values[2])
            for offset in range(high - low + 1):
                text = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
                result[b"%04X" % (low + offset)] = text
    return result


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "replace")
