"""Near-valid order files with hostile values, for the fuzz test and ``bench/fuzz.py``.

A valid order is generated first (therapies from the catalogue, real dates, doses,
visits, supplies, charges), then a few of its values are replaced by hostile ones:
huge or non-finite numbers, raw JSON tokens no Python value dumps to (``1e999999999``,
5,000 digits, ``NaN``), deep nesting, nulls, wrong types, control characters, lone
surrogates, superscript digits, ISO week dates, year-1 and year-9999 dates. Random
bytes alone would almost never get past the JSON parser to the fields.
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

THERAPIES = ("anti-infective", "tpn", "hydration", "pain-management", "immunotherapy", "anti-tnf", "enteral")
FREQUENCIES = (
    *("q4h", "q6h", "q8h", "q12h", "q24h", "q48h", "q72h", "q4d", "q7d", "q28d", "q365d"),
    *("weekly", "monthly", "continuous", "once", "daily", "bid"),
)
DRUGS = ("J0690", "J1569", "J3490", "J2270", "J1100", "X9999")
SUPPLIES = ("A4221", "A4222", "S5501", "S5502", "B4087", "S5035", "E0781")
PROFILES = ("nhia", "administration-days", "per-date-lines")
DAY0 = date(2026, 1, 1)

# Raw JSON number tokens (placed where a placeholder string was dumped).
RAW_TOKENS = (
    "1e999999999",
    "-1e999999999",
    "9" * 5000,
    "-" + "9" * 4301,
    "1e-999999",
    "1" + "0" * 45 + ".5",
    "NaN",
    "Infinity",
    "-Infinity",
    "1E+30",
    "0.0000001",
    "[" * 800 + "]" * 800,
    "{" + '"a": {' * 300 + "}" * 301,
)
HOSTILE = (
    None,
    True,
    "",
    " ",
    -1,
    0,
    2**70,
    1.5,
    99999.99,
    100000,
    1441,
    "x" * 5000,
    "a\ntherapies[0].start: forged",
    "\x1b[31mred\x1b[0m",
    "\ud800",
    "\u202ereversed",
    "\u00b2:00",
    "25:00",
    "12:60",
    "2026-W10-1",
    "20260301",
    "0001-01-01",
    "9999-12-31",
    "2026-02-29",
    "\uff12\uff10",  # fullwidth digits
    "\u0661\u0660",  # Arabic-Indic digits
    "1_000",
    "1e999999",
    "9" * 31,
    "q" + "9" * 5000 + "d",
    "q99999999999d",
    {},
    [],
    [None],
    {"from": "2026-01-01", "to": "2099-12-31"},
    [[[[[[[[]]]]]]]],
)


def _day(offset: int) -> str:
    return (DAY0 + timedelta(days=offset)).isoformat()


def _mostly(valid: tuple[Any, ...], wrong: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    """A valid choice, and one time in 64 a wrong one an order may hold by mistake."""
    return st.integers(0, 63).flatmap(lambda n: st.sampled_from(wrong if n == 37 else valid))


@st.composite
def _drug(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "hcpcs": draw(st.sampled_from(DRUGS)),
        "ndc": draw(st.sampled_from(("0143-9924-90", "00409-4888-02", "", "12345"))),
        "dose": draw(st.sampled_from((2000, 1, 0.5, "1250", "4000000", 0, "12.5"))),
        "dose_unit": draw(_mostly(("mg", "g", "mcg", "units", "ml"), ("lbs",))),
        "ndc_unit": draw(st.sampled_from(("UN", "ML", "GR", "F2", "ME"))),
        "ndc_quantity_per_dose": draw(st.sampled_from((1, 2, 0.5, 10))),
        "wasted": draw(st.sampled_from((0, 250, 0.5))),
        "description": "drug",
    }


@st.composite
def _therapy(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(-30, 400))
    length = draw(_mostly((0, 1, 2, 6, 13, 30, 90, 365), (366, 400)))
    holds = [
        {"from": _day(start + a), "to": _day(start + a + b)}
        for a, b in draw(st.lists(st.tuples(st.integers(-3, 40), st.integers(0, 5)), max_size=4))
    ]
    data: dict[str, Any] = {
        "therapy": draw(_mostly(THERAPIES, ("bogus",))),
        "frequency": draw(_mostly(FREQUENCIES, ("q5h", "q366d", "q0d", ""))),
        "start": _day(start),
        "stop": _day(start + length),
        "method": draw(_mostly(("intermittent", "continuous", "gravity", "pump"), ("drip",))),
        "holds": holds,
        "drugs": draw(st.lists(_drug(), max_size=2)),
    }
    if draw(st.booleans()):
        data["daily_volume_ml"] = draw(st.sampled_from((1000, 2500, 3001, 0, "1.5")))
    if draw(st.integers(0, 4)) == 0:
        data["administration_dates"] = [
            _day(start + d) for d in draw(st.lists(st.integers(-2, 40), max_size=6))
        ]
    return data


@st.composite
def valid_ish_orders(draw: st.DrawFn) -> dict[str, Any]:
    """An order as a biller would write one, mistakes a claim may report included."""
    visits = [
        {"date": _day(d), "minutes": m}
        if t
        else {"date": _day(d), "start_time": "09:00", "end_time": draw(st.sampled_from(("11:30", "08:00")))}
        for d, m, t in draw(
            st.lists(st.tuples(st.integers(0, 60), st.integers(0, 1440), st.booleans()), max_size=3)
        )
    ]
    supplies = [
        {"hcpcs": code, "quantity": q, "date": _day(d), **({"lumens": 2} if code == "S5501" else {})}
        for code, q, d in draw(
            st.lists(st.tuples(st.sampled_from(SUPPLIES), st.integers(0, 20), st.integers(0, 60)), max_size=3)
        )
    ]
    data: dict[str, Any] = {
        "format": "infusiondesk/order-v1",
        "payer_profile": draw(_mostly(PROFILES, ("cheap",))),
        "patient": {"last_name": "Doe", "first_name": "Jane", "dob": "1961-04-02", "sex": "F"},
        "payer": {"name": "Acme", "payer_id": "12345"},
        "diagnoses": draw(st.lists(st.sampled_from(("A41.9", "T82.7XXA", "I20.8", "ZZZ")), max_size=3)),
        "therapies": draw(st.lists(_therapy(), min_size=1, max_size=3)),
        "nursing_visits": visits,
        "supplies": supplies,
        "charges": {
            code: draw(st.sampled_from(("185.00", "4.10", "0.0001", "99999.99", 12)))
            for code in draw(
                st.lists(st.sampled_from(("S9500", "S9502", "J0690", "99601", "A4222")), max_size=3)
            )
        },
    }
    if draw(st.booleans()):
        first = draw(st.integers(0, 60))
        data["billing_period"] = {"from": _day(first), "to": _day(first + draw(st.integers(0, 40)))}
    return data


def _slots(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the tree a value can be replaced: object keys and list items."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _slots(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _slots(item, (*path, index))
    return found


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def _replace(tree: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


@st.composite
def hostile_order_texts(draw: st.DrawFn) -> str:
    """The JSON text of a near-valid order with 0–3 of its values made hostile."""
    data = draw(valid_ish_orders())
    raw: dict[str, str] = {}
    for _ in range(draw(st.integers(0, 3))):
        slots = _slots(data)
        if not slots:
            break
        where = draw(st.sampled_from(slots))
        if draw(st.integers(0, 2)) == 0:
            placeholder = f"@@raw{len(raw)}@@"
            raw[placeholder] = draw(st.sampled_from(RAW_TOKENS))
            _replace(data, where, placeholder)
        else:
            _replace(data, where, copy.deepcopy(draw(st.sampled_from(HOSTILE))))  # never shared
    lists = [slot for slot in _slots(data) if isinstance(_at(data, slot), list)]
    if lists and draw(st.integers(0, 5)) == 0:  # a null item where an object is expected
        _at(data, draw(st.sampled_from(lists))).insert(0, None)
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    for placeholder, token in raw.items():
        text = text.replace(f'"{placeholder}"', token)
    return text
