"""Problems: what a biller must fix or know, as data the GUI can place at a field."""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One claim edit. ``where`` names the order field, e.g. ``therapies[0].drugs[1].ndc``.
    A NamedTuple: an order can raise dozens while it is being typed, on every keystroke."""

    severity: Severity
    where: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"severity": self.severity, "where": self.where, "message": self.message}


def error(where: str, message: str) -> Problem:
    return Problem("error", where, message)


def warning(where: str, message: str) -> Problem:
    return Problem("warning", where, message)


def has_errors(problems: tuple[Problem, ...] | list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
