"""The SQLite store: documents, attributions and positions, with named migrations.

One writer at a time (WAL journal, so readers — the dashboard, a second CLI — go on while
an ingest writes). A document and all its statements are written in one transaction, so a
crash leaves either the whole document or none of it. Every SQL statement uses bound
parameters.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import StoreError
from .model import Analysis, Document

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000

MIGRATIONS: list[tuple[int, str, Callable[[sqlite3.Connection], None]]] = []


def migration(version: int, name: str) -> Callable[[Callable[[sqlite3.Connection], None]], Callable[[sqlite3.Connection], None]]:
    """Register a schema migration; each runs once, in order, recorded in ``migrations``."""

    def register(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
        MIGRATIONS.append((version, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one inside the caller's transaction.

    ``executescript`` would COMMIT first and run each statement on its own, so a crash in
    the middle of a migration could leave half a schema behind.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {statement.strip()[:60]}")


@migration(1, "initial schema")
def _initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            doc_key TEXT NOT NULL UNIQUE,
            sha TEXT NOT NULL UNIQUE,
            cluster TEXT NOT NULL,
            minhash BLOB,
            published TEXT,
            outlet TEXT,
            url TEXT,
            title TEXT,
            kind TEXT NOT NULL DEFAULT 'news',
            speaker TEXT,
            path TEXT,
            text TEXT NOT NULL,
            warnings TEXT,
            ingested_at REAL NOT NULL
        );
        CREATE INDEX documents_published ON documents(published);
        CREATE INDEX documents_cluster ON documents(cluster);

        CREATE TABLE attributions (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            source_start INTEGER, source_end INTEGER, source_text TEXT,
            cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
            content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_text TEXT NOT NULL,
            speaker TEXT, speaker_kind TEXT NOT NULL, party TEXT,
            via TEXT, via_party TEXT, mode TEXT NOT NULL, descriptor TEXT
        );
        CREATE INDEX attributions_doc ON attributions(doc_id);
        CREATE INDEX attributions_party ON attributions(party);

        CREATE TABLE positions (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            holder TEXT NOT NULL,
            issue TEXT NOT NULL,
            stance TEXT NOT NULL,
            conditions TEXT NOT NULL DEFAULT '[]',
            source TEXT, source_kind TEXT NOT NULL, source_party TEXT,
            via TEXT, mode TEXT NOT NULL,
            ev_start INTEGER NOT NULL, ev_end INTEGER NOT NULL, evidence TEXT NOT NULL,
            attribution_idx INTEGER,
            published TEXT,
            cluster TEXT NOT NULL,
            outlet TEXT
        );
        CREATE INDEX positions_cell ON positions(holder, issue, published);
        CREATE INDEX positions_published ON positions(published);
        CREATE INDEX positions_doc ON positions(doc_id);
        """
    )


@migration(2, "minhash bands")
def _minhash_bands(conn: sqlite3.Connection) -> None:
    """The near-duplicate (LSH) index in a table, backfilled from the stored signatures.

    One row per document and band (``talkwatch.ingest.dedup.band_keys``); the primary key
    (band, hash, doc_id) is the index a lookup seeks. Ingest then needs no in-memory index.
    """
    run_script(
        conn,
        """
        CREATE TABLE minhash_bands (
            band INTEGER NOT NULL,
            hash INTEGER NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (band, hash, doc_id)
        ) WITHOUT ROWID;
        """
    )
    # 512 bytes: NUM_PERM (64) uint64 values; anything else is no signature of this scheme
    rows = conn.execute("SELECT id, minhash FROM documents WHERE length(minhash) = 512 ORDER BY id")
    while chunk := rows.fetchmany(1000):
        conn.executemany(
            "INSERT INTO minhash_bands (band, hash, doc_id) VALUES (?, ?, ?)",
            [band for doc_id, signature in chunk for band in _band_rows(doc_id, signature)],
        )


def _band_rows(doc_id: int, signature: bytes) -> list[tuple[int, int, int]]:
    from .ingest.dedup import band_keys  # imported late: talkwatch.ingest imports this module

    return [(band, key, doc_id) for band, key in enumerate(band_keys(signature))]


class Store:
    """A talkwatch database. ``Store(":memory:")`` for tests."""

    def __init__(self, path: str | Path = "talkwatch.db", *, readonly: bool = False):
        self.readonly = readonly
        self.path = str(path)
        try:
            if readonly:
                if self.path != ":memory:" and not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no such database; run `talkwatch ingest` first")
                uri = f"file:{quote(str(Path(self.path).resolve()))}?mode=ro" if self.path != ":memory:" else ":memory:"
                self.conn = sqlite3.connect(
                    uri, uri=self.path != ":memory:", timeout=BUSY_TIMEOUT_MS / 1000,
                    check_same_thread=False, isolation_level=None,
                )
            else:
                self.conn = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
                )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # a module constant
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                if self.path != ":memory:":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
            else:
                self._check_version()
                if self._version() == 0:
                    raise StoreError(f"{self.path}: holds no talkwatch data yet; run `talkwatch ingest` first")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a talkwatch database ({exc}); pass another --db file")

    # -- schema ------------------------------------------------------------------------
    def _version(self) -> int:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='migrations'"
        ).fetchone()
        if not exists:
            return 0
        row = self.conn.execute("SELECT MAX(version) FROM migrations").fetchone()
        return int(row[0] or 0)

    def _check_version(self) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer talkwatch (schema {version} > {SCHEMA_VERSION}); upgrade talkwatch"
            )

    def migrate(self) -> list[str]:
        """Apply pending migrations; running it again is safe. Returns what was applied."""
        self._check_version()
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at REAL)"
        )
        applied = []
        for version, name, fn in MIGRATIONS:
            if version <= self._version():
                continue
            with self.transaction():
                if version <= self._version():  # another process applied it meanwhile
                    continue
                fn(self.conn)
                self.conn.execute(
                    "INSERT INTO migrations VALUES (?, ?, ?)", (version, name, time.time())
                )
            applied.append(name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise StoreError(
                f"{self.path}: another process kept the database locked for {BUSY_TIMEOUT_MS // 1000} s; "
                "wait for it to finish and run again"
            ) from None
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # -- writes ------------------------------------------------------------------------
    def find_document(self, doc: Document) -> sqlite3.Row | None:
        """A stored document with the same text, or the same id."""
        return self.conn.execute(
            "SELECT id, doc_key, sha FROM documents WHERE sha = ? OR doc_key = ? LIMIT 1",
            (doc.sha, doc.id),
        ).fetchone()

    def save_analysis(self, analysis: Analysis, cluster: str, minhash: bytes | None) -> int:
        """Insert a document with its attributions and positions (call inside a transaction).

        ``minhash`` is the document's signature (``dedup.signature_bytes``); its LSH band rows
        are written with it, so the near-duplicate index always matches the stored documents.
        """
        doc = analysis.document
        cur = self.conn.execute(
            """INSERT INTO documents (doc_key, sha, cluster, minhash, published, outlet, url, title,
                   kind, speaker, path, text, warnings, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                doc.id, doc.sha, cluster, minhash, doc.published, doc.outlet, doc.url, doc.title,
                doc.kind, doc.speaker, doc.path, doc.text,
                json.dumps(analysis.warnings) if analysis.warnings else None, time.time(),
            ),
        )
        doc_id = int(cur.lastrowid or 0)
        if minhash is not None:  # its near-duplicate index rows, in the same transaction
            self.conn.executemany(
                "INSERT INTO minhash_bands (band, hash, doc_id) VALUES (?, ?, ?)", _band_rows(doc_id, minhash)
            )
        self.conn.executemany(
            """INSERT INTO attributions (doc_id, idx, source_start, source_end, source_text,
                   cue_start, cue_end, cue_text, content_start, content_end, content_text,
                   speaker, speaker_kind, party, via, via_party, mode, descriptor)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [_attribution_row(doc_id, i, a) for i, a in enumerate(analysis.attributions)],
        )
        self.conn.executemany(
            """INSERT INTO positions (doc_id, holder, issue, stance, conditions, source, source_kind,
                   source_party, via, mode, ev_start, ev_end, evidence, attribution_idx,
                   published, cluster, outlet)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [
                (
                    doc_id, p.holder, p.issue, p.stance, json.dumps(list(p.conditions)),
                    p.source, p.source_kind, p.source_party, p.via, p.mode,
                    p.evidence.start, p.evidence.end, p.evidence.text, p.attribution,
                    doc.published, cluster, doc.outlet,
                )
                for p in analysis.positions
            ],
        )
        return doc_id

    def iter_minhashes(self) -> Iterator[tuple[str, str, bytes]]:
        for row in self.conn.execute(
            "SELECT doc_key, cluster, minhash FROM documents WHERE minhash IS NOT NULL ORDER BY id"
        ):
            yield row["doc_key"], row["cluster"], row["minhash"]

    # -- reads -------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "attributions", "positions"):
            out[table] = int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        out["clusters"] = int(self.conn.execute("SELECT COUNT(DISTINCT cluster) FROM documents").fetchone()[0])
        return out

    def positions(
        self,
        as_of: str | None = None,
        holder: str | None = None,
        issue: str | None = None,
        since: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored positions (with their document's metadata), oldest first."""
        sql = [
            """SELECT p.*, d.doc_key, d.title, d.url, d.kind AS doc_kind
               FROM positions p JOIN documents d ON d.id = p.doc_id WHERE 1=1"""
        ]
        args: list[Any] = []
        if as_of:
            sql.append("AND (p.published IS NULL OR p.published <= ?)")
            args.append(as_of)
        if since:
            sql.append("AND p.published >= ?")
            args.append(since)
        if holder:
            sql.append("AND p.holder = ?")
            args.append(holder)
        if issue:
            sql.append("AND p.issue = ?")
            args.append(issue)
        sql.append("ORDER BY p.published, p.id")
        rows = self.conn.execute(" ".join(sql), args).fetchall()
        return [_position_dict(r) for r in rows]

    def document(self, key: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT * FROM documents WHERE doc_key = ? OR CAST(id AS TEXT) = ? LIMIT 1", (key, key)
        ).fetchone()
        if row is None:
            return None
        doc = {k: row[k] for k in row.keys() if k != "minhash"}
        doc["attributions"] = [
            dict(r) for r in self.conn.execute(
                "SELECT * FROM attributions WHERE doc_id = ? ORDER BY idx", (row["id"],)
            )
        ]
        doc["positions"] = [
            _position_dict(r) for r in self.conn.execute(
                "SELECT p.*, ? AS doc_key, ? AS title, ? AS url, ? AS doc_kind FROM positions p WHERE doc_id = ? ORDER BY id",
                (row["doc_key"], row["title"], row["url"], row["kind"], row["id"]),
            )
        ]
        return doc

    def documents(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """SELECT d.id, d.doc_key, d.published, d.outlet, d.title, d.kind, d.speaker, d.cluster,
                      (SELECT COUNT(*) FROM attributions a WHERE a.doc_id = d.id) AS n_attributions,
                      (SELECT COUNT(*) FROM positions p WHERE p.doc_id = d.id) AS n_positions
               FROM documents d ORDER BY d.published, d.id LIMIT ? OFFSET ?""",
            (limit, offset),
        ).fetchall()
        return [dict(r) for r in rows]


def _attribution_row(doc_id: int, idx: int, a: Any) -> tuple[Any, ...]:
    return (
        doc_id, idx,
        a.source.start if a.source else None, a.source.end if a.source else None,
        a.source.text if a.source else None,
        a.cue.start if a.cue else None, a.cue.end if a.cue else None, a.cue.text if a.cue else None,
        a.content.start, a.content.end, a.content.text,
        a.speaker, a.speaker_kind, a.party, a.via, a.via_party, a.mode,
        json.dumps(asdict(a.descriptor)) if a.descriptor else None,
    )


def _position_dict(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    out["conditions"] = json.loads(out.get("conditions") or "[]")
    return out
