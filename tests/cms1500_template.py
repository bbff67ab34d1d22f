"""The real CMS-1500 (02/12) form's geometry, read from the CMS fillable template
(tests/data/cms1500-02-12-template.pdf): each form field's widget rectangle is where
the payer's scanner looks for that value.

The table below maps our box keys to the template's own field names. It was written
by hand from the template (field names, their positions and the box numbers printed
on the form), not from resources/cms1500/layout.json: a test that finds its box
through the printer's layout would compare the layout with itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdf

TEMPLATE = Path(__file__).parent / "data" / "cms1500-02-12-template.pdf"
PAGE_HEIGHT = 792.0


@dataclass(frozen=True, slots=True)
class FieldRect:
    """A template field in PDF points, y up (as in the PDF): ``bottom`` < ``top``."""

    name: str
    x0: float
    bottom: float
    x1: float
    top: float

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def centre_y(self) -> float:
        return (self.bottom + self.top) / 2


# Our key -> (template field name, export state of a check box or "" for text).
HEADER: dict[str, tuple[str, str]] = {
    "payer.name": ("insurance_name", ""),
    "payer.attention": ("insurance_address", ""),
    "payer.street": ("insurance_address2", ""),
    "payer.city_state_zip": ("insurance_city_state_zip", ""),
    "1.medicare": ("insurance_type", "Medicare"),
    "1.medicaid": ("insurance_type", "Medicaid"),
    "1.tricare": ("insurance_type", "Tricare"),
    "1.champva": ("insurance_type", "Champva"),
    "1.group": ("insurance_type", "Group"),
    "1.feca": ("insurance_type", "Feca"),
    "1.other": ("insurance_type", "Other"),
    "1a": ("insurance_id", ""),
    "2": ("pt_name", ""),
    "3.mm": ("birth_mm", ""),
    "3.dd": ("birth_dd", ""),
    "3.yyyy": ("birth_yy", ""),
    "3.sex.m": ("sex", "M"),
    "3.sex.f": ("sex", "F"),
    "4": ("ins_name", ""),
    "5.street": ("pt_street", ""),
    "5.city": ("pt_city", ""),
    "5.state": ("pt_state", ""),
    "5.zip": ("pt_zip", ""),
    "5.area": ("pt_AreaCode", ""),
    "5.phone": ("pt_phone", ""),
    "6.self": ("rel_to_ins", "S"),
    "6.spouse": ("rel_to_ins", "M"),
    "6.child": ("rel_to_ins", "C"),
    "6.other": ("rel_to_ins", "O"),
    "7.street": ("ins_street", ""),
    "7.city": ("ins_city", ""),
    "7.state": ("ins_state", ""),
    "7.zip": ("ins_zip", ""),
    "7.area": ("ins_phone area", ""),
    "7.phone": ("ins_phone", ""),
    "9": ("other_ins_name", ""),
    "9a": ("other_ins_policy", ""),
    "9d": ("other_ins_plan_name", ""),
    "10a.yes": ("employment", "YES"),
    "10a.no": ("employment", "NO"),
    "10b.yes": ("pt_auto_accident", "YES"),
    "10b.no": ("pt_auto_accident", "NO"),
    "10b.state": ("accident_place", ""),
    "10c.yes": ("other_accident", "YES"),
    "10c.no": ("other_accident", "NO"),
    "10d": ("50", ""),
    "11": ("ins_policy", ""),
    "11a.mm": ("ins_dob_mm", ""),
    "11a.dd": ("ins_dob_dd", ""),
    "11a.yyyy": ("ins_dob_yy", ""),
    "11a.sex.m": ("ins_sex", "MALE"),
    "11a.sex.f": ("ins_sex", "FEMALE"),
    "11b": ("58", ""),
    "11c": ("ins_plan_name", ""),
    "11d.yes": ("ins_benefit_plan", "YES"),
    "11d.no": ("ins_benefit_plan", "NO"),
    "12": ("pt_signature", ""),
    "13": ("ins_signature", ""),
    "14.mm": ("cur_ill_mm", ""),
    "14.dd": ("cur_ill_dd", ""),
    "14.yyyy": ("cur_ill_yy", ""),
    "14.qual": ("73", ""),
    "15.qual": ("74", ""),
    "15.mm": ("sim_ill_mm", ""),
    "15.dd": ("sim_ill_dd", ""),
    "15.yyyy": ("sim_ill_yy", ""),
    "16.from.mm": ("work_mm_from", ""),
    "16.from.dd": ("work_dd_from", ""),
    "16.from.yyyy": ("work_yy_from", ""),
    "16.to.mm": ("work_mm_end", ""),
    "16.to.dd": ("work_dd_end", ""),
    "16.to.yyyy": ("work_yy_end", ""),
    "17.qual": ("85", ""),
    "17.name": ("ref_physician", ""),
    "17a.qual": ("physician number 17a1", ""),
    "17a.id": ("physician number 17a", ""),
    "17b": ("id_physician", ""),
    "18.from.mm": ("hosp_mm_from", ""),
    "18.from.dd": ("hosp_dd_from", ""),
    "18.from.yyyy": ("hosp_yy_from", ""),
    "18.to.mm": ("hosp_mm_end", ""),
    "18.to.dd": ("hosp_dd_end", ""),
    "18.to.yyyy": ("hosp_yy_end", ""),
    "19": ("96", ""),
    "20.yes": ("lab", "YES"),
    "20.no": ("lab", "NO"),
    "20.charges": ("charge", ""),
    "21.ind": ("99icd", ""),
    **{f"21.{letter}": (f"diagnosis{n}", "") for n, letter in enumerate("ABCDEFGHIJKL", start=1)},
    "22.code": ("medicaid_resub", ""),
    "22.ref": ("original_ref", ""),
    "23": ("prior_auth", ""),
    "25": ("tax_id", ""),
    "25.ssn": ("ssn", "SSN"),
    "25.ein": ("ssn", "EIN"),
    "26": ("pt_account", ""),
    "27.yes": ("assignment", "YES"),
    "27.no": ("assignment", "NO"),
    "28": ("t_charge", ""),
    "29": ("amt_paid", ""),
    "31": ("physician_signature", ""),
    "31.date": ("physician_date", ""),
    "32.name": ("fac_name", ""),
    "32.street": ("fac_street", ""),
    "32.city_state_zip": ("fac_location", ""),
    "32a": ("pin1", ""),
    "32b.qual": ("grp1", ""),
    "32b.id": ("grp1", ""),
    "33.area": ("doc_phone area", ""),
    "33.phone": ("doc_phone", ""),
    "33.name": ("doc_name", ""),
    "33.street": ("doc_street", ""),
    "33.city_state_zip": ("doc_location", ""),
    "33a": ("pin", ""),
    "33b.qual": ("grp", ""),
    "33b.id": ("grp", ""),
}
# Service lines: the template numbers them 1-6; the shaded halves are lettered.
_SHADED = {1: "Suppl", 2: "Suppla", 3: "Supplb", 4: "Supplc", 5: "Suppld", 6: "Supple"}


def row_field_name(key: str, row: int) -> str:
    """The template's name for a service-line field on line ``row`` (1-6)."""
    names = {
        "24.supplemental": _SHADED[row],
        "24I.qual": f"emg{row}",  # the shaded 24I cell (qualifier) carries this name
        "24J.other": f"local{row}a",
        "24A.from.mm": f"sv{row}_mm_from",
        "24A.from.dd": f"sv{row}_dd_from",
        "24A.from.yy": f"sv{row}_yy_from",
        "24A.to.mm": f"sv{row}_mm_end",
        "24A.to.dd": f"sv{row}_dd_end",
        "24A.to.yy": f"sv{row}_yy_end",
        "24B": f"place{row}",
        "24C": f"type{row}",
        "24D.code": f"cpt{row}",
        "24E": f"diag{row}",
        "24F": f"ch{row}",
        "24G": f"day{row}",
        "24H": f"plan{row}",
        "24J": f"local{row}",
    }
    return names[key]


# 24D's four modifier cells, in order.
def modifier_names(row: int) -> tuple[str, ...]:
    return (f"mod{row}", f"mod{row}a", f"mod{row}b", f"mod{row}c")


@cache
def _widgets() -> dict[tuple[str, str], FieldRect]:
    reader = pypdf.PdfReader(TEMPLATE)
    found: dict[tuple[str, str], FieldRect] = {}
    for ref in reader.pages[0]["/Annots"]:
        widget = ref.get_object()
        if widget.get("/Subtype") != "/Widget":
            continue
        parent = widget.get("/Parent")
        name = widget.get("/T") or (parent.get_object().get("/T") if parent else None)
        kind = widget.get("/FT") or (parent.get_object().get("/FT") if parent else None)
        state = ""
        if kind == "/Btn":
            states = [s for s in widget["/AP"]["/N"] if s != "/Off"]
            state = states[0].lstrip("/") if states else ""
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        found[(str(name), state)] = FieldRect(str(name), min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return found


def template_rect(name: str, state: str = "") -> FieldRect:
    return _widgets()[(name, state)]


def header_rect(key: str) -> FieldRect:
    return template_rect(*HEADER[key])


def row_rect(key: str, row: int) -> FieldRect:
    return template_rect(row_field_name(key, row))


def all_rects() -> list[FieldRect]:
    return list(_widgets().values())
