"""A fresh Linux desktop without Qt's X11 libraries: the app names the packages to
install, instead of Qt aborting with "could not load the Qt platform plugin xcb"."""

from __future__ import annotations

from typing import Any

import pytest

from infusiondesk.ui.shell import app, system_libraries
from infusiondesk.ui.shell.system_libraries import (
    debian_package,
    missing_libraries,
    needed_libraries,
    qt_dir,
    uses_x11,
    x11_problem,
)

X11 = {"DISPLAY": ":0"}
QT = qt_dir()
HAS_PLUGIN = QT is not None and (QT / system_libraries.PLUGIN).exists()


@pytest.mark.skipif(not HAS_PLUGIN, reason="the PySide6 wheel of this platform has no X11 plugin")
def test_the_plugins_own_list_of_libraries_is_read() -> None:
    assert QT is not None
    needed = needed_libraries(QT / system_libraries.PLUGIN)
    # the library the Qt 6.5+ docs name for "xcb-cursor0 or libxcb-cursor0"
    assert "libxcb-cursor.so.0" in needed and "libQt6XcbQpa.so.6" in needed
    assert needed_libraries(QT / "plugins" / "platforms" / "libqoffscreen.so")  # any ELF reads


def test_debian_package_names_follow_the_soname() -> None:
    # real package names (apt-cache show): libxcb-cursor0, libxkbcommon-x11-0, libx11-xcb1
    assert debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libX11-xcb.so.1") == "libx11-xcb1"
    assert debian_package("libxcb-render-util.so.0") == "libxcb-render-util0"


def test_only_linux_x11_without_a_chosen_platform_is_checked() -> None:
    assert uses_x11("linux", X11)
    assert not uses_x11("win32", X11)
    assert not uses_x11("darwin", X11)
    assert not uses_x11("linux", {**X11, "QT_QPA_PLATFORM": "offscreen"})
    assert not uses_x11("linux", {})  # no display: not this problem
    assert not uses_x11("linux", {**X11, "XDG_SESSION_TYPE": "wayland"})


@pytest.mark.skipif(not HAS_PLUGIN, reason="the PySide6 wheel of this platform has no X11 plugin")
def test_missing_libraries_are_named_with_their_packages() -> None:
    assert QT is not None
    gone = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    assert set(missing_libraries(QT, lambda name: name not in gone)) == gone
    message = x11_problem("linux", X11, lambda name: name not in gone)
    assert message is not None
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in message
    assert x11_problem("linux", X11, lambda _name: True) is None
    assert x11_problem("linux", {**X11, "QT_QPA_PLATFORM": "xcb"}, lambda name: name not in gone) is None


def test_the_app_says_so_and_exits_instead_of_aborting(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.setattr(app.QApplication, "instance", staticmethod(lambda: None))
    monkeypatch.setattr(
        system_libraries, "x11_problem", lambda: "Qt's X11 plugin needs … sudo apt install libxcb-cursor0"
    )
    assert app.run_app() == 1
    assert "sudo apt install libxcb-cursor0" in capsys.readouterr().err


@pytest.mark.skipif(not HAS_PLUGIN, reason="the PySide6 wheel of this platform has no X11 plugin")
def test_the_readme_names_every_x11_package_the_plugin_needs() -> None:
    from pathlib import Path

    assert QT is not None
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    command = next(line for line in readme.splitlines() if "sudo apt install" in line).split()
    needed = missing_libraries(QT, lambda _name: False)  # as if none were installed
    x11 = {debian_package(n) for n in needed if n.startswith(("libxcb", "libxkbcommon-x11", "libX11-xcb"))}
    assert "libxcb-cursor0" in x11 and len(x11) > 10
    assert x11 <= set(command), x11 - set(command)
    assert debian_package("libglib-2.0.so.0") == "libglib2.0-0"
