"""``infusiondesk print``: order files -> one CMS-1500 PDF, or the alignment test page.

    infusiondesk print ORDER.json... --form worksheet|red-form -o OUT.pdf
                       [--offset-x PT --offset-y PT] [--force] [--shorten] [--split]
    infusiondesk print --alignment-test -o OUT.pdf [--offset-x PT --offset-y PT]

Each claim's problems go to stderr. An error-level problem stops the print (exit 1,
nothing written) unless ``--force``; a value too big for its box stops it unless
``--shorten`` (names, streets) or ``--split`` (charges, units, totals) resolves it.
Bad input exits 2. The PDF is built in memory and written only to OUT.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from infusiondesk.claims.reading import printable
from infusiondesk.cli import EXIT_OK, EXIT_PROBLEMS, CliError, batch_progress, number_option
from infusiondesk.rules.vocabulary import PRINT_FORMS

OFFSET = number_option(-72, 72, "points (an inch either way)")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "print",
        help="print orders' claims on CMS-1500 (worksheet or red-form data)",
        description="Print the claims of one or more order files into one PDF.",
    )
    parser.add_argument("orders", nargs="*", metavar="ORDER.json", help="order files (order-v1)")
    parser.add_argument(
        "--form",
        choices=PRINT_FORMS,
        default="worksheet",
        help="worksheet: the whole form drawn; red-form: data only (default: worksheet)",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.pdf",
        help="where to write the PDF ('-' for standard output)",
    )
    parser.add_argument(
        "--offset-x",
        type=OFFSET,
        default=0.0,
        metavar="PT",
        help="red form: move all data right by PT points (negative: left)",
    )
    parser.add_argument(
        "--offset-y",
        type=OFFSET,
        default=0.0,
        metavar="PT",
        help="red form: move all data down by PT points (negative: up)",
    )
    parser.add_argument(
        "--alignment-test", action="store_true", help="print the alignment test page instead of claims"
    )
    parser.add_argument(
        "--force", action="store_true", help="print even when a claim has error-level problems"
    )
    parser.add_argument(
        "--shorten", action="store_true", help="shorten names and streets too long for their box (USPS, NUCC)"
    )
    parser.add_argument(
        "--split", action="store_true", help="split lines and claims whose charges or units don't fit"
    )
    parser.set_defaults(func=run)


def _write(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from infusiondesk.services.printing import save_pdf

    try:
        save_pdf(data, output)
    except OSError as problem:
        raise CliError(f"{output}: cannot write ({problem.strerror or problem})") from None


def _build(paths: list[str]) -> list[Any]:
    from infusiondesk.claims.build import build_claim
    from infusiondesk.cli.files import read_order_file
    from infusiondesk.codesets import load_reference

    reference = load_reference()
    return [build_claim(read_order_file(path), reference) for path in paths]


def _report(paths: list[str], claims: list[Any], extra: dict[int, list[Any]]) -> None:
    """Every problem of every claim on stderr, each line naming the order file."""
    for index, (path, claim) in enumerate(zip(paths, claims, strict=True)):
        for problem in (*claim.problems, *extra.get(index, ())):
            line = f"{path}: {problem.severity}: {problem.where}: {problem.message}"
            print(printable(line), file=sys.stderr)


def _progress(total: int) -> Any:
    return batch_progress(total, "printed")


def _print_problems(claims: list[Any], args: argparse.Namespace) -> dict[int, list[Any]]:
    """What the paper form adds to each claim's own problems: the app's print check (a
    charge on every line, boxes 5 and 7, what fits its box)."""
    from infusiondesk.services.printing import print_problems

    return {
        index: list(print_problems(claim, allow_shorten=args.shorten, split=args.split))
        for index, claim in enumerate(claims)
    }


def run(args: argparse.Namespace) -> int:
    from infusiondesk.services.errors import PrintRefused
    from infusiondesk.services.printing import alignment_test_pdf, render_order_files

    if args.alignment_test:
        if args.orders:
            raise CliError("print: --alignment-test prints no orders; give only -o OUT.pdf")
        _write(args.output, alignment_test_pdf(args.offset_x, args.offset_y))
        return EXIT_OK
    if not args.orders:
        raise CliError("print: give one or more ORDER.json files (or --alignment-test)")
    claims = _build(args.orders)
    extra = _print_problems(claims, args)
    _report(args.orders, claims, extra)
    try:
        data = render_order_files(
            claims,
            args.form,
            args.offset_x,
            args.offset_y,
            progress=_progress(len(claims)),
            allow_shorten=args.shorten,
            split=args.split,
            force=args.force,
        )
    except PrintRefused as refused:
        forced = "" if args.force else " (--force prints despite claim problems)"
        print(
            f"not printed: {len(refused.problems)} error(s) above{forced}; values too big "
            "for their box need --shorten or --split",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    _write(args.output, data)
    return EXIT_OK
