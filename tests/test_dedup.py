"""The near-duplicate index in SQLite (``minhash_bands``): same candidates as datasketch, no memory.

Syndicated copies of the demo reports — a new headline, a trimmed sentence, an added line —
must join the original's cluster, whether the original is committed or still pending in
the batch; unrelated reports must stay apart; the band split must be the one datasketch's
``MinHashLSH`` chooses, and the candidates the ones it returns.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from talkwatch.ingest import Deduper, IngestReport
from talkwatch.ingest.dedup import (
    BANDS, NUM_PERM, ROWS, THRESHOLD, NearDuplicateIndex, SqliteNearDuplicateIndex, band_keys, band_split,
    from_signature, jaccard, minhash, signature_bytes,
)
from talkwatch.model import Analysis, Document
from talkwatch.store import Store

REPORTS = Path(__file__).resolve().parents[1] / "demo" / "reports.jsonl"


def reports() -> list[Document]:
    out = []
    for line in REPORTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out.append(Document(id=record["id"], text=record["text"]))
    return out


def new_headline(doc: Document) -> Document:
    return Document(id=doc.id + "/headline", text="WIRE EXCLUSIVE: talks resume\n\n" + doc.text)


def trimmed(doc: Document) -> Document:
    """Without its last sentence, as an outlet cuts a wire story to length."""
    sentences = re.split(r"(?<=[.!?])\s+", doc.text.strip())
    return Document(id=doc.id + "/trimmed", text=" ".join(sentences[:-1]))


def added_line(doc: Document) -> Document:
    return Document(id=doc.id + "/added", text=doc.text + "\n\nAdditional reporting by our correspondent in Brussels.")


def store_all(store: Store, dedup: Deduper, docs: list[Document], report: IngestReport) -> dict[str, str]:
    clusters = {}
    for doc in docs:
        if dedup.admit(doc, report):
            cluster, sig = dedup.cluster_of(doc)
            with store.transaction():
                store.save_analysis(Analysis(document=doc), cluster, sig)
            clusters[doc.id] = cluster
    return clusters


def test_the_band_split_is_datasketchs() -> None:
    assert band_split(THRESHOLD, NUM_PERM) == (BANDS, ROWS)
    assert BANDS * ROWS == NUM_PERM


def test_syndicated_copies_join_the_original_and_unrelated_reports_stay_apart() -> None:
    originals = reports()
    assert len(originals) >= 30
    store = Store(":memory:")
    report = IngestReport()
    clusters = store_all(store, Deduper(store), originals, report)
    syndicated = {  # the demo corpus holds two syndicated copies of its own
        "2022-03-29-istanbul-round-meridian": "2022-03-29-istanbul-round",
        "2025-03-11-jeddah-ceasefire-offer-fairhaven": "2025-03-11-jeddah-ceasefire-offer",
    }
    assert clusters == {d.id: syndicated.get(d.id, d.id) for d in originals}, "unrelated reports: each its own cluster"
    assert report.near_duplicates == 2
    originals = [d for d in originals if d.id not in syndicated]

    copies = [make(d) for d in originals for make in (new_headline, trimmed, added_line)]
    by_id = {d.id: d for d in originals}
    for copy in copies:  # near copies, not exact ones (the estimate of a long text can still be 1.0)
        original = by_id[copy.id.rsplit("/", 1)[0]]
        assert copy.sha != original.sha
        assert jaccard(signature_bytes(minhash(copy.text)), signature_bytes(minhash(original.text))) >= THRESHOLD
    report = IngestReport()
    clusters = store_all(store, Deduper(store), copies, report)  # a new ingest against the stored originals
    assert clusters == {c.id: c.id.rsplit("/", 1)[0] for c in copies}
    assert report.near_duplicates == len(copies) and report.duplicates == 0
    assert store.counts()["clusters"] == len(originals)
    assert store.conn.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] == BANDS * store.counts()["documents"]


def test_copies_in_the_same_batch_before_the_original_is_committed() -> None:
    original = reports()[3]
    store = Store(":memory:")
    dedup = Deduper(store)
    report = IngestReport()
    batch = [original, new_headline(original), trimmed(original), added_line(original)]
    assert all(dedup.admit(doc, report) for doc in batch)  # all pending, nothing committed yet
    assert [dedup.cluster_of(doc)[0] for doc in batch] == [original.id] * 4
    assert report.near_duplicates == 3 and len(dedup.index) == 0


def test_the_earliest_stored_copy_decides_the_cluster() -> None:
    base = reports()[5]
    store = Store(":memory:")
    report = IngestReport()
    a = Document(id="z-first", text=base.text)
    b = added_line(Document(id="a-second", text=base.text + "\n\nA second outlet adds a line of its own here."))
    clusters = store_all(store, Deduper(store), [a], report)
    with store.transaction():  # a copy stored under a cluster of its own (e.g. an older talkwatch)
        store.save_analysis(Analysis(document=b), b.id, signature_bytes(minhash(b.text)))
    c = trimmed(Document(id="m-third", text=base.text))
    clusters = store_all(store, Deduper(store), [c], report)
    assert clusters[c.id] == "z-first", "lowest row id, not the alphabetically first key"


def test_opening_the_deduper_reads_nothing_from_the_store() -> None:
    store = Store(":memory:")
    store_all(store, Deduper(store), reports(), IngestReport())
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    dedup = Deduper(store)
    store.conn.set_trace_callback(None)
    assert statements == []
    assert len(dedup.index) == 0


def test_candidates_are_those_of_datasketch() -> None:
    """Same buckets as MinHashLSH(threshold=0.7, num_perm=64): recall of true copies cannot drop."""
    originals = reports()
    docs = originals + [make(d) for d in originals[:12] for make in (new_headline, trimmed, added_line)]
    store = Store(":memory:")
    reference = NearDuplicateIndex()
    row_key: dict[int, str] = {}
    for doc in docs:
        m = minhash(doc.text)
        with store.transaction():
            row_key[store.save_analysis(Analysis(document=doc), doc.id, signature_bytes(m))] = doc.id
        reference.add(doc.id, m)
    index = SqliteNearDuplicateIndex(store.conn)
    for doc in docs:
        sig = signature_bytes(minhash(doc.text))
        ours = {row_key[i] for i in index.candidates(band_keys(sig))}
        assert ours == set(reference.lsh.query(from_signature(sig))), doc.id
        assert doc.id in ours


def test_band_keys_refuse_a_foreign_signature() -> None:
    with pytest.raises(ValueError):
        band_keys(b"\0" * 100)


def test_the_batch_memory_holds_only_what_the_store_does_not() -> None:
    """Stored documents are found by the store; one that was never stored is still a duplicate."""
    docs = reports()[:6]
    store = Store(":memory:")
    dedup = Deduper(store)
    report = IngestReport()
    store_all(store, dedup, docs[:5], report)
    failed = docs[5]
    assert dedup.admit(failed, report)
    dedup.cluster_of(failed)  # its analysis failed: not stored
    again = IngestReport()
    assert not dedup.admit(failed, again) and again.duplicates == 1
    assert dedup.seen_sha == {failed.sha} and dedup.seen_key == {failed.id}
    assert not dedup.admit(docs[0], again) and again.duplicates == 2  # stored: the store says so
    renamed = Document(id=docs[1].id, text=docs[1].text + " And one more sentence on a different matter.")
    assert not dedup.admit(renamed, again)
    assert again.notices == [f"{docs[1].id}: id '{docs[1].id}' is already stored with other text; kept the first"]
