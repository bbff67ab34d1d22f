"""Reading untrusted JSON values into typed ones, collecting problems by field path.

Every reader returns a value or None and records one problem naming the field, so
a bad order file yields one clear line per mistake (order-format.md: exit 2).
Every value is checked against its documented range *before* any arithmetic:
a hostile file (``1e999999999`` minutes, a year-9999 date, a 5,000-item list) is
refused by name instead of hanging, overflowing or filling memory.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from infusiondesk.rules.problems import Problem, error

Word = TypeVar("Word", bound=str)  # one value of a closed vocabulary (rules.vocabulary)

# Characters a value may not hold: controls (a newline would forge a second message
# line, an escape code would reach the terminal), lone surrogates (no encoding can
# write them), line/paragraph separators and the bidirectional overrides that make
# text display other than it reads.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_BAD_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_SHOWN_CHARS = 40  # an echoed value is cut to this many characters
MAX_TEXT = 200  # characters in one text field (the longest box on the form is 28)
MAX_NUMBER_CHARS = 40  # a number written with more characters is refused unread
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")


class OrderFileError(ValueError):
    """The data cannot be read as an order; ``problems`` names each bad field."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class HugeNumber:
    """A JSON number too long to convert (Python refuses ints over 4,300 digits, and a
    huge exponent makes every later sum overflow): kept as its length, refused by field."""

    length: int


@dataclass(frozen=True, slots=True)
class Bounds:
    """A number's documented range (order-format.md, "Ranges"), both ends inclusive."""

    low: Decimal
    high: Decimal
    places: int  # decimals allowed; 0 = whole numbers only
    unit: str = ""

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{_plain(self.low)} to {_plain(self.high)}{unit}"


def _plain(number: Decimal) -> str:
    return f"{number:,f}"


def printable(text: str) -> str:
    """``text`` with every character that is not plain visible text escaped
    (``\\n``, ``\\x1b``, ``\\ud800``): the one place where messages are made safe to
    print on a terminal, one problem per line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    special = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in special:
        return special[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(value: Any) -> str:
    """A raw value as a message quotes it: in quotes, escaped, and cut short."""
    if isinstance(value, HugeNumber):
        return f"a number of {value.length} characters"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float, Decimal)):
        text = str(value) if not isinstance(value, int) or value.bit_length() < 128 else "a huge number"
        return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
    if not isinstance(value, str):
        return _kind(value)
    cut = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"
    return "'" + printable(cut).replace("'", "\\'") + "'"


def bad_character(text: str) -> str | None:
    """The first character a text value may not hold, described (``U+000A``), or None."""
    for index, ch in enumerate(text):
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) in _BAD_CATEGORIES:
            name = "a line break" if ch in "\n\r\u2028\u2029" else "a control character"
            if unicodedata.category(ch) == "Cs":
                name = "a lone surrogate"
            return f"{name} (U+{ord(ch):04X}) at character {index + 1}"
    return None


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        Decimal: "a number",
        HugeNumber: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def path(where: str, key: str) -> str:
    """``where.key``; a top-level field is named plainly (``place_of_service``)."""
    return f"{where}.{key}" if where else key


@dataclass
class FieldReader:
    problems: list[Problem] = field(default_factory=list)

    def fail(self, where: str, message: str) -> None:
        self.problems.append(error(where, message))

    def obj(self, data: Any, where: str) -> dict[str, Any] | None:
        """An optional object: null or absent is None, anything else not an object fails."""
        if data is None:
            return None
        if not isinstance(data, dict):
            self.fail(where, f"must be an object, not {_kind(data)}")
            return None
        return data

    def item(self, data: Any, where: str) -> dict[str, Any] | None:
        """A list item that must be an object: null is named, never skipped silently."""
        if data is None:
            self.fail(where, "must be an object, not null")
            return None
        return self.obj(data, where)

    def items(self, data: Any, where: str, limit: int) -> list[Any]:
        """An optional list (null or absent: empty) of at most ``limit`` items."""
        if data is None:
            return []
        if not isinstance(data, list):
            self.fail(where, f"must be a list, not {_kind(data)}")
            return []
        if len(data) > limit:
            self.fail(where, f"has {len(data):,} items; at most {limit:,} are allowed")
            return []
        return data

    def text(self, data: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = data.get(key)
        if value is None:
            return default
        return self.parse_text(value, path(where, key), default)

    def parse_text(self, value: Any, where: str, default: str = "") -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.fail(where, f"must be text, not {_kind(value)}")
            return default
        if isinstance(value, int) and value.bit_length() > 128:
            self.fail(where, "must be text, not a number this long")
            return default
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            self.fail(where, f"is {len(text):,} characters long; at most {MAX_TEXT} are allowed")
            return default
        if (bad := bad_character(text)) is not None:
            self.fail(where, f"contains {bad}")
            return default
        return text

    def required_text(self, data: dict[str, Any], key: str, where: str) -> str | None:
        if data.get(key) in (None, ""):
            self.fail(path(where, key), "is required")
            return None
        return self.text(data, key, where) or None

    def day(self, data: dict[str, Any], key: str, where: str, required: bool = False) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path(where, key), "is required (a date YYYY-MM-DD)")
            return None
        return self.parse_day(value, path(where, key))

    def parse_day(self, value: Any, where: str) -> date | None:
        """Strictly ``YYYY-MM-DD`` in ASCII digits (``date.fromisoformat`` alone would take
        ``2026-W10-1`` and ``20260301``), inside the years the app bills."""
        if not isinstance(value, str):
            self.fail(where, f"must be a date YYYY-MM-DD, not {_kind(value)}")
            return None
        text = value.strip()
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError:
            self.fail(where, f"{shown(value)} is not a real date (YYYY-MM-DD)")
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            self.fail(where, f"{shown(value)} is out of range ({FIRST_DAY.year} to {LAST_DAY.year})")
            return None
        return day

    def number(self, data: dict[str, Any], key: str, where: str, bounds: Bounds) -> Decimal | None:
        value = data.get(key)
        if value is None:
            return None
        return self.parse_number(value, path(where, key), bounds)

    def parse_number(self, value: Any, where: str, bounds: Bounds) -> Decimal | None:
        """A number inside ``bounds``, compared before any arithmetic is done with it."""
        number = self._decimal(value, where)
        if number is None:
            return None
        if not bounds.low <= number <= bounds.high:
            self.fail(where, f"{shown(value)} is out of range ({bounds.describe()})")
            return None
        if number != number.quantize(Decimal(1).scaleb(-bounds.places)):
            whole = "must be a whole number" if bounds.places == 0 else f"has more than {bounds.places}"
            self.fail(where, whole if bounds.places == 0 else f"{whole} decimals")
            return None
        return number

    def _decimal(self, value: Any, where: str) -> Decimal | None:
        if isinstance(value, HugeNumber):
            self.fail(where, f"{shown(value)} is out of range")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            self.fail(where, f"must be a number, not {_kind(value)}")
            return None
        if isinstance(value, str):
            text = value.strip()
            if len(text) > MAX_NUMBER_CHARS or not _NUMBER.match(text):
                self.fail(where, f"{shown(value)} is not a number")
                return None
            return Decimal(text)
        try:
            number = Decimal(value) if isinstance(value, (int, Decimal)) else Decimal(repr(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.fail(where, f"{shown(value)} is not a number")
            return None
        return number

    def choice(
        self, data: dict[str, Any], key: str, where: str, allowed: tuple[Word, ...], what: str
    ) -> Word | None:
        value = data.get(key)
        if value is None:
            return None
        known = len(self.problems)
        text = self.text(data, key, where)
        if len(self.problems) > known:
            return None
        if text not in allowed:
            self.fail(path(where, key), f"{shown(text)} is not a known {what}")
            return None
        return allowed[allowed.index(text)]  # typed as the vocabulary's own value
