"""The worksheet's attached explanation page: why each line is on the claim, which
supplies were bundled into a per diem and why, and what the biller must still fix.

Issue 4: "Show the per-line explanation and the bundled supplies with their reasons
on an attached page (not on the form)."
"""

from __future__ import annotations

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from infusiondesk.claims.claim import Claim
from infusiondesk.output.box_text import money, number
from infusiondesk.output.people import plain
from infusiondesk.rules.problems import Problem

MARGIN = 54.0
# Standard PDF fonts show Windows-1252 only: other characters in rule explanations
# would print as wrong glyphs, so they are spelled out.
_SPELLED = str.maketrans({"→": "->", "≤": "<=", "≥": ">=", "−": "-", "≠": "!=", "≈": "~"})
FONT, BOLD, SIZE, LEADING = "Helvetica", "Helvetica-Bold", 8.5, 11.0


def _printable(text: str) -> str:
    text = plain(text.translate(_SPELLED))  # Ł -> L, not ?: letters transliterated as on the form
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        text = "".join(ch if _in_cp1252(ch) else "?" for ch in text)
    return text


def _in_cp1252(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


class _Writer:
    """Top-down text with wrapping and page breaks on a Letter canvas."""

    def __init__(self, canvas: Canvas, width: float, height: float, heading: str) -> None:
        self.canvas, self.width, self.height, self.heading = canvas, width, height, heading
        self.y = 0.0
        self._start_page()

    def _start_page(self) -> None:
        self.y = self.height - MARGIN
        self.canvas.setFont(BOLD, 11)
        self.canvas.drawString(MARGIN, self.y, _printable(self.heading))
        self.y -= 2 * LEADING

    def _room(self, lines: int) -> None:
        if self.y - lines * LEADING < MARGIN:
            self.canvas.showPage()
            self._start_page()

    def title(self, text: str) -> None:
        self._room(3)
        self.y -= LEADING / 2
        self.canvas.setFont(BOLD, 9.5)
        self.canvas.drawString(MARGIN, self.y, text)
        self.y -= LEADING * 1.3

    def para(self, text: str, indent: float = 0.0, bold: bool = False) -> None:
        font = BOLD if bold else FONT
        text = _printable(text)
        wrapped = simpleSplit(text, font, SIZE, self.width - 2 * MARGIN - indent) or [""]
        self._room(len(wrapped))
        self.canvas.setFont(font, SIZE)
        for part in wrapped:
            self.canvas.drawString(MARGIN + indent, self.y, part)
            self.y -= LEADING

    def finish(self) -> None:
        self.canvas.showPage()


def _line_heading(number_: int, claim: Claim, index: int) -> str:
    line = claim.lines[index]
    dates = (
        f"{line.first:%m/%d/%Y}" if line.first == line.last else f"{line.first:%m/%d/%Y}-{line.last:%m/%d/%Y}"
    )
    code = " ".join((line.code, *line.modifiers))
    total = line.total_charge
    parts = [
        f"{number_}. {code}",
        dates,
        f"units {number(line.units)}",
        f"POS {line.place_of_service}",
    ]
    if total is not None:
        parts.append(f"charge {money(total).strip().replace(' ', '.')}")
    if line.ndc and line.ndc_quantity is not None:
        parts.append(f"NDC {line.ndc} {line.ndc_unit or ''} {number(line.ndc_quantity)}")
    return " | ".join(parts)


def _problem(problem: Problem) -> str:
    return f"{problem.severity.upper()}  {problem.where}: {problem.message}"


def _who(claim: Claim) -> str:
    patient = claim.order.patient
    return f"{patient.last_name}, {patient.first_name}" if patient else "patient not given"


def draw_explanation(
    canvas: Canvas, claim: Claim, width: float, height: float, extra: tuple[Problem, ...] = ()
) -> None:
    """One or more pages after the claim's forms."""
    writer = _Writer(canvas, width, height, f"Claim explanation: {_who(claim)}")
    writer.para(
        f"Attached to the CMS-1500 above ({claim.pages} form"
        f"{'s' if claim.pages > 1 else ''}); payer profile '{claim.profile.key}'. "
        "Line numbers count across forms, six lines a form."
    )
    writer.title("Service lines")
    if not claim.lines:
        writer.para("No billable lines.")
    for index, line in enumerate(claim.lines):
        writer.para(_line_heading(index + 1, claim, index), bold=True)
        writer.para(line.explanation or "(no explanation recorded)", indent=14)
        if line.note:
            writer.para(f"Box 19: {line.note}", indent=14)
    writer.title("Supplies bundled into a per diem (not billed)")
    if not claim.bundled:
        writer.para("None.")
    for item in claim.bundled:
        writer.para(f"{item.code}  x{number(item.quantity)}  {item.date:%m/%d/%Y}", bold=True)
        writer.para(item.reason, indent=14)
    problems = claim.problems + extra
    writer.title("Problems")
    if not problems:
        writer.para("None.")
    for problem in problems:
        writer.para(_problem(problem))
    writer.finish()
