"""Thousands of hostile order files through the real CLI: every one ends in exit 0 (a
claim) or exit 2 (a refusal naming the field), within a time and a memory bound.

Target (issue 12): no traceback, no hang, no other exit code, and no case over the
bounds. The same generator (``tests/fuzz_orders.py``) drives 200 cases in CI
(``tests/test_fuzz_orders.py``); this runs as many as you like by hand:

    uv run python bench/fuzz.py [--cases 5000] [--processes 50] [--seed 1]

Each case is written to a file and run through ``infusiondesk.cli.main`` (``compute``,
then ``print --form red-form`` on every fifth, ``print`` (the worksheet, forced) on every
twentieth), in this process, with its wall time and peak allocation (tracemalloc) measured. ``--processes``
further cases run as real ``python -m infusiondesk`` processes under an address-space
limit (Linux/macOS), which is how a biller's terminal runs them: a crash, a hang past
``--seconds`` or memory past the limit fails the run. The worst case is reported.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/fuzz_orders.py: the generator the suite uses

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from tests.fuzz_orders import hostile_order_texts  # noqa: E402

from infusiondesk.cli import main  # noqa: E402

EXPECTED_EXITS = {0, 2}
PRINT_EXITS = {0, 1, 2}  # 1: the claim has errors, so print refuses it (without --force)


def _bytes(text: str) -> bytes:
    """The file as a hostile writer leaves it: a lone surrogate written as is (invalid
    UTF-8, which the reader must refuse by name)."""
    return text.encode("utf-8", "surrogatepass")


def generate(cases: int, seed_value: int) -> list[str]:
    """``cases`` hostile order texts, the same ones again for the same ``seed_value``."""
    texts: list[str] = []

    @settings(
        max_examples=cases,
        database=None,
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(text=hostile_order_texts())
    def collect(text: str) -> None:
        texts.append(text)

    collect()
    return texts[:cases]


def run_in_process(file: Path, n: int, out: Path) -> tuple[int, float, int, str]:
    """(compute's exit code, or -1 for any unexpected exit; the slowest command's
    seconds; the largest peak bytes; stderr of a failure) of the CLI on one order file."""
    commands = [["compute", str(file)]]
    if n % 5 == 0:
        commands.append(["print", str(file), "--form", "red-form", "-o", str(out), "--shorten", "--split"])
    if n % 20 == 0:
        commands.append(["print", str(file), "-o", str(out), "--force", "--shorten", "--split"])
    computed, slowest, largest = 0, 0.0, 0
    for argv in commands:
        stdout, stderr = io.StringIO(), io.StringIO()
        tracemalloc.start()
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = main(argv)
        except SystemExit as stop:  # argparse: a usage error
            code = stop.code if isinstance(stop.code, int) else 2
        except BaseException as crash:  # the very thing this run looks for
            code = -1
            stderr.write(f"{type(crash).__name__}: {crash}")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        allowed = PRINT_EXITS if argv[0] == "print" else EXPECTED_EXITS
        slowest, largest = max(slowest, elapsed), max(largest, peak)
        if code not in allowed:
            return -1, slowest, largest, f"{' '.join(argv[:1])} exit {code}: {stderr.getvalue()}"
        if argv[0] == "compute":
            computed = code
    return computed, slowest, largest, ""


def run_as_process(file: Path, seconds: float, memory_mb: int) -> tuple[int, float]:
    """(exit code, seconds) of ``python -m infusiondesk compute`` under the limits."""

    def limit() -> None:
        import resource

        limit_bytes = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "infusiondesk", "compute", str(file)],
            capture_output=True,
            timeout=seconds,
            preexec_fn=limit if sys.platform != "win32" else None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -9, time.perf_counter() - started
    if done.returncode not in EXPECTED_EXITS or b"Traceback" in done.stderr:
        return done.returncode if done.returncode not in EXPECTED_EXITS else -1, time.perf_counter() - started
    return done.returncode, time.perf_counter() - started


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--processes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0, help="per case, in process or not")
    parser.add_argument("--peak-mb", type=int, default=64, help="peak allocation of one in-process case")
    parser.add_argument("--memory-mb", type=int, default=1500, help="address space of one process")
    args = parser.parse_args()
    started = time.perf_counter()
    texts = generate(args.cases + args.processes, args.seed)
    print(f"generated {len(texts):,} hostile order files in {time.perf_counter() - started:.1f} s")
    failures: list[str] = []
    exits = {0: 0, 2: 0}
    slowest = (0.0, -1)
    biggest = (0, -1)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        work = Path(folder)
        out = work / "claim.pdf"
        warm = work / "warm.json"  # code sets and fonts load once, not inside case 0's figures
        warm.write_bytes(_bytes(texts[0]))
        run_in_process(warm, 0, out)
        for n, text in enumerate(texts[: args.cases]):
            file = work / "order.json"
            file.write_bytes(_bytes(text))
            code, seconds, peak, stderr = run_in_process(file, n, out)
            exits[code] = exits.get(code, 0) + 1
            slowest = max(slowest, (seconds, n))
            biggest = max(biggest, (peak, n))
            if code not in EXPECTED_EXITS or seconds > args.seconds or peak > args.peak_mb * 2**20:
                kept = work.parent / f"fuzz-case-{args.seed}-{n}.json"
                kept.write_bytes(_bytes(text))
                failures.append(f"case {n}: exit {code}, {seconds:.2f} s, {peak / 2**20:.1f} MB ({kept})")
                print(failures[-1], stderr[-500:], sep="\n", file=sys.stderr)
        process_times: list[float] = []
        for n, text in enumerate(texts[args.cases :]):
            file = work / f"process-{n}.json"
            file.write_bytes(_bytes(text))
            code, seconds = run_as_process(file, args.seconds, args.memory_mb)
            process_times.append(seconds)
            if code not in EXPECTED_EXITS:
                failures.append(f"process case {n}: exit {code} after {seconds:.2f} s")
                print(failures[-1], file=sys.stderr)
    total = time.perf_counter() - started
    print(f"in process: {args.cases:,} cases, exit 0: {exits.get(0, 0):,}, exit 2: {exits.get(2, 0):,}")
    print(
        f"  slowest case {slowest[1]}: {slowest[0] * 1000:.0f} ms; largest peak case {biggest[1]}: "
        f"{biggest[0] / 2**20:.1f} MB"
    )
    if process_times:
        print(f"as processes: {len(process_times)} cases, slowest {max(process_times):.2f} s")
    print(f"failures: {len(failures)}; total {total:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main_bench())
