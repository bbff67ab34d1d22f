"""Values that don't fit their box become problems: printing never cuts silently.

Issue 4: "A value that does not fit its box (a name too long, a charge over 99999.99,
too many diagnoses) is never silently cut: it becomes a problem on the claim, and
printing waits for the user's decision (shortened where a rule allows, or the claim
split)." ``fit_claim`` reports errors; with ``allow_shorten`` it applies the rules
below and reports what it changed as warnings. Money and units are never shortened:
the decision there is ``split.split_for_print``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from infusiondesk.output.box_text import DIAGNOSIS_LETTERS, ClaimText
from infusiondesk.output.layout import Layout
from infusiondesk.output.people import WHERE, not_latin
from infusiondesk.rules.problems import Problem, error, warning

# USPS Publication 28 standard abbreviations (street suffixes, unit designators,
# directionals): the one rule-based way to shorten an address line.
_USPS = {
    "AVENUE": "AVE",
    "BOULEVARD": "BLVD",
    "CIRCLE": "CIR",
    "COURT": "CT",
    "DRIVE": "DR",
    "EXPRESSWAY": "EXPY",
    "FREEWAY": "FWY",
    "HIGHWAY": "HWY",
    "LANE": "LN",
    "PARKWAY": "PKWY",
    "PLACE": "PL",
    "ROAD": "RD",
    "SQUARE": "SQ",
    "STREET": "ST",
    "TERRACE": "TER",
    "TRAIL": "TRL",
    "APARTMENT": "APT",
    "BUILDING": "BLDG",
    "FLOOR": "FL",
    "SUITE": "STE",
    "UNIT": "UNIT",
    "ROOM": "RM",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHEAST": "NE",
    "NORTHWEST": "NW",
    "SOUTHEAST": "SE",
    "SOUTHWEST": "SW",
}
_WORD = re.compile(r"[A-Z]+")
MONEY_BOXES = {"24F": "split the line", "28": "split the claim", "20.charges": "split the claim"}


def shorten_person(text: str, width: int) -> str | None:
    """``LAST, FIRST, M`` -> drop the middle initial, then the first name to its initial
    (*nucc* 2: last name, first name, middle initial; the last name stays whole)."""
    parts = text.split(", ")
    candidates = [", ".join(parts[:2])]
    if len(parts) >= 2 and parts[1]:
        candidates.append(f"{parts[0]}, {parts[1][0]}")
    return next((c for c in candidates if len(c) <= width), None)


def shorten_first_last(text: str, width: int) -> str | None:
    """``FIRST LAST`` (box 17) -> the first name's initial, the last name whole."""
    first, _, last = text.partition(" ")
    candidate = f"{first[:1]} {last}" if last else text
    return candidate if len(candidate) <= width else None


def shorten_street(text: str, width: int) -> str | None:
    candidate = _WORD.sub(lambda m: _USPS.get(m.group(0), m.group(0)), text)
    return candidate if len(candidate) <= width else None


SHORTENERS: Mapping[str, Callable[[str, int], str | None]] = {
    "2": shorten_person,
    "4": shorten_person,
    "9": shorten_person,
    "17.name": shorten_first_last,
    "payer.street": shorten_street,
    "5.street": shorten_street,
    "7.street": shorten_street,
    "32.street": shorten_street,
    "33.street": shorten_street,
}


@dataclass(frozen=True, slots=True)
class Fitted:
    """The claim's text as it will print, and the problems of fitting it."""

    text: ClaimText
    problems: tuple[Problem, ...]

    @property
    def printable(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _too_long(box: str, value: str, width: int) -> str:
    return f"box {box}: '{value}' has {len(value)} characters; the box holds {width}"


def _where(key: str, text: ClaimText) -> str:
    """The order field behind a header box; boxes 4 and 7 are the patient's when the
    patient is the insured."""
    where = WHERE.get(key, f"box {key.split('.')[0]}")
    insured = text.claim.order.insured
    patient_is_insured = insured is None or insured.relationship == "self"
    if patient_is_insured and (key == "4" or key.startswith("7.")):
        where = "patient" + where.removeprefix("insured")
    return where


def _fit_header(
    text: ClaimText, layout: Layout, allow_shorten: bool, problems: list[Problem]
) -> dict[str, str]:
    header = dict(text.header)
    for key, value in text.header.items():
        field = layout.fields[key]
        if len(value) <= field.width:
            continue
        where = _where(key, text)
        shortener = SHORTENERS.get(key)
        short = shortener(value, field.width) if shortener else None
        if short is not None and allow_shorten:
            header[key] = short
            problems.append(warning(where, f"box {field.box}: shortened '{value}' to '{short}'"))
        elif short is not None:
            problems.append(
                error(
                    where,
                    _too_long(field.box, value, field.width) + f"; allow shortening to print '{short}'",
                )
            )
        else:
            problems.append(
                error(where, _too_long(field.box, value, field.width) + "; shorten it in the order")
            )
    return header


def _line_problems(text: ClaimText, layout: Layout) -> list[Problem]:
    problems = []
    for index, row in enumerate(text.lines):
        line = text.claim.lines[index]
        for key, value in row.items():
            field = layout.row_fields[key]
            if len(value) <= field.width:
                continue
            what = f"box {field.box}, line {index + 1} ({line.code})"
            if key == "24F":
                message = (
                    f"{what}: charge {line.total_charge} is over 99999.99, the most "
                    "the box holds; split the line"
                )
            elif key == "24G":
                message = f"{what}: {value} units don't fit 3 places; split the line"
            else:
                message = f"{_too_long(field.box, value, field.width)} on line {index + 1}"
            problems.append(error(f"lines[{index}]", message))
    return problems


def _page_problems(text: ClaimText, layout: Layout) -> list[Problem]:
    problems = []
    for page in text.pages:
        for key, value in page.own.items():
            field = layout.fields[key]
            if len(value) > field.width:
                hint = MONEY_BOXES.get(key, "shorten the descriptions")
                problems.append(
                    error(
                        WHERE.get(key, f"box {field.box}"),
                        f"{_too_long(field.box, value.strip(), field.width)} on page {page.number}; {hint}",
                    )
                )
    return problems


def _diagnosis_problems(text: ClaimText, allow_shorten: bool) -> list[Problem]:
    count = len(text.claim.order.diagnoses)
    if count <= len(DIAGNOSIS_LETTERS):
        return []
    where = f"diagnoses[{len(DIAGNOSIS_LETTERS)}]"
    if allow_shorten:
        return [
            warning(
                where,
                f"box 21 holds 12 diagnoses (A-L): the last {count - 12} of {count} are not printed",
            )
        ]
    return [
        error(
            where,
            f"box 21 holds 12 diagnoses (A-L), the order has {count}; "
            "remove some or allow leaving the last ones off",
        )
    ]


def _latin_problems(text: ClaimText, layout: Layout) -> list[Problem]:
    """A value with letters that have no plain-Latin form (Greek, Cyrillic, CJK, ...) would
    print as ``?`` or a wrong glyph: an error at its field (cms1500-layout.md). A value
    copied into another box (the patient's name into box 4) is reported once."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    found = [
        (_where(key, text), layout.fields[key].box, value)
        for key, value in text.header.items()
        if not value.isascii()  # the usual case, and the fast one: a batch has 100,000 values
    ]
    for index, row in enumerate(text.lines):
        found += [
            (f"lines[{index}]", layout.row_fields[key].box, value)
            for key, value in row.items()
            if not value.isascii()
        ]
    for page in text.pages:
        note = page.own.get("19", "")
        if not note.isascii():
            found.append((WHERE["19"], "19", note))
    for where, box, value in found:
        if not not_latin(value) or (where, value) in seen:
            continue
        seen.add((where, value))
        problems.append(
            error(
                where, f"box {box}: '{value}' has letters with no plain-Latin form; enter it in Latin letters"
            )
        )
    return problems


def fit_claim(text: ClaimText, layout: Layout, allow_shorten: bool = False) -> Fitted:
    """Check every value against its box's width; shorten names and streets when allowed."""
    problems: list[Problem] = _latin_problems(text, layout)
    header = _fit_header(text, layout, allow_shorten, problems)
    problems += _line_problems(text, layout)
    problems += _page_problems(text, layout)
    problems += _diagnosis_problems(text, allow_shorten)
    if header != text.header:
        pages = tuple(replace(page, header=header) for page in text.pages)
        text = replace(text, header=header, pages=pages)
    return Fitted(text, tuple(problems))
