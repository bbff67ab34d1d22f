"""``infusiondesk --self-test``: prove an installed copy works, end to end, in seconds.

Run after installing (and by the release build on the frozen app): it starts the
GUI offscreen on a temporary data folder, builds the main window, saves a sample
order through ``services``, computes its claim, prints a worksheet PDF in memory,
reads the PDF back and renders it as the print preview does. Each step prints one
line with its time; a failed step prints one line saying what failed, the steps
that need it are skipped (the others still run), and the exit status is 1.

Nothing outlives the run: the sample patient is fictional; the database, its
backups and the window settings live in a temporary folder that is deleted (and
checked to be gone) at the end; the PDF never touches the disk.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

# Only the standard library at import time: each step imports what it checks, so a
# piece missing from an installation is reported as that step failing.
from infusiondesk import APP_NAME, __version__

EXIT_OK = 0
EXIT_FAILED = 1
DATA_ENV = "INFUSIONDESK_DATA_DIR"


class StepFailed(Exception):
    """A check inside a step did not hold; the message says which."""


@dataclass
class _Run:
    """What the steps hand on to each other (mutable on purpose: it is the run's state)."""

    data_dir: Path
    app: Any = None
    store: Any = None
    window: Any = None
    order_id: int | None = None
    claim: Any = None
    pdf: bytes = b""


def _check_shipped_data(run: _Run) -> str:
    from infusiondesk.codesets import load_reference
    from infusiondesk.output.layout import load_layout
    from infusiondesk.paths import migrations_path, resource_path

    reference = load_reference()
    load_layout()
    migrations = sorted(migrations_path().glob("*.sql"))
    if not migrations:
        raise StepFailed(f"no schema migrations in {migrations_path()}")
    if not resource_path("icons", "infusiondesk-256.png").is_file():
        raise StepFailed(f"the app icon is missing from {resource_path('icons')}")
    return f"{len(reference.therapies)} therapies, {len(migrations)} migrations"


def _start_qt(run: _Run) -> str:
    from PySide6.QtCore import qInstallMessageHandler

    from infusiondesk.ui.shell.app import application

    qInstallMessageHandler(_quiet_offscreen_warnings)
    run.app = application()
    return f"platform {run.app.platformName()}"


def _quiet_offscreen_warnings(_mode: Any, _context: Any, message: str) -> None:
    """Qt's offscreen platform warns about window features it lacks; that is not a
    failure, and the self-test's output should read as a clean checklist."""
    if "does not support" not in message:
        print(message, file=sys.stderr, flush=True)


def _open_database(run: _Run) -> str:
    from infusiondesk import services

    # Encrypted, as the app's: proves SQLCipher and the key wrapping are in the bundle.
    services.users.create_administrator(run.data_dir, "self-test", secrets.token_urlsafe(16))
    run.store = services.open_store(run.data_dir)
    if run.store.key is None or run.store.path.read_bytes()[:16] == b"SQLite format 3\x00":
        raise StepFailed("the database was not encrypted")
    return f"{run.store.path.name} (encrypted)"


def _build_window(run: _Run) -> str:
    from infusiondesk.services.practice import Practice
    from infusiondesk.ui.shell.app import build_main_window, make_settings

    # Window layout goes to the temporary folder, never to the user's settings.
    settings = make_settings(run.data_dir / "settings.ini")
    run.window = build_main_window(Practice(run.store), settings)
    run.window.show()
    run.app.processEvents()
    if not run.window.isVisible():
        raise StepFailed("the main window did not show")
    title: str = run.window.windowTitle()  # ``window`` is Any: Qt stays out of the checked modules
    return title


def _save_order(run: _Run) -> str:
    from infusiondesk import services
    from infusiondesk.selftest_sample import SAMPLE_CHARGES, sample_order

    run.order_id = services.save_order(run.store, sample_order(date.today())).id
    for code, amount in SAMPLE_CHARGES.items():
        services.set_charge(run.store, code, Decimal(amount))
    return f"order {run.order_id}"


def _compute(run: _Run) -> str:
    from infusiondesk import services
    from infusiondesk.selftest_sample import per_diem_codes

    assert run.order_id is not None
    run.claim = services.compute_claim(run.store, run.order_id)
    errors = [p for p in run.claim.problems if p.severity == "error"]
    if errors:
        raise StepFailed(f"the sample claim has errors: {errors[0].where}: {errors[0].message}")
    codes = per_diem_codes(run.claim)
    if not codes:
        raise StepFailed("the sample claim has no per-diem S-code line")
    return ", ".join(f"{line.code} x{line.units}" for line in run.claim.lines)


def _print_worksheet(run: _Run) -> str:
    from infusiondesk.output.pdf import render_claims

    run.pdf = render_claims([run.claim], form="worksheet")
    if not run.pdf.startswith(b"%PDF"):
        raise StepFailed("the worksheet is not a PDF")
    return f"{len(run.pdf) // 1024} KB"


def _read_pdf_back(run: _Run) -> str:
    from infusiondesk.selftest_sample import SAMPLE_LAST_NAME, first_page_text, per_diem_codes

    text = first_page_text(run.pdf).upper()
    missing = [w for w in (*per_diem_codes(run.claim), SAMPLE_LAST_NAME.upper()) if w not in text]
    if missing:
        raise StepFailed(f"page 1 of the worksheet lacks {', '.join(missing)}")
    return "S-code and patient name on page 1"


def _render_preview(run: _Run) -> str:
    from PySide6.QtGui import QImage

    from infusiondesk.ui.printing.pages import open_pdf, page_image

    document = open_pdf(run.pdf)
    try:
        image = page_image(document, 0, 50).convertToFormat(QImage.Format.Format_Grayscale8)
    finally:
        document.close()
    if image.isNull() or image.width() < 300:
        raise StepFailed("pdfium did not render page 1")
    if min(bytes(image.constBits())) > 128:
        raise StepFailed("page 1 rendered blank")
    return f"page 1 at {image.width()}x{image.height()} px"


@dataclass(frozen=True, slots=True)
class Step:
    """One check: its name, what it does, and the steps it needs to have passed."""

    name: str
    action: Callable[[_Run], str]
    needs: tuple[str, ...] = ()


STEPS: tuple[Step, ...] = (
    Step("shipped data", _check_shipped_data),
    Step("start Qt offscreen", _start_qt),
    Step("open temporary database", _open_database),
    Step("build main window", _build_window, ("start Qt offscreen", "open temporary database")),
    Step("save sample order", _save_order, ("open temporary database",)),
    Step("compute claim", _compute, ("save sample order",)),
    Step("print worksheet PDF", _print_worksheet, ("compute claim",)),
    Step("read PDF back", _read_pdf_back, ("print worksheet PDF",)),
    Step("render print preview", _render_preview, ("start Qt offscreen", "print worksheet PDF")),
)


def run_self_test(steps: tuple[Step, ...] = STEPS) -> int:
    """Run every step whose prerequisites passed, one line each, then clean up;
    0 when all passed. Independent steps still run after a failure, so one run
    shows everything that is wrong."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    print(f"{APP_NAME} {__version__} self-test", flush=True)
    data_dir = Path(tempfile.mkdtemp(prefix="infusiondesk-selftest-"))
    previous_env = os.environ.get(DATA_ENV)
    os.environ[DATA_ENV] = str(data_dir)  # anything reading the default lands here too
    run = _Run(data_dir)
    passed: set[str] = set()
    try:
        for step in steps:
            missing = [need for need in step.needs if need not in passed]
            if missing:
                _report("skip", step.name, 0.0, f"needs {', '.join(missing)}")
            elif _run_step(step, run):
                passed.add(step.name)
    finally:
        cleaned = _clean_up(run, previous_env)
    failed = not cleaned or len(passed) < len(steps)
    verdict = "FAILED" if failed else "passed"
    print(f"self-test {verdict} in {time.perf_counter() - started:.2f} s", flush=True)
    return EXIT_FAILED if failed else EXIT_OK


def _run_step(step: Step, run: _Run) -> bool:
    began = time.perf_counter()
    try:
        detail = step.action(run)
    except Exception as problem:  # report any failure as one line, never a traceback
        _report("FAIL", step.name, time.perf_counter() - began, _describe(problem))
        return False
    _report("ok", step.name, time.perf_counter() - began, detail)
    return True


def _clean_up(run: _Run, previous_env: str | None) -> bool:
    """Close the window and the database, delete the folder, check it is gone."""
    began = time.perf_counter()
    problems = []
    for what, action in (("window", _close_window), ("database", _close_store)):
        try:
            action(run)
        except Exception as problem:
            problems.append(f"closing the {what}: {_describe(problem)}")
    if previous_env is None:
        os.environ.pop(DATA_ENV, None)
    else:
        os.environ[DATA_ENV] = previous_env
    shutil.rmtree(run.data_dir, ignore_errors=True)
    if run.data_dir.exists():
        problems.append(f"could not delete {run.data_dir}; delete it by hand")
    status = "FAIL" if problems else "ok"
    _report(status, "clean up", time.perf_counter() - began, "; ".join(problems) or "temporary data deleted")
    return not problems


def _close_window(run: _Run) -> None:
    if run.window is not None:
        run.window.close()
        run.window.deleteLater()
        run.app.processEvents()
    if run.app is not None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(None)


def _close_store(run: _Run) -> None:
    if run.store is not None:
        from infusiondesk import services

        services.close_store(run.store, backup=False)


def _report(status: str, name: str, seconds: float, detail: str) -> None:
    print(f"  {status:<4}  {name:<24} {seconds:6.2f} s  {detail}", flush=True)


def _describe(problem: BaseException) -> str:
    """One line: the message, and for an unexpected exception its type and where it
    was raised (file and line, enough for a bug report, no traceback)."""
    text = str(problem).strip().splitlines()[0] if str(problem).strip() else ""
    if isinstance(problem, StepFailed):
        return text
    frames = traceback.extract_tb(problem.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return (f"{type(problem).__name__}: {text}" if text else type(problem).__name__) + where
