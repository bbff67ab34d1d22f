"""File › Restore from backup…: choose a backup, confirm, replace the data, reopen.

When the database cannot be opened because it is damaged, the same restore is
offered at start-up (``offer_restore_at_start``): the verified backups, newest first,
before any menu is usable. A read-only second window reloads when another window
restored the data under it (``reload_restored``).

The database must be closed while its file is replaced, so the screens are closed
first and built again on the restored data. ``services.restore_backup`` keeps a
dated copy of the current database ("before-restore-…") before replacing it, so a
restore can itself be undone by restoring that copy; the dialog says so plainly.
The file work runs off the GUI thread (``worker``); if it fails, the data as it was
is opened again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from infusiondesk.services.practice import Backup, Backups, Practice
from infusiondesk.ui.errors import plain_message, show_error
from infusiondesk.ui.operations import run_op
from infusiondesk.ui.shell.housekeeping import Housekeeping
from infusiondesk.ui.widgets.models import RIGHT, Column, RowsModel
from infusiondesk.ui.widgets.views import list_view

if TYPE_CHECKING:
    from infusiondesk.ui.shell.main_window import MainWindow

KINDS = {
    "backup": "Backup",
    "before-upgrade": "Kept before an upgrade",
    "before-restore": "Kept before a restore",
    "damaged": "Damaged copy (kept for rescue)",
}
WARNING = (
    "<b>Restoring replaces all the data in Infusion Desk</b> — patients, orders, claims "
    "and setup — with the data in the backup you choose. Anything entered after that "
    "backup was taken will no longer be shown.<br><br>Before replacing anything, Infusion "
    "Desk keeps a dated copy of the current data in the backups folder (listed here as "
    "“Kept before a restore”), so you can go back to it the same way."
)


def taken_text(taken_at: datetime) -> str:
    return taken_at.astimezone().strftime("%m/%d/%Y %H:%M:%S")


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size / 1024, 0.1):,.1f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


class BackupsModel(RowsModel):
    TAKEN, KIND, SIZE, FILE = range(4)
    COLUMNS = (
        Column("Taken", lambda b: b.taken_at, taken_text),
        Column("Kind", lambda b: KINDS.get(b.kind, b.kind)),
        Column("Size", lambda b: b.size, size_text, RIGHT),
        Column("File", lambda b: b.path.name),
    )


class _BackupChooser(QDialog):
    """A dialog whose table lists backups: accepting it chooses the selected one."""

    table: Any
    model: Any
    chosen: Backup | None

    def accept(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self.chosen = self.model.row_at(index.row())
        super().accept()


class RestoreDialog(_BackupChooser):
    """The backups, newest first; ``chosen`` is the backup picked (after accept)."""

    def __init__(self, backups: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.resize(760, 480)
        self.chosen: Backup | None = None
        warning = QLabel(WARNING)
        warning.setWordWrap(True)
        self.model = BackupsModel(backups)
        self.table = list_view(self.model, {0: 160, 1: 190, 2: 90})
        self.table.activated.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        if backups:
            self.table.selectRow(0)
        self.table.setFocus()


def restore_from_backup(window: MainWindow) -> None:
    """The whole command: pick, confirm, close, restore in the background, reopen."""
    practice = window.practice
    if practice is None:
        return
    if practice.read_only:
        show_error(
            window,
            "Restore from backup",
            "Another Infusion Desk window has the data open. Close it first, then restore here.",
        )
        return
    data_dir = practice.data_dir
    backups = Backups.listed(data_dir)
    if not backups:
        show_error(window, "Restore from backup", "There are no backups yet: use File › Back up now.")
        return
    dialog = RestoreDialog(backups, window)
    if not dialog.exec() or dialog.chosen is None:
        return
    chosen = dialog.chosen
    answer = QMessageBox.question(
        window,
        "Replace the current data?",
        f"Replace all the current data with the backup taken {taken_text(chosen.taken_at)}?\n\n"
        "A dated copy of the current data is kept first, so this can be undone. "
        "An order you are editing and haven't saved is not kept.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    _restore(window, chosen, data_dir)


def _restore(window: MainWindow, chosen: Backup, data_dir: Path) -> None:
    practice = window.opened()
    window.detach("Restoring the backup…")
    # A failure to close is said, and the restore goes on: it keeps its own copy.
    run_op(window, lambda: practice.close(backup=False), title="Closing the database")

    def done(kept: Path | None) -> None:
        _reopen(window, data_dir)
        saved = f" The data you had is kept as {kept.name}." if kept is not None else ""
        window.statusBar().showMessage(
            f"Restored the backup taken {taken_text(chosen.taken_at)}.{saved}", 15000
        )

    run_op(
        window,
        lambda: Backups.restore(chosen.path, data_dir),
        title="The backup was not restored",
        progress="Restoring the backup…",
        long=True,
        on_success=done,
        # the data as it was: the restore replaces it only at the end
        on_failure=lambda _problem: _reopen(window, data_dir),
    )


def _reopen(window: MainWindow, data_dir: Path) -> Any:
    def opened(practice: Practice) -> None:
        window.attach(practice)
        start_housekeeping(window, practice)

    if not run_op(
        window,
        lambda: Practice.open(data_dir, if_in_use="read-only"),
        title="The database could not be opened",
        on_success=opened,
    ):
        return None
    return window.practice


def start_housekeeping(window: MainWindow, practice: Practice) -> None:
    """Timed backups and checks for a window just attached to ``practice``."""
    window.housekeeping = housekeeping_for(window, practice)
    window.housekeeping.start()


def housekeeping_for(window: MainWindow, practice: Practice) -> Housekeeping:
    """Housekeeping whose findings are answered here: damage is offered the backups, and
    a file restored by another window is reloaded."""
    housekeeping = Housekeeping(window, practice)
    housekeeping.damaged.connect(lambda problem: offer_restore_while_open(window, problem))
    housekeeping.replaced_under_us.connect(lambda: reload_restored(window))
    return housekeeping


# --- at start-up: the database is damaged ---------------------------------------------

RESTORE_AT_START = (
    "Choose a backup to put in its place; the newest is selected. The damaged file is kept "
    "in the backups folder (as “Damaged copy”), so nothing is thrown away. Anything entered "
    "after the backup was taken will have to be entered again."
)


class StartupRestoreDialog(_BackupChooser):
    """Why the data cannot be opened, and the backups that can replace it (newest first)."""

    def __init__(
        self, problem: str, backups: list[Backup], parent: QWidget | None = None, not_now: str = "&Quit"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("The data is damaged")
        self.resize(760, 480)
        self.chosen: Backup | None = None
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(self.problem.textInteractionFlags() | _selectable())
        advice = QLabel(RESTORE_AT_START if backups else "There is no backup to restore here.")
        advice.setWordWrap(True)
        self.model = BackupsModel(backups)
        self.table = list_view(self.model, {0: 160, 1: 190, 2: 90})
        self.table.activated.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox()
        self.quit_button = buttons.addButton(not_now, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button = buttons.addButton(
            "&Restore the selected backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(advice)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        if backups:
            self.table.selectRow(0)
            self.restore_button.setDefault(True)
        self.table.setFocus()


def _selectable() -> Any:
    from PySide6.QtCore import Qt

    return Qt.TextInteractionFlag.TextSelectableByMouse


def restorable(problem: BaseException) -> bool:
    """A damaged (or emptied, or overwritten) database: a backup can replace it."""
    from infusiondesk.services.errors import CorruptDatabase

    return isinstance(problem, CorruptDatabase)


def verified_backups(data_dir: Path) -> list[Backup]:
    from infusiondesk.services.opening import restorable_backups

    found = []
    for info in restorable_backups(data_dir):
        try:
            found.append(Backup(info.path, info.kind, info.taken_at, info.path.stat().st_size))
        except OSError:  # rotated away meanwhile
            continue
    return found


def offer_restore_at_start(
    window: MainWindow, problem: BaseException, data_dir: Path, reopen: Callable[[], None]
) -> bool:
    """The database could not be opened: when a backup can replace it, offer one right
    here. Restoring runs in the background and then ``reopen()``s; a failed restore is
    said and the offer made again. Quit closes the window. False when no restore helps
    (the caller says why and quits)."""
    if not restorable(problem):
        return False
    dialog = StartupRestoreDialog(plain_message(problem), verified_backups(data_dir), window)
    if not dialog.exec() or dialog.chosen is None:
        window.close()
        return True
    chosen = dialog.chosen

    def done(kept: Path | None) -> None:
        reopen()
        window.statusBar().showMessage(
            f"Restored the backup taken {taken_text(chosen.taken_at)}."
            + (f" The damaged data is kept as {kept.name}." if kept is not None else ""),
            15000,
        )

    run_op(
        window,
        lambda: Backups.restore(chosen.path, data_dir),
        title="The backup was not restored",
        progress="Restoring the backup…",
        long=True,
        on_success=done,
        on_failure=lambda _error: offer_restore_at_start(window, problem, data_dir, reopen),  # again
    )
    return True


def offer_restore_while_open(window: MainWindow, problem: BaseException) -> None:
    """The open-time check found damage after the window opened: offer the backups at
    once (File › Restore from backup… stays there for later)."""
    practice = window.practice
    if practice is None or practice.read_only or not restorable(problem):
        show_error(window, "The database is damaged", problem)
        return
    dialog = StartupRestoreDialog(
        plain_message(problem), verified_backups(practice.data_dir), window, not_now="&Not now"
    )
    if dialog.exec() and dialog.chosen is not None:
        _restore(window, dialog.chosen, practice.data_dir)


# --- a read-only window whose data another window restored ---------------------------


def reload_restored(window: MainWindow) -> None:
    """Another window restored a backup over the data this read-only window shows:
    close the old file and show the restored one."""
    practice = window.practice
    if practice is None:
        return
    data_dir = practice.data_dir
    window.detach("The data was restored from a backup in another window: opening it again…")
    with contextlib.suppress(Exception):  # the old file is gone: nothing of ours to save in it
        practice.close(backup=False)
    if _reopen(window, data_dir) is not None:
        window.statusBar().showMessage(
            "Another window restored a backup: this window now shows the restored data.", 15000
        )
