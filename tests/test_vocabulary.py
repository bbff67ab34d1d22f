"""Each closed vocabulary is written once, in rules/vocabulary.py (issue 13, "Each
vocabulary once"): a tuple of all its values written out again anywhere else in the
app would drift from it the day a value is added, so this scans the source for one."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Literal, get_args

import pytest

from infusiondesk.output import people, x12, x12_settings
from infusiondesk.rules import vocabulary

PACKAGE = Path(__file__).resolve().parents[1] / "desktop" / "infusiondesk"
HOME = PACKAGE / "rules" / "vocabulary.py"

VOCABULARIES = {
    name: frozenset(get_args(value))
    for name, value in vars(vocabulary).items()
    if getattr(value, "__origin__", None) is Literal
}


def _words(node: ast.expr) -> list[str] | None:
    """The strings a literal collection writes out: its items, or the first of each
    (value, label) pair, or the words of one space-separated string; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
        return node.value.split()
    if not isinstance(node, (ast.Tuple, ast.List, ast.Set)) or len(node.elts) < 2:
        return None
    items = [item.elts[0] if isinstance(item, ast.Tuple) and item.elts else item for item in node.elts]
    if all(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in items):
        return [item.value for item in items]  # type: ignore[union-attr]
    return None


def copies_in(source: str) -> list[tuple[int, str]]:
    """(line, vocabulary) for each collection in ``source`` that spells out a whole vocabulary."""
    found = []
    for node in ast.walk(ast.parse(source)):
        words = _words(node) if isinstance(node, ast.expr) else None
        if words is None:
            continue
        found += [(node.lineno, name) for name, values in VOCABULARIES.items() if set(words) == values]
    return sorted(found)


def test_the_vocabularies_are_the_ones_the_issue_names() -> None:
    assert set(VOCABULARIES) == {
        "Method",
        "DoseUnit",
        "NdcUnit",
        "Sex",
        "Relationship",
        "PlanType",
        "LineCategory",
        "ClaimStatus",
        "PrintForm",  # not in the issue's list: the forms were written out three times too
    }


@pytest.mark.parametrize(
    "source",
    [
        'UNITS = ("mg", "g", "mcg", "units", "ml")',
        'QUALIFIERS = ["F2", "GR", "ME", "ML", "UN"]',  # any order
        'SEXES = (("", "unknown"), ("F", "female"), ("M", "male"))',  # a combo's pairs
        'METHODS = "continuous intermittent implanted-pump gravity pump bolus injection"',
        'if status in {"draft", "printed", "submitted", "paid", "denied"}: pass',
    ],
)
def test_the_scan_finds_a_vocabulary_written_out(source: str) -> None:
    assert len(copies_in(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        'NEW = ("draft", "printed")',  # a part of a vocabulary is a rule, not a copy
        'UNITS = (*DOSE_UNITS, "cal", "each")',
        'FILING = {"medicare": "MB", "medicaid": "MC"}',
    ],
)
def test_the_scan_leaves_parts_and_mappings_alone(source: str) -> None:
    assert copies_in(source) == []


def test_no_vocabulary_is_written_out_outside_rules_vocabulary() -> None:
    copies = [
        f"{file.relative_to(PACKAGE)}:{line}: {name}"
        for file in sorted(PACKAGE.rglob("*.py"))
        if file != HOME
        for line, name in copies_in(file.read_text(encoding="utf-8"))
    ]
    assert copies == [], "derive these from rules/vocabulary.py (typing.get_args) instead"


@pytest.mark.parametrize(
    ("labels", "values"),
    [
        (vocabulary.SEX_LABELS, vocabulary.SEXES),
        (vocabulary.SEX_SHORT_LABELS, vocabulary.SEXES),
        (vocabulary.RELATIONSHIP_LABELS, vocabulary.RELATIONSHIPS),
        (vocabulary.CLAIM_STATUS_LABELS, vocabulary.CLAIM_STATUSES),
        (vocabulary.PRINT_FORM_LABELS, vocabulary.PRINT_FORMS),
        (people.PLAN_TYPES, vocabulary.PLAN_TYPES),  # box 1's checkboxes
        (x12_settings.FILING_BY_PLAN, vocabulary.PLAN_TYPES),  # SBR09
    ],
)
def test_every_value_has_its_label_or_code(labels: object, values: tuple[str, ...]) -> None:
    """A table keyed by a vocabulary lists each value once, in the vocabulary's order."""
    assert tuple(labels) == values  # type: ignore[call-overload]


def test_every_relationship_but_self_has_its_837p_code() -> None:
    assert set(x12.RELATIONSHIP) == set(vocabulary.RELATIONSHIPS) - {"self"}  # 2000C PAT01


DOCUMENTED = {
    "patient.sex": vocabulary.SEXES,
    "insured.sex": vocabulary.SEXES,
    "insured.relationship": vocabulary.RELATIONSHIPS,
    "payer.plan_type": vocabulary.PLAN_TYPES,
    "therapies[].method": vocabulary.METHODS,
    "therapies[].drugs[].dose_unit": vocabulary.DOSE_UNITS,
    "therapies[].drugs[].ndc_unit": vocabulary.NDC_UNITS,
}


@pytest.mark.parametrize("key", DOCUMENTED)
def test_order_format_md_lists_each_vocabulary_as_it_is(key: str) -> None:
    """The field table of docs/order-format.md names the values the reader accepts."""
    text = (PACKAGE.parents[1] / "docs" / "order-format.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(f"| `{key}` |"))
    cell = row.split("|")[2]
    listed = set(re.findall(r"`([^`]*)`", cell)) | ({""} if "or empty" in cell else set())
    assert listed == set(DOCUMENTED[key])
