"""The release workflow, the Inno Setup script, the macOS disk image and build.py.

Windows and macOS builds can't run here; these tests read what they would do: the
workflow's jobs, the installer's settings, the exact commands build.py would run.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from infusiondesk import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
ISS = ROOT / "installer" / "windows" / "infusiondesk.iss"
SPEC = ROOT / "installer" / "infusiondesk.spec"


def load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load("installer_build", ROOT / "installer" / "build.py")
dmg = load("installer_dmg", ROOT / "installer" / "macos" / "dmg.py")


# --- release workflow ------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def step_commands(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


@pytest.mark.parametrize(("job", "runner", "pattern"), [
    ("windows", "windows-latest", "dist/installer/*.exe"),
    ("macos", "macos-latest", "dist/installer/*.dmg"),
])  # fmt: skip
def test_each_os_builds_self_tests_and_uploads_its_installer(
    workflow: dict, job: str, runner: str, pattern: str
) -> None:
    spec = workflow["jobs"][job]
    assert spec["runs-on"] == runner
    commands = step_commands(spec)
    assert re.search(r"python installer/build\.py .*--self-test", commands)
    assert "--require-installer" in commands  # a missing iscc must fail the release, not skip
    assert "uv sync --frozen" in commands  # the locked dependencies, as tested
    uploads = [s for s in spec["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == pattern
    assert uploads[0]["with"]["if-no-files-found"] == "error"


def test_a_version_tag_publishes_both_installers(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["tags"] == ["v*"]
    publish = workflow["jobs"]["publish"]
    assert set(publish["needs"]) == {"windows", "macos"}
    assert "refs/tags/v" in publish["if"]
    assert publish["permissions"]["contents"] == "write"
    assert "gh release create" in step_commands(publish)
    assert workflow["permissions"]["contents"] == "read"  # only publish may write


def test_macos_signing_runs_only_with_secrets(workflow: dict) -> None:
    steps = workflow["jobs"]["macos"]["steps"]
    signing = [s for s in steps if "notarytool store-credentials" in s.get("run", "")]
    assert len(signing) == 1 and signing[0]["if"] == "env.HAS_SIGNING_SECRETS == 'true'"
    assert "MACOS_CODESIGN_IDENTITY" in signing[0]["run"]
    assert "MACOS_NOTARY_PROFILE" in signing[0]["run"]


# --- Inno Setup ------------------------------------------------------------------------


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return sections


def setup_values() -> dict[str, str]:
    return dict(line.split("=", 1) for line in iss_sections()["Setup"])


def test_the_installer_is_per_user() -> None:
    values = setup_values()
    assert values["PrivilegesRequired"] == "lowest"  # no administrator, no UAC prompt
    assert "PrivilegesRequiredOverridesAllowed" not in values
    assert values["DefaultDirName"].startswith("{autopf}")  # = %LOCALAPPDATA%\Programs per user


def test_the_start_menu_entry_starts_the_gui_executable() -> None:
    icons = iss_sections()["Icons"]
    start_menu = [line for line in icons if line.startswith('Name: "{autoprograms}')]
    assert len(start_menu) == 1
    assert 'Filename: "{app}\\{#ExeName}"' in start_menu[0]
    assert f'#define ExeName "{APP_NAME}.exe"' in ISS.read_text(encoding="utf-8")


def test_the_uninstaller_leaves_the_users_data_alone() -> None:
    """The data lives in %LOCALAPPDATA%\\InfusionDesk (platformdirs, APP_ID); the
    program in %LOCALAPPDATA%\\Programs\\Infusion Desk. Nothing deletes the former."""
    sections = iss_sections()
    assert "UninstallDelete" not in sections
    for name in ("InstallDelete", "UninstallDelete", "Dirs"):
        for line in sections.get(name, []):
            assert "{app}" in line and APP_ID not in line, line
    code = "\n".join(sections.get("Code", []))
    assert "DelTree" not in code and "DeleteFile" not in code and "RemoveDir" not in code
    assert f"{{localappdata}}\\{APP_ID}" in code  # the uninstaller says where the data stayed
    assert setup_values()["DefaultDirName"] != f"{{localappdata}}\\{APP_ID}"


def test_the_data_folder_named_by_the_installer_is_the_apps() -> None:
    from platformdirs import user_data_dir

    assert Path(user_data_dir(APP_ID, appauthor=False)).name == APP_ID


def test_upgrades_keep_the_same_app_id_and_replace_the_libraries() -> None:
    values = setup_values()
    assert values["AppId"] == "{{4D2891B6-8E01-4BB5-8603-C6FC107D583F}"  # never change it
    assert values["CloseApplications"] == "yes"
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in iss_sections()["InstallDelete"]


def test_iscc_gets_the_version_and_folders(tmp_path: Path) -> None:
    command = build.iscc_command(Path("C:/Inno/ISCC.exe"), tmp_path / "dist", tmp_path / "out")
    assert command[0].endswith("ISCC.exe") and command[-1] == str(ISS)
    assert f"/DAppVersion={__version__}" in command
    assert f"/DBundleDir={tmp_path / 'dist' / APP_ID}" in command
    assert f"/DOutputDir={tmp_path / 'out'}" in command
    text = ISS.read_text(encoding="utf-8")
    for define in ("AppVersion", "BundleDir", "OutputDir", "IconFile"):
        assert f"#ifndef {define}" in text and f"{{#{define}}}" in text


def test_a_missing_iscc_skips_or_fails_as_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(build, "find_iscc", lambda: None)
    assert build.windows_installer(tmp_path, required=False) is None
    assert "Inno Setup 6 (iscc) is not installed" in capsys.readouterr().out
    with pytest.raises(build.BuildError, match="iscc"):
        build.windows_installer(tmp_path, required=True)


# --- macOS -----------------------------------------------------------------------------


def test_the_dmg_command(tmp_path: Path) -> None:
    command = dmg.hdiutil_command(tmp_path / "stage", tmp_path / "x.dmg", APP_NAME)
    assert command[:2] == ["hdiutil", "create"]
    assert command[command.index("-volname") + 1] == APP_NAME
    assert command[command.index("-srcfolder") + 1] == str(tmp_path / "stage")
    assert command[command.index("-format") + 1] == "UDZO"
    assert command[-1] == str(tmp_path / "x.dmg")


def test_make_dmg_stages_the_app_beside_an_applications_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tmp_path / f"{APP_NAME}.app"
    (app / "Contents" / "MacOS").mkdir(parents=True)
    (app / "Contents" / "MacOS" / APP_NAME).write_text("binary")
    (app / "Contents" / "Frameworks").symlink_to("MacOS")  # frameworks rely on symlinks
    seen = {}

    def fake_run(command: list[str]) -> None:
        staging = Path(command[command.index("-srcfolder") + 1])
        seen["entries"] = sorted(p.name for p in staging.iterdir())
        seen["link"] = str((staging / "Applications").readlink())
        seen["kept symlink"] = (staging / app.name / "Contents" / "Frameworks").is_symlink()

    monkeypatch.setattr(dmg, "run", fake_run)
    dmg.make_dmg(app, tmp_path / "out" / "x.dmg", APP_NAME)
    assert seen == {"entries": ["Applications", app.name], "link": "/Applications", "kept symlink": True}


def test_signing_and_notarizing_commands(tmp_path: Path) -> None:
    image = tmp_path / "x.dmg"
    assert dmg.codesign_command(image, "Developer ID Application: X (T)") == [
        "codesign", "--force", "--timestamp", "--sign", "Developer ID Application: X (T)", str(image),
    ]  # fmt: skip
    submit, staple = dmg.notary_commands(image, "profile")
    assert submit[:3] == ["xcrun", "notarytool", "submit"] and "--wait" in submit
    assert submit[submit.index("--keychain-profile") + 1] == "profile"
    assert staple == ["xcrun", "stapler", "staple", str(image)]


def test_make_dmg_refuses_a_missing_app(tmp_path: Path) -> None:
    with pytest.raises(dmg.MacBuildError, match="was not built"):
        dmg.make_dmg(tmp_path / "nothing.app", tmp_path / "x.dmg", APP_NAME)


# --- build.py and the spec ----------------------------------------------------------------


@pytest.mark.parametrize(("platform", "executable"), [
    ("linux", f"{APP_ID}/infusiondesk"),
    ("windows", f"{APP_ID}/infusiondesk.exe"),
    ("macos", f"{APP_NAME}.app/Contents/MacOS/{APP_NAME}"),
])  # fmt: skip
def test_the_frozen_executable_per_os(platform: str, executable: str) -> None:
    assert build.frozen_executable(Path("dist"), platform) == Path("dist") / executable


def test_bundle_size_counts_files_once(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x" * 1000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 24)
    (tmp_path / "link").symlink_to("a")
    assert build.bundle_size(tmp_path) == 1024


def test_the_spec_takes_name_and_version_from_the_package() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    imports = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "infusiondesk"
        for alias in node.names
    }
    assert {"APP_NAME", "APP_ID", "__version__"} <= imports
    text = SPEC.read_text(encoding="utf-8")
    assert __version__ not in text  # never a copy of the version
    for folder in ('"resources"', '"db"'):
        assert f"(str(ROOT / {folder}), {folder})" in text
    assert "simple_icd_10_cm" not in text  # ICD-10-CM ships as resources/icd10cm


def test_the_spec_excludes_every_unused_qt_module() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "bundle_contents.unused_qt_modules(bundle_contents.available_qt_modules())" in text
    assert 'hookspath=[str(ROOT / "installer" / "hooks")]' in text
    hooks = sorted(p.name for p in (ROOT / "installer" / "hooks").glob("hook-*.py"))
    expected = [f"hook-PySide6.{m}.py" for m in ("QtCore", "QtGui", "QtPrintSupport", "QtWidgets")]
    assert hooks == expected


def test_build_refuses_a_bundle_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_pyinstaller(dist: Path, work: Path) -> None:
        bundle = build.bundle_path(dist)
        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / "big").write_bytes(b"0" * (2 * 1024 * 1024))

    monkeypatch.setattr(build, "run_pyinstaller", fake_pyinstaller)
    args = ["--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "w"), "--max-mb", "1"]
    assert build.main([*args, "--no-installer"]) == 1
    err = capsys.readouterr().err
    assert "2.0 MB, over the 1 MB limit" in err
    assert build.main([*args[:-2], "--max-mb", "3", "--no-installer"]) == 0


def test_make_icons_draws_every_size(tmp_path: Path, qapp: object) -> None:
    from PIL import Image

    icons = load("make_icons", ROOT / "installer" / "make_icons.py")
    written = icons.write_icons(tmp_path)
    assert len(written) == len(icons.SIZES) + 2
    for size in icons.SIZES:
        with Image.open(tmp_path / f"infusiondesk-{size}.png") as image:
            assert image.size == (size, size)
            # drawn, not empty: a white bag on teal, transparent corners
            assert image.getpixel((size // 2, int(size * 0.24))) == (255, 255, 255, 255)
            red, green, blue, alpha = image.getpixel((size // 2, int(size * 0.9)))
            assert green > red + 60 and blue > red + 60 and alpha == 255
            assert image.getpixel((0, 0))[3] == 0
    with Image.open(tmp_path / "infusiondesk.ico") as ico:
        assert {(16, 16), (32, 32), (256, 256)} <= set(ico.info["sizes"])
    shipped = ROOT / "resources" / "icons"
    assert sorted(p.name for p in written) == sorted(p.name for p in shipped.iterdir())
