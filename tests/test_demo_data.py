"""The sample practice a new user explores must print: every demo claim fits the form."""

from __future__ import annotations

from pathlib import Path

from infusiondesk import services
from infusiondesk.demo_data import load_demo_data
from infusiondesk.output.pdf import print_problems


def test_every_demo_claim_fits_the_form(tmp_path: Path) -> None:
    store = services.open_store(tmp_path, check="now")
    try:
        load_demo_data(store)
        orders = services.list_orders(store, limit=100)
        assert len(orders) >= 20
        for summary in orders:
            claim = services.compute_claim(store, summary.id)
            assert claim.lines
            errors = [p for p in print_problems(claim) if p.severity == "error"]
            assert errors == [], (summary.id, errors)
    finally:
        services.close_store(store, backup=False)
