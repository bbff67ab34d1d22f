"""The layout data (resources/cms1500/layout.json) is consistent: every field inside
its box, no two fields on top of each other, everything on the page."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from infusiondesk.output.box_text import claim_text
from infusiondesk.output.layout import load_layout
from infusiondesk.rules.order import Address, Facility, Insured, Resubmission
from tests.print_helpers import DRUG, PER_DIEM, PRINTED_ON, changed, make_claim

LAYOUT = load_layout()


def placed_fields():
    yield from ((key, None) for key in LAYOUT.fields)
    for row in range(1, LAYOUT.rows + 1):
        yield from ((key, row) for key in LAYOUT.row_fields)


def test_every_field_lies_inside_its_box():
    for key, row in placed_fields():
        field_rect = LAYOUT.field_rect(key, row)
        box = LAYOUT.box_rect(LAYOUT.field(key, row).box, row)
        assert box.contains(field_rect.x0, field_rect.top, field_rect.x1, field_rect.bottom, 1.0), (key, row)


def test_no_two_fields_overlap():
    rects = [((key, row), LAYOUT.field_rect(key, row)) for key, row in placed_fields()]
    for (a, ra), (b, rb) in itertools.combinations(rects, 2):
        overlap_x = min(ra.x1, rb.x1) - max(ra.x0, rb.x0)
        overlap_y = min(ra.bottom, rb.bottom) - max(ra.top, rb.top)
        # cells are one line pitch tall; lines a fraction apart may touch, never share text
        assert overlap_x <= 0.01 or overlap_y <= 6.0, (a, b)


def test_everything_is_on_the_letter_page_grid():
    grid = LAYOUT.grid
    for key, row in placed_fields():
        spec = LAYOUT.field(key, row)
        assert spec.col >= 1 and spec.col + spec.width - 1 <= 85 and 1 <= spec.line <= 66, key
        rect = LAYOUT.field_rect(key, row)
        assert rect.x0 >= 0 and rect.x1 <= LAYOUT.page_width and rect.bottom <= LAYOUT.page_height
    assert grid.x(11) - grid.x(1) == pytest.approx(72)  # 10 characters an inch
    assert grid.baseline(7) - grid.baseline(1) == pytest.approx(72)  # 6 lines an inch


def test_boxes_do_not_overlap():
    fixed = [
        (key, LAYOUT.box_rect(key)) for key, box in LAYOUT.boxes.items() if box.half is None and box.frame
    ]
    for (a, ra), (b, rb) in itertools.combinations(fixed, 2):
        overlap_x = min(ra.x1, rb.x1) - max(ra.x0, rb.x0)
        overlap_y = min(ra.bottom, rb.bottom) - max(ra.top, rb.top)
        assert overlap_x <= 0.01 or overlap_y <= 0.01, (a, b)


def test_every_box_the_claim_can_fill_has_a_place():
    insured = Insured(
        "Doe",
        "John",
        "spouse",
        "R",
        date(1960, 1, 1),
        "M",
        "GRP-1",
        "Gold Plan",
        "512 555 0000",
        Address("2 Oak St", "Austin", "TX", "78701"),
    )
    suite = tuple(changed(line, place_of_service="49") for line in (PER_DIEM, DRUG))
    claim = make_claim(
        suite,
        insured=insured,
        place_of_service="49",
        facility=Facility("Suite", "1245319599", Address("3 Elm", "Austin", "TX", "78701")),
        resubmission=Resubmission("7", "ABC123"),
    )
    text = claim_text(claim, PRINTED_ON)
    page = text.pages[0]
    assert set(page.header) | set(page.own) <= set(LAYOUT.fields)
    assert all(set(row) <= set(LAYOUT.row_fields) for row in page.rows)
    assert {"4", "6.spouse", "7.street", "11", "11c", "11a.sex.m", "22.ref", "32.name", "32a"} <= set(
        page.header
    )
