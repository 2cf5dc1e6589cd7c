"""Benchmark corpora: generated negotiation reports, and real political news from PolNeAR.

``generate(n)`` recombines paragraphs of the demo corpus (``demo/reports.jsonl``) into new
reports with new dates and outlets; about one in eight is a syndicated near-copy of an
earlier report (new outlet, a day or two later, a line added or a sentence trimmed) and
one in fifty an exact reprint, so the dedup index and corroboration see realistic traffic.
``short=True`` gives a dateline and a few sentences from two paragraphs (about 50 words) (for the 20,000-document runs).

``polnear_documents()`` reads the PolNeAR news texts kept beside the project in
``../shared/polnear`` (never copied into it), for throughput on real language.

Run it to write a corpus: ``python benchmarks/corpus.py 2000 out.jsonl [--short]``.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DEMO = ROOT / "demo" / "reports.jsonl"
sys.path.insert(0, str(ROOT))

from talkwatch.model import Document  # noqa: E402

OUTLETS = [
    "Meridian Wire", "Northgate Courier", "Harbour Ledger", "Eastbridge Times", "Kestrel Dispatch",
    "Danube Review", "Baltic Observer", "Steppe Herald", "Capital Bulletin", "Riverside Post",
    "Atlas News Agency", "Continental Daily", "Lowland Gazette", "Summit Press", "Crescent Report",
]
PLACES = ["Istanbul", "Geneva", "Riyadh", "Kyiv", "Moscow", "Washington", "Brussels", "Ankara", "Minsk", "Abu Dhabi"]
START = date(2022, 2, 24)
DAYS = (date(2025, 11, 30) - START).days
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”]))\s+(?=[A-Z“\"])")


def demo_records() -> list[dict]:
    if not DEMO.exists():
        raise SystemExit(f"{DEMO.relative_to(ROOT)} is missing: the generator recombines its paragraphs")
    return [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]


def paragraphs() -> list[str]:
    """Every paragraph of the demo reports (news kinds only: their speakers are named)."""
    out = []
    for record in demo_records():
        if record.get("kind", "news") != "news":
            continue
        out.extend(p.strip() for p in record["text"].split("\n\n") if len(p.split()) >= 12)
    return out


def _short(paragraph: str, rng: random.Random) -> str:
    sentences = _SENTENCE.split(paragraph)
    return " ".join(sentences[: rng.choice((1, 1, 2))])


def _near_copy(text: str, rng: random.Random) -> str:
    """A syndicated copy: an agency line added, or the last sentence trimmed."""
    if rng.random() < 0.5 or "\n\n" not in text:
        return text + f"\n\n{rng.choice(OUTLETS)} contributed reporting."
    return text.rsplit("\n\n", 1)[0] + "\n\n" + text.rsplit("\n\n", 1)[1].split(". ")[0] + "."


def generate(n: int, *, seed: int = 42, short: bool = False, per_doc: tuple[int, int] = (3, 6)) -> Iterator[Document]:
    """``n`` reports, deterministic for a seed."""
    rng = random.Random(seed)
    pool = paragraphs()
    recent: list[Document] = []
    for i in range(n):
        roll = rng.random()
        if recent and roll < 0.02:
            base = rng.choice(recent)
            doc = Document(id=f"gen-{i:06d}", text=base.text, published=base.published, outlet=rng.choice(OUTLETS))
        elif recent and roll < 0.14:
            base = rng.choice(recent)
            day = date.fromisoformat(base.published or START.isoformat()) + timedelta(days=rng.randint(0, 2))
            doc = Document(id=f"gen-{i:06d}", text=_near_copy(base.text, rng), published=day.isoformat(),
                           outlet=rng.choice(OUTLETS))
        else:
            published = (START + timedelta(days=rng.randrange(DAYS))).isoformat()
            if short:  # a dateline and one or two sentences from each of two paragraphs
                text = f"{rng.choice(PLACES)}, {published}. " + " ".join(_short(p, rng) for p in rng.sample(pool, 2))
            else:
                text = "\n\n".join(rng.sample(pool, rng.randint(*per_doc)))
            doc = Document(id=f"gen-{i:06d}", text=text, published=published, outlet=rng.choice(OUTLETS),
                           title=f"Report {i}")
        recent = (recent + [doc])[-200:]
        yield doc


def polnear_documents(limit: int | None = None, split: str = "dev") -> list[Document]:
    """PolNeAR news texts from ../shared (empty when the data is absent)."""
    folder = SHARED / "polnear" / "data" / split / "text"
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.txt"))[:limit]
    return [Document(id=f.stem, text=f.read_text(encoding="utf-8"), path=f.name) for f in files]


def load_average() -> float:
    """The one-minute load average, printed beside timings (they depend on what else runs)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return float(handle.read().split()[0])
    except OSError:
        return os.getloadavg()[0]


def words(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


def write_jsonl(docs: list[Document] | Iterator[Document], path: str | Path) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8") as handle:
        for doc in docs:
            record = {k: v for k, v in doc.meta().items() if v is not None and k != "path"}
            handle.write(json.dumps({**record, "text": doc.text}) + "\n")
    return path


if __name__ == "__main__":
    count, target = int(sys.argv[1]), sys.argv[2]
    write_jsonl(generate(count, short="--short" in sys.argv), target)
    print(f"wrote {count} documents to {target}")
