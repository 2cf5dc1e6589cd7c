"""Static report and exports: every format round-trips; the report opens from disk."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from talkwatch.report.export import EVENT_FIELDS, EVENT_MAP, write_export
from talkwatch.report.static import write_report
from talkwatch.store import Store

from webfixtures import PROFILE, build_store


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return build_store(tmp_path / "r.db")


def test_report_writes_linked_pages_with_relative_links(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "report"
    files = write_report(store, PROFILE, out)
    names = {f.name for f in files}
    assert "index.html" in names
    index = (out / "index.html").read_text()
    for href in [h.split('"')[0] for h in index.split('href="')[1:]]:
        if href.startswith("#"):
            continue
        assert not href.startswith(("/", "http")), href
        assert (out / href).exists(), href
    assert all(f.resolve().parent == out.resolve() for f in files)


def test_report_escapes_hostile_text(store: Store, tmp_path: Path) -> None:
    for path in write_report(store, PROFILE, tmp_path / "report"):
        html = path.read_text()
        assert "<script>alert" not in html and 'href="javascript:' not in html, path.name


def test_export_json_round_trips(store: Store, tmp_path: Path) -> None:
    write_export(store, PROFILE, tmp_path, "json")
    positions = json.loads((tmp_path / "positions.json").read_text())
    assert {(p["holder"], p["issue"], p["stance"]) for p in positions} == {
        (p["holder"], p["issue"], p["stance"]) for p in store.positions()
    }
    board = json.loads((tmp_path / "board.json").read_text())
    assert {"party", "issue", "stance", "confidence"} <= set(board[0])


def test_export_csv_round_trips(store: Store, tmp_path: Path) -> None:
    write_export(store, PROFILE, tmp_path, "csv")
    with (tmp_path / "documents.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    stored = {r["doc_key"]: r["text"] for r in store.conn.execute("SELECT doc_key, text FROM documents")}
    assert {r["doc_key"]: r["text"] for r in rows} == stored


def test_export_parquet_round_trips(store: Store, tmp_path: Path) -> None:
    write_export(store, PROFILE, tmp_path, "parquet")
    table = pq.read_table(tmp_path / "attributions.parquet").to_pylist()
    assert sorted(r["content_text"] for r in table) == sorted(
        r[0] for r in store.conn.execute("SELECT content_text FROM attributions"))


def test_export_events_map_stances_to_cameo_and_plover(store: Store, tmp_path: Path) -> None:
    write_export(store, PROFILE, tmp_path, "events")
    with (tmp_path / "events.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == EVENT_FIELDS
    assert len(rows) == len(store.positions())
    demand = next(r for r in rows if r["stance"] == "demand")
    assert (demand["cameo_root"], demand["plover_type"]) == ("10", "DEMAND")
    assert demand["source_actor"] == "russia" and demand["target_actor"] == "ukraine"
    reject = next(r for r in rows if r["stance"] == "reject")
    assert (reject["cameo_root"], reject["plover_type"]) == ("12", "REJECT")
    assert set(EVENT_MAP) == {"demand", "offer", "open", "accept", "reject", "progress", "agreed", "no-position", "doubt"}


def test_export_as_of_limits_rows(store: Store, tmp_path: Path) -> None:
    write_export(store, PROFILE, tmp_path, "json", as_of="2022-03-31")
    docs = json.loads((tmp_path / "documents.json").read_text())
    assert sorted(d["doc_key"] for d in docs) == ["r1", "u1"]
