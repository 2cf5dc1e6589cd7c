"""Ingest: read files, drop exact duplicates, cluster syndicated copies, analyse, store.

``ingest(paths, store, profile)`` never stops on a bad file: each one becomes one line in
``IngestReport.errors`` and the batch goes on. Each document is stored with all its
statements in one transaction; re-ingesting the same content adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Document
from ..profile import Profile
from ..store import Store
from .dedup import NearDuplicateIndex, from_signature, minhash, signature_bytes
from .readers import MAX_BYTES, FieldMap, read_all

__all__ = ["IngestReport", "ingest", "ingest_documents", "FieldMap", "read_all"]


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


class _Deduper:
    """Keeps the store's near-duplicate index and the batch's seen hashes."""

    def __init__(self, store: Store):
        self.store = store
        self.index = NearDuplicateIndex()
        for key, cluster, sig in store.iter_minhashes():
            self.index.add(key, from_signature(sig), cluster)
        self.seen_sha: set[str] = set()
        self.seen_key: set[str] = set()
        self.pending: dict[str, tuple[str, bytes]] = {}

    def admit(self, doc: Document, report: IngestReport) -> bool:
        """True when the document is new; records its cluster for ``cluster_of``."""
        if doc.sha in self.seen_sha or self.store.find_document(doc) is not None or doc.id in self.seen_key:
            report.duplicates += 1
            if doc.sha not in self.seen_sha and self._same_key_other_text(doc):
                report.notices.append(
                    f"{doc.path or doc.id}: id '{doc.id}' is already stored with other text; kept the first"
                )
            return False
        self.seen_sha.add(doc.sha)
        self.seen_key.add(doc.id)
        m = minhash(doc.text)
        cluster = self.index.find(m)
        if cluster is not None:
            report.near_duplicates += 1
        cluster = cluster or doc.id
        self.index.add(doc.id, m, cluster)
        self.pending[doc.id] = (cluster, signature_bytes(m))
        return True

    def _same_key_other_text(self, doc: Document) -> bool:
        row = self.store.find_document(doc)
        return doc.id in self.seen_key or (row is not None and row["sha"] != doc.sha)

    def cluster_of(self, doc: Document) -> tuple[str, bytes]:
        return self.pending.pop(doc.id)


def ingest_documents(
    items: Iterable[Document | InputError],
    store: Store,
    profile: Profile,
    *,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Store documents (and report errors) from an iterable of read items."""
    from ..extract import analyze_stream

    report = report or IngestReport()
    dedup = _Deduper(store)

    def admitted() -> Iterator[Document]:
        for item in items:
            if isinstance(item, InputError):
                report.errors.append(str(item))
                continue
            report.read += 1
            if dedup.admit(item, report):
                yield item
            elif progress:
                progress(1)

    for analysis in analyze_stream(admitted(), profile, n_process=n_process):
        cluster, sig = dedup.cluster_of(analysis.document)
        with store.transaction():
            store.save_analysis(analysis, cluster, sig)
        report.stored += 1
        report.attributions += len(analysis.attributions)
        report.positions += len(analysis.positions)
        for warning in analysis.warnings:
            report.notices.append(f"{analysis.document.path or analysis.document.id}: {warning}")
        if progress:
            progress(1)
    return report


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
    """Read files and folders into the store; see the module docstring."""
    return ingest_documents(
        read_all(paths, fields, max_bytes), store, profile, n_process=n_process, progress=progress
    )
