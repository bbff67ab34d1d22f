"""Rendered PDF pages onto a printer or a picture: the one place PDF points meet
printer pixels.

The form is printed on US Letter at 100 % (cms1500-layout.md: "never fitted to another
paper size (a fit to A4 moves every line by up to three)"): one PDF point is always
resolution/72 printer pixels from the paper's corner, whatever paper the printer holds,
and the biller is told when the printer has no Letter paper. Pages of text only (the
red-form data print) go to the printer as text, character by character at its exact
origin (vector, sharp at any resolution); pages with drawings (the worksheet's form, the
alignment page's corner marks) as an image of the page. PySide6 Essentials has no QtPdf,
hence pdfium. Kept apart from ``session`` so the preview and the session both build on
it without importing each other.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, QSettings
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from infusiondesk.services.printing import as_form

if TYPE_CHECKING:
    from infusiondesk.services.printing import Form

MAX_PRINT_DPI = 300  # sharp on paper; 600 dpi pages would be 130 MB each
LETTER = QPageSize.PageSizeId.Letter
LETTER_POINTS = (612.0, 792.0)  # 8.5 x 11 in
_FAMILIES = {
    "Courier": ("Courier New", QFont.StyleHint.TypeWriter),
    "Helvetica": ("Arial", QFont.StyleHint.SansSerif),
}


@dataclass(frozen=True, slots=True)
class PrintOptions:
    form: Form = "worksheet"
    offset_x: float = 0.0
    offset_y: float = 0.0
    allow_shorten: bool = False
    split: bool = False
    force: bool = False


def printer_offsets(settings: QSettings) -> tuple[float, float]:
    """Red-form offsets (points) are this computer's printer's, so they live in settings."""
    return _points(settings.value("printer/offset_x", 0.0)), _points(settings.value("printer/offset_y", 0.0))


def _points(value: object) -> float:
    """A stored offset: a float, or its text when the settings file is an INI file."""
    return float(value) if isinstance(value, (int, float, str)) and value else 0.0


FORM_SETTING = "printer/form"  # this computer's choice, as the printer and its offsets are


def stored_form(settings: QSettings) -> Form:
    """The form this computer prints on, as last chosen (Setup or the preview)."""
    return chosen_form(settings.value(FORM_SETTING))


def chosen_form(value: object) -> Form:
    """The form a stored setting or the preview's pick list names; "worksheet" for any
    other value (a hand-edited or older settings file): printing with a form no one can
    print would fail before the preview opens, where the biller could pick another."""
    try:
        return as_form(str(value))
    except ValueError:
        return "worksheet"


def page_image(pdf: Any, index: int, dpi: float) -> QImage:
    """One PDF page as an image at ``dpi`` (``pdf``: a pypdfium2 document)."""
    bitmap = pdf[index].render(scale=dpi / 72, prefer_bgrx=True)
    image = QImage(
        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
    )
    return image.copy()  # own the pixels: the bitmap's buffer goes away


def open_pdf(data: bytes) -> Any:
    import pypdfium2

    return pypdfium2.PdfDocument(data)


def use_letter(printer: QPrinter) -> None:
    """Ask for US Letter, portrait, the whole sheet (no margins moving the origin): set
    before the print dialog, so the dialog offers Letter."""
    printer.setPageSize(QPageSize(LETTER))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)


def letter_problem(printer: QPrinter) -> str | None:
    """Why this printer can't print the CMS-1500 on US Letter at 100 %, or None."""
    if printer.outputFormat() != QPrinter.OutputFormat.PdfFormat:
        info = QPrinterInfo(printer)
        sizes = [size.id() for size in info.supportedPageSizes()] if not info.isNull() else []
        if sizes and LETTER not in sizes:
            return (
                f"The printer '{printer.printerName()}' has no US Letter paper. The CMS-1500 is a "
                "Letter form and prints only at 100 % on Letter: choose a printer or tray with "
                "Letter paper."
            )
    chosen = printer.pageLayout().pageSize()
    if chosen.id() != LETTER:
        return (
            f"The paper chosen is {chosen.name()}, not US Letter. The CMS-1500 prints only on "
            "Letter at 100 % (fitted to other paper every line moves): choose Letter paper."
        )
    return None


def _is_text_only(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return all(item.type == pdfium_c.FPDF_PAGEOBJ_TEXT for item in page.get_objects(max_depth=1))


def _characters(page: Any) -> list[tuple[float, float, float, str, str]]:
    """(x, y from the top, size, font, character) of each printed character of a page."""
    import pypdfium2.raw as pdfium_c

    text, height = page.get_textpage(), page.get_height()
    found = []
    name = ctypes.create_string_buffer(64)
    for index in range(text.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(text.raw, index):
            continue
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(text.raw, index, x, y)
        pdfium_c.FPDFText_GetFontInfo(text.raw, index, name, len(name), None)
        size = pdfium_c.FPDFText_GetFontSize(text.raw, index)
        found.append((x.value, height - y.value, size, name.value.decode("latin-1"), char))
    return found


def _paint_text(painter: QPainter, page: Any, scale: float) -> None:
    """Each character as text at its exact origin: vector output, positions to the
    printer's pixel, whatever the printer's Courier advances (no drift along a line)."""
    fonts: dict[tuple[str, float], QFont] = {}
    for x, top, size, font_name, char in _characters(page):
        key = (font_name, size)
        if key not in fonts:
            family, hint = _FAMILIES.get(font_name.split("-")[0], ("Courier New", QFont.StyleHint.TypeWriter))
            font = QFont(family)
            font.setStyleHint(hint)
            font.setPixelSize(max(1, round(size * scale)))
            fonts[key] = font
        painter.setFont(fonts[key])
        painter.drawText(QPointF(x * scale, top * scale), char)


def paint_pdf(
    printer: QPrinter,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Paint every page of ``data`` onto ``printer`` at 100 % from the paper's top-left
    corner (never stretched to the printer's paper); returns the pages."""
    document = open_pdf(data)
    printer.setFullPage(True)
    scale = printer.resolution() / 72  # printer pixels a PDF point: 100 %
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started; check that it is on and connected.")
    try:
        total = len(document)
        for index in range(total):
            if cancelled is not None and cancelled():
                printer.abort()
                break
            if index:
                printer.newPage()
            page = document[index]
            if _is_text_only(page):
                _paint_text(painter, page, scale)
            else:
                width, height = page.get_size()
                target = QRectF(0, 0, width * scale, height * scale)
                painter.drawImage(target, page_image(document, index, dpi))
            if progress is not None:
                progress(index + 1, total)
    finally:
        painter.end()
    return len(document)
