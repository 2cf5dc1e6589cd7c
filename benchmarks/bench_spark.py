"""Spark local[2] against the single-process pipeline on the same 2,000 documents.

The documents are generated reports (``corpus.generate``: one to two paragraphs each, or
with ``--short`` a dateline and a few sentences),
written once as JSONL. Single process: ``talkwatch.extract.analyze_stream`` over the
documents the readers give. Spark: ``talkwatch.spark.run_spark_extract`` on
``local[2]``, timed with and without starting the session, with Parquet written.

``python benchmarks/bench_spark.py [--docs 2000] [--short]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from corpus import generate, words, write_jsonl


def run(n: int, partitions: int, short: bool) -> dict:
    from talkwatch.extract import analyze_stream
    from talkwatch.ingest import read_all
    from talkwatch.model import Document
    from talkwatch.nlp.pipeline import load_nlp
    from talkwatch.profile import load_profile
    from talkwatch.spark import run_spark_extract, start_session

    folder = Path(tempfile.mkdtemp(prefix="tw-spark-"))
    corpus = write_jsonl(generate(n, seed=23, short=short, per_doc=(1, 2)), folder / "corpus.jsonl")
    docs = [d for d in read_all([str(corpus)]) if isinstance(d, Document)]
    n_words = words(docs)
    profile, nlp = load_profile(), load_nlp()
    t = time.perf_counter()
    positions = sum(len(a.positions) for a in analyze_stream(docs, profile, nlp=nlp))
    single = time.perf_counter() - t
    print(f"single process: {single:.1f} s, {n_words / single:,.0f} words/s ({len(docs)} docs, {n_words:,} words)")

    t = time.perf_counter()
    session = start_session("local[2]", "talkwatch-bench")
    start = time.perf_counter() - t
    report = run_spark_extract(str(corpus), str(folder / "out"), partitions=partitions, spark=session)
    session.stop()
    spark_total = start + report.seconds
    print(f"spark local[2], {partitions} partitions: {report.seconds:.1f} s after a {start:.1f} s session start "
          f"({n_words / report.seconds:,.0f} words/s; {spark_total:.1f} s in all)")
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "documents": len(docs), "words": n_words, "single_s": round(single, 1),
        "spark_s": round(report.seconds, 1), "spark_start_s": round(start, 1),
        "speedup_vs_single": round(single / report.seconds, 2),
        "speedup_incl_start": round(single / spark_total, 2), "positions": positions,
        "same_positions": report.positions == positions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--short", action="store_true", help="short reports (~50 words) instead of 1-2 paragraphs")
    args = parser.parse_args()
    print("RESULT " + json.dumps({"spark": run(args.docs, args.partitions, args.short)}))


if __name__ == "__main__":
    main()
