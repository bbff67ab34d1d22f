"""Start to first paint: Infusion Desk's main window against a bare PySide6 QMainWindow.

Target (issue 5): within 1.5x of the bare window measured in the same run. Each
program runs in a fresh interpreter, alternating, ``--runs`` times; the clock
starts just before the process is spawned and stops at the main window's first
paint event, its paintEvent (interpreter start-up, imports, QApplication, window, paint). Medians
are reported. Run by hand:

    uv run python bench/startup.py [--runs 7] [--sign-in]

``--sign-in`` measures what a biller sees first in a practice with users (issue 14):
the clock stops at the sign-in dialog's first paint instead.

Offscreen by default (as in CI); set QT_QPA_PLATFORM to measure on a display.
Exit status 1 when the ratio is over the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.5

# Both children print the seconds from the spawn (argv[1]) to the first paint event of
# their QMainWindow, then leave at once (tearing down is not part of starting). The
# clock is stopped by the window's own paintEvent: an application-wide Python event
# filter would wrap every event of every widget in a Python object on its way through,
# a cost that grows with the number of widgets and so is charged to the richer window
# (about 60 ms for the app's 176 start-up events, against a few for the bare window).
FIRST_PAINT = """
import os, sys, time

def first_paint(window, event):
    print(f"{time.time() - float(sys.argv[1]):.4f}", flush=True)
    os._exit(0)
"""

BARE = (
    FIRST_PAINT
    + """
from PySide6.QtWidgets import QApplication, QMainWindow

class Bare(QMainWindow):
    paintEvent = first_paint

app = QApplication(sys.argv[:1])
window = Bare()
window.resize(1440, 900)
window.show()
app.exec()
"""
)

APP = (
    FIRST_PAINT
    + """
from infusiondesk.ui.shell.app import application, launch, make_settings
from infusiondesk.ui.shell.main_window import MainWindow

MainWindow.paintEvent = first_paint
app = application()
launch(sys.argv[2], make_settings(os.path.join(sys.argv[2], "ui.ini")), first_run=False, sign_in=False)
app.exec()
"""
)


SIGN_IN = (
    FIRST_PAINT
    + """
from infusiondesk.ui.shell.app import application, launch, make_settings
from infusiondesk.ui.shell.sign_in import SignInDialog

SignInDialog.paintEvent = first_paint
app = application()
launch(sys.argv[2], make_settings(os.path.join(sys.argv[2], "ui.ini")), first_run=False)
app.exec()
"""
)


def run_once(code: str, data_dir: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, repr(started), data_dir],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({done.returncode}): {done.stderr[-2000:]}")
    return float(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sign-in", action="store_true", help="stop at the sign-in dialog's paint")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        child = APP
        if args.sign_in:
            from infusiondesk.services import users

            users.create_administrator(data_dir, "Bench", "bench password")
            child = SIGN_IN
        run_once(BARE, data_dir)  # warm the disk cache for both
        run_once(child, data_dir)
        bare, app = [], []
        for _ in range(args.runs):
            bare.append(run_once(BARE, data_dir))
            app.append(run_once(child, data_dir))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratio = app_median / bare_median
    print(
        f"bare QMainWindow  median {bare_median * 1000:7.1f} ms  "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in bare)})"
    )
    print(
        f"Infusion Desk     median {app_median * 1000:7.1f} ms  "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in app)})"
    )
    print(f"ratio {ratio:.2f} (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
