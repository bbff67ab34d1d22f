"""Command line: ``infusiondesk`` with no command starts the app; subcommands work on files.

Each subcommand lives in its own module exposing ``register(subparsers)``; the
module sets ``func`` on its parser, which returns the exit status. Exit 2 means bad
input: the message names the field, and there is never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
from collections.abc import Callable, Sequence

from infusiondesk import APP_NAME, __version__
from infusiondesk.claims.reading import printable

# Modules under infusiondesk.cli, one per group of subcommands.
COMMAND_MODULES: tuple[str, ...] = ("compute", "store_commands", "printing", "export", "users")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2


class CliError(Exception):
    """Bad input: printed as one line per message on stderr, exit 2."""

    def __init__(self, *messages: str) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def number_option(low: float, high: float, unit: str) -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high`` (``nan``, ``inf`` and
    ``1e999`` are refused with exit 2, never passed on to build a broken PDF)."""

    def parse(text: str) -> float:
        try:
            value = float(text) if len(text) <= 20 else math.nan
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"must be a number from {low:g} to {high:g} {unit}")
        return value

    return parse


def count_option(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (``1e20`` is refused)."""

    def parse(text: str) -> int:
        stripped = text.strip()
        if not (stripped.isascii() and stripped.isdigit() and len(stripped) <= 9):
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,}")
        value = int(stripped)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,}")
        return value

    return parse


def batch_progress(total: int, verb: str) -> Callable[[int, int], None] | None:
    """Progress on stderr for batches ("printed 40/200 claims"): about twenty updates,
    whatever the size; nothing for a single claim."""
    step = max(1, total // 20)

    def report(done: int, of: int) -> None:
        if done == of or done % step == 0:
            print(f"{verb} {done}/{of} claims", file=sys.stderr)

    return report if total > 1 else None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infusiondesk",
        description=f"{APP_NAME}: home-infusion orders to CMS-1500 claims. "
        "Without a command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", help="folder of the database (default: the user data dir)")
    parser.add_argument(
        "--user",
        help="your user name, for a practice with users; the password is asked for, or read "
        "from $INFUSIONDESK_PASSWORD (for scripts)",
    )
    parser.add_argument("--self-test", action="store_true", help="run the installed app's self-test")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"infusiondesk.cli.{name}").register(subparsers)
    return parser


def _start_gui(args: argparse.Namespace) -> int:
    try:
        from infusiondesk.ui.shell.app import run_app
    except ImportError:
        build_parser().print_help()
        return EXIT_OK
    return int(run_app(data_dir=args.data_dir))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            from infusiondesk.selftest import run_self_test

            return int(run_self_test())
        if args.command is None:
            return _start_gui(args)
        return int(args.func(args))
    except CliError as problem:
        for message in problem.messages:
            print(printable(message), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`infusiondesk orders list | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
