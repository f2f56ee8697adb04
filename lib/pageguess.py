"""A guess of the page on which each section of a printed report starts, learned from earlier
prints, so that a contents page can be printed with its page numbers in one print.

Every section a contents page points at starts on a new page (`break-before: page`), so a
section's first page is the pages before the first section plus the page counts of the
sections before it, and a section's page count depends only on its own HTML. `PageMemo` keeps
the page count of each section seen in a printed PDF under two keys: its *skeleton* (the tags
and classes without text and without the inside of inline SVG charts, whose boxes have fixed
sizes) and a coarser *shape* (its rows, list items, hidden cells and text length). A section
with neither key known gets the page count seen most often for it. The guess is only a guess:
the printer reads the true pages from the PDF and prints again when any number is wrong.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

_TARGET = re.compile(r'data-page-of="([^"]+)"')
_LANG = re.compile(r'<html[^>]*\slang="([^"]*)"')
_SVG = re.compile(r"(<svg\b[^>]*>).*?</svg>", re.DOTALL)
_TAG = re.compile(r'<(/?[a-zA-Z][a-zA-Z0-9]*)(?:[^>]*?\sclass="([^"]*)")?[^>]*>')
_TEXT = re.compile(r">([^<]+)<")
_TEXT_BUCKET = 1500  # characters of text: a third of a page of comments
FRONT = ""  # the pages before the first section (cover, contents)


@dataclass(frozen=True)
class Section:
    """A part of the document: `target` is the id it starts at (FRONT for the front matter)."""

    target: str
    language: str
    skeleton: str
    shape: tuple[int, int, int, int]


def sections(html: str) -> list[Section]:
    """The front matter and the sections of `html` that a `data-page-of` points at, in
    document order (empty when there are none, or a target is missing)."""
    targets = list(dict.fromkeys(_TARGET.findall(html)))
    starts = []
    for target in targets:
        at = html.find(f' id="{target}"')
        if at < 0:
            return []
        starts.append((html.rfind("<", 0, at), target))
    if not starts:
        return []
    starts.sort()
    found = _LANG.search(html)
    language = found.group(1) if found else ""
    bounds = [(0, FRONT), *starts]
    result = []
    for index, (start, target) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else len(html)
        result.append(_section(target, language, html[start:end]))
    return result


def _section(target: str, language: str, part: str) -> Section:
    plain = _SVG.sub(r"\1", part)
    tags = _TAG.findall(plain)
    skeleton = hashlib.blake2b(
        "|".join(f"{name}.{classes}" for name, classes in tags).encode(), digest_size=16
    ).hexdigest()
    text = sum(len(t) for t in _TEXT.findall(plain))
    shape = (
        plain.count("<tr"),
        plain.count("<li"),
        plain.count("hidden-cell"),
        text // _TEXT_BUCKET,
    )
    return Section(target=target, language=language, skeleton=skeleton, shape=shape)


class PageMemo:
    """Page counts of sections seen in printed PDFs (one per process)."""

    def __init__(self) -> None:
        self.by_skeleton: dict[tuple[str, str, str], int] = {}
        self.by_shape: dict[tuple[str, str, tuple[int, int, int, int]], int] = {}
        self.usual: defaultdict[tuple[str, str], Counter[int]] = defaultdict(Counter)

    def guess(self, parts: list[Section], *, unknown: int = 2) -> dict[str, int] | None:
        """{target: first page} guessed for `parts`, or None when more than `unknown` parts
        are known by neither key (a guess would probably be wrong)."""
        pages, missing, page = {}, 0, 1
        for part in parts:
            count = self._count(part)
            if count is None:
                missing += 1
                usual = self.usual[(part.language, part.target)].most_common(1)
                count = usual[0][0] if usual else 1
            if part.target != FRONT:
                pages[part.target] = page
            page += count
        return None if missing > unknown else pages

    def _count(self, part: Section) -> int | None:
        found = self.by_skeleton.get((part.language, part.target, part.skeleton))
        if found is None:
            found = self.by_shape.get((part.language, part.target, part.shape))
        return found

    def learn(self, parts: list[Section], pages: dict[str, int], page_count: int) -> None:
        """Remember the page counts of `parts` from a PDF whose sections start on `pages` and
        which has `page_count` pages."""
        starts = [1] + [pages.get(part.target, 0) for part in parts[1:]] + [page_count + 1]
        if any(later <= earlier for earlier, later in itertools.pairwise(starts)):
            return  # not the layout this memo expects: learn nothing
        for index, part in enumerate(parts):
            count = starts[index + 1] - starts[index]
            self.by_skeleton[(part.language, part.target, part.skeleton)] = count
            self.by_shape[(part.language, part.target, part.shape)] = count
            self.usual[(part.language, part.target)][count] += 1
