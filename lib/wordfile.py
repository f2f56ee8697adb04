"""Small python-docx helpers shared by the Word exports (action plans, committee reports): a
footer with "page N / M" fields, and tables whose bold header row repeats on every page. No
Django: callers pass the translated words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the document."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, instr in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr
        run._r.append(element)


def page_footer(section: Any, text: str, page: str) -> None:
    """`text` and "`page` N / M" at the foot of every page of `section`."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = f"{text} – {page} "
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    _field(paragraph, "NUMPAGES")


def table(
    doc: Any,
    head: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    style: str = "Table Grid",
    numeric: Sequence[int] = (),
) -> Any:
    """A table with a bold header row that Word repeats at the top of every page (and marks as
    the header for screen readers); the columns in `numeric` are right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    grid = doc.add_table(rows=1, cols=len(head))
    grid.style = style
    header = grid.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, label in zip(header.cells, head, strict=True):
        cell.paragraphs[0].add_run(str(label)).bold = True
    for values in rows:
        cells = grid.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = "" if value is None else str(value)
            if index in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return grid
