"""Starting the desktop app: ``run_app`` (the ``infusiondesk`` command without arguments).

The window paints first and opens the database right after (importing the store,
the rules and the reference data takes longer than drawing a window), so the app
appears as fast as an empty Qt window. ``build_main_window`` builds the whole
window on an already open practice, for the self-test and the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from infusiondesk import APP_ID, APP_NAME
from infusiondesk.ui.application import running_application
from infusiondesk.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from infusiondesk.services.practice import Practice


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with names (for QSettings), icon and styles."""
    app = QApplication.instance()
    if app is None:
        QApplication.setOrganizationName(APP_ID)
        QApplication.setApplicationName(APP_ID)
        QApplication.setApplicationDisplayName(APP_NAME)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def set_icon(app: QApplication) -> None:
    from PySide6.QtGui import QIcon

    icon = _icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))


def _icon_path() -> Path | None:
    try:
        from infusiondesk.paths import resource_path

        path = resource_path("icons", "infusiondesk-256.png")
    except FileNotFoundError:
        return None
    return path if path.exists() else None


def make_settings(path: str | Path | None = None) -> QSettings:
    """Window layout and printer offsets: an INI file (``path`` in tests), else the user's."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_ID, APP_ID)


def build_main_window(services: Practice, settings: QSettings | None = None) -> MainWindow:
    """The whole main window on an open practice (not shown)."""
    set_icon(application())
    window = MainWindow(settings if settings is not None else make_settings())
    window.attach(services)
    return window


def launch(
    data_dir: str | Path | None = None,
    settings: QSettings | None = None,
    first_run: bool = True,
    sign_in: bool = True,
) -> MainWindow:
    """Show the window now; open the database once it has painted. ``sign_in``: ask for
    a user and password first (creating the administrator in a folder without users);
    only tests pass False, to open a plain scratch practice."""
    app = application()
    window = MainWindow(settings if settings is not None else make_settings())
    window.show()
    app.processEvents()  # the first paint, before the slower imports below
    window.fill_menus()
    QTimer.singleShot(0, lambda: open_database(window, data_dir, first_run, sign_in))
    return window


def open_database(
    window: MainWindow, data_dir: str | Path | None, first_run: bool, sign_in: bool = True
) -> None:
    if sign_in:  # first, before the store's code loads: the dialog is the next paint
        from infusiondesk.ui.operations import run_op
        from infusiondesk.ui.shell.sign_in import sign_in as signed_in

        signed: list[bool] = []  # keys.json unreadable: said under the title, as no backup helps
        run_op(
            window, lambda: signed_in(window, data_dir), title="Could not sign in", on_success=signed.append
        )
        if signed != [True]:
            window.close()
            return
    from infusiondesk.services.errors import StoreError
    from infusiondesk.services.practice import Practice
    from infusiondesk.ui.errors import show_error

    try:
        practice = Practice.open(data_dir, if_in_use="read-only")
    except (StoreError, OSError) as problem:
        from infusiondesk.paths import data_dir as folder_of
        from infusiondesk.ui.shell.restore import offer_restore_at_start

        # Damaged: offer the backups right here (the menus need an open database), of the
        # folder the store was opened in (the default one, when none was given).
        if not offer_restore_at_start(
            window, problem, folder_of(data_dir), lambda: open_database(window, data_dir, False, sign_in)
        ):
            show_error(window, "The database could not be opened", problem)
            window.close()
        return
    try:
        window.attach(practice)
    except StoreError as problem:
        # Damage in pages the first screens read (the quick open-time check reads only
        # the first ones): the same offer of backups as a file that cannot be opened.
        import contextlib

        from infusiondesk.ui.shell.restore import offer_restore_at_start

        window.detach("The database is damaged.")
        with contextlib.suppress(Exception):
            practice.close(backup=False)  # its closing backup could rotate away the one to restore
        if not offer_restore_at_start(
            window, problem, practice.data_dir, lambda: open_database(window, data_dir, False, sign_in)
        ):
            show_error(window, "The database could not be opened", problem)
            window.close()
        return
    from infusiondesk.ui.shell.restore import start_housekeeping

    start_housekeeping(window, practice)
    set_icon(running_application())
    import threading

    threading.Thread(target=_warm_up_code_sets, daemon=True).start()
    if first_run:
        from infusiondesk.ui.shell import commands

        QTimer.singleShot(0, lambda: commands.first_run(window))


def _warm_up_code_sets() -> None:
    """Load the ICD-10-CM descriptions in the background, so the first diagnosis typed
    is described at once."""
    try:
        from infusiondesk.codesets import describe_diagnosis

        describe_diagnosis("A41.9")
    except Exception:  # only a warm-up: the editor loads it on demand if this failed
        _log().warning("ICD-10-CM code set warm-up failed")


def run_app(data_dir: str | Path | None = None) -> int:
    import logging

    from infusiondesk.ui.errors import install_excepthook
    from infusiondesk.ui.shell.system_libraries import x11_problem

    if QApplication.instance() is None and (missing := x11_problem()):
        print(missing, file=sys.stderr)  # Qt would abort with a message naming no package
        return 1
    logging.basicConfig(level=logging.WARNING)
    app = application()
    install_excepthook()
    window = launch(data_dir)
    status = app.exec()
    if window.practice is not None:
        try:
            window.practice.close()
        except Exception:  # closing is best effort: the data was committed already
            _log().warning("closing the database failed")
    return int(status)


def _log() -> Any:
    import logging

    return logging.getLogger("infusiondesk.ui")
