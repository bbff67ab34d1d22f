"""Builders shared by the store tests (no tests here): orders with every field set,
small order-v1 files, and an open store in a temporary folder."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import (
    Address,
    Drug,
    Facility,
    Insured,
    NursingVisit,
    Order,
    Patient,
    Payer,
    Prescriber,
    Provider,
    Resubmission,
    Supply,
    Therapy,
)
from infusiondesk.store.database import Store, open_store

HOME = Address("1 Main St", "Austin", "TX", "78701")


class FakeClock:
    """A clock the test moves by hand (backups every 30 minutes, audit times)."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def new_store(folder: Path, **options: Any) -> Store:
    return open_store(folder / "infusiondesk.sqlite3", **options)


def _with_optional(cls: type, **values: Any) -> Any:
    """Build a value, passing only the fields this version of the dataclass has."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})


def full_order(n: int = 1) -> Order:
    """An order with every field set to something other than its default."""
    start = date(2026, 3, 1) + timedelta(days=n % 20)
    stop = start + timedelta(days=13)
    return Order(
        payer_profile="nhia",
        place_of_service="49",
        billing_period=DateRange(start, stop),
        patient=Patient(
            "Doe", f"Jane{n}", date(1961, 4, 2), "F", f"XYZ{n:09d}", "Q", "5125550101", f"ACCT{n}", HOME
        ),
        insured=Insured(
            "Doe", "John", "spouse", "R", date(1959, 1, 2), "M", "GRP77", "Gold PPO", "5125550102", HOME
        ),
        payer=_with_optional(
            Payer,
            name="Acme Health Plan",
            payer_id="12345",
            address=Address("PO Box 1", "Dallas", "TX", "75201"),
            plan_type="medicaid",
            requires_prior_authorization=True,
        ),
        prescriber=Prescriber("Smith", "Ann", "1234567893"),
        provider=Provider(
            "Sunrise Infusion",
            "1245319599",
            "12-3456789",
            "3336H0001X",
            "5125550100",
            Address("9 Elm St", "Austin", "TX", "78702"),
        ),
        facility=Facility("Suite One", "1234567893", Address("5 Oak", "Austin", "TX", "78703")),
        diagnoses=("A41.9", "T82.7XXA"),
        prior_authorization=f"PA-{n}",
        therapies=(
            Therapy(
                "anti-infective",
                "q8h",
                start,
                stop,
                "intermittent",
                None,
                (DateRange(start + timedelta(days=3), start + timedelta(days=4)),),
                None,
                (
                    Drug(
                        "J0690",
                        "0143-9924-90",
                        Decimal("2000"),
                        "mg",
                        "UN",
                        Decimal("1"),
                        Decimal("0.5"),
                        "cefazolin",
                        True,
                        Decimal("2.5"),
                    ),
                    Drug("J3490", None, Decimal("1.25"), "g", None, None, Decimal(0), "NOC drug", False),
                ),
                "AB",
            ),
            Therapy(
                "hydration",
                "q24h",
                start,
                start + timedelta(days=2),
                "continuous",
                Decimal("1000.0"),
                (),
                (start, start + timedelta(days=2)),
                (),
                "",
            ),
        ),
        nursing_visits=(
            _with_optional(NursingVisit, date=start, minutes=155, start_time="09:00", end_time="11:35"),
            _with_optional(
                NursingVisit,
                date=start + timedelta(days=7),
                minutes=60,
                start_time="23:30",
                end_time="00:30",
                ends_next_day=True,
            ),
        ),
        supplies=(Supply("A4221", Decimal("2"), start), Supply("S5517", Decimal("1.5"), stop, 2, True)),
        charges=MappingProxyType({"S9502": Decimal("185.00"), "J0690": Decimal("4.1")}),
        resubmission=Resubmission("7", "ICN-0001"),
        primary_therapy=1,
    )


def small_order_file(n: int) -> dict[str, Any]:
    """A small order-v1 mapping, unique by its prior authorization ``PA<n>``."""
    day = date(2026, 1, 1) + timedelta(days=n % 300)
    return {
        "format": "infusiondesk/order-v1",
        "payer_profile": "nhia",
        "patient": {
            "last_name": f"Kill{n % 7}",
            "first_name": "Test",
            "dob": "1970-01-01",
            "member_id": f"M{n % 7}",
        },
        "payer": {"name": "Acme", "payer_id": "1"},
        "prior_authorization": f"PA{n}",
        "diagnoses": ["A41.9"],
        "therapies": [
            {
                "therapy": "anti-infective",
                "frequency": "q8h",
                "start": day.isoformat(),
                "stop": (day + timedelta(days=9)).isoformat(),
                "holds": [
                    {
                        "from": (day + timedelta(days=2)).isoformat(),
                        "to": (day + timedelta(days=3)).isoformat(),
                    }
                ],
                "drugs": [{"hcpcs": "J0690", "dose": 1000, "dose_unit": "mg"}],
            },
            {
                "therapy": "hydration",
                "frequency": "q24h",
                "start": day.isoformat(),
                "stop": (day + timedelta(days=2)).isoformat(),
                "daily_volume_ml": 1000,
            },
        ],
        "nursing_visits": [
            {"date": day.isoformat(), "minutes": 90},
            {"date": (day + timedelta(days=5)).isoformat(), "minutes": 60},
        ],
        "supplies": [{"hcpcs": "A4221", "quantity": 1, "date": day.isoformat()}],
        "charges": {"S9502": "185.00"},
    }


# Child rows every small_order_file has, for the "no half-saved order" check.
SMALL_ORDER_SHAPE = {
    "therapies": 2,
    "holds": 1,
    "drugs": 1,
    "nursing_visits": 2,
    "supplies": 1,
    "order_charges": 1,
}
