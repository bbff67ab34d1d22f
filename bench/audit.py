"""Audit chain benchmark: what one chained append costs, and verifying a long log.

    uv run python bench/audit.py [--entries 100000]

Appends ``--entries`` entries (2,000 per transaction, like a busy import) through
``audit.record_change`` and, for comparison, the same rows as a bare INSERT without the
chain; then times ``verify_chain`` over the whole log, and a patient search with and
without its audit entry (one transaction each, without fsync).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from infusiondesk.store import audit
from infusiondesk.store.database import open_store

BATCH = 2000


def _append(store, entries: int, chained: bool) -> float:
    started = time.perf_counter()
    for first in range(0, entries, BATCH):
        with store.write() as db:
            for n in range(first, min(entries, first + BATCH)):
                if chained:
                    audit.record_change(store, "order", n, "view", None, {"version": 1})
                else:
                    db.execute(
                        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after) "
                        "VALUES (?, ?, 'order', ?, 'view', NULL, ?)",
                        [store.now(), store.actor, str(n), '{"version":1}'],
                    )
    return time.perf_counter() - started


def _searches(store) -> tuple[float, float]:
    from infusiondesk import services
    from infusiondesk.rules.order import Patient
    from infusiondesk.store import patients

    for n in range(500):
        services.save_patient(store, Patient(f"Name{n}", "Jane"))

    def median_ms(search) -> float:
        times = []
        for _ in range(100):
            started = time.perf_counter()
            search(store, "name1")
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    return median_ms(patients.search_patients), median_ms(services.search_patients)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare = open_store(Path(folder) / "bare.sqlite3", actor="bench")
        plain = _append(bare, args.entries, chained=False)
        bare.close()
        store = open_store(Path(folder) / "chained.sqlite3", actor="bench")
        chained = _append(store, args.entries, chained=True)
        started = time.perf_counter()
        verdict = audit.verify_chain(store)
        verify = time.perf_counter() - started
        bare_search, audited_search = _searches(store)
        store.close()
    per = lambda seconds: seconds / args.entries * 1e6  # noqa: E731
    print(f"append, bare INSERT: {per(plain):.1f} µs/entry")
    print(f"append, chained:     {per(chained):.1f} µs/entry")
    print(f"patient search: {bare_search:.2f} ms bare, {audited_search:.2f} ms audited (median)")
    print(f"verify {verdict.entries} entries: {verify:.2f} s ({'ok' if verdict.ok else verdict.problem})")


if __name__ == "__main__":
    main()
