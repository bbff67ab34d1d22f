"""Before the first window on Linux: are the system libraries Qt's X11 plugin needs there?

Without them Qt prints "Could not load the Qt platform plugin "xcb"" and aborts the
process, which tells a new user nothing they can act on. So the app reads the
plugin's own list of libraries (the ELF ``DT_NEEDED`` entries of ``libqxcb.so`` and
``libQt6XcbQpa.so.6``, no ``ldd`` needed), tries to load each one the wheel does not
ship, and names the Debian/Ubuntu packages of those that are missing.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from collections.abc import Callable, Mapping
from importlib.util import find_spec
from pathlib import Path

SHT_DYNAMIC, DT_NULL, DT_NEEDED = 6, 0, 1
PLUGIN = Path("plugins", "platforms", "libqxcb.so")
QPA_LIBRARY = Path("lib", "libQt6XcbQpa.so.6")


def needed_libraries(path: Path) -> list[str]:
    """The shared libraries an ELF64 little-endian file names as needed (``DT_NEEDED``)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    section_offset = struct.unpack_from("<Q", data, 0x28)[0]
    entry_size, count = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQII", data, section_offset + index * entry_size) for index in range(count)
    ]
    names = []
    for _name, kind, _flags, _addr, offset, size, link, _info in sections:
        if kind != SHT_DYNAMIC:
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == DT_NULL:
                break
            if tag == DT_NEEDED:
                end = data.index(b"\0", strings + value)
                names.append(data[strings + value : end].decode())
    return names


# Libraries whose Debian package is not named after them (part of libc, glib, gcc).
_PACKAGE_OF = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libgcc_s.so.1": "libgcc-s1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def debian_package(soname: str) -> str:
    """Debian's package for a library: libxcb-cursor.so.0 → libxcb-cursor0,
    libxkbcommon-x11.so.0 → libxkbcommon-x11-0, libX11.so.6 → libx11-6 (Debian policy
    §8.1: the package is named after the soname, a hyphen before a version that
    follows a digit)."""
    if soname in _PACKAGE_OF:
        return _PACKAGE_OF[soname]
    base, _, version = soname.partition(".so.")
    base = base.lower()
    major = version.split(".")[0]
    return f"{base}-{major}" if base[-1:].isdigit() else f"{base}{major}"


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(qt_dir: Path, loads: Callable[[str], bool] = _loads) -> list[str]:
    """The system libraries the X11 plugin needs that can't be loaded (in order)."""
    shipped = {path.name for path in (qt_dir / "lib").glob("*.so*")}
    wanted: list[str] = []
    for part in (qt_dir / PLUGIN, qt_dir / QPA_LIBRARY):
        if part.exists():
            wanted += [name for name in needed_libraries(part) if name not in shipped and name not in wanted]
    return [name for name in wanted if not loads(name)]


def qt_dir() -> Path | None:
    spec = find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "Qt"


def uses_x11(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> bool:
    """Qt will use its X11 plugin: Linux, an X display, no platform chosen by hand."""
    return (
        platform.startswith("linux")
        and not environ.get("QT_QPA_PLATFORM")
        and bool(environ.get("DISPLAY"))
        and environ.get("XDG_SESSION_TYPE", "") != "wayland"
    )


def x11_problem(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    loads: Callable[[str], bool] = _loads,
) -> str | None:
    """What to install before the window can open, or None (nothing missing, or not X11)."""
    folder = qt_dir()
    if not uses_x11(platform, environ) or folder is None:
        return None
    missing = missing_libraries(folder, loads)
    if not missing:
        return None
    packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
    return (
        "Infusion Desk can't open its window: Qt's X11 plugin needs system libraries "
        f"that are not installed ({', '.join(missing)}).\n"
        f"On Debian or Ubuntu:  sudo apt install {packages}\n"
        "On Fedora:  sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms "
        "xcb-util-image xcb-util-renderutil libxkbcommon-x11\n"
        "Then start it again. (The command line, e.g. `infusiondesk compute`, works without them.)"
    )
