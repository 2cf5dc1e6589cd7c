"""Streaming ingest at two sizes (default 1,000 and 20,000 documents): peak memory and time per document.

Each size runs in its own subprocess (``--child N``) so peak RSS is that run's alone. The
documents are generated short reports (``corpus.generate(short=True)``: a dateline and a
few sentences, ~60 words) — 20,000 full-length reports would take most of an hour through
the full pipeline on two cores. A child:

1. times the deduplicator alone (MinHash + LSH index + stored-copy lookup, each admitted
   document stored without statements) per 1,000 documents, on an empty store in a
   temporary file (then drops it; a ``:memory:`` store would hold every text in RAM and
   set the peak RSS itself);
2. ingests the documents through ``talkwatch.ingest.ingest_documents`` (one process,
   the whole pipeline, one transaction per document), timing each 1,000 documents; the
   documents are generated as they are read, as a reader streams a file;
3. times the board (corroboration over all stored positions) at the end, with
   ``status.build_board`` and ``fastboard.build_board``.

Targets: peak RSS at 20k within 10% of 1k and under 1 GB; time per document flat.

``python benchmarks/bench_ingest.py [--sizes 1000 20000]``

``--dedup-only`` measures the deduplicator and the store alone, without the NLP pipeline
(so 100,000 documents take minutes, not hours): each child builds a ``Deduper`` on an
empty file store, admits each document and stores it (``save_analysis`` with an empty
analysis: the document row, its MinHash signature and, from schema 2, its LSH band rows),
one transaction per document, then times opening a second ``Deduper`` on the full store.

``python benchmarks/bench_ingest.py --dedup-only --sizes 1000 20000 100000``
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from corpus import generate

from talkwatch.model import Analysis, Document

WINDOW = 1000  # documents per timing window (fewer for small smoke-test runs)


def child(n: int) -> dict:
    window = WINDOW if n >= 2 * WINDOW else max(n // 4, 1)
    from talkwatch import fastboard
    from talkwatch.ingest import Deduper, IngestReport, ingest_documents
    from talkwatch.nlp.pipeline import load_nlp
    from talkwatch.profile import load_profile
    from talkwatch.status import build_board
    from talkwatch.store import Store

    profile = load_profile()
    load_nlp()  # loaded before timing: the first window should not carry the model load
    def documents() -> Iterator[Document]:  # generated afresh (same seed) for each pass: never held in memory
        return generate(n, seed=11, short=True)

    dedup_windows = []
    scratch_folder = tempfile.mkdtemp(prefix="tw-dedup-")
    scratch_store = Store(str(Path(scratch_folder) / "scratch.db"))
    dedup = Deduper(scratch_store)
    scratch = IngestReport()
    stream = documents()
    for _ in range(0, n, window):
        batch = list(itertools.islice(stream, window))
        t = time.perf_counter()
        for doc in batch:
            if dedup.admit(doc, scratch):
                cluster, sig = dedup.cluster_of(doc)
                with scratch_store.transaction():
                    scratch_store.save_analysis(Analysis(document=doc), cluster, sig)
        dedup_windows.append((time.perf_counter() - t) / len(batch) * 1000)
    del dedup, batch
    scratch_store.close()
    shutil.rmtree(scratch_folder, ignore_errors=True)
    gc.collect()

    folder = tempfile.mkdtemp(prefix="tw-ingest-")
    store = Store(str(Path(folder) / "ingest.db"))
    marks: list[float] = []
    done = [0]

    def progress(k: int) -> None:
        done[0] += k
        if done[0] % window == 0:
            marks.append(time.perf_counter())

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    counted = [0]

    def counting() -> Iterator[Document]:
        for doc in documents():
            counted[0] += len(doc.text.split())
            yield doc

    report = ingest_documents(counting(), store, profile, progress=progress)
    n_words = counted[0]
    total = time.perf_counter() - started
    edges = [started] + marks
    windows = [(b - a) / window * 1000 for a, b in zip(edges, edges[1:])]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t = time.perf_counter()
    board = build_board(store, profile)
    board_s = time.perf_counter() - t
    t = time.perf_counter()
    fastboard.build_board(store, profile)
    fast_first_s = time.perf_counter() - t
    t = time.perf_counter()
    fastboard.build_board(store, profile)
    fast_s = time.perf_counter() - t
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "documents": n, "words": n_words, "stored": report.stored, "duplicates": report.duplicates,
        "near_duplicates": report.near_duplicates, "positions": report.positions,
        "window": window, "seconds": round(total, 1), "ms_per_doc": round(total / n * 1000, 2),
        "window_ms_per_doc": [round(w, 2) for w in windows],
        "dedup_window_ms_per_doc": [round(w, 3) for w in dedup_windows],
        "rss_mb_before_ingest": round(rss_before), "peak_rss_mb": round(peak),
        "board_cells": len(board.cells), "board_ms": round(board_s * 1000, 1),
        "fastboard_first_ms": round(fast_first_s * 1000, 1), "fastboard_ms": round(fast_s * 1000, 1),
    }


def dedup_child(n: int) -> dict:
    """The deduplicator and the store alone (no NLP): peak RSS and ms per document."""
    from talkwatch.ingest import Deduper, IngestReport
    from talkwatch.store import Store

    window = WINDOW if n >= 2 * WINDOW else max(n // 4, 1)
    folder = tempfile.mkdtemp(prefix="tw-dedup-")
    store = Store(str(Path(folder) / "dedup.db"))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = IngestReport()
    started = time.perf_counter()
    dedup = Deduper(store)
    windows: list[float] = []
    t = time.perf_counter()
    for i, doc in enumerate(generate(n, seed=11, short=True), 1):
        report.read += 1
        if dedup.admit(doc, report):
            cluster, sig = dedup.cluster_of(doc)
            with store.transaction():
                store.save_analysis(Analysis(document=doc), cluster, sig)
            report.stored += 1
        if i % window == 0:
            now = time.perf_counter()
            windows.append((now - t) / window * 1000)
            t = now
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    Deduper(store)  # start-up of the next ingest on the full store
    startup_s = time.perf_counter() - t
    store.close()
    size_mb = sum(f.stat().st_size for f in Path(folder).iterdir()) / 2**20
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "documents": n, "stored": report.stored, "duplicates": report.duplicates,
        "near_duplicates": report.near_duplicates, "window": window,
        "seconds": round(total, 1), "ms_per_doc": round(total / n * 1000, 3),
        "window_ms_per_doc": [round(w, 3) for w in windows],
        "rss_mb_before": round(rss_before), "peak_rss_mb": round(peak),
        "next_startup_ms": round(startup_s * 1000, 1), "db_mb": round(size_mb, 1),
    }


def _child(flag: str, n: int) -> dict:
    """Run one size in a fresh process (so its peak RSS is its own) and read its CHILD line."""
    proc = subprocess.run([sys.executable, __file__, flag, str(n)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    line = next(x for x in proc.stdout.splitlines() if x.startswith("CHILD "))
    return json.loads(line[6:])


def run_dedup(sizes: list[int]) -> dict:
    out = {}
    for n in sizes:
        out[n] = r = _child("--dedup-child", n)
        w = r["window_ms_per_doc"]
        print(f"{n:>7} docs: {r['seconds']} s, {r['ms_per_doc']} ms/doc (first/last window {w[0]} / {w[-1]}), "
              f"peak RSS {r['peak_rss_mb']} MB (at start {r['rss_mb_before']} MB); stored {r['stored']}, "
              f"{r['near_duplicates']} clustered, {r['duplicates']} exact copies skipped; "
              f"next Deduper start-up {r['next_startup_ms']} ms; db {r['db_mb']} MB")
    small, large = out[min(sizes)], out[max(sizes)]
    growth = round(large["peak_rss_mb"] / small["peak_rss_mb"] - 1, 3)
    print(f"dedup+store peak RSS {small['peak_rss_mb']} MB at {min(sizes)} vs {large['peak_rss_mb']} MB "
          f"at {max(sizes)}: {growth:+.1%}")
    return {"runs": out, "rss_growth": growth}


def run(sizes: list[int]) -> dict:
    out = {}
    for n in sizes:
        out[n] = _child("--child", n)
        r = out[n]
        print(f"{n:>6} docs ({r['words']:,} words): {r['seconds']} s, {r['ms_per_doc']} ms/doc, "
              f"peak RSS {r['peak_rss_mb']} MB (model loaded: {r['rss_mb_before_ingest']} MB); "
              f"stored {r['stored']}, {r['near_duplicates']} clustered, {r['duplicates']} exact copies skipped")
    small, large = out[min(sizes)], out[max(sizes)]
    lw = large["window_ms_per_doc"]
    ld = large["dedup_window_ms_per_doc"]
    result = {
        "runs": out,
        "rss_growth": round(large["peak_rss_mb"] / small["peak_rss_mb"] - 1, 3),
        "first_window_ms": lw[0], "last_window_ms": lw[-1],
        "growth_last_over_first": round(lw[-1] / lw[0], 2),
        "dedup_first_ms": ld[0], "dedup_last_ms": ld[-1],
    }
    print(f"peak RSS {small['peak_rss_mb']} MB at {min(sizes)} vs {large['peak_rss_mb']} MB at {max(sizes)}: "
          f"{result['rss_growth']:+.1%} (target within 10%, < 1024 MB)")
    print(f"ms per document, first vs last {large['window']:,} of {max(sizes)}: {lw[0]} → {lw[-1]} "
          f"(x{result['growth_last_over_first']}); dedup alone {ld[0]} → {ld[-1]} ms")
    print(f"board over {large['positions']} positions: status.build_board {large['board_ms']} ms, "
          f"fastboard {large['fastboard_ms']} ms (first call, building its table: {large['fastboard_first_ms']} ms)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--dedup-only", action="store_true",
                        help="the deduplicator and the store alone, without the NLP pipeline")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--dedup-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dedup_child:
        print("CHILD " + json.dumps(dedup_child(args.dedup_child)))
        return
    if args.dedup_only:
        print("RESULT " + json.dumps({"dedup": run_dedup(args.sizes)}))
        return
    if args.child:
        print("CHILD " + json.dumps(child(args.child)))
        return
    print("RESULT " + json.dumps({"ingest": run(args.sizes)}))


if __name__ == "__main__":
    main()
