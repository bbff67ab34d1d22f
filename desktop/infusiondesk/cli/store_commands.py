"""Store commands: ``orders import|list``, ``backup``, ``restore``, ``check``, ``demo-data``.

They open the database in ``--data-dir`` (or $INFUSIONDESK_DATA_DIR, or the user's
data folder). A store failure is one plain line on stderr and exit 2; what was
saved before it stays saved.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from infusiondesk.claims.reading import printable
from infusiondesk.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, CliError, count_option

if TYPE_CHECKING:
    from infusiondesk.services.practice import Practice


def register(subparsers: Any) -> None:
    orders = subparsers.add_parser("orders", help="import or list stored orders")
    actions = orders.add_subparsers(dest="orders_command", metavar="ACTION", required=True)
    importer = actions.add_parser("import", help="save order files (order-v1 JSON)")
    importer.add_argument("files", nargs="+", metavar="FILE")
    importer.set_defaults(func=run_import)
    lister = actions.add_parser("list", help="list stored orders, newest first")
    lister.add_argument("--limit", type=count_option(1, 100_000), default=50)
    lister.set_defaults(func=run_list)

    subparsers.add_parser("backup", help="back up the database now").set_defaults(func=run_backup)
    restore = subparsers.add_parser("restore", help="replace the database by a backup")
    restore.add_argument("backup", metavar="BACKUP")
    restore.set_defaults(func=run_restore)
    subparsers.add_parser("check", help="check the database and summarise its audit log").set_defaults(
        func=run_check
    )
    subparsers.add_parser("demo-data", help="add a fictional practice to explore the app").set_defaults(
        func=run_demo
    )


@contextmanager
def _practice(args: argparse.Namespace, reading: bool = False) -> Iterator[Practice]:
    """The opened practice. ``reading``: a command that only reads (check, backup, orders
    list) opens the database read-only when the app has it open, or when the file may
    not be written, instead of refusing."""
    from infusiondesk.services.errors import DatabaseInUse, ReadOnlyPlace, StoreError
    from infusiondesk.services.practice import Practice

    data_dir = getattr(args, "data_dir", None)
    sign_in(args)
    _warn_if_unprotected(data_dir)
    try:
        try:
            practice = Practice.open(data_dir, check="now")
        except (DatabaseInUse, ReadOnlyPlace):
            if not reading:
                raise
            practice = Practice.open(data_dir, check="now", read_only=True)
    except StoreError as problem:
        raise CliError(str(problem)) from None
    try:
        yield practice
    except StoreError as problem:
        raise CliError(str(problem)) from None
    finally:
        try:
            practice.close()
        except StoreError as problem:
            print(f"warning: {problem}", file=sys.stderr)


def _warn_if_unprotected(data_dir: Any) -> None:
    """A practice first written by the command line has no users yet, so nothing
    encrypts it: say so (on stderr) and how to protect it (issue 14)."""
    from infusiondesk.services import users

    if not users.has_users(data_dir):
        print(
            "warning: this practice has no users yet, so its data is not encrypted; "
            "run `infusiondesk users init NAME` (or start the app once) to create the "
            "administrator and encrypt it",
            file=sys.stderr,
        )


def sign_in(args: argparse.Namespace) -> None:
    """A practice with users: ``--user`` and the password from $INFUSIONDESK_PASSWORD
    (for scripts) or asked for without echo. A wrong one is exit 2, as bad input is.
    A folder without users is a plain scratch practice: nothing to sign in to."""
    from infusiondesk.services import users
    from infusiondesk.services.errors import StoreError

    data_dir = getattr(args, "data_dir", None)
    try:
        if not users.has_users(data_dir) or users.session(data_dir) is not None:
            return
        name = getattr(args, "user", None)
        if not name:
            raise CliError("--user: this practice has users; give your user name (--user NAME)")
        password = os.environ.get(users.PASSWORD_VARIABLE)
        if password is None:
            try:
                password = getpass.getpass(f"Password for {name}: ")
            except EOFError:
                raise CliError(f"password: none given (set ${users.PASSWORD_VARIABLE} in scripts)") from None
        users.unlock(data_dir, name, password)
    except StoreError as problem:
        raise CliError(str(problem)) from None


def run_import(args: argparse.Namespace) -> int:
    """Each file is its own transaction; its id is printed (and flushed) once committed."""
    from infusiondesk.claims.reading import OrderFileError
    from infusiondesk.cli.files import read_json_file

    failed = False
    with _practice(args) as practice:
        for path in args.files:
            try:
                saved = practice.orders.import_data(read_json_file(path))
            except CliError as problem:
                _complain(problem.messages)
            except OrderFileError as bad:
                _complain([f"{path}: {p.where}: {p.message}" for p in bad.problems])
            else:
                print(saved.id, flush=True)
                continue
            failed = True
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _complain(messages: Any) -> None:
    for message in messages:
        print(printable(message), file=sys.stderr, flush=True)


def run_list(args: argparse.Namespace) -> int:
    with _practice(args, reading=True) as practice:
        for o in practice.orders.list(limit=args.limit):
            span = f"{o.first_day or ''}..{o.last_day or ''}"
            print(f"{o.id}\tv{o.version}\t{o.patient_name}\t{o.payer_name}\t{span}\t{o.therapies}")
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    with _practice(args, reading=True) as practice:
        print(practice.backups.take())
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from infusiondesk.services import restore_backup
    from infusiondesk.services.errors import StoreError

    sign_in(args)
    try:
        kept = restore_backup(args.backup, args.data_dir)
    except StoreError as problem:
        raise CliError(str(problem)) from None
    print(f"restored from {args.backup}")
    if kept is not None:
        print(f"the database it replaced is kept as {kept}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    with _practice(args, reading=True) as practice:
        report = practice.check()
    print("integrity: " + "; ".join(report.integrity))
    print("records: " + ", ".join(f"{n} {table}" for table, n in report.counts.items()))
    audit = report.audit
    print(
        f"audit log: {audit.entries} entries"
        + (f" from {audit.first_at} to {audit.last_at}" if audit.entries else "")
    )
    for entity, action, count in audit.by_entity_action:
        print(f"  {entity} {action}: {count}")
    chain = report.chain
    if chain.ok:
        print(f"audit chain: ok ({chain.entries} entries verified)")
    else:
        print(f"audit chain: {'BROKEN: ' if chain.entry_id is not None else ''}{chain.problem}")
    if report.advice:
        print(report.advice, file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def run_demo(args: argparse.Namespace) -> int:
    with _practice(args) as practice:
        summary = practice.setup.load_demo_data()
    print(
        f"added the sample data: {summary.patients} patients, {summary.orders} orders, "
        f"{summary.payers} payers"
    )
    return EXIT_OK
