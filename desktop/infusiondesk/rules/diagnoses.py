"""ICD-10-CM validity: a billable code in the release in force on each date of service (§10).

A diagnosis is judged by the ICD-10-CM release in force on the date of service,
not by today's list (HIPAA code-set rule: the code set valid at the time the
service is provided). Releases take effect October 1, with mid-year updates on
April 1 (and once, January 1 2021); a claim can span a release date and be filed a
year or more late. I20.8, for example, is billable through 2023-09-30 and a
category from 2023-10-01, when FY2024 replaced it by I20.81 and I20.89.

The code set comes in as a value (``Icd10Cm``, loaded by ``codesets`` from
``resources/icd10cm/``): each billable code's spans of dates. A code is a category
(a header, not billable) on a date when a longer billable code starting with it is
in force then, so header status is judged per release too.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from infusiondesk.rules.problems import Problem, error, warning

Span = tuple[date, date | None]  # first and last billable day; None: still in force


@dataclass(frozen=True, slots=True, eq=False)  # one object per release: hashed by identity
class Release:
    effective: date
    name: str  # "FY2024", "April 2023 update"


@dataclass(frozen=True)
class Icd10Cm:
    """Every ICD-10-CM release (oldest first) and each billable code's spans."""

    releases: tuple[Release, ...]
    spans: Mapping[str, tuple[Span, ...]]  # code without its dot → billable spans
    codes: tuple[str, ...]  # the same codes, sorted, to find a category's codes

    @cached_property
    def _starts(self) -> tuple[date, ...]:
        return tuple(release.effective for release in self.releases)

    def release_on(self, day: date) -> Release | None:
        """The release in force on ``day`` (None before ICD-10-CM: 2015-10-01)."""
        index = bisect.bisect_right(self._starts, day)
        return self.releases[index - 1] if index else None

    def by_release(self, days: Collection[date]) -> dict[Release | None, list[date]]:
        """``days`` grouped by the release in force on each (None: before any), each
        group's first and last day being all the callers need."""
        if not days:
            return {}
        first, last = min(days), max(days)
        release = self.release_on(first)
        if release == self.release_on(last):  # the usual claim: inside one release
            return {release: [first, last]}
        grouped: dict[Release | None, list[date]] = {}
        for day in days:
            grouped.setdefault(self.release_on(day), []).append(day)
        return grouped

    def billable_on(self, code: str, day: date) -> bool:
        return any(first <= day and (last is None or day <= last) for first, last in self.spans.get(code, ()))

    def category_on(self, code: str, day: date) -> bool:
        """Whether a longer billable code in force on ``day`` starts with ``code``."""
        index = bisect.bisect_right(self.codes, code)
        while index < len(self.codes) and self.codes[index].startswith(code):
            if self.billable_on(self.codes[index], day):
                return True
            index += 1
        return False

    def ever_billable(self, code: str) -> bool:
        return code in self.spans


def without_decimal(code: str) -> str:
    """Box 21 prints codes without the decimal point (*nucc*)."""
    return code.replace(".", "").strip().upper()


def _span_text(days: list[date]) -> str:
    first, last = min(days), max(days)
    return f"{first}" if first == last else f"{first} to {last}"


def _why(code: str, text: str, codes: Icd10Cm, release: Release) -> str | None:
    """Why ``text`` is not billable in ``release`` (None when it is)."""
    day = release.effective
    if codes.billable_on(text, day):
        return None
    where = f"ICD-10-CM {release.name} (in force from {release.effective})"
    if len(text) >= 3 and codes.category_on(text, day):
        return f"'{code}' is a category in {where}, not a billable code: add the missing characters"
    spans = codes.spans.get(text, ())
    later = [first for first, _ in spans if first > day]
    if later:
        return f"'{code}' is not in {where}: it takes effect {min(later)}"
    ended = [last for _, last in spans if last is not None and last < day]
    if ended:
        return f"'{code}' is not in {where}: it was deleted after {max(ended)}"
    return f"'{code}' is not an ICD-10-CM code"


def diagnosis_problem(code: str, codes: Icd10Cm, days: Collection[date] = ()) -> str | None:
    """Why ``code`` can't go on a claim with these dates of service, or None.

    Each date is judged by the release in force on it; with no dates, by the newest
    release. The reason names the release and, for a claim that spans releases,
    the dates it concerns."""
    return _problem(code, codes, codes.by_release(days))


def _problem(code: str, codes: Icd10Cm, by_release: dict[Release | None, list[date]]) -> str | None:
    if None in by_release:
        return f"'{code}': ICD-10-CM is not in force on {min(by_release[None])} (it starts 2015-10-01)"
    releases = [release for release in by_release if release is not None] or [codes.releases[-1]]
    text = without_decimal(code)
    found = {release: why for release in releases if (why := _why(code, text, codes, release)) is not None}
    if len(set(found.values())) == 1 and len(found) == len(releases):  # the same in every release
        return next(iter(found.values()))
    return (
        "; ".join(f"{why} (dates of service {_span_text(by_release[r])})" for r, why in found.items()) or None
    )


def diagnosis_problems(diagnoses: tuple[str, ...], codes: Icd10Cm, days: Collection[date]) -> list[Problem]:
    """An error at each diagnosis that is not billable on every date of service, and a
    warning when a date falls after the next October 1 release we do not ship yet."""
    by_release = codes.by_release(days)
    problems = [
        error(f"diagnoses[{index}]", why)
        for index, code in enumerate(diagnoses)
        if (why := _problem(code, codes, by_release))
    ]
    newest = codes.releases[-1]
    unknown = date(newest.effective.year + (newest.effective.month >= 10), 10, 1)  # the next FY release
    if diagnoses and days and max(days) >= unknown:
        problems.append(
            warning(
                "diagnoses",
                f"dates of service from {unknown} fall under an ICD-10-CM release newer than the "
                f"newest this app ships ({newest.name}); the diagnoses were judged by {newest.name}",
            )
        )
    return problems
