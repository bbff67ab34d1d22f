"""Red-form data print: only the data, at the grid positions of the pre-printed form.

Printers feed paper a little differently, so the user shifts everything by offsets
in points (x to the right, y down) and checks them on the alignment test page, which
prints a sample in every field (cms1500-layout.md).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from infusiondesk.output.box_text import PageText
from infusiondesk.output.layout import Layout, load_layout
from infusiondesk.output.worksheet import form_geometry

TITLE = "CMS-1500 claims"  # PDF metadata: never patient data


class DataPainter:
    """Draws field values on a canvas. Positions are worked out once per layout and
    offset; a page is one text object, each value one move and one string."""

    def __init__(self, layout: Layout, offset_x: float = 0.0, offset_y: float = 0.0) -> None:
        grid = layout.grid
        self.layout = layout
        self.font, self.size = grid.font, grid.font_size
        # Each character on its own grid column: pitch minus the glyph's advance (*nucc*
        # 10 characters an inch, whatever the font size).
        self.char_space = grid.column_pitch - stringWidth("M", grid.font, grid.font_size)
        height = layout.page_height
        self.header = {
            key: (grid.x(f.col) + offset_x, height - grid.baseline(f.line) - offset_y)
            for key, f in layout.fields.items()
        }
        self.rows = [
            {
                key: (
                    grid.x(f.col) + offset_x,
                    height - grid.baseline(layout.row_line(row, f.line)) - offset_y,
                )
                for key, f in layout.row_fields.items()
            }
            for row in range(1, layout.rows + 1)
        ]

    def placed(self, page: PageText) -> Iterator[tuple[float, float, str]]:
        """(x, pdf y, text) of every value on the page."""
        header = self.header
        for values in (page.header, page.own):
            for key, text in values.items():
                x, y = header[key]
                yield x, y, text
        for positions, values in zip(self.rows, page.rows, strict=False):
            for key, text in values.items():
                x, y = positions[key]
                yield x, y, text

    def draw(self, canvas: Canvas, page: PageText) -> None:
        """The page's values as one text object. Same result as ``draw_strings(canvas,
        self.placed(page))``, without building a tuple per value: a big batch draws
        a hundred thousand values."""
        text = self._text(canvas)
        set_origin, write, header = text.setTextOrigin, text.textOut, self.header
        for values in (page.header, page.own):
            for key, value in values.items():
                set_origin(*header[key])
                write(value)
        for positions, values in zip(self.rows, page.rows, strict=False):
            for key, value in values.items():
                set_origin(*positions[key])
                write(value)
        canvas.drawText(text)

    def draw_strings(self, canvas: Canvas, strings: Iterator[tuple[float, float, str]]) -> None:
        text = self._text(canvas)
        set_origin, write = text.setTextOrigin, text.textOut
        for x, y, value in strings:
            set_origin(x, y)
            write(value)
        canvas.drawText(text)

    def _text(self, canvas: Canvas) -> Any:
        text = canvas.beginText()
        text.setFont(self.font, self.size)
        text.setCharSpace(self.char_space)
        return text


def sample(key: str, width: int, check: bool) -> str:
    """What the alignment test prints in a field: an X for check boxes, else the
    field's name filled out to its width with 9s (shows both start and extent)."""
    if check:
        return "X"
    name = key.upper().replace(".", "")
    return (name + "9" * width)[:width] if width > len(name) else "9" * width


def alignment_page(layout: Layout) -> PageText:
    header = {key: sample(key, f.width, f.check) for key, f in layout.fields.items()}
    row = {key: sample(key, f.width, f.check) for key, f in layout.row_fields.items()}
    return PageText(1, 1, header, {}, tuple(row for _ in range(layout.rows)), ())


CORNER = 2.5  # arm of a corner mark, points


def _field_corners(canvas: Canvas, layout: Layout, offset_x: float, offset_y: float) -> None:
    """The corners of every field of the real form (the CMS template's field rectangles),
    moved by the offsets like the data: on a well-set printer they meet the red form's
    boxes, and each sample sits inside its corners."""
    canvas.saveState()
    canvas.setLineWidth(0.3)
    path = canvas.beginPath()
    for x0, top, x1, bottom in form_geometry()["fields"].values():
        x0, x1 = x0 + offset_x, x1 + offset_x
        y_top, y_bottom = layout.pdf_y(top + offset_y), layout.pdf_y(bottom + offset_y)
        for x, y, dx, dy in (
            (x0, y_top, 1, -1),
            (x1, y_top, -1, -1),
            (x0, y_bottom, 1, 1),
            (x1, y_bottom, -1, 1),
        ):
            path.moveTo(x + dx * CORNER, y)
            path.lineTo(x, y)
            path.lineTo(x, y + dy * CORNER)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def alignment_test_pdf(offset_x: float = 0.0, offset_y: float = 0.0, layout: Layout | None = None) -> bytes:
    """One page with a sample in every box, at the given offsets, to hold against the
    red form and see which way to move."""
    layout = layout or load_layout()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1)
    canvas.setTitle("CMS-1500 alignment test")
    painter = DataPainter(layout, offset_x, offset_y)
    painter.draw(canvas, alignment_page(layout))
    _field_corners(canvas, layout, offset_x, offset_y)
    canvas.setFont("Helvetica", 7)
    canvas.drawString(
        36,
        14,
        f"Alignment test: offset x {offset_x:g} pt, y {offset_y:g} pt. Corner marks: the real form's "
        "fields. Hold against a red CMS-1500; move right/down with positive values.",
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
