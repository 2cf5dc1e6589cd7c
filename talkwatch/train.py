"""``talkwatch train``: fit the learned cue classifier on an attribution corpus you hold.

The corpus is a PolNeAR-format folder (``text/<id>.txt`` and brat standoff
``attributions/<id>_<annotator>.ann``; see ``evaluate/attribution.py``). Every verb outside
quotation marks is one example, labelled by whether the gold annotation has it as the head
of a cue. The model is fitted on the first 80% of the articles (sorted by id); the
decision threshold is the one that gives the best relation F1 on the last 20% with the
full attribution rules; then the model is refitted on all articles with that threshold.

    talkwatch train ../shared/polnear/data/train --out ~/models/cues.json

The model file holds feature names and weights, never text. Keep it outside the package.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .evaluate.attribution import Article, _new_totals, read_split, score_article
from .model import Document
from .nlp.learned import CueModel, ModelError, fit_logistic
from .profile import Profile

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
HELD_OUT = 0.2
L2 = 3.0  # chosen on a held-out fifth of PolNeAR train (1, 3, 10, 30, 100 tried)


def gold_cue_heads(article: Article, doc: Any) -> set[int]:
    """Token indices of the heads of the article's gold cue spans."""
    heads: set[int] = set()
    for gold in article.gold:
        tokens = [t for s, e in gold.cue for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
        words = [t for t in tokens if not t.is_punct and not t.is_space]
        ids = {t.i for t in words}
        heads.update(t.i for t in words if t.head.i not in ids or t.head.i == t.i)
    return heads


def cue_examples(article: Article, doc: Any) -> tuple[list[list[str]], list[int]]:
    """One (features, label) pair per verb outside quotation marks."""
    from .nlp.attribution import _Context, model_features

    ctx = _Context(doc, article.text)
    heads = gold_cue_heads(article, doc)
    rows, labels = [], []
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX") and tok.lower_ != "according" and not ctx.in_quote(tok):
            rows.append(model_features(ctx, tok))
            labels.append(int(tok.i in heads))
    return rows, labels


def _fit(examples: Sequence[tuple[list[list[str]], list[int]]], threshold: float, meta: dict[str, Any]) -> CueModel:
    rows = [r for ex in examples for r in ex[0]]
    labels = [y for ex in examples for y in ex[1]]
    weights, bias = fit_logistic(rows, labels, l2=L2)
    return CueModel(weights, bias, threshold, {**meta, "examples": len(rows), "positives": sum(labels)})


def relation_f1(articles: Sequence[Article], docs: Sequence[Any], profile: Profile,
                model: CueModel | None) -> dict[str, Any]:
    """Relation P/R/F1 of ``find_attributions`` (with ``model``) on parsed articles."""
    from .nlp.attribution import find_attributions

    totals = _new_totals()
    for article, doc in zip(articles, docs):
        document = Document(id=article.id, text=article.text)
        score_article(article, find_attributions(doc, profile, document, model=model), totals)
    return totals["relation"].prf()


def train_cue_model(articles: Sequence[Article], docs: Sequence[Any], profile: Profile,
                    log: Callable[[str], None] = lambda _line: None) -> CueModel:
    """Fit on parsed articles: threshold chosen on the held-out last 20%, then refit on all."""
    if len(articles) < 2:
        raise ModelError("training needs at least two annotated articles")
    examples = [cue_examples(a, d) for a, d in zip(articles, docs)]
    cut = max(1, min(len(articles) - 1, round(len(articles) * (1 - HELD_OUT))))
    meta = {"articles": len(articles), "held_out_articles": len(articles) - cut}
    first = _fit(examples[:cut], 0.5, meta)
    best, best_f1 = THRESHOLDS[0], -1.0
    for threshold in THRESHOLDS:
        candidate = CueModel(first.weights, first.bias, threshold, first.meta)
        f1 = float(relation_f1(articles[cut:], docs[cut:], profile, candidate)["f1"])
        log(f"threshold {threshold:.2f}: held-out relation F1 {f1 * 100:.1f}")
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    log(f"chosen threshold {best:.2f}; refitting on all {len(articles)} articles")
    return _fit(examples, best, {**meta, "held_out_relation_f1": round(best_f1, 4)})


def train_from_folder(path: str | Path, nlp: Any, profile: Profile, out: str | Path,
                      log: Callable[[str], None] = lambda _line: None) -> CueModel:
    """Read and parse a PolNeAR-format folder, train, and write the model to ``out``."""
    articles = list(read_split(path))
    if not articles:
        raise ModelError(f"{path}: no annotated articles (expected text/<id>.txt and attributions/<id>_<annotator>.ann)")
    log(f"parsing {len(articles)} articles")
    docs = list(nlp.pipe((a.text for a in articles), batch_size=32))
    model = train_cue_model(articles, docs, profile, log)
    model.save(out)
    return model
