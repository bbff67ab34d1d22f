"""Where the shipped data lives, wherever the app runs from.

One helper for three layouts, so no other module guesses paths:
- a source checkout: ``<repo>/resources`` and ``<repo>/db`` beside ``desktop/``;
- an installed wheel: ``infusiondesk/_data/{resources,db}`` (hatch force-include);
- a PyInstaller bundle: ``sys._MEIPASS/{resources,db}``.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _data_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root))
    candidates.append(_PACKAGE_DIR / "_data")
    candidates.append(_PACKAGE_DIR.parent.parent)  # checkout: desktop/infusiondesk -> repo
    for root in candidates:
        if (root / "resources").is_dir():
            return root
    raise FileNotFoundError("Infusion Desk's resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    """Path of a shipped data file under ``resources/``."""
    return _data_root().joinpath("resources", *parts)


def migrations_path(*parts: str) -> Path:
    """Path under the shipped ``db/`` folder (schema migrations)."""
    return _data_root().joinpath("db", *parts)


DATA_DIR_VARIABLE = "INFUSIONDESK_DATA_DIR"
KEYS_NAME = "keys.json"  # the wrapped database keys (store.keys), beside the database


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the override, else $INFUSIONDESK_DATA_DIR, else the user's. Here,
    not in the store, so the sign-in dialog can look for keys.json before the store's
    code (half a second of imports) has loaded."""
    if override or os.environ.get(DATA_DIR_VARIABLE):
        chosen = override or os.environ[DATA_DIR_VARIABLE]
    else:
        from platformdirs import user_data_dir

        from infusiondesk import APP_ID

        chosen = user_data_dir(APP_ID, appauthor=False)
    return Path(chosen).expanduser()
