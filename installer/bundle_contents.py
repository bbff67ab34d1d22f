"""What the frozen bundle leaves out, as data the spec applies and tests check.

PySide6-Essentials ships all of Qt's essential modules (QML, Quick, Network, SQL,
Designer, ...); the app uses four. PyInstaller's Qt hooks collect a module's shared
libraries, plugins and translations when the module is imported, and some plugins
(the virtual keyboard, the PDF and SVG image formats, EGLFS) pull in libraries of
modules we never import. Leaving them out keeps the bundle well under the 150 MB
ceiling (issue 6) and the attack surface small. The lists are by file name so they
apply the same on Linux (``libQt6Quick.so.6``), Windows (``Qt6Quick.dll``) and macOS
(``QtQuick.framework``).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

# The Qt modules the app imports (ui/, output preview). Everything else is excluded.
QT_MODULES_USED = frozenset({"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"})

# Pure-Python bulk the app never imports but optional imports in dependencies reach.
PYTHON_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc_data",
    "lib2to3",
    "idlelib",
    "test",
    "numpy",
    "PyQt5",
    "PyQt6",
    "IPython",
    "matplotlib",
    "pytest",
    "hypothesis",
    "mypy",
    "pdfplumber",
    "pdfminer",
    "pypdf",
    "cryptography",
    "readline",  # pdb's line editing (reportlab -> doctest -> pdb); pulls libreadline
    # East Asian text codecs (about 1 MB): claims are ASCII, the PDFs Latin-1.
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_cn",
    "_codecs_tw",
    "_codecs_hk",
    "_codecs_iso2022",
)

# Other collected files the app can do without:
# - Pillow's AVIF and WebP codecs (5.6 MB with their libraries; optional in Pillow,
#   whose plugins report the format unsupported without them). reportlab imports
#   Pillow but the app draws no images;
# - python-stdnum's tables of network-card makers and mobile networks (1.6 MB); the
#   app uses its Luhn check only;
# - on Windows, Qt's software OpenGL (20 MB), which only OpenGL and Qt Quick views
#   use; our widgets and the print preview paint with Qt's raster engine.
UNUSED_OTHER = re.compile(
    r"(^|/)(PIL/_avif\.|libavif|PIL/_webp\.|libwebp|libsharpyuv|stdnum/(oui|imsi)\.dat$"
    r"|opengl32sw\.dll$)",
    re.IGNORECASE,
)

# Qt libraries of modules we don't use (matched anywhere in a binary's file name).
_UNUSED_QT_LIBRARIES = (
    "Qml",
    "Quick",
    "Labs",
    "Lottie",
    "Network",
    "Sql",
    "Designer",
    "Help",
    "Test",
    "UiTools",
    "Svg",
    "Pdf",
    "Concurrent",
    "Xml",
    "OpenGLWidgets",
    "VirtualKeyboard",
    "WaylandCompositor",
    "WaylandEgl",
    "WlShell",
    "EglFS",
    "EglFs",
    "ShaderTools",
    "StateMachine",
)
UNUSED_QT_LIBRARY = re.compile(r"Qt6?(" + "|".join(_UNUSED_QT_LIBRARIES) + r")")

# Plugin folders (under Qt/plugins) whose plugins serve modules we don't use.
UNUSED_PLUGIN_DIRS = frozenset(
    {
        "designer",
        "qmltooling",
        "qmllint",
        "sqldrivers",
        "networkinformation",
        "tls",
        "egldeviceintegrations",
        "vectorimageformats",
        "wayland-graphics-integration-server",
        "renderers",
        "scenegraph",
    }
)
# Single plugins (base names: no "lib", no extension) that link an unused module or
# only serve embedded devices, or read image formats the app never opens.
UNUSED_PLUGINS = frozenset(
    {
        "qpdf",
        "qsvg",
        "qsvgicon",
        "qtvirtualkeyboardplugin",
        "qtuiotouchplugin",
        "qeglfs",
        "qlinuxfb",
        "qminimalegl",
        "qvnc",
        "qvkkhrdisplay",
        "qwebp",
        "qtiff",
        "qtga",
        "qwbmp",
        "qdirect2d",
        # Wayland: the obsolete wl_shell protocol (xdg-shell serves every current
        # compositor) and the Adwaita title bars, which need QtSvg (Qt draws plain ones).
        "wl-shell-plugin",
        "adwaita",
        # Linux GTK theme (native file dialogs and colours): it links the build
        # machine's GTK, cairo and pango (~10 MB); Qt's own dialogs serve instead.
        "qgtk3",
    }
)

# Linux libraries the bundle takes from the system instead: the CUPS client must match
# the machine's CUPS service, every Linux desktop that prints has it, and bundling the
# build machine's copy drags in GnuTLS, Kerberos and Avahi (8.5 MB). Without it Qt's
# CUPS plugin doesn't load and printing offers "Print to PDF" only.
LINUX_SYSTEM_LIBRARIES = (r"libcups\.so(\..*)?",)


def use_system_libraries(patterns: Iterable[str]) -> None:
    """Tell PyInstaller not to collect these libraries (nor follow their dependencies).

    PyInstaller keeps its list of system libraries in ``PyInstaller.depend.dylib``
    (``_excludes``, checked through ``exclude_list``); there is no public switch,
    so we rebuild the list with our patterns added."""
    from PyInstaller.depend import dylib

    dylib.exclude_list = dylib.MatchList([*dylib._excludes, *patterns])


def unused_qt_modules(available: Iterable[str]) -> list[str]:
    """``PySide6.<Module>`` names to pass to Analysis(excludes=...)."""
    return sorted(f"PySide6.{name}" for name in set(available) - QT_MODULES_USED)


def available_qt_modules() -> list[str]:
    """The Qt binding modules installed with PySide6 (``QtCore``, ``QtQml``, ...)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    found = set()
    suffixes = (*importlib.machinery.EXTENSION_SUFFIXES, ".abi3.so", ".pyd")
    for folder in spec.submodule_search_locations:
        for path in Path(folder).iterdir():
            if path.name.startswith("Qt") and path.name.endswith(suffixes):
                found.add(path.name.split(".", 1)[0])
    return sorted(found)


def keep(dest: str) -> bool:
    """Whether a collected file (its destination path in the bundle) stays.

    Qt's files sit under ``PySide6/Qt/{lib,plugins,translations}`` on Linux and macOS
    and under ``PySide6/{plugins,translations}`` beside ``Qt6*.dll`` on Windows."""
    path = PurePosixPath(dest.replace("\\", "/"))
    parts, name = path.parts, path.name
    if UNUSED_OTHER.search(path.as_posix()):
        return False
    if "PySide6" not in parts and not name.startswith(("libQt6", "Qt6", "Qt")):
        return True  # not Qt's: Python, reportlab, pdfium, our data
    if "qml" in parts or "metatypes" in parts:
        return False
    if "translations" in parts:
        return False  # Qt's own dialogs in other languages: the app is in English
    if "plugins" in parts:
        after = parts[parts.index("plugins") + 1 :]
        folder = after[0] if len(after) > 1 else ""
        return folder not in UNUSED_PLUGIN_DIRS and plugin_base_name(name) not in UNUSED_PLUGINS
    return not _is_unused_qt_library(parts, name)


def plugin_base_name(file_name: str) -> str:
    """``libqgtk3.so`` / ``qgtk3.dll`` / ``libqgtk3.dylib`` -> ``qgtk3``."""
    base = file_name.split(".", 1)[0]
    return base[3:] if base.startswith("lib") else base


def _is_unused_qt_library(parts: tuple[str, ...], name: str) -> bool:
    # macOS keeps each library in a framework folder: QtQuick.framework/...
    for part in (*parts, name):
        stem = part.split(".", 1)[0]
        if stem.startswith(("libQt6", "Qt6", "Qt")) and UNUSED_QT_LIBRARY.search(stem):
            return True
    return False


def qt_hook(hook_file: str) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """PyInstaller's own Qt hook result for the module ``hook_file`` is named after,
    minus the plugins and translations ``keep`` rejects. Filtering here, before the
    analysis follows the plugins' library dependencies, keeps those libraries out
    too (the GTK theme plugin alone pulls in GTK, cairo and pango from the host)."""
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    return (
        list(hiddenimports),
        [(src, dest) for src, dest in binaries if keep(f"{dest}/{Path(src).name}")],
        [(src, dest) for src, dest in datas if keep(f"{dest}/{Path(src).name}")],
    )


def elf_needed(path: str | Path) -> list[str]:
    """The libraries an ELF file names as DT_NEEDED (its direct dependencies).

    ``objdump`` comes with binutils, which PyInstaller already requires on Linux.
    Unlike ``ldd`` (which PyInstaller uses, and which lists the whole transitive
    closure), this says which library really asks for which."""
    result = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=False)
    return [line.split()[1] for line in result.stdout.splitlines() if line.strip().startswith("NEEDED")]


def prune_orphans(
    binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Drop shared libraries nothing left in the bundle needs (Linux).

    PyInstaller follows ``ldd``, which lists a library's dependencies' dependencies
    too; so leaving out libcups leaves its GnuTLS and Kerberos behind. Starting from
    what is loaded directly (Python extensions, Qt plugins, libpython, pdfium, which
    ctypes loads), keep what their DT_NEEDED chains reach; symlinks follow their
    targets."""
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in binaries:
        by_name.setdefault(PurePosixPath(entry[0]).name, []).append(entry)
    todo = [entry for entry in binaries if _is_root(entry)]
    kept: set[tuple[str, str, str]] = set(todo)
    while todo:
        for name in elf_needed(todo.pop()[1]):
            for entry in by_name.get(name, ()):
                if entry not in kept:
                    kept.add(entry)
                    todo.append(entry)
    kept_dests = {entry[0] for entry in kept}
    new_binaries = [entry for entry in binaries if entry in kept]
    new_datas = [e for e in datas if e[2] != "SYMLINK" or e[1].replace("\\", "/") in kept_dests]
    return new_binaries, new_datas


def _is_root(entry: tuple[str, str, str]) -> bool:
    dest, _source, kind = entry
    name = PurePosixPath(dest).name
    return (
        kind == "EXTENSION"
        or "/plugins/" in dest.replace("\\", "/")
        or name.startswith("libpython")
        or dest.startswith("pypdfium2_raw")
    )


def filter_toc(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A PyInstaller TOC (dest, source, kind) without the entries ``keep`` rejects."""
    return [entry for entry in toc if keep(entry[0])]
