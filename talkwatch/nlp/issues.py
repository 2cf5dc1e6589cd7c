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

Speed: ``IssueTagger.find`` returns exactly what running every rule's ``finditer`` in turn
would, without paying one regex scan of the text per rule. Rules that start with ``\b`` (or
no word character before) and a known literal share one scan (``_Locator``) and are then
tried only where one of their literal starts is; the others are skipped when none of the
strings every match must contain is in the text (``required_literals``).
``tests/test_issues.py`` checks the result against the plain scan.

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
from re import _constants, _parser  # type: ignore[attr-defined]  # the prefilter reads parse trees
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
    # one str.translate over the text: A-Z and ` from a fixed table, each distinct non-ASCII
    # character of this text through _fold_char (one character in, one out)
    table = dict(_ASCII_FOLD)
    table.update((ord(ch), _fold_char(ch)) for ch in set(text) if ord(ch) > 127)
    return text.translate(table)


_ASCII_FOLD: dict[int, str] = {**{c: chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}, ord("`"): "'"}


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
        # the rules of each haystack as one RegexSet: (rule numbers, set)
        self._sets = {
            folded: (numbers, RegexSet([self.rules[n].regex for n in numbers]))
            for folded in (True, False)
            if (numbers := [n for n, rule in enumerate(self.rules) if rule.folded is folded])
        }

    @classmethod
    def from_profile(cls, profile: "Profile") -> "IssueTagger":
        return _tagger_for(profile)

    @classmethod
    def build(cls, issues: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> "IssueTagger":
        """From (issue id, cues, patterns) triples. The cues of an issue are compiled into
        one alternation (longest first)."""
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
        another issue is dropped ("ceasefire against energy" is energy-strikes only).

        The result is that of running each rule's ``finditer`` over its haystack, in rule
        order; the scanning is shared (``RegexSet``)."""
        per_rule: dict[int, list[re.Match[str]]] = {}
        for folded, (numbers, regexes) in self._sets.items():
            haystack = fold_keep_length(text) if folded else text
            per_rule.update(zip(numbers, regexes.finditer_each(haystack)))
        found: list[IssueMention] = []
        for number, rule in enumerate(self.rules):
            inverse_group = "inverse" in rule.regex.groupindex
            for m in per_rule[number]:
                start, end = m.span()
                if end > start:
                    inverse = inverse_group and m.group("inverse") is not None
                    found.append(IssueMention(rule.issue, start, end, text[start:end], rule.via, inverse))
        return _resolve_overlaps(found)


class RegexSet:
    """Many regexes over one text: what each one's ``finditer`` finds, with less scanning.

    Python's regex engine tries a pattern at every offset of the text, so n regexes cost n
    scans, and a cue alternation tries each of its cues at every word start. Here:

    * regexes that start with ``\\b`` or "no word character before" and whose matches start
      with known literal strings (``required_prefixes``) share one scan per flag set and
      start (``_Locator``), then are tried only where one of their strings starts;
    * the others keep their own scan, skipped when the text lacks every string a match must
      contain (``required_literals``).

    ``finditer_each(text)[i]`` equals ``list(regexes[i].finditer(text))`` (``tests/test_issues.py``
    checks it on the issue cues and patterns and on the stance lexicon)."""

    def __init__(self, regexes: Sequence[re.Pattern[str]]):
        self.regexes = tuple(regexes)
        self._located = _locators(self.regexes)
        self._needs: dict[int, tuple[tuple[str, ...], bool]] = {}
        for number, regex in enumerate(self.regexes):
            if number in self._located:
                continue
            found = required_literals(regex)
            if found is not None:
                needs, caseless_ = found
                # a string containing another of the set adds nothing: the shorter one is there too
                minimal = tuple(sorted(s for s in needs if not any(t != s and t in s for t in needs)))
                self._needs[number] = (minimal, caseless_)

    def finditer_each(self, text: str) -> list[list[re.Match[str]]]:
        lowered: str | None = None  # caseless(text), made when first needed
        candidates: dict[int, dict[int, list[int]]] = {}  # locator → regex → offsets to try
        out: list[list[re.Match[str]]] = []
        for number, regex in enumerate(self.regexes):
            locator = self._located.get(number)
            if locator is not None:
                if locator.number not in candidates:
                    if locator.caseless and lowered is None:
                        lowered = caseless(text)
                    candidates[locator.number] = locator.candidates(text, lowered if locator.caseless else text)
                out.append(_matches_at(regex, text, candidates[locator.number].get(number, ())))
                continue
            if number in self._needs:
                needs, caseless_ = self._needs[number]
                if caseless_ and lowered is None:
                    lowered = caseless(text)
                probe = lowered if caseless_ else text
                if not any(s in probe for s in needs):  # type: ignore[operator]
                    out.append([])  # every match contains one of needs: none can be here
                    continue
            out.append(list(regex.finditer(text)))
        return out


def _matches_at(regex: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What ``regex.finditer(text)`` finds, given (in order) every offset where regex can
    match: the leftmost match at or after the end of the previous one.
    ``regex.match(text, pos)`` sees the text before pos (lookbehinds, ``\\b``), so each
    attempt is the one a scan makes at that offset. Only for regexes that never match the
    empty string."""
    found: list[re.Match[str]] = []
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = regex.match(text, start)
        if m is not None:
            found.append(m)
            pos = m.end()
    return found


@dataclass
class _Locator:
    """Where any of a group of regexes can start, found in one scan.

    The regexes share flags and a leading assertion (``\\b``, or no word character
    before), and every match of each starts with one of a known set of literal strings
    (``required_prefixes``). ``regex`` is that assertion and a lookahead capturing the
    longest of those strings at an offset, written as a trie:
    ``\\b(?=(secur|cease(?:fire|-fire)|…))``; the assertion rejects most offsets with one
    test. ``members`` maps each string to the regexes whose strings it begins with (its own
    and those of its shorter prefixes), so each regex is tried only where one of its
    strings is. The strings are looked up in ``probe``: the text, or ``caseless(text)``
    (same offsets) for regexes that ignore case."""

    number: int
    regex: re.Pattern[str]
    members: dict[str, tuple[int, ...]]
    caseless: bool

    def candidates(self, text: str, probe: str) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        members = self.members
        for m in self.regex.finditer(text):
            at = m.start()
            for number in members[probe[at : m.end(1)]]:
                out.setdefault(number, []).append(at)
        return out


def _leading_guard(regex: re.Pattern[str]) -> str | None:
    """The assertion every match of regex starts with, as a locator writes it: ``\\b``,
    ``(?<![\\w])`` (no word character before), or None."""
    try:
        tree = list(_parser.parse(regex.pattern, regex.flags))
    except (re.error, RecursionError):
        return None
    if not tree:
        return None
    op, av = tree[0]
    if op is _constants.AT and av is _constants.AT_BOUNDARY:
        return r"\b"
    if op is _constants.ASSERT_NOT and av[0] == -1:
        if list(av[1]) == [(_constants.IN, [(_constants.CATEGORY, _constants.CATEGORY_WORD)])]:
            return r"(?<![\w])"
    return None


def _locators(regexes: Sequence[re.Pattern[str]]) -> dict[int, _Locator]:
    """Regex number → its _Locator, for the regexes that can have one: no groups (a match
    found by the locator's offsets is the scan's match, but groups are not looked at here),
    no flags beyond ignore-case, a leading guard, literal starts and no empty match."""
    grouped: dict[tuple[int, str], list[tuple[int, frozenset[str]]]] = {}
    for number, regex in enumerate(regexes):
        if regex.groups or regex.flags & ~(re.IGNORECASE | re.UNICODE):
            continue
        guard = _leading_guard(regex)
        if guard is None:
            continue
        prefixes = required_prefixes(regex)  # None also when the pattern cannot be parsed
        if prefixes is not None and _parser.parse(regex.pattern, regex.flags).getwidth()[0] == 0:
            prefixes = None  # may match the empty string: _matches_at does not handle that
        if prefixes is None:
            continue
        grouped.setdefault((regex.flags, guard), []).append((number, prefixes))
    out: dict[int, _Locator] = {}
    for which, ((flags, guard), members) in enumerate(grouped.items()):
        if len(members) < 2:
            continue
        owners: dict[str, set[int]] = {}
        for number, prefixes in members:
            for prefix in prefixes:
                owners.setdefault(prefix, set()).add(number)
        # a string's regexes: its own and those of every shorter string it begins with
        by_string = {
            string: tuple(sorted({n for i in range(1, len(string) + 1) for n in owners.get(string[:i], ())}))
            for string in owners
        }
        try:
            regex = re.compile(guard + "(?=(" + _trie_regex(sorted(owners)) + "))", flags)
        except (re.error, RecursionError):
            continue
        locator = _Locator(which, regex, by_string, bool(flags & re.IGNORECASE))
        for number, _prefixes in members:
            out[number] = locator
    return out


def _trie_regex(strings: Iterable[str]) -> str:
    """Literal strings as one alternation that tests each character once and, being
    greedy, matches the longest string it can: {"pause", "peace", "peacekeep"} →
    ``(?:pause|peace(?:keep)?)``."""
    trie: dict = {}
    for string in strings:
        node = trie
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


_PREFIX_LIMIT = 5000  # strings per prefix set; beyond it a rule keeps its own scan


def required_prefixes(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Non-empty literal strings one of which every match of regex starts with (lower-cased
    ASCII when regex ignores case, compared by the regex's own case rule), or None.
    Leading lookarounds and anchors consume nothing and are skipped; then a literal run, a
    group or an alternation of such, as far as they go."""
    caseless_ = bool(regex.flags & re.IGNORECASE)
    try:
        prefixes = _sequence_prefixes(list(_parser.parse(regex.pattern, regex.flags)), caseless_, True)
    except (_NoRequirement, re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None
    if not prefixes or "" in prefixes:
        return None
    return prefixes


def _sequence_prefixes(items: list, caseless_: bool, leading: bool) -> frozenset[str] | None:
    """(Strings every match of the sequence starts with; None: unknown.) An empty string in
    the set means "nothing known beyond this point"."""
    result = [""]
    for op, av in items:
        if leading and op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue  # consumes nothing: the match still starts with what follows
        leading = False
        if op is _constants.LITERAL:
            ch = chr(av)
            if caseless_:
                if not ch.isascii():
                    return frozenset(result)
                ch = ch.lower()
            result = [r + ch for r in result]
            continue
        sub: frozenset[str] | None = None
        if op is _constants.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            if (add_flags | del_flags) & (re.IGNORECASE | re.LOCALE):
                raise _NoRequirement
            sub = _sequence_prefixes(list(body), caseless_, False)
        elif op is _constants.BRANCH:
            branches = [_sequence_prefixes(list(b), caseless_, False) for b in av[1]]
            if all(b is not None for b in branches):
                sub = frozenset().union(*branches)  # type: ignore[arg-type]
        if sub is None or len(result) * len(sub) > _PREFIX_LIMIT:
            return frozenset(result)
        # what follows the group is not known to extend every branch: stop after it
        return frozenset(r + s for r in result for s in sub)
    return frozenset(result)


# -- the prefilter: strings a rule's every match contains -----------------------------------
# Non-ASCII characters that re.IGNORECASE matches to an ASCII letter, and which str.lower()
# does not map to it: İ (lowercases to two characters), dotless ı, long ſ. (Kelvin K
# lowercases to k.) tests/test_issues.py checks this against every code point.
_CASELESS_FIX = {0x130: "i", 0x131: "i", 0x17F: "s"}


def caseless(text: str) -> str:
    """Text in which an ASCII string occurs (as s.lower()) wherever a case-insensitive
    regex literal for it can match. Offsets are not kept: it only answers "is it there"."""
    return text.translate(_CASELESS_FIX).lower()


class _NoRequirement(Exception):
    pass


_REPEATS = tuple(
    getattr(_constants, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_constants, name)
)


def required_literals(regex: re.Pattern[str]) -> tuple[frozenset[str], bool] | None:
    """(strings, caseless): every match of regex contains at least one of the strings —
    lower-cased ASCII to look for in ``caseless(text)`` when regex ignores case, else exact.
    None when no such set can be derived (the rule then always runs).

    Derived from the parse tree: a run of literal characters is required; a group, or a
    repeat of at least one, requires what its body requires; an alternation requires the
    union of what each branch requires (nothing if one branch requires nothing); a sequence
    keeps its most selective requirement. Lookarounds, classes and optional parts require
    nothing. Scoped case flags (``(?i:…)``) give up."""
    if regex.flags & re.LOCALE:
        return None
    caseless_ = bool(regex.flags & re.IGNORECASE)
    try:
        tree = _parser.parse(regex.pattern, regex.flags)
        needs = _sequence_needs(list(tree), caseless_)
    except (_NoRequirement, re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None
    return (needs, caseless_) if needs else None


def _sequence_needs(items: list, caseless_: bool) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _constants.LITERAL:
            ch = chr(av)
            if caseless_:
                if not ch.isascii():  # its case-insensitive variants are not worked out here
                    flush()
                    continue
                ch = ch.lower()
            run.append(ch)
            continue
        flush()
        needs: frozenset[str] | None = None
        if op is _constants.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            if (add_flags | del_flags) & (re.IGNORECASE | re.LOCALE):
                raise _NoRequirement
            needs = _sequence_needs(list(body), caseless_)
        elif op is _constants.BRANCH:
            branches = [_sequence_needs(list(b), caseless_) for b in av[1]]
            if branches and all(branches):
                needs = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _high, body = av
            if low >= 1:
                needs = _sequence_needs(list(body), caseless_)
        elif op is getattr(_constants, "ATOMIC_GROUP", None):
            needs = _sequence_needs(list(av), caseless_)
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT):
            # a lookaround requires nothing of the match, but scoped flags inside it still
            # must not go unnoticed
            _sequence_needs(list(av[1]), caseless_)
        if needs:
            candidates.append(needs)
    flush()
    if not candidates:
        return None
    # the most selective: the longest shortest string, then the fewest strings
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


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


# words that announce a list of items ("Putin laid out several points", "six demands")
LIST_INTRO = re.compile(
    r"\b(?:points?|conditions?|demands?|items?|steps?|proposals?|elements?|principles?|terms|laid out|set out|set forth)\b",
    re.I,
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
