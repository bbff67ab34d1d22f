"""User commands: ``users init NAME``, ``users list``, ``users add NAME --role ROLE``,
``users password``.

``users init`` is the app's first run for a practice set up from the command line: it
creates the administrator, encrypts the data, and prints the recovery key once.

They sign in first (``--user``, as every command on a practice with users). A new
password is asked for twice without echo, or read from $INFUSIONDESK_NEW_PASSWORD in
scripts. Changing a password re-wraps the key; the database is not touched.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from infusiondesk.cli import EXIT_OK, CliError

NEW_PASSWORD_VARIABLE = "INFUSIONDESK_NEW_PASSWORD"


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("users", help="list users, add one, change your password")
    actions = group.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="create the administrator and encrypt the practice (prints the recovery key once)"
    )
    init.add_argument("name", metavar="NAME")
    init.set_defaults(func=run_init)
    actions.add_parser("list", help="the practice's users and their roles").set_defaults(func=run_list)
    adder = actions.add_parser("add", help="add a user (administrators only)")
    adder.add_argument("name", metavar="NAME")
    adder.add_argument("--role", choices=("administrator", "biller"), default="biller")
    adder.set_defaults(func=run_add)
    actions.add_parser("password", help="change your own password").set_defaults(func=run_password)


def _signed_in(args: argparse.Namespace) -> Any:
    from infusiondesk.cli.store_commands import sign_in
    from infusiondesk.services import users

    if not users.has_users(args.data_dir):
        raise CliError("users: this practice has no users yet; start the app to create its administrator")
    sign_in(args)
    return users.session(args.data_dir)


def _new_password() -> str:
    password = os.environ.get(NEW_PASSWORD_VARIABLE)
    if password is not None:
        return password
    try:
        first = getpass.getpass("New password: ")
        again = getpass.getpass("Repeat it: ")
    except EOFError:
        raise CliError(f"password: none given (set ${NEW_PASSWORD_VARIABLE} in scripts)") from None
    if first != again:
        raise CliError("password: the two passwords differ")
    return first


def run_init(args: argparse.Namespace) -> int:
    from infusiondesk.services import users
    from infusiondesk.services.errors import StoreError

    if users.has_users(args.data_dir):
        raise CliError("users init: this practice has its administrator already (users add NAME adds others)")
    password = _new_password()
    if not password:
        raise CliError("password: an empty password protects nothing")
    try:
        recovery = users.create_administrator(args.data_dir, args.name, password)
    except StoreError as problem:
        raise CliError(str(problem)) from None
    print(f"created the administrator {args.name}; the practice's data is now encrypted.")
    print("Recovery key (shown only now: print it and keep it in the safe; it opens the data")
    print(f"if every password is lost): {recovery}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from infusiondesk.services import users

    _signed_in(args)
    for user in users.list_users(args.data_dir):
        print(f"{user.name}\t{user.role}")
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    from infusiondesk.services import users
    from infusiondesk.services.errors import StoreError

    _signed_in(args)
    try:
        user = users.add_user(args.data_dir, args.name, _new_password(), args.role)
    except StoreError as problem:
        raise CliError(str(problem)) from None
    print(f"added {user.name} ({user.role})")
    return EXIT_OK


def run_password(args: argparse.Namespace) -> int:
    from infusiondesk.services import users
    from infusiondesk.services.errors import StoreError

    current = _signed_in(args)
    try:
        users.set_own_password(args.data_dir, _new_password())
    except StoreError as problem:
        raise CliError(str(problem)) from None
    print(f"changed the password of {current.user.name}")
    return EXIT_OK
