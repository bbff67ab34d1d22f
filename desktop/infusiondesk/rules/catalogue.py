"""Reference data as values: therapy catalogue, code descriptors, supply rules, drugs.

Loaded from ``resources/`` by ``infusiondesk.codesets``; here only the shapes and
the lookups, so the rules stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from infusiondesk.rules.diagnoses import Icd10Cm
from infusiondesk.rules.profile import PayerProfile


@dataclass(frozen=True, slots=True)
class CodeDescriptor:
    code: str
    short: str
    long: str
    effective_from: date
    effective_to: date | None = None

    def effective_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class VolumeBand:
    up_to_ml: Decimal | None  # None: no upper bound
    code: str


@dataclass(frozen=True, slots=True)
class CodeRule:
    """How a therapy's per-diem S-code is chosen (billing-rules.md §2).

    kind: ``fixed`` (``code``), ``by-frequency`` (``by_key`` frequency → code, else
    ``other_code``), ``by-method`` (``by_key`` method → code, else ``other_code``),
    ``by-volume`` (``bands``; the profile setting ``scheme_setting`` = "flat" selects
    ``flat_code`` instead).
    """

    kind: str
    code: str | None = None
    by_key: Mapping[str, str] | None = None
    other_code: str | None = None
    bands: tuple[VolumeBand, ...] = ()
    scheme_setting: str | None = None
    flat_code: str | None = None


@dataclass(frozen=True, slots=True)
class TherapyEntry:
    key: str
    label: str
    code_rule: CodeRule
    drugs_billed_separately: bool = True
    default_method: str | None = None
    fluid_is_drug: bool = False  # hydration: IV solutions are the drug, billable
    enteral: bool = False  # enteral kits and pump are bundled into its per diem

    def is_volume_tiered(self, profile: PayerProfile) -> bool:
        rule = self.code_rule
        if rule.kind != "by-volume":
            return False
        return rule.scheme_setting is None or getattr(profile, rule.scheme_setting) != "flat"


@dataclass(frozen=True, slots=True)
class SupplyRule:
    """A code range (inclusive, compared as text) and what happens to it under a per diem.

    classification: ``bundled`` | ``billable`` | ``conditional``; ``condition`` names
    the test for conditional rules: ``fluid-unless-hydration``, ``enteral-per-diem``,
    ``profile:implanted_access_devices``, ``catheter-care``.
    """

    first: str
    last: str
    classification: str
    condition: str
    reason: str
    source: str

    def matches(self, code: str) -> bool:
        return len(code) == len(self.first) and self.first <= code <= self.last

    @property
    def width(self) -> int:
        """How many codes the range spans: the narrowest matching rule is the most specific."""
        first, last = self.first[1:], self.last[1:]
        if first.isdigit() and last.isdigit() and self.first[0] == self.last[0]:
            return int(last) - int(first)
        return 0 if self.first == self.last else 10**6


@dataclass(frozen=True, slots=True)
class DrugEntry:
    name: str
    hcpcs: str
    unit_amount: Decimal  # the billing unit of the code, e.g. 500 (mg)
    unit: str  # mg, g, mcg, units, ml
    descriptor: str
    category: str
    ndc_unit: str = "UN"
    example_ndc: str = ""
    multi_dose: bool = False  # AllWays: no waste billed from multi-use vials
    per_ml: Decimal | None = None  # the product's concentration in ``unit`` per mL: waste in mL


@dataclass(frozen=True)
class Reference:
    therapies: Mapping[str, TherapyEntry]
    descriptors: Mapping[str, tuple[CodeDescriptor, ...]]
    supply_rules: tuple[SupplyRule, ...]
    drugs: tuple[DrugEntry, ...]
    profiles: Mapping[str, PayerProfile]
    icd10cm: Icd10Cm | None = None  # None: build_claim loads the shipped releases

    def descriptor(self, code: str, on: date | None = None) -> CodeDescriptor | None:
        """The descriptor in effect on ``on`` (else the newest one)."""
        versions = self.descriptors.get(code, ())
        if on is not None:
            for version in versions:
                if version.effective_on(on):
                    return version
            return None
        return versions[-1] if versions else None

    def in_effect(self, code: str, first: date, last: date) -> bool:
        """Whether the code has a descriptor in effect on both ends of a run of days."""
        return self.descriptor(code, on=first) is not None and self.descriptor(code, on=last) is not None

    @cached_property
    def _drugs_by_code(self) -> dict[str, DrugEntry]:
        found: dict[str, DrugEntry] = {}
        for drug in self.drugs:
            found.setdefault(drug.hcpcs, drug)
        return found

    @cached_property
    def _supply_rules_by_code(self) -> dict[str, SupplyRule | None]:
        return {}

    def drug_by_code(self, hcpcs: str) -> DrugEntry | None:
        return self._drugs_by_code.get(hcpcs)

    def supply_rule(self, code: str) -> SupplyRule | None:
        """The most specific rule for a code: the narrowest matching range (a single code first)."""
        cache = self._supply_rules_by_code
        if code not in cache:
            matching = [rule for rule in self.supply_rules if rule.matches(code)]
            cache[code] = min(matching, key=lambda rule: rule.width) if matching else None
        return cache[code]
