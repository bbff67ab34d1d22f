"""The idle lock: after N minutes without a key or a click, cover the window.

HIPAA's automatic logoff (45 CFR 164.312(a)(2)(iii)): a laptop left open at the
pharmacy's counter must not go on showing patients. After ``minutes`` without input
(``security/lock_after_minutes`` in the app's settings, 15 unless set) the order being
edited is kept as its draft, open dialogs are closed (a dialog cannot stay over the
lock), the menus' commands are disabled, the window's title loses what it named, and
a panel with no patient data covers the whole window until the user unlocks it.

``unlock_check(password) -> bool`` decides: None (no named users yet) unlocks on the
button alone; with users, the login plugs in a check of the password, and the panel
then asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infusiondesk import APP_NAME
from infusiondesk.ui.application import running_application
from infusiondesk.ui.preferences import DEFAULT_LOCK_MINUTES

if TYPE_CHECKING:
    from infusiondesk.ui.shell.main_window import MainWindow

UnlockCheck = Callable[[str], bool]

# The user at the keyboard: these restart the idle clock (moving the mouse over the
# window too, as screen savers count it).
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockPanel(QWidget):
    """What a locked window shows: the app's name, why, and the way back. No data."""

    def __init__(self, parent: QWidget, unlock: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setObjectName("lockPanel")
        self.setAutoFillBackground(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.password.returnPressed.connect(unlock)
        self.problem = QLabel()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.clicked.connect(unlock)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(f"<h2>{APP_NAME} is locked</h2>")
        for widget in (title, self.message, self.password, self.problem, self.unlock_button):
            layout.addWidget(widget)
        layout.addStretch(2)
        layout.setContentsMargins(200, 40, 200, 40)

    def show_for(self, minutes: float, asks_password: bool) -> None:
        self.message.setText(
            f"Nothing was used for {minutes:g} minutes, so patient data is hidden. "
            + ("Enter your password to continue." if asks_password else "Unlock to continue.")
        )
        self.password.setVisible(asks_password)
        self.password.clear()
        self.problem.clear()


class IdleLock(QObject):
    def __init__(
        self,
        window: MainWindow,
        minutes: float = DEFAULT_LOCK_MINUTES,
        unlock_check: UnlockCheck | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.minutes = minutes
        self.unlock_check = unlock_check
        self.locked = False
        self._title = ""
        self._enabled: dict[str, bool] = {}
        self._hidden: list[QWidget] = []
        self.panel: LockPanel | None = None
        self.timer = QTimer(self, singleShot=True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may lock a minute late
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        running_application().installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        self.set_idle_ms(int(minutes * 60_000))

    def set_idle_ms(self, milliseconds: int) -> None:
        """How long without input before locking (tests pass a few milliseconds)."""
        self.timer.setInterval(milliseconds)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.locked:
            self.timer.start()  # restarts the idle clock
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # --- locking ------------------------------------------------------------------------

    def lock(self) -> None:
        if self.locked or self.window.practice is None:
            return
        self.locked = True
        self._keep_draft()
        self._close_other_windows()
        window = self.window
        self._title = window.windowTitle()
        window.setWindowTitle(f"{APP_NAME} — locked")
        self.disable_commands()
        window.statusBar().clearMessage()
        _show_central(window, False)
        if self.panel is None:
            self.panel = LockPanel(window, self.try_unlock)
        self.panel.show_for(self.minutes, self.unlock_check is not None)
        self.panel.setGeometry(window.rect())
        self.panel.raise_()
        self.panel.show()
        (self.panel.password if self.unlock_check is not None else self.panel.unlock_button).setFocus()
        self._audit("lock")

    def disable_commands(self) -> None:
        """Every menu command off while locked (remembering which were on); called again
        when the window is rebuilt under the lock (another window restored a backup)."""
        actions = self.window.menu_actions
        self._enabled = {key: action.isEnabled() for key, action in actions.items()}
        for action in actions.values():
            action.setEnabled(False)

    def _keep_draft(self) -> None:
        """The order being typed is saved as the draft now, not a moment later."""
        if self.window.open_screens is None:
            return
        screen = self.window.open_screens.order
        try:
            screen.flush()
            screen.save_draft()
        except Exception:  # never keep the window unlocked because a draft failed
            self.window.statusBar().clearMessage()

    def _close_other_windows(self) -> None:
        """Dialogs are closed (a modal one would stay over the lock); other windows hidden."""
        self._hidden = []
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                widget.reject()
                widget.hide()
            else:
                widget.hide()
                self._hidden.append(widget)

    # --- unlocking ----------------------------------------------------------------------

    def try_unlock(self) -> bool:
        if not self.locked or self.panel is None:
            return False
        if self.unlock_check is not None and not self.unlock_check(self.panel.password.text()):
            self.panel.password.clear()
            self.panel.problem.setText("That password is not right.")
            self._audit("unlock refused")
            return False
        self.unlock()
        return True

    def unlock(self) -> None:
        window = self.window
        if self.panel is not None:
            self.panel.password.clear()
            self.panel.hide()
        _show_central(window, True)
        for key, action in window.menu_actions.items():
            action.setEnabled(self._enabled.get(key, action.isEnabled()))
        window.setWindowTitle(self._title)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.locked = False
        self._audit("unlock")
        self.timer.start()

    def _audit(self, action: str) -> None:
        practice = self.window.practice
        if practice is not None:
            try:
                practice.audit.session_event(action)
            except Exception:  # the lock must work even when the database cannot be written
                return

    def resize_panel(self) -> None:
        if self.locked and self.panel is not None:
            self.panel.setGeometry(self.window.rect())


def _show_central(window: QMainWindow, shown: bool) -> None:
    """The window's screens, hidden under the lock (the main window always has them)."""
    central = window.centralWidget()
    if central is not None:
        central.setVisible(shown)
