"""Print preview, printing through Qt's print dialog, save as PDF, batch printing.

What is previewed is what prints: the claims are rendered once to PDF bytes (the
output package), the preview shows those pages (``pages``) and printing paints the
same pages onto the printer. Rendering and printing run in the background (progress,
Cancel); the database is only used before and after, on the GUI thread, where every
claim printed or saved is recorded as its snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QSettings

from infusiondesk.claims.claim import Claim
from infusiondesk.services.errors import PrintCancelled
from infusiondesk.services.practice import Practice
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.printing.pages import (
    FORM_SETTING,
    PrintOptions,
    chosen_form,
    printer_offsets,
    stored_form,
)
from infusiondesk.ui.printing.preview import PrintPreviewDialog, PrintRefusedDialog, refusal_problems
from infusiondesk.ui.signals import CLAIMS_CHANGED, AppSignals, Changes
from infusiondesk.ui.worker import run_in_background

RECORD = "Claim not recorded"


class PrintSession(QObject):
    """Render claims, preview them, print or save, and record what left the building."""

    def __init__(
        self,
        parent: Any,
        practice: Practice,
        items: Sequence[tuple[int, Claim]],
        settings: QSettings,
        signals: AppSignals | None = None,
        title: str = "Claims",
        record: bool = True,
        reprints: Sequence[int] = (),
    ) -> None:
        super().__init__(parent)
        self.parent_widget, self.practice, self.items = parent, practice, list(items)
        self.record = record  # False: the claims are on file already (a correction)
        self.reprints = tuple(reprints)  # claims on file printed again: logged as reprints
        self.signals = signals  # where new claims are announced (None: no views to tell)
        self.title = title
        self.settings = settings
        offset_x, offset_y = printer_offsets(settings)
        self.options = PrintOptions(stored_form(settings), offset_x, offset_y)
        self.preview: PrintPreviewDialog | None = None
        self.pdf = b""

    def start(self) -> None:
        self._render()

    def _render(self) -> None:
        claims, options = [claim for _, claim in self.items], self.options

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> bytes:
            return self.practice.printing.render(
                claims,
                options.form,
                options.offset_x,
                options.offset_y,
                progress,
                cancelled,
                allow_shorten=options.allow_shorten,
                split=options.split,
                force=options.force,
            )

        run_in_background(
            self.parent_widget,
            work,
            on_success=self._rendered,
            on_failure=self._failed,
            cancellable=True,
            title=f"Preparing {len(claims)} claim(s)…",
        )

    def _rendered(self, pdf: bytes) -> None:
        self.pdf = pdf
        if self.preview is None:
            self.preview = PrintPreviewDialog(self.parent_widget, pdf, self.title, self.options.form)
            self.preview.form_changed.connect(self._form_changed)
            self.preview.delivered.connect(self._record)
            self.preview.open()
        else:
            self.preview.set_pdf(pdf)

    def _form_changed(self, form: str) -> None:
        self.settings.setValue(FORM_SETTING, form)
        self.options = replace(self.options, form=chosen_form(form))
        self._render()

    def _failed(self, problem: BaseException) -> None:
        found = refusal_problems(problem)
        if found is None:
            if not isinstance(problem, PrintCancelled):
                show_error(self.parent_widget, "Printing", problem)
            return
        dialog = PrintRefusedDialog(self.parent_widget, found, self.options)
        if dialog.exec():
            self.options = dialog.options()
            self._render()

    def _record(self, how: str) -> None:
        """Each claim printed or saved becomes an immutable snapshot with status printed;
        a claim on file printed again from its snapshot is logged as a reprint of it."""
        parent, claims = self.parent_widget, self.practice.claims
        if not self.record:
            for claim_id in self.reprints:
                run_op(parent, partial(claims.record_reprint, claim_id, how), title="Reprint not logged")
            return

        def record_each() -> int:
            """Each claim in its own operation: one that fails is said, the others are recorded."""
            return sum(
                run_op(parent, partial(claims.record_printed, order_id, claim, how), title=RECORD)
                for order_id, claim in self.items
            )

        run_op(  # one announcement for the batch, when it recorded any claim
            parent,
            record_each,
            title=RECORD,
            changes=_claims_recorded if self.signals is not None else None,
            signals=self.signals,
        )


def _claims_recorded(count: int) -> Changes:
    return CLAIMS_CHANGED if count else Changes()


def print_orders(
    parent: Any, practice: Practice, order_ids: Sequence[int], signals: AppSignals | None = None
) -> PrintSession | None:
    """Compute each order's claim now (the order as stored) and start a print session;
    the claims it records are announced on ``signals``."""
    computed: list[Claim] = []
    for order_id in order_ids:
        compute = partial(practice.claims.compute, order_id)
        if not run_op(
            parent, compute, title=f"Order {order_id} can't be printed", on_success=computed.append
        ):
            return None
    items = list(zip(order_ids, computed, strict=True))
    settings = getattr(parent.window(), "settings", None) or QSettings()
    session = PrintSession(parent, practice, items, settings, signals, title=f"{len(items)} claim(s)")
    session.start()
    return session
