"""Exact and near-duplicate (syndicated copy) detection.

Exact duplicates share ``Document.sha`` (text with whitespace folded). Near duplicates are
found with MinHash over word 5-shingles and LSH banding: a syndicated copy with a new
headline, a trimmed sentence or an added line is linked to the first copy seen, its
*cluster*. Corroboration counts clusters, not documents, so one wire story reprinted by
ten outlets counts once.

The 64 MinHash values are cut into ``BANDS`` bands of ``ROWS`` values — 8 × 8, the split
datasketch's ``MinHashLSH(threshold=0.7, num_perm=64)`` chooses, so the candidates are
those datasketch would return. Each band becomes one 64-bit key (``band_keys``), stored in
the ``minhash_bands`` table next to its document (schema 2). A stored document is a
candidate when it shares at least one band key; it is a near duplicate when the estimated
Jaccard similarity of the two signatures is at least ``THRESHOLD``. The new document joins
the cluster of the earliest such copy (lowest row id; copies of the current batch not yet
committed come after the stored ones, in the order they were admitted). The index lives in
SQLite (``SqliteNearDuplicateIndex``), so memory does not grow with the store and opening
it reads nothing.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch pulls in scipy (~1.5 s): imported when first needed, so
    from datasketch import MinHash  # `talkwatch status` and the dashboard start fast

NUM_PERM = 64
THRESHOLD = 0.7  # estimated Jaccard similarity of shingle sets
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures are only comparable within one
BANDS, ROWS = 8, 8  # datasketch's optimal split for THRESHOLD and NUM_PERM (see band_split)
_WORD = re.compile(r"\w+", re.UNICODE)
_VALUE_BYTES = 8  # a signature is NUM_PERM uint64 values (signature_bytes)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash(text: str) -> MinHash:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def signature_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_signature(data: bytes) -> MinHash:
    from datasketch import MinHash

    values = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme=SCHEME)


def band_keys(signature: bytes) -> list[int]:
    """The ``BANDS`` LSH keys of a stored signature: a signed 64-bit hash of each band's bytes.

    Two signatures share key ``i`` exactly when their values ``i*ROWS … (i+1)*ROWS-1`` are all
    equal (up to a 2^-64 hash collision, which the Jaccard check then rejects). Pure
    hashlib, so the store can call it without loading numpy or datasketch.
    """
    if len(signature) != NUM_PERM * _VALUE_BYTES:
        raise ValueError(f"a MinHash signature is {NUM_PERM * _VALUE_BYTES} bytes, not {len(signature)}")
    width = ROWS * _VALUE_BYTES
    return [
        int.from_bytes(
            hashlib.blake2b(signature[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True
        )
        for i in range(BANDS)
    ]


def band_split(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) datasketch's MinHashLSH picks for these parameters (checked by a test)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal MinHash values."""
    return float(np.count_nonzero(np.frombuffer(a, dtype=np.uint64) == np.frombuffer(b, dtype=np.uint64))) / NUM_PERM


class SqliteNearDuplicateIndex:
    """The near-duplicate index of a store, in its ``minhash_bands`` table.

    Nothing is loaded when it is opened; ``find`` is at most ``BANDS`` index seeks plus one
    row read per candidate. Documents written with ``Store.save_analysis`` (with a
    signature) are indexed in the same transaction, so the index always matches the
    committed documents. Copies admitted in this batch but not committed yet are kept in a
    small in-memory map (``add`` … ``discard``).
    """

    def __init__(self, conn: sqlite3.Connection, threshold: float = THRESHOLD):
        self.conn = conn
        self.threshold = threshold
        self.pending: dict[str, tuple[str, bytes, list[int]]] = {}  # key -> (cluster, signature, band keys)

    def find(self, signature: bytes) -> str | None:
        """The cluster of the earliest stored (then pending) copy similar enough, or None."""
        bands = band_keys(signature)
        for doc_id in self.candidates(bands):
            row = self.conn.execute("SELECT cluster, minhash FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is not None and row[1] is not None and jaccard(signature, row[1]) >= self.threshold:
                return str(row[0])
        for cluster, other, other_bands in self.pending.values():
            if any(a == b for a, b in zip(bands, other_bands)) and jaccard(signature, other) >= self.threshold:
                return cluster
        return None

    def candidates(self, bands: list[int]) -> list[int]:
        """Row ids of the stored documents sharing at least one band key, in order."""
        found: set[int] = set()
        for band, key in enumerate(bands):
            found.update(
                row[0] for row in self.conn.execute(
                    "SELECT doc_id FROM minhash_bands WHERE band = ? AND hash = ?", (band, key)
                )
            )
        return sorted(found)

    def add(self, key: str, signature: bytes, cluster: str) -> None:
        """Remember a document admitted in this batch until it is committed (``discard``)."""
        if key not in self.pending:
            self.pending[key] = (cluster, signature, band_keys(signature))

    def discard(self, key: str) -> None:
        self.pending.pop(key, None)

    def __len__(self) -> int:
        return len(self.pending)


class NearDuplicateIndex:
    """An in-memory datasketch LSH index: key → cluster id (the index before schema 2).

    Kept as the reference the SQLite index is tested against; it grows by about 3 KB per
    document and must be filled from every stored signature, so ingest no longer uses it.
    """

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.cluster: dict[str, str] = {}

    def add(self, key: str, m: MinHash, cluster: str | None = None) -> None:
        if key in self.cluster:
            return
        self.lsh.insert(key, m)
        self.cluster[key] = cluster or key

    def find(self, m: MinHash) -> str | None:
        """The cluster of the most similar stored copy, or None."""
        hits = self.lsh.query(m)
        if not hits:
            return None
        return self.cluster[sorted(hits)[0]]

    def __len__(self) -> int:
        return len(self.cluster)
