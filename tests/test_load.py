"""The Parquet layout round-trips every field, and loading follows the ingest dedup rules.

No spaCy model and no Spark: analyses are built by hand and written with the pyarrow
writer that shares the layout with the Spark job.
"""

from __future__ import annotations

import pytest

from talkwatch.load import LayoutError, analysis_from_rows, analysis_rows, load_parquet, read_analyses, write_parquet
from talkwatch.model import Analysis, Attribution, Descriptor, Document, Position, Span
from talkwatch.store import Store

WIRE = (
    "Negotiators in Istanbul reported progress on Tuesday, and the head of the Russian delegation "
    "said Moscow would sharply reduce military activity around the capital while talks continue. "
    "Ukrainian negotiators said they had proposed a treaty on security guarantees signed by several states."
)


def _analysis(doc_id: str, text: str, published: str = "2022-03-29", **meta: str) -> Analysis:
    doc = Document(id=doc_id, text=text, published=published, outlet=meta.get("outlet", "Wire"), path="corpus.jsonl")
    quote = Attribution(
        content=Span(0, 20, text[:20]),
        source=Span(21, 30, text[21:30]),
        cue=None,
        speaker="Vladimir Medinsky",
        speaker_kind="named",
        party="russia",
        via=None,
        mode="direct",
        descriptor=Descriptor(role="negotiator", affiliation="russia", seniority=None, count="two"),
        sentence=Span(0, 40, text[:40]),
    )
    stance = Position(
        holder="russia", issue="troop-withdrawal", stance="offer", evidence=Span(0, 40, text[:40]),
        conditions=("ceasefire", "security-guarantees"), source="Vladimir Medinsky", source_kind="named",
        source_party="russia", via=None, mode="direct", attribution=0,
    )
    return Analysis(document=doc, attributions=[quote], positions=[stance], warnings=["one warning"])


def test_load_layout_round_trips_every_field():
    analysis = _analysis("a", WIRE)
    analysis.attributions.append(Attribution(content=Span(5, 9, WIRE[5:9])))  # all optional fields empty
    doc_row, attributions, positions = analysis_rows(analysis, ("f", 0, 0))
    assert analysis_from_rows(doc_row, attributions, positions) == analysis


def test_load_reads_back_what_was_written_in_order(tmp_path):
    analyses = [_analysis(f"doc-{i}", f"Report number {i}. {WIRE}"[: 60 + i]) for i in range(5)]
    write_parquet(analyses, tmp_path)
    assert list(read_analyses(tmp_path)) == analyses


def test_load_skips_exact_copies_and_clusters_syndicated_ones(tmp_path):
    first = _analysis("wire-1", WIRE)
    copy = _analysis("reprint", WIRE, outlet="Reprint")  # same text: skipped
    syndicated = _analysis("wire-2", WIRE + " The Courier contributed reporting.", published="2022-03-30")
    other = _analysis("other", "A different report about prisoner exchanges agreed in Istanbul on Friday.")
    write_parquet([first, copy, syndicated, other], tmp_path)
    store = Store(":memory:")
    report = load_parquet(tmp_path, store)
    assert (report.read, report.stored, report.duplicates, report.near_duplicates) == (4, 3, 1, 1)
    clusters = dict(store.conn.execute("SELECT doc_key, cluster FROM documents").fetchall())
    assert clusters == {"wire-1": "wire-1", "wire-2": "wire-1", "other": "other"}
    assert store.counts()["positions"] == 3
    assert load_parquet(tmp_path, store).stored == 0  # loading again adds nothing


def test_load_error_names_the_folder(tmp_path):
    with pytest.raises(LayoutError, match="spark extract"):
        load_parquet(tmp_path, Store(":memory:"))


def test_load_fastboard_gives_the_status_board(tmp_path, profile):
    """The step-table board equals status.build_board on loaded data, at several dates."""
    import random

    from talkwatch import fastboard
    from talkwatch.status import build_board

    rng = random.Random(3)
    people = ["Dmitry Peskov", "Vladimir Putin", "Mykhailo Podolyak", "Sergei Lavrov", None]
    analyses = []
    for n in range(120):
        text = f"Report {n}: " + " ".join(rng.choice(["talks", "ceasefire", "guarantees", "Istanbul"]) for _ in range(12))
        published = None if n % 29 == 0 else f"2022-{rng.randint(3, 9):02d}-{rng.randint(1, 28):02d}"
        analysis = _analysis(f"doc-{n}", text, published=published, outlet=f"outlet-{n % 7}")
        analysis.positions = [
            Position(holder=rng.choice(["russia", "ukraine", "talks"]), issue=rng.choice(["neutrality", "ceasefire"]),
                     stance=rng.choice(["demand", "offer", "reject", "accept", "progress"]), evidence=Span(0, 5, text[:5]),
                     conditions=tuple(rng.sample(["ceasefire", "crimea"], rng.randint(0, 1))),
                     source=(source := rng.choice(people)), source_kind="named" if source else "none",
                     via="Turkey" if rng.random() < 0.1 else None, mode=rng.choice(["direct", "indirect"]))
            for _ in range(rng.randint(1, 4))
        ]
        analyses.append(analysis)
    analyses.append(_analysis("copy", analyses[5].document.text + " More.", published="2022-09-30"))
    write_parquet(analyses, tmp_path)
    store = Store(":memory:")
    load_parquet(tmp_path, store)
    for as_of in (None, "2022-03-15", "2022-06-01", "2022-09-30"):
        fast, slow = fastboard.build_board(store, profile, as_of=as_of), build_board(store, profile, as_of=as_of)
        assert fastboard.board_differences(fast, slow, tolerance=0.002) == [], as_of
