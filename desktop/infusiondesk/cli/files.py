"""Reading order files for the CLI: every failure is a CliError naming the file and field."""

from __future__ import annotations

from pathlib import Path

from infusiondesk.cli import CliError
from infusiondesk.rules.order import Order


def read_order_file(path: str | Path) -> Order:
    """Parse an order-v1 file with the shipped therapy catalogue and payer profiles."""
    from infusiondesk.claims.order_file import parse_order
    from infusiondesk.claims.reading import OrderFileError
    from infusiondesk.codesets import load_reference

    data = read_json_file(path)
    reference = load_reference()
    try:
        return parse_order(data, therapies=reference.therapies, profiles=reference.profiles)
    except OrderFileError as bad:
        raise CliError(*(f"{p.where}: {p.message}" for p in bad.problems)) from None


def read_json_file(path: str | Path) -> object:
    """The file's JSON through the reader the GUI's import uses too (size cap, regular
    files only, UTF-8 or UTF-16), its refusal as a CliError naming the file."""
    from infusiondesk.claims.order_file import UnreadableOrderFile, read_order_json

    try:
        return read_order_json(path)
    except UnreadableOrderFile as problem:
        raise CliError(f"{path}: {problem}") from None
