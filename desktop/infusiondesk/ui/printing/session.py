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
from typing import Any

from PySide6.QtCore import QObject, QSettings

from infusiondesk.claims.claim import Claim
from infusiondesk.services.errors import PrintCancelled
from infusiondesk.services.practice import Practice
from infusiondesk.ui.errors import show_error
from infusiondesk.ui.printing.pages import PrintOptions, printer_offsets
from infusiondesk.ui.printing.preview import PrintPreviewDialog, PrintRefusedDialog, refusal_problems
from infusiondesk.ui.worker import run_in_background


class PrintSession(QObject):
    """Render claims, preview them, print or save, and record what left the building."""

    def __init__(
        self,
        parent: Any,
        practice: Practice,
        items: Sequence[tuple[int, Claim]],
        settings: QSettings,
        on_recorded: Callable[[], None] | None = None,
        title: str = "Claims",
        record: bool = True,
        reprints: Sequence[int] = (),
    ) -> None:
        super().__init__(parent)
        self.parent_widget, self.practice, self.items = parent, practice, list(items)
        self.record = record  # False: the claims are on file already (a correction)
        self.reprints = tuple(reprints)  # claims on file printed again: logged as reprints
        self.on_recorded, self.title = on_recorded, title
        self.settings = settings
        offset_x, offset_y = printer_offsets(settings)
        self.options = PrintOptions(str(settings.value("printer/form", "worksheet")), offset_x, offset_y)
        self.preview: Any = None
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
        self.settings.setValue("printer/form", form)
        self.options = replace(self.options, form=form)
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
        if not self.record:
            for claim_id in self.reprints:
                try:
                    self.practice.claims.record_reprint(claim_id, how)
                except Exception as problem:
                    show_error(self.parent_widget, "Reprint not logged", problem)
            return
        recorded = 0
        for order_id, claim in self.items:
            try:
                self.practice.claims.record_printed(order_id, claim, how)
                recorded += 1
            except Exception as problem:
                show_error(self.parent_widget, "Claim not recorded", problem)
        if recorded and self.on_recorded is not None:
            self.on_recorded()


def print_orders(
    parent: Any, practice: Practice, order_ids: Sequence[int], on_recorded: Callable[[], None] | None = None
) -> PrintSession | None:
    """Compute each order's claim now (the order as stored) and start a print session."""
    items = []
    for order_id in order_ids:
        try:
            items.append((order_id, practice.claims.compute(order_id)))
        except Exception as problem:
            show_error(parent, f"Order {order_id} can't be printed", problem)
            return None
    settings = getattr(parent.window(), "settings", None) or QSettings()
    session = PrintSession(parent, practice, items, settings, on_recorded, title=f"{len(items)} claim(s)")
    session.start()
    return session
