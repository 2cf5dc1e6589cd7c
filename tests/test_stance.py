"""Stance coding: the lexicon, negation, inverse mentions and conditions.

Most checks use a blank English tokenizer (no model): the rules they test read tokens and
offsets only. Parse-dependent choices are covered in test_positions.py.
"""

from __future__ import annotations

import pytest
import spacy

from talkwatch.nlp.issues import IssueMention
from talkwatch.nlp.stance import (
    LEXICON,
    StanceLexicon,
    code_stance,
    find_conditions,
    is_negated,
)

BLANK = spacy.blank("en")


@pytest.fixture(scope="module")
def lexicon() -> StanceLexicon:
    return StanceLexicon.load()


def mention(text: str, phrase: str, issue: str, inverse: bool = False) -> IssueMention:
    start = text.index(phrase)
    return IssueMention(issue, start, start + len(phrase), phrase, inverse=inverse)


def coded(lexicon: StanceLexicon, text: str, phrase: str, issue: str = "x", inverse: bool = False):
    doc = BLANK(text)
    cues = lexicon.cues(text)
    return code_stance(doc, doc[:], mention(text, phrase, issue, inverse), cues)


def test_stance_lexicon_file_parses_and_covers_every_stance(lexicon):
    stances = {stance for stance, _, _ in lexicon.entries}
    assert stances == {"demand", "offer", "open", "accept", "reject", "progress", "agreed", "no-position", "doubt", "none"}
    assert LEXICON.name.endswith(".txt")


def test_stance_lexicon_rejects_malformed_lines():
    with pytest.raises(ValueError, match="3 tab-separated fields"):
        StanceLexicon.parse(["demand must"])


def test_stance_lexicon_skips_comments_and_blank_lines():
    lex = StanceLexicon.parse(["# a comment", "", "offer\t2\tpropose"])
    assert [c.stance for c in lex.cues("They proposed a truce.")] == ["offer"]


def test_stance_cues_inside_a_longer_cue_are_dropped(lexicon):
    texts = [c.text for c in lexicon.cues("Such a plan is out of the question.")]
    assert "out of the question" in texts
    assert all(t == "out of the question" or t == "plan" for t in texts)


@pytest.mark.parametrize(
    "text, phrase, stance",
    [
        ("Moscow insists on a neutral status.", "neutral status", "demand"),
        ("Kyiv proposed a truce for Easter.", "truce", "offer"),
        ("They are ready to consider neutrality.", "neutrality", "open"),
        ("The government welcomed the grain deal.", "grain deal", "accept"),
        ("A land swap is out of the question.", "land swap", "reject"),
        ("Some progress has been made on the prisoner swap.", "prisoner swap", "progress"),
        ("The ambassador declined to comment on sanctions.", "sanctions", "no-position"),
        ("There is deep skepticism about the talks.", "talks", "doubt"),
        ("We will never recognise the annexation.", "annexation", "reject"),
    ],
)
def test_stance_cue_decides_the_stance(lexicon, text, phrase, stance):
    result = coded(lexicon, text, phrase)
    assert result is not None and result.stance == stance


@pytest.mark.parametrize(
    "text, phrase, stance",
    [
        ("We are not ready to discuss neutrality.", "neutrality", "reject"),
        ("They could not accept the new borders.", "new borders", "reject"),
        ("Kyiv did not propose any truce.", "truce", "reject"),
        ("No progress was made on the prisoner swap.", "prisoner swap", None),
    ],
)
def test_stance_negation_flips_or_drops(lexicon, text, phrase, stance):
    result = coded(lexicon, text, phrase)
    assert (result.stance if result else None) == stance


def test_stance_negation_stops_at_a_clause_break():
    doc = BLANK("It is not over, but we propose talks.")
    assert not is_negated(doc, doc.text.index("propose"), 0)
    doc = BLANK("We do not propose talks.")
    assert is_negated(doc, doc.text.index("propose"), 0)


def test_stance_inverse_mention_flips_demand_and_reject(lexicon):
    text = "Kyiv insists it will join NATO."
    assert coded(lexicon, text, "join NATO", "neutrality", inverse=True).stance == "reject"
    assert coded(lexicon, text, "join NATO", "neutrality", inverse=False).stance == "demand"


def test_stance_no_cue_gives_none(lexicon):
    assert coded(lexicon, "The delegation arrived in Minsk by train.", "Minsk") is None


def test_stance_conditions_come_after_a_marker():
    text = "They could accept neutrality backed by security guarantees."
    mentions = [mention(text, "neutrality", "neutrality"), mention(text, "security guarantees", "sg")]
    conditions, conditional = find_conditions(text, 0, mentions)
    assert conditions == {0: ("sg",)}
    assert conditional == {1}


def test_stance_reversed_condition_marker():
    text = "Ukraine demands a troop withdrawal as a condition for peace talks."
    mentions = [mention(text, "troop withdrawal", "troop-withdrawal"), mention(text, "peace talks", "talks")]
    conditions, conditional = find_conditions(text, 0, mentions)
    assert conditions == {1: ("troop-withdrawal",)}
    assert conditional == {0}


def test_stance_conditions_turn_an_offer_into_open(lexicon):
    text = "Kyiv is ready to consider neutrality backed by guarantees."
    doc = BLANK(text)
    result = code_stance(doc, doc[:], mention(text, "neutrality", "neutrality"), lexicon.cues(text), ("sg",))
    assert result.stance == "open" and result.conditions == ("sg",)


def test_stance_no_conditions_without_a_marker():
    text = "Neutrality and security guarantees were discussed."
    mentions = [mention(text, "Neutrality", "neutrality"), mention(text, "security guarantees", "sg")]
    assert find_conditions(text, 0, mentions) == ({}, set())


def test_stance_none_phrases_block_the_cue_inside(lexicon):
    assert lexicon.cues("It must be remembered that this is armed neutrality.") == []


@pytest.mark.model
def test_stance_negated_noun_cue_stops_at_a_verb(lexicon, nlp):
    text = "Moscow has not withdrawn its original demands on neutrality."
    doc = nlp(text)
    result = code_stance(doc, doc[:], mention(text, "neutrality", "neutrality"), lexicon.cues(text))
    assert result.stance == "demand"
    text = "Moscow did not demand neutrality."
    doc = nlp(text)
    result = code_stance(doc, doc[:], mention(text, "neutrality", "neutrality"), lexicon.cues(text))
    assert result.stance == "reject"
