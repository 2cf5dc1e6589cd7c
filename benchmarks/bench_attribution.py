"""Words per second of a bare spaCy parse and of parse + find_attributions (PolNeAR dev).

Usage: python benchmarks/bench_attribution.py [--limit N] [--model MODEL] [--transcript TURNS]

With ``--model`` (a cue model from ``talkwatch train``) the learned classifier decides
the cues, and every verb is scored by it. With ``--transcript TURNS`` the text is instead
one long briefing transcript of TURNS turns, written here (a document with thousands of
statements, where a lookup that grows with the statements already found would show).

Reads the texts from ../shared/polnear/data/dev (relative to the project root) and skips
with a message when they are absent. The target is an overhead of at most 25%.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / ".." / "shared" / "polnear" / "data" / "dev" / "text"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="number of articles")
    parser.add_argument("--model", default=None, help="a cue model file from `talkwatch train`")
    parser.add_argument("--transcript", type=int, default=0, help="benchmark one transcript of this many turns")
    args = parser.parse_args()
    if not DEV.exists() and not args.transcript:
        print("skipped: ../shared/polnear/data/dev is not present")
        return 0
    sys.path.insert(0, str(ROOT))
    from talkwatch.model import Document
    from talkwatch.nlp.attribution import find_attributions, load_cues
    from talkwatch.nlp.learned import default_model, describe, load_model
    from talkwatch.nlp.pipeline import load_nlp
    from talkwatch.profile import DEFAULT_PROFILE, load_profile, profile_from_dict

    texts = ([_transcript(args.transcript)] if args.transcript
             else [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))][: args.limit])
    nlp = load_nlp()
    profile = (load_profile() if DEFAULT_PROFILE.exists()
               else profile_from_dict({"parties": {"x": {"names": ["X"]}}, "issues": {"y": {"cues": ["y"]}}}))
    load_cues()
    model = load_model(args.model) if args.model else default_model()
    list(nlp.pipe(texts[:2]))  # warm up
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - started

    started = time.perf_counter()
    found = 0
    for i, (text, doc) in enumerate(zip(texts, docs)):
        found += len(find_attributions(doc, profile, Document(id=str(i), text=text), model=model))
    attribution = time.perf_counter() - started

    print(f"{len(texts)} articles, {words} words, {found} attributions; cues: {describe(model, args.model)}")
    print(f"nlp.pipe alone:              {words / parse:>9.0f} words/s ({parse:.2f} s)")
    print(f"nlp.pipe + find_attributions:{words / (parse + attribution):>9.0f} words/s "
          f"({parse + attribution:.2f} s)")
    print(f"attribution overhead: {attribution / parse:.1%} of the parse time (target ≤ 25%)")
    return 0


def _transcript(turns: int) -> str:
    """A briefing transcript: the spokesman's turns and the journalists' questions."""
    lines = []
    for i in range(turns // 2 + 1):
        lines.append(f"PESKOV: We said the talks would go on, and Lavrov told reporters that round {i} "
                     "was useful. The Ukrainian side knows our position.")
        lines.append(f"QUESTION: Did Kyiv say it would send a delegation to round {i}?")
    return "\n\n".join(lines[:turns])


if __name__ == "__main__":
    raise SystemExit(main())
