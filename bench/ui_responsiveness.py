"""The desktop app stays quick: the live claim's recompute and a 100,000-patient list.

Targets (issue 5): the billing panel recomputes in under 50 ms for a 60-day order
with three therapies; the patient list stays responsive with 100,000 patients.
Offscreen, in one process; medians of repeated runs. Run by hand:

    uv run python bench/ui_responsiveness.py [--patients 100000]

The patients are generated once into a temporary database (that part is slow and
not measured); then: opening the list (count + first page), each further page as
the view scrolls, a search as you type, and scrolling the view to the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from infusiondesk.rules.order import Patient
from infusiondesk.services.practice import Practice
from infusiondesk.store.patients import save_patient
from infusiondesk.ui.shell.app import application

LONG_ORDER = [
    {
        "therapy": "anti-infective",
        "frequency": "q8h",
        "start": "2026-01-01",
        "stop": "2026-03-01",
        "drugs": [
            {
                "hcpcs": "J0690",
                "ndc": "0143-9924-90",
                "dose": "2000",
                "ndc_unit": "UN",
                "ndc_quantity_per_dose": "1",
            }
        ],
        "holds": [{"from": "2026-01-20", "to": "2026-01-23"}],
    },
    {
        "therapy": "tpn",
        "frequency": "continuous",
        "start": "2026-01-01",
        "stop": "2026-03-01",
        "daily_volume_ml": "1800",
    },
    {
        "therapy": "hydration",
        "frequency": "q24h",
        "start": "2026-01-01",
        "stop": "2026-03-01",
        "daily_volume_ml": "1000",
    },
]


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def bench_recompute(practice: Practice) -> None:
    from infusiondesk.ui.order.screen import OrderScreen

    screen = OrderScreen(practice)
    screen.resize(1400, 900)
    screen.show()
    state = screen.editor.state
    state["therapies"] = LONG_ORDER
    state["nursing_visits"] = [{"date": f"2026-01-{d:02d}", "minutes": 150} for d in (1, 8, 15)]
    state["supplies"] = [{"hcpcs": "A4221", "quantity": "4", "date": "2026-01-02"}]
    screen.editor.change(state, "bench")
    screen.recompute()  # warm: reference data, first claim
    QApplication.processEvents()
    timings = []
    for _ in range(30):
        screen.recompute()
        timings.append(screen.last_compute_ms)
        QApplication.processEvents()
    lines = len(screen.panel.lines_model.rows())
    print(
        f"live claim recompute, 60 days x 3 therapies ({lines} lines): median "
        f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms (target < 50 ms)"
    )
    screen.stop()


def fill_patients(practice: Practice, count: int) -> None:
    rng = random.Random(5)
    first = ["Ada", "Ben", "Cora", "Dale", "Edna", "Floyd", "Gail", "Hank", "Iris", "Jules"]
    with practice.store.write():
        for index in range(count):
            last = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
            born = date(1930, 1, 1) + timedelta(days=rng.randrange(25000))
            save_patient(
                practice.store, Patient(last.capitalize(), rng.choice(first), born, "F", f"M{index:09d}")
            )


def bench_patients(practice: Practice, count: int) -> None:
    from infusiondesk.ui.patients.view import PatientsView
    from infusiondesk.ui.signals import AppSignals

    started = time.perf_counter()
    fill_patients(practice, count)
    print(f"(generated {count:,} patients in {time.perf_counter() - started:.0f} s)")
    view = PatientsView(practice, AppSignals())
    view.resize(1300, 800)
    view.show()
    QApplication.processEvents()
    shown, worst = median_ms(lambda: (view.refresh(), QApplication.processEvents()), 5)
    print(
        f"patient list, {view.model.total:,} patients: open (count + first page + paint) "
        f"median {shown:.1f} ms, max {worst:.1f} ms"
    )
    page, worst = median_ms(lambda: (view.model.fetchMore(), QApplication.processEvents()), 20)
    print(f"  next page of 200 as the view scrolls: median {page:.1f} ms, max {worst:.1f} ms")
    for text in ("ba", "bazo", "M000050000", "4/2/1961"):
        search, worst = median_ms(
            lambda t=text: (view.search.setText(t), view.run_search(), QApplication.processEvents()), 5
        )
        print(f"  search {text!r} ({view.model.rowCount()} shown): median {search:.1f} ms")
    view.search.clear()
    view.run_search()
    started = time.perf_counter()
    for _ in range(25):  # End key, 25 times: each loads the next pages it reaches
        view.table.scrollToBottom()
        QApplication.processEvents()
    print(
        f"  scrolling to the bottom 25 times: {(time.perf_counter() - started) * 1000:.0f} ms "
        f"({view.model.rowCount():,} rows loaded, never all {view.model.total:,})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    args = parser.parse_args()
    application()
    with tempfile.TemporaryDirectory() as folder:
        practice = Practice.open(folder, if_in_use="read-only")
        bench_recompute(practice)
        bench_patients(practice, args.patients)
        practice.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
