"""The page number of each named destination of a PDF, read from its cross-reference table;
and `PdfReader`, just enough of a PDF reader and writer for the files Chromium prints.

Chromium cannot print `target-counter()` (the page an element lands on), so a contents page
gets its page numbers from the printed PDF (lib/pdfnumbers.py): every link target of the
document becomes a named destination (`/Dests` in the catalogue), which points at a page
object. This reads just that much of a PDF: the classic cross-reference table and trailer, the
page tree and the destination dictionary, all of them plain dictionaries in the files
Chromium (Skia) writes.
Anything else (cross-reference streams, object streams, a name tree) is a `PdfStructureError`.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Mapping

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+)\s+(\d+)\s*[\r\n]+")
_ENTRY_SIZE = 20  # bytes: "nnnnnnnnnn ggggg n" and a two-byte end of line
_ENTRIES = re.compile(rb"(?:\d{10} \d{5} [nf](?: \r| \n|\r\n))*")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_DEST = re.compile(rb"/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+\d+\s+R")
_STREAM = re.compile(rb"stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?=\s*[/>])")
_FLATE = re.compile(rb"/Filter\s*/FlateDecode\s*(?=[/>])")


class PdfStructureError(ValueError):
    """The PDF is not laid out the way this reader expects."""


def named_destination_pages(body: bytes) -> dict[str, int]:
    """{destination name: 1-based page number} of the PDF `body`."""
    return destinations_and_page_count(body)[0]


def destinations_and_page_count(body: bytes) -> tuple[dict[str, int], int]:
    """{destination name: 1-based page number} and the number of pages of the PDF `body`."""
    reader = PdfReader(body)
    numbers = {number: index + 1 for index, number in enumerate(reader.page_objects())}
    dests = reader.ref(reader.object(reader.root), b"Dests", required=False)
    result = {}
    for raw, page in _DEST.findall(reader.object(dests)) if dests is not None else ():
        if int(page) in numbers:
            result[_name(raw)] = numbers[int(page)]
    return result, len(numbers)


def _name(raw: bytes) -> str:
    return _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8", "replace")


class PdfReader:
    """The objects of a PDF with one classic cross-reference table (as Chromium writes it).
    An object's offset is read from its entry when it is asked for: a report has thousands
    of objects (its tags) and a reader needs a few dozen."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        found = _STARTXREF.search(body[-64:])
        if found is None:
            raise PdfStructureError("no startxref at the end")
        self.xref_at = int(found.group(1))
        self.sections: list[tuple[int, int, int]] = []  # first object, count, where entries start
        self.root = self._read_xref(self.xref_at)

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
            position = header.end() + _ENTRY_SIZE * count
            if not _ENTRIES.fullmatch(self.body, header.end(), position):
                raise PdfStructureError("bad cross-reference entries")
            self.sections.append((first, count, header.end()))
        self.trailer = self.body[position : self.body.find(b"startxref", position)]
        if b"/Prev" in self.trailer:
            raise PdfStructureError("a PDF with incremental updates")
        root = _REF.search(self.trailer[self.trailer.find(b"/Root") :])
        if b"/Root" not in self.trailer or root is None:
            raise PdfStructureError("no /Root in the trailer")
        return int(root.group(1))

    def offset(self, number: int) -> int:
        """Where object `number` starts (PdfStructureError when it is not in use)."""
        for first, count, entries in self.sections:
            if first <= number < first + count:
                entry = entries + (number - first) * _ENTRY_SIZE
                if self.body[entry + 17 : entry + 18] == b"n":
                    return int(self.body[entry : entry + 10])
        raise PdfStructureError(f"object {number} is not in the cross-reference table")

    def object(self, number: int) -> bytes:
        """The dictionary part of object `number` (up to its stream or its end)."""
        start = self.offset(number)
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

    def page_objects(self, number: int | None = None, depth: int = 0) -> list[int]:
        """The page objects below the page tree node `number` (the root's), in order."""
        if number is None:
            number = self.ref(self.object(self.root), b"Pages")
            assert number is not None  # required
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

    def stream_data(self, number: int) -> bytes:
        """The decoded data of the stream object `number` (unfiltered or Flate)."""
        dictionary = self.object(number)
        start, length = self._stream_at(number, dictionary)
        data = self.body[start : start + length]
        if b"/Filter" not in dictionary:
            return data
        if _FLATE.search(dictionary) is None:
            raise PdfStructureError(f"stream {number} has a filter other than Flate")
        try:
            return zlib.decompress(data)
        except zlib.error as error:
            raise PdfStructureError(f"stream {number} does not inflate: {error}") from error

    def _stream_at(self, number: int, dictionary: bytes) -> tuple[int, int]:
        """Where the data of stream `number` starts, and its /Length (a direct number)."""
        length = _LENGTH.search(dictionary)
        opening = _STREAM.match(self.body, self.offset(number) + len(dictionary))
        if length is None or opening is None:
            raise PdfStructureError(f"object {number} is not a stream with a direct /Length")
        return opening.end(), int(length.group(1))

    def with_streams(self, streams: Mapping[int, bytes]) -> bytes:
        """The PDF with the data of the stream objects in `streams` replaced ({object: decoded
        data}, written Flate-compressed), as one revision. A new object that fits in the old
        one's bytes takes its place (padded with blanks before `endobj`); otherwise the
        objects after it move and the cross-reference table is written again."""
        body = bytearray(self.body)
        spans: list[tuple[int, int, bytes]] = []
        for number, data in streams.items():
            start = self.offset(number)
            dictionary = self.object(number)
            data_at, length = self._stream_at(number, dictionary)
            end = self.body.find(b"endobj", data_at + length, self.xref_at)
            if end < 0:
                raise PdfStructureError(f"stream {number} has no end before the table")
            packed = zlib.compress(data)
            head = _LENGTH.sub(b"/Length %d" % len(packed), dictionary, count=1)
            if _FLATE.search(head) is None:
                head = head.replace(b"<<", b"<</Filter /FlateDecode ", 1)
            new = head + b"stream\n" + packed + b"\nendstream\n"
            if len(new) <= end - start:
                body[start:end] = new.ljust(end - start)
            else:
                spans.append((start, end, new))
        if not spans:
            return bytes(body)
        return self._rewritten(bytes(body), sorted(spans))

    def _rewritten(self, body: bytes, spans: list[tuple[int, int, bytes]]) -> bytes:
        """`body` with each span (start, end, new bytes) replaced and a new table."""
        parts: list[bytes] = []
        moved: list[int] = []  # where each changed object starts
        shifts: list[int] = []  # how far the objects after it move
        at = 0
        for start, end, new in spans:
            parts += [body[at:start], new]
            moved.append(start)
            shifts.append((shifts[-1] if shifts else 0) + len(new) - (end - start))
            at = end
        parts.append(body[at : self.xref_at])

        def shifted(entry: bytes) -> bytes:
            if entry[17:18] != b"n":
                return entry
            offset = int(entry[:10])
            before = bisect.bisect_left(moved, offset)  # changes that start before it
            return b"%010d" % (offset + (shifts[before - 1] if before else 0)) + entry[10:]

        table = [b"xref\n"]
        for first, count, entries in self.sections:
            table.append(b"%d %d\n" % (first, count))
            table += [
                shifted(body[entry : entry + _ENTRY_SIZE])
                for entry in range(entries, entries + count * _ENTRY_SIZE, _ENTRY_SIZE)
            ]
        tail = b"startxref\n%d\n%%%%EOF\n" % sum(len(part) for part in parts)
        return b"".join([*parts, *table, self.trailer, tail])
