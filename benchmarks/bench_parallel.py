"""Parallel speed-up: ``analyze_stream(n_process=2)`` against ``n_process=1``.

Same PolNeAR texts, same process, pipeline loaded before timing (forked workers inherit
it). Target: at least 1.7× on two cores.

``python benchmarks/bench_parallel.py [--repeat 2] [--docs N]``
"""

from __future__ import annotations

import argparse
import json
import os
import time

from corpus import polnear_documents, words

from talkwatch.extract import analyze_stream
from talkwatch.nlp.pipeline import MODEL, load_nlp
from talkwatch.profile import load_profile


def run(repeat: int, limit: int | None = None) -> dict:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    docs = polnear_documents(limit) * repeat
    if not docs:
        raise SystemExit("../shared/polnear is absent: no real-language text to measure")
    profile = load_profile()
    nlp = load_nlp()
    load_nlp(MODEL)  # the workers' cache key: forked workers inherit it instead of loading again
    n_words = words(docs)
    timings = {}
    for n in (1, 2):
        t = time.perf_counter()
        count = sum(1 for _ in analyze_stream(docs, profile, nlp=nlp if n == 1 else None, n_process=n))
        timings[n] = time.perf_counter() - t
        assert count == len(docs)
        print(f"n_process={n}: {timings[n]:.1f} s, {n_words / timings[n]:,.0f} words/s")
    result = {
        "documents": len(docs), "words": n_words, "cpus": os.cpu_count(),
        "words_s_1": round(n_words / timings[1]), "words_s_2": round(n_words / timings[2]),
        "speedup": round(timings[1] / timings[2], 2),
    }
    print(f"speed-up with 2 processes: {result['speedup']}x (target >= 1.7)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="pass over the PolNeAR dev texts this many times")
    parser.add_argument("--docs", type=int, default=None, help="how many PolNeAR dev texts (default: all)")
    args = parser.parse_args()
    print("RESULT " + json.dumps({"parallel": run(args.repeat, args.docs)}))


if __name__ == "__main__":
    main()
