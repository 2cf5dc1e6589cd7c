"""Overhead of talkwatch's extraction over the bare spaCy pipeline, on real news text.

Both runs parse the same PolNeAR texts (``../shared/polnear``) in the same process: bare
``nlp.pipe`` (tokenizer, tagger, parser, NER, lemmatizer…) and the full
``talkwatch.extract.analyze_stream`` (the same ``nlp.pipe`` plus attribution and position
extraction), after a warm-up. Both use the one loaded pipeline with every component of the
model (``DISABLED`` in ``talkwatch.nlp.pipeline`` is empty; the output lists them), in the
same batches of ``BATCH_SIZE``. Each is run ``--rounds`` times, alternating and swapping
which goes first, and the best run counts; CPU seconds are reported beside wall time, and
the load average over the runs. Target: the full pipeline keeps at least 80% of the bare
words/s.

``python benchmarks/bench_overhead.py [--docs 84] [--rounds 2]``
"""

from __future__ import annotations

import argparse
import json
import os
import time

from corpus import load_average, polnear_documents, words

from talkwatch.extract import BATCH_SIZE, analyze_stream
from talkwatch.nlp.pipeline import load_nlp
from talkwatch.profile import load_profile


def run(limit: int | None, rounds: int = 2) -> dict:
    docs = polnear_documents(limit)
    if not docs:
        raise SystemExit("../shared/polnear is absent: no real-language text to measure")
    nlp, profile = load_nlp(), load_profile()
    texts = [d.text for d in docs]
    n_words = words(docs)
    list(analyze_stream(docs[:4], profile, nlp=nlp))  # warm-up: parse, lexicons, cue tables
    timings: dict[str, list[tuple[float, float]]] = {"bare": [], "full": []}  # (wall, CPU) seconds
    loads = [load_average()]

    def bare() -> None:
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass

    def full() -> None:
        for _analysis in analyze_stream(docs, profile, nlp=nlp):
            pass

    for r in range(rounds):  # bare, full | full, bare | …: neither always runs first
        for name in ("bare", "full") if r % 2 == 0 else ("full", "bare"):
            t, cpu = time.perf_counter(), time.process_time()
            (bare if name == "bare" else full)()
            timings[name].append((time.perf_counter() - t, time.process_time() - cpu))
            loads.append(load_average())
    best = {name: min(wall for wall, _cpu in runs) for name, runs in timings.items()}
    cpu = {name: min(c for _wall, c in runs) for name, runs in timings.items()}
    result = {
        "documents": len(docs),
        "words": n_words,
        "components": list(nlp.pipe_names) + ["talkwatch: find_attributions", "talkwatch: find_positions"],
        "disabled": list(nlp.disabled),
        "bare_words_s": round(n_words / best["bare"]),
        "full_words_s": round(n_words / best["full"]),
        "bare_cpu_words_s": round(n_words / cpu["bare"]),
        "full_cpu_words_s": round(n_words / cpu["full"]),
        "rounds": rounds,
        "load": [min(loads), max(loads)],
    }
    result["ratio"] = round(result["full_words_s"] / result["bare_words_s"], 3)
    result["ratio_cpu"] = round(result["full_cpu_words_s"] / result["bare_cpu_words_s"], 3)
    print(f"{len(docs)} PolNeAR documents, {n_words:,} words; best of {rounds} alternating runs each")
    print(f"bare nlp.pipe ({', '.join(nlp.pipe_names)}; disabled: {', '.join(nlp.disabled) or 'none'}): "
          f"{result['bare_words_s']:,} words/s ({result['bare_cpu_words_s']:,} per CPU second)")
    print(f"full pipeline (the same nlp.pipe + attributions, positions): {result['full_words_s']:,} words/s "
          f"({result['full_cpu_words_s']:,} per CPU second)")
    print(f"ratio full/bare: {result['ratio']} wall, {result['ratio_cpu']} CPU (target >= 0.8); "
          f"load average {result['load'][0]:.2f}-{result['load'][1]:.2f} on {os.cpu_count()} CPUs")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="how many PolNeAR dev texts (default: all)")
    parser.add_argument("--rounds", type=int, default=2, help="timings of each, alternating")
    args = parser.parse_args()
    print("RESULT " + json.dumps({"overhead": run(args.docs, args.rounds)}))


if __name__ == "__main__":
    main()
