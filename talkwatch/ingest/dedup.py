"""Exact and near-duplicate (syndicated copy) detection.

Exact duplicates share ``Document.sha`` (text with whitespace folded). Near duplicates are
found with MinHash over word 5-shingles and an LSH index (datasketch): a syndicated copy
with a new headline, a trimmed sentence or an added line is linked to the first copy seen,
its *cluster*. Corroboration counts clusters, not documents, so one wire story reprinted by
ten outlets counts once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch pulls in scipy (~1.5 s): imported when first needed, so
    from datasketch import MinHash  # `talkwatch status` and the dashboard start fast

NUM_PERM = 64
THRESHOLD = 0.7  # estimated Jaccard similarity of shingle sets
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures are only comparable within one
_WORD = re.compile(r"\w+", re.UNICODE)


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


class NearDuplicateIndex:
    """An in-memory LSH index of stored documents: key → cluster id."""

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
