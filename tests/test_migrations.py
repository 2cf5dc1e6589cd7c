"""Schema migrations: databases written by older versions open and upgrade in place.

Every ``tests/data/schema_v*.sql`` is a dump of a small database written at that schema
version (``scripts/make_schema_dump.py``). Each is loaded, opened with ``Store`` — which
applies the pending migrations — and must come out whole: same rows, the same board,
``PRAGMA integrity_check`` ok, and still writable. Version 2 added the ``minhash_bands``
table (the near-duplicate index), backfilled from the stored signatures: a version 1
database must come out with it filled, and a syndicated copy of an old document must
still join that document's cluster.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from talkwatch.errors import StoreError
from talkwatch.ingest import Deduper, IngestReport
from talkwatch.ingest.dedup import BANDS, band_keys
from talkwatch.model import Analysis, Document, Position, Span
from talkwatch.profile import profile_from_dict
from talkwatch.status import build_board
from talkwatch.store import MIGRATIONS, SCHEMA_VERSION, Store

from test_bad_inputs import load_script

DATA = Path(__file__).resolve().parent / "data"
DUMPS = sorted(DATA.glob("schema_v*.sql"))
PROFILE = profile_from_dict(yaml.safe_load(load_script("make_bad_inputs").GOOD_PROFILE), "test-talks.yaml")

# What each dump holds; add a line with each new dump.
EXPECTED = {
    "schema_v1.sql": {
        "counts": {"documents": 3, "attributions": 4, "positions": 4, "clusters": 3},
        "board": {("russia", "neutrality"): "demand", ("russia", "ceasefire"): "reject",
                  ("ukraine", "crimea"): "reject", ("ukraine", "neutrality"): "accept"},
    },
    "schema_v2.sql": {
        "counts": {"documents": 3, "attributions": 4, "positions": 4, "clusters": 3},
        "board": {("russia", "neutrality"): "demand", ("russia", "ceasefire"): "reject",
                  ("ukraine", "crimea"): "reject", ("ukraine", "neutrality"): "accept"},
    },
}


def load_dump(dump: Path, db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.executescript(dump.read_text(encoding="utf-8"))
    conn.close()


def test_there_is_a_dump_for_the_current_schema_version() -> None:
    assert DATA / f"schema_v{SCHEMA_VERSION}.sql" in DUMPS, (
        f"add tests/data/schema_v{SCHEMA_VERSION}.sql: run scripts/make_schema_dump.py (docs/reliability.md)"
    )
    assert {d.name for d in DUMPS} == set(EXPECTED), "list what each dump holds in EXPECTED"
    assert [v for v, _n, _f in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1)), "migrations are numbered 1..N"


@pytest.mark.parametrize("dump", DUMPS, ids=[d.stem for d in DUMPS])
def test_an_old_database_opens_upgraded_and_whole(dump: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    load_dump(dump, db)
    expected = EXPECTED[dump.name]

    store = Store(db)  # migrates in place
    assert store._version() == SCHEMA_VERSION
    assert store.migrate() == [], "a second migrate does nothing"
    assert [tuple(r) for r in store.conn.execute("PRAGMA integrity_check")] == [("ok",)]
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.counts() == expected["counts"]
    board = build_board(store, PROFILE)
    assert {k: c.stance for k, c in board.cells.items()} == expected["board"]
    assert store.document("dump-a")["attributions"], "documents keep their statements"

    # still writable at the new version
    text = "Moscow offered a truce, Peskov said."
    doc = Document(id="after-upgrade", text=text, published="2022-05-01")
    position = Position(holder="russia", issue="ceasefire", stance="offer", evidence=Span(0, len(text), text))
    with store.transaction():
        store.save_analysis(Analysis(document=doc, positions=[position]), doc.id, None)
    assert store.counts()["documents"] == expected["counts"]["documents"] + 1
    store.close()

    reader = Store(db, readonly=True)
    assert reader.counts()["documents"] == expected["counts"]["documents"] + 1
    reader.close()


@pytest.mark.parametrize("dump", DUMPS, ids=[d.stem for d in DUMPS])
def test_the_near_duplicate_index_is_there_after_an_upgrade(dump: Path, tmp_path: Path) -> None:
    """Migration 2 backfills the band table; old documents still attract their syndicated copies."""
    db = tmp_path / "old.db"
    load_dump(dump, db)
    store = Store(db)
    signatures = store.conn.execute("SELECT id, minhash FROM documents WHERE minhash IS NOT NULL").fetchall()
    assert len(signatures) == 3
    bands = store.conn.execute("SELECT doc_id, band, hash FROM minhash_bands ORDER BY doc_id, band").fetchall()
    assert [tuple(r) for r in bands] == [
        (doc_id, band, key) for doc_id, sig in signatures for band, key in enumerate(band_keys(sig))
    ]
    assert len(bands) == 3 * BANDS

    old = store.conn.execute("SELECT text FROM documents WHERE doc_key = 'dump-a'").fetchone()[0]
    copy = Document(id="syndicated-a", text="WIRE: " + old + "\n\nReporting by the wire desk.")
    unrelated = Document(id="other", text="The grain corridor reopened on Monday after talks in Istanbul, officials said.")
    report = IngestReport()
    dedup = Deduper(store)
    assert dedup.admit(copy, report) and dedup.admit(unrelated, report)
    assert dedup.cluster_of(copy)[0] == "dump-a"
    assert dedup.cluster_of(unrelated)[0] == "other"
    assert report.near_duplicates == 1
    store.close()


def test_a_future_migration_runs_once_in_order_and_keeps_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What adding migration N+1 looks like; the v1 data must survive it."""
    db = tmp_path / "old.db"
    load_dump(DATA / "schema_v1.sql", db)
    import talkwatch.store as store_module

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN language TEXT")
        conn.execute("UPDATE documents SET language = 'en'")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*MIGRATIONS, (SCHEMA_VERSION + 1, "document language", add_column)])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    store = Store(db)
    assert store._version() == SCHEMA_VERSION + 1
    assert store.conn.execute("SELECT COUNT(*) FROM documents WHERE language = 'en'").fetchone()[0] == 3
    assert store.counts()["attributions"] == 4
    store.close()


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    load_dump(DATA / "schema_v1.sql", db)
    import talkwatch.store as store_module

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN half TEXT")
        conn.execute("UPDATE no_such_table SET x = 1")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*MIGRATIONS, (SCHEMA_VERSION + 1, "broken", broken)])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError):
        Store(db)
    monkeypatch.undo()
    store = Store(db)
    columns = [r[1] for r in store.conn.execute("PRAGMA table_info(documents)")]
    assert "half" not in columns and store._version() == SCHEMA_VERSION
    assert store.counts()["documents"] == 3


def test_a_database_from_a_newer_talkwatch_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    load_dump(DATA / f"schema_v{SCHEMA_VERSION}.sql", db)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO migrations VALUES (?, 'from the future', 0)", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="newer talkwatch") as exc:
            Store(db, readonly=readonly)
        assert "\n" not in str(exc.value)
