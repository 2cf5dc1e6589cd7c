"""The spaCy pipeline as talkwatch loads it: line breaks as sentence starts."""

from __future__ import annotations

import pytest

from test_attribution import find, with_content


def starts(doc) -> list[str]:
    return [s[0].text for s in doc.sents if not s[0].is_space]


@pytest.mark.model
def test_pipeline_headline_line_does_not_run_into_the_paragraph(nlp):
    text = ("Home » world » talks\n\nEnvoys meet again in Istanbul\n"
            "(Wire)Turkish officials believe that Moscow has softened its terms.")
    doc = nlp(text)
    assert "talkwatch_lines" in nlp.pipe_names
    assert {"Envoys", "("} <= set(starts(doc))
    believe = next(t for t in doc if t.lemma_ == "believe")
    assert believe.dep_ == "ROOT"  # not a conjunct of the breadcrumb's verb


@pytest.mark.model
def test_pipeline_hard_wrapped_text_keeps_its_sentences(nlp):
    text = ("The President said that Russia wants to force\nUkraine to hold new elections before\n"
            "any deal is signed, and that the\nsanctions will stay in place until a\nceasefire holds.")
    doc = nlp(text)
    assert "Ukraine" not in starts(doc)  # a wrapped line, not a new sentence
    assert len(list(doc.sents)) == 1


@pytest.mark.model
def test_attribution_belief_under_according_to_has_its_own_speaker(nlp):
    text = ("Western officials believe that the Kremlin has not dropped its demand for neutrality, "
            "according to two diplomats briefed on the talks.")
    attrs = find(nlp, text)
    outer = with_content(attrs, "Western officials believe")
    inner = with_content([a for a in attrs if a is not outer], "that the Kremlin has not dropped")
    assert outer.speaker == "two diplomats" and outer.cue.text == "according to"
    assert inner.speaker == "Western officials" and inner.cue.text == "believe"


@pytest.mark.model
def test_pipeline_title_case_headline_is_parsed_in_sentence_case(nlp):
    text = "Kremlin Aide Says Istanbul Talks Could Resume Next Week\n\nThe aide spoke on Monday."
    doc = nlp(text)
    assert doc.text == text and "talkwatch_titles" in nlp.pipe_names
    says = doc[2]
    assert says.text == "Says" and says.pos_ == "VERB" and says.dep_ == "ROOT"
    assert any(c.dep_ == "ccomp" for c in says.children)  # "… Could Resume" is what was said
    with nlp.select_pipes(disable=["talkwatch_titles"]):
        plain = nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in plain.ents]
    body = doc[-6:]
    assert [t.lemma_ for t in body][:3] == ["the", "aide", "speak"]  # other lines keep their parse


@pytest.mark.model
def test_pipeline_title_case_is_a_headline_test():
    from talkwatch.nlp.pipeline import title_case_line

    assert title_case_line("Kremlin Aide Says Istanbul Talks Could Resume".split())
    assert not title_case_line("The aide said the talks could resume next week".split())
    assert not title_case_line("NATO AND EU".split())  # capitals only: no Title Case to undo
