"""Nursing 99601/99602 (billing-rules.md §5) as worked examples."""

from __future__ import annotations

import pytest

from infusiondesk.claims.reading import OrderFileError
from infusiondesk.rules.nursing import extra_hour_units
from tests.helpers import compute_dict, order, problem_at, therapy


@pytest.mark.parametrize(
    ("minutes", "threshold", "extra"),
    [
        (60, 31, 0),
        (120, 31, 0),
        (150, 31, 0),
        (151, 31, 1),
        (210, 31, 1),
        (211, 31, 2),
        (240, 31, 2),
        (151, 60, 0),
        (179, 60, 0),
        (239, 60, 1),
        (240, 60, 2),
        (300, 60, 3),
    ],
)
def test_extra_hours_follow_the_profile_threshold(minutes: int, threshold: int, extra: int) -> None:
    assert extra_hour_units(minutes, threshold) == extra


def _nursing(claim: dict) -> list[tuple[str, str, int]]:
    return [
        (line["code"], line["from"], line["units"])
        for line in claim["lines"]
        if line["category"] == "nursing"
    ]


def test_each_visit_is_its_own_line_on_its_date() -> None:
    visits = [
        {"date": "2026-01-02", "minutes": 211},
        {"date": "2026-01-02", "minutes": 45},
        {"date": "2026-01-05", "minutes": 90},
    ]
    claim = compute_dict(order([therapy()], nursing_visits=visits))
    assert _nursing(claim) == [
        ("99601", "2026-01-02", 1),
        ("99602", "2026-01-02", 2),
        ("99601", "2026-01-02", 1),
        ("99601", "2026-01-05", 1),
    ]


def test_visit_times_give_the_minutes_and_may_cross_midnight() -> None:
    visits = [{"date": "2026-01-02", "start_time": "22:30", "end_time": "01:05", "ends_next_day": True}]
    claim = compute_dict(order([therapy()], nursing_visits=visits))
    assert _nursing(claim) == [("99601", "2026-01-02", 1), ("99602", "2026-01-02", 1)]


def test_an_end_before_the_start_is_an_error_not_a_23_hour_visit() -> None:
    """Issue 9: 10:00-09:00 was read as a visit of 23 hours (99601 + 21 x 99602)."""
    visits = [{"date": "2026-01-02", "start_time": "10:00", "end_time": "09:00"}]
    with pytest.raises(OrderFileError) as raised:
        compute_dict(order([therapy()], nursing_visits=visits))
    assert [p.where for p in raised.value.problems] == ["nursing_visits[0].end_time"]
    assert "ends the next day" in raised.value.problems[0].message


def test_visit_on_a_day_without_a_service_day_warns() -> None:
    claim = compute_dict(
        order([therapy(stop="2026-01-03")], nursing_visits=[{"date": "2026-01-09", "minutes": 60}])
    )
    assert problem_at(claim, "nursing_visits[0]", "warning")
    assert _nursing(claim) == [("99601", "2026-01-09", 1)]


def test_nursing_charges_are_per_unit() -> None:
    claim = compute_dict(
        order(
            [therapy(stop="2026-01-01")],
            nursing_visits=[{"date": "2026-01-01", "minutes": 250}],
            charges={"99601": "160.00", "99602": "75.00"},
        )
    )
    charges = {line["code"]: line["charge"] for line in claim["lines"]}
    assert charges["99601"] == "160.00" and charges["99602"] == "150.00"
