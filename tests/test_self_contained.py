"""A clone documents and tests itself: nothing reads or links outside the repository.

A user's clone from the repository host has nothing beside it: the suite once failed at
collection there because tests read the worked examples from the team's folder of
primary material next to the project. What the tests need is copied into tests/data/.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CODE_FOLDERS = ("desktop", "tests", "bench", "installer", "docs", "db", ".ci")
# The folder of primary material beside the project, named in parts so that this file,
# which looks for it, does not name it itself.
BESIDE = "sha" + "red"
# A path that climbs out of the project: ../<that folder>, its name joined onto a parent
# folder, or a parents[N].parent chain from a file inside it.
OUTSIDE = re.compile(rf"""\.\./{BESIDE}|/\s*["']{BESIDE}["']|parents\[\d+\]\.parent\b""")
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _tracked(*patterns: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_no_code_reads_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _tracked(*CODE_FOLDERS)
        if path.suffix in {".py", ""} and path.name != Path(__file__).name
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize("doc", ["README.md", "resources/README.md", "installer/README.md", "docs/*.md"])
def test_documentation_links_stay_inside_the_repository(doc: str) -> None:
    for path in _tracked(doc):
        text = path.read_text()
        assert f"../{BESIDE}" not in text and "/work/" not in text, path
        for target in MARKDOWN_LINK.findall(text):
            if re.match(r"[a-z]+:", target):  # a web address, not a file
                continue
            resolved = (path.parent / target).resolve()
            assert resolved.is_relative_to(ROOT), f"{path.name} links outside: {target}"
            assert resolved.exists(), f"{path.name} links to a missing file: {target}"


def test_the_test_data_notes_its_sources() -> None:
    readme = (ROOT / "tests" / "data" / "README.md").read_text()
    for path in (ROOT / "tests" / "data").rglob("*"):
        if path.is_file() and path.name != "README.md" and path.suffix != ".py":
            assert f"`{path.relative_to(ROOT / 'tests' / 'data')}`" in readme, path.name
