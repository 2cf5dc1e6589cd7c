"""Store and status engine: idempotent saves, weighting, corroboration, changes, contradictions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from talkwatch.errors import StoreError
from talkwatch.model import Analysis, Attribution, Document, Position, Span
from talkwatch.profile import profile_from_dict
from talkwatch.status import build_board, changes_since, contradictions, issue_status, score_cell, Evidence
from talkwatch.store import SCHEMA_VERSION, Store

PROFILE = profile_from_dict(
    {
        "id": "test",
        "parties": {
            "russia": {"role": "belligerent", "names": ["Russia", "the Kremlin"], "demonyms": ["Russian"],
                       "people": [{"name": "Vladimir Putin", "aliases": ["Putin"], "principal": True},
                                  {"name": "Dmitry Peskov", "aliases": ["Peskov"]}]},
            "ukraine": {"role": "belligerent", "names": ["Ukraine", "Kyiv"], "demonyms": ["Ukrainian"],
                        "people": [{"name": "Volodymyr Zelensky", "aliases": ["Zelensky"], "principal": True}]},
            "turkey": {"role": "mediator", "names": ["Turkey"], "people": [{"name": "Ibrahim Kalin", "aliases": ["Kalin"]}]},
        },
        "issues": {
            "neutrality": {"label": "Neutrality", "cues": ["neutrality"]},
            "ceasefire": {"label": "Ceasefire", "cues": ["ceasefire"]},
        },
    },
    "test.yaml",
)


def _analysis(key: str, date: str, positions: list[tuple], outlet: str = "Wire", text: str | None = None) -> Analysis:
    body = text or f"Report {key}: statements about the talks on {date}."
    doc = Document(id=key, text=body, published=date, outlet=outlet)
    ev = Span(0, 6, body[:6])
    out = Analysis(document=doc)
    out.attributions = [Attribution(content=ev, speaker="Dmitry Peskov", speaker_kind="named", party="russia")]
    for holder, issue, stance, source, kind, *rest in positions:
        via = rest[0] if rest else None
        out.positions.append(Position(holder=holder, issue=issue, stance=stance, evidence=ev, source=source,
                                      source_kind=kind, via=via, mode="direct", attribution=0))
    return out


def _store(*analyses: tuple[Analysis, str]) -> Store:
    store = Store(":memory:")
    for analysis, cluster in analyses:
        with store.transaction():
            store.save_analysis(analysis, cluster, None)
    return store


def test_store_migrate_is_idempotent_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    Store(path).close()
    store = Store(path)
    assert store.migrate() == []
    assert store.conn.execute("SELECT MAX(version) FROM migrations").fetchone()[0] == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    store = Store(path)
    store.conn.execute("INSERT INTO migrations VALUES (99, 'future', 0)")
    store.conn.commit()
    store.close()
    with pytest.raises(StoreError, match="newer talkwatch"):
        Store(path)


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("plain text, not SQLite " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)


def test_store_failed_transaction_leaves_no_half_document() -> None:
    store = Store(":memory:")
    analysis = _analysis("a", "2022-03-01", [("russia", "neutrality", "demand", "Dmitry Peskov", "named")])
    analysis.positions.append(None)  # type: ignore[arg-type]  # makes the positions insert fail
    with pytest.raises(AttributeError):
        with store.transaction():
            store.save_analysis(analysis, "a", None)
    assert store.counts()["documents"] == 0 and store.counts()["attributions"] == 0


def test_store_same_text_is_found_as_duplicate() -> None:
    a = _analysis("a", "2022-03-01", [])
    store = _store((a, "a"))
    assert store.find_document(Document(id="other-id", text=a.document.text)) is not None
    assert store.find_document(Document(id="a", text="different")) is not None
    assert store.find_document(Document(id="z", text="different")) is None
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.save_analysis(a, "a", None)


def test_status_principal_on_record_outweighs_anonymous_source() -> None:
    store = _store(
        (_analysis("a", "2022-03-01", [("russia", "neutrality", "demand", "Vladimir Putin", "named")]), "a"),
        (_analysis("b", "2022-03-01", [("russia", "neutrality", "offer", "a Russian official", "anonymous")], outlet="B"), "b"),
    )
    cell = build_board(store, PROFILE).cells[("russia", "neutrality")]
    assert cell.stance == "demand"
    weights = {e.stance: e.weight for e in cell.evidence}
    assert weights["demand"] == pytest.approx(1.0) and weights["offer"] == pytest.approx(0.4)


def test_status_relayed_statement_counts_less_than_direct() -> None:
    store = _store((_analysis("a", "2022-03-19", [("russia", "neutrality", "demand", "Ibrahim Kalin", "named", "Vladimir Putin")]), "a"))
    (ev,) = build_board(store, PROFILE).cells[("russia", "neutrality")].evidence
    assert ev.standing == "relay" and ev.weight == pytest.approx(0.5 * 0.6)


def test_status_syndicated_copies_count_once() -> None:
    pos = [("ukraine", "ceasefire", "accept", "Volodymyr Zelensky", "named")]
    copies = _store(
        (_analysis("a", "2025-03-11", pos, outlet="A"), "a"),
        (_analysis("b", "2025-03-11", pos, outlet="B", text="Copy b of the same story."), "a"),
    )
    independent = _store(
        (_analysis("a", "2025-03-11", pos, outlet="A"), "a"),
        (_analysis("b", "2025-03-11", pos, outlet="B", text="Independent story b."), "b"),
    )
    c1 = build_board(copies, PROFILE).cells[("ukraine", "ceasefire")]
    c2 = build_board(independent, PROFILE).cells[("ukraine", "ceasefire")]
    assert c1.sources == 1 and c2.sources == 2
    assert c2.confidence > c1.confidence


def test_status_recent_evidence_wins_over_old() -> None:
    store = _store(
        (_analysis("a", "2022-03-29", [("ukraine", "neutrality", "open", "Volodymyr Zelensky", "named")]), "a"),
        (_analysis("b", "2023-06-01", [("ukraine", "neutrality", "reject", "Volodymyr Zelensky", "named")]), "b"),
    )
    assert build_board(store, PROFILE, as_of="2022-12-31").cells[("ukraine", "neutrality")].stance == "open"
    assert build_board(store, PROFILE).cells[("ukraine", "neutrality")].stance == "reject"
    (change,) = changes_since(store, PROFILE, "2022-12-31")
    assert (change.party, change.issue, change.before, change.after) == ("ukraine", "neutrality", "open", "reject")


def test_status_issue_contested_when_one_side_demands_what_the_other_rejects() -> None:
    store = _store(
        (_analysis("a", "2022-03-01", [("russia", "neutrality", "demand", "Vladimir Putin", "named"),
                                       ("ukraine", "neutrality", "reject", "Volodymyr Zelensky", "named")]), "a"),
    )
    assert build_board(store, PROFILE).issue_status["neutrality"] == "contested"


def test_status_issue_agreed_and_converging() -> None:
    store = _store(
        (_analysis("a", "2022-03-01", [("talks", "ceasefire", "agreed", "Ibrahim Kalin", "named"),
                                       ("russia", "neutrality", "demand", "Vladimir Putin", "named"),
                                       ("ukraine", "neutrality", "open", "Volodymyr Zelensky", "named")]), "a"),
    )
    status = build_board(store, PROFILE).issue_status
    assert status["ceasefire"] == "agreed" and status["neutrality"] == "converging"


def test_status_contradiction_needs_two_sources_within_window() -> None:
    store = _store(
        (_analysis("a", "2025-03-11", [("russia", "ceasefire", "accept", "Dmitry Peskov", "named")]), "a"),
        (_analysis("b", "2025-03-14", [("russia", "ceasefire", "reject", "a Russian official", "anonymous")]), "b"),
        (_analysis("c", "2025-09-01", [("russia", "ceasefire", "accept", "Vladimir Putin", "named")]), "c"),
    )
    found = contradictions(store, PROFILE)
    assert len(found) == 1 and {found[0].a.stance, found[0].b.stance} == {"accept", "reject"}
    assert found[0].b.published == "2025-03-14"


def test_status_confidence_levels_grow_with_corroboration() -> None:
    def ev(cluster: str, stance: str = "demand") -> Evidence:
        return Evidence(doc_key=cluster, published="2022-01-01", outlet=cluster, source="x", source_kind="named",
                        standing="official", mode="direct", via=None, stance=stance, conditions=[],
                        evidence="", weight=0.85, cluster=cluster)

    one = score_cell("russia", "neutrality", [ev("a")])
    three = score_cell("russia", "neutrality", [ev("a"), ev("b"), ev("c")])
    mixed = score_cell("russia", "neutrality", [ev("a"), ev("b"), ev("c"), ev("d", "reject"), ev("e", "reject")])
    assert one.level == "medium" and three.level == "high" and mixed.confidence < three.confidence


def test_status_agreement_reported_while_a_belligerent_rejects_is_contested() -> None:
    store = _store(
        (_analysis("a", "2025-03-18", [("talks", "ceasefire", "agreed", "Ibrahim Kalin", "named"),
                                       ("russia", "ceasefire", "reject", "Vladimir Putin", "named")]), "a"),
    )
    assert build_board(store, PROFILE).issue_status["ceasefire"] == "contested"


def test_status_old_unrestated_stance_keeps_its_confidence() -> None:
    store = _store(
        (_analysis("a", "2022-03-01", [("russia", "neutrality", "demand", "Vladimir Putin", "named")]), "a"),
        (_analysis("b", "2025-11-01", [("ukraine", "ceasefire", "accept", "Volodymyr Zelensky", "named")]), "b"),
    )
    cell = build_board(store, PROFILE).cells[("russia", "neutrality")]
    assert cell.stance == "demand" and cell.last_date == "2022-03-01"
    assert cell.confidence == pytest.approx(0.632, abs=0.001)  # as on the day it was said


def test_status_concessions_pool_their_weight_against_one_demand() -> None:
    store = _store(
        (_analysis("a", "2022-03-29", [("ukraine", "neutrality", "offer", "Volodymyr Zelensky", "named")]), "a"),
        (_analysis("b", "2022-03-29", [("ukraine", "neutrality", "open", "a Ukrainian official", "anonymous")]), "b"),
        (_analysis("c", "2022-03-29", [("ukraine", "neutrality", "demand", "Dmitry Peskov", "named")]), "c"),
    )
    cell = build_board(store, PROFILE).cells[("ukraine", "neutrality")]
    # offer 1.0 + open 0.4 (one family: a concession) outweigh demand 0.5 (a relayed account)
    assert cell.stance == "offer"
    assert cell.score == pytest.approx(1.4)
