"""The display board: exact on small stores, the step table on large ones, stale only briefly."""

from __future__ import annotations

from pathlib import Path

import pytest

from talkwatch import fastboard
from talkwatch.status import build_board
from talkwatch.store import Store

from webfixtures import PROFILE, build_store


def test_quick_board_small_store_is_the_exact_board(tmp_path: Path) -> None:
    store = build_store(tmp_path / "q.db")
    assert fastboard.quick_board(store, PROFILE) == build_board(store, PROFILE)


def test_quick_board_large_store_uses_the_step_table_and_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastboard, "SMALL_STORE", 0)
    store = build_store(tmp_path / "q.db")
    assert fastboard.after_ingest(store, PROFILE) is True  # the writer builds the table
    reader = Store(tmp_path / "q.db", readonly=True)
    for as_of in (None, "2022-03-15", "2022-06-01"):
        quick = fastboard.quick_board(reader, PROFILE, as_of)
        assert fastboard.same_board(quick, build_board(reader, PROFILE, as_of)), as_of


def test_quick_board_refreshes_a_table_older_than_the_stale_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastboard, "SMALL_STORE", 0)
    store = build_store(tmp_path / "q.db")
    fastboard.after_ingest(store, PROFILE)
    extra = Store(tmp_path / "q.db")
    extra.conn.execute("UPDATE positions SET stance = 'reject' WHERE holder = 'russia' AND issue = 'neutrality'")
    extra.conn.execute(  # a new position id makes the table stale
        "INSERT INTO positions (doc_id, holder, issue, stance, source_kind, mode, ev_start, ev_end, evidence, "
        "published, cluster) SELECT doc_id, holder, issue, 'reject', source_kind, mode, ev_start, ev_end, evidence, "
        "published, cluster FROM positions WHERE holder = 'russia' AND issue = 'neutrality'")
    reader = Store(tmp_path / "q.db", readonly=True)
    stale = fastboard.quick_board(reader, PROFILE)
    assert stale.cells[("russia", "neutrality")].stance == "demand"  # within the stale window: last table
    monkeypatch.setattr(fastboard, "MAX_STALE_SECONDS", -1.0)
    fresh = fastboard.quick_board(Store(tmp_path / "q.db", readonly=True), PROFILE)
    assert fresh.cells[("russia", "neutrality")].stance == "reject"


def test_quick_board_after_ingest_skips_small_stores(tmp_path: Path) -> None:
    store = build_store(tmp_path / "q.db")
    assert fastboard.after_ingest(store, PROFILE) is False
