"""Windows: a folder the app creates for patient data gets an ACL of its own (the
POSIX modes of tests/test_file_modes.py mean nothing there). This machine has no
Windows, so the test checks the exact icacls call the app makes, and that a folder the
user already had is left alone; icacls's own behaviour is Microsoft's documented one:
/inheritance:r removes inherited entries, /grant:r replaces the user's, (OI)(CI)F is
full control inherited by files and subfolders."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from infusiondesk.store import files


def test_a_new_folder_is_given_to_the_user_alone_and_an_existing_one_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def icacls(command: list[str], **_options: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setattr(files.subprocess, "run", icacls)
    monkeypatch.setenv("USERNAME", "ana")
    monkeypatch.setenv("USERDOMAIN", "PHARMACY")
    new = tmp_path / "InfusionDesk"
    files.private_folder(new)
    assert calls == [["icacls", str(new), "/inheritance:r", "/grant:r", "PHARMACY\\ana:(OI)(CI)F"]]
    files.private_folder(new)  # already there: the user's own choice of sharing stays
    assert len(calls) == 1


def test_a_missing_icacls_leaves_a_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_args: Any, **_options: Any) -> Any:
        raise FileNotFoundError("icacls")

    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setattr(files.subprocess, "run", missing)
    monkeypatch.setenv("USERNAME", "ana")
    folder = files.private_folder(tmp_path / "data")
    assert folder.is_dir() and not files.owner_only_acl(folder)
