"""The key wrap built from stdlib HMAC-SHA256 (store.keys): it round-trips, and any
changed byte of the ciphertext, tag, nonce or associated data is refused."""

from __future__ import annotations

import os

import pytest

from infusiondesk.store import keys

KEK = bytes(range(64))
NONCE = bytes(16)
KEY = os.urandom(32)


def test_a_sealed_key_opens_with_the_same_kek_and_data() -> None:
    sealed, tag = keys.seal(KEK, NONCE, KEY, b"user Ana")
    assert sealed != KEY and len(sealed) == 32 and len(tag) == 32
    assert keys.open_sealed(KEK, NONCE, sealed, tag, b"user Ana") == KEY


@pytest.mark.parametrize("part", ["sealed", "tag", "nonce", "aad", "kek"])
def test_any_changed_byte_is_refused(part: str) -> None:
    sealed, tag = keys.seal(KEK, NONCE, KEY, b"user Ana")
    args = {"kek": KEK, "nonce": NONCE, "sealed": sealed, "tag": tag, "aad": b"user Ana"}
    changed = bytearray(args[part])
    changed[-1] ^= 0x01
    args[part] = bytes(changed)
    with pytest.raises(keys.WrongPassword):
        keys.open_sealed(args["kek"], args["nonce"], args["sealed"], args["tag"], args["aad"])


def test_the_keystream_never_repeats_within_or_across_nonces() -> None:
    stream = keys.keystream(KEK[:32], NONCE, 96)
    blocks = {stream[i : i + 32] for i in range(0, 96, 32)}
    assert len(stream) == 96 and len(blocks) == 3
    assert keys.keystream(KEK[:32], bytes(15) + b"\x01", 32) != stream[:32]


def test_the_same_password_wraps_differently_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    first = keys._wrap(b"password", KEY, b"aad")
    second = keys._wrap(b"password", KEY, b"aad")
    assert first["salt"] != second["salt"] and first["sealed"] != second["sealed"]
    assert keys._unwrap(b"password", first, b"aad") == keys._unwrap(b"password", second, b"aad") == KEY
