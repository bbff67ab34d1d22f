"""order-v1 files (order-format.md): ``parse_order`` reads one, ``order_to_dict`` writes one.

Reading checks what makes a file unreadable as an order (types, impossible dates,
unknown therapy, frequency, method or payer profile, a number or date outside its
documented range) and raises ``OrderFileError`` naming every bad field. Billing
mistakes (a bad NPI, stop before start, …) are not read errors: they become problems
on the claim. ``read_order_json`` reads the file itself, for the CLI and the GUI alike.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from infusiondesk.claims.reading import (
    MAX_NUMBER_CHARS,
    Bounds,
    FieldReader,
    HugeNumber,
    OrderFileError,
    shown,
)
from infusiondesk.rules.dates import DateRange
from infusiondesk.rules.order import (
    Address,
    Drug,
    Facility,
    Insured,
    NursingVisit,
    Order,
    Patient,
    Payer,
    Prescriber,
    Provider,
    Resubmission,
    Supply,
    Therapy,
)
from infusiondesk.rules.schedule import Frequency, parse_frequency
from infusiondesk.rules.vocabulary import (
    DEFAULT_DOSE_UNIT,
    DEFAULT_PLAN_TYPE,
    DOSE_UNITS,
    METHODS,
    NDC_UNITS,
    PLAN_TYPES,
    RELATIONSHIPS,
    SEXES,
)

ORDER_FORMAT = "infusiondesk/order-v1"

# The documented ranges (order-format.md, "Ranges"): checked before any arithmetic.
DOSE = Bounds(Decimal(0), Decimal(100_000_000), 6)  # in dose_unit: up to 100 million units
NDC_QUANTITY = Bounds(Decimal(0), Decimal("99999.999"), 3)  # NDC quantity: 3 decimals (NUCC 24A)
DAILY_VOLUME = Bounds(Decimal(0), Decimal(50_000), 3, "mL")
MINUTES = Bounds(Decimal(0), Decimal(24 * 60), 0, "minutes")  # a visit is at most a day
QUANTITY = Bounds(Decimal(0), Decimal(9_999), 3)
LUMENS = Bounds(Decimal(1), Decimal(9), 0)
CHARGE = Bounds(Decimal(0), Decimal("99999.99"), 4)  # box 24F holds 99999.99 a line
MAX_SPAN_DAYS = 366  # a therapy, a hold or a billing period: at most a (leap) year
MAX_EVERY_DAYS = 365  # qNd: at most one dose a year
LIMITS = MappingProxyType(
    {
        "therapies": 12,
        "drugs": 12,
        "holds": MAX_SPAN_DAYS,
        "administration_dates": 1_000,
        "nursing_visits": 1_000,
        "supplies": 2_000,
        "diagnoses": 100,
        "charges": 500,
    }
)
MAX_FILE_BYTES = 1_000_000  # an order file is a few KB; a year of daily supplies ~200 KB
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})\Z")
_CODE = re.compile(r"[A-Z0-9]{1,8}\Z")

__all__ = [
    "ORDER_FORMAT",
    "OrderFileError",
    "UnreadableOrderFile",
    "loads_order",
    "order_to_dict",
    "parse_insured",
    "parse_order",
    "parse_party",
    "read_order_json",
    "record_dict",
]


class UnreadableOrderFile(ValueError):
    """The file cannot be read as JSON at all; the message says why, for a biller."""


def read_order_json(file: str | Path) -> Any:
    """The JSON of an order file, for the CLI and the GUI alike: a regular file of at
    most ``MAX_FILE_BYTES``, UTF-8 (with or without a byte-order mark) or UTF-16 with
    its byte-order mark (Windows Notepad "Unicode", PowerShell). A FIFO or a device
    (``/dev/zero``) is refused without reading, so it can never hang or fill memory."""
    return loads_order(decode_order_bytes(_read_capped(Path(file))))


def _read_capped(file: Path) -> bytes:
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    try:
        fd = os.open(file, os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableOrderFile("no such file") from None
    except IsADirectoryError:
        raise UnreadableOrderFile("is a folder, not an order file") from None
    except OSError as problem:
        raise UnreadableOrderFile(f"cannot be read ({problem.strerror or 'refused'})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableOrderFile("is a folder, not an order file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableOrderFile("is not a regular file (a pipe or a device), not an order file")
        if info.st_size > MAX_FILE_BYTES:
            raise UnreadableOrderFile(
                f"is {info.st_size:,} bytes; an order file is at most {MAX_FILE_BYTES:,}"
            )
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as problem:
        raise UnreadableOrderFile(f"cannot be read ({problem.strerror or 'refused'})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableOrderFile(f"is more than {MAX_FILE_BYTES:,} bytes; not an order file")
    return data


def decode_order_bytes(data: bytes) -> str:
    """UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order mark; anything
    else is refused with what it looks like and what to do."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if data.startswith(b"\xff\xfe\x00\x00"):
            raise UnreadableOrderFile("is UTF-32 text: save it as UTF-8 (or UTF-16)")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as bad:
            raise UnreadableOrderFile(
                f"is damaged UTF-16 text (at byte {bad.start:,}): save it again as UTF-8"
            ) from None
    if b"\x00" in data[:200]:  # valid UTF-8, but no order holds a NUL: UTF-16 lost its mark
        raise UnreadableOrderFile("looks like UTF-16 text without its byte-order mark: save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        raise UnreadableOrderFile(
            f"is not UTF-8 text (byte 0x{data[bad.start]:02X} at byte {bad.start:,}): "
            "save it as UTF-8 (or UTF-16)"
        ) from None


def _json_int(text: str) -> int | HugeNumber:
    # Python refuses int() of more than 4,300 digits (a ValueError mid-parse): a number
    # this long is no order value anyway, so it is kept as its length and refused by field.
    return HugeNumber(len(text)) if len(text) > MAX_NUMBER_CHARS else int(text)


def _json_float(text: str) -> Decimal | HugeNumber:
    return HugeNumber(len(text)) if len(text) > MAX_NUMBER_CHARS else Decimal(text)


def loads_order(text: str) -> Any:
    """JSON text as Python values: numbers as int or Decimal (never float), any number
    longer than ``MAX_NUMBER_CHARS`` as ``HugeNumber``; NaN/Infinity as float (refused by
    field). Deep nesting (``[[[[…``) is refused, not a RecursionError."""
    try:
        return json.loads(text, parse_int=_json_int, parse_float=_json_float)
    except json.JSONDecodeError as bad:
        raise UnreadableOrderFile(
            f"is not valid JSON (line {bad.lineno:,}, column {bad.colno:,}: {bad.msg})"
        ) from None
    except RecursionError:
        raise UnreadableOrderFile("is not an order file: its JSON is nested too deeply") from None


def parse_order(
    data: Any, *, therapies: Iterable[str] | None = None, profiles: Iterable[str] | None = None
) -> Order:
    """Read an order-v1 mapping. ``therapies``/``profiles``: the known keys (None: any)."""
    reader = FieldReader()
    order = _OrderParser(reader, therapies, profiles).order(data)
    if reader.problems or order is None:
        raise OrderFileError(tuple(reader.problems))
    return order


PARTIES = ("patient", "insured", "payer", "prescriber", "provider", "facility")


def parse_party(section: str, data: Any) -> Any:
    """Read one party of an order alone (a form that edits a patient, a payer, a
    prescriber or the practice reads its fields as an order file's); problems are named
    ``section.…`` as in an order."""
    if section not in PARTIES:
        raise ValueError(f"{section!r} is not a party of an order ({', '.join(PARTIES)})")
    reader = FieldReader()
    value = getattr(_OrderParser(reader, None, None), section)(data)
    if reader.problems:
        raise OrderFileError(tuple(reader.problems))
    return value


def parse_insured(data: Any) -> Insured | None:
    """An order-v1 ``insured`` mapping alone (a patient's coverage is entered in the
    same fields as an order's)."""
    insured: Insured | None = parse_party("insured", data)
    return insured


class _OrderParser:
    def __init__(
        self, reader: FieldReader, therapies: Iterable[str] | None, profiles: Iterable[str] | None
    ) -> None:
        self.r = reader
        self.therapy_keys = None if therapies is None else frozenset(therapies)
        self.profile_keys = None if profiles is None else frozenset(profiles)

    def order(self, data: Any) -> Order | None:
        if not isinstance(data, dict):
            self.r.fail("order", "the file must hold one JSON object")
            return None
        if data.get("format") != ORDER_FORMAT:
            self.r.fail("format", f"must be '{ORDER_FORMAT}', not {shown(data.get('format'))}")
            return None
        profile = self.r.required_text(data, "payer_profile", "")
        if profile and self.profile_keys is not None and profile not in self.profile_keys:
            self.r.fail("payer_profile", f"{shown(profile)} is not a known payer profile")
        if data.get("therapies") is None:
            self.r.fail("therapies", "is required (a list of therapies, not null)")
        therapies = tuple(
            self.therapy(t, i) for i, t in enumerate(self.items(data.get("therapies"), "therapies"))
        )
        period = self.period(data.get("billing_period"), "billing_period")
        return Order(
            payer_profile=profile or "",
            therapies=tuple(t for t in therapies if t is not None),
            place_of_service=self.r.text(data, "place_of_service", "", "12") or "12",
            billing_period=period,
            patient=self.patient(data.get("patient")),
            insured=self.insured(data.get("insured")),
            payer=self.payer(data.get("payer")),
            prescriber=self.prescriber(data.get("prescriber")),
            provider=self.provider(data.get("provider")),
            facility=self.facility(data.get("facility")),
            diagnoses=self.diagnoses(data.get("diagnoses")),
            prior_authorization=self.r.text(data, "prior_authorization", ""),
            nursing_visits=self.visits(data.get("nursing_visits")),
            supplies=self.supplies(data.get("supplies")),
            charges=self.charges(data.get("charges")),
            resubmission=self.resubmission(data.get("resubmission")),
            primary_therapy=self.primary(data.get("primary_therapy"), len(therapies)),
        )

    def items(self, data: Any, where: str, kind: str | None = None) -> list[Any]:
        return self.r.items(data, where, LIMITS[kind or where])

    def period(self, data: Any, where: str, item: bool = False) -> DateRange | None:
        obj = self.r.item(data, where) if item else self.r.obj(data, where)
        if obj is None:
            return None
        first, last = self.r.day(obj, "from", where, True), self.r.day(obj, "to", where, True)
        if first and last and last < first:
            self.r.fail(f"{where}.to", f"{last} is before {first}")
            return None
        if first and last and not self.span_fits(first, last, f"{where}.to"):
            return None
        return DateRange(first, last) if first and last else None

    def span_fits(self, first: date, last: date, where: str) -> bool:
        """A range of at most ``MAX_SPAN_DAYS``: a year-1-to-9999 therapy is refused here,
        before any calendar of its days is built."""
        days = (last - first).days + 1
        if days > MAX_SPAN_DAYS:
            self.r.fail(where, f"{first} to {last} is {days:,} days; at most {MAX_SPAN_DAYS} (split it)")
            return False
        return True

    def address(self, data: Any, where: str) -> Address:
        obj = self.r.obj(data, where) or {}
        return Address(*(self.r.text(obj, key, where) for key in ("street", "city", "state", "zip")))

    def patient(self, data: Any) -> Patient | None:
        obj = self.r.obj(data, "patient")
        if obj is None:
            return None

        def t(key: str) -> str:
            return self.r.text(obj, key, "patient")

        return Patient(
            last_name=t("last_name"),
            first_name=t("first_name"),
            dob=self.r.day(obj, "dob", "patient"),
            sex=self.r.choice(obj, "sex", "patient", SEXES, "sex (M or F)") or "",
            member_id=t("member_id"),
            middle_initial=t("middle_initial"),
            phone=t("phone"),
            account_number=t("account_number"),
            address=self.address(obj.get("address"), "patient.address"),
        )

    def insured(self, data: Any) -> Insured | None:
        obj = self.r.obj(data, "insured")
        if obj is None:
            return None

        def t(key: str) -> str:
            return self.r.text(obj, key, "insured")

        return Insured(
            last_name=t("last_name"),
            first_name=t("first_name"),
            relationship=self.r.choice(obj, "relationship", "insured", RELATIONSHIPS, "relationship")
            or "self",
            middle_initial=t("middle_initial"),
            dob=self.r.day(obj, "dob", "insured"),
            sex=self.r.choice(obj, "sex", "insured", SEXES, "sex (M or F)") or "",
            group_number=t("group_number"),
            plan_name=t("plan_name"),
            phone=t("phone"),
            address=self.address(obj.get("address"), "insured.address"),
        )

    def payer(self, data: Any) -> Payer | None:
        obj = self.r.obj(data, "payer")
        if obj is None:
            return None
        requires = obj.get("requires_prior_authorization", False)
        if not isinstance(requires, bool):
            self.r.fail("payer.requires_prior_authorization", "must be true or false")
            requires = False
        return Payer(
            name=self.r.text(obj, "name", "payer"),
            payer_id=self.r.text(obj, "payer_id", "payer"),
            address=self.address(obj.get("address"), "payer.address"),
            plan_type=self.r.choice(obj, "plan_type", "payer", PLAN_TYPES, "plan type") or DEFAULT_PLAN_TYPE,
            requires_prior_authorization=requires,
        )

    def prescriber(self, data: Any) -> Prescriber | None:
        obj = self.r.obj(data, "prescriber")
        if obj is None:
            return None
        return Prescriber(*(self.r.text(obj, k, "prescriber") for k in ("last_name", "first_name", "npi")))

    def provider(self, data: Any) -> Provider | None:
        obj = self.r.obj(data, "provider")
        if obj is None:
            return None

        def t(key: str) -> str:
            return self.r.text(obj, key, "provider")

        return Provider(
            name=t("name"),
            npi=t("npi"),
            ein=t("ein"),
            taxonomy=t("taxonomy"),
            phone=t("phone"),
            address=self.address(obj.get("address"), "provider.address"),
        )

    def facility(self, data: Any) -> Facility | None:
        obj = self.r.obj(data, "facility")
        if obj is None:
            return None
        return Facility(
            name=self.r.text(obj, "name", "facility"),
            npi=self.r.text(obj, "npi", "facility"),
            address=self.address(obj.get("address"), "facility.address"),
        )

    def diagnoses(self, data: Any) -> tuple[str, ...]:
        codes = []
        for i, code in enumerate(self.items(data, "diagnoses")):
            if not isinstance(code, str):
                self.r.fail(f"diagnoses[{i}]", "must be an ICD-10-CM code as text")
                continue
            if text := self.r.parse_text(code, f"diagnoses[{i}]"):
                codes.append(text.upper())
        return tuple(codes)

    def therapy(self, data: Any, index: int) -> Therapy | None:
        where = f"therapies[{index}]"
        obj = self.r.item(data, where)
        if obj is None:
            return None
        key = self.r.required_text(obj, "therapy", where)
        if key and self.therapy_keys is not None and key not in self.therapy_keys:
            self.r.fail(f"{where}.therapy", f"{shown(key)} is not a known therapy")
        frequency = self.frequency(obj, where)
        start, stop = self.r.day(obj, "start", where, True), self.r.day(obj, "stop", where, True)
        if start and stop and start <= stop and not self.span_fits(start, stop, f"{where}.stop"):
            return None
        pointers = self.r.text(obj, "diagnosis_pointers", where).upper()
        if pointers and (len(pointers) > 4 or any(c not in "ABCDEFGHIJKL" for c in pointers)):
            self.r.fail(f"{where}.diagnosis_pointers", f"{shown(pointers)} must be up to four letters A–L")
        holds = tuple(
            hold
            for i, item in enumerate(self.items(obj.get("holds"), f"{where}.holds", "holds"))
            if (hold := self.period(item, f"{where}.holds[{i}]", item=True)) is not None
        )
        if not (key and frequency and start and stop):
            return None
        return Therapy(
            therapy=key,
            frequency=frequency.text,
            start=start,
            stop=stop,
            method=self.r.choice(obj, "method", where, METHODS, "method"),
            daily_volume_ml=self.r.number(obj, "daily_volume_ml", where, DAILY_VOLUME),
            holds=holds,
            administration_dates=self.administration_dates(obj.get("administration_dates"), where),
            drugs=tuple(
                drug
                for i, item in enumerate(self.items(obj.get("drugs"), f"{where}.drugs", "drugs"))
                if (drug := self.drug(item, f"{where}.drugs[{i}]")) is not None
            ),
            diagnosis_pointers=pointers,
        )

    def frequency(self, obj: dict[str, Any], where: str) -> Frequency | None:
        text = self.r.required_text(obj, "frequency", where)
        if not text:
            return None
        # Only short ASCII text reaches parse_frequency: its cache must not keep hostile
        # strings, and int() of "q" + 5,000 digits would refuse (Python's digit limit).
        frequency = parse_frequency(text) if len(text) <= 12 and text.isascii() else None
        if frequency is None or (frequency.days or 0) > MAX_EVERY_DAYS:
            every = f" (qNd: every 4 to {MAX_EVERY_DAYS} days)" if frequency is not None else ""
            self.r.fail(f"{where}.frequency", f"{shown(text)} is not a known frequency{every}")
            return None
        return frequency

    def administration_dates(self, data: Any, where: str) -> tuple[date, ...] | None:
        if data is None:
            return None
        found = [
            self.r.parse_day(d, f"{where}.administration_dates[{i}]")
            for i, d in enumerate(self.items(data, f"{where}.administration_dates", "administration_dates"))
        ]
        return tuple(sorted({d for d in found if d is not None}))

    def drug(self, data: Any, where: str) -> Drug | None:
        obj = self.r.item(data, where)
        if obj is None:
            return None
        hcpcs = self.r.required_text(obj, "hcpcs", where)
        compound = obj.get("compound", False)
        if not isinstance(compound, bool):
            self.r.fail(f"{where}.compound", "must be true or false")
        if hcpcs is None:
            return None
        return Drug(
            hcpcs=hcpcs.upper(),
            ndc=self.r.text(obj, "ndc", where) or None,
            dose=self.r.number(obj, "dose", where, DOSE) or Decimal(0),
            dose_unit=self.r.choice(obj, "dose_unit", where, DOSE_UNITS, "dose unit") or DEFAULT_DOSE_UNIT,
            ndc_unit=self.r.choice(obj, "ndc_unit", where, NDC_UNITS, "NDC unit qualifier"),
            ndc_quantity_per_dose=self.r.number(obj, "ndc_quantity_per_dose", where, NDC_QUANTITY),
            wasted=self.r.number(obj, "wasted", where, DOSE) or Decimal(0),
            wasted_ndc_quantity=self.r.number(obj, "wasted_ndc_quantity", where, NDC_QUANTITY),
            description=self.r.text(obj, "description", where),
            compound=compound is True,
        )

    def visits(self, data: Any) -> tuple[NursingVisit, ...]:
        visits = []
        for i, item in enumerate(self.items(data, "nursing_visits")):
            where = f"nursing_visits[{i}]"
            obj = self.r.item(item, where)
            if obj is None:
                continue
            day = self.r.day(obj, "date", where, True)
            start, end = self.r.text(obj, "start_time", where), self.r.text(obj, "end_time", where)
            next_day = obj.get("ends_next_day", False)
            if not isinstance(next_day, bool):
                self.r.fail(f"{where}.ends_next_day", "must be true or false")
                next_day = False
            minutes = self.visit_minutes(obj, where, start, end, next_day)
            if day is not None and minutes is not None:
                visits.append(NursingVisit(day, minutes, start, end, next_day))
        return tuple(visits)

    def visit_minutes(
        self, obj: dict[str, Any], where: str, start: str, end: str, next_day: bool = False
    ) -> int | None:
        if obj.get("minutes") is not None:
            minutes = self.r.number(obj, "minutes", where, MINUTES)
            return None if minutes is None else int(minutes)
        if start and end:
            first, last = _clock(start), _clock(end)
            if first is None or last is None:
                self.r.fail(f"{where}.start_time", f"{shown(start)}–{shown(end)} are not times HH:MM")
                return None
            return self.clock_minutes(where, start, end, last - first, next_day)
        self.r.fail(f"{where}.minutes", "is required (or start_time and end_time)")
        return None

    def clock_minutes(self, where: str, start: str, end: str, minutes: int, next_day: bool) -> int | None:
        """Minutes from start to end; past midnight only when the visit says so (an end
        typed before the start is a mistake far more often than a 23-hour visit)."""
        if next_day and minutes >= 0:
            self.r.fail(f"{where}.end_time", f"ends the next day, so it must end before {start}")
            return None
        if minutes < 0 and not next_day:
            self.r.fail(
                f"{where}.end_time",
                f"ends at {end}, before it starts at {start}: tick 'ends the next day' "
                "if the visit went past midnight",
            )
            return None
        return minutes + (24 * 60 if next_day else 0)

    def supplies(self, data: Any) -> tuple[Supply, ...]:
        supplies = []
        for i, item in enumerate(self.items(data, "supplies")):
            where = f"supplies[{i}]"
            obj = self.r.item(item, where)
            if obj is None:
                continue
            code = self.r.required_text(obj, "hcpcs", where)
            quantity = self.r.number(obj, "quantity", where, QUANTITY)
            day = self.r.day(obj, "date", where, True)
            lumens = self.r.number(obj, "lumens", where, LUMENS)
            owned = obj.get("patient_owned", False)
            if not isinstance(owned, bool):
                self.r.fail(f"{where}.patient_owned", "must be true or false")
            if code and day:
                supplies.append(
                    Supply(
                        code.upper(),
                        quantity if quantity is not None else Decimal(1),
                        day,
                        None if lumens is None else int(lumens),
                        owned is True,
                    )
                )
        return tuple(supplies)

    def charges(self, data: Any) -> MappingProxyType[str, Decimal]:
        obj = self.r.obj(data, "charges") or {}
        if len(obj) > LIMITS["charges"]:
            self.r.fail("charges", f"has {len(obj):,} codes; at most {LIMITS['charges']} are allowed")
            return MappingProxyType({})
        charges = {}
        for code, value in obj.items():
            key = str(code).strip().upper()
            if not _CODE.match(key):
                self.r.fail("charges", f"{shown(code)} is not a code (up to 8 letters and digits)")
                continue
            amount = self.r.parse_number(value, f"charges.{key}", CHARGE)
            if amount is not None:
                charges[key] = amount
        return MappingProxyType(charges)

    def resubmission(self, data: Any) -> Resubmission | None:
        obj = self.r.obj(data, "resubmission")
        if obj is None:
            return None
        code = self.r.choice(obj, "code", "resubmission", ("7", "8"), "resubmission code (7 or 8)")
        ref = self.r.required_text(obj, "original_ref", "resubmission")
        return Resubmission(code, ref) if code and ref else None

    def primary(self, data: Any, count: int) -> int | None:
        if data is None:
            return None
        if isinstance(data, bool) or not isinstance(data, int) or not 0 <= data < max(count, 1):
            self.r.fail("primary_therapy", f"must be the index of a therapy (0 to {count - 1})")
            return None
        return data


def _clock(text: str) -> int | None:
    """Minutes after midnight of ``HH:MM`` in ASCII digits (``str.isdigit`` would take ``²``)."""
    match = _CLOCK.match(text)
    if match is None or int(match.group(1)) >= 24 or int(match.group(2)) >= 60:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


# --- writing -------------------------------------------------------------------------


def _number(value: Decimal) -> int | float | str:
    """JSON number for a Decimal: int when whole, else its exact text as a float-free string."""
    if value == value.to_integral_value():
        return int(value)
    return str(value)


def _money(amount: Decimal) -> str:
    """A charge as its text: two decimals when it has no more (a rate may have four)."""
    return f"{amount:.2f}" if amount == amount.quantize(Decimal("0.01")) else str(amount)


def _range(span: DateRange) -> dict[str, str]:
    return {"from": span.first.isoformat(), "to": span.last.isoformat()}


_EMPTY: tuple[Any, ...] = (None, "", [], {})
# Written even when empty (null, []), as order-v1 files have always carried them.
_WRITTEN_WHEN_EMPTY: Mapping[type, frozenset[str]] = MappingProxyType(
    {
        Order: frozenset({"payer_profile", "therapies"}),
        Therapy: frozenset({"method", "daily_volume_ml", "holds", "administration_dates", "drugs"}),
    }
)


def _json(value: Any) -> Any:
    """One value of an order as order-v1 JSON. The value's type decides, so a field added
    to a dataclass is written without writer code (and the round-trip test reads it back)."""
    if isinstance(value, bool):
        return value or None  # false is every flag's default: left out
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, DateRange):
        return _range(value)
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    if isinstance(value, Mapping):  # the charges: code -> amount
        return {code: _money(amount) for code, amount in value.items()}
    if is_dataclass(value):
        return record_dict(value)
    return value


def record_dict(value: Any) -> dict[str, Any]:
    """A value of an order (an Order, a Patient, a Payer, …) as its order-v1 mapping: every
    dataclass field under its own name, blanks left out."""
    keep = _WRITTEN_WHEN_EMPTY.get(type(value), frozenset())
    data = {f.name: _json(getattr(value, f.name)) for f in fields(value)}
    return {name: item for name, item in data.items() if name in keep or item not in _EMPTY}


def order_to_dict(order: Order) -> dict[str, Any]:
    """The order as an order-v1 mapping; ``parse_order`` reads it back to an equal Order."""
    return {"format": ORDER_FORMAT, **record_dict(order)}
