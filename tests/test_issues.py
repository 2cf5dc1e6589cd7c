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
