"""`talkwatch train`: the learned cue classifier, trained on a tiny corpus written here.

The articles below are our own sentences, annotated in PolNeAR's brat format by the helper
``annotate``; no PolNeAR text is used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkwatch.cli import main
from talkwatch.nlp.learned import CueModel, ModelError, cue_features, fit_logistic, read_model

# (text, [(source, cue, content), …]): "hinted" and "signalled" are cues here, "visited"
# and "opened" are not.
ARTICLES = [
    ("Kalin hinted that the talks would resume in May. The delegation visited the port.",
     [("Kalin", "hinted", "the talks would resume in May")]),
    ("Lavrov signalled that Moscow wanted a new round. The minister opened the bridge.",
     [("Lavrov", "signalled", "Moscow wanted a new round")]),
    ("The envoy hinted that a ceasefire was close. Officials visited the front line.",
     [("The envoy", "hinted", "a ceasefire was close")]),
    ("Zelensky signalled that Kyiv would not give up land. He opened a school in Lviv.",
     [("Zelensky", "signalled", "Kyiv would not give up land")]),
    ("The spokesman hinted that sanctions could ease. The mayor visited a hospital.",
     [("The spokesman", "hinted", "sanctions could ease")]),
    ("Erdogan signalled that Ankara would host the talks. The team opened an office.",
     [("Erdogan", "signalled", "Ankara would host the talks")]),
]


def annotate(text: str, relations: list[tuple[str, str, str]]) -> str:
    """Brat standoff for ``relations`` (each span located by its first occurrence)."""
    lines, n = [], 0
    for k, (source, cue, content) in enumerate(relations, 1):
        ids = []
        for label, words in (("Source", source), ("Cue", cue), ("Content", content)):
            n += 1
            start = text.index(words)
            lines.append(f"T{n}\t{label} {start} {start + len(words)}\t{words}")
            ids.append(f"T{n}")
        lines.append(f"E{k}\tAttribution:{ids[1]} Source:{ids[0]} Cue:{ids[1]} Content:{ids[2]}")
    return "\n".join(lines) + "\n"


def write_corpus(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for i, (text, relations) in enumerate(ARTICLES):
        (root / "text" / f"art-{i}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"art-{i}_a.ann").write_text(annotate(text, relations), encoding="utf-8")
    return root


# -- model-free --------------------------------------------------------------------------
def test_train_logistic_regression_learns_which_feature_marks_a_cue():
    rows = [["l=hint", "f=ccomp"], ["l=visit", "f=dobj"]] * 20 + [["l=hint", "f=dobj"]] * 3
    labels = [1, 0] * 20 + [1] * 3
    weights, bias = fit_logistic(rows, labels)
    model = CueModel(weights, bias, 0.5)
    assert model.is_cue(["l=hint", "f=ccomp"]) and not model.is_cue(["l=visit", "f=dobj"])
    assert weights["l=hint"] > 0 > weights["l=visit"]
    assert fit_logistic(rows, labels) == (weights, bias)  # deterministic


def test_train_model_file_round_trips_and_bad_files_fail_cleanly(tmp_path):
    model = CueModel({"l=hint": 1.5, "q<": -0.25}, -0.5, 0.4, {"articles": 3})
    path = tmp_path / "cues.json"
    model.save(path)
    assert read_model(path) == model
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not JSON"):
        read_model(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"weights": {}}), encoding="utf-8")
    with pytest.raises(ModelError, match="not a talkwatch attribution model"):
        read_model(tmp_path / "other.json")
    with pytest.raises(ModelError, match="talkwatch train"):
        read_model(tmp_path / "missing.json")


# -- with the spaCy model ------------------------------------------------------------------
@pytest.mark.model
def test_train_cue_features_describe_the_verb_in_context(nlp):
    doc = nlp("Kalin hinted that the talks would resume.")
    feats = cue_features(doc[1], "ccomp", quote_before=False, quote_after=False)
    assert {"l=hint", "lf=hint|ccomp", "that", "subj-person"} <= set(feats)


@pytest.mark.model
def test_train_cue_features_see_the_neighbouring_words_and_the_complement_clause(nlp):
    doc = nlp("Kalin hinted that the talks would resume.")
    feats = set(cue_features(doc[1], "ccomp", quote_before=False, quote_after=False))
    assert {"lp1=hint|kalin", "ln1=hint|that"} <= feats  # the lemma with the word before and after
    assert {"cl=ccomp|resume", "lcl=hint|resume", "ct=VB", "cs=NOUN"} <= feats  # the clause it takes
    bare = nlp("The delegation visited the port.")
    assert not any(f.startswith(("cl=", "lcl=")) for f in cue_features(bare[2], "dobj", False, False))


@pytest.mark.model
def test_train_tiny_corpus_model_finds_an_unseen_sentence_and_is_deterministic(nlp, tmp_path):
    from talkwatch.model import Document
    from talkwatch.nlp.attribution import find_attributions
    from talkwatch.profile import load_profile
    from talkwatch.train import train_from_folder

    corpus = write_corpus(tmp_path / "corpus")
    profile = load_profile()
    first = train_from_folder(corpus, nlp, profile, tmp_path / "a.json")
    train_from_folder(corpus, nlp, profile, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert first.meta["articles"] == 6 and first.meta["positives"] == 6
    assert first.meta["folds"] == 5  # the threshold is chosen on every article, not one held-out fifth
    stored = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert not any(sentence in stored for text, _ in ARTICLES for sentence in text.split(". "))  # no text

    text = "The negotiator hinted that prisoners would be exchanged. The guests visited the museum."
    found = find_attributions(nlp(text), profile, Document(id="t", text=text), model=first)
    assert [(a.source.text, a.cue.text) for a in found] == [("The negotiator", "hinted")]
    assert found[0].content.text.endswith("prisoners would be exchanged")


@pytest.mark.model
def test_train_environment_variable_selects_the_model(nlp, tmp_path, monkeypatch):
    from talkwatch.model import Document
    from talkwatch.nlp.attribution import find_attributions
    from talkwatch.profile import load_profile

    text = "Kalin mused that the talks would resume."
    never = CueModel({}, -10.0, 0.5)  # a model that takes no verb for a cue
    never.save(tmp_path / "never.json")
    doc = nlp(text)
    assert find_attributions(doc, load_profile(), Document(id="t", text=text))  # the rules
    monkeypatch.setenv("TALKWATCH_ATTRIBUTION_MODEL", str(tmp_path / "never.json"))
    assert find_attributions(doc, load_profile(), Document(id="t", text=text)) == []


@pytest.mark.model
def test_train_cli_writes_a_model_and_eval_uses_it(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "model.json"
    runner = CliRunner()
    result = runner.invoke(main, ["train", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "threshold" in result.output and "5-fold relation F1" in result.output
    scored = runner.invoke(main, ["eval", "attribution", str(corpus), "--model", str(out), "--json"])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.output)
    assert report["cues"].startswith("learned model model.json") and report["relation"]["f1"] > 0.5


def test_train_cli_refuses_a_folder_that_is_not_a_corpus(tmp_path):
    result = CliRunner().invoke(main, ["train", str(tmp_path), "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 2 and "text/ and attributions/" in result.output
    bad = CliRunner().invoke(main, ["eval", "attribution", str(tmp_path), "--model", str(tmp_path / "none.json")])
    assert bad.exit_code != 0


@pytest.mark.model
def test_train_a_model_does_not_make_calling_up_soldiers_a_cue(nlp):
    from talkwatch.model import Document
    from talkwatch.nlp.attribution import find_attributions
    from talkwatch.profile import load_profile

    always = CueModel({}, 10.0, 0.5)  # a model that takes every verb for a cue
    text = "Putin is calling up more men to fight in the war."
    found = find_attributions(nlp(text), load_profile(), Document(id="t", text=text), model=always)
    assert not any(a.cue.text.endswith("calling") for a in found)


def gold_article(i: int, text: str, relations: list[tuple[str, str, str]]):
    """An annotated article: (source, cue, content) phrases found in ``text``."""
    from talkwatch.evaluate.attribution import Article, GoldAttribution

    def at(words: str) -> tuple[tuple[int, int], ...]:
        start = text.index(words)
        return ((start, start + len(words)),)
    return Article(f"a{i}", text, [GoldAttribution(at(c), at(s), at(q)) for s, q, c in relations])


@pytest.mark.model
def test_train_a_gold_cue_the_rules_build_wrong_is_taught_as_no_cue(nlp, monkeypatch):
    """The relabelling pass: a cue whose attribution the rules cannot build right (here the
    annotation's content is the next sentence) would only add a wrong attribution."""
    from talkwatch import train
    from talkwatch.profile import load_profile

    articles = [gold_article(i, text, rel) for i, (text, rel) in enumerate(ARTICLES)]
    odd = "Kalin hinted that the talks were close. Delegations would meet in Istanbul first."
    articles.append(gold_article(len(articles), odd, [("Kalin", "hinted", "Delegations would meet in Istanbul first")]))
    docs = [nlp(a.text) for a in articles]
    profile = load_profile()

    first = CueModel(*fit_logistic([r for a, d in zip(articles, docs) for r in train.cue_examples(a, d)[0]],
                                   [y for a, d in zip(articles, docs) for y in train.cue_examples(a, d)[1]]), 0.25)
    assert train.cue_heads_by_outcome(articles[0], docs[0], profile, first)[0] == set()  # built right
    wrong = train.cue_heads_by_outcome(articles[-1], docs[-1], profile, first)[0]
    assert [docs[-1][i].text for i in wrong] == ["hinted"]
    assert sum(train.cue_examples(articles[-1], docs[-1])[1]) == 1
    assert sum(train.cue_examples(articles[-1], docs[-1], wrong)[1]) == 0

    assert train.train_cue_model(articles, docs, profile).meta["positives"] == 6  # 7 annotated, 1 unbuildable
    monkeypatch.setattr(train, "RELABEL", False)
    assert train.train_cue_model(articles, docs, profile).meta["positives"] == 7


@pytest.mark.model
def test_train_a_verb_whose_attribution_the_rules_build_right_is_taught_as_a_cue(nlp):
    """``Kalin went on to insist that …``: PolNeAR heads the cue with *went*, the rules build
    the right statement from *insist*; for the relation measure, *insist* is the cue to learn."""
    from talkwatch import train
    from talkwatch.profile import load_profile

    text = "Kalin went on to insist that the talks were close."
    article = gold_article(0, text, [("Kalin", "went on", "that the talks were close")])
    doc = nlp(text)
    model = CueModel({"l=insist": 5.0}, -5.0, 0.5)  # takes "insist" and nothing else
    wrong, right = train.cue_heads_by_outcome(article, doc, load_profile(), model)
    assert not wrong and [doc[i].text for i in right] == ["insist"]
    heads = train.gold_cue_heads(article, doc)
    assert [doc[i].text for i in heads] == ["went"]
    indices = [t.i for t in doc if t.pos_ == "VERB"]
    taught = {doc[i].text for i, y in zip(indices, train._labels(indices, heads, wrong, right)) if y}
    assert taught == {"went", "insist"}
    assert {doc[i].text for i, y in zip(indices, train._labels(indices, heads, wrong)) if y} == {"went"}


@pytest.mark.model
def test_train_relabelling_teaches_the_verb_the_rules_build_from(nlp, monkeypatch):
    from talkwatch import train
    from talkwatch.profile import load_profile

    articles = [gold_article(i, text, rel) for i, (text, rel) in enumerate(ARTICLES)]
    for text in ("Lavrov insisted that the grain deal was over.", "Umerov insisted that Kyiv would not cede land.",
                 "Fidan insisted that Ankara stayed neutral."):
        speaker, rest = text.split(" insisted ")
        articles.append(gold_article(len(articles), text, [(speaker, "insisted", rest[:-1])]))
    went = "Kalin went on to insist that the talks were close."
    articles.append(gold_article(len(articles), went, [("Kalin", "went on", "that the talks were close")]))
    docs = [nlp(a.text) for a in articles]
    with_right = train.train_cue_model(articles, docs, load_profile()).meta["positives"]
    monkeypatch.setattr(train, "RELABEL_RIGHT", False)
    assert with_right == train.train_cue_model(articles, docs, load_profile()).meta["positives"] + 1
