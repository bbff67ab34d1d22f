"""The database key, wrapped once per user and once by the recovery key, in keys.json.

The database can't be opened without its key, so the wrapped keys live beside it in
``keys.json`` (readable by the owner only). Each user's entry holds the 32-byte
database key encrypted under a key derived from the password with scrypt (N=2**16,
r=8, p=1: 64 MiB, about 0.2-0.4 s, OWASP's password-storage guidance for scrypt).
The standard library has no AES, and the installed app leaves ``cryptography`` out
(installer/bundle_contents.py), so the wrap is built from stdlib primitives:
HMAC-SHA256 as a keystream (counter mode) XORed with the key, then an HMAC-SHA256 tag
over everything (encrypt-then-MAC), with separate halves of the scrypt output for the
two. The user's name and role are authenticated with it, so editing a role in the
file makes that entry unusable instead of promoting anyone. A recovery key, random
and shown once, wraps the same key the same way: printed and kept in the safe, it
opens the practice when every password is lost (as BitLocker's does). Changing a
password re-wraps; the database is untouched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infusiondesk import paths
from infusiondesk.store.errors import StoreError
from infusiondesk.store.location import BACKUP_DIR_NAME

KEYS_NAME = paths.KEYS_NAME
FORMAT = "infusiondesk/keys-v1"
ROLES = ("administrator", "biller")
SCRYPT = {"n": 2**16, "r": 8, "p": 1}
MIN_PASSWORD = 8
RECOVERY_BYTES = 25  # 200 bits: 40 base-32 letters, 8 groups of 5
_MAXMEM = 256 * 1024 * 1024


class WrongPassword(StoreError):
    def __init__(self) -> None:
        super().__init__("Wrong user name or password.")


class KeysUnreadable(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The key file {path} is damaged or not Infusion Desk's: the database cannot be "
            "opened without it. Put back a copy of keys.json: there is one in the backups "
            "folder, and with the backups you copied elsewhere."
        )


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str

    @property
    def administrator(self) -> bool:
        return self.role == "administrator"


def keys_path(data_dir: Path) -> Path:
    return data_dir / KEYS_NAME


def has_users(data_dir: Path) -> bool:
    return keys_path(data_dir).exists()


def list_users(data_dir: Path) -> list[User]:
    return [User(entry["name"], entry["role"]) for entry in _read(data_dir)["users"]]


def create(data_dir: Path, name: str, password: str, key: bytes) -> str:
    """Write keys.json with its administrator and recovery key; returns the recovery
    key to show once. Refuses when the folder already has users."""
    if has_users(data_dir):
        raise StoreError("This practice already has users; sign in as its administrator.")
    name = _valid_name(name)
    _valid_password(password)
    recovery = format_recovery(secrets.token_bytes(RECOVERY_BYTES))
    content = {
        "format": FORMAT,
        "users": [_wrap_user(User(name, "administrator"), password, key)],
        "recovery": _wrap(_recovery_secret(recovery), key, b"recovery"),
    }
    _write(data_dir, content)
    return recovery


def unlock(data_dir: Path, name: str, password: str) -> tuple[bytes, User]:
    """The database key and the user; WrongPassword for an unknown name or a wrong password
    alike (the KDF runs either way, so the time tells nothing either)."""
    entry = _find(_read(data_dir), name)
    if entry is None:
        _derive(_secret(password), os.urandom(16), SCRYPT)
        raise WrongPassword()
    user = User(entry["name"], entry["role"])
    return _unwrap(_secret(password), entry["wrap"], _aad(user)), user


def unlock_with_recovery(data_dir: Path, recovery: str) -> bytes:
    content = _read(data_dir)
    try:
        secret = _recovery_secret(recovery)
    except ValueError:
        raise WrongRecoveryKey() from None
    try:
        return _unwrap(secret, content["recovery"], b"recovery")
    except WrongPassword:
        raise WrongRecoveryKey() from None


class WrongRecoveryKey(StoreError):
    def __init__(self) -> None:
        super().__init__("That is not this practice's recovery key (check each group of letters).")


def add_user(data_dir: Path, key: bytes, name: str, password: str, role: str) -> User:
    if role not in ROLES:
        raise StoreError(f"role: {role!r} is not one of {', '.join(ROLES)}")
    content = _read(data_dir)
    user = User(_valid_name(name), role)
    if _find(content, user.name) is not None:
        raise StoreError(f"name: there is already a user called {user.name}")
    _valid_password(password)
    content["users"].append(_wrap_user(user, password, key))
    _write(data_dir, content)
    return user


def set_password(data_dir: Path, key: bytes, name: str, password: str) -> None:
    """Re-wrap ``name``'s copy of the key under a new password (the caller proved it holds
    the key: the old password, the recovery key, or an administrator signed in)."""
    content = _read(data_dir)
    entry = _find(content, name)
    if entry is None:
        raise StoreError(f"name: there is no user called {name}")
    _valid_password(password)
    user = User(entry["name"], entry["role"])
    content["users"] = [_wrap_user(user, password, key) if e is entry else e for e in content["users"]]
    _write(data_dir, content)


def change_password(data_dir: Path, name: str, old: str, new: str) -> None:
    key, user = unlock(data_dir, name, old)
    set_password(data_dir, key, user.name, new)


def format_recovery(raw: bytes) -> str:
    letters = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(letters[i : i + 5] for i in range(0, len(letters), 5))


def _recovery_secret(recovery: str) -> bytes:
    """The typed recovery key, forgiving case, spaces, dashes and 0/1/8 for O/I/B."""
    letters = "".join(recovery.split()).replace("-", "").upper().translate(str.maketrans("018", "OIB"))
    if len(letters) != RECOVERY_BYTES * 8 // 5:
        raise ValueError("wrong length")
    return base64.b32decode(letters)


# --- wrapping -------------------------------------------------------------------------


def _secret(password: str) -> bytes:
    """NFC, so the same password typed on another keyboard layout gives the same bytes."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


WRAP = "hmac-sha256-ctr+hmac-sha256"


def _derive(secret: bytes, salt: bytes, params: dict[str, int]) -> bytes:
    """64 bytes: the first half encrypts, the second authenticates."""
    return hashlib.scrypt(
        secret, salt=salt, n=params["n"], r=params["r"], p=params["p"], maxmem=_MAXMEM, dklen=64
    )


def keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    """HMAC-SHA256(key, nonce || counter) blocks: a PRF in counter mode."""
    blocks = (hmac.digest(key, nonce + n.to_bytes(4, "big"), "sha256") for n in range(-(-length // 32)))
    return b"".join(blocks)[:length]


def _tag(mac_key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    message = b"".join((WRAP.encode(), len(aad).to_bytes(4, "big"), aad, nonce, sealed))
    return hmac.digest(mac_key, message, "sha256")


def seal(kek: bytes, nonce: bytes, plain: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """(ciphertext, tag): encrypt-then-MAC with the two halves of ``kek``."""
    sealed = bytes(a ^ b for a, b in zip(plain, keystream(kek[:32], nonce, len(plain)), strict=True))
    return sealed, _tag(kek[32:], nonce, sealed, aad)


def open_sealed(kek: bytes, nonce: bytes, sealed: bytes, tag: bytes, aad: bytes) -> bytes:
    """The plain bytes, or WrongPassword when the tag does not match (checked first,
    in constant time)."""
    if not hmac.compare_digest(_tag(kek[32:], nonce, sealed, aad), tag):
        raise WrongPassword()
    return bytes(a ^ b for a, b in zip(sealed, keystream(kek[:32], nonce, len(sealed)), strict=True))


def _wrap(secret: bytes, key: bytes, aad: bytes) -> dict[str, Any]:
    salt, nonce = os.urandom(16), os.urandom(16)
    sealed, tag = seal(_derive(secret, salt, SCRYPT), nonce, key, aad)
    return {
        "kdf": "scrypt",
        **SCRYPT,
        "wrap": WRAP,
        "salt": salt.hex(),
        "nonce": nonce.hex(),
        "sealed": sealed.hex(),
        "tag": tag.hex(),
    }


def _unwrap(secret: bytes, wrap: dict[str, Any], aad: bytes) -> bytes:
    try:
        if wrap["wrap"] != WRAP:
            raise ValueError(wrap["wrap"])
        params = {"n": int(wrap["n"]), "r": int(wrap["r"]), "p": int(wrap["p"])}
        kek = _derive(secret, bytes.fromhex(wrap["salt"]), params)
        nonce, sealed, tag = (bytes.fromhex(wrap[k]) for k in ("nonce", "sealed", "tag"))
    except (KeyError, ValueError, TypeError):
        raise WrongPassword() from None
    return open_sealed(kek, nonce, sealed, tag, aad)


def _aad(user: User) -> bytes:
    return json.dumps(["user", user.name, user.role]).encode("utf-8")


def _wrap_user(user: User, password: str, key: bytes) -> dict[str, Any]:
    return {"name": user.name, "role": user.role, "wrap": _wrap(_secret(password), key, _aad(user))}


def _find(content: dict[str, Any], name: str) -> dict[str, Any] | None:
    wanted = name.strip().casefold()
    return next((e for e in content["users"] if e["name"].casefold() == wanted), None)


def _valid_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise StoreError("name: give a user name of 1 to 60 characters")
    return name


def _valid_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"password: use at least {MIN_PASSWORD} characters")


# --- the file -------------------------------------------------------------------------


def _read(data_dir: Path) -> dict[str, Any]:
    path = keys_path(data_dir)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"There are no users in {data_dir} yet.") from None
    except (OSError, ValueError):
        raise KeysUnreadable(path) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT or not content.get("users"):
        raise KeysUnreadable(path)
    return content


def _write(data_dir: Path, content: dict[str, Any]) -> None:
    """keys.json, and a copy in the backups folder (copied off-site with the backups, it
    opens them on a new computer, and it survives the first file being deleted)."""
    text = json.dumps(content, indent=2)
    _write_file(keys_path(data_dir), text)
    _write_file(data_dir / BACKUP_DIR_NAME / KEYS_NAME, text)


def _write_file(path: Path, text: str) -> None:
    """Atomically and durably, created 0600: a half-written or lost key file would lock
    the practice out."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.partial")
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    if os.name != "nt":  # the rename itself must reach the disk before the database is
        # encrypted with the key (a lost rename would lose the key); NTFS journals it
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
