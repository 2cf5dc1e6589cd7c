#!/usr/bin/env python3
"""Write a SQL dump of a small talkwatch database at the current schema version.

    python scripts/make_schema_dump.py            # writes tests/data/schema_v<N>.sql

N is ``talkwatch.store.SCHEMA_VERSION``. The database is built without the spaCy model
(hand-written analyses saved with ``Store.save_analysis``) and with fixed timestamps, so
the dump is the same text on every run. Commit the .sql file: ``tests/test_migrations.py``
loads every ``tests/data/schema_v*.sql``, opens it with ``Store`` (which migrates it in
place to the current version) and checks nothing was lost. See docs/reliability.md.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from talkwatch.ingest.dedup import minhash, signature_bytes  # noqa: E402
from talkwatch.model import Analysis, Attribution, Document, Position, Span  # noqa: E402
from talkwatch.store import SCHEMA_VERSION, Store  # noqa: E402

FIXED_TIME = 1_700_000_000.0

DOCS = [
    ("dump-a", "2022-03-29", "Harbour Ledger",
     "“We will never recognise the annexation of Crimea,” Mykhailo Podolyak told reporters.\n\n"
     "Kremlin spokesman Dmitry Peskov said Moscow still demanded the neutrality of Ukraine."),
    ("dump-b", "2022-04-12", "Meridian Wire",
     "Russia rejected any ceasefire before its conditions were met, Dmitry Peskov said on Friday."),
    ("dump-c", "2022-04-20", "Eastbridge Times",
     "Ukraine was ready to accept a neutral status if it received security guarantees, Podolyak said."),
]


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), needle)


def analyses() -> list[Analysis]:
    out = []
    for key, published, outlet, text in DOCS:
        doc = Document(id=key, text=text, published=published, outlet=outlet, title=f"Report {key}", path="dump.jsonl")
        out.append(Analysis(document=doc))
    a, b, c = out
    a.attributions = [
        Attribution(content=_span(a.document.text, "We will never recognise the annexation of Crimea,"),
                    source=_span(a.document.text, "Mykhailo Podolyak"), cue=_span(a.document.text, "told"),
                    speaker="Mykhailo Podolyak", speaker_kind="named", party="ukraine", mode="direct"),
        Attribution(content=_span(a.document.text, "Moscow still demanded the neutrality of Ukraine"),
                    source=_span(a.document.text, "Kremlin spokesman Dmitry Peskov"), cue=_span(a.document.text, "said"),
                    speaker="Dmitry Peskov", speaker_kind="named", party="russia", mode="indirect"),
    ]
    a.positions = [
        Position(holder="ukraine", issue="crimea", stance="reject", evidence=a.attributions[0].content,
                 source="Mykhailo Podolyak", source_kind="named", source_party="ukraine", mode="direct", attribution=0),
        Position(holder="russia", issue="neutrality", stance="demand", evidence=a.attributions[1].content,
                 source="Dmitry Peskov", source_kind="named", source_party="russia", mode="indirect", attribution=1),
    ]
    b.attributions = [
        Attribution(content=_span(b.document.text, "Russia rejected any ceasefire before its conditions were met"),
                    source=_span(b.document.text, "Dmitry Peskov"), cue=_span(b.document.text, "said"),
                    speaker="Dmitry Peskov", speaker_kind="named", party="russia", mode="indirect"),
    ]
    b.positions = [
        Position(holder="russia", issue="ceasefire", stance="reject", evidence=b.attributions[0].content,
                 conditions=("before its conditions were met",), source="Dmitry Peskov", source_kind="named",
                 source_party="russia", mode="indirect", attribution=0),
    ]
    c.attributions = [
        Attribution(content=_span(c.document.text, "Ukraine was ready to accept a neutral status if it received security guarantees"),
                    source=_span(c.document.text, "Podolyak"), cue=_span(c.document.text, "said"),
                    speaker="Mykhailo Podolyak", speaker_kind="named", party="ukraine", mode="indirect"),
    ]
    c.positions = [
        Position(holder="ukraine", issue="neutrality", stance="accept", evidence=c.attributions[0].content,
                 conditions=("if it received security guarantees",), source="Mykhailo Podolyak", source_kind="named",
                 source_party="ukraine", mode="indirect", attribution=0),
    ]
    return out


def build() -> sqlite3.Connection:
    store = Store(":memory:")
    for analysis in analyses():
        sig = signature_bytes(minhash(analysis.document.text))
        with store.transaction():
            store.save_analysis(analysis, analysis.document.id, sig)
    with store.transaction():
        store.conn.execute("UPDATE documents SET ingested_at = ?", (FIXED_TIME,))
        store.conn.execute("UPDATE migrations SET applied_at = ?", (FIXED_TIME,))
    return store.conn


def dump(conn: sqlite3.Connection) -> str:
    header = (
        f"-- talkwatch database at schema version {SCHEMA_VERSION}, written by scripts/make_schema_dump.py.\n"
        "-- Do not edit: tests/test_migrations.py opens it with Store and checks nothing was lost.\n"
    )
    return header + "\n".join(conn.iterdump()) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "tests" / "data" / f"schema_v{SCHEMA_VERSION}.sql"))
    args = parser.parse_args()
    Path(args.out).write_text(dump(build()), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
