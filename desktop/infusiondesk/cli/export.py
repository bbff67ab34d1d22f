"""``infusiondesk export-837`` and ``infusiondesk clearinghouse``: electronic claims.

    infusiondesk export-837 ORDER.json... -o CLAIMS.x12 [--force]
    infusiondesk clearinghouse show [--payer NAME]
    infusiondesk clearinghouse set FIELD=VALUE... [--payer NAME]

The 837P is written only to CLAIMS.x12; nothing is sent anywhere. Control numbers
come from the store in ``--data-dir``, which also records the export. A problem that
would make the file wrong (a payer without a payer ID, a missing member ID, an NPI
failing its check digit, a clearinghouse setting not made) stops the export before
anything is written: one line per problem naming the order file and the field, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from infusiondesk.cli import EXIT_OK, CliError, batch_progress


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export-837",
        help="write orders' claims as one 837P file (X12 005010X222A1) for a clearinghouse",
        description="Write the claims of one or more order files into one 837P file. Nothing is sent.",
    )
    parser.add_argument("orders", nargs="+", metavar="ORDER.json", help="order files (order-v1)")
    parser.add_argument("-o", "--output", required=True, metavar="CLAIMS.x12", help="where to write the file")
    parser.add_argument(
        "--force", action="store_true", help="export even when a claim has error-level billing problems"
    )
    parser.set_defaults(func=run_export)

    house = subparsers.add_parser("clearinghouse", help="show or set the 837P clearinghouse settings")
    actions = house.add_subparsers(dest="clearinghouse_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the settings")
    show.add_argument("--payer", metavar="NAME", help="a payer's own settings (set up under Setup › Payers)")
    show.set_defaults(func=run_show)
    setter = actions.add_parser("set", help="change settings: FIELD=VALUE ...")
    setter.add_argument("changes", nargs="+", metavar="FIELD=VALUE")
    setter.add_argument("--payer", metavar="NAME", help="set a payer's own settings instead")
    setter.set_defaults(func=run_set)


def _payer_row(practice: Any, name: str | None) -> int | None:
    if name is None:
        return None
    for record in practice.setup.payers():
        if record.payer.name.strip().lower() == name.strip().lower():
            return int(record.id)
    raise CliError(f"--payer: no payer named {name!r} in the setup")


def run_show(args: argparse.Namespace) -> int:
    from infusiondesk.cli.store_commands import _practice

    with _practice(args) as practice:
        settings = practice.electronic.settings(_payer_row(practice, args.payer))
    for name, value in settings.as_dict().items():
        print(f"{name}={value}")
    return EXIT_OK


def _changes(pairs: list[str]) -> dict[str, str]:
    from infusiondesk.services.electronic import SETTING_NAMES

    changes, bad = {}, []
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or name.strip() not in SETTING_NAMES:
            bad.append(f"{pair}: give FIELD=VALUE, FIELD one of {', '.join(SETTING_NAMES)}")
        else:
            changes[name.strip()] = value.strip()
    if bad:
        raise CliError(*bad)
    return changes


def run_set(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from infusiondesk.cli.store_commands import _practice
    from infusiondesk.services.electronic import ID_QUALIFIERS, USAGES

    changes = _changes(args.changes)
    if changes.get("usage", "T") not in USAGES:
        raise CliError("usage: T (test) or P (production)")
    for name in ("sender_qualifier", "receiver_qualifier"):
        if changes.get(name, "ZZ") not in ID_QUALIFIERS:
            raise CliError(f"{name}: one of {', '.join(ID_QUALIFIERS)}")
    with _practice(args) as practice:
        row = _payer_row(practice, args.payer)
        settings = replace(practice.electronic.settings(row), **changes)
        practice.electronic.save_settings(settings, row)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from infusiondesk.claims.build import build_claim
    from infusiondesk.cli.files import read_order_file
    from infusiondesk.cli.store_commands import _practice
    from infusiondesk.codesets import load_reference
    from infusiondesk.services import electronic

    reference = load_reference()
    claims = [build_claim(read_order_file(path), reference) for path in args.orders]
    for path, claim in zip(args.orders, claims, strict=True):
        for problem in claim.problems:
            print(f"{path}: {problem.severity}: {problem.where}: {problem.message}", file=sys.stderr)
    items = [electronic.ExportItem(claim) for claim in claims]
    with _practice(args) as practice:
        try:
            result = practice.electronic.export(
                items, args.output, force=args.force, progress=_progress(len(items))
            )
        except electronic.ExportRefused as refused:
            messages = [
                f"{args.orders[number - 1] if number else 'export-837'}: {p.where}: {p.message}"
                for number, p in refused.problems
            ]
            raise CliError(
                *messages, f"not exported: {len(refused.problems)} problem(s); nothing written"
            ) from None
    for number, record in result.earlier:
        print(
            f"{args.orders[number - 1]}: note: exported before in {record.file_name} "
            f"(interchange {record.interchange_control}, {record.at})",
            file=sys.stderr,
        )
    print(
        f"wrote {result.claims} claim(s) to {result.file_name}: interchange {result.interchange}, "
        f"group {result.group}",
        file=sys.stderr,
    )
    return EXIT_OK


def _progress(total: int) -> Any:
    return batch_progress(total, "exported")
