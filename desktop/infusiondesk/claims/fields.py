"""Reading untrusted JSON values into typed ones, collecting problems by field path.

Every reader returns a value or None and records one problem naming the field, so
a bad order file yields one clear line per mistake (order-format.md: exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from infusiondesk.rules.problems import Problem, error


class OrderFileError(ValueError):
    """The data cannot be read as an order; ``problems`` names each bad field."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        Decimal: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


@dataclass
class FieldReader:
    problems: list[Problem] = field(default_factory=list)

    def fail(self, where: str, message: str) -> None:
        self.problems.append(error(where, message))

    def obj(self, data: Any, where: str) -> dict[str, Any] | None:
        if data is None:
            return None
        if not isinstance(data, dict):
            self.fail(where, f"must be an object, not {_kind(data)}")
            return None
        return data

    def items(self, data: Any, where: str) -> list[Any]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.fail(where, f"must be a list, not {_kind(data)}")
            return []
        return data

    def text(self, data: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.fail(f"{where}.{key}", f"must be text, not {_kind(value)}")
            return default
        return str(value).strip()

    def required_text(self, data: dict[str, Any], key: str, where: str) -> str | None:
        if data.get(key) in (None, ""):
            self.fail(f"{where}.{key}" if where else key, "is required")
            return None
        return self.text(data, key, where) or None

    def day(self, data: dict[str, Any], key: str, where: str, required: bool = False) -> date | None:
        path = f"{where}.{key}" if where else key
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, "is required (a date YYYY-MM-DD)")
            return None
        return self.parse_day(value, path)

    def parse_day(self, value: Any, path: str) -> date | None:
        if not isinstance(value, str):
            self.fail(path, f"must be a date YYYY-MM-DD, not {_kind(value)}")
            return None
        try:
            return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else _bad_date()
        except ValueError:
            self.fail(path, f"'{value}' is not a real date (YYYY-MM-DD)")
            return None

    def number(
        self, data: dict[str, Any], key: str, where: str, minimum: Decimal | None = Decimal(0)
    ) -> Decimal | None:
        path = f"{where}.{key}" if where else key
        value = data.get(key)
        if value is None:
            return None
        return self.parse_number(value, path, minimum)

    def parse_number(self, value: Any, path: str, minimum: Decimal | None = Decimal(0)) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            self.fail(path, f"must be a number, not {_kind(value)}")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(path, f"'{value}' is not a number")
            return None
        if not number.is_finite():
            self.fail(path, f"'{value}' is not a number")
            return None
        if minimum is not None and number < minimum:
            self.fail(path, f"must be {minimum} or more, not {value}")
            return None
        return number

    def choice(
        self, data: dict[str, Any], key: str, where: str, allowed: tuple[str, ...], what: str
    ) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        text = self.text(data, key, where)
        if text not in allowed:
            self.fail(f"{where}.{key}" if where else key, f"'{text}' is not a known {what}")
            return None
        return text


def _bad_date() -> date:
    raise ValueError("not YYYY-MM-DD")
