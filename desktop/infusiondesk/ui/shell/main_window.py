"""The main window: navigation between screens, menus, shortcuts, remembered layout.

It is built in two steps so it appears at once (only the few Qt classes the shell
needs are touched before it paints): the shell (menus, navigation, a
"opening" note) paints first; ``attach(practice)`` then builds the screens on the
open database. Screens are imported only there, keeping start-up imports light.
Window geometry, toolbars, the current screen and splitter positions are kept in
``QSettings`` (tests hand in a settings file in a temporary folder).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from infusiondesk import APP_NAME
from infusiondesk.ui.shell.screen_names import CLAIMS, ORDER, SCREENS

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from infusiondesk.services.practice import Practice
    from infusiondesk.ui.printing.session import PrintSession
    from infusiondesk.ui.shell.audit_log import AuditLogDialog
    from infusiondesk.ui.shell.housekeeping import Housekeeping
    from infusiondesk.ui.shell.idle_lock import IdleLock
    from infusiondesk.ui.shell.screens import Screens
    from infusiondesk.ui.signals import AppSignals

MENUS = ("&File", "&Edit", "&View", "&Setup", "&Help")


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.practice: Practice | None = None
        self.signals: AppSignals | None = None
        self.print_session: PrintSession | None = None
        self.housekeeping: Housekeeping | None = None
        self.undo_separator: QAction | None = None
        self.idle_lock: IdleLock | None = None  # once a database is open
        self.audit_dialog: AuditLogDialog | None = None
        # Each screen as its own type, once a database is open (``screens`` by place).
        self.open_screens: Screens | None = None
        self.setWindowTitle(APP_NAME)
        self.nav = QListWidget()
        for index, name in enumerate(SCREENS):
            self.nav.addItem(name)
            self.nav.item(index).setToolTip(f"Ctrl+{index + 1}")
        self.nav.setFixedWidth(self.nav.fontMetrics().horizontalAdvance("Order and claim") + 40)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.nav.setAccessibleName("Screens")
        self.stack = QStackedWidget()
        # No Qt namespace before the first paint: its enums take longer to load than
        # the window takes to draw (bench/startup.py).
        self.stack.addWidget(QLabel("<br><br><p align='center'>Opening the practice's database…</p>"))
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.menu_actions: dict[str, QAction] = {}  # by key; ``actions`` is QWidget.actions()
        self._shortcuts: dict[str, Any] = {}
        self._menus = {title: self.menuBar().addMenu(title) for title in MENUS}
        self.edit_menu = self._menus["&Edit"]
        # The menus' items (two dozen actions, lambdas and Qt's key enums) are added by
        # fill_menus() right after the first paint (app.launch) or by attach(): nobody can
        # open a menu sooner, and its items are disabled until the database is open.
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.statusBar().showMessage("Starting…")
        self.resize(1440, 900)
        self._restore_layout()

    # --- menus and shortcuts --------------------------------------------------------------

    def _action(self, menu: Any, key: str, text: str, shortcut: Any = None, slot: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # Set in attach(): the first setShortcut loads Qt's enums (~80 ms), which
            # would delay the first paint; the actions are disabled until then anyway.
            self._shortcuts[key] = shortcut
        action.setEnabled(False)  # until the database is open
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        self.menu_actions[key] = action
        return action

    def fill_menus(self) -> None:
        if self.menu_actions:
            return
        file, view, setup, help_menu = (self._menus[t] for t in ("&File", "&View", "&Setup", "&Help"))
        self._action(file, "new", "&New order", QKeySequence.StandardKey.New, lambda: self._call("new_order"))
        self._action(
            file, "save", "&Save order", QKeySequence.StandardKey.Save, lambda: self._call("save_order")
        )
        self._action(file, "import", "&Import order file…", "Ctrl+O", lambda: self._call("import_order"))
        self._action(file, "export", "&Export order file…", "Ctrl+E", lambda: self._call("export_order"))
        file.addSeparator()
        self._action(
            file, "print", "&Print claim…", QKeySequence.StandardKey.Print, lambda: self._call("print_order")
        )
        self._action(file, "export_837", "Export electronic claims (&837P)…", None, self._export_837)
        file.addSeparator()
        self._action(file, "backup", "&Back up now", None, lambda: self._call("backup"))
        self._action(file, "restore", "&Restore from backup…", None, lambda: self._restore())
        self._action(file, "remove_demo", "Remove sa&mple data…", None, self._remove_sample_data)
        quit_action = file.addAction("&Quit")
        quit_action.triggered.connect(self.close)
        self.menu_actions["quit"] = quit_action
        self._shortcuts["quit"] = QKeySequence.StandardKey.Quit
        self._action(
            self.edit_menu,
            "find_patient",
            "Find &patient for this order…",
            "Ctrl+F",
            lambda: self._call("choose_patient"),
        )
        for index, name in enumerate(SCREENS):
            self._action(
                view,
                f"screen{index}",
                name,
                f"Ctrl+{index + 1}",
                lambda _=False, i=index: self.show_screen(i),
            )
        for key, text in (
            ("practice", "&Practice…"),
            ("payers", "Pa&yers…"),
            ("profiles", "Payer p&rofiles…"),
            ("prescribers", "Pre&scribers…"),
            ("charges", "&Charge master…"),
            ("printer", "Printer &offsets…"),
        ):
            self._action(
                setup,
                f"setup_{key}",
                text,
                "Ctrl+," if key == "practice" else None,
                lambda _=False, k=key: self._call("open_setup", k),
            )
        self._action(setup, "setup_users", "&Users and passwords…", None, self._users)
        self._action(
            help_menu, "demo", "Load &sample data", None, lambda: self._call("offer_demo_data", True)
        )
        self._action(
            help_menu, "shortcuts", "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents, self._keys
        )
        self._action(help_menu, "audit_log", "Au&dit log…", None, self._audit_log)
        about = help_menu.addAction("&About Infusion Desk")
        about.triggered.connect(self._about)

    def _call(self, name: str, *args: Any) -> None:
        from infusiondesk.ui.shell import commands

        getattr(commands, name)(self, *args)

    def _export_837(self) -> None:
        """File menu: go to Claims and export what is chosen there."""
        self.show_screen(CLAIMS)
        self.built().claims.export_837()

    def _keys(self) -> None:
        from infusiondesk.ui.shell.shortcuts_help import show_shortcuts

        self.shortcuts_dialog = show_shortcuts(self)

    def _audit_log(self) -> None:
        from infusiondesk.ui.shell.audit_log import show_audit_log

        self.audit_dialog = show_audit_log(self)

    def _remove_sample_data(self) -> None:
        from infusiondesk.ui.shell.sample_data import remove_sample_data

        remove_sample_data(self)

    def _users(self) -> None:
        from infusiondesk.ui.shell.users_dialog import show_users

        if self.practice is not None:
            show_users(self, self.practice.data_dir)

    def _restore(self) -> None:
        from infusiondesk.ui.shell.restore import restore_from_backup

        restore_from_backup(self)

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from infusiondesk import __version__

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\nHome-infusion orders to CMS-1500 claims, offline, on this computer.",
        )

    # --- screens ---------------------------------------------------------------------------

    @property
    def screens(self) -> dict[int, QWidget]:
        """The screens by their place in the navigation (screen_names); none before ``attach``."""
        return {} if self.open_screens is None else self.open_screens.by_place()

    def built(self) -> Screens:
        """The screens of the open practice: the commands asking are enabled only once built."""
        if self.open_screens is None:
            raise RuntimeError("the screens are built once a practice is open")
        return self.open_screens

    def opened(self) -> Practice:
        """The open practice: the commands asking are enabled only once it is open."""
        if self.practice is None:
            raise RuntimeError("no practice is open")
        return self.practice

    def attach(self, practice: Practice) -> None:
        """Build the screens on an open database."""
        from infusiondesk.ui.shell.screens import build_screens

        self.practice = practice
        self.fill_menus()
        build_screens(self, practice)
        for key, action in self.menu_actions.items():
            action.setEnabled(True)
            if key in self._shortcuts:
                action.setShortcut(QKeySequence(self._shortcuts[key]))
        if practice.read_only:
            self.menu_actions["save"].setEnabled(False)
            self.setWindowTitle(f"{APP_NAME} — read-only (open in another window)")
        shown = self.settings.value("window/screen", ORDER)
        self.show_screen(int(shown) if isinstance(shown, int | str) and shown else ORDER)
        if self.idle_lock is None:
            from infusiondesk.ui.preferences import lock_minutes
            from infusiondesk.ui.shell.idle_lock import IdleLock

            self.idle_lock = IdleLock(self, lock_minutes(self.settings))
        elif self.idle_lock.locked:  # rebuilt under the lock: its commands stay off
            self.idle_lock.disable_commands()
        if practice.store.key is not None:  # named users: the lock asks for the password
            from functools import partial

            from infusiondesk.services import users

            self.idle_lock.unlock_check = partial(users.password_ok, practice.data_dir, practice.store.actor)
        signed_in = f" — signed in as {practice.store.actor}" if practice.store.key is not None else ""
        self.statusBar().showMessage(f"Database: {practice.store.path}{signed_in}", 8000)

    def detach(self, note: str) -> None:
        """Close the screens before the database goes away (a restore); ``attach``
        builds them again on the database opened next. ``note`` shows meanwhile."""
        if self.housekeeping is not None:
            self.housekeeping.stop()
            self.housekeeping = None
        if self.open_screens is not None:
            self.open_screens.order.stop()
        for action in (
            self.menu_actions.pop("undo", None),
            self.menu_actions.pop("redo", None),
            self.undo_separator,
        ):
            if action is not None:
                self.edit_menu.removeAction(action)
        self.undo_separator = None
        for key, action in self.menu_actions.items():
            action.setEnabled(key == "quit")
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.open_screens = None
        if self.signals is not None:
            self.signals.deleteLater()
            self.signals = None
        waiting = QLabel(f"<br><br><p align='center'>{note}</p>")
        self.stack.addWidget(waiting)
        self.stack.setCurrentWidget(waiting)

    def show_screen(self, index: int) -> None:
        """Switch screens; the keyboard lands in the screen's first field (not a hidden one)."""
        if index not in self.screens:
            return
        self.nav.setCurrentRow(index)
        self.stack.setCurrentWidget(self.screens[index])
        if not self.nav.hasFocus():
            screen = self.screens[index]
            getattr(screen, "take_focus", screen.setFocus)()

    def _nav_changed(self, row: int) -> None:
        if row in self.screens:
            self.stack.setCurrentWidget(self.screens[row])

    def current_screen(self) -> int:
        return self.nav.currentRow()

    # --- layout memory ----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self.screens:
            self.settings.setValue("window/screen", self.current_screen())
        if self.open_screens is not None:
            self.settings.setValue("order/splitter", self.open_screens.order.saveState())
        self.settings.sync()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.idle_lock is not None:
            self.idle_lock.resize_panel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.idle_lock is not None:
            self.idle_lock.stop()
        self.save_layout()
        if self.housekeeping is not None:
            self.housekeeping.stop()
        order = None if self.open_screens is None else self.open_screens.order
        if order is not None and self.practice is not None and not self.practice.read_only:
            order.save_draft()
        if order is not None:
            order.stop()
        super().closeEvent(event)

    def later(self, slot: Any) -> None:
        QTimer.singleShot(0, slot)
