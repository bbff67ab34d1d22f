"""The print preview window, and the question asked when a claim isn't ready to print.

The preview shows the rendered PDF a page at a time (PgUp/PgDn), lets the biller
switch between the plain-paper worksheet and the red-form data print, then print
(Qt's print dialog) or save the PDF. ``delivered`` tells the session the claims
left the app, so they are recorded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.rules.vocabulary import PRINT_FORM_LABELS
from infusiondesk.services.errors import PrintRefused
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.printing.pages import (
    PrintOptions,
    letter_problem,
    open_pdf,
    page_image,
    paint_pdf,
    use_letter,
)
from infusiondesk.ui.widgets.fields import ChoiceField
from infusiondesk.ui.widgets.text import field_label
from infusiondesk.ui.worker import run_in_background

FORMS = tuple(PRINT_FORM_LABELS.items())
PREVIEW_DPI = 96


class PrintPreviewDialog(QDialog):
    form_changed = Signal(str)
    delivered = Signal(str)  # "printed" or "saved"

    def __init__(self, parent: QWidget | None, pdf: bytes, title: str, form: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Print preview — {title}")
        self.resize(900, 1000)
        self.page = 0
        self.form = ChoiceField(FORMS)
        self.form.set_value(form)
        self.form.edited.connect(lambda: self.form_changed.emit(self.form.value()))
        self.where = QLabel()
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("background: #777;")
        top = QHBoxLayout()
        top.addWidget(QLabel("Form"))
        top.addWidget(self.form, 1)
        self.previous, self.next = QPushButton("◀ Page"), QPushButton("Page ▶")
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        for widget in (self.previous, self.where, self.next):
            top.addWidget(widget)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = buttons.addButton("&Save as PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.print_button.clicked.connect(self.print_pages)
        self.save_button.clicked.connect(self.save_pdf)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.MoveToNextPage), self, lambda: self.show_page(self.page + 1)
        )
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage),
            self,
            lambda: self.show_page(self.page - 1),
        )
        self.set_pdf(pdf)

    def set_pdf(self, pdf: bytes) -> None:

        self.pdf = pdf
        self.document = open_pdf(pdf)
        self.show_page(0)

    @property
    def page_count(self) -> int:
        return len(self.document)

    def show_page(self, index: int) -> None:

        self.page = max(0, min(index, self.page_count - 1))
        self.image.setPixmap(QPixmap.fromImage(page_image(self.document, self.page, PREVIEW_DPI)))
        self.where.setText(f"{self.page + 1} of {self.page_count}")
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(self.page < self.page_count - 1)

    def print_pages(self) -> None:

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        use_letter(printer)
        if (problem := letter_problem(printer)) is not None:  # the default printer, before asking
            QMessageBox.warning(self, "No Letter paper", problem)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if (problem := letter_problem(printer)) is not None:
            QMessageBox.warning(self, "Not printed: no Letter paper", problem)
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:

        pdf = self.pdf
        run_in_background(
            self,
            lambda progress, cancelled: paint_pdf(printer, pdf, progress, cancelled),
            on_success=lambda _pages: self.delivered.emit("printed"),
            title="Printing…",
            cancellable=True,
        )

    def save_pdf(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save claims as PDF", "claims.pdf", "PDF files (*.pdf)"
            )
        if not path:
            return
        from infusiondesk.services.printing import save_pdf

        pdf, chosen = self.pdf, path
        run_op(
            self,
            lambda: save_pdf(pdf, chosen),
            title="PDF not saved",
            on_success=lambda _saved: self.delivered.emit("saved"),
        )


def refusal_problems(problem: BaseException) -> list[tuple[int, Any]] | None:
    """The (claim number, Problem) list of a PrintRefused; None for any other failure."""
    if not isinstance(problem, PrintRefused):
        return None
    return list(problem.problems)


class PrintRefusedDialog(QDialog):
    """Why the claims can't print as they are, and the biller's decision."""

    def __init__(
        self, parent: QWidget | None, problems: list[tuple[int, Any]], options: PrintOptions
    ) -> None:
        super().__init__(parent)
        self._options = options
        self.setWindowTitle("Not ready to print")
        lines = [f"Claim {number}: {field_label(p.where)} — {p.message}" for number, p in problems]
        text = QLabel(
            "These problems stop printing:\n\n" + "\n".join(lines[:20]) + ("\n…" if len(lines) > 20 else "")
        )
        text.setWordWrap(True)
        self.shorten = QCheckBox("Shorten names and streets that don't fit their box")
        self.split = QCheckBox("Split charges, units or totals that don't fit onto more lines")
        self.force = QCheckBox("Print even though the claim has errors (it will likely deny)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Try again")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (text, self.shorten, self.split, self.force, buttons):
            layout.addWidget(widget)

    def options(self) -> PrintOptions:
        from dataclasses import replace

        return replace(
            self._options,
            allow_shorten=self.shorten.isChecked(),
            split=self.split.isChecked(),
            force=self.force.isChecked(),
        )
