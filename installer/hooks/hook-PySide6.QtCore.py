"""PyInstaller's hook for this Qt module, minus the plugins the app leaves out
(installer/bundle_contents.py says which and why)."""

from bundle_contents import qt_hook

hiddenimports, binaries, datas = qt_hook(__file__)
