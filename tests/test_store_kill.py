"""Kill the order importer with SIGKILL at random moments.

After every kill: each id the importer printed is in the database, no order is half
saved (every order has all its rows and equals its file), and integrity_check is ok.
Most kills use a forked child running the real CLI (``orders import``), which
costs no interpreter start-up, so the suite can afford hundreds of them; a few use
a fresh ``python -m infusiondesk`` process, exactly as a user runs it.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.store.orders import load_order
from tests.test_store_support import SMALL_ORDER_SHAPE, new_store, small_order_file

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL and fork are POSIX-only"),
]

FORK_KILLS = 210
PROCESS_KILLS = 4
FILES_PER_RUN = 6


class Importer:
    """Writes batches of order files and checks the database after each kill."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data_dir = folder / "data"
        self.files = folder / "orders"
        self.files.mkdir()
        self.next = 0
        self.checked: set[int] = set()
        self.printed: set[int] = set()

    def batch(self, count: int = FILES_PER_RUN) -> list[str]:
        paths = []
        for _ in range(count):
            path = self.files / f"order-{self.next}.json"
            path.write_text(json.dumps(small_order_file(self.next)))
            paths.append(str(path))
            self.next += 1
        return paths

    def verify(self, printed: list[int]) -> int:
        """Check the database; returns how many new orders it holds."""
        self.printed.update(printed)
        store = new_store(self.data_dir)  # also proves the killed writer's lock is gone
        try:
            db = store.db
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ids = {row[0] for row in db.execute("SELECT id FROM orders")}
            assert self.printed <= ids, f"printed but not saved: {self.printed - ids}"
            self._no_half_saved_order(store)
            new = ids - self.checked
            for order_id in new:
                pa = load_order(store, order_id).prior_authorization
                expected = services.parse_order_data(store, small_order_file(int(pa[2:])))
                assert load_order(store, order_id) == expected
            self.checked |= new
            pas = [row[0] for row in db.execute("SELECT prior_authorization FROM orders")]
            assert len(pas) == len(set(pas))  # each file saved once at most
            return len(new)
        finally:
            store.close()

    @staticmethod
    def _no_half_saved_order(store) -> None:
        db = store.db
        for table, expected in SMALL_ORDER_SHAPE.items():
            if table in ("holds", "drugs"):
                sql = (
                    f"SELECT o.id, (SELECT count(*) FROM {table} x JOIN therapies t "
                    "ON x.therapy_id = t.id WHERE t.order_id = o.id) FROM orders o"
                )
            else:
                sql = f"SELECT o.id, (SELECT count(*) FROM {table} x WHERE x.order_id = o.id) FROM orders o"
            wrong = [row for row in db.execute(sql) if row[1] != expected]
            assert wrong == [], f"{table}: orders with missing rows {wrong[:5]}"


def _run_forked(
    importer: Importer,
    paths: list[str],
    after_ids: int | None = None,
    delay: float = 0.0,
    stamps: list[float] | None = None,
) -> list[int]:
    """The CLI importer in a forked child, killed ``delay`` s after it printed
    ``after_ids`` ids (None: let it finish)."""
    from infusiondesk.cli import main

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: stdout is the pipe, nothing else of pytest's
        code = 70
        try:
            os.close(read_end)
            sys.stdout = io.TextIOWrapper(os.fdopen(write_end, "wb", 0), write_through=True)
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child exits right after
            code = main(["--data-dir", str(importer.data_dir), "orders", "import", *paths])
        finally:
            os._exit(code)
    os.close(write_end)
    output = b""
    while after_ids is None or output.count(b"\n") < after_ids:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        output += chunk
        if stamps is not None:
            stamps.append(time.perf_counter())
    if after_ids is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        output += pipe.read()
    if after_ids is None:
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, output
    return [int(line) for line in output.split()]


@pytest.fixture
def fast_folder(tmp_path: Path):
    """SIGKILL tests atomicity, not power loss (the OS keeps what a killed process
    wrote), so a RAM disk is as good a witness as a real one, and much faster."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="infusiondesk-kill-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_sigkill_at_random_moments_loses_nothing_printed(fast_folder: Path) -> None:
    rng = random.Random(int(os.environ.get("KILL_SEED", "20260301")))
    importer = Importer(fast_folder)
    for _ in range(2):  # uninterrupted runs; the second, warm one gives the timing
        stamps: list[float] = []
        full = _run_forked(importer, importer.batch(), stamps=stamps)
        assert len(full) == FILES_PER_RUN and importer.verify(full) == FILES_PER_RUN
    per_order = (stamps[-1] - stamps[0]) / max(1, len(stamps) - 1)
    killed_mid_import = 0
    for _ in range(FORK_KILLS):
        # Kill after 0..all ids were printed, then a random part of one order's time:
        # moments from start-up through mid-transaction to the closing backup.
        after = rng.randrange(FILES_PER_RUN + 1)
        printed = _run_forked(importer, importer.batch(), after, rng.uniform(0, per_order))
        assert len(printed) >= after
        importer.verify(printed)
        killed_mid_import += len(printed) < FILES_PER_RUN
    assert killed_mid_import >= FORK_KILLS // 2, killed_mid_import
    assert len(importer.checked) > FORK_KILLS


def test_sigkill_of_the_real_command(fast_folder: Path) -> None:
    rng = random.Random(7)
    importer = Importer(fast_folder)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "infusiondesk", "--data-dir", str(importer.data_dir), "orders", "import"]
    for _ in range(PROCESS_KILLS):
        child = subprocess.Popen(
            [*command, *importer.batch(40)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the import is under way: kill it soon after
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        importer.verify([int(x) for x in (first + rest).split()])
    assert importer.checked
