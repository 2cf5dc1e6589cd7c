"""Issue tagging: cue compilation, overlaps, inverse mentions, ordinal lists."""

from __future__ import annotations

import pytest

from talkwatch.nlp.issues import (
    IssueTagger,
    cue_regex,
    find_issue_mentions,
    fold_keep_length,
    ordinal_of_item,
    ordinal_references,
)
from talkwatch.profile import profile_from_dict

ISSUES = {
    "neutrality": {
        "cues": ["neutrality", "non-bloc status"],
        "patterns": [r"(?P<inverse>\bjoin(?:s|ed|ing)?\s+(?:the\s+)?NATO\b)", r"\brenounc\w*\s+NATO\b"],
    },
    "security-guarantees": {"cues": ["security guarantee", "security guarantees", "guarantor"]},
    "ceasefire": {"cues": ["cease-fire", "truce"]},
    "energy-strikes": {"cues": ["ceasefire against energy"]},
    "troop-withdrawal": {"cues": ["troop withdrawal"]},
    "territory": {"cues": ["territory"]},
    "donbas": {"cues": ["LPR", "Donbas"]},
    "talks": {"cues": ["talks", "negotiation"]},
}


@pytest.fixture(scope="module")
def tagger() -> IssueTagger:
    profile = profile_from_dict({"parties": {"a": {"names": ["Aland"]}}, "issues": ISSUES}, "test.yaml")
    return IssueTagger.from_profile(profile)


def issues(tagger: IssueTagger, text: str) -> list[str]:
    return [m.issue for m in tagger.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Both sides discussed a ceasefire yesterday.", ["ceasefire"]),  # hyphenated cue, no hyphen
        ("A cease fire was floated.", ["ceasefire"]),
        ("CEASE-FIRE now", ["ceasefire"]),
        ("the guarantors met", ["security-guarantees"]),  # plural of a singular cue
        ("new territories were seized", ["territory"]),  # y → ies
        ("Aland’s non-bloc status", ["neutrality"]),  # curly apostrophe before the cue
    ],
)
def test_issues_cues_tolerate_inflection_and_spelling(tagger, text, expected):
    assert issues(tagger, text) == expected


def test_issues_cues_match_whole_words_only(tagger):
    assert issues(tagger, "the truces held") == ["ceasefire"]
    assert issues(tagger, "an untruceful remark") == []
    assert issues(tagger, "they wrote a treatise on territoriality") == []


def test_issues_plural_cue_does_not_match_the_verb(tagger):
    assert issues(tagger, "We will talk about it later.") == []
    assert issues(tagger, "The talks resume on Monday.") == ["talks"]


def test_issues_acronym_cues_are_case_sensitive(tagger):
    assert issues(tagger, "the LPR leadership") == ["donbas"]
    assert issues(tagger, "help me get the lpr number") == []


def test_issues_enumeration_gives_one_mention_per_item(tagger):
    text = "Their position is unchanged: truce, troop withdrawal and security guarantees."
    assert issues(tagger, text) == ["ceasefire", "troop-withdrawal", "security-guarantees"]


def test_issues_inner_mention_of_another_issue_is_dropped(tagger):
    assert issues(tagger, "They agreed a ceasefire against energy targets.") == ["energy-strikes"]


def test_issues_mentions_carry_exact_offsets(tagger):
    text = "Kyiv wants   security\nguarantees first."
    (m,) = tagger.find(text)
    assert text[m.start : m.end] == m.text == "security\nguarantees"


def test_issues_inverse_group_marks_the_opposite_of_the_issue(tagger):
    (join,) = tagger.find("We will join NATO one day.")
    (renounce,) = tagger.find("Renouncing NATO is not on the agenda.")
    assert (join.issue, join.inverse) == ("neutrality", True)
    assert (renounce.issue, renounce.inverse) == ("neutrality", False)


def test_issues_find_issue_mentions_uses_the_profile():
    profile = profile_from_dict(
        {"parties": {"a": {"names": ["Aland"]}}, "issues": {"grain": {"cues": ["grain corridor"]}}}, "p.yaml"
    )
    assert [m.issue for m in find_issue_mentions("The grain corridors reopened.", profile)] == ["grain"]


def test_issues_fold_keeps_offsets():
    text = "İbrahim Kalın’s café"
    folded = fold_keep_length(text)
    assert len(folded) == len(text)
    assert folded == "ibrahim kalin's cafe"


def test_issues_cue_regex_of_an_empty_cue_never_matches():
    import re

    assert re.search(cue_regex("   "), "anything at all") is None


@pytest.mark.parametrize(
    "sentence, number",
    [
        ("The first is neutrality.", 1),
        ("“Second, disarmament of the army.", 2),
        ("Ninth are the guarantees.", 9),
        ("The fourth point is the release of prisoners.", 4),
        ("Firstly, we want peace.", 1),
        ("At first, nobody believed it.", None),
        ("The second round of talks begins.", None),
    ],
)
def test_issues_ordinal_items_are_recognised(sentence, number):
    assert ordinal_of_item(sentence) == number


def test_issues_ordinal_back_references_name_their_items():
    text = "Progress was made on the first four articles; the fifth and sixth points remain."
    refs = ordinal_references(text)
    assert [r[2] for r in refs] == [(1, 2, 3, 4), (5, 6)]
    assert text[refs[0][0] : refs[0][1]] == "the first four articles"


def test_issues_cues_ending_in_double_s_inflect_as_verbs():
    import re

    regex = re.compile(cue_regex("dismiss"))
    assert regex.search("they dismissed it") and regex.search("dismissing") and regex.search("dismisses")
    assert re.search(cue_regex("talks"), "we talk") is None


# -- the fast tagger finds exactly what one scan per rule finds ------------------------------
def _one_scan_per_rule(tagger: IssueTagger, text: str) -> list[tuple]:
    """The plain definition of IssueTagger.find: every rule's finditer, in rule order."""
    from talkwatch.nlp.issues import IssueMention, _resolve_overlaps

    folded = fold_keep_length(text)
    found = []
    for rule in tagger.rules:
        for m in rule.regex.finditer(folded if rule.folded else text):
            if m.end() > m.start():
                inverse = "inverse" in rule.regex.groupindex and m.group("inverse") is not None
                found.append(IssueMention(rule.issue, m.start(), m.end(), m.group(0) if not rule.folded
                                          else text[m.start():m.end()], rule.via, inverse))
    return [(m.issue, m.start, m.end, m.text, m.via, m.inverse) for m in _resolve_overlaps(found)]


def _located(tagger: IssueTagger) -> int:
    """How many of the tagger's rules share a locator scan."""
    return sum(len(regexes._located) for _numbers, regexes in tagger._sets.values())


def _texts() -> list[str]:
    import json
    from pathlib import Path

    demo = Path(__file__).resolve().parents[1] / "demo" / "reports.jsonl"
    texts = [json.loads(line)["text"] for line in demo.read_text(encoding="utf-8").splitlines() if line.strip()]
    tricky = [
        "İSTANBUL: ıt wıll JOIN NATO, ſecurity guarantees and a \u212aremlin CEASE-FIRE",
        "Café `cease-fire´ at Zaporizhzhia NPP; 1,000-for-1,000 swap of POWs and the LPR/DPR",
        "talkstalks talks-talks peacekeeping peace talks, (talks) “talks” 'talks' talks’",
        "", "NATO", "a", "security\nguarantees\u00a0and\u2009territory",
    ]
    return texts + tricky + [t.upper() for t in texts[:10]] + [t.swapcase() for t in texts[10:20]]


@pytest.mark.parametrize("which", ["shipped", "test"])
def test_issues_find_equals_one_scan_per_rule(which, tagger):
    from talkwatch.profile import load_profile

    subject = IssueTagger.from_profile(load_profile()) if which == "shipped" else tagger
    assert _located(subject), "the shipped and test profiles have rules sharing a locator"
    for text in _texts():
        got = [(m.issue, m.start, m.end, m.text, m.via, m.inverse) for m in subject.find(text)]
        assert got == _one_scan_per_rule(subject, text), text[:80]


def test_issues_caseless_finds_every_case_insensitive_match_of_ascii():
    """The prefilter and the locators look for lower-case ASCII in caseless(text): every
    character that re.IGNORECASE matches to an ASCII character must become it there."""
    import re
    import sys

    from talkwatch.nlp.issues import caseless

    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    near_ascii = {m.group(0) for m in re.finditer(r"[\x20-\x7e]", everything, re.IGNORECASE)}
    assert {"K", "k", "\u212a", "ſ", "İ", "ı"} <= near_ascii
    for ch in near_ascii:
        for code in range(0x20, 0x7F):
            if re.fullmatch(re.escape(chr(code)), ch, re.IGNORECASE):
                assert caseless(ch) == chr(code).lower(), (chr(code), hex(ord(ch)))


def test_issues_fold_is_the_per_character_fold():
    import random

    from talkwatch.nlp.issues import _fold_char

    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0x20, 0x250)] + list("İıſ\u212a’‘`ʼ—–ﬁẞΣσς") + ["\n", "\t"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        expected = "".join(_fold_char(ch) if ord(ch) > 127 else ch.lower() for ch in text.replace("`", "'"))
        assert fold_keep_length(text) == expected
        assert len(fold_keep_length(text)) == len(text)


def test_issues_required_strings_of_a_pattern():
    import re

    from talkwatch.nlp.issues import required_literals, required_prefixes

    regex = re.compile(r"\b(?:swap|exchange)\w*\s+(?:of\s+)?prisoners\b", re.IGNORECASE)
    assert required_literals(regex) == (frozenset({"prisoners"}), True)
    assert required_prefixes(regex) == frozenset({"swap", "exchange"})
    assert required_literals(re.compile(r"\bNATO\b")) == (frozenset({"NATO"}), False)
    # an optional part, a class or a lookaround requires nothing
    assert required_literals(re.compile(r"(?:NATO)?\w+")) is None
    assert required_prefixes(re.compile(r"\b\d+ for \d+")) is None
    # one branch without a requirement: the alternation has none
    assert required_prefixes(re.compile(r"nato|\w+")) is None
    # scoped case flags are not worked out: no prefilter, the rule always runs
    assert required_literals(re.compile(r"(?i:nato) membership")) is None


def test_issues_rules_with_groups_or_odd_starts_keep_their_own_scan():
    profile = profile_from_dict(
        {
            "parties": {"a": {"names": ["Aland"]}},
            "issues": {
                "x": {"cues": ["grain corridor"], "patterns": [r"(?P<inverse>\bno\s+corridor\b)", r"corridor\b"]},
                "y": {"cues": ["grain deal", "harbour"], "patterns": [r"\bx?"]},
            },
        },
        "p.yaml",
    )
    tagger = IssueTagger.from_profile(profile)
    assert _located(tagger) == 2  # the two cue alternations share a locator; the patterns do not
    text = "No corridor, said Aland; the grain corridor and the Grain Deal stand, harbour-corridor too."
    got = [(m.issue, m.start, m.end, m.via, m.inverse) for m in tagger.find(text)]
    assert got == [(i, s, e, v, inv) for i, s, e, _t, v, inv in _one_scan_per_rule(tagger, text)]


def test_issues_regex_set_equals_finditer_on_the_stance_lexicon():
    """RegexSet is general: on the stance lexicon's cue regexes (over folded text, as
    stance.cues scans them) each regex's matches are its own finditer's."""
    import re

    from talkwatch.nlp.issues import RegexSet
    from talkwatch.nlp.stance import StanceLexicon

    regexes = [regex for _stance, _weight, regex in StanceLexicon.load().entries]
    regex_set = RegexSet(regexes)
    assert regex_set._located
    for text in _texts():
        folded = re.sub(r"\s", " ", fold_keep_length(text))
        got = [[m.span() for m in found] for found in regex_set.finditer_each(folded)]
        assert got == [[m.span() for m in regex.finditer(folded)] for regex in regexes], text[:80]
