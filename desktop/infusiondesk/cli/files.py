"""Reading order files for the CLI: every failure is a CliError naming the file and field."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from infusiondesk.cli import CliError
from infusiondesk.rules.order import Order


def read_order_file(path: str | Path) -> Order:
    """Parse an order-v1 file with the shipped therapy catalogue and payer profiles."""
    from infusiondesk.claims.fields import OrderFileError
    from infusiondesk.claims.order_file import parse_order
    from infusiondesk.codesets import load_reference

    data = read_json_file(path)
    reference = load_reference()
    try:
        return parse_order(data, therapies=reference.therapies, profiles=reference.profiles)
    except OrderFileError as bad:
        raise CliError(*(f"{p.where}: {p.message}" for p in bad.problems)) from None


def read_json_file(path: str | Path) -> object:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CliError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{file}: is a folder, not an order file") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise CliError(f"{file}: cannot be read ({problem.__class__.__name__})") from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as bad:
        raise CliError(f"{file}: not valid JSON (line {bad.lineno}, column {bad.colno}: {bad.msg})") from None
