"""Fuzz (issue 12): near-valid order files with hostile values go through the order
reader, compute, print and import. Each ends in a claim, or in a refusal naming the
field (the CLI's exit 0 or exit 2), never in another exception; within a time and a
memory bound; and what was refused is not saved, what was saved opens again.
``bench/fuzz.py`` runs thousands of the same cases through the real CLI."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infusiondesk.claims.build import build_claim
from infusiondesk.claims.claim import Claim
from infusiondesk.claims.claim_file import claim_to_dict
from infusiondesk.claims.order_file import UnreadableOrderFile, loads_order, order_to_dict, parse_order
from infusiondesk.claims.reading import OrderFileError, printable
from infusiondesk.codesets import load_reference
from infusiondesk.output.pdf import PrintRefused, print_problems, render_claims
from infusiondesk.services import import_order, list_orders, load_order
from infusiondesk.store.database import Store
from tests.fuzz_orders import hostile_order_texts
from tests.test_store_support import new_store

REFERENCE = load_reference()
MAX_SECONDS = 3.0  # one case, traced: a hang or a quadratic blow-up is far beyond it
MAX_PEAK_BYTES = 64 * 2**20  # one case's peak allocation (the 1,000-hold order took 7.8 GB)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    opened = new_store(Path(tmp_path_factory.mktemp("fuzz")))
    yield opened
    opened.close()


def _read(text: str) -> tuple[Any, Claim | Exception]:
    """(the JSON, the claim) or (the JSON or None, the refusal): what ``compute`` does."""
    try:
        data = loads_order(text)
    except UnreadableOrderFile as refused:
        return None, refused
    try:
        order = parse_order(data, therapies=REFERENCE.therapies, profiles=REFERENCE.profiles)
    except OrderFileError as refused:
        return data, refused
    return data, build_claim(order, REFERENCE)


def _print(claim: Claim, render: bool) -> None:
    if not render:
        print_problems(claim, allow_shorten=True, split=True)
        return
    try:
        pdf = render_claims([claim], "worksheet", allow_shorten=True, split=True, force=True)
    except PrintRefused:
        return
    assert pdf.startswith(b"%PDF")


def _check_refusal(refused: Exception) -> None:
    lines = (
        [str(refused)]
        if isinstance(refused, UnreadableOrderFile)
        else [f"{p.where}: {p.message}" for p in refused.problems]  # type: ignore[attr-defined]
    )
    assert lines, "a refusal names at least one field"
    for line in lines:
        assert printable(line) == line and len(line) < 400, line


def _check_import(store: Store, data: Any, result: Claim | Exception) -> None:
    """Import saves exactly what compute accepts, and a saved order opens and computes."""
    before = len(list_orders(store, limit=100_000))
    if not isinstance(result, Claim):
        with pytest.raises(OrderFileError):
            import_order(store, data)
        assert len(list_orders(store, limit=100_000)) == before
        return
    saved = import_order(store, data)
    reopened = load_order(store, saved.id)
    again = parse_order(json.loads(json.dumps(order_to_dict(reopened), default=str)))
    build_claim(again, REFERENCE)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=hostile_order_texts(), render=st.integers(0, 19))
def test_hostile_orders_end_in_a_claim_or_a_refusal_by_field(store: Store, text: str, render: int) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        data, result = _read(text)
        if isinstance(result, Claim):
            json.dumps(claim_to_dict(result))
            _print(result, render == 11)  # a PDF for one in twenty (each takes ~0.1 s)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < MAX_SECONDS and peak < MAX_PEAK_BYTES, (elapsed, peak)
    if not isinstance(result, Claim):
        _check_refusal(result)
    if data is not None:
        _check_import(store, data, result)
