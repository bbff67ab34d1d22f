"""Drafts in the database (they hold patient details), and the old draft file moved in."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from infusiondesk import services
from infusiondesk.store.errors import ReadOnlyStore, StoreError
from tests.test_store_support import FakeClock, small_order_file

KEY = services.EDITOR_DRAFT


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock):
    opened = services.open_store(tmp_path, clock=clock)
    yield opened
    services.close_store(opened, backup=False)


def test_a_draft_is_saved_replaced_listed_and_cleared(store, clock) -> None:
    first = {**small_order_file(1), "_ui": {"payer_id": 3}}
    services.save_draft(store, KEY, first)
    assert services.load_draft(store, KEY) == first
    clock.advance(minutes=1)
    services.save_draft(store, "order-7", small_order_file(7))
    clock.advance(minutes=1)
    second = small_order_file(2)
    services.save_draft(store, KEY, second)
    assert services.load_draft(store, KEY) == second
    assert [d.key for d in services.list_drafts(store)] == [KEY, "order-7"]  # latest first
    services.clear_draft(store, KEY)
    assert services.load_draft(store, KEY) is None
    assert [d.key for d in services.list_drafts(store)] == ["order-7"]
    services.clear_draft(store, KEY)  # nothing to clear: fine


def test_a_draft_is_in_the_database_file_and_its_backups(store, tmp_path: Path) -> None:
    services.save_draft(store, KEY, {"patient": {"last_name": "Draftson"}})
    backup = services.backup(store)
    for path in (store.path, backup):
        with sqlite3.connect(path) as conn:
            (data,) = conn.execute("SELECT data FROM drafts WHERE key = ?", [KEY]).fetchone()
        assert json.loads(data)["patient"]["last_name"] == "Draftson"
    assert not list(tmp_path.glob("*.json"))


def test_a_draft_must_be_a_json_object_with_a_name(store) -> None:
    with pytest.raises(StoreError, match="object"):
        services.save_draft(store, KEY, ["not", "an", "object"])  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="could not be kept"):
        services.save_draft(store, KEY, {"when": object()})
    with pytest.raises(StoreError, match="name"):
        services.save_draft(store, " ", {})
    assert services.list_drafts(store) == []


def test_clearing_nothing_writes_nothing(store) -> None:
    store.changed = False
    services.clear_draft(store, KEY)
    assert not store.changed  # no transaction, so no backup is due for it


# --- the draft file of older versions ------------------------------------------------------


def _old_draft(folder: Path, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "order-draft.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_the_old_draft_file_is_moved_in_once_and_deleted(tmp_path: Path) -> None:
    old = _old_draft(tmp_path, small_order_file(4))
    (tmp_path / "order-draft.tmp").write_text("{half", encoding="utf-8")
    store = services.open_store(tmp_path)
    try:
        assert services.load_draft(store, KEY) == small_order_file(4)
        assert not old.exists() and not (tmp_path / "order-draft.tmp").exists()
        services.clear_draft(store, KEY)
    finally:
        services.close_store(store, backup=False)
    again = services.open_store(tmp_path)
    try:
        assert services.load_draft(again, KEY) is None  # imported once, not again
    finally:
        services.close_store(again, backup=False)


def test_a_draft_in_the_database_wins_over_an_old_file(tmp_path: Path) -> None:
    store = services.open_store(tmp_path)
    services.save_draft(store, KEY, {"newer": True})
    services.close_store(store, backup=False)
    old = _old_draft(tmp_path, {"older": True})
    store = services.open_store(tmp_path)
    try:
        assert services.load_draft(store, KEY) == {"newer": True}
        assert not old.exists()
    finally:
        services.close_store(store, backup=False)


def test_an_unreadable_old_draft_file_is_deleted_without_import(tmp_path: Path) -> None:
    old = _old_draft(tmp_path, "{not json")
    store = services.open_store(tmp_path)
    try:
        assert services.load_draft(store, KEY) is None and not old.exists()
    finally:
        services.close_store(store, backup=False)


def test_a_read_only_window_leaves_the_old_file_to_the_writer(tmp_path: Path) -> None:
    writer = services.open_store(tmp_path)
    old = _old_draft(tmp_path, {"older": True})
    reader = services.open_store(tmp_path, if_in_use="read-only")
    try:
        assert reader.read_only and old.exists()
        with pytest.raises(ReadOnlyStore):
            services.save_draft(reader, KEY, {})
    finally:
        services.close_store(reader)
        services.close_store(writer, backup=False)
