"""SIGKILL the order importer many more times than the test suite does (issue 3).

    uv run python bench/kill.py [--kills 2000] [--seed 1]

Same witness as tests/test_store_kill.py (it reuses that harness): after every kill,
each id the importer printed is in the database, no order is half saved, and
integrity_check is ok. Runs on /dev/shm when there is one (SIGKILL tests atomicity,
not power loss). Prints how many kills landed mid-import and how long it took.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_store_kill import FILES_PER_RUN, Importer, _run_forked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="infusiondesk-kill-", dir=shm if shm.is_dir() else None))
    started = time.perf_counter()
    try:
        importer = Importer(folder)
        stamps: list[float] = []
        for _ in range(2):
            importer.verify(_run_forked(importer, importer.batch(), stamps=stamps))
        per_order = (stamps[-1] - stamps[0]) / max(1, len(stamps) - 1)
        mid_import = 0
        for kill in range(1, args.kills + 1):
            after = rng.randrange(FILES_PER_RUN + 1)
            printed = _run_forked(importer, importer.batch(), after, rng.uniform(0, per_order))
            importer.verify(printed)
            mid_import += len(printed) < FILES_PER_RUN
            if kill % 100 == 0:
                print(f"{kill} kills, {len(importer.checked)} orders saved and verified", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"{args.kills} kills ({mid_import} mid-import): every printed id saved, no half-saved order, "
        f"integrity ok; {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
