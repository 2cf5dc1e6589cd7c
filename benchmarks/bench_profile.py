"""Where the time goes: cProfile of the full pipeline on real news text.

Profiles ``analyze_stream`` over PolNeAR texts and splits the time into the spaCy
pipeline (``Language.pipe``), attribution extraction and position extraction, then lists
the talkwatch functions with the most time of their own.

``python benchmarks/bench_profile.py [--docs 30] [--short]`` (``--short``: generated short reports)
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats

from corpus import generate, polnear_documents, words

from talkwatch.extract import analyze_stream
from talkwatch.nlp.pipeline import load_nlp
from talkwatch.profile import load_profile


def _cumulative(stats: pstats.Stats, path_part: str, name: str) -> float:
    return sum(
        row[3] for (file, _line, func), row in stats.stats.items()  # type: ignore[attr-defined]
        if func == name and path_part in file
    )


def _short_path(file: str) -> str:
    if "/talkwatch/" in file:
        return "talkwatch/" + file.split("/talkwatch/")[-1]
    return file.rsplit("site-packages/", 1)[-1]


def run(limit: int, short: bool) -> dict:
    docs = list(generate(limit * 10, seed=5, short=True)) if short else polnear_documents(limit)
    nlp, profile = load_nlp(), load_profile()
    list(analyze_stream(docs[:3], profile, nlp=nlp))  # warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in analyze_stream(docs, profile, nlp=nlp):
        pass
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    parts = {
        "spacy_pipe": _cumulative(stats, "spacy/language.py", "pipe"),
        "find_attributions": _cumulative(stats, "talkwatch/nlp/attribution.py", "find_attributions"),
        "find_positions": _cumulative(stats, "talkwatch/nlp/positions.py", "find_positions"),
    }
    own = sorted(
        ((row[2], f"{file.split('talkwatch/')[-1]}:{line} {func}")
         for (file, line, func), row in stats.stats.items()  # type: ignore[attr-defined]
         if "/talkwatch/" in file),
        reverse=True,
    )[:12]
    overall = sorted(
        ((row[2], f"{_short_path(file)}:{line} {func}")
         for (file, line, func), row in stats.stats.items()),  # type: ignore[attr-defined]
        reverse=True,
    )[:8]
    print(f"{len(docs)} documents, {words(docs):,} words, {total:.1f} s under cProfile")
    for name, seconds in parts.items():
        print(f"  {name:<18} {seconds:6.1f} s  {seconds / total:5.1%}")
    print("talkwatch functions by own time:")
    for seconds, where in own:
        print(f"  {seconds:6.2f} s  {where}")
    print("all functions by own time:")
    for seconds, where in overall:
        print(f"  {seconds:6.2f} s  {where}")
    return {
        "documents": len(docs), "words": words(docs), "total_s": round(total, 1),
        "share": {k: round(v / total, 3) for k, v in parts.items()},
        "top_talkwatch": [[round(s, 2), w] for s, w in own],
        "top_overall": [[round(s, 2), w] for s, w in overall],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--short", action="store_true")
    args = parser.parse_args()
    print("RESULT " + json.dumps({"profile" + ("_short" if args.short else ""): run(args.docs, args.short)}))


if __name__ == "__main__":
    main()
