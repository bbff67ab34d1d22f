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
# Single plugins that link an unused module or only serve embedded devices.
UNUSED_PLUGINS = re.compile(
    r"(qpdf|qsvg|qsvgicon|qtvirtualkeyboard|qtuiotouch|qeglfs|qlinuxfb|qminimalegl|qvnc"
    r"|qvkkhrdisplay|qwebp|qtiff|qtga|qwbmp|qdirect2d)\b"
)
# Translations of Qt's own dialogs: the app is English; qtbase_en is not needed either.
KEEP_TRANSLATIONS = re.compile(r"$^")  # none

QT_DIR_PARTS = ("PySide6", "Qt")


def unused_qt_modules(available: Iterable[str]) -> list[str]:
    """``PySide6.<Module>`` names to pass to Analysis(excludes=...)."""
    return sorted(f"PySide6.{name}" for name in set(available) - QT_MODULES_USED)


def available_qt_modules() -> list[str]:
    """The Qt binding modules installed with PySide6 (``QtCore``, ``QtQml``, ...)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    found = set()
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES) + (".abi3.so", ".pyd")
    for folder in spec.submodule_search_locations:
        for path in Path(folder).iterdir():
            if path.name.startswith("Qt") and path.name.endswith(suffixes):
                found.add(path.name.split(".", 1)[0])
    return sorted(found)


def keep(dest: str) -> bool:
    """Whether a collected file (its destination path in the bundle) stays."""
    path = PurePosixPath(dest.replace("\\", "/"))
    parts = path.parts
    name = path.name
    if "Qt" not in parts and not name.startswith(("libQt6", "Qt6", "Qt")):
        return True  # not Qt's: Python, reportlab, pdfium, our data
    if "qml" in parts or "metatypes" in parts:
        return False
    if "translations" in parts:
        return bool(KEEP_TRANSLATIONS.search(name))
    if "plugins" in parts:
        folder = parts[parts.index("plugins") + 1] if parts.index("plugins") + 1 < len(parts) else ""
        return folder not in UNUSED_PLUGIN_DIRS and not UNUSED_PLUGINS.search(name)
    return not _is_unused_qt_library(parts, name)


def _is_unused_qt_library(parts: tuple[str, ...], name: str) -> bool:
    # macOS keeps each library in a framework folder: QtQuick.framework/...
    for part in (*parts, name):
        stem = part.split(".", 1)[0]
        if stem.startswith(("libQt6", "Qt6", "Qt")) and UNUSED_QT_LIBRARY.search(stem):
            return True
    return False


def filter_toc(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A PyInstaller TOC (dest, source, kind) without the entries ``keep`` rejects."""
    return [entry for entry in toc if keep(entry[0])]
