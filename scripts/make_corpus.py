#!/usr/bin/env python3
"""Write N generated news-like documents (JSONL) for the crash and concurrency tests.

    python scripts/make_corpus.py OUT.jsonl [-n 60] [--seed 7]

Deterministic for a seed; every document is distinct (its own id and text), dated, and
built from quotes, cue verbs and issue words of the small test profile
(``scripts/make_bad_inputs.py``), so the extractor finds attributions and positions.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

SPEAKERS = ["Dmitry Peskov", "Sergei Lavrov", "Mykhailo Podolyak", "a senior Russian official", "Ukraine's negotiator",
            "Kremlin spokesman Dmitry Peskov", "Lavrov", "Podolyak"]
ISSUES = ["a neutral status", "neutrality", "NATO membership", "Crimea", "a ceasefire", "a truce"]
VERBS = ["demanded", "rejected", "offered", "proposed", "refused to discuss", "was ready to accept", "insisted on"]
PLACES = ["Istanbul", "Geneva", "Minsk", "Riyadh", "Ankara", "Belarus", "Abu Dhabi"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "late on Sunday"]
OUTLETS = ["Harbour Ledger", "Meridian Wire", "Eastbridge Times", "Northgate Post"]


def paragraph(rng: random.Random) -> str:
    speaker, issue, verb = rng.choice(SPEAKERS), rng.choice(ISSUES), rng.choice(VERBS)
    party = rng.choice(["Moscow", "Kyiv", "Russia", "Ukraine"])
    forms = [
        f"{speaker} said {DAYS[rng.randrange(len(DAYS))]} that {party} {verb} {issue}.",
        f"“{party} will never accept {issue},” {speaker} told reporters in {rng.choice(PLACES)}.",
        f"{party} {verb} {issue} if it received security guarantees, {speaker} said.",
        f"According to {speaker}, {party} {verb} {issue} during the talks in {rng.choice(PLACES)}.",
        f"Negotiators met again in {rng.choice(PLACES)} {rng.choice(DAYS)}; no ceasefire was agreed.",
    ]
    return rng.choice(forms)


def make(n: int = 60, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    start = date(2022, 3, 1)
    records = []
    for i in range(n):
        body = "\n\n".join(paragraph(rng) for _ in range(rng.randint(3, 7)))
        headline = f"Talks update {i + 1}: {rng.choice(PLACES)}"
        records.append({
            "id": f"gen-{i + 1:03d}",
            "text": f"{headline}\n\n{body}\n\nReport number {i + 1} (seed {seed}).",
            "published": (start + timedelta(days=i % 90)).isoformat(),
            "outlet": rng.choice(OUTLETS),
            "title": headline,
        })
    return records


def write(path: Path, n: int = 60, seed: int = 7) -> list[dict[str, str]]:
    records = make(n, seed)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("-n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write(Path(args.out), args.n, args.seed)
    print(f"wrote {args.n} documents to {args.out}")


if __name__ == "__main__":
    main()
