"""837P test support: pyx12's validator in-process, and a small independent segment reader.

The reader is written from the X12 envelope rules (ISA is fixed-width: the element
separator is its 4th character, the component separator its 106th, the segment
terminator its 107th), not from output/x12.py, so a round trip through it checks the
file, not the writer against itself.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pyx12.map_if
import pyx12.params
import pyx12.x12n_document

from infusiondesk.claims.claim import Claim
from infusiondesk.output.x12 import ClaimSettings, Envelope, claims_for_837, render_837
from infusiondesk.output.x12_check import claim_problems, settings_problems
from infusiondesk.output.x12_settings import X12Settings

logging.getLogger("pyx12").setLevel(logging.CRITICAL)  # errors are collected, not logged

_load_map = pyx12.map_if.load_map_file
_maps: dict[tuple[str, str | None], Any] = {}


def _cached_map(map_file: str, param: Any, map_path: str | None = None) -> Any:
    """pyx12 parses its XML maps on every validation (95% of the time). A map holds no
    state of one document (the walker keeps the counts), so it is parsed once per test
    run: checked to give the same errors, file for file, as a fresh map."""
    key = (map_file, map_path)
    if key not in _maps:
        _maps[key] = _load_map(map_file, param, map_path)
    return _maps[key]


pyx12.map_if.load_map_file = _cached_map

SETTINGS = X12Settings(
    sender_id="SUNRISE01",
    receiver_id="CLEARHOUSE01",
    receiver_name="Clear House Inc",
    contact_name="Pat Biller",
    contact_phone="(512) 555-0100",
)
WHEN = datetime(2026, 2, 2, 9, 30)


def validate(data: bytes) -> list[dict[str, Any]]:
    """Every error pyx12's 005010X222A1 validator finds (x12valid's check, in-process)."""
    found: list[dict[str, Any]] = []
    report = io.StringIO()
    ok = pyx12.x12n_document.x12n_document(
        param=pyx12.params.params(),
        src_file=io.StringIO(data.decode("ascii")),
        fd_997=None,
        fd_html=None,
        fd_json=report,
    )

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(node.get("errors") or [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(report.getvalue()))
    if not ok and not found:
        found.append({"err_str": "pyx12 reported the file invalid"})
    return found


def export(claims: list[Claim], settings: X12Settings = SETTINGS, interchange: int = 1) -> bytes:
    """The 837P of ``claims`` after the same checks the service makes (none may fail)."""
    parts = claims_for_837(claims)
    problems = settings_problems(settings) + [p for c in parts for p in claim_problems(c, settings)]
    assert problems == []
    items = [ClaimSettings(c, settings, f"T{n}") for n, c in enumerate(parts, 1)]
    return render_837(items, Envelope(interchange, interchange, WHEN))


def segments(data: bytes) -> list[list[str]]:
    """The file as segments, each a list of elements (ISA's separators honoured)."""
    textual = data.decode("ascii")
    assert textual.startswith("ISA")
    element, terminator = textual[3], textual[105]
    return [s.strip().split(element) for s in textual.split(terminator) if s.strip()]


@dataclass(frozen=True)
class ReadLine:
    code: str
    modifiers: tuple[str, ...]
    charge: Decimal
    units: Decimal
    first: date
    last: date
    pointers: str
    ndc: str | None = None
    ndc_unit: str | None = None
    ndc_quantity: Decimal | None = None


def _day(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def service_lines(data: bytes) -> list[list[ReadLine]]:
    """Each transaction set's 2400 lines, read back from the file."""
    textual = data.decode("ascii")
    component = textual[104]
    claims: list[list[ReadLine]] = []
    current: dict[str, Any] | None = None
    for seg in segments(data):
        tag = seg[0]
        if tag == "ST":
            claims.append([])
        elif tag == "SV1":
            if current:
                claims[-1].append(ReadLine(**current))
            parts = seg[1].split(component)
            current = {
                "code": parts[1],
                "modifiers": tuple(m for m in parts[2:6] if m),
                "charge": Decimal(seg[2]),
                "units": Decimal(seg[4]),
                "pointers": "".join("ABCDEFGHIJKL"[int(p) - 1] for p in seg[7].split(component)),
            }
        elif tag == "DTP" and seg[1] == "472" and current is not None:
            first, _, last = seg[3].partition("-")
            current["first"], current["last"] = _day(first), _day(last or first)
        elif tag == "LIN" and current is not None:
            current["ndc"] = seg[3]
        elif tag == "CTP" and current is not None:
            current["ndc_quantity"], current["ndc_unit"] = Decimal(seg[4]), seg[5]
        elif tag == "SE" and current is not None:
            claims[-1].append(ReadLine(**current))
            current = None
    return claims


def first(data: bytes, tag: str, qualifier: str | None = None) -> list[str] | None:
    for seg in segments(data):
        if seg[0] == tag and (qualifier is None or seg[1] == qualifier):
            return seg
    return None
