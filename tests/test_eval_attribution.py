"""The PolNeAR reader and the attribution scorer, on small files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from talkwatch.evaluate.attribution import (
    GoldAttribution,
    evaluate_attribution,
    format_attribution_report,
    match_relations,
    read_ann,
    read_split,
)
from test_attribution import seed_profile

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
TEXT = "Kalin said the talks went well. “We are close,” he added.\n"
ANN = (
    "T1\tSource 0 5\tKalin\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 30\tthe talks went well\n"
    "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    "T4\tContent 32 46;47 48\tWe are close, \n"
    "spilled line from a span cut at a newline\n"
    "T5\tCue 51 56\tadded\n"
    "T6\tDiscuss 0 5\tKalin\n"
    "E2\tAttribution-no-source:T5 Cue:T5 Content:T4\n"
    "# a note\n"
)


def write_split(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "art-one.txt").write_text(TEXT, encoding="utf-8")
    (root / "attributions" / "art-one_b.ann").write_text("", encoding="utf-8")
    (root / "attributions" / "art-one_a.ann").write_text(ANN, encoding="utf-8")
    return root


def test_eval_reads_brat_standoff_relations():
    gold = read_ann(ANN)
    assert gold[0] == GoldAttribution(content=((11, 30),), source=((0, 5),), cue=((6, 10),))
    assert gold[1].source == () and gold[1].content == ((32, 46), (47, 48))


def test_eval_uses_the_lexicographically_first_annotator(tmp_path):
    (article,) = read_split(write_split(tmp_path / "dev"))
    assert article.id == "art-one" and len(article.gold) == 2


def test_eval_relation_needs_half_the_content_and_overlapping_source():
    gold = [GoldAttribution(content=((10, 30),), source=((0, 5),))]
    assert match_relations(gold, [(((10, 20),), ((0, 3),), ())]) == [(0, 0)]
    assert match_relations(gold, [(((10, 19),), ((0, 3),), ())]) == []
    assert match_relations(gold, [(((10, 30),), ((6, 8),), ())]) == []
    no_source = [GoldAttribution(content=((10, 30),))]
    assert match_relations(no_source, [(((0, 40),), (), ())]) == [(0, 0)]


def test_eval_matching_is_one_to_one():
    gold = [GoldAttribution(content=((10, 30),))]
    pred = [(((10, 30),), (), ()), (((10, 30),), (), ())]
    assert len(match_relations(gold, pred)) == 1


@pytest.mark.model
def test_eval_scores_a_small_split_and_formats_a_report(tmp_path, nlp):
    result = evaluate_attribution(str(write_split(tmp_path / "dev")), nlp, seed_profile())
    assert result["articles"] == 1 and result["relation"]["gold"] == 2
    assert result["relation"]["tp"] >= 1
    report = format_attribution_report(result)
    assert "relation" in report and "exact content" in report and "slice direct" in report


def test_eval_missing_split_says_what_is_expected(tmp_path):
    with pytest.raises(FileNotFoundError, match="no PolNeAR articles"):
        evaluate_attribution(str(tmp_path), None, seed_profile())


@pytest.mark.model
@pytest.mark.shared
def test_eval_polnear_dev_smoke(nlp):
    dev = SHARED / "polnear" / "data" / "dev"
    if not dev.exists():
        pytest.skip("../shared/polnear is absent")
    result = evaluate_attribution(str(dev), nlp, seed_profile(), limit=3)
    assert result["articles"] == 3 and result["relation"]["f1"] > 0.3


@pytest.mark.model
def test_eval_reliability_inventory_lists_the_pairs_the_rules_get_wrong(nlp):
    from talkwatch.evaluate.attribution import Article, reliability_inventory

    text = " ".join(f"Kalin said the talks in round {n} went well." for n in range(6))
    docs = [nlp(text), nlp(text)]
    wrong = Article(id="a", text=text, gold=[])
    spans = [(m, m + 4) for m in range(len(text)) if text.startswith("said", m)]
    right = Article(id="b", text=text, gold=[
        GoldAttribution(content=((s + 5, text.index(".", s)),), source=((s - 6, s - 1),), cue=((s, s + 4),))
        for s, _ in spans])
    listed = reliability_inventory([wrong], docs[:1], seed_profile())
    assert "say\tccomp\t0\t6" in listed
    assert not [line for line in reliability_inventory([right], docs[1:], seed_profile()) if line.startswith("say")]


@pytest.mark.model
def test_cue_rates_count_only_verbs_outside_quotation_marks(nlp):
    """A quoted "I think" is the speaker's own words, where the rules never look for a cue:
    counting it would make "think" with a clause look like a cue one time in four here, when
    it is one every time the rules can take it."""
    from talkwatch.evaluate.attribution import Article, cue_inventory, frame_inventory

    text = ("“I think we can sign it, and I think they know it,” Kalin said. "
            "Zelensky thinks that the draft needs more work. Erdogan thinks that a ceasefire is near.")

    def at(words: str, after: int = 0) -> tuple[tuple[int, int], ...]:
        start = text.index(words, after)
        return ((start, start + len(words)),)
    second = text.index("Erdogan")
    article = Article("q", text, [
        GoldAttribution(at("I think we can sign it, and I think they know it"), at("Kalin"), at("said")),
        GoldAttribution(at("the draft needs more work"), at("Zelensky"), at("thinks")),
        GoldAttribution(at("a ceasefire is near"), at("Erdogan"), at("thinks", second)),
    ])
    doc = nlp(text)
    assert ["think", "ccomp", "2", "2"] in [line.split("\t") for line in frame_inventory([article], [doc])]
    assert ["lemma", "think", "2", "2"] in [line.split("\t") for line in cue_inventory([article], [doc])]
