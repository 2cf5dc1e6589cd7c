"""Overhead of talkwatch's extraction over the bare spaCy pipeline, on real news text.

Both runs parse the same PolNeAR texts (``../shared/polnear``) in the same process: bare
``nlp.pipe`` (tokenizer, tagger, parser, NER, lemmatizer…) and the full
``talkwatch.extract.analyze_stream`` (the same ``nlp.pipe`` plus attribution and position
extraction). Each is run twice, alternating, and the better run counts. Target: the full
pipeline keeps at least 80% of the bare words/s.

``python benchmarks/bench_overhead.py [--docs 84]``
"""

from __future__ import annotations

import argparse
import json
import time

from corpus import polnear_documents, words

from talkwatch.extract import BATCH_SIZE, analyze_stream
from talkwatch.nlp.pipeline import load_nlp
from talkwatch.profile import load_profile


def run(limit: int | None) -> dict:
    docs = polnear_documents(limit)
    if not docs:
        raise SystemExit("../shared/polnear is absent: no real-language text to measure")
    nlp, profile = load_nlp(), load_profile()
    texts = [d.text for d in docs]
    n_words = words(docs)
    list(nlp.pipe(texts[:4], batch_size=BATCH_SIZE))  # warm-up
    bare, full = [], []
    for _ in range(2):
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        for _analysis in analyze_stream(docs, profile, nlp=nlp):
            pass
        full.append(time.perf_counter() - t)
    result = {
        "documents": len(docs),
        "words": n_words,
        "components": list(nlp.pipe_names) + ["talkwatch: find_attributions", "talkwatch: find_positions"],
        "bare_words_s": round(n_words / min(bare)),
        "full_words_s": round(n_words / min(full)),
    }
    result["ratio"] = round(result["full_words_s"] / result["bare_words_s"], 3)
    print(f"{len(docs)} PolNeAR documents, {n_words:,} words")
    print(f"bare nlp.pipe ({', '.join(nlp.pipe_names)}): {result['bare_words_s']:,} words/s")
    print(f"full pipeline (+ attributions, positions): {result['full_words_s']:,} words/s")
    print(f"ratio full/bare: {result['ratio']} (target >= 0.8)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="how many PolNeAR dev texts (default: all)")
    args = parser.parse_args()
    print("RESULT " + json.dumps({"overhead": run(args.docs)}))


if __name__ == "__main__":
    main()
