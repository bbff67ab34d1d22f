"""Load the shipped reference data in ``resources/`` into the rules' values, once.

The rules stay pure: this module does the reading. Every file is found through
``paths.resource_path`` (checkout, wheel and PyInstaller alike), parsed with
``csv``/``tomllib`` only, checked, and cached, because the app and the batch
benchmark ask for the reference thousands of times. The files are edited by hand
(a new HCPCS quarter is a data change, resources/README.md), so every problem is
a ``CodesetError`` naming the file, the line or table, and the field.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import re
import tomllib
import typing
from collections.abc import Iterator, Mapping
from dataclasses import fields
from datetime import date
from decimal import Decimal
from functools import cache
from types import MappingProxyType, NoneType
from typing import Any

from infusiondesk.paths import resource_path
from infusiondesk.rules.catalogue import CodeDescriptor as Descriptor
from infusiondesk.rules.catalogue import CodeRule, DrugEntry, Reference, SupplyRule, VolumeBand
from infusiondesk.rules.catalogue import TherapyEntry as Therapy
from infusiondesk.rules.diagnoses import Icd10Cm, Release, Span
from infusiondesk.rules.diagnoses import diagnosis_problem as _diagnosis_problem
from infusiondesk.rules.profile import SETTING_NAMES, PayerProfile
from infusiondesk.rules.vocabulary import DOSE_UNITS, NDC_UNITS
from infusiondesk.rules.vocabulary import METHODS as METHOD_WORDS

CODE = re.compile(r"[A-Z0-9]{5}")  # HCPCS Level II and CPT codes: five characters
KINDS = "per-diem catheter-care nursing supply equipment drug enteral-formula service"
CONDITIONS = (
    "fluid-unless-hydration enteral-per-diem profile:implanted_access_devices catheter-care"
    " unless-patient-owned"
)
SOURCES = ("nhia", "hcsc", "allways")  # the documents billing-rules.md cites
UNITS = (*DOSE_UNITS, "cal", "each")  # enteral formulas are billed by calories or each
METHODS = " ".join(METHOD_WORDS)  # order-format
_RULE_KEYS = dict.fromkeys(("by-frequency", "by-method"), "by_key other_code")
_RULE_KEYS |= {"fixed": "code", "by-volume": "bands scheme_setting flat_code"}
_FLAGS = {"drugs_billed_separately": True, "fluid_is_drug": False, "enteral": False}
_ENTRY_KEYS = {"label", "default_method", "effective_from", "effective_to", "code_rule", *_FLAGS}
_HINTS = typing.get_type_hints(PayerProfile)
_UNSET = {f.name for f in fields(PayerProfile) if f.default is None}  # no value, no TOML key
_TEXT_SETTINGS = {  # setting: (pattern, what the biller must give)
    "key": (r"\S(.*\S)?", "text without spaces around it"),
    "ndc_separator": (r" | {3}", "one space or three spaces (NUCC)"),
    "suite_place_of_service": (r"\d\d", "a two-digit place-of-service code"),
    "suite_modifier": (r"[A-Z0-9]{2}", "a two-character modifier"),
}


class CodesetError(ValueError):
    """A shipped or user-edited reference file (or profile) holds a value we cannot use."""


def _require(ok: object, where: str, message: str) -> None:
    if not ok:
        raise CodesetError(f"{where}: {message}")


def _rows(name: str, columns: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Each data row of a CSV file with where it came from; the header must be ``columns``."""
    with resource_path(name).open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        _require(reader.fieldnames == columns.split(","), name, f"header must be {columns}")
        for row in reader:
            where = f"{name} line {reader.line_num}"
            _require(None not in row and None not in row.values(), where, f"columns: {columns}")
            yield where, {key: value.strip() for key, value in row.items()}


def _code(text: object, where: str) -> str:
    _require(isinstance(text, str) and CODE.fullmatch(text), where, f"{text!r} is not a code")
    return typing.cast(str, text)


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CodesetError(f"{where}: '{text}' is not a date (YYYY-MM-DD)") from None


def _descriptor(where: str, row: dict[str, str]) -> Descriptor:
    _require(row["long"] and 0 < len(row["short"]) <= 28, where, "short is 1-28 characters")
    _require(row["kind"] in KINDS.split(), where, f"kind must be one of: {KINDS}")
    start = _date(row["effective_from"], f"{where} effective_from")
    end = _date(row["effective_to"], f"{where} effective_to") if row["effective_to"] else None
    _require(end is None or end >= start, where, "effective_to is before effective_from")
    return Descriptor(_code(row["code"], where), row["short"], row["long"], start, end)


@cache
def _descriptor_file() -> tuple[Mapping[str, tuple[Descriptor, ...]], Mapping[str, str]]:
    """hcpcs.csv: each code's versions, oldest first and never overlapping; each code's kind."""
    versions: dict[str, list[Descriptor]] = {}
    kinds: dict[str, str] = {}
    for where, row in _rows("hcpcs.csv", "code,short,long,effective_from,effective_to,kind"):
        version = _descriptor(where, row)
        same_kind = kinds.setdefault(version.code, row["kind"]) == row["kind"]
        _require(same_kind, where, f"{version.code} has another kind on another line")
        versions.setdefault(version.code, []).append(version)
    for code, found in versions.items():
        found.sort(key=lambda version: version.effective_from)
        for old, new in itertools.pairwise(found):
            ended = old.effective_to is not None and old.effective_to < new.effective_from
            _require(ended, "hcpcs.csv", f"{code}: end the older version before the newer starts")
    frozen = {code: tuple(found) for code, found in versions.items()}
    return MappingProxyType(frozen), MappingProxyType(kinds)


def _supply_rule(where: str, row: dict[str, str]) -> SupplyRule:
    first, last = _code(row["first"], where), _code(row["last"], where)
    _require(first <= last, where, "last comes before first")
    kind, condition = row["classification"], row["condition"]
    _require(kind in ("bundled", "billable", "conditional"), where, f"classification '{kind}'")
    fits = condition in CONDITIONS.split() if kind == "conditional" else not condition
    _require(fits, where, f"condition '{condition}' does not fit classification '{kind}'")
    _require(row["reason"] and row["source"] in SOURCES, where, f"reason, and source in {SOURCES}")
    return SupplyRule(first, last, kind, condition, row["reason"], row["source"])


@cache
def _supply_rules() -> tuple[SupplyRule, ...]:
    """supplies.csv, single codes first, then ranges narrowest first: ``Reference.supply_rule``
    keeps the first of equally ranked rules, so the narrower of two overlapping ranges wins."""
    rows = _rows("supplies.csv", "first,last,classification,condition,reason,source")
    rules = [_supply_rule(where, row) for where, row in rows]
    # Same-length codes of 0-9A-Z sort as text exactly as they sort as base-36 numbers.
    rules.sort(key=lambda r: (r.first != r.last, int(r.last, 36) - int(r.first, 36)))
    return tuple(rules)


def _drug(where: str, row: dict[str, str]) -> DrugEntry:
    number = re.fullmatch(r"\d+(\.\d+)?", row["unit_amount"])
    amount = Decimal(row["unit_amount"]) if number else Decimal(0)
    _require(amount > 0, where, "unit_amount must be a number above 0")
    _require(row["unit"] in UNITS, where, f"unit must be one of {', '.join(UNITS)}")
    _require(row["ndc_unit"] in NDC_UNITS, where, f"ndc_unit: one of {', '.join(sorted(NDC_UNITS))}")
    _require(row["name"] and row["descriptor"] and row["category"], where, "empty name/text")
    ndc = re.fullmatch(r"\d{4,5}-\d{3,4}-\d{1,2}", row["example_ndc"]) or not row["example_ndc"]
    _require(ndc, where, "example_ndc must be a hyphenated NDC (or blank)")
    texts = (row["descriptor"], row["category"], row["ndc_unit"], row["example_ndc"])
    _require(row["container"] in ("single-dose", "multi-dose"), where, "container: single-dose or multi-dose")
    per_ml = re.fullmatch(r"\d+(\.\d+)?", row["per_ml"]) and Decimal(row["per_ml"])
    _require(per_ml or not row["per_ml"], where, "per_ml must be a number above 0 (or blank)")
    return DrugEntry(
        row["name"],
        _code(row["hcpcs"], where),
        amount,
        row["unit"],
        *texts,
        multi_dose=row["container"] == "multi-dose",
        per_ml=per_ml or None,
    )


@cache
def _drugs() -> tuple[DrugEntry, ...]:
    columns = "name,hcpcs,unit_amount,unit,descriptor,category,ndc_unit,example_ndc,container,per_ml"
    return tuple(_drug(where, row) for where, row in _rows("drugs.csv", columns))


def _toml(name: str) -> dict[str, Any]:
    try:
        with resource_path(name).open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as bad:
        raise CodesetError(f"{name}: not valid TOML ({bad})") from None


def _bands(raw: Any, where: str) -> tuple[VolumeBand, ...]:
    _require(isinstance(raw, list) and raw, where, "bands: a list of {up_to_ml, code} tables")
    bands: list[VolumeBand] = []
    for index, band in enumerate(raw):
        here = f"{where}[{index}]"
        _require(isinstance(band, dict), here, "a band is a {up_to_ml, code} table")
        limit = band.get("up_to_ml")
        numeric = limit is None or (isinstance(limit, int | float) and not isinstance(limit, bool))
        last_open = (index == len(raw) - 1) == (limit is None)
        _require(numeric and last_open, here, "only the last band has no numeric up_to_ml")
        up_to = None if limit is None else Decimal(str(limit))
        rising = up_to is None or not bands or typing.cast(Decimal, bands[-1].up_to_ml) < up_to
        _require(rising, here, "up_to_ml must increase from band to band")
        bands.append(VolumeBand(up_to, _code(band.get("code"), f"{here} code")))
    return tuple(bands)


def _code_rule(raw: Any, where: str) -> CodeRule:
    kind = str(raw.get("kind")) if isinstance(raw, dict) else ""
    _require(kind in _RULE_KEYS, where, f"kind must be one of {', '.join(_RULE_KEYS)}")
    extra = set(raw) - {"kind", *_RULE_KEYS[kind].split()}
    _require(not extra, where, f"{sorted(extra)} do not belong to a {kind} rule")
    if kind == "fixed":
        return CodeRule(kind, code=_code(raw.get("code"), f"{where} code"))
    if kind == "by-volume":
        setting = raw.get("scheme_setting")
        scheme = setting is None or "flat" in typing.get_args(_HINTS.get(setting))
        _require(scheme, where, f"scheme_setting '{setting}' is not a volume/flat setting")
        flat = _code(raw.get("flat_code"), f"{where} flat_code") if setting else None
        bands = _bands(raw.get("bands"), f"{where} bands")
        return CodeRule(kind, bands=bands, scheme_setting=setting, flat_code=flat)
    by_key = raw.get("by_key")
    _require(isinstance(by_key, dict) and by_key, where, "by_key must map names to codes")
    known = kind == "by-frequency" or set(by_key) <= set(METHODS.split())
    _require(known, where, f"by_key names a method outside: {METHODS}")
    codes = {key: _code(code, f"{where} by_key.{key}") for key, code in by_key.items()}
    other = _code(raw.get("other_code"), f"{where} other_code")
    return CodeRule(kind, by_key=MappingProxyType(codes), other_code=other)


def _therapy(key: str, raw: Any) -> tuple[Therapy, tuple[date, date | None]]:
    where = f"therapies.toml [{key}]"
    _require(isinstance(raw, dict) and not set(raw) - _ENTRY_KEYS, where, "unknown field")
    label, method = raw.get("label"), raw.get("default_method")
    _require(isinstance(label, str) and label.strip(), where, "needs a label")
    _require(method is None or method in METHODS.split(), where, f"default_method: {METHODS}")
    flags = {name: raw.get(name, default) for name, default in _FLAGS.items()}
    _require(all(type(flag) is bool for flag in flags.values()), where, "flags: true or false")
    start, end = raw.get("effective_from"), raw.get("effective_to")
    dated = type(start) is date and (end is None or (type(end) is date and end >= start))
    _require(dated, where, "effective_from (and effective_to, after it) must be dates")
    rule = _code_rule(raw.get("code_rule"), f"{where} code_rule")
    return Therapy(key, label, rule, default_method=method, **flags), (start, end)


@cache
def _therapy_file() -> tuple[Mapping[str, Therapy], Mapping[str, tuple[date, date | None]]]:
    loaded = {key: _therapy(key, raw) for key, raw in _toml("therapies.toml").items()}
    therapies = {key: entry for key, (entry, _) in loaded.items()}
    return MappingProxyType(therapies), MappingProxyType({k: d for k, (_, d) in loaded.items()})


def therapy_dates() -> Mapping[str, tuple[date, date | None]]:
    """Each therapy's (effective_from, effective_to); TherapyEntry has no place for them."""
    return _therapy_file()[1]


def code_kinds() -> Mapping[str, str]:
    """The hcpcs.csv ``kind`` of each code (per-diem, drug, …); CodeDescriptor has no place."""
    return _descriptor_file()[1]


def _problem(name: str, value: Any) -> str | None:
    """What setting ``name`` must be, when ``value`` is not allowed for it; else None."""
    hint = _HINTS[name]
    allowed = typing.get_args(hint)
    if typing.get_origin(hint) is typing.Literal:
        return None if isinstance(value, str) and value in allowed else " or ".join(allowed)
    if NoneType in allowed and value is None:  # int | None: no value is allowed too
        return None
    if bool in (hint, *allowed):
        return None if isinstance(value, bool) else "true or false"
    if int in (hint, *allowed):
        # minutes of an hour; 24E holds four diagnosis pointers
        top = {"nursing_partial_hour_minutes": 60, "diagnosis_pointers_per_line": 4}.get(name, 10_000)
        number = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= top
        return None if number else f"a whole number from 1 to {top}"
    pattern, what = _TEXT_SETTINGS.get(name, (r"\S.*", "some text"))
    return None if isinstance(value, str) and re.fullmatch(pattern, value) else what


def profile_from_mapping(data: Mapping[str, Any]) -> PayerProfile:
    """A PayerProfile from settings (a shipped file or a user's stored copy), each checked:
    an unknown setting, a missing key/label or a value a setting does not allow raises
    ``CodesetError`` (a ValueError) naming the setting. Settings left out take defaults."""
    where = f"payer profile '{data.get('key', '?')}'"
    unknown = sorted(set(data) - set(SETTING_NAMES))
    _require(not unknown, where, f"unknown setting '{(unknown or [''])[0]}'")
    _require("key" in data and "label" in data, where, "setting 'key' and 'label' are required")
    for name, value in data.items():
        problem = _problem(name, value)
        _require(problem is None, where, f"setting '{name}' must be {problem} (got {value!r})")
    return PayerProfile(**data)


def _shipped_profiles() -> Mapping[str, PayerProfile]:
    profiles = {}
    for path in sorted(resource_path("profiles").glob("*.toml")):
        where, data = f"profiles/{path.name}", _toml(f"profiles/{path.name}")
        missing = sorted(set(SETTING_NAMES) - _UNSET - set(data))
        _require(not missing, where, f"every setting must be written (missing {missing})")
        _require(data.get("key") == path.stem, where, f"key must be '{path.stem}'")
        profiles[path.stem] = profile_from_mapping(data)
    return MappingProxyType(profiles)


def load_profiles() -> dict[str, PayerProfile]:
    """The shipped payer profiles by key (a fresh dict: callers may add user copies)."""
    return dict(load_reference().profiles)


@cache
def _places() -> Mapping[str, str]:
    places = {}
    for where, row in _rows("place_of_service.csv", "code,name"):
        ok = re.fullmatch(r"\d\d", row["code"]) and row["name"]
        _require(ok, where, "needs a two-digit code and a name")
        places[row["code"]] = row["name"]
    return MappingProxyType(places)


def place_of_service_codes() -> dict[str, str]:
    """CMS place-of-service codes an infusion pharmacy uses: code → name."""
    return dict(_places())


def rule_codes(rule: CodeRule) -> set[str]:
    """Every code a therapy's rule can produce."""
    codes = {rule.code, rule.other_code, rule.flat_code, *(band.code for band in rule.bands)}
    return {code for code in codes | set((rule.by_key or {}).values()) if code}


@cache
def load_reference() -> Reference:
    """Therapies, descriptors, supply rules, drugs, profiles, ICD-10-CM: read and checked once."""
    descriptors, therapies, drugs = _descriptor_file()[0], _therapy_file()[0], _drugs()
    for key, entry in therapies.items():
        missing = sorted(rule_codes(entry.code_rule) - set(descriptors))
        _require(not missing, f"therapies.toml [{key}]", f"{missing} not in hcpcs.csv")
    for drug in drugs:
        _require(drug.hcpcs in descriptors, "drugs.csv", f"{drug.hcpcs} not in hcpcs.csv")
    return Reference(therapies, descriptors, _supply_rules(), drugs, _shipped_profiles(), load_icd10cm())


ICD10CM_TABLE = "icd10cm/icd10cm.csv.gz"  # built by resources/icd10cm/build.py
ICD10CM_RELEASES = "icd10cm/releases.csv"
_ICD_CODE = re.compile(r"[A-Z][0-9A-Z]{2,6}")


def _icd_rows() -> Iterator[tuple[int, list[str]]]:
    """Each row of the ICD-10-CM table (line number, its four columns), header checked."""
    with resource_path(ICD10CM_TABLE).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        reader = csv.reader(io.StringIO(text.read(), newline=""))
        columns = ["code", "billable_from", "billable_to", "description"]
        _require(next(reader, None) == columns, ICD10CM_TABLE, f"header must be {','.join(columns)}")
        for line, row in enumerate(reader, start=2):
            _require(len(row) == 4, f"{ICD10CM_TABLE} line {line}", f"columns: {','.join(columns)}")
            yield line, row


def _releases() -> tuple[Release, ...]:
    found = []
    for where, row in _rows(ICD10CM_RELEASES, "effective,name,codes_added,codes_deleted"):
        found.append(Release(_date(row["effective"], f"{where} effective"), row["name"]))
        _require(len(found) == 1 or found[-2].effective < found[-1].effective, where, "dates must rise")
    _require(found, ICD10CM_RELEASES, "no release")
    return tuple(found)


@cache
def load_icd10cm() -> Icd10Cm:
    """The ICD-10-CM releases and each billable code's spans (descriptions are loaded
    apart, only when asked for). Every span starts and ends on a release date, which
    lets the rules judge a whole release by one day of it."""
    releases = _releases()
    starts = {str(release.effective): release.effective for release in releases}
    ends: dict[str, date | None] = {
        str(date.fromordinal(day.toordinal() - 1)): date.fromordinal(day.toordinal() - 1)
        for day in starts.values()
    }
    ends[""] = None  # still billable
    shared: dict[object, Any] = {}  # a few hundred distinct spans shared by 75,000 codes: keep one of each
    spans: dict[str, list[Span]] = {}
    for line, (code, first, last, description) in _icd_rows():
        if not first and not last and description:  # a header's description
            continue
        where = f"{ICD10CM_TABLE} line {line}"
        _require(
            first in starts, where, f"billable_from '{first}' is not a release date ({ICD10CM_RELEASES})"
        )
        _require(last in ends, where, f"billable_to '{last}' is not the day before a release date")
        span = (starts[first], ends[last])
        _require(span[1] is None or span[1] >= span[0], where, "billable_to is before billable_from")
        _require(_ICD_CODE.fullmatch(code), where, f"{code!r} is not an ICD-10-CM code (no dot)")
        spans.setdefault(code, []).append(shared.setdefault(span, span))
    frozen = {code: shared.setdefault(tuple(found), tuple(found)) for code, found in spans.items()}
    return Icd10Cm(releases, MappingProxyType(frozen), tuple(sorted(frozen)))


@cache
def _icd_descriptions() -> Mapping[str, str]:
    return MappingProxyType({row[0]: row[3] for _, row in _icd_rows() if row[3]})


def describe_diagnosis(code: str, *, wait: bool = True) -> str:
    """The code's description (the newest wording we have), or '' when unknown.

    ``wait=False`` answers '' at once while the descriptions are still loading: the
    order editor describes as the biller types and must not block on the first load
    (the app warms them in the background)."""
    if not wait and _icd_descriptions.cache_info().currsize == 0:
        return ""
    return _icd_descriptions().get(code.replace(".", "").strip().upper(), "")


def diagnosis_problem(code: str) -> str | None:
    """For the order editor, which does not know the dates of service: None when the
    code is billable in some release, else why not in the newest. Whether it is
    billable on the claim's dates is the claim's problem (rules.diagnoses)."""
    codes = load_icd10cm()
    text = code.replace(".", "").strip().upper()
    return None if codes.ever_billable(text) else _diagnosis_problem(code, codes)
