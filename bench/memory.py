"""Memory at rest: Infusion Desk's main window, an order open, against a bare PySide6 window.

Target (issue 10 item 4): the app at rest under 150 MB resident. Each program runs
in a fresh interpreter on the offscreen platform. The app opens a data folder with
the fictional demo practice, shows its main window, opens the first order in the
order editor (diagnoses described, claim computed), waits until every background
thread (the ICD-10-CM warm-up, the claim worker) has finished and the event loop is
idle, then reports its resident set size (VmRSS). The bare window is a shown
1440x900 QMainWindow after the same wait. Run by hand:

    uv run python bench/memory.py [--runs 3]

Linux (reads /proc/self/status). Exit status 1 when the app is over the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

TARGET_MB = 150.0

# Both children print their resident set size in MB once at rest, then leave.
AT_REST = """
import gc, os, sys, threading, time

def resident_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS (not Linux?)")

def settle(app, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or threading.active_count() > 1:
        app.processEvents()
        time.sleep(0.02)
    gc.collect()
    app.processEvents()

def report(app, seconds=2.0):
    settle(app, seconds)
    print(f"{resident_mb():.1f}", flush=True)
    os._exit(0)
"""

BARE = (
    AT_REST
    + """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1440, 900)
window.show()
QTimer.singleShot(0, lambda: report(app))
app.exec()
"""
)

APP = (
    AT_REST
    + """
from PySide6.QtCore import QTimer
from infusiondesk.ui.shell.app import application, launch, make_settings
from infusiondesk.ui.shell.screen_names import ORDER

app = application()
settings = make_settings(os.path.join(sys.argv[1], "ui.ini"))
window = launch(sys.argv[1], settings, first_run=False, sign_in=False)
window.resize(1440, 900)

def open_an_order():
    if window.practice is None:  # the database opens after the first paint
        QTimer.singleShot(50, open_an_order)
        return
    [first] = window.practice.orders.list(limit=1)
    window.screens[ORDER].open_order(first.id)
    window.show_screen(ORDER)
    assert window.screens[ORDER].editor.header.diagnoses.values(), "the demo order has diagnoses"
    settle(app, 2.0)
    from infusiondesk import codesets
    assert codesets.describe_diagnosis("A41.9", wait=False), "the ICD-10-CM descriptions are loaded"
    report(app, 0.5)

QTimer.singleShot(0, open_an_order)
app.exec()
"""
)


def run_once(code: str, data_dir: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(
        [sys.executable, "-c", code, data_dir],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({done.returncode}): {done.stderr[-2000:]}")
    return float(lines[-1])


def demo_practice(data_dir: str) -> None:
    script = "import sys; from infusiondesk.cli import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", script, "--data-dir", data_dir, "demo-data"]
    subprocess.run(command, check=True, capture_output=True, timeout=180)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        demo_practice(data_dir)
        bare = [run_once(BARE, data_dir) for _ in range(args.runs)]
        app = [run_once(APP, data_dir) for _ in range(args.runs)]
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    for name, runs in (("bare QMainWindow", bare), ("Infusion Desk, order open", app)):
        each = ", ".join(f"{mb:.0f}" for mb in runs)
        print(f"{name:27} median {statistics.median(runs):6.1f} MB  (runs: {each})")
    print(f"app - bare {app_median - bare_median:.1f} MB (target: app under {TARGET_MB:.0f} MB)")
    return 0 if app_median < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
