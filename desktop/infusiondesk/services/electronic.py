"""Electronic claims: claims to one 837P file, with the store's control numbers.

The surface is small on purpose (it moves into the Practice object later):
``clearinghouse_settings`` / ``save_clearinghouse_settings``, ``export_problems`` and
``export_837``; the GUI runs ``export_837``'s steps itself (``plan_export`` and
``finish_export`` on its thread, ``render_export`` and ``write_export`` in the
background). Nothing is sent anywhere: the file is written where the biller asks, to
be uploaded by hand to the clearinghouse's portal (the app stays offline).
``X12Settings`` and its vocabulary (``SETTING_NAMES``, ``ID_QUALIFIERS``, ``USAGES``) are
offered here for the GUI's and the CLI's settings forms.

Order of work in ``export_837``: every problem is found before anything happens; then
the control numbers are spent (their own transaction, so a number is never used
twice even if the write fails); then the file is written; then the export, the
claims' move to "submitted" and their history are recorded together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from infusiondesk.claims.claim import Claim
from infusiondesk.claims.claim_file import claim_to_dict
from infusiondesk.output.x12 import ClaimSettings, Envelope, claims_for_837, render_837
from infusiondesk.output.x12_check import claim_problems, settings_problems
from infusiondesk.output.x12_settings import ID_QUALIFIERS as ID_QUALIFIERS
from infusiondesk.output.x12_settings import SETTING_NAMES as SETTING_NAMES
from infusiondesk.output.x12_settings import USAGES as USAGES
from infusiondesk.output.x12_settings import X12Settings as X12Settings
from infusiondesk.output.x12_settings import settings_from_mapping
from infusiondesk.rules.problems import Problem, error
from infusiondesk.services.users import SETUP, administrators_only
from infusiondesk.store import claims as claim_rows
from infusiondesk.store import exports, setup
from infusiondesk.store.database import Store
from infusiondesk.store.errors import StoreError
from infusiondesk.store.exports import ExportedClaim, ExportRecord
from infusiondesk.store.files import write_private_file

EXPORTABLE = ("printed", "submitted", "denied")  # a draft is recorded first; a paid claim is done
SUBMITTED_837P = "Submitted (837P)"


@dataclass(frozen=True, slots=True)
class ExportItem:
    """A claim to export; ``claim_id`` when it is a recorded claim (its status moves),
    ``payer_row`` the setup payer whose own settings apply (found by value if None)."""

    claim: Claim
    claim_id: int | None = None
    payer_row: int | None = None


class ExportRefused(StoreError):
    """Nothing was written: ``problems`` lists (item number from 1, problem)."""

    def __init__(self, problems: Sequence[tuple[int, Problem]]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0][1] if self.problems else None
        detail = f" First: {first.where}: {first.message}" if first else ""
        super().__init__(f"{len(self.problems)} problem(s) stop the 837P export.{detail}")


@dataclass(frozen=True, slots=True)
class ExportResult:
    file_name: str
    interchange: int
    group: int
    claims: int  # transaction sets written (a split claim counts each part)
    earlier: tuple[tuple[int, ExportRecord], ...]  # (claim number, an earlier export of it)


def clearinghouse_settings(store: Store, payer_row: int | None = None) -> X12Settings:
    """The clearinghouse settings, or a payer's own overrides (empty: none)."""
    stored = exports.get_settings(store, payer_row)
    return X12Settings() if stored is None else settings_from_mapping(stored)


@administrators_only(SETUP)
def save_clearinghouse_settings(store: Store, settings: X12Settings, payer_row: int | None = None) -> None:
    exports.set_settings(store, settings.as_dict(), payer_row)


def _payer_row(store: Store, item: ExportItem) -> int | None:
    if item.payer_row is not None:
        return item.payer_row
    payer = item.claim.order.payer
    return None if payer is None else setup.find_payer_id(store, payer)


def _settings_for(store: Store, items: Sequence[ExportItem]) -> list[X12Settings]:
    default = clearinghouse_settings(store)
    found: dict[int | None, X12Settings] = {}
    out = []
    for item in items:
        row = _payer_row(store, item)
        if row not in found:
            own = exports.get_settings(store, row) if row is not None else None
            found[row] = default.merged(None if own is None else settings_from_mapping(own))
        out.append(found[row])
    return out


@dataclass(frozen=True, slots=True)
class _Planned:
    parts: list[tuple[int, ExportItem, Claim, X12Settings]]  # (item number, item, claim, settings)
    problems: list[tuple[int, Problem]]


def _status_problem(store: Store, item: ExportItem) -> list[Problem]:
    if item.claim_id is None:
        return []
    status = claim_rows.get_claim(store, item.claim_id).status
    return [] if status in EXPORTABLE else [error("status", f"a {status} claim cannot be exported")]


def _plan(store: Store, items: Sequence[ExportItem], force: bool) -> _Planned:
    """The claims as exported (split as the form splits them) with their settings, and
    every problem numbered by the item it belongs to (from 1)."""
    parts = [
        (number, item, part) for number, item in enumerate(items, 1) for part in claims_for_837((item.claim,))
    ]
    settings = _settings_for(store, [item for _, item, _ in parts])
    problems: list[tuple[int, Problem]] = []
    if not parts:
        problems.append((0, error("claims", "choose at least one claim to export")))
    checked: set[X12Settings] = set()
    for (number, item, claim), own in zip(parts, settings, strict=True):
        if own not in checked:
            checked.add(own)
            problems += [(number, p) for p in settings_problems(own)]
        found = list(claim_problems(claim, own)) + _status_problem(store, item)
        if not force:  # the claim's own errors, unless one here already names the field
            named = {p.where for p in found}
            found += [p for p in claim.problems if p.severity == "error" and p.where not in named]
        if own.envelope_key != settings[0].envelope_key:
            found.append(
                error("clearinghouse", "this claim's payer goes to another receiver: export it alone")
            )
        problems += [(number, p) for p in dict.fromkeys(found) if (number, p) not in problems]
    return _Planned(
        [(n, item, claim, own) for (n, item, claim), own in zip(parts, settings, strict=True)], problems
    )


def export_problems(
    store: Store, items: Sequence[ExportItem], *, force: bool = False
) -> list[tuple[int, Problem]]:
    """What stops exporting ``items``: (number of the item from 1, problem)."""
    return _plan(store, items, force).problems


def claim_key(claim: Claim) -> str:
    """A claim's fingerprint: the same claim exported again has the same one."""
    text = json.dumps(claim_to_dict(claim), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """An export whose control numbers are spent: render it (``render_export``, safe
    off the GUI thread: no store), write the bytes, then ``finish_export``."""

    claims: tuple[ClaimSettings, ...]
    envelope: Envelope
    exported: tuple[ExportedClaim, ...]
    earlier: tuple[tuple[int, ExportRecord], ...]
    usage: str


def plan_export(store: Store, items: Sequence[ExportItem], *, force: bool = False) -> ExportPlan:
    """Check everything, then spend the control numbers. Raises ``ExportRefused``
    (nothing spent) while any problem stands."""
    planned = _plan(store, items, force)
    if planned.problems:
        raise ExportRefused(planned.problems)
    exported = tuple(ExportedClaim(item.claim_id, claim_key(claim)) for _, item, claim, _ in planned.parts)
    numbers = [n for n, *_ in planned.parts]
    earlier = tuple(
        dict.fromkeys(
            (n, record)
            for n, one in zip(numbers, exported, strict=True)
            for record in exports.exports_of(store, one)
        )
    )
    interchange, group = exports.take_control_numbers(store)
    claims = tuple(
        # CLM01 is the patient's account number; without one, a reference unique to the file.
        ClaimSettings(claim, own, f"{'C' if item.claim_id else 'X'}{item.claim_id or interchange}{n:04d}")
        for n, (_, item, claim, own) in enumerate(planned.parts, start=1)
    )
    envelope = Envelope(interchange, group, store.clock().astimezone())
    return ExportPlan(claims, envelope, exported, earlier, planned.parts[0][3].usage)


def render_export(
    plan: ExportPlan,
    progress: Callable[[int, int], object] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> bytes:
    """The file's bytes (no store: may run in the background)."""
    return render_837(plan.claims, plan.envelope, progress, cancel)


def write_export(data: bytes, path: str | Path) -> None:
    target = Path(path)
    try:
        write_private_file(target, data)  # claims are PHI: owner-only
    except OSError as problem:
        raise StoreError(f"{target.name}: cannot write ({problem.strerror or problem})") from None


def finish_export(store: Store, plan: ExportPlan, path: str | Path) -> ExportResult:
    """Record the written file: the export, its claims, each recorded claim moved to
    submitted with the file's name in its history (one transaction)."""
    name = Path(path).name
    with store.write():
        exports.record_export(
            store,
            file_name=name,
            interchange=plan.envelope.interchange,
            group=plan.envelope.group,
            usage=plan.usage,
            claims=list(plan.exported),
        )
        for claim_id in dict.fromkeys(c.claim_id for c in plan.exported if c.claim_id is not None):
            if claim_rows.get_claim(store, claim_id).status != "submitted":
                claim_rows.set_status(store, claim_id, "submitted")
    return ExportResult(
        name, plan.envelope.interchange, plan.envelope.group, len(plan.exported), plan.earlier
    )


def export_837(
    store: Store,
    items: Sequence[ExportItem],
    path: str | Path,
    *,
    force: bool = False,
    progress: Callable[[int, int], object] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the 837P of ``items`` to ``path`` and record it (see the module's steps).
    Raises ``ExportRefused`` (nothing written, no number spent) while any problem stands."""
    plan = plan_export(store, items, force=force)
    write_export(render_export(plan, progress, cancel), path)
    return finish_export(store, plan, path)


def submitted_by_837(store: Store, claim_id: int) -> bool:
    """Whether a recorded claim went out in an 837P file (its status reads "Submitted (837P)")."""
    return bool(exports.exports_of(store, ExportedClaim(claim_id, "")))
