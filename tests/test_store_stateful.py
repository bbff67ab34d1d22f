"""The store against a model: saves, edits, deletes and loads in any order, with the
database closed and reopened in between, always give back what the model expects."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import fields, replace
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import (
    Address,
    Drug,
    Insured,
    NursingVisit,
    Order,
    Patient,
    Payer,
    Prescriber,
    Supply,
    Therapy,
)
from infusiondesk.store.errors import NotFound, Refused
from infusiondesk.store.orders import count_orders, delete_order, load_order, save_order
from tests.test_store_support import new_store

text = st.text(max_size=8)
money = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
IDENTITIES = [
    ("Doe", "Jane", date(1960, 1, 1), ""),
    ("Roe", "Rick", date(1970, 2, 2), ""),
    ("Poe", "Ed", None, "M1"),
]


@st.composite
def patients(draw: st.DrawFn) -> Patient:
    last, first, dob, member = draw(st.sampled_from(IDENTITIES))
    return Patient(
        last,
        first,
        dob,
        draw(st.sampled_from(["", "F", "M"])),
        member or last[0] + draw(text),  # never one person's ID on another
        phone=draw(text),
        address=Address(draw(text), "Austin", "TX", draw(text)),
    )


@st.composite
def therapies(draw: st.DrawFn) -> Therapy:
    start = draw(days)
    stop = start + timedelta(days=draw(st.integers(0, 30)))
    drug = st.builds(
        Drug,
        st.sampled_from(["J0690", "J3370", "J3490"]),
        st.none() | st.just("0143-9924-90"),
        money,
        st.sampled_from(["mg", "g", "ml"]),
        st.none() | st.just("UN"),
        st.none() | money,
        money,
        text,
        st.booleans(),
    )
    return Therapy(
        draw(st.sampled_from(["anti-infective", "tpn", "hydration"])),
        draw(st.sampled_from(["q8h", "q24h", "continuous"])),
        start,
        stop,
        draw(st.none() | st.sampled_from(["intermittent", "continuous"])),
        draw(st.none() | money),
        tuple(DateRange(d, d + timedelta(days=1)) for d in draw(st.lists(days, max_size=2))),
        draw(st.none() | st.lists(days, max_size=3).map(tuple)),
        tuple(draw(st.lists(drug, max_size=2))),
        draw(st.sampled_from(["", "A", "AB"])),
    )


@st.composite
def orders(draw: st.DrawFn) -> Order:
    visit_names = {f.name for f in fields(NursingVisit)}
    visits = [
        NursingVisit(
            **{k: v for k, v in (("date", d), ("minutes", m), ("start_time", s)) if k in visit_names}
        )
        for d, m, s in draw(st.lists(st.tuples(days, st.integers(1, 600), text), max_size=2))
    ]
    charges = draw(st.dictionaries(st.sampled_from(["S9502", "J0690", "99601"]), money))
    return Order(
        draw(st.sampled_from(["nhia", "per-date-lines"])),
        tuple(draw(st.lists(therapies(), max_size=2))),
        billing_period=draw(st.none() | days.map(lambda d: DateRange(d, d + timedelta(30)))),
        patient=draw(st.none() | patients()),
        insured=draw(st.none() | st.builds(Insured, text, text, st.sampled_from(["spouse"]))),
        payer=draw(st.none() | st.builds(Payer, st.sampled_from(["Acme", "Beta"]), text)),
        prescriber=draw(st.none() | st.builds(Prescriber, text, text, text)),
        diagnoses=tuple(draw(st.lists(st.sampled_from(["A41.9", "E43"]), max_size=2))),
        prior_authorization=draw(text),
        nursing_visits=tuple(visits),
        supplies=tuple(
            draw(
                st.lists(
                    st.builds(Supply, st.just("A4221"), money, days, st.none() | st.integers(1, 3)),
                    max_size=2,
                )
            )
        ),
        charges=MappingProxyType(charges) if charges else Order("x", ()).charges,
        primary_therapy=draw(st.none() | st.integers(0, 1)),
    )


def _key(patient: Patient) -> tuple[object, ...]:
    """How the store recognises a person (store/patients.py)."""
    if patient.dob is not None:
        return (patient.last_name.lower(), patient.first_name.lower(), patient.dob)
    return (patient.last_name.lower(), patient.first_name.lower(), None, patient.member_id)


class StoreMachine(RuleBasedStateMachine):
    ids = Bundle("ids")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="store-model-"))
        self.store = new_store(self.folder)
        self.saved: dict[int, Order] = {}
        self.versions: dict[int, int] = {}
        self.people: dict[tuple[object, ...], Patient] = {}

    def expected(self, order_id: int) -> Order:
        order = self.saved[order_id]
        if order.patient is None:
            return order
        return replace(order, patient=self.people[_key(order.patient)])

    @rule(target=ids, order=orders())
    def save_new(self, order: Order) -> int:
        result = save_order(self.store, order)
        assert result.version == 1 and result.id not in self.saved
        self._remember(result.id, order)
        self.versions[result.id] = 1
        return result.id

    def _remember(self, order_id: int, order: Order) -> None:
        self.saved[order_id] = order
        if order.patient is not None:
            self.people[_key(order.patient)] = order.patient

    @rule(order_id=ids, order=orders())
    def update(self, order_id: int, order: Order) -> None:
        if order_id not in self.saved:
            try:
                save_order(self.store, order, order_id)
            except NotFound:
                return
            raise AssertionError("saving over a deleted order must fail")
        before = self.saved[order_id].patient
        if before is not None and (order.patient is None or _key(order.patient) != _key(before)):
            # a new version never makes an order another patient's (issue 9)
            with pytest.raises(Refused):
                save_order(self.store, order, order_id)
            return
        unchanged = self.expected(order_id) == order
        result = save_order(self.store, order, order_id)
        self.versions[order_id] += 0 if unchanged else 1
        assert (result.id, result.version) == (order_id, self.versions[order_id])
        self._remember(order_id, order)

    @rule(order_id=ids)
    def delete(self, order_id: int) -> None:
        if order_id in self.saved:
            delete_order(self.store, order_id)
            del self.saved[order_id]
        else:
            try:
                delete_order(self.store, order_id)
            except NotFound:
                return
            raise AssertionError("deleting a deleted order must fail")

    @rule(order_id=ids)
    def load(self, order_id: int) -> None:
        if order_id in self.saved:
            assert load_order(self.store, order_id) == self.expected(order_id)
        else:
            try:
                load_order(self.store, order_id)
            except NotFound:
                return
            raise AssertionError("a deleted order must not load")

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = new_store(self.folder)

    @invariant()
    def same_number_of_orders(self) -> None:
        assert count_orders(self.store) == len(self.saved)

    def teardown(self) -> None:
        for order_id in self.saved:
            assert load_order(self.store, order_id) == self.expected(order_id)
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


StoreMachine.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_store_matches_the_model = StoreMachine.TestCase
