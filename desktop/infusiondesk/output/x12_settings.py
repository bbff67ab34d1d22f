"""What an 837P file needs beyond the claim: who sends it, who receives it, and how.

A clearinghouse gives each practice its IDs (ISA05-08, GS02-03, the submitter's ETIN
in 1000A and its own code in 1000B) and says whether a file is a test or production
file (ISA15). A payer may need its own payer ID (2010BB) or claim filing indicator
(SBR09). These are values the biller enters once; the store keeps them
(store/exports.py) and ``merged`` lays a payer's own settings over the default ones.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# SBR09 claim filing indicator by box 1 plan type (X12 005010X222A1, 2000B SBR09;
# CMS-1500 item 1 to 837P crosswalk): a payer's own setting wins.
FILING_BY_PLAN = {
    "medicare": "MB",
    "medicaid": "MC",
    "tricare": "CH",
    "champva": "VA",
    "group": "CI",
    "feca": "OF",
    "other": "ZZ",
}
FILING_CODES = (
    *("11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS"),
    *("FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"),
)
# ISA05/07 interchange ID qualifiers (X12 ISA segment code list).
ID_QUALIFIERS = ("01", "14", "20", "27", "28", "29", "30", "33", "ZZ")
USAGES = ("T", "P")


@dataclass(frozen=True, slots=True)
class X12Settings:
    """One clearinghouse (or a payer's own overrides: empty means "as the default")."""

    sender_qualifier: str = "ZZ"  # ISA05
    sender_id: str = ""  # ISA06, GS02 unless application_sender
    receiver_qualifier: str = "ZZ"  # ISA07
    receiver_id: str = ""  # ISA08, GS03 unless application_receiver
    application_sender: str = ""  # GS02
    application_receiver: str = ""  # GS03
    submitter_name: str = ""  # 1000A NM103 (default: the billing provider's name)
    submitter_id: str = ""  # 1000A NM109, the ETIN (default: sender_id)
    contact_name: str = ""  # 1000A PER02
    contact_phone: str = ""  # 1000A PER04 (10 digits)
    receiver_name: str = ""  # 1000B NM103
    receiver_code: str = ""  # 1000B NM109 (default: receiver_id)
    usage: str = "T"  # ISA15: T test, P production
    payer_id: str = ""  # 2010BB NM109 when the order's payer has none
    claim_filing: str = ""  # SBR09 (default: from the payer's plan type)

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def merged(self, own: X12Settings | None) -> X12Settings:
        """These settings with every non-empty value of ``own`` laid over them."""
        if own is None:
            return self
        changes = {name: value for name, value in own.as_dict().items() if value.strip()}
        return replace(self, **changes)

    @property
    def gs_sender(self) -> str:
        return self.application_sender or self.sender_id

    @property
    def gs_receiver(self) -> str:
        return self.application_receiver or self.receiver_id

    @property
    def envelope_key(self) -> tuple[str, ...]:
        """What must be equal for claims to share one interchange (ISA/GS/1000A/1000B)."""
        return (
            self.sender_qualifier,
            self.sender_id,
            self.receiver_qualifier,
            self.receiver_id,
            self.gs_sender,
            self.gs_receiver,
            self.usage,
            self.receiver_name,
            self.receiver_code,
            self.submitter_id,
            self.submitter_name,
        )


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(X12Settings))


def settings_from_mapping(data: dict[str, Any]) -> X12Settings:
    """Settings from stored JSON; unknown keys (a newer version's) are ignored."""
    return X12Settings(**{k: str(v).strip() for k, v in data.items() if k in SETTING_NAMES and v is not None})
