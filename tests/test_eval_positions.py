"""The positions scorer: reading gold, the metrics, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkwatch.evaluate.positions import (
    evaluate_positions,
    format_positions_report,
    read_gold,
    score_documents,
    seed_counts,
)

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def item(gold, pred, kind="news", name="d"):
    return {"document": name, "kind": kind, "gold": gold, "pred": pred, "gold_evidence": {}, "pred_evidence": {}}


def test_eval_positions_triples_pairs_and_stance_accuracy():
    gold = [("ukraine", "ceasefire", "demand"), ("russia", "crimea", "demand"), ("talks", "talks", "progress")]
    pred = [("ukraine", "ceasefire", "demand"), ("russia", "crimea", "reject"), ("turkey", "talks", "offer")]
    result = score_documents([item(gold, pred)])
    assert result["triples"]["tp"] == 1
    assert result["triples"]["p"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["pairs"]["tp"] == 2  # (ukraine, ceasefire) and (russia, crimea)
    assert result["stance_accuracy"] == 0.5
    assert result["confusion"]["demand"] == {"demand": 1, "reject": 1}


def test_eval_positions_triple_counts_once_per_document():
    gold = [("ukraine", "ceasefire", "demand")]
    result = score_documents([item(gold, gold + gold)])
    assert result["triples"] == {"tp": 1, "pred": 1, "gold": 1, "p": 1.0, "r": 1.0, "f1": 1.0}


def test_eval_positions_micro_average_over_documents_and_kinds():
    items = [
        item([("a", "x", "offer")], [("a", "x", "offer")], kind="speech", name="one"),
        item([("a", "x", "offer"), ("b", "y", "reject")], [], kind="news", name="two"),
    ]
    result = score_documents(items)
    assert result["triples"]["r"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["triples"]["p"] == 1.0
    assert result["per_kind"]["speech"]["triples"]["f1"] == 1.0
    assert result["per_kind"]["news"]["triples"]["r"] == 0.0
    assert result["per_kind"]["news"]["documents"] == 1
    assert result["per_issue"]["y"] == {"tp": 0, "pred": 0, "gold": 1, "p": 0.0, "r": 0.0, "f1": 0.0}
    assert result["per_stance"]["offer"]["tp"] == 1


def test_eval_positions_seed_counts_positions_and_distinct_triples():
    seed = item([("a", "x", "offer"), ("b", "y", "reject")], [("a", "x", "offer")], name="000_seed")
    seed["gold_positions"] = [("a", "x", "offer"), ("a", "x", "offer"), ("b", "y", "reject")]
    other = item([("c", "z", "demand")], [("c", "z", "demand")], name="other")
    assert seed_counts([seed, other]) == {"found": 2, "total": 3, "triples_found": 1, "triples_total": 2}
    assert seed_counts([other]) is None


def test_eval_positions_empty_input_scores_zero_without_error():
    result = score_documents([])
    assert result["triples"]["f1"] == 0.0 and result["documents"] == 0


def write_pair(folder: Path, name: str, text: str, positions: list[dict]) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.gold.json").write_text(json.dumps({"document": name, "positions": positions}), encoding="utf-8")


def test_eval_positions_reads_folders_and_jsonl(tmp_path):
    folder = tmp_path / "examples"
    folder.mkdir()
    write_pair(folder, "a", "We reject the truce.", [{"holder": "x", "issue": "ceasefire", "stance": "reject"}])
    (folder / "orphan.txt").write_text("no gold here", encoding="utf-8")
    corpus = tmp_path / "dev.jsonl"
    gold_dir = tmp_path / "dev"
    gold_dir.mkdir()
    records = [
        {"id": "b.txt", "text": "Text b.", "kind": "speech", "speaker": "Someone", "published": "2024-01-01"},
        {"id": "c.txt", "text": "Text c without gold.", "kind": "news"},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (gold_dir / "b.gold.json").write_text(json.dumps({"positions": []}), encoding="utf-8")
    docs = read_gold([str(folder), str(corpus), str(folder)])
    assert [d.name for d in docs] == ["a", "b"]  # orphan and gold-less records skipped, no duplicates
    assert docs[1].document.kind == "speech" and docs[1].document.speaker == "Someone"
    assert docs[0].positions[0]["issue"] == "ceasefire"


def test_eval_positions_folder_index_supplies_metadata(tmp_path):
    write_pair(tmp_path, "d1", "Some text.", [])
    (tmp_path / "index.jsonl").write_text(json.dumps({"id": "d1", "kind": "briefing", "speaker": "the Kremlin"}) + "\n")
    (doc,) = read_gold([str(tmp_path)])
    assert (doc.document.kind, doc.document.speaker) == ("briefing", "the Kremlin")


def test_eval_positions_bad_path_says_what_is_expected(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a folder"):
        read_gold([str(tmp_path / "missing.csv")])


def test_eval_positions_report_lists_misses_and_false_positives():
    result = score_documents([item([("a", "x", "offer")], [("a", "x", "reject")], name="doc1")])
    result["details"] = [item([("a", "x", "offer")], [("a", "x", "reject")], name="doc1")]
    text = format_positions_report(result, details=True)
    assert "triples" in text and "stance accuracy" in text
    assert "- a x offer" in text and "+ a x reject" in text and "== doc1" in text
    assert "Details" not in format_positions_report(result)


@pytest.mark.model
def test_eval_positions_end_to_end_on_written_examples(tmp_path, nlp):
    from talkwatch.profile import profile_from_dict

    profile = profile_from_dict(
        {
            "parties": {"ukraine": {"names": ["Ukraine"]}, "russia": {"names": ["Russia", "the Kremlin"]}},
            "issues": {"ceasefire": {"cues": ["ceasefire"]}, "crimea": {"cues": ["Crimea"]}},
        },
        "t.yaml",
    )
    write_pair(
        tmp_path,
        "n1",
        "The Kremlin rejected a ceasefire on Monday. Ukraine demanded the return of Crimea.",
        [
            {"holder": "russia", "issue": "ceasefire", "stance": "reject"},
            {"holder": "ukraine", "issue": "crimea", "stance": "demand"},
        ],
    )
    result = evaluate_positions([str(tmp_path)], nlp, profile)
    assert result["triples"]["tp"] == 2 and result["triples"]["pred"] == 2
    assert "seed" not in result


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.slow
def test_eval_positions_runs_on_the_shared_dev_set(nlp, profile):
    examples, dev = SHARED / "examples", SHARED / "corpus" / "dev.jsonl"
    if not (examples.is_dir() and dev.is_file()):
        pytest.skip("../shared/examples and ../shared/corpus/dev.jsonl are not present")
    result = evaluate_positions([str(examples), str(dev)], nlp, profile)
    assert result["documents"] >= 39
    assert result["seed"]["total"] > 0
    assert result["triples"]["f1"] > 0.3  # a floor that catches a broken pipeline, not a target
