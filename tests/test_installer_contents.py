"""What the frozen bundle leaves out (installer/bundle_contents.py), on each OS's layout.

The build test (test_installer_bundle.py) checks the Linux result; these check the
rules themselves, including the Windows and macOS paths that can't be built here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = load("bundle_contents", ROOT / "installer" / "bundle_contents.py")

KEPT = [
    # Linux
    "PySide6/QtCore.abi3.so",
    "PySide6/QtPrintSupport.abi3.so",
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libQt6OpenGL.so.6",  # the xcb GL integration links it
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/wayland-decoration-client/libbradient.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",  # the self-test runs on it
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "libQt6Core.so.6",  # the top-level symlink
    # Windows
    "PySide6/Qt6Core.dll",
    "PySide6/Qt6Widgets.dll",
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/platforms/qoffscreen.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6\\plugins\\imageformats\\qjpeg.dll",
    # macOS
    "PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore",
    "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets",
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    "PySide6/Qt/plugins/styles/libqmacstyle.dylib",
    # not Qt
    "resources/icons/infusiondesk.ico",
    "db/0001_initial.sql",
    "resources/icd10cm/icd10cm.csv.gz",
    "pypdfium2_raw/libpdfium.so",
    "PIL/_imaging.cpython-311-x86_64-linux-gnu.so",
    "stdnum/luhn.py",
    "stdnum/iban.dat",
    "PIL/_imagingcms.cpython-311-x86_64-linux-gnu.so",
]
DROPPED = [
    "PySide6/QtQml.abi3.so",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libwl-shell-plugin.so",
    "PySide6/Qt/plugins/wayland-decoration-client/libadwaita.so",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/qml/QtQuick/qmldir",
    "libQt6Quick.so.6",
    "PySide6/Qt6Quick.dll",
    "PySide6/Qt6Network.dll",
    "PySide6/opengl32sw.dll",
    "PySide6/plugins/imageformats/qpdf.dll",
    "PySide6/plugins/sqldrivers/qsqlite.dll",
    "PySide6/translations/qtbase_fr.qm",
    "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
    "PySide6/Qt/lib/QtNetwork.framework/Versions/A/Resources/Info.plist",
    "PIL/_avif.cpython-311-x86_64-linux-gnu.so",
    "pillow.libs/libavif-c6062d5f.so.16.4.2",
    "PIL/_webp.cpython-311-x86_64-linux-gnu.so",
    "pillow.libs/libwebpmux-8fb1c9f6.so.3.1.2",
    "stdnum/oui.dat",
]


@pytest.mark.parametrize("dest", KEPT)
def test_what_the_app_needs_stays(dest: str) -> None:
    assert contents.keep(dest)


@pytest.mark.parametrize("dest", DROPPED)
def test_what_it_never_uses_goes(dest: str) -> None:
    assert not contents.keep(dest)


def test_only_the_four_used_qt_modules_are_imported() -> None:
    excluded = contents.unused_qt_modules(
        ["QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtQml", "QtSql"]
    )
    assert excluded == ["PySide6.QtQml", "PySide6.QtSql"]


def test_the_installed_pyside6_is_read_for_its_modules() -> None:
    available = contents.available_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"} <= set(available)
    excluded = contents.unused_qt_modules(available)
    assert "PySide6.QtQml" in excluded and "PySide6.QtNetwork" in excluded
    assert not {"PySide6.QtCore", "PySide6.QtWidgets", "PySide6.QtPrintSupport"} & set(excluded)


def test_the_app_imports_no_qt_module_the_bundle_leaves_out() -> None:
    """If a screen starts using, say, QtSvg, the frozen app would fail on that import:
    add the module to QT_MODULES_USED (and check the bundle size) in the same change."""
    package = ROOT / "desktop" / "infusiondesk"
    used = set()
    for path in package.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("from", "import") and words[1].startswith("PySide6."):
                used.add(words[1].split(".")[1])
    assert used, "the scan found no Qt imports at all"
    assert used <= contents.QT_MODULES_USED


def test_filter_toc_keeps_entries_whole() -> None:
    toc = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Qml.so.6", "/src/libQt6Qml.so.6", "BINARY"),
        ("resources/therapies.toml", "/src/therapies.toml", "DATA"),
    ]
    assert contents.filter_toc(toc) == [toc[0], toc[2]]


def venv_qt() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


@pytest.mark.skipif(sys.platform != "linux", reason="reads ELF dependencies (Linux builds only)")
def test_pruning_keeps_what_plugins_link_and_drops_orphans() -> None:
    """Real Qt files from the installed wheel: the offscreen plugin links Gui and Core,
    Core links ICU; Quick is linked by nothing kept, so it and its symlink go."""
    qt = venv_qt()
    names = ["libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Quick.so.6", "libQt6DBus.so.6"]
    names += ["libicuuc.so.73", "libicui18n.so.73", "libicudata.so.73"]
    binaries = [(f"PySide6/Qt/lib/{n}", str(qt / "lib" / n), "BINARY") for n in names]
    if not all(Path(source).exists() for _, source, _ in binaries):
        pytest.fail(f"the PySide6 wheel's Qt libraries moved: {qt / 'lib'}")
    plugin = "PySide6/Qt/plugins/platforms/libqoffscreen.so"
    binaries.append((plugin, str(qt / "plugins" / "platforms" / "libqoffscreen.so"), "BINARY"))
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("resources/drugs.csv", "/src/drugs.csv", "DATA"),
    ]
    kept, kept_datas = contents.prune_orphans(binaries, datas)
    kept_names = {Path(dest).name for dest, _, _ in kept}
    assert {"libqoffscreen.so", "libQt6Gui.so.6", "libQt6Core.so.6", "libicudata.so.73"} <= kept_names
    assert "libQt6Quick.so.6" not in kept_names
    assert [d[0] for d in kept_datas] == ["libQt6Core.so.6", "resources/drugs.csv"]


@pytest.mark.skipif(sys.platform != "linux", reason="reads ELF dependencies (Linux builds only)")
def test_elf_needed_lists_direct_dependencies_only() -> None:
    needed = contents.elf_needed(venv_qt() / "lib" / "libQt6Widgets.so.6")
    assert "libQt6Gui.so.6" in needed and "libQt6Core.so.6" in needed
    assert "libicudata.so.73" not in needed  # Core's dependency, not Widgets'


def test_libcups_comes_from_the_system_on_linux() -> None:
    import re

    patterns = [re.compile(p) for p in contents.LINUX_SYSTEM_LIBRARIES]
    assert any(p.fullmatch("libcups.so.2") for p in patterns)
    assert not any(p.fullmatch("libQt6PrintSupport.so.6") for p in patterns)
