"""Time ``group_into_lines`` alone: the day items of 10,000 generated orders into claim lines.

The whole-engine figure (bench/compute.py) swings ±10 % on this VM, too much to see a
change in the line builder, the engine's hot path. This captures each order's day items
once (through build_claim, so they are the real ones), then times only the grouping, in
both line-date modes (span and per-date). Run by hand:

    uv run python bench/lines.py [--orders 10000] [--seed 1] [--repeat 7]

Separate runs of this script still differ by up to 20 % when other work shares the
cores. To judge a change, time the old module against the new in one process, run by
run in turn, on the same items (the lines are checked equal too):

    git show main:desktop/infusiondesk/rules/lines.py > /tmp/lines_main.py
    uv run python bench/lines.py --orders 4000 --repeat 21 --compare /tmp/lines_main.py
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from types import ModuleType
from typing import Any

import infusiondesk.claims.build as build
import infusiondesk.rules.lines as lines_module
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


def _module(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("lines_compared", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while they are made
    spec.loader.exec_module(module)
    return module


def _same_lines(ours: list[Any], theirs: list[Any]) -> bool:
    """By field name, so the check holds when the two versions order their fields differently."""
    return [line._asdict() for line in ours] == [line._asdict() for line in theirs]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--compare", metavar="LINES_PY", help="another version of rules/lines.py")
    args = parser.parse_args()
    calls = captured(args.orders, args.seed)
    builders: dict[str, Any] = {"this": lines_module}
    if args.compare:
        builders["compared"] = _module(args.compare)
    for mode in ("span", "per-date"):
        work = {
            name: [
                ([module.DayItem(**item._asdict()) for item in items], profile.with_changes(line_dates=mode))
                for items, profile in calls
            ]
            for name, module in builders.items()
        }
        walls: dict[str, list[float]] = {name: [] for name in builders}
        lines = 0
        for _ in range(args.repeat):
            for name, module in builders.items():
                group = module.group_into_lines
                started = time.process_time()
                lines = sum(len(group(items, profile)) for items, profile in work[name])
                walls[name].append(time.process_time() - started)
        for name, times in walls.items():
            best, median = min(times) * 1000, statistics.median(times) * 1000
            print(f"{mode:8} {name:8}: {len(calls)} orders, {lines} lines: best {best:.0f} ms CPU, ", end="")
            print(f"median {median:.0f} ms ({args.repeat} runs)")
        if args.compare:
            change = min(walls["this"]) / min(walls["compared"]) * 100 - 100
            print(f"{mode:8} this against compared, best to best: {change:+.1f} %")
            this, other = (builders[name].group_into_lines for name in ("this", "compared"))
            for (ours, profile), (theirs, _) in zip(work["this"], work["compared"], strict=True):
                assert _same_lines(this(ours, profile), other(theirs, profile)), "the versions' lines differ"


if __name__ == "__main__":
    main()
