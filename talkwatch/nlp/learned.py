"""A learned cue classifier: which verbs open an attribution, from a corpus the user holds.

The default rules decide that a verb is a cue from the lexicon's cue rate of its lemma
(and complement frame) alone. A ``CueModel`` replaces that one decision with a logistic
regression over parse features of the verb in context: lemma, lemma × frame, dependency,
tag, what kind of subject it has, whether it takes a *that* clause, the lemma with the
word before and after it, the head of its complement clause, whether a quotation sits
beside it, whether it is passive, negated or a participle after a comma…

``talkwatch train CORPUS --out MODEL`` fits one on a PolNeAR-format folder
(``text/*.txt`` + ``attributions/*.ann``) and writes a JSON file of feature weights (no
text). No model ships with talkwatch: PolNeAR has no licence. Use a model with
``talkwatch eval attribution DIR --model MODEL`` or, for ingest/extract/serve, by setting
``TALKWATCH_ATTRIBUTION_MODEL=MODEL``.

Scoring is deterministic (a fixed sum of weights) and cheap: a dozen dictionary lookups
per verb.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import TalkwatchError

if TYPE_CHECKING:
    from spacy.tokens import Token

FORMAT = "talkwatch-cue-model"
VERSION = 1
ENV_VAR = "TALKWATCH_ATTRIBUTION_MODEL"
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "who", "it"})
_REPORTING = frozenset({"say", "tell", "accord", "report", "write", "add", "note", "claim", "argue"})
_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should"})
_QUOTE_MARKS = frozenset("\"“”'‘’«»„")


class ModelError(TalkwatchError):
    """An attribution model file that cannot be read."""


@dataclass(frozen=True)
class CueModel:
    """Logistic-regression weights over cue features, and the decision threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def is_cue(self, features: list[str]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": VERSION, "bias": self.bias,
                           "threshold": self.threshold, "meta": self.meta,
                           "weights": dict(sorted(self.weights.items()))}, indent=0, ensure_ascii=False)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


def read_model(path: str | Path) -> CueModel:
    """Read a model file written by ``talkwatch train``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the attribution model ({exc.strerror}); "
                         "make one with `talkwatch train CORPUS --out MODEL`") from exc
    except ValueError as exc:
        raise ModelError(f"{path}: not a talkwatch attribution model (not JSON)") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ModelError(f"{path}: not a talkwatch attribution model (format {FORMAT} v{VERSION} expected)")
    return CueModel({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                    float(data["threshold"]), dict(data.get("meta") or {}))


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> CueModel:
    return read_model(path)


def load_model(path: str | Path | None) -> CueModel | None:
    """The model at ``path`` (cached per file version), or None for ``None``/``""``."""
    if not path:
        return None
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = 0.0
    return _cached(str(path), mtime)


def default_model() -> CueModel | None:
    """The model named by ``TALKWATCH_ATTRIBUTION_MODEL``, if set."""
    return load_model(os.environ.get(ENV_VAR))


def describe(model: CueModel | None, path: str | Path | None = None) -> str:
    """One line naming the cue decision in use (for reports)."""
    if model is None:
        return "lexicon rules"
    where = Path(path).name if path else Path(os.environ.get(ENV_VAR) or "model").name
    return f"learned model {where} (threshold {model.threshold:.2f}, {len(model.weights)} weights)"


# -- features -----------------------------------------------------------------------------
def _subject_kind(verb: "Token") -> str:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if subj is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return "agent" if agent is not None else "none"
    if subj.lower_ in _SUBJECT_PRONOUNS:
        return f"pron:{subj.lower_}" if subj.lower_ in ("it", "who", "i", "we") else "pron"
    if subj.ent_type_ in _SPEAKER_ENTS:
        return f"ent:{subj.ent_type_}"
    if subj.dep_ == "nsubjpass":
        return "passive"
    if subj.pos_ == "PROPN":
        return "propn"
    return f"noun:{subj.lemma_.lower()}" if subj.pos_ == "NOUN" else f"pos:{subj.pos_}"


def cue_features(verb: "Token", frame: str, quote_before: bool, quote_after: bool) -> list[str]:
    """Feature names of a candidate cue verb (``frame`` as ``attribution.verb_frame``)."""
    lemma = verb.lemma_.lower()
    subject = _subject_kind(verb)
    subj_coarse = subject.split(":", 1)[0]
    feats = [f"l={lemma}", f"w={verb.lower_}", f"f={frame}", f"lf={lemma}|{frame}", f"d={verb.dep_}",
             f"ld={lemma}|{verb.dep_}", f"t={verb.tag_}", f"s={subject}", f"ls={lemma}|{subj_coarse}",
             f"fs={frame}|{subj_coarse}", f"hd={verb.dep_}|{verb.head.pos_}"]
    doc = verb.doc  # the words either side, with the lemma: "hinted that", "he said", "calls for"
    feats += [f"lp1={lemma}|{doc[verb.i - 1].lower_ if verb.i > 0 else '<s>'}",
              f"ln1={lemma}|{doc[verb.i + 1].lower_ if verb.i + 1 < len(doc) else '</s>'}"]
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if clause is not None:  # what the complement clause is: its head's lemma and tag, its subject, its length
        comp_subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        feats += [f"cl={clause.dep_}|{clause.lemma_.lower()}", f"lcl={lemma}|{clause.lemma_.lower()}",
                  f"ct={clause.tag_}", f"cs={comp_subj.pos_ if comp_subj is not None else 'none'}",
                  f"clen={min((clause.right_edge.i - clause.left_edge.i + 1) // 4, 6)}"]
    if frame == "ccomp":
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is not None and any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children):
            feats += ["that", f"lthat={lemma}"]
        if comp is not None and comp.i < verb.i:
            feats += ["ccomp-before", f"lcb={lemma}"]
    first_prep = True
    for child in verb.children:
        if child.dep_ in ("neg", "auxpass", "dative", "oprd", "agent", "parataxis"):
            feats.append(f"c={child.dep_}")
        elif child.dep_ == "aux" and child.lower_ in _MODALS:
            feats.append("modal")
        elif child.dep_ == "prep":
            feats.append(f"prep={child.lower_}")
            if first_prep and child.i > verb.i:
                feats.append(f"lp={lemma}|{child.lower_}")
                first_prep = False
        elif child.dep_ == "dobj":
            feats += [f"o={child.lemma_.lower()}", f"lo={lemma}|{child.pos_}"]
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None:
        if subj.pos_ == "NOUN":
            feats.append(f"sl={subj.lemma_.lower()}")
        if any(t.ent_type_ == "PERSON" for t in subj.subtree):
            feats.append("subj-person")
        feats.append(f"sd={subj.left_edge.lower_}")  # "a", "the", "two", "officials" …
    if verb.dep_ in ("xcomp", "advcl", "conj", "ccomp", "relcl", "acl", "pcomp"):
        feats.append(f"hl={verb.dep_}|{verb.head.lemma_.lower()}")
    root, under = verb, ""
    for _ in range(12):  # the clause's root, and a reporting verb this one sits under
        if root.head.i == root.i:
            break
        root = root.head
        if not under and root.lemma_.lower() in _REPORTING:
            under = root.lemma_.lower()
    if root.i != verb.i:
        feats.append(f"rl={root.lemma_.lower()}")
    if under:
        feats += [f"under={under}", f"lunder={lemma}"]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        feats += ["participle", f"lpart={lemma}"]
    if quote_before:
        feats += ["q<", f"lq<={lemma}"]
    if quote_after:
        feats += ["q>", f"lq>={lemma}"]
    if verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].text == ":":
        feats.append("colon")
    if verb.is_title and verb.i > 0 and not verb.is_sent_start:
        feats.append("title-case")  # headline style
    return feats


def quote_near(doc_text: str, start: int, end: int, before: bool) -> bool:
    """A quote mark within a few characters before ``start`` (or after ``end``)."""
    window = doc_text[max(0, start - 40) : start] if before else doc_text[end : end + 25]
    return any(c in _QUOTE_MARKS for c in window)


# -- training -----------------------------------------------------------------------------
def fit_logistic(rows: list[list[str]], labels: list[int], *, l2: float = 3.0, epochs: int = 400,
                 min_count: int = 2, rate: float = 1.0) -> tuple[dict[str, float], float]:
    """Weights and bias of an L2-regularised logistic regression (full-batch AdaGrad).

    Deterministic: no sampling, a fixed number of passes, features in sorted order.
    """
    import numpy as np

    counts: dict[str, int] = {}
    for row in rows:
        for f in set(row):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    cols: list[int] = []
    lengths: list[int] = []
    for row in rows:
        ids = sorted({index[f] for f in row if f in index})
        cols.extend(ids)
        lengths.append(len(ids))
    n, d = len(rows), len(names)
    if n == 0:
        return {}, 0.0
    col = np.asarray(cols, dtype=np.int64)
    row_of = np.repeat(np.arange(n), np.asarray(lengths, dtype=np.int64))
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros(d)
    b = float(math.log((y.sum() + 1) / (n - y.sum() + 1)))
    g2w, g2b = np.full(d, 1e-8), 1e-8
    for _ in range(epochs):
        z = np.bincount(row_of, weights=w[col], minlength=n) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        err = p - y
        grad = np.bincount(col, weights=err[row_of], minlength=d) / n + l2 * w / n
        gb = float(err.mean())
        g2w += grad * grad
        g2b += gb * gb
        w -= rate * grad / np.sqrt(g2w)
        b -= rate * gb / math.sqrt(g2b)
    return {names[i]: round(float(w[i]), 5) for i in range(d) if abs(w[i]) >= 1e-4}, round(b, 5)
