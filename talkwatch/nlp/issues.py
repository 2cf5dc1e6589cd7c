"""Issue tagging: where a text mentions a negotiation issue of the profile.

Every issue in the profile has cue phrases and, optionally, regular expressions. Cues are
compiled to case-insensitive, whole-word patterns that tolerate inflection ("guarantee" →
"guarantees", "territory" → "territories"), hyphen/space variants ("cease-fire",
"cease fire", "ceasefire") and both apostrophes (’ and '). Short all-capital cues ("LPR",
"POW") match case-sensitively so "us" never reads as "US".

Example::

    >>> tagger = IssueTagger.from_profile(profile)
    >>> [m.issue for m in tagger.find("a ceasefire, troop withdrawal and security guarantees")]
    ['ceasefire', 'troop-withdrawal', 'security-guarantees']

A pattern with a named group ``inverse`` marks mentions of the issue's opposite: for
neutrality, ``(?P<inverse>join(?:s|ed|ing)? NATO)`` — "we want to join NATO" is a stance
*against* neutrality, and stance coding flips demand and reject for such mentions.

Ordinal lists ("The first is neutrality. Second, disarmament…") are tracked by
``ordinal_index``/``ordinal_references`` so that "the first four articles" points back to
the issues of items one to four.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..profile import Profile

_APOSTROPHES = "'’‘`ʼ"
_DASHES = r"\-‐‑–—"


@dataclass(frozen=True)
class IssueMention:
    """One mention of an issue: character offsets into the text it was found in."""

    issue: str
    start: int
    end: int
    text: str
    via: str = "cue"  # cue | pattern | ordinal
    inverse: bool = False  # the mention names the opposite of the issue ("join NATO" for neutrality)


def fold_keep_length(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes without changing any offset."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(_fold_char(ch) if ord(ch) > 127 else ch.lower() for ch in text.replace("`", "'"))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in "ıİ":
        return "i"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if len(base) == 1 and len(base.lower()) == 1:
        return base.lower()
    low = ch.lower()
    return low if len(low) == 1 else ch


def _word_pattern(word: str, inflect: bool) -> str:
    """A regex for one cue word, tolerant of plural and verb endings."""
    w = fold_keep_length(word)
    w = w.replace("'", "\x00")
    if not inflect or len(w) <= 3 or not w.isalpha():
        return re.escape(w).replace("\x00", "'") + ("(?:'s|s)?" if w.isalpha() else "")
    if w.endswith("ies"):
        return re.escape(w[:-3]) + "(?:y|ies|ied)"
    if w.endswith("y") and w[-2] not in "aeiou":
        return re.escape(w[:-1]) + "(?:y|ies|ied|ying)"
    if w.endswith("e"):
        return re.escape(w[:-1]) + "(?:e|es|ed|ing|'s)"
    if w.endswith("ss"):  # "dismiss", "progress", "address": verbs and mass nouns
        return re.escape(w) + "(?:es|ed|ing)?"
    if w.endswith("s"):  # given in the plural: stays plural ("talks" is not the verb "talk")
        return re.escape(w) + "(?:'s)?"
    return re.escape(w) + "(?:s|es|ed|ing|'s)?"


def cue_regex(cue: str, bounded: bool = True) -> str:
    """The regex source for a cue phrase (whole words; see module docstring)."""
    words = [w for w in re.split(rf"[\s{_DASHES}]+", cue.strip()) if w]
    if not words:
        return r"(?!x)x"
    hyphenated = any(d in cue for d in "-‐‑–—")
    # the separator tolerates space, hyphen and (for hyphenated cues) nothing at all
    sep = rf"[\s{_DASHES}]*" if hyphenated else rf"[\s{_DASHES}]+"
    body = sep.join(_word_pattern(w, inflect=True) for w in words)
    return r"(?<![\w])" + body + r"(?![\w])" if bounded else body


def cues_regex(cues: Sequence[str]) -> str:
    """One alternation for many cues, longest first, behind a first-character filter so
    that most text positions are rejected at once."""
    ordered = sorted((c for c in cues if c.strip()), key=len, reverse=True)
    if not ordered:
        return r"(?!x)x"
    firsts = sorted({fold_keep_length(c.strip())[0] for c in ordered})
    lead = "".join(re.escape(f) for f in firsts)
    alternation = "|".join(cue_regex(c, bounded=False) for c in ordered)
    return rf"(?<![\w])(?=[{lead}])(?:{alternation})(?![\w])"


def _is_acronym(cue: str) -> bool:
    letters = [c for c in cue if c.isalpha()]
    return bool(letters) and len(cue) <= 5 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class _Rule:
    issue: str
    regex: re.Pattern[str]
    folded: bool  # matched against the folded text (cues) or the raw text (acronyms, patterns)
    via: str


class IssueTagger:
    """Compiled cue phrases and patterns of a profile."""

    def __init__(self, rules: Sequence[_Rule]):
        self.rules = tuple(rules)

    @classmethod
    def from_profile(cls, profile: "Profile") -> "IssueTagger":
        return _tagger_for(profile)

    @classmethod
    def build(cls, issues: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> "IssueTagger":
        """From (issue id, cues, patterns) triples. The cues of an issue are compiled into
        one alternation (longest first), so a text is scanned once per issue."""
        rules: list[_Rule] = []
        for iid, cues, patterns in issues:
            words = [c for c in cues if not _is_acronym(c) and c.strip()]
            acronyms = sorted((c for c in cues if _is_acronym(c)), key=len, reverse=True)
            if words:
                rules.append(_Rule(iid, re.compile(cues_regex(words)), True, "cue"))
            if acronyms:
                alternation = "|".join(re.escape(c) for c in acronyms)
                rules.append(_Rule(iid, re.compile(rf"(?<![\w])(?:{alternation})s?(?![\w])"), False, "cue"))
            for pattern in patterns:
                rules.append(_Rule(iid, re.compile(pattern, re.IGNORECASE), False, "pattern"))
        return cls(rules)

    def find(self, text: str) -> list[IssueMention]:
        """Issue mentions in text, sorted by offset; a mention inside a longer one of
        another issue is dropped ("ceasefire against energy" is energy-strikes only)."""
        folded = fold_keep_length(text)
        found: list[IssueMention] = []
        for rule in self.rules:
            haystack = folded if rule.folded else text
            for m in rule.regex.finditer(haystack):
                if m.end() > m.start():
                    inverse = "inverse" in rule.regex.groupindex and m.group("inverse") is not None
                    found.append(IssueMention(rule.issue, m.start(), m.end(), text[m.start():m.end()], rule.via, inverse))
        return _resolve_overlaps(found)


def _resolve_overlaps(found: list[IssueMention]) -> list[IssueMention]:
    """Drop mentions inside a longer mention of another issue and repeats of one issue."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[IssueMention] = []
    kept_ids: set[int] = set()
    active: list[IssueMention] = []  # mentions (of all issues) still open at this offset
    for m in found:
        active = [k for k in active if k.end > m.start]
        inside_other = any(
            k.start <= m.start and m.end <= k.end and (k.end - k.start) > (m.end - m.start) and k.issue != m.issue
            for k in active
        )
        same = any(k.issue == m.issue and k.start < m.end and m.start < k.end and id(k) in kept_ids for k in active)
        active.append(m)
        if not inside_other and not same:
            kept.append(m)
            kept_ids.add(id(m))
    return kept


@lru_cache(maxsize=8)
def _tagger_cached(key: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]) -> IssueTagger:
    return IssueTagger.build(key)


def _tagger_for(profile: "Profile") -> IssueTagger:
    key = tuple((iid, issue.cues, issue.patterns) for iid, issue in profile.issues.items())
    return _tagger_cached(key)


def find_issue_mentions(text: str, profile: "Profile") -> list[IssueMention]:
    """Issue mentions in a text, per the profile's cues and patterns."""
    return IssueTagger.from_profile(profile).find(text)


# -- ordinal lists ------------------------------------------------------------------------
_ORDINALS = {
    "first": 1, "firstly": 1, "second": 2, "secondly": 2, "third": 3, "thirdly": 3,
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_ORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
# "The first is …", "Second, …", "The fourth point is …", "Ninth are …", "3. …"
_ITEM_START = re.compile(
    rf"^\W*(?:the\s+)?(?P<ord>{_ORD})(?:\s+(?:point|item|article|condition|demand|step|one))?\s*(?:[,:–—-]|is\b|are\b|will\s+be\b)",
    re.IGNORECASE,
)
# "the first four articles", "the fifth and sixth articles", "the first two points"
_REFERENCE = re.compile(
    rf"\b(?:the\s+)?(?:(?P<first>first)\s+(?P<n>{'|'.join(_NUMBERS)}|\d+)|(?P<a>{_ORD})\s+and\s+(?P<b>{_ORD}))\s+"
    r"(?:articles?|points?|items?|conditions?|demands?|issues?|elements?)\b",
    re.IGNORECASE,
)


def ordinal_of_item(sentence: str) -> int | None:
    """The list position a sentence opens with ("Second, disarmament…" → 2), or None."""
    m = _ITEM_START.match(sentence)
    return _ORDINALS[m.group("ord").lower()] if m else None


def ordinal_references(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, item numbers) for each back-reference to list items in text."""
    refs = []
    for m in _REFERENCE.finditer(text):
        if m.group("first"):
            raw = m.group("n").lower()
            n = _NUMBERS.get(raw) or int(raw)
            items = tuple(range(1, n + 1))
        else:
            items = (_ORDINALS[m.group("a").lower()], _ORDINALS[m.group("b").lower()])
        refs.append((m.start(), m.end(), items))
    return refs
