"""Time ``group_into_lines`` alone: the day items of 10,000 generated orders into claim lines.

The whole-engine figure (bench/compute.py) swings ±10 % on this VM, too much to see a
change in the line builder, the engine's hot path. This captures each order's day items
once (through build_claim, so they are the real ones), then times only the grouping, in
both line-date modes (span and per-date). Run by hand:

    uv run python bench/lines.py [--orders 10000] [--seed 1] [--repeat 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import infusiondesk.claims.build as build
from compute import generate  # bench/ is on sys.path when run as a script
from infusiondesk.claims.order_file import parse_order
from infusiondesk.codesets import load_reference
from infusiondesk.rules.lines import DayItem, group_into_lines
from infusiondesk.rules.profile import PayerProfile


def captured(orders: int, seed: int) -> list[tuple[list[DayItem], PayerProfile]]:
    """Each order's day items and profile, as build_claim hands them to group_into_lines."""
    reference = load_reference()
    rng = random.Random(seed)
    profiles = sorted(reference.profiles)
    calls: list[tuple[list[DayItem], PayerProfile]] = []

    def recording(items: list[DayItem], profile: PayerProfile) -> list[object]:
        calls.append((list(items), profile))
        return list(group_into_lines(items, profile))

    build.group_into_lines = recording  # type: ignore[assignment]
    try:
        for _ in range(orders):
            data = generate(rng, profiles)
            order = parse_order(data, therapies=reference.therapies, profiles=reference.profiles)
            build.build_claim(order, reference)
    finally:
        build.group_into_lines = group_into_lines
    return calls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    calls = captured(args.orders, args.seed)
    for mode in ("span", "per-date"):
        work = [(items, profile.with_changes(line_dates=mode)) for items, profile in calls]
        walls, lines = [], 0
        for _ in range(args.repeat):
            started = time.process_time()
            lines = sum(len(group_into_lines(items, profile)) for items, profile in work)
            walls.append(time.process_time() - started)
        print(
            f"{mode:8}: {len(work)} orders, {lines} lines: best {min(walls) * 1000:.0f} ms CPU, "
            f"median {statistics.median(walls) * 1000:.0f} ms ({args.repeat} runs)"
        )


if __name__ == "__main__":
    main()
