"""The mapping between an ``Order`` and its rows: therapies, holds, drugs, nursing
visits, supplies and charges, each with its position so order is kept exactly.

Kept apart from ``orders`` (which decides *when* to write) so the mapping can be
read in one place and checked against the dataclass fields by a test.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import (
    Address,
    Drug,
    Insured,
    NursingVisit,
    Order,
    Resubmission,
    Supply,
    Therapy,
)
from infusiondesk.store.rows import day, dec, decimal, insert, iso

VISIT_FIELDS = {f.name for f in fields(NursingVisit)}


def insured_json(insured: Insured | None) -> str | None:
    if insured is None:
        return None
    data = {f.name: getattr(insured, f.name) for f in fields(insured)}
    data["dob"] = iso(insured.dob)
    data["address"] = {f.name: getattr(insured.address, f.name) for f in fields(Address)}
    return json.dumps(data, sort_keys=True)


def insured_from_json(text: str | None) -> Insured | None:
    if text is None:
        return None
    data = json.loads(text)
    data["dob"] = day(data["dob"])
    data["address"] = Address(**data["address"])
    return Insured(**data)


def order_columns(order: Order) -> dict[str, Any]:
    """Columns of the ``orders`` row that come from the order itself (not references)."""
    period = order.billing_period
    resubmission = order.resubmission
    return {
        "payer_profile": order.payer_profile,
        "place_of_service": order.place_of_service,
        "billing_from": iso(period.first) if period else None,
        "billing_to": iso(period.last) if period else None,
        "insured": insured_json(order.insured),
        "diagnoses": json.dumps(list(order.diagnoses)),
        "prior_authorization": order.prior_authorization,
        "resubmission_code": resubmission.code if resubmission else None,
        "resubmission_ref": resubmission.original_ref if resubmission else None,
        "primary_therapy": order.primary_therapy,
    }


def insert_children(db: Database, order_id: int, order: Order) -> None:
    for position, therapy in enumerate(order.therapies):
        therapy_id = insert(db, "therapies", _therapy_columns(order_id, position, therapy))
        for index, hold in enumerate(therapy.holds):
            insert(
                db,
                "holds",
                {
                    "therapy_id": therapy_id,
                    "position": index,
                    "first": iso(hold.first),
                    "last": iso(hold.last),
                },
            )
        for index, drug in enumerate(therapy.drugs):
            insert(db, "drugs", {"therapy_id": therapy_id, "position": index, **_drug_columns(drug)})
    for position, visit in enumerate(order.nursing_visits):
        row = {
            "order_id": order_id,
            "position": position,
            "date": iso(visit.date),
            "minutes": visit.minutes,
        }
        row.update(
            {name: getattr(visit, name) for name in ("start_time", "end_time") if name in VISIT_FIELDS}
            | {"ends_next_day": int(visit.ends_next_day)}
        )
        insert(db, "nursing_visits", row)
    for position, supply in enumerate(order.supplies):
        insert(
            db,
            "supplies",
            {
                "order_id": order_id,
                "position": position,
                "hcpcs": supply.hcpcs,
                "quantity": dec(supply.quantity),
                "date": iso(supply.date),
                "lumens": supply.lumens,
                "patient_owned": int(supply.patient_owned),
            },
        )
    for code, amount in order.charges.items():
        insert(db, "order_charges", {"order_id": order_id, "code": code, "amount": dec(amount)})


def _therapy_columns(order_id: int, position: int, therapy: Therapy) -> dict[str, Any]:
    dates = therapy.administration_dates
    return {
        "order_id": order_id,
        "position": position,
        "therapy": therapy.therapy,
        "frequency": therapy.frequency,
        "start": iso(therapy.start),
        "stop": iso(therapy.stop),
        "method": therapy.method,
        "daily_volume_ml": dec(therapy.daily_volume_ml),
        "administration_dates": None if dates is None else json.dumps([iso(d) for d in dates]),
        "diagnosis_pointers": therapy.diagnosis_pointers,
    }


def _drug_columns(drug: Drug) -> dict[str, Any]:
    return {
        "hcpcs": drug.hcpcs,
        "ndc": drug.ndc,
        "dose": dec(drug.dose),
        "dose_unit": drug.dose_unit,
        "ndc_unit": drug.ndc_unit,
        "ndc_quantity_per_dose": dec(drug.ndc_quantity_per_dose),
        "wasted": dec(drug.wasted),
        "wasted_ndc_quantity": dec(drug.wasted_ndc_quantity),
        "description": drug.description,
        "compound": int(drug.compound),
    }


def _rows(db: Database, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_therapies(db: Database, order_id: int) -> tuple[Therapy, ...]:
    therapies = _rows(db, "SELECT * FROM therapies WHERE order_id = ? ORDER BY position", [order_id])
    ids = [t["id"] for t in therapies]
    marks = ",".join("?" * len(ids))
    holds: dict[int, list[DateRange]] = {i: [] for i in ids}
    drugs: dict[int, list[Drug]] = {i: [] for i in ids}
    if ids:
        for row in _rows(
            db,
            f"SELECT * FROM holds WHERE therapy_id IN ({marks}) ORDER BY therapy_id, position",
            ids,
        ):
            holds[row["therapy_id"]].append(DateRange(day(row["first"]), day(row["last"])))
        for row in _rows(
            db,
            f"SELECT * FROM drugs WHERE therapy_id IN ({marks}) ORDER BY therapy_id, position",
            ids,
        ):
            drugs[row["therapy_id"]].append(_drug_from_row(row))
    return tuple(_therapy_from_row(t, holds[t["id"]], drugs[t["id"]]) for t in therapies)


def _therapy_from_row(row: dict[str, Any], holds: list[DateRange], drugs: list[Drug]) -> Therapy:
    dates = row["administration_dates"]
    return Therapy(
        therapy=row["therapy"],
        frequency=row["frequency"],
        start=day(row["start"]),
        stop=day(row["stop"]),
        method=row["method"],
        daily_volume_ml=decimal(row["daily_volume_ml"]),
        holds=tuple(holds),
        administration_dates=None if dates is None else tuple(day(d) for d in json.loads(dates)),
        drugs=tuple(drugs),
        diagnosis_pointers=row["diagnosis_pointers"],
    )


def _drug_from_row(row: dict[str, Any]) -> Drug:
    return Drug(
        hcpcs=row["hcpcs"],
        ndc=row["ndc"],
        dose=Decimal(row["dose"]),
        dose_unit=row["dose_unit"],
        ndc_unit=row["ndc_unit"],
        ndc_quantity_per_dose=decimal(row["ndc_quantity_per_dose"]),
        wasted=Decimal(row["wasted"]),
        wasted_ndc_quantity=decimal(row["wasted_ndc_quantity"]),
        description=row["description"],
        compound=bool(row["compound"]),
    )


def load_visits(db: Database, order_id: int) -> tuple[NursingVisit, ...]:
    rows = _rows(db, "SELECT * FROM nursing_visits WHERE order_id = ? ORDER BY position", [order_id])
    return tuple(
        NursingVisit(
            **{
                "date": day(r["date"]),
                "minutes": r["minutes"],
                **{n: r[n] for n in ("start_time", "end_time") if n in VISIT_FIELDS},
                "ends_next_day": bool(r["ends_next_day"]),
            }
        )
        for r in rows
    )


def load_supplies(db: Database, order_id: int) -> tuple[Supply, ...]:
    rows = _rows(db, "SELECT * FROM supplies WHERE order_id = ? ORDER BY position", [order_id])
    return tuple(
        Supply(
            hcpcs=r["hcpcs"],
            quantity=Decimal(r["quantity"]),
            date=day(r["date"]),
            lumens=r["lumens"],
            patient_owned=bool(r["patient_owned"]),
        )
        for r in rows
    )


def load_charges(db: Database, order_id: int) -> dict[str, Decimal]:
    rows = db.execute(
        "SELECT code, amount FROM order_charges WHERE order_id = ? ORDER BY rowid", [order_id]
    ).fetchall()
    return {code: Decimal(amount) for code, amount in rows}


def order_fields_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """Order keyword arguments held in the ``orders`` row itself."""
    period = None
    if row["billing_from"] is not None:
        period = DateRange(day(row["billing_from"]), day(row["billing_to"]))
    resubmission = None
    if row["resubmission_code"] is not None:
        resubmission = Resubmission(row["resubmission_code"], row["resubmission_ref"])
    return {
        "payer_profile": row["payer_profile"],
        "place_of_service": row["place_of_service"],
        "billing_period": period,
        "insured": insured_from_json(row["insured"]),
        "diagnoses": tuple(json.loads(row["diagnoses"])),
        "prior_authorization": row["prior_authorization"],
        "resubmission": resubmission,
        "primary_therapy": row["primary_therapy"],
    }
