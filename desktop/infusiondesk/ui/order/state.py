"""What the order editor holds: the order-v1 mapping and, beside it, the screen's ids.

The ids (which stored order is open, which patient, payer and prescriber row of setup
it was made from) are the screen's, not the order's: an order file or the practice
never sees them, so they travel as a typed value next to the mapping, not inside it.
An undo step holds both, so undoing a payer change brings its payer id back too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from infusiondesk.claims.order_file import ORDER_FORMAT
from infusiondesk.rules.profile import DEFAULT_PROFILE

LEGACY_IDS_KEY = "_ui"  # where drafts kept before this version held the ids, in the order


@dataclass(frozen=True, slots=True)
class ScreenIds:
    """The rows the open order is tied to; None: not tied (a new or imported order)."""

    order_id: int | None = None
    patient_id: int | None = None
    payer_id: int | None = None
    prescriber_id: int | None = None

    def over(self, base: ScreenIds) -> ScreenIds:
        """These ids, with ``base``'s where these have none."""
        return replace(base, **{k: v for k, v in asdict(self).items() if v is not None})

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: Any) -> ScreenIds:
        """Ids as a draft kept them; anything that is not an id is left out."""
        if not isinstance(data, dict):
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names and isinstance(v, int)})


NO_IDS = ScreenIds()


@dataclass(frozen=True, slots=True)
class EditorState:
    """One undo step's worth: the order shown and the ids it belongs to."""

    order: dict[str, Any]
    ids: ScreenIds = NO_IDS


def empty_order() -> dict[str, Any]:
    return {"format": ORDER_FORMAT, "payer_profile": DEFAULT_PROFILE, "therapies": []}


def draft_data(state: EditorState) -> dict[str, Any]:
    """The editor's unsaved work as a draft keeps it (a JSON object)."""
    return {"order": state.order, "ids": state.ids.as_dict()}


def from_draft(data: dict[str, Any]) -> EditorState:
    """A kept draft back as editor state; a draft of an older version (the order with
    its ids under ``_ui``) reads too, so unsaved work survives the upgrade."""
    order = data.get("order")
    if isinstance(order, dict) and "format" not in data:
        return EditorState(order, ScreenIds.from_dict(data.get("ids")))
    legacy = {k: v for k, v in data.items() if k != LEGACY_IDS_KEY}
    return EditorState(legacy, ScreenIds.from_dict(data.get(LEGACY_IDS_KEY)))
