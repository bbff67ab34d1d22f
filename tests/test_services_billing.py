"""services.compute_order / compute_claim (which charges, which profile: one place) and
the service calendar against the claim's own per-diem lines."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.claims.build import build_claim
from infusiondesk.claims.calendar import service_calendar
from infusiondesk.claims.order_file import parse_order
from infusiondesk.codesets import load_profiles, load_reference
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import Payer
from tests.conftest import DATA
from tests.helpers import order, therapy
from tests.test_store_support import full_order, small_order_file

EXAMPLES = json.loads((DATA / "worked-examples.json").read_text())["examples"]


@pytest.fixture
def store(tmp_path: Path):
    opened = services.open_store(tmp_path)
    yield opened
    services.close_store(opened, backup=False)


def _charge(claim, code: str) -> Decimal | None:
    return next(line.charge for line in claim.lines if line.code == code)


def _unsaved(store, **changes):
    """An order as the editor holds it: parsed, not saved; no charges of its own."""
    data = small_order_file(1)
    del data["charges"]
    return replace(services.parse_order_data(store, data), **changes)


# --- compute_order ---------------------------------------------------------------------


def test_payer_charge_beats_general_and_order_charge_beats_both(store) -> None:
    acme = services.add_payer(store, Payer("Acme", "1"))
    other = services.add_payer(store, Payer("Other Plan", "2"))
    services.set_charge(store, "S9502", Decimal("185.00"))
    services.set_charge(store, "S9502", Decimal("170.00"), acme)
    services.set_charge(store, "J0690", Decimal("4.10"))
    unsaved = _unsaved(store)
    assert _charge(services.compute_order(store, unsaved, acme), "S9502") == Decimal("170.00")
    assert _charge(services.compute_order(store, unsaved, other), "S9502") == Decimal("185.00")
    assert _charge(services.compute_order(store, unsaved, acme), "J0690") == Decimal("4.10")
    own = replace(unsaved, charges={"S9502": Decimal("199.00")})
    assert _charge(services.compute_order(store, own, acme), "S9502") == Decimal("199.00")


def test_without_a_payer_id_the_payer_is_found_by_value(store) -> None:
    acme = services.add_payer(store, Payer("Acme", "1"))
    services.set_charge(store, "S9502", Decimal("185.00"))
    services.set_charge(store, "S9502", Decimal("170.00"), acme)
    unsaved = _unsaved(store)
    assert unsaved.payer == Payer("Acme", "1")
    assert _charge(services.compute_order(store, unsaved), "S9502") == Decimal("170.00")
    stranger = replace(unsaved, payer=Payer("Unknown Plan", "9"))
    assert _charge(services.compute_order(store, stranger), "S9502") == Decimal("185.00")


def test_a_user_copy_of_a_profile_wins_over_the_shipped_one(store) -> None:
    settings = {**load_profiles()["nhia"].as_dict(), "service_days": "administration"}
    services.save_profile_copy(store, "nhia", "NHIA, our way", "nhia", settings)
    data = order([therapy(frequency="q48h", start="2026-01-01", stop="2026-01-14")])
    claim = services.compute_order(store, services.parse_order_data(store, data))
    assert claim.profile.service_days == "administration"
    assert sum(line.units for line in claim.lines if line.category == "per-diem") == 7


def test_an_unknown_profile_is_a_problem_on_the_claim_not_a_crash(store) -> None:
    unsaved = replace(_unsaved(store), payer_profile="gone")
    claim = services.compute_order(store, unsaved)
    assert any(p.where == "payer_profile" and p.severity == "error" for p in claim.problems)


def test_compute_claim_is_compute_order_of_the_stored_order(store) -> None:
    data = small_order_file(3)
    del data["charges"]
    saved = services.import_order(store, data)
    payer_id = services.list_payers(store)[0].id
    services.set_charge(store, "S9502", Decimal("170.00"), payer_id)
    stored = services.compute_claim(store, saved.id)
    live = services.compute_order(store, services.load_order(store, saved.id), payer_id)
    assert stored == live
    assert _charge(stored, "S9502") == Decimal("170.00")


# --- the service calendar ----------------------------------------------------------------


def _covered(claim) -> dict[str, list[date]]:
    """Per per-diem code, every day its lines cover (a span line covers each day)."""
    days: dict[str, list[date]] = {}
    for line in claim.lines:
        if line.category == "per-diem":
            days.setdefault(line.code, []).extend(line.first + timedelta(days=n) for n in range(line.days))
    return {code: sorted(found) for code, found in days.items()}


CALENDAR_ORDERS = [pytest.param(example["order"], id=example["name"]) for example in EXAMPLES] + [
    pytest.param(
        order(
            [
                therapy(holds=[{"from": "2026-01-04", "to": "2026-01-06"}]),
                therapy("hydration", daily_volume_ml=900),
            ],
            profile=profile,
            billing_period={"from": "2026-01-03", "to": "2026-01-12"},
        ),
        id=f"hold-and-period-{profile}",
    )
    for profile in ("nhia", "administration-days", "per-date-lines")
]


@pytest.mark.parametrize("data", CALENDAR_ORDERS)
def test_calendar_per_diem_days_are_the_days_the_claim_bills(data) -> None:
    reference = load_reference()
    parsed = parse_order(data, therapies=reference.therapies, profiles=reference.profiles)
    profile = reference.profiles[parsed.payer_profile]
    claim = build_claim(parsed, reference, profile)
    calendar = service_calendar(parsed, reference, profile)
    assert calendar.per_diem_days == {code: tuple(days) for code, days in _covered(claim).items()}
    for shown in calendar.therapies:
        if shown.code is not None:  # a dose is given on a day the per diem covers
            assert set(shown.administration_days) <= set(shown.service_days)
        assert not set(shown.hold_days) & set(shown.service_days)  # a hold is never billed


def test_calendar_shows_holds_administration_days_and_visits() -> None:
    reference = load_reference()
    parsed = full_order(1)
    calendar = service_calendar(parsed, reference, reference.profiles["administration-days"])
    first = calendar.therapies[0]
    start = parsed.therapies[0].start
    assert first.index == 0 and first.label == reference.therapies["anti-infective"].label
    assert first.hold_days == (start + timedelta(days=3), start + timedelta(days=4))
    assert first.service_days == first.administration_days  # this profile bills dosing days
    assert start + timedelta(days=3) not in first.administration_days
    assert calendar.visit_days == (start, start + timedelta(days=7))
    assert [v.minutes for v in calendar.visits] == [155, 60]


def test_calendar_leaves_out_therapies_the_claim_leaves_out() -> None:
    reference = load_reference()
    parsed = full_order(2)
    unknown = replace(parsed.therapies[0], therapy="not-a-therapy")
    calendar = service_calendar(
        replace(parsed, therapies=(unknown, parsed.therapies[1])), reference, reference.profiles["nhia"]
    )
    assert [t.index for t in calendar.therapies] == [1]


def test_services_calendar_uses_the_profile_the_claim_uses(store) -> None:
    settings = {**load_profiles()["nhia"].as_dict(), "service_days": "administration"}
    services.save_profile_copy(store, "dosing-days", "Dosing days", "nhia", settings)
    data = order([therapy(frequency="q48h", start="2026-01-01", stop="2026-01-10")], profile="dosing-days")
    parsed = services.parse_order_data(store, data)
    calendar = services.service_calendar(store, parsed)
    claim = services.compute_order(store, parsed)
    assert calendar.per_diem_days == {code: tuple(days) for code, days in _covered(claim).items()}
    assert len(calendar.therapies[0].service_days) == 5
    assert services.service_calendar(
        store, replace(parsed, billing_period=DateRange(date(2026, 1, 1), date(2026, 1, 4)))
    ).therapies[0].service_days == (date(2026, 1, 1), date(2026, 1, 3))
