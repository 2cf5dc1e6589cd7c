"""The Spark job gives what the single-process pipeline gives, and loads into the same board.

One local[2] Spark session serves the whole module (start-up is the slow part). Skips with
a reason when pyspark or Java is absent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.slow]

# Six short reports written for this test (and one exact copy, one syndicated near-copy,
# one broken line) — enough to exercise attributions, positions, dedup and clustering.
REPORTS = [
    {
        "id": "t1-peskov-neutrality", "published": "2022-03-16", "outlet": "Wire One", "kind": "news",
        "text": (
            "Kremlin spokesman Dmitry Peskov said on Wednesday that a neutral status for Ukraine, "
            "modelled on Austria or Sweden, was a compromise Moscow could discuss.\n\n"
            "\"Ukraine must not join NATO,\" Peskov told reporters. Talks would continue by video link, he said."
        ),
    },
    {
        "id": "t2-podolyak-guarantees", "published": "2022-03-17", "outlet": "Kyiv Daily", "kind": "news",
        "text": (
            "Mykhailo Podolyak, an adviser to the Ukrainian presidential office, said Kyiv would accept "
            "neutrality only with legally binding security guarantees from several states.\n\n"
            "\"We will never recognise Crimea as Russian,\" Podolyak said. Ukraine demands a full "
            "ceasefire and the withdrawal of Russian troops, he added."
        ),
    },
    {
        "id": "t3-lavrov-sanctions", "published": "2022-03-20", "outlet": "Capital Times", "kind": "news",
        "text": (
            "Russian Foreign Minister Sergei Lavrov said Moscow rejected any talk of foreign peacekeepers "
            "in Ukraine. \"That is out of the question,\" Lavrov said in an interview.\n\n"
            "He said the lifting of sanctions had to be part of any settlement."
        ),
    },
    {
        "id": "t4-istanbul-progress", "published": "2022-03-29", "outlet": "Bosphorus Post", "kind": "news",
        "text": (
            "Negotiators meeting in Istanbul reported progress on Tuesday. Vladimir Medinsky, who heads the "
            "Russian delegation, said the talks had been constructive and that Russia would sharply reduce "
            "military activity near Kyiv.\n\n"
            "Ukrainian negotiator David Arakhamia said Kyiv had proposed a treaty on security guarantees."
        ),
    },
    {
        "id": "t5-wire-copy", "published": "2022-03-30", "outlet": "Evening Courier", "kind": "news",
        "text": (
            "Negotiators meeting in Istanbul reported progress on Tuesday. Vladimir Medinsky, who heads the "
            "Russian delegation, said the talks had been constructive and that Russia would sharply reduce "
            "military activity near Kyiv.\n\n"
            "Ukrainian negotiator David Arakhamia said Kyiv had proposed a treaty on security guarantees. "
            "The Evening Courier contributed reporting."
        ),
    },
    {
        "id": "t6-zelensky-speech", "published": "2022-04-02", "outlet": "Presidential Office",
        "kind": "speech", "speaker": "Volodymyr Zelensky",
        "text": (
            "We are ready to discuss a neutral status, but only with guarantees that work. "
            "We will not give up our territory. Any agreement will be put to a referendum."
        ),
    },
]
EXACT_COPY = {**REPORTS[0], "id": "t7-exact-copy", "outlet": "Reprint"}


def _write_corpus(folder: Path) -> Path:
    path = folder / "reports.jsonl"
    lines = [json.dumps(r) for r in [*REPORTS, EXACT_COPY]]
    lines.insert(3, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def session():
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'talkwatch[spark]')")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Spark needs Java 17+)")
    from talkwatch.spark import start_session

    spark = start_session("local[2]", "talkwatch-tests", **{"spark.sql.shuffle.partitions": "2"})
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def run(session, tmp_path_factory, nlp, profile):
    """The Spark output for the test corpus, and the corpus path."""
    from talkwatch.spark import run_spark_extract

    folder = tmp_path_factory.mktemp("spark")
    corpus = _write_corpus(folder)
    report = run_spark_extract(str(corpus), str(folder / "out"), partitions=3, spark=session)
    return corpus, folder / "out", report


def _single_process(corpus: Path, nlp, profile):
    from talkwatch.extract import analyze_stream
    from talkwatch.ingest import read_all
    from talkwatch.model import Document

    docs = [d for d in read_all([str(corpus)]) if isinstance(d, Document)]
    return list(analyze_stream(docs, profile, nlp=nlp))


def test_spark_output_equals_analyze_stream_field_by_field(run, nlp, profile):
    from talkwatch.load import read_analyses

    corpus, out, report = run
    expected = _single_process(corpus, nlp, profile)
    got = list(read_analyses(out))
    assert report.documents == len(expected) == 7 and report.errors == 1
    assert [a.document for a in got] == [a.document for a in expected]
    for mine, theirs in zip(got, expected):
        assert mine.attributions == theirs.attributions, mine.document.id
        assert mine.positions == theirs.positions, mine.document.id
        assert mine.warnings == theirs.warnings, mine.document.id
    assert sum(len(a.positions) for a in got) == report.positions > 0
    assert sum(len(a.attributions) for a in got) == report.attributions > 0


def test_spark_load_gives_the_ingest_board(run, profile):
    from talkwatch.ingest import ingest
    from talkwatch.load import load_parquet
    from talkwatch.status import build_board
    from talkwatch.store import Store

    corpus, out, _ = run
    ingested, loaded = Store(":memory:"), Store(":memory:")
    by_ingest = ingest([str(corpus)], ingested, profile)
    by_load = load_parquet(out, loaded)
    assert by_load.summary() == by_ingest.summary()
    assert by_load.errors == by_ingest.errors
    assert loaded.counts() == ingested.counts()
    clusters = "SELECT doc_key, cluster FROM documents ORDER BY doc_key"
    assert [tuple(r) for r in loaded.conn.execute(clusters)] == [tuple(r) for r in ingested.conn.execute(clusters)]
    for as_of in (None, "2022-03-21"):
        board = build_board(loaded, profile, as_of=as_of).as_dict(with_evidence=True)
        assert board == build_board(ingested, profile, as_of=as_of).as_dict(with_evidence=True)
    assert load_parquet(out, loaded).stored == 0  # loading twice adds nothing


def test_spark_reads_text_folders_and_parquet_like_ingest(session, tmp_path, nlp, profile):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from talkwatch.load import read_analyses
    from talkwatch.spark import run_spark_extract

    texts = tmp_path / "texts"
    (texts / "sub").mkdir(parents=True)
    (texts / "a.txt").write_text(REPORTS[2]["text"], encoding="utf-8")
    (texts / "sub" / "b.txt").write_text(REPORTS[5]["text"], encoding="utf-8")
    (texts / "notes.bin").write_bytes(b"\x00\x01")
    expected = _single_process(texts, nlp, profile)
    run_spark_extract(str(texts), str(tmp_path / "out-text"), partitions=2, spark=session)
    got = list(read_analyses(tmp_path / "out-text"))
    assert [a.document for a in got] == [a.document for a in expected]
    assert [a.positions for a in got] == [a.positions for a in expected]

    table = tmp_path / "reports.parquet"
    pq.write_table(pa.Table.from_pylist(REPORTS[:3]), table)
    run_spark_extract(str(table), str(tmp_path / "out-parquet"), partitions=2, spark=session)
    got = list(read_analyses(tmp_path / "out-parquet"))
    assert [a.document.id for a in got] == [r["id"] for r in REPORTS[:3]]
    assert [a.document.published for a in got] == [r["published"] for r in REPORTS[:3]]
