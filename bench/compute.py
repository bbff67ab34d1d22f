"""Compute 10,000 generated orders (1–3 therapies, 1–60 days, visits, supplies).

Target (issue 2): under 3 s on a 2-core machine. Run by hand:

    uv run python bench/compute.py [--orders 10000] [--seed 1]

Orders are generated and parsed before the clock starts: the figure is the rules
engine (build_claim) alone, then parse + build as a second figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta

from infusiondesk.claims.build import build_claim
from infusiondesk.claims.order_file import parse_order
from infusiondesk.codesets import load_reference

THERAPIES = [
    ("anti-infective", "q8h", None),
    ("anti-infective", "q24h", None),
    ("anti-infective", "q48h", None),
    ("tpn", "continuous", 1800),
    ("hydration", "q24h", 1000),
    ("inotropic", "continuous", None),
    ("immunotherapy", "q7d", None),
    ("pain-management", "continuous", None),
    ("anti-tnf", "monthly", None),
]
SUPPLIES = ["A4222", "A4221", "E0776", "E0781", "J7050", "S5521", "A4300"]


def generate(rng: random.Random, profiles: list[str]) -> dict:
    start = date(2026, 1, 1) + timedelta(days=rng.randrange(60))
    therapies = []
    for _ in range(rng.randint(1, 3)):
        kind, frequency, volume = rng.choice(THERAPIES)
        first = start + timedelta(days=rng.randrange(5))
        therapies.append(
            {
                "therapy": kind,
                "frequency": frequency,
                "start": first.isoformat(),
                "stop": (first + timedelta(days=rng.randint(0, 59))).isoformat(),
                "daily_volume_ml": volume,
                "drugs": [
                    {
                        "hcpcs": "J0690",
                        "ndc": "0143-9924-90",
                        "dose": 2000,
                        "dose_unit": "mg",
                        "ndc_unit": "UN",
                        "ndc_quantity_per_dose": 1,
                        "wasted": rng.choice([0, 250]),
                    }
                ]
                if kind == "anti-infective"
                else [],
            }
        )
    days = lambda: (start + timedelta(days=rng.randrange(60))).isoformat()  # noqa: E731
    return {
        "format": "infusiondesk/order-v1",
        "payer_profile": rng.choice(profiles),
        "therapies": therapies,
        "nursing_visits": [
            {"date": days(), "minutes": rng.randint(30, 300)} for _ in range(rng.randint(0, 4))
        ],
        "supplies": [
            {"hcpcs": rng.choice(SUPPLIES), "quantity": rng.randint(1, 10), "date": days()}
            for _ in range(rng.randint(0, 5))
        ],
        "charges": {
            "S9502": "185.00",
            "S9500": "150.00",
            "S9366": "320.00",
            "J0690": "4.10",
            "99601": "160.00",
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reference = load_reference()
    rng = random.Random(args.seed)
    profiles = sorted(reference.profiles)
    raw = [generate(rng, profiles) for _ in range(args.orders)]
    started = time.perf_counter()
    parsed = [parse_order(data, therapies=reference.therapies, profiles=reference.profiles) for data in raw]
    parse_seconds = time.perf_counter() - started
    walls, cpus, lines = [], [], 0
    for _ in range(args.repeat):  # best and median of several runs: this VM's timings swing ±10 %
        started, cpu_started = time.perf_counter(), time.process_time()
        lines = sum(len(build_claim(order, reference).lines) for order in parsed)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    build_seconds = min(walls)
    print(f"{args.orders} orders, {lines} claim lines, {args.repeat} runs")
    median = statistics.median(walls)
    print(f"build_claim: best {build_seconds:.2f} s wall ({min(cpus):.2f} s CPU), median {median:.2f} s")
    print(f"{build_seconds / args.orders * 1e6:.0f} µs/order at best; load average {os.getloadavg()[0]:.1f}")
    print(f"parse_order: {parse_seconds:.2f} s; parse + build: {parse_seconds + build_seconds:.2f} s")


if __name__ == "__main__":
    main()
