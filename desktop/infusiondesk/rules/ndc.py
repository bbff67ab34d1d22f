"""National Drug Codes: 11 digits, 5-4-2, on every claim (billing-rules.md §7).

A 10-digit NDC gets one leading zero in its short segment (AllWays NDC table):
4-4-2 → 0XXXX-XXXX-XX, 5-3-2 → XXXXX-0XXX-XX, 5-4-1 → XXXXX-XXXX-0X. Ten digits
without hyphens are ambiguous (which segment is short?), so we ask for hyphens.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

_PADDING = {(4, 4, 2): (5, 4, 2), (5, 3, 2): (5, 4, 2), (5, 4, 1): (5, 4, 2), (5, 4, 2): (5, 4, 2)}


class NdcError(ValueError):
    pass


@lru_cache(maxsize=4096)  # a pharmacy bills the same few NDCs on order after order
def normalize_ndc(text: str) -> str:
    """The 11-digit NDC for any accepted form; raises NdcError with a plain reason."""
    cleaned = text.strip().replace(" ", "-").replace("–", "-")
    segments = cleaned.split("-")
    if not all(part.isdigit() for part in segments):
        raise NdcError(f"'{text}' is not an NDC: only digits and hyphens are allowed")
    if len(segments) == 1:
        digits = segments[0]
        if len(digits) == 11:
            return digits
        if len(digits) == 10:
            raise NdcError(
                f"'{text}' has 10 digits without hyphens, which is ambiguous: "
                "type it as printed on the package, with hyphens (e.g. 1234-5678-90)"
            )
        raise NdcError(f"'{text}' must have 11 digits (or 10 with hyphens), not {len(digits)}")
    shape = tuple(len(part) for part in segments)
    if shape not in _PADDING:
        raise NdcError(f"'{text}' is not a 4-4-2, 5-3-2, 5-4-1 or 5-4-2 NDC")
    return "".join(part.zfill(width) for part, width in zip(segments, _PADDING[shape], strict=True))


def format_ndc(eleven: str) -> str:
    """5-4-2 with hyphens, for display."""
    return f"{eleven[:5]}-{eleven[5:9]}-{eleven[9:]}" if len(eleven) == 11 else eleven


def format_quantity(quantity: Decimal) -> str:
    """NDC quantity: up to three decimals, none for whole numbers, no commas (*nucc*)."""
    if quantity == quantity.to_integral_value():
        return str(int(quantity))
    return format(quantity.normalize(), "f")


def supplemental_ndc(ndc: str, unit: str, quantity: Decimal, separator: str = " ") -> str:
    """The shaded line of a drug line, e.g. ``N400143992490 UN2``."""
    return f"N4{ndc}{separator}{unit}{format_quantity(quantity)}"
