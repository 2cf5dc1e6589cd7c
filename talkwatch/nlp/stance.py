"""Stance coding: which stance a sentence takes on an issue it mentions, and on what terms.

The cues live in ``talkwatch/data/stance_lexicon.txt`` (stance, weight, phrase). For an
issue mention, every cue of its sentence is scored: its weight, a bonus when the cue
governs the mention in the parse (``consider`` → ``neutrality`` in "ready to consider …
neutrality"), a penalty for distance and for coming after the mention. The best cue wins;
a negator before it ("not ready to", "could not make") flips it per ``NEGATED``.

Conditions are other issues introduced by a condition marker ("backed by", "in return",
"only after", "without settling"): "neutrality backed by security guarantees" codes
neutrality with condition ``security-guarantees``.

Example::

    >>> lex = StanceLexicon.load()
    >>> [c.stance for c in lex.cues("We will never accept this.")]
    ['reject', 'accept']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .issues import IssueMention, RegexSet, cue_regex, fold_keep_length

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

LEXICON = Path(__file__).resolve().parents[1] / "data" / "stance_lexicon.txt"

# What a stance becomes when its cue is negated ("not ready to" offer → reject).
NEGATED: dict[str, str | None] = {
    "demand": "reject",
    "offer": "reject",
    "open": "reject",
    "accept": "reject",
    "reject": "open",
    "progress": None,
    "agreed": None,
    "no-position": "no-position",
    "doubt": "doubt",
}
# Decisive cues already carry their negation or are idioms; they never flip.
_NO_FLIP = {"no-position", "doubt"}
NEGATORS = {"not", "n't", "never", "no", "cannot", "nothing", "unable", "neither", "nor", "without"}
_CLAUSE_BREAK = {",", ";", ":", "—", "–", "but", "and", "or", "which", "that", "because", "while"}

# What a stance on an inverse mention ("join NATO" for neutrality) means for the issue.
INVERSE: dict[str, str] = {"demand": "reject", "reject": "demand", "offer": "reject", "accept": "reject"}

# Condition markers: issues after the marker condition the issues before it.
CONDITION_MARKERS = re.compile(
    r"\b(?:backed by|underpinned by|with (?:the )?guarantees?|in return|in exchange(?: for)?|"
    r"only after|only if|only when|provided (?:that)?|on (?:the )?condition(?: that)?|"
    r"conditioned on|conditional on|connected to|tied to|linked to|subject to|"
    r"without (?:first )?(?:settling|resolving|addressing)|until|before|on the basis of|based on)\b",
    re.IGNORECASE,
)
CONDITION_REACH = 80  # characters after a marker within which a mention is its condition
# Reversed markers: issues before the marker condition the issues after it
# ("withdrawal of troops as a condition for peace talks").
REVERSED_CONDITION_MARKERS = re.compile(
    r"\b(?:as an? (?:pre)?condition (?:for|of)|is an? (?:pre)?condition (?:for|of))\b", re.IGNORECASE
)


@dataclass(frozen=True)
class StanceCue:
    """A stance cue found in a text (character offsets into that text)."""

    stance: str
    weight: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Coded:
    """The stance coded for one issue mention."""

    stance: str
    score: float
    cue: StanceCue | None = None
    negated: bool = False
    conditions: tuple[str, ...] = ()


class StanceLexicon:
    """Stance cue phrases, compiled."""

    def __init__(self, entries: list[tuple[str, int, re.Pattern[str]]]):
        self.entries = entries
        # one shared scan for the cues that start with a word and a literal, a literal
        # prefilter for the rest: the same matches as each regex's own finditer
        self._regexes = RegexSet([regex for _, _, regex in entries])

    @classmethod
    def load(cls, path: str | Path | None = None) -> "StanceLexicon":
        return _load(str(path or LEXICON))

    @classmethod
    def parse(cls, lines: list[str]) -> "StanceLexicon":
        entries: list[tuple[str, int, re.Pattern[str]]] = []
        for raw in lines:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(f"stance lexicon line needs 3 tab-separated fields: {line!r}")
            stance, weight, phrase = parts[0].strip(), int(parts[1]), parts[2].strip()
            source = phrase[3:] if phrase.startswith("re:") else cue_regex(phrase)
            entries.append((stance, weight, re.compile(source)))
        return cls(entries)

    def cues(self, text: str, offset: int = 0) -> list[StanceCue]:
        """All cues in text; a cue inside a longer cue is dropped. Offsets + offset."""
        folded = re.sub(r"\s", " ", fold_keep_length(text))  # "up\nto Ukraine" = "up to Ukraine"
        found = []
        for (stance, weight, _), matches in zip(self.entries, self._regexes.finditer_each(folded)):
            for m in matches:
                if m.end() > m.start():
                    found.append(StanceCue(stance, weight, m.start() + offset, m.end() + offset, text[m.start():m.end()]))
        found.sort(key=lambda c: (c.start, -(c.end - c.start), -c.weight))
        kept: list[StanceCue] = []
        reach = -1  # the furthest end of a kept cue: every kept cue starts at or before c
        for c in found:
            if c.end <= reach:
                continue  # inside a longer (or earlier, wider) cue
            kept.append(c)
            reach = max(reach, c.end)
        return [c for c in kept if c.stance != "none"]  # "none" phrases only block shorter cues


@lru_cache(maxsize=4)
def _load(path: str) -> StanceLexicon:
    return StanceLexicon.parse(Path(path).read_text(encoding="utf-8").splitlines())


# -- parse helpers -------------------------------------------------------------------------
_STARTS: list[tuple["Doc", list[int]]] = []  # token offsets of the last document seen


def _token_starts(doc: "Doc") -> list[int]:
    if _STARTS and _STARTS[0][0] is doc and len(_STARTS[0][1]) == len(doc):
        return _STARTS[0][1]
    starts = [t.idx for t in doc]
    _STARTS[:] = [(doc, starts)]
    return starts


def token_at(doc: "Doc", char: int) -> "Token":
    """The token covering (or nearest before) a character offset."""
    i = max(0, bisect_right(_token_starts(doc), char) - 1)
    return doc[i]


def is_negated(doc: "Doc", cue_start: int, sent_start_token: int) -> bool:
    """A negator among the three tokens before the cue, with no clause break between."""
    tok = token_at(doc, cue_start)
    i = tok.i - 1
    steps = 0
    while i >= sent_start_token and steps < 4:
        word = doc[i].lower_
        if word in NEGATORS:
            return True
        if word in _CLAUSE_BREAK:
            return False
        if tok.pos_ in ("NOUN", "PROPN") and doc[i].pos_ == "VERB":
            return False  # "has not withdrawn his demands": the demands stand
        i -= 1
        steps += 1
    return any(child.dep_ == "neg" for child in tok.children)


_WISH = {"hope", "hopes", "hoped", "hoping", "wish", "want", "wants", "expect", "expects", "need", "needs",
         "must", "should", "will", "would", "could", "can", "may", "might", "to"}


def _wished(doc: "Doc", cue_start: int, sent_start_token: int) -> bool:
    """Progress or agreement that is hoped for, needed or future rather than reported."""
    tok = token_at(doc, cue_start)
    for i in range(tok.i - 1, max(sent_start_token, tok.i - 4) - 1, -1):
        word = doc[i].lower_
        if word in _WISH:
            return True
        if word in _CLAUSE_BREAK:
            break
    # "points need to be prepared and agreed": a conjoined verb shares its first verb's mood
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head.i < tok.i and tok.head.i >= sent_start_token:
        return _wished(doc, tok.head.idx, sent_start_token)
    return False


def _hops(cue_tok: "Token", target: "Token") -> int | None:
    """How many arcs up from target to cue_tok, or None when cue_tok does not govern it."""
    hops, cur = 0, target
    while cur != cue_tok:
        if cur.head == cur or hops > 40 or _side_clause(cur):
            return None  # "dismissed the plan, as the sides look no closer to a ceasefire"
        cur, hops = cur.head, hops + 1
    return hops


_SIDE_MARKS = {"as", "because", "since", "while", "although", "though", "whereas"}


def _side_clause(tok: "Token") -> bool:
    """An adverbial clause giving a reason or contrast: a cue above it does not govern it."""
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _SIDE_MARKS for c in tok.children)


def _score(doc: "Doc", cue: StanceCue, mention: IssueMention) -> float:
    cue_tok = token_at(doc, cue.start)
    men_tok = token_at(doc, mention.start)
    distance = abs(men_tok.i - cue_tok.i)
    score = float(cue.weight)
    hops = _hops(cue_tok, men_tok)
    if hops is None and cue_tok.dep_ in ("aux", "auxpass", "xcomp", "acomp", "amod"):
        hops = _hops(cue_tok.head, men_tok)
    if hops is not None:  # the cue governs the mention; the nearest governor counts most
        score += max(0.5, 3.0 - 0.3 * hops)
    score -= 0.06 * distance
    if cue.start > mention.end:
        score -= 0.4
    if cue.start < mention.end and cue.end > mention.start:
        score += 1.0  # the cue is the mention itself ("the proposal", "agreed deal")
    return score


def code_stance(
    doc: "Doc",
    sent: "Span",
    mention: IssueMention,
    cues: list[StanceCue],
    conditions: tuple[str, ...] = (),
) -> Coded | None:
    """The stance a sentence takes on one issue mention, or None when no cue applies."""
    best: Coded | None = None
    framed = _acknowledged(doc, cues)
    for cue in cues:
        if cue in framed:
            continue  # "we understand that every country needs guarantees": open, not a demand
        score = _score(doc, cue, mention)
        if cue.stance in ("progress", "agreed") and _wished(doc, cue.start, sent.start):
            continue  # "we hope for progress", "points need to be agreed": not reported
        stance, negated = cue_reading(doc, cue, sent.start)
        if stance is None:
            continue
        if conditions and stance in ("offer", "accept", "reject") and (negated or stance != "reject"):
            stance = "open" if (negated or stance == "accept") else stance
        if mention.inverse:
            stance = INVERSE.get(stance, stance)
        if best is None or score > best.score:
            best = Coded(stance, score, cue, negated, conditions)
    return best


def cue_reading(doc: "Doc", cue: StanceCue, sent_start_token: int) -> tuple[str | None, bool]:
    """The stance a cue takes where it stands, and whether a negator flipped it ("not ready
    to" → reject; "no progress" → None)."""
    flippable = cue.stance not in _NO_FLIP and (cue.stance != "reject" or _plain_verb(doc, cue))
    negated = flippable and is_negated(doc, cue.start, sent_start_token)
    return (NEGATED[cue.stance] if negated else cue.stance), negated


_ACKNOWLEDGE = {"understand", "acknowledge", "recognize", "recognise"}


def _plain_verb(doc: "Doc", cue: StanceCue) -> bool:
    """A one-word reject verb ("rejected", "refuses"), which a negator before it flips ("has
    not rejected" = open); phrases carry their own polarity ("will never", "out of the question")."""
    if " " in cue.text.strip():
        return False
    tok = token_at(doc, cue.start)
    return tok.pos_ == "VERB"


def _acknowledged(doc: "Doc", cues: list[StanceCue]) -> set[StanceCue]:
    """Demand cues inside what an open cue acknowledges: in "we understand that every
    country needs guarantees" the need is the other side's, granted by the speaker."""
    anchors = []
    for cue in cues:
        if cue.stance != "open":
            continue
        tok = token_at(doc, cue.start)
        if tok.dep_ in ("nsubj", "nsubjpass"):
            tok = tok.head
        if tok.lemma_ in _ACKNOWLEDGE:
            anchors.append(tok)
    if not anchors:
        return set()
    out = set()
    for cue in cues:
        if cue.stance == "demand":
            tok = token_at(doc, cue.start)
            if any(a in tok.ancestors for a in anchors):
                out.add(cue)
    return out


def find_conditions(text: str, offset: int, mentions: list[IssueMention]) -> tuple[dict[int, tuple[str, ...]], set[int]]:
    """Conditions per mention index, and the indices of mentions that are conditions.

    ``text`` is a sentence starting at ``offset``; mentions carry document offsets.
    """
    conditions: dict[int, tuple[str, ...]] = {}
    conditional: set[int] = set()
    reversed_at = [m.start() + offset for m in REVERSED_CONDITION_MARKERS.finditer(text)]
    markers = [(m.start() + offset, False) for m in CONDITION_MARKERS.finditer(text)]
    for at, rev in sorted(markers + [(r, True) for r in reversed_at]):
        if not rev and any(r <= at <= r + 30 for r in reversed_at):
            continue
        # what a marker introduces stays near it: not every issue to the end of the sentence
        after = [i for i, men in enumerate(mentions) if at <= men.start <= at + CONDITION_REACH]
        before = [i for i, men in enumerate(mentions) if men.end <= at]
        if rev:
            before, after = after, before
        if not after or not before:
            continue
        cond_issues = tuple(dict.fromkeys(mentions[i].issue for i in after))
        for i in before:
            extra = tuple(c for c in cond_issues if c != mentions[i].issue)
            if extra:
                conditions[i] = tuple(dict.fromkeys(conditions.get(i, ()) + extra))
        conditional.update(i for i in after if mentions[i].issue not in {mentions[j].issue for j in before})
    return conditions, conditional
