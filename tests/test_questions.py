"""The six analyst questions of the design, each answered on the bundled demo corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from talkwatch import questions as q
from talkwatch.cli import main
from talkwatch.ingest import ingest
from talkwatch.status import build_board
from talkwatch.store import Store

pytestmark = pytest.mark.model
DEMO = Path(__file__).resolve().parents[1] / "demo"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, profile) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    store = Store(db)
    report = ingest([str(DEMO)], store, profile)
    store.close()
    assert report.stored >= 30 and not report.errors
    return db


@pytest.fixture()
def store(demo_db: str) -> Store:
    return Store(demo_db, readonly=True)


def test_questions_1_russia_has_not_withdrawn_its_neutrality_demand(store: Store, profile) -> None:
    answer = q.demand_changes(store, profile, "russia", since="2022-03-20")
    assert {"neutrality", "donbas"} <= set(answer["demands_then"])
    assert "neutrality" in answer["kept"]
    assert all(w["now"] != "demand" for w in answer["withdrawn_or_changed"])


def test_questions_2_ukraine_would_consider_neutrality_backed_by_guarantees(store: Store, profile) -> None:
    answer = q.concessions(store, profile, "ukraine", as_of="2022-04-30")
    neutrality = [c for c in answer if c["issue"] == "neutrality"]
    assert neutrality, "Ukraine's March 2022 neutrality offer is found"
    assert any("security-guarantees" in c["conditions"] for c in neutrality)


def test_questions_3_progress_is_reported_on_prisoners_and_energy_strikes(store: Store, profile) -> None:
    answer = {p["issue"]: p for p in q.progress(store, profile)}
    assert {"prisoners", "energy-strikes"} <= set(answer)
    assert all(p["reported_by"] for p in answer.values())


def test_questions_4_relayed_demands_are_marked_and_weigh_less(store: Store, profile) -> None:
    board = build_board(store, profile)
    relayed = [ev for (party, _), cell in board.cells.items() if party == "russia"
               for ev in cell.evidence if ev.via == "Vladimir Putin"]
    assert relayed, "Kalin's and Witkoff's accounts of Putin's demands are relayed speech"
    assert all(ev.standing == "relay" or ev.source_kind == "anonymous" for ev in relayed)
    answer = q.sourcing(store, profile, "russia", "neutrality")
    assert answer["cell"]["stance"] == "demand" and sum(answer["by_standing"].values()) >= 1
    assert isinstance(answer["contradictions"], list)


def test_questions_5_outside_parties_and_those_who_decline(store: Store, profile) -> None:
    answer = q.outside_parties(store, profile)
    assert any(c["party"] == "united-states" for c in answer["cells"])
    assert answer["declines"], "someone in the demo declines to state a position"
    assert all(d["evidence"] for d in answer["declines"])


def test_questions_6_linked_items_name_their_conditions(store: Store, profile) -> None:
    answer = q.linked_items(store, profile)
    assert any(x["holder"] == "ukraine" and x["issue"] == "neutrality" and "security-guarantees" in x["conditions"]
               for x in answer)


def test_questions_brief_prints_all_six_sections(demo_db: str) -> None:
    result = CliRunner().invoke(main, ["brief", "--db", demo_db, "--since", "2022-03-20"])
    assert result.exit_code == 0, result.output
    for n in range(1, 7):
        assert f"\n{n}. " in result.output


def test_questions_links_command_counts_statements_per_linked_position(demo_db: str, store: Store, profile) -> None:
    result = CliRunner().invoke(main, ["links", "--db", demo_db, "--party", "ukraine"])
    assert result.exit_code == 0, result.output
    items = q.linked_items(store, profile, party="ukraine", declared=False)
    assert result.output.startswith(f"{len(items)} linked position(s):")
    assert all(x["holder"] == "ukraine" and x["statements"] >= 1 for x in items)
    assert "ukraine: open neutrality if security-guarantees" in result.output
