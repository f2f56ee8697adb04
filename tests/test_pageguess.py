"""Guessing where the sections of a printed report start (lib/pageguess.py)."""

from __future__ import annotations

from lib.pageguess import FRONT, PageMemo, sections

SVG = '<svg width="10" height="{height}"><rect width="{width}"/></svg>'


def _document(comments: str = "<p>None.</p>", width: int = 3) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head></head><body><nav>'
        '<span data-page-of="a"></span><span data-page-of="b"></span></nav>'
        f'<section id="a"><h2>A</h2>{SVG.format(height=40, width=width)}</section>'
        f'<section id="b"><h2>B</h2>{comments}</section></body></html>'
    )


def test_it_splits_the_front_matter_and_each_linked_section_in_document_order():
    parts = sections(_document())
    assert [part.target for part in parts] == [FRONT, "a", "b"]
    assert {part.language for part in parts} == {"en"}


def test_a_document_without_contents_numbers_or_with_a_missing_target_has_no_sections():
    assert sections("<html lang='en'><p>plain</p></html>") == []
    assert sections(_document().replace('id="b"', 'id="c"')) == []


def test_the_inside_of_charts_and_the_numbers_do_not_change_a_sections_key():
    one, other = sections(_document(width=3)), sections(_document(width=97))
    assert one == other
    longer = sections(_document(comments="<ul>" + "<li>a comment</li>" * 40 + "</ul>"))
    assert longer[2] != one[2] and longer[1] == one[1]


def test_it_guesses_from_the_page_counts_it_learned():
    memo = PageMemo()
    parts = sections(_document())
    assert memo.guess(parts, unknown=3) == {"a": 2, "b": 3}  # nothing known: one page each
    assert memo.guess(parts, unknown=2) is None  # three parts unknown
    memo.learn(parts, {"a": 3, "b": 6}, 6)  # cover and contents, a: 3 pages, b: 1
    assert memo.guess(parts, unknown=0) == {"a": 3, "b": 6}


def test_an_unknown_section_gets_its_usual_page_count():
    memo = PageMemo()
    memo.learn(sections(_document()), {"a": 3, "b": 5}, 6)
    longer = sections(_document(comments="<ul>" + "<li>a comment</li>" * 400 + "</ul>"))
    assert memo.guess(longer, unknown=0) is None
    assert memo.guess(longer, unknown=1) == {"a": 3, "b": 5}


def test_it_learns_nothing_from_pages_out_of_order():
    memo = PageMemo()
    parts = sections(_document())
    memo.learn(parts, {"a": 4, "b": 3}, 6)
    memo.learn(parts, {"a": 3, "b": 0}, 6)  # b has no destination
    assert memo.guess(parts, unknown=2) is None
