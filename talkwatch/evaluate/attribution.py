"""PolNeAR reader and attribution scorer.

PolNeAR (../shared/polnear) stores each article as ``text/<article>.txt`` and its
attributions as brat standoff in ``attributions/<article>_<annotator>.ann``. Where an
article has several annotators' files, the lexicographically first is the gold one.

Matching (see docs/attribution.md):

* **relation**: a predicted attribution matches a gold one when the predicted content
  covers at least half of the gold content's characters and the source spans overlap
  (or both are absent). Pairs are matched one to one, best overlap first.
* **exact**: source, cue and content spans are compared as sets of (start, end) after
  trimming whitespace, quote marks and edge punctuation.

Example::

    >>> result = evaluate_attribution("../shared/polnear/data/dev", nlp, profile)
    >>> print(format_attribution_report(result))
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Attribution, Document
from ..profile import Profile

Ranges = tuple[tuple[int, int], ...]

RATES_OUTSIDE_QUOTES = True  # cue rates count only words outside quotation marks, where the rules look for cues
_TRIM = " \t\r\n\"'“”‘’«»„‚,.;:—–-"
_PRONOUNS = frozenset(
    "he she they i we you it him her them us me his their our its one who".split()
)
_QUOTE_OPEN = frozenset("\"“‘'«„‚")
_QUOTE_CLOSE = frozenset("\"”’'»“")
_SLICES = ("direct", "indirect", "pronoun-source", "no-source", "anonymous-source")


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: character ranges of its source, cue and content."""

    content: Ranges
    source: Ranges = ()
    cue: Ranges = ()


@dataclass
class Article:
    """One PolNeAR article: its id, text and canonical gold attributions."""

    id: str
    text: str
    gold: list[GoldAttribution] = field(default_factory=list)


# -- reading ---------------------------------------------------------------------------
def _parse_ranges(field_text: str) -> Ranges:
    ranges: list[tuple[int, int]] = []
    for part in field_text.split(";"):
        bits = part.split()
        if len(bits) != 2 or not all(b.isdigit() for b in bits):
            return ()
        ranges.append((int(bits[0]), int(bits[1])))
    return tuple(ranges)


def _parse_text_bound(line: str) -> tuple[str, str, Ranges] | None:
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 2:
        return None
    label, _, rest = cols[1].partition(" ")
    ranges = _parse_ranges(rest)
    return (cols[0], label, ranges) if ranges else None


def _parse_event(line: str) -> dict[str, str]:
    cols = line.rstrip("\n").split("\t")
    roles: dict[str, str] = {}
    for arg in cols[1].split() if len(cols) > 1 else ():
        role, _, ref = arg.partition(":")
        roles[role] = ref
    return roles


def read_ann(text: str) -> list[GoldAttribution]:
    """Parse brat standoff into gold attributions (Content and Content2 are merged)."""
    spans: dict[str, Ranges] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.startswith("T"):
            parsed = _parse_text_bound(line)
            if parsed:
                spans[parsed[0]] = parsed[2]
        elif line.startswith("E"):
            events.append(_parse_event(line))
    gold: list[GoldAttribution] = []
    for roles in events:
        content = spans.get(roles.get("Content", ""), ()) + spans.get(roles.get("Content2", ""), ())
        if not content:
            continue
        gold.append(
            GoldAttribution(
                content=tuple(sorted(content)),
                source=spans.get(roles.get("Source", ""), ()),
                cue=spans.get(roles.get("Cue", ""), ()),
            )
        )
    return gold


def canonical_ann_files(split_dir: Path) -> dict[str, Path]:
    """Article id → its lexicographically first annotator file."""
    chosen: dict[str, Path] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        article = path.stem.rsplit("_", 1)[0]
        chosen.setdefault(article, path)
    return chosen


def read_split(path: str | Path, limit: int | None = None) -> Iterator[Article]:
    """The articles of one PolNeAR split directory (``…/data/dev``), sorted by id."""
    split_dir = Path(path)
    for article, ann in sorted(canonical_ann_files(split_dir).items())[: limit or None]:
        txt = split_dir / "text" / f"{article}.txt"
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        yield Article(article, text, read_ann(ann.read_text(encoding="utf-8")))


# -- matching --------------------------------------------------------------------------
def _length(ranges: Ranges) -> int:
    return sum(e - s for s, e in ranges)


def _overlap(a: Ranges, b: Ranges) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _trim(text: str, ranges: Ranges) -> Ranges:
    """Span edges without whitespace, quote marks or edge punctuation (for exact match)."""
    if not ranges:
        return ()
    start, end = ranges[0][0], ranges[-1][1]
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return ((start, end),) if end > start else ()


def _pred_ranges(attr: Attribution) -> tuple[Ranges, Ranges, Ranges]:
    def one(span: Any) -> Ranges:
        return ((span.start, span.end),) if span is not None else ()

    return one(attr.content), one(attr.source), one(attr.cue)


def _relation_ok(gold: GoldAttribution, content: Ranges, source: Ranges) -> bool:
    covered = _overlap(gold.content, content)
    if covered * 2 < _length(gold.content):
        return False
    if not gold.source and not source:
        return True
    return _overlap(gold.source, source) > 0


def match_relations(
    gold: list[GoldAttribution], pred: list[tuple[Ranges, Ranges, Ranges]]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best content overlap first."""
    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, (content, source, _cue) in enumerate(pred):
            if _relation_ok(g, content, source):
                candidates.append((-_overlap(g.content, content), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _score, gi, pi in sorted(candidates):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


# -- slices ----------------------------------------------------------------------------
def _is_direct(text: str, ranges: Ranges) -> bool:
    """Content in quote marks: the span begins or ends at a quote mark."""
    if not ranges:
        return False
    start, end = ranges[0][0], ranges[-1][1]
    head = text[max(0, start - 1) : start + 1]
    tail = text[max(0, end - 2) : end + 1]
    return any(c in _QUOTE_OPEN for c in head) and any(c in _QUOTE_CLOSE for c in tail)


def _source_slice(text: str, ranges: Ranges) -> str | None:
    if not ranges:
        return "no-source"
    words = text[ranges[0][0] : ranges[-1][1]].split()
    if len(words) == 1 and words[0].lower().strip(".,") in _PRONOUNS:
        return "pronoun-source"
    if words and words[0].lower() in {"a", "an", "the", "some", "two", "three", "several",
                                      "many", "one", "other", "officials", "sources", "aides"}:
        if not any(w[:1].isupper() for w in words[1:]) or words[-1][:1].islower():
            return "anonymous-source"
    return None


def gold_slices(text: str, gold: GoldAttribution) -> list[str]:
    slices = ["direct" if _is_direct(text, gold.content) else "indirect"]
    source = _source_slice(text, gold.source)
    if source:
        slices.append(source)
    return slices


def pred_slices(text: str, attr: Attribution) -> list[str]:
    content, source, _cue = _pred_ranges(attr)
    slices = ["direct" if attr.mode in ("direct", "mixed") or _is_direct(text, content) else "indirect"]
    if not source:
        slices.append("no-source")
    elif attr.speaker_kind == "pronoun":
        slices.append("pronoun-source")
    elif attr.speaker_kind == "anonymous":
        slices.append("anonymous-source")
    return slices


# -- scoring ---------------------------------------------------------------------------
@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    tp_gold: int = 0  # gold-side true positives (can differ from tp for slices)

    def prf(self) -> dict[str, float | int]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
                "tp": self.tp_gold, "pred": self.n_pred, "gold": self.n_gold}


def _exact_sets(text: str, items: Iterable[Ranges]) -> set[tuple[tuple[int, int], ...]]:
    return {t for t in (_trim(text, r) for r in items) if t}


def score_article(
    article: Article, predicted: list[Attribution], totals: dict[str, Counts]
) -> None:
    """Add one article's relation, exact-span and slice counts to ``totals``."""
    pred = [_pred_ranges(a) for a in predicted]
    pairs = match_relations(article.gold, pred)
    rel = totals["relation"]
    rel.tp += len(pairs)
    rel.tp_gold += len(pairs)
    rel.n_pred += len(pred)
    rel.n_gold += len(article.gold)
    for role, idx in (("source", 1), ("cue", 2), ("content", 0)):
        gold_set = _exact_sets(article.text, (_gold_role(g, role) for g in article.gold))
        pred_set = _exact_sets(article.text, (p[idx] for p in pred))
        hit = len(gold_set & pred_set)
        counts = totals[f"exact_{role}"]
        counts.tp += hit
        counts.tp_gold += hit
        counts.n_pred += len(pred_set)
        counts.n_gold += len(gold_set)
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    for gi, g in enumerate(article.gold):
        for name in gold_slices(article.text, g):
            totals[f"slice_{name}"].n_gold += 1
            totals[f"slice_{name}"].tp_gold += gi in matched_g
    for pi, a in enumerate(predicted):
        for name in pred_slices(article.text, a):
            totals[f"slice_{name}"].n_pred += 1
            totals[f"slice_{name}"].tp += pi in matched_p


def _gold_role(g: GoldAttribution, role: str) -> Ranges:
    return {"source": g.source, "cue": g.cue, "content": g.content}[role]


def _new_totals() -> dict[str, Counts]:
    keys = ["relation", "exact_source", "exact_cue", "exact_content"]
    keys += [f"slice_{s}" for s in _SLICES]
    return {k: Counts() for k in keys}


def evaluate_attribution(
    path: str, nlp: Any, profile: Profile, limit: int | None = None, model: str | None = None
) -> dict[str, Any]:
    """Run ``find_attributions`` over a PolNeAR split and score it.

    ``model`` is a learned cue model file (``talkwatch train``); without it the one named
    by ``TALKWATCH_ATTRIBUTION_MODEL`` is used if set, else the lexicon rules.

    Returns ``{"split", "articles", "words", "seconds", "cues", "relation": {p, r, f1, ...},
    "exact": {"source"|"cue"|"content": {...}}, "slices": {name: {...}}}``.
    """
    from ..nlp.attribution import find_attributions
    from ..nlp.learned import default_model, describe, load_model

    cue_model = load_model(model) if model else default_model()

    articles = list(read_split(path, limit))
    if not articles:
        raise FileNotFoundError(f"{path}: no PolNeAR articles (expected text/ and attributions/)")
    totals = _new_totals()
    words = 0
    started = time.perf_counter()
    docs = nlp.pipe((a.text for a in articles), batch_size=32)
    for article, doc in zip(articles, docs):
        words += sum(1 for t in doc if not t.is_space and not t.is_punct)
        document = Document(id=article.id, text=article.text)
        score_article(article, find_attributions(doc, profile, document, model=cue_model), totals)
    result = _result(path, len(articles), words, time.perf_counter() - started, totals)
    result["cues"] = describe(cue_model, model)
    return result


def _result(path: str, n: int, words: int, seconds: float, totals: dict[str, Counts]) -> dict[str, Any]:
    return {
        "split": str(path),
        "articles": n,
        "words": words,
        "seconds": round(seconds, 2),
        "relation": totals["relation"].prf(),
        "exact": {r: totals[f"exact_{r}"].prf() for r in ("source", "cue", "content")},
        "slices": {s: totals[f"slice_{s}"].prf() for s in _SLICES},
    }


def _quoted(text: str, doc: Any) -> set[int]:
    """Indices of the tokens inside quotation marks: the rules never take a cue there (a
    quoted "I think" is the speaker's words), so a rate counted over them would understate
    how often the verb is a cue where the rules decide (``RATES_OUTSIDE_QUOTES``)."""
    if not RATES_OUTSIDE_QUOTES:
        return set()
    from ..nlp.quotes import scan_quotes

    spans = [(q.outer_start, q.outer_end) for q in scan_quotes(text).quotes]
    return {t.i for t in doc if any(s <= t.idx < e for s, e in spans)}


def cue_inventory(articles: list[Article], docs: Iterable[Any]) -> list[str]:
    """Lines of ``talkwatch/data/cues.txt``: cue-head lemmas and phrases with counts.

    Each line is ``kind<TAB>cue<TAB>times annotated as cue<TAB>times seen in the texts``;
    only words and short phrases are kept, never sentences.
    """
    heads: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for article, doc in zip(articles, docs):
        quoted = _quoted(article.text, doc)
        seen.update(t.lemma_.lower() for t in doc if t.i not in quoted)
        for gold in article.gold:
            tokens = [t for s, e in gold.cue for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
            words = [t for t in tokens if not t.is_punct and not t.is_space]
            ids = {t.i for t in words}
            head = next((t for t in words if t.head.i not in ids or t.head.i == t.i), None)
            if head is None:
                continue
            heads[head.lemma_.lower()] += 1
            if 1 < len(words) <= 3:
                phrases[" ".join(t.lower_ for t in words)] += 1
    lines = ["# Cue lemmas and phrases learned from PolNeAR train attribution annotations.",
             "# kind<TAB>cue<TAB>times annotated as a cue (head)<TAB>times the lemma occurs outside quotation marks"]
    lines += [f"lemma\t{k}\t{n}\t{seen[k]}" for k, n in heads.most_common() if n >= 2 and k.strip()]
    lines += [f"phrase\t{k}\t{n}\t0" for k, n in phrases.most_common() if n >= 3]
    return lines


def frame_inventory(articles: list[Article], docs: Iterable[Any]) -> list[str]:
    """Lines of ``talkwatch/data/attribution_frames.txt``: cue rate per (lemma, frame).

    Each line is ``lemma<TAB>frame<TAB>times its head was annotated as a cue<TAB>times seen``
    for verbs; the frame is what ``verb_frame`` reads off the parse (ccomp, xcomp,
    prep:<word>, dobj, none).
    """
    from ..nlp.attribution import verb_frame

    as_cue: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    for article, doc in zip(articles, docs):
        heads = set()
        for gold in article.gold:
            tokens = [t for s, e in gold.cue for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
            ids = {t.i for t in tokens}
            heads.update(t.i for t in tokens if t.pos_ in ("VERB", "AUX") and (t.head.i not in ids or t.head.i == t.i))
        quoted = _quoted(article.text, doc)
        for tok in doc:
            if tok.pos_ in ("VERB", "AUX") and tok.i not in quoted:
                key = (tok.lemma_.lower(), verb_frame(tok))
                seen[key] += 1
                as_cue[key] += tok.i in heads
    lines = ["# Cue rate of verb lemmas per complement frame, from PolNeAR train annotations.",
             "# lemma<TAB>frame<TAB>times annotated as a cue head<TAB>times seen outside quotation marks"]
    lines += [f"{k[0]}\t{k[1]}\t{as_cue[k]}\t{n}" for k, n in sorted(seen.items())
              if as_cue[k] >= 2 and k[0].strip()]
    return lines


def cue_outcomes(article: Article, doc: Any, profile: Any, model: Any = None) -> list[tuple[Any, bool]]:
    """(cue head token, whether its attribution matches a gold one) for each attribution the
    rules (with ``model``, if any) make in ``article``."""
    from ..nlp.attribution import find_attributions

    attrs = find_attributions(doc, profile, Document(id=article.id, text=article.text), model=model)
    matched = {p for _g, p in match_relations(article.gold, [_pred_ranges(a) for a in attrs])}
    outcomes = []
    for k, attr in enumerate(attrs):
        span = doc.char_span(attr.cue.start, attr.cue.end, alignment_mode="expand") if attr.cue else None
        if span is not None:
            outcomes.append((span.root, k in matched))
    return outcomes


def reliability_inventory(articles: list[Article], docs: Iterable[Any], profile: Any,
                          min_predicted: int = 5, max_right: float = 0.25) -> list[str]:
    """Lines of ``talkwatch/data/attribution_unreliable.txt``: the (lemma, frame) pairs whose
    attributions, as the rules make them, match PolNeAR gold less than ``max_right`` of the
    time (among pairs predicted at least ``min_predicted`` times).

    Each line is ``lemma<TAB>frame<TAB>right<TAB>predicted``. It depends on the rules: run it
    again (on a parse of the train split) after changing them.
    """
    from ..nlp import attribution as rules

    predicted: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    switch, rules.RELIABILITY = rules.RELIABILITY, False
    try:
        for article, doc in zip(articles, docs):
            for head, ok in cue_outcomes(article, doc, profile):
                key = rules.cue_key(head)
                predicted[key] += 1
                right[key] += ok
    finally:
        rules.RELIABILITY = switch
    lines = ["# (lemma, frame) pairs whose rule-made attributions matched PolNeAR train gold less than",
             f"# {max_right:.0%} of the time (predicted at least {min_predicted} times); the rules skip them.",
             "# lemma<TAB>frame<TAB>right<TAB>predicted"]
    lines += [f"{k[0]}\t{k[1]}\t{right[k]}\t{n}" for k, n in sorted(predicted.items())
              if n >= min_predicted and right[k] < max_right * n and k[0].strip()]
    return lines


def format_attribution_report(result: dict[str, Any]) -> str:
    """A plain-text table of the figures ``evaluate_attribution`` returns."""
    lines = [
        f"PolNeAR attribution — {result['split']}: {result['articles']} articles, "
        f"{result['words']} words, {result['seconds']} s; cues: {result.get('cues', 'lexicon rules')}",
        f"{'measure':<24}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}",
    ]

    def row(name: str, m: dict[str, Any]) -> str:
        return (f"{name:<24}{m['p'] * 100:>8.1f}{m['r'] * 100:>8.1f}{m['f1'] * 100:>8.1f}"
                f"{m['gold']:>8}{m['pred']:>8}")

    lines.append(row("relation (≥50% content)", result["relation"]))
    for role, m in result["exact"].items():
        lines.append(row(f"exact {role}", m))
    for name, m in result["slices"].items():
        lines.append(row(f"slice {name}", m))
    return "\n".join(lines)
