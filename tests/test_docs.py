"""The README's command list is the command line's: every command the parser registers
is listed, nothing listed is missing from the parser, and every option is explained in
the README's "Command line" section or a page it links to (after sqlite-utils'
tests/test_docs.py)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from infusiondesk.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
COMMAND = re.compile(r"^\s+uv run infusiondesk(?P<rest>.*)$")
WORD = re.compile(r"[a-z][a-z0-9-]*")


def command_section(readme: str) -> str:
    """The README's "## Command line" section, up to the next heading of its level."""
    start = readme.index("## Command line")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def documented_commands(section: str) -> set[str]:
    """Commands in the section's example lines: the leading lowercase words after
    ``uv run infusiondesk``, with ``a | b ARG | c`` naming three commands."""
    found = set()
    for line in section.splitlines():
        match = COMMAND.match(line)
        if match is None:
            continue
        rest = match["rest"].split("#", 1)[0]
        for alternative in rest.split(" | "):
            words = []
            for token in alternative.split():
                if not WORD.fullmatch(token):
                    break
                words.append(token)
            if words:
                found.add(" ".join(words))
    return found


def parser_commands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser, bool]]:
    """(command path, its parser, whether it has commands of its own) for every command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix}{name}"
                grouping = any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
                yield path, sub, grouping
                yield from parser_commands(sub, path + " ")


def options(parser: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    return [
        tuple(action.option_strings)
        for action in parser._actions
        if action.option_strings and not isinstance(action, argparse._HelpAction)
    ]


def explained_text(readme: str) -> str:
    """The section and every docs/ page it links to."""
    section = command_section(readme)
    pages = sorted(set(re.findall(r"docs/([\w-]+\.md)", section)))
    return section + "".join((ROOT / "docs" / page).read_text() for page in pages)


def test_every_command_the_parser_registers_is_listed_in_the_readme() -> None:
    listed = documented_commands(command_section((ROOT / "README.md").read_text()))
    commands = {path for path, _sub, grouping in parser_commands(build_parser()) if not grouping}
    assert sorted(commands - listed) == []


def test_every_command_the_readme_lists_is_a_command_of_the_parser() -> None:
    listed = documented_commands(command_section((ROOT / "README.md").read_text()))
    commands = {path for path, _sub, _grouping in parser_commands(build_parser())}
    assert sorted(listed - commands) == []


def test_every_option_is_explained_where_the_readme_lists_the_commands() -> None:
    text = explained_text((ROOT / "README.md").read_text())
    parser = build_parser()
    unexplained = [("", names) for names in options(parser)]
    for path, sub, _grouping in parser_commands(parser):
        unexplained += [(path, names) for names in options(sub)]
    missing = [
        f"{path or 'infusiondesk'} {'/'.join(names)}"
        for path, names in unexplained
        if not any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) for name in names)
    ]
    assert missing == []


def test_the_check_reads_alternatives_and_stops_at_arguments() -> None:
    section = (
        "## Command line\n\n"
        "    uv run infusiondesk orders import ORDER.json...   # into the store\n"
        "    uv run infusiondesk backup | restore BACKUP | check\n"
        "    uv run infusiondesk print --alignment-test -o ALIGN.pdf\n"
        "    uv run infusiondesk --self-test\n"
    )
    assert documented_commands(section) == {"orders import", "backup", "restore", "check", "print"}
