"""Ingest: read files, drop exact duplicates, cluster syndicated copies, analyse, store.

``ingest(paths, store, profile)`` never stops on a bad file: each one becomes one line in
``IngestReport.errors`` and the batch goes on. Each document is stored with all its
statements in one transaction; re-ingesting the same content adds nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..errors import InputError
from ..extract import chunks
from ..model import Analysis, Document
from ..nlp.pipeline import ModelMissing as ModelUnavailable
from ..profile import Profile
from ..store import Store
from .dedup import SqliteNearDuplicateIndex, minhash, signature_bytes
from .readers import MAX_BYTES, FieldMap, read_all

__all__ = ["Deduper", "IngestReport", "ingest", "ingest_documents", "split_long", "FieldMap", "read_all"]


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0  # exact copies (same text) or same id already stored
    near_duplicates: int = 0  # stored, but clustered with an earlier syndicated copy
    attributions: int = 0
    positions: int = 0
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.read} document(s): stored {self.stored} "
            f"({self.near_duplicates} near-duplicate copies clustered), "
            f"skipped {self.duplicates} already stored, {len(self.errors)} input error(s); "
            f"{self.attributions} attributions, {self.positions} positions"
        )


class Deduper:
    """Finds exact and near duplicates against the store and the batch so far.

    The near-duplicate index is the store's ``minhash_bands`` table
    (``dedup.SqliteNearDuplicateIndex``): opening a ``Deduper`` reads nothing, and memory
    does not grow with the store or the batch. What it holds in memory: the clusters and
    signatures of documents admitted but not yet handed to ``cluster_of``, and the hashes and
    ids of the batch's documents that are not in the store — admitted and not stored yet, or
    never stored (their analysis failed) — so a second copy of one is still a duplicate.
    A document handed out by ``cluster_of`` is looked up once at the next ``admit``: once
    stored, the store finds its copies and its hash and id are dropped.
    """

    def __init__(self, store: Store):
        self.store = store
        self.index = SqliteNearDuplicateIndex(store.conn)
        self.seen_sha: set[str] = set()
        self.seen_key: set[str] = set()
        self.pending: dict[str, tuple[str, bytes]] = {}
        self._handed: list[tuple[str, str]] = []  # (sha, key) given out by cluster_of, not checked yet

    def _forget_stored(self) -> None:
        for sha, key in self._handed:
            if self.store.conn.execute(
                "SELECT 1 FROM documents WHERE sha = ? AND doc_key = ?", (sha, key)
            ).fetchone() is not None:
                self.seen_sha.discard(sha)
                self.seen_key.discard(key)
        self._handed.clear()

    def admit(self, doc: Document, report: IngestReport) -> bool:
        """True when the document is new; records its cluster for ``cluster_of``."""
        if self._handed:
            self._forget_stored()
        if doc.sha in self.seen_sha or self.store.find_document(doc) is not None or doc.id in self.seen_key:
            report.duplicates += 1
            if doc.sha not in self.seen_sha and self._same_key_other_text(doc):
                report.notices.append(
                    f"{doc.path or doc.id}: id '{doc.id}' is already stored with other text; kept the first"
                )
            return False
        self.seen_sha.add(doc.sha)
        self.seen_key.add(doc.id)
        sig = signature_bytes(minhash(doc.text))
        cluster = self.index.find(sig)
        if cluster is not None:
            report.near_duplicates += 1
        cluster = cluster or doc.id
        self.index.add(doc.id, sig, cluster)
        self.pending[doc.id] = (cluster, sig)
        return True

    def _same_key_other_text(self, doc: Document) -> bool:
        row = self.store.find_document(doc)
        return doc.id in self.seen_key or (row is not None and row["sha"] != doc.sha)

    def cluster_of(self, doc: Document) -> tuple[str, bytes]:
        """The cluster and signature to store the document with; from here on the store indexes it."""
        self.index.discard(doc.id)
        self._handed.append((doc.sha, doc.id))
        return self.pending.pop(doc.id)


SPLIT_CHARS = 1_000_000  # longer documents are analysed (and stored) in parts of at most this


def split_long(doc: Document, limit: int = SPLIT_CHARS) -> list[Document]:
    """A document longer than ``limit`` characters as parts cut at paragraph breaks.

    spaCy refuses texts over its ``max_length`` and needs about 1 GB per 100,000 words to
    parse one; a part is a document of its own (``<id>#part-2``), so every offset stays an
    offset into the stored text. Shorter documents come back unchanged.
    """
    if len(doc.text) <= limit:
        return [doc]
    parts: list[str] = []
    text = doc.text
    while len(text) > limit:
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, limit // 2, limit)
            if cut != -1:
                cut += len(sep)
                break
        if cut == -1:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:]
    if text.strip():
        parts.append(text)
    parts = [p for p in parts if p.strip()]
    out = []
    for i, part in enumerate(parts, 1):
        title = f"{doc.title} (part {i}/{len(parts)})" if doc.title else None
        out.append(replace(doc, id=f"{doc.id}#part-{i}", text=part, title=title))
    return out


def _one_line(message: str) -> str:
    """An error or notice as one terminal line (a file name may hold a newline)."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def ingest_documents(
    items: Iterable[Document | InputError],
    store: Store,
    profile: Profile,
    *,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Store documents (and report errors) from an iterable of read items.

    Each document is written with all its statements in one transaction. A document whose
    analysis fails is one line in ``report.errors``; the rest of the batch goes on.
    """
    from ..extract import analyze_stream

    report = report or IngestReport()
    dedup = Deduper(store)

    def admitted() -> Iterator[Document]:
        for item in items:
            if isinstance(item, InputError):
                report.errors.append(_one_line(str(item)))
                continue
            parts = split_long(item)
            if len(parts) > 1:
                report.notices.append(_one_line(
                    f"{item.path or item.id}: {len(item.text):,} characters, analysed and stored as "
                    f"{len(parts)} parts ({item.id}#part-1 …) of at most {SPLIT_CHARS:,}"
                ))
            for part in parts:
                report.read += 1
                if dedup.admit(part, report):
                    yield part
                elif progress:
                    progress(1)

    def store_one(analysis: Analysis) -> None:
        cluster, sig = dedup.cluster_of(analysis.document)
        try:
            with store.transaction():
                store.save_analysis(analysis, cluster, sig)
        except sqlite3.IntegrityError:
            if store.find_document(analysis.document) is None:
                raise  # not a duplicate: a bug, do not hide it
            report.duplicates += 1  # another writer stored the same document meanwhile
            return
        report.stored += 1
        report.attributions += len(analysis.attributions)
        report.positions += len(analysis.positions)
        for warning in analysis.warnings:
            report.notices.append(_one_line(f"{analysis.document.path or analysis.document.id}: {warning}"))
        if progress:
            progress(1)

    if n_process > 1:
        try:
            for analysis in analyze_stream(admitted(), profile, n_process=n_process):
                store_one(analysis)
        except Exception as exc:  # a worker failed: everything stored so far stays stored
            report.errors.append(_one_line(
                f"analysis stopped ({type(exc).__name__}: {exc}); {len(dedup.pending)} document(s) not stored, "
                "run the same ingest again with -j 1 to find the one that fails"
            ))
        return report

    for chunk in chunks(admitted(), BATCH):
        try:
            analyses = list(analyze_stream(chunk, profile))
        except ModelUnavailable:
            raise
        except Exception:
            analyses = []
            for doc in chunk:  # find the document that fails; the others are stored
                try:
                    analyses.extend(analyze_stream([doc], profile))
                except ModelUnavailable:
                    raise
                except Exception as exc:
                    dedup.cluster_of(doc)
                    report.errors.append(_one_line(
                        f"{doc.path or doc.id}: analysis failed ({type(exc).__name__}: {str(exc)[:200]}); "
                        "not stored, check the text or report the bug"
                    ))
        for analysis in analyses:
            store_one(analysis)
    return report


BATCH = 32




def ingest(
    paths: list[str],
    store: Store,
    profile: Profile,
    *,
    fields: FieldMap | None = None,
    n_process: int = 1,
    max_bytes: int = MAX_BYTES,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read files and folders into the store; see the module docstring.

    When the batch is done, the fast board's step table is rebuilt (large stores only).
    """
    from ..fastboard import after_ingest

    report = ingest_documents(
        read_all(paths, fields, max_bytes), store, profile, n_process=n_process, progress=progress
    )
    after_ingest(store, profile)
    return report
