"""Entry points: claims -> one PDF (worksheet or red-form data), built in memory.

PDFs are built in an ``io.BytesIO`` and returned as bytes; the caller writes them
only where the user asks, so no patient data is left in temporary files (issue 4,
Privacy). Batches report progress and can be cancelled between claims.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from reportlab.pdfgen.canvas import Canvas

from infusiondesk.claims.claim import Claim
from infusiondesk.output.box_text import claim_text
from infusiondesk.output.errors import PrintCancelled, PrintRefused
from infusiondesk.output.explain import draw_explanation
from infusiondesk.output.fit import Fitted, fit_claim
from infusiondesk.output.forms import Form, as_form
from infusiondesk.output.layout import Layout, load_layout
from infusiondesk.output.redform import TITLE, DataPainter
from infusiondesk.output.split import fit_units, split_for_print
from infusiondesk.output.worksheet import define_form
from infusiondesk.rules.problems import Problem

Progress = Callable[[int, int], object]
Cancel = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A claim ready to draw: its text fitted to the boxes and the fitting problems."""

    claim: Claim
    fitted: Fitted


def prepare(
    claims: Iterable[Claim],
    *,
    allow_shorten: bool = False,
    split: bool = False,
    printed_on: date | None = None,
    layout: Layout | None = None,
) -> list[Prepared]:
    """Format and fit each claim: units split to fit 24G always (``fit_units``, the step
    the 837P shares), claims too big for the form split when asked."""
    layout = layout or load_layout()
    printed_on = printed_on or date.today()
    prepared = []
    for claim in claims:
        fitted_units = fit_units(claim)
        for part in split_for_print(fitted_units) if split else (fitted_units,):
            fitted = fit_claim(claim_text(part, printed_on), layout, allow_shorten)
            prepared.append(Prepared(part, fitted))
    return prepared


def print_problems(
    claim: Claim, *, allow_shorten: bool = False, split: bool = False, layout: Layout | None = None
) -> tuple[Problem, ...]:
    """What printing this claim would report, beyond ``claim.problems`` (for the GUI)."""
    found: list[Problem] = []
    for item in prepare((claim,), allow_shorten=allow_shorten, split=split, layout=layout):
        found += [p for p in item.fitted.problems if p not in found]
    return tuple(found)


def _refusals(prepared: Sequence[Prepared], force: bool) -> list[tuple[int, Problem]]:
    refused = []
    for number, item in enumerate(prepared, start=1):
        refused += [(number, p) for p in item.fitted.problems if p.severity == "error"]
        if not force:
            refused += [(number, p) for p in item.claim.problems if p.severity == "error"]
    return refused


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building a PDF of a thousand pages allocates millions of small objects that
    reportlab keeps until ``save``: the cycle collector rescans them again and again
    (a fifth of the time, measured by bench/print.py) and can free none. Paused for the
    build, restored after, even on error."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_claims(
    claims: Iterable[Claim],
    form: Form = "worksheet",
    offset_x: float = 0.0,
    offset_y: float = 0.0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    allow_shorten: bool = False,
    split: bool = False,
    force: bool = False,
    printed_on: date | None = None,
    layout: Layout | None = None,
) -> bytes:
    """All claims, one after another, in one PDF.

    Refuses (``PrintRefused``) while a value doesn't fit its box, unless the decision
    given resolves it (``allow_shorten`` for names and streets, ``split`` for charges,
    units and totals), and while a claim has error-level problems, unless ``force``.
    Offsets (points, x right, y down) apply to the red-form data print.
    """
    form = as_form(form)
    layout = layout or load_layout()
    with _collector_paused():
        prepared = prepare(
            claims, allow_shorten=allow_shorten, split=split, printed_on=printed_on, layout=layout
        )
        refused = _refusals(prepared, force)
        if refused:
            raise PrintRefused(refused)
        painter = DataPainter(layout, *((0.0, 0.0) if form == "worksheet" else (offset_x, offset_y)))
        return _build(prepared, layout, painter, form == "worksheet", progress, cancel)


def _build(
    prepared: Sequence[Prepared],
    layout: Layout,
    painter: DataPainter,
    worksheet: bool,
    progress: Progress | None,
    cancel: Cancel | None,
) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1)
    canvas.setTitle(TITLE)
    form_name = define_form(canvas, layout) if worksheet else ""
    total = len(prepared)
    for done, item in enumerate(prepared):
        if cancel is not None and cancel():
            raise PrintCancelled()
        for page in item.fitted.text.pages:
            if worksheet:
                canvas.doForm(form_name)
            painter.draw(canvas, page)
            canvas.showPage()
        if worksheet:
            extra = tuple(p for p in item.fitted.problems if p not in item.claim.problems)
            draw_explanation(canvas, item.claim, layout.page_width, layout.page_height, extra)
        if progress is not None:
            progress(done + 1, total)
    canvas.save()
    return buffer.getvalue()
