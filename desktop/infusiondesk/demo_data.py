"""A fictional practice so a new user sees a living app: ``infusiondesk demo-data``.

Everyone and everything here is invented: names, addresses, member IDs and payer
IDs; NDCs use the labeler code 99999, which no real labeler has (where
drugs.csv gives no example NDC; morphine is left without one so the demo also shows
how a problem looks); NPIs are made up but pass the NPI check digit (Luhn over the prefix 80840,
per the CMS NPI standard) so the claims show how a clean claim looks. Dates follow
``today`` so the orders look current.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.identifiers import npi_check_digit
from infusiondesk.rules.order import (
    Address,
    Drug,
    NursingVisit,
    Order,
    Patient,
    Payer,
    Prescriber,
    Provider,
    Supply,
    Therapy,
)
from infusiondesk.rules.vocabulary import Sex
from infusiondesk.store import audit, charges, setup
from infusiondesk.store.database import Store
from infusiondesk.store.orders import save_order


def npi(first_nine: str) -> str:
    return first_nine + npi_check_digit(first_nine)


PRACTICE = Provider(
    name="Bluebonnet Infusion (DEMO)",  # box 33 holds 29 characters
    npi=npi("159000001"),
    ein="74-0000001",
    taxonomy="3336H0001X",
    phone="5125550100",
    address=Address("400 Demo Way", "Austin", "TX", "787010001"),
)
# One payer per shipped payer profile (billing-rules.md §9a).
PAYERS = (
    (
        Payer("Lone Star Demo Health", "DEMO1", Address("PO Box 1001", "Dallas", "TX", "75201")),
        "nhia",
    ),
    (
        Payer("Pecan Valley Demo Plan", "DEMO2", Address("PO Box 2002", "Houston", "TX", "77002")),
        "administration-days",
    ),
    (
        Payer("Hill Country Demo Care", "DEMO3", Address("PO Box 3003", "Waco", "TX", "76701")),
        "per-date-lines",
    ),
)
PRESCRIBERS = (
    Prescriber("Alvarez", "Marisol", npi("159000101")),
    Prescriber("Brennan", "Thomas", npi("159000102")),
    Prescriber("Chu", "Evelyn", npi("159000103")),
    Prescriber("Dossett", "Raymond", npi("159000104")),
)
FIRST = (
    "Ada",
    "Ben",
    "Cora",
    "Dale",
    "Edna",
    "Floyd",
    "Gail",
    "Hank",
    "Iris",
    "Jules",
    "Kay",
    "Lyle",
    "Mae",
    "Ned",
    "Opal",
    "Pete",
    "Ruth",
    "Sid",
    "Tess",
    "Vern",
)
LAST = (
    "Abernathy",
    "Birch",
    "Castillo",
    "Dunmore",
    "Ellery",
    "Fairbanks",
    "Gould",
    "Hollis",
    "Ingram",
    "Jessup",
    "Kowalski",
    "Lattimore",
    "Mercado",
    "Nyberg",
    "Okafor",
    "Pruitt",
    "Quintero",
    "Rasmussen",
    "Stroud",
    "Trevino",
)
CHARGES = {
    "S9500": "150.00",
    "S9501": "165.00",
    "S9502": "185.00",
    "S9503": "205.00",
    "S9504": "225.00",
    "S9366": "310.00",
    "S9375": "120.00",
    "S9338": "350.00",
    "S9326": "195.00",
    "S9342": "60.00",
    "J0690": "4.10",
    "J3370": "9.50",
    "J2185": "3.25",
    "J1569": "62.00",
    "J2270": "2.80",
    "99601": "160.00",
    "99602": "75.00",
}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    patients: int
    orders: int
    payers: int


def _therapies(kind: int, start: date, stop: date) -> tuple[Therapy, ...]:
    D = Decimal
    catalogue = (
        Therapy(
            "anti-infective",
            "q8h",
            start,
            stop,
            "intermittent",
            drugs=(Drug("J0690", "0143-9924-90", D(2000), "mg", "UN", D(1)),),
        ),
        Therapy(
            "anti-infective",
            "q12h",
            start,
            stop,
            "intermittent",
            drugs=(Drug("J3370", "99999-0101-01", D(1250), "mg", "UN", D(1)),),
        ),
        Therapy(
            "anti-infective",
            "q8h",
            start,
            stop,
            "intermittent",
            drugs=(Drug("J2185", "99999-0102-01", D(1000), "mg", "UN", D(1)),),
        ),
        Therapy("tpn", "continuous", start, stop, "continuous", D(1800)),
        Therapy("hydration", "q24h", start, start + timedelta(days=4), "intermittent", D(1000)),
        Therapy(
            "immunotherapy",
            "once",
            start,
            start,
            "intermittent",
            drugs=(Drug("J1569", "99999-0103-01", D(35000), "mg", "ML", D(350)),),
        ),
        Therapy(
            "pain-management",
            "continuous",
            start,
            stop,
            "continuous",
            drugs=(Drug("J2270", None, D(20), "mg"),),
        ),
        Therapy("enteral", "continuous", start, stop, "pump"),
    )
    first = catalogue[kind % len(catalogue)]
    if kind % 5 == 3:  # some patients have two therapies at once (concurrency, SH/SJ)
        second = catalogue[(kind + 1) % 3]
        return (first, second if second is not first else catalogue[(kind + 2) % 3])
    return (first,)


ALTERNATING_SEXES: tuple[Sex, Sex] = ("F", "M")


def _patient(index: int, rng: random.Random) -> Patient:
    dob = date(1935 + rng.randrange(60), 1 + rng.randrange(12), 1 + rng.randrange(28))
    return Patient(
        last_name=LAST[index],
        first_name=FIRST[index],
        dob=dob,
        sex=ALTERNATING_SEXES[index % 2],
        member_id=f"DEMO{100000 + index * 7919}",
        phone=f"512555{1000 + index:04d}",
        account_number=f"A{1000 + index}",
        address=Address(f"{10 + index * 3} Demo St", "Austin", "TX", "78702"),
    )


def _order(index: int, rng: random.Random, patient: Patient, today: date) -> Order:
    payer, profile = PAYERS[index % len(PAYERS)]
    start = today.replace(day=1) - timedelta(days=rng.randrange(0, 40))
    stop = start + timedelta(days=6 + rng.randrange(14))
    therapies = _therapies(index, start, stop)
    visits = [NursingVisit(start, 120)]
    if therapies[0].stop >= start + timedelta(days=7):
        visits.append(NursingVisit(start + timedelta(days=7), 60))
    return Order(
        payer_profile=profile,
        therapies=_therapies(index, start, stop),
        patient=patient,
        payer=payer,
        prescriber=PRESCRIBERS[index % len(PRESCRIBERS)],
        provider=PRACTICE,
        diagnoses=("A41.9",) if index % 2 else ("E43", "K90.9"),
        prior_authorization=f"PA{today.year}{index:04d}" if profile == "per-date-lines" else "",
        billing_period=DateRange(start, stop),
        nursing_visits=tuple(visits),
        supplies=(Supply("A4221", Decimal(2), start),),
    )


# The tables whose new rows the sample notes (demo_rows, db/0007), in the order their
# rows are removed: an order before the patient and the parties it names.
NOTED = ("orders", "patient_coverage", "patients", "payers", "prescribers", "providers", "facilities")
_KEY = {"patient_coverage": "patient_id"}


@dataclass(frozen=True)
class DemoRemoval:
    removed: dict[str, int]  # table → rows deleted
    kept: dict[str, int]  # table → sample rows kept: printed, or used by the biller's orders


def load_demo_data(store: Store, today: date | None = None, patients: int = 20) -> DemoSummary:
    """Add the demo payers, prescribers, charges and patients' orders, and the demo
    practice only when none is set: a biller who tries the sample keeps their own
    (their own charge for a code stays too). Every row added is noted, so that
    ``remove_demo_data`` can take away exactly these."""
    today = today or date.today()
    rng = random.Random(1500)
    orders = 0
    with store.write() as db:
        before = {table: _last_id(db, table) for table in NOTED}
        charges_before = _last_id(db, "charge_master")
        if setup.get_practice(store) is None:
            setup.set_practice(store, PRACTICE)
        payer_ids = [setup.add_payer(store, payer, profile) for payer, profile in PAYERS]
        for prescriber in PRESCRIBERS:
            setup.add_prescriber(store, prescriber)
        have = {(c.code, c.payer_id) for c in charges.list_charges(store)}
        for code, amount, payer_id in _demo_charges(payer_ids[1]):
            if (code, payer_id) not in have:
                charges.set_charge(store, code, Decimal(amount), payer_id)
        for index in range(patients):
            patient = _patient(index % len(LAST), rng)
            for extra in range(1 + index % 2):
                save_order(store, _order(index + extra * 7, rng, patient, today))
                orders += 1
        for table, last in (*before.items(), ("charge_master", charges_before)):
            key = _KEY.get(table, "id")
            db.execute(
                f"INSERT OR IGNORE INTO demo_rows (entity, row_id) "
                f"SELECT ?, {key} FROM {table} WHERE {key} > ?",
                [table, last],
            )
    return DemoSummary(patients, orders, len(PAYERS))


def _demo_charges(contracted_payer: int) -> list[tuple[str, str, int | None]]:
    """The sample's charge master: a charge per code, and one payer's contracted rate."""
    return [
        *((code, amount, None) for code, amount in CHARGES.items()),
        ("S9502", "172.00", contracted_payer),
    ]


def _last_id(db: Any, table: str) -> int:
    key = _KEY.get(table, "id")
    return int(db.execute(f"SELECT coalesce(max({key}), 0) FROM {table}").fetchone()[0])


def has_demo_data(store: Store) -> bool:
    with store.reading() as db:
        return db.execute("SELECT 1 FROM demo_rows LIMIT 1").fetchone() is not None


# What still uses a row: a row anything outside the sample still refers to is kept.
_USED_BY = {
    "orders": "SELECT 1 FROM claims WHERE order_id = :id AND status <> 'draft'",
    "patient_coverage": "SELECT 1 FROM orders WHERE patient_id = :id",
    "patients": "SELECT 1 FROM orders WHERE patient_id = :id",
    "payers": "SELECT 1 FROM orders WHERE payer_id = :id UNION ALL SELECT 1 FROM claims WHERE payer_id = :id"
    " UNION ALL SELECT 1 FROM patient_coverage WHERE payer_id = :id",
    "prescribers": "SELECT 1 FROM orders WHERE prescriber_id = :id",
    "providers": "SELECT 1 FROM orders WHERE provider_id = :id",
    "facilities": "SELECT 1 FROM orders WHERE facility_id = :id",
}


def _still_sample(table: str, row: dict[str, Any]) -> bool:
    """A sample row the biller has not made their own in Setup (a practice, payer or
    prescriber corrected in place there is theirs now)."""
    if table == "providers":
        return bool(row["name"] == PRACTICE.name)
    if table == "payers":
        return row["name"] in {payer.name for payer, _profile in PAYERS}
    if table == "prescribers":
        return (row["last_name"], row["first_name"]) in {(p.last_name, p.first_name) for p in PRESCRIBERS}
    if table == "patients":
        return str(row["member_id"]).startswith("DEMO")
    return True


def remove_demo_data(store: Store) -> DemoRemoval:
    """Delete the rows the sample added, in one transaction, audited; keep any the
    biller's own data still uses (their order for a sample patient, a printed sample
    claim, which is kept for good), and any the biller has made their own since."""
    removed: dict[str, int] = {}
    kept: dict[str, int] = {}
    with store.write() as db:
        for table in NOTED:
            for (row_id,) in db.execute("SELECT row_id FROM demo_rows WHERE entity = ?", [table]).fetchall():
                outcome = _remove_row(db, table, row_id)
                if outcome is not None:
                    tally = removed if outcome else kept
                    tally[table] = tally.get(table, 0) + 1
        _remove_demo_charges(db, removed, kept)
        db.execute("DELETE FROM demo_rows")
        audit.record_change(store, "demo_data", 0, "remove", None, {"removed": removed, "kept": kept})
    return DemoRemoval(removed, kept)


def _remove_row(db: Any, table: str, row_id: int) -> bool | None:
    """True: deleted; False: kept (in use, or the biller's now); None: already gone."""
    key = _KEY.get(table, "id")
    found = db.execute(f"SELECT * FROM {table} WHERE {key} = ?", [row_id])
    names = [column[0] for column in found.description]
    values = found.fetchone()
    if values is None:
        return None
    if not _still_sample(table, dict(zip(names, values, strict=True))):
        return False
    if db.execute(f"SELECT 1 FROM ({_USED_BY[table]}) LIMIT 1", {"id": row_id}).fetchone():
        return False
    if table == "orders":
        db.execute("DELETE FROM claims WHERE order_id = ?", [row_id])  # drafts only: printed ones stop above
    db.execute(f"DELETE FROM {table} WHERE {key} = ?", [row_id])
    return True


def _remove_demo_charges(db: Any, removed: dict[str, int], kept: dict[str, int]) -> None:
    sample = {code: Decimal(amount) for code, amount in CHARGES.items()}
    rows = db.execute(
        "SELECT c.id, c.code, c.payer_id, c.amount FROM demo_rows d "
        "JOIN charge_master c ON c.id = d.row_id WHERE d.entity = 'charge_master'"
    ).fetchall()
    for row_id, code, payer_id, amount in rows:
        expected = Decimal("172.00") if payer_id is not None else sample.get(code)
        if Decimal(amount) == expected:
            db.execute("DELETE FROM charge_master WHERE id = ?", [row_id])
            removed["charge_master"] = removed.get("charge_master", 0) + 1
        else:  # the biller set their own amount on it: theirs now
            kept["charge_master"] = kept.get("charge_master", 0) + 1
