"""End to end through the CLI: ingest a folder with good and bad inputs, query the board."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkwatch.cli import main

pytestmark = pytest.mark.model

REPORT_A = """Talks resume in Istanbul

Ukraine's chief negotiator said on Tuesday that Kyiv was ready to accept a neutral status if it received binding security guarantees.

“We will never recognise the annexation of Crimea,” Mykhailo Podolyak told reporters after the session.

Kremlin spokesman Dmitry Peskov said Moscow still demanded the demilitarisation of Ukraine.
"""

REPORT_B = """Moscow hardens its line

Russia rejected any ceasefire before its conditions were met, Dmitry Peskov said on Friday.

“There can be no pause for talks,” Sergei Lavrov said.
"""


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {"id": "a", "text": REPORT_A, "published": "2022-03-29", "outlet": "Harbour Ledger", "title": "Istanbul"},
        {"id": "b", "text": REPORT_B, "published": "2022-04-12", "outlet": "Meridian Wire"},
        {"id": "a-copy", "text": REPORT_A.replace("Tuesday", "Tuesday evening"), "published": "2022-03-29", "outlet": "Eastbridge Times"},
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Peskov said the Kremlin café meeting would not happen.".encode("latin-1"))
    return folder


def test_cli_ingest_reports_each_bad_input_and_stores_the_rest(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(_corpus(tmp_path)), "--db", db])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("corpus.jsonl:4" in e for e in errors)
    assert "stored 4" in result.stdout and "1 near-duplicate" in result.stdout

    again = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db])
    assert "stored 0" in again.stdout and "skipped 4 already stored" in again.stdout


def test_cli_status_evidence_quotes_and_json(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(_corpus(tmp_path)), "--db", db])
    board = runner.invoke(main, ["status", "--db", db, "--json"])
    assert board.exit_code == 0, board.output
    data = json.loads(board.stdout)
    assert data["cells"], "the board has cells"
    assert all({"party", "issue", "stance", "confidence", "evidence_count"} <= set(c) for c in data["cells"])
    quotes = runner.invoke(main, ["quotes", "b", "--db", db])
    assert quotes.exit_code == 0 and "Lavrov" in quotes.stdout
    early = json.loads(runner.invoke(main, ["status", "--db", db, "--json", "--as-of", "2022-03-30"]).stdout)
    assert all(c["last_date"] <= "2022-03-30" for c in early["cells"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["status", "--as-of", "2022-13-01"], "not a date"),
        (["status", "--party", "atlantis"], "unknown party"),
        (["evidence", "russia", "moon-landing"], "unknown issue"),
        (["status", "--db", "missing.db"], "no such database"),
        (["statements", "--stance", "offer,surrender"], "unknown stance"),
    ],
)
def test_cli_bad_query_gives_one_line_error(tmp_path: Path, args: list[str], needle: str) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(_corpus(tmp_path)), "--db", db])
    if "--db" not in args:
        args = [*args, "--db", db]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_broken_profile_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("parties: [unclosed\n")
    result = CliRunner().invoke(main, ["ingest", str(_corpus(tmp_path)), "--db", str(tmp_path / "x.db"), "--profile", str(bad)])
    assert result.exit_code == 2 and "bad.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_extract_jsonl_offsets_point_into_the_text(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT_A, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    out = json.loads(line)
    assert out["doc"] == str(path)
    assert out["attributions"], "some attribution found"
    for att in out["attributions"]:
        c = att["content"]
        assert REPORT_A[c["start"]:c["end"]] == c["text"]
    for pos in out["positions"]:
        e = pos["evidence"]
        assert 0 <= e["start"] < e["end"] <= len(REPORT_A)


def test_cli_ingest_with_two_processes_stores_the_same_as_one(tmp_path: Path) -> None:
    import sqlite3

    runner = CliRunner()
    corpus = _corpus(tmp_path)
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    runner.invoke(main, ["ingest", str(corpus), "--db", one])
    result = runner.invoke(main, ["ingest", str(corpus), "--db", two, "-j", "2"])
    assert "stored 4" in result.stdout, result.output
    query = ("SELECT d.doc_key, p.holder, p.issue, p.stance, p.ev_start, p.ev_end FROM positions p "
             "JOIN documents d ON d.id = p.doc_id ORDER BY 1, 2, 3, 4, 5")
    rows = [sqlite3.connect(db).execute(query).fetchall() for db in (one, two)]
    assert rows[0] == rows[1] and rows[0]
