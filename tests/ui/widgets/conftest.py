"""Fixtures for the shared widgets and models: one computed claim to show."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import compute, order, therapy


@pytest.fixture(scope="module")
def claim() -> Any:
    drug = {
        "hcpcs": "J0690",
        "ndc": "0143-9924-90",
        "dose": 2000,
        "ndc_unit": "UN",
        "ndc_quantity_per_dose": 1,
    }
    return compute(
        order(
            [therapy(frequency="q8h", start="2026-03-01", stop="2026-03-14", drugs=[drug])],
            charges={"S9502": "185.00", "J0690": "4.10"},
        )
    )
