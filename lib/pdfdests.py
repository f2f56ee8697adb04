"""The page number of each named destination of a PDF, read from its cross-reference table.

Chromium cannot print `target-counter()` (the page an element lands on), so a contents page
gets its page numbers from a first print: every link target of the document becomes a named
destination (`/Dests` in the catalogue), which points at a page object. This reads just that
much of a PDF: the classic cross-reference table and trailer, the page tree and the
destination dictionary, all of them plain dictionaries in the files Chromium (Skia) writes.
Anything else (cross-reference streams, object streams, a name tree) is a `PdfStructureError`.
"""

from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+)\s+(\d+)\s*[\r\n]+")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_DEST = re.compile(rb"/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+\d+\s+R")


class PdfStructureError(ValueError):
    """The PDF is not laid out the way this reader expects."""


def named_destination_pages(body: bytes) -> dict[str, int]:
    """{destination name: 1-based page number} of the PDF `body`."""
    return destinations_and_page_count(body)[0]


def destinations_and_page_count(body: bytes) -> tuple[dict[str, int], int]:
    """{destination name: 1-based page number} and the number of pages of the PDF `body`."""
    reader = _Reader(body)
    catalog = reader.object(reader.root)
    pages = reader.ref(catalog, b"Pages")
    assert pages is not None  # required
    numbers = {number: index + 1 for index, number in enumerate(reader.page_objects(pages))}
    dests = reader.ref(catalog, b"Dests", required=False)
    result = {}
    for raw, page in _DEST.findall(reader.object(dests)) if dests is not None else ():
        if int(page) in numbers:
            result[_name(raw)] = numbers[int(page)]
    return result, len(numbers)


def _name(raw: bytes) -> str:
    return _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8", "replace")


class _Reader:
    def __init__(self, body: bytes) -> None:
        self.body = body
        found = _STARTXREF.search(body[-64:])
        if found is None:
            raise PdfStructureError("no startxref at the end")
        self.offsets: dict[int, int] = {}
        self.root = self._read_xref(int(found.group(1)))

    def _read_xref(self, at: int) -> int:
        if not self.body.startswith(b"xref", at):
            raise PdfStructureError("no classic cross-reference table")
        position = at + 4
        while True:
            while self.body[position : position + 1] in (b" ", b"\r", b"\n"):
                position += 1
            if self.body.startswith(b"trailer", position):
                break
            header = _SUBSECTION.match(self.body, position)
            if header is None:
                raise PdfStructureError("bad cross-reference subsection")
            first, count = int(header.group(1)), int(header.group(2))
            position = header.end()
            for number in range(first, first + count):
                entry = _ENTRY.match(self.body, position)
                if entry is None:
                    raise PdfStructureError("bad cross-reference entry")
                if entry.group(3) == b"n":
                    self.offsets.setdefault(number, int(entry.group(1)))
                position = entry.end()
                while self.body[position : position + 1] in (b" ", b"\r", b"\n"):
                    position += 1
        trailer = self.body[position : self.body.find(b"startxref", position)]
        root = _REF.search(trailer[trailer.find(b"/Root") :])
        if b"/Root" not in trailer or root is None:
            raise PdfStructureError("no /Root in the trailer")
        return int(root.group(1))

    def object(self, number: int) -> bytes:
        """The dictionary part of object `number` (up to its stream or its end)."""
        if number not in self.offsets:
            raise PdfStructureError(f"object {number} is not in the cross-reference table")
        start = self.offsets[number]
        if not re.match(rb"%d\s+\d+\s+obj" % number, self.body[start : start + 32]):
            raise PdfStructureError(f"object {number} is not where the table says")
        end = self.body.find(b"endobj", start)
        end = len(self.body) if end < 0 else end
        stream = self.body.find(b"stream", start, end)
        return self.body[start : end if stream < 0 else stream]

    def ref(self, dictionary: bytes, key: bytes, *, required: bool = True) -> int | None:
        found = re.search(rb"/" + key + rb"\s+(\d+)\s+\d+\s+R", dictionary)
        if found is None:
            if required:
                raise PdfStructureError(f"no /{key.decode()} reference")
            return None
        return int(found.group(1))

    def page_objects(self, number: int, depth: int = 0) -> list[int]:
        """The page objects below the page tree node `number`, in order."""
        if depth > 32:
            raise PdfStructureError("the page tree is too deep")
        node = self.object(number)
        kind = _NAME.search(node[node.find(b"/Type") + 5 :]) if b"/Type" in node else None
        if kind is not None and kind.group(1) == b"Page":
            return [number]
        start = node.find(b"/Kids")
        if start < 0:
            raise PdfStructureError(f"page tree node {number} has no /Kids")
        kids = node[start : node.find(b"]", start)]
        return [
            page for kid in _REF.findall(kids) for page in self.page_objects(int(kid[0]), depth + 1)
        ]
