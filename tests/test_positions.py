"""Positions: holder rules, list items, units and robustness (sentences written for these tests)."""

from __future__ import annotations

import pytest

from talkwatch.model import Attribution, Document, Span
from talkwatch.nlp.positions import find_positions, speaker_party, units
from talkwatch.profile import profile_from_dict

PROFILE = profile_from_dict(
    {
        "parties": {
            "russia": {
                "names": ["Russia", "Moscow", "the Kremlin", "Russian side"],
                "demonyms": ["Russian"],
                "people": [{"name": "Vladimir Putin", "aliases": ["Putin"]}],
            },
            "ukraine": {
                "names": ["Ukraine", "Kyiv", "Ukrainian side"],
                "demonyms": ["Ukrainian"],
                "people": [{"name": "Volodymyr Zelensky", "aliases": ["Zelensky"]}],
            },
            "turkey": {"names": ["Turkey", "Ankara"], "people": [{"name": "Ibrahim Kalin", "aliases": ["Kalin"]}]},
            "united-states": {
                "names": ["United States", "White House"],
                "people": [{"name": "Marco Rubio", "aliases": ["Rubio"]}],
            },
        },
        "issues": {
            "neutrality": {"cues": ["neutrality", "neutral status"]},
            "security-guarantees": {"cues": ["security guarantees"]},
            "ceasefire": {"cues": ["ceasefire"]},
            "crimea": {"cues": ["Crimea"]},
            "prisoners": {"cues": ["prisoner exchange", "prisoners"]},
            "black-sea": {"cues": ["Black Sea"]},
            "talks": {"cues": ["talks", "negotiations", "peace proposal"]},
        },
    },
    "test.yaml",
)

pytestmark = pytest.mark.model


def run(nlp, text: str, kind: str = "news", speaker: str | None = None, attributions=None):
    doc = Document(id="t", text=text, kind=kind, speaker=speaker)
    return find_positions(nlp(text), attributions or [], PROFILE, doc)


def triples(positions) -> set[tuple[str, str, str]]:
    return {(p.holder, p.issue, p.stance) for p in positions}


def test_positions_first_person_in_a_speech_is_the_speaker(nlp):
    found = run(nlp, "We will never accept a ceasefire on these terms.", kind="speech", speaker="Volodymyr Zelensky")
    assert triples(found) == {("ukraine", "ceasefire", "reject")}
    assert found[0].source == "Volodymyr Zelensky"


def test_positions_institutional_speaker_resolves_by_name(nlp):
    found = run(nlp, "We propose an exchange of all prisoners.", kind="briefing", speaker="the Kremlin")
    assert triples(found) == {("russia", "prisoners", "offer")}


def test_positions_first_resolvable_of_several_speakers(nlp):
    found = run(nlp, "We welcome the talks in Riyadh.", kind="briefing", speaker="Jane Doe and Marco Rubio")
    assert triples(found) == {("united-states", "talks", "accept")}


def test_positions_party_subject_holds_the_stance_in_news(nlp):
    found = run(nlp, "The Kremlin has floated the idea of neutrality for its neighbour.")
    assert triples(found) == {("russia", "neutrality", "offer")}


def test_positions_modal_demand_stays_with_the_speaker(nlp):
    text = "Russia must return Crimea."
    found = run(nlp, text, kind="speech", speaker="Volodymyr Zelensky")
    assert triples(found) == {("ukraine", "crimea", "demand")}


def test_positions_news_without_source_or_party_subject_gives_nothing(nlp):
    assert run(nlp, "Analysts say a ceasefire must come soon.") == []


def test_positions_relayed_statement_goes_to_the_relayed_party(nlp):
    text = "Kalin said Putin insists on neutral status for its neighbour."
    start = text.index("Putin")
    attribution = Attribution(
        content=Span(start, len(text), text[start:]),
        speaker="Ibrahim Kalin",
        speaker_kind="named",
        party="turkey",
        via="Vladimir Putin",
        via_party="russia",
    )
    found = run(nlp, text, attributions=[attribution])
    assert ("russia", "neutrality", "demand") in triples(found)
    assert all(p.source == "Ibrahim Kalin" for p in found)


def test_positions_attributed_statement_without_relay_is_the_speakers(nlp):
    text = "“We are ready to consider a ceasefire,” the official said."
    attribution = Attribution(
        content=Span(1, text.index("”"), text[1 : text.index("”")]),
        speaker="a Turkish official",
        speaker_kind="anonymous",
        party="turkey",
    )
    assert triples(run(nlp, text, attributions=[attribution])) == {("turkey", "ceasefire", "open")}


def test_positions_joint_agreement_is_held_by_talks(nlp):
    text = "The United States and Ukraine have agreed to ensure safe navigation in the Black Sea."
    assert triples(run(nlp, text, kind="briefing", speaker="White House")) == {("talks", "black-sea", "agreed")}


def test_positions_progress_is_held_by_talks(nlp):
    text = "Some progress has been made on security guarantees."
    assert triples(run(nlp, text, kind="briefing", speaker="Ukrainian side")) == {
        ("talks", "security-guarantees", "progress")
    }


def test_positions_condition_is_recorded_and_demanded(nlp):
    text = "We are ready to consider neutrality backed by security guarantees."
    found = run(nlp, text, kind="transcript", speaker="Volodymyr Zelensky")
    by_issue = {p.issue: p for p in found}
    assert by_issue["neutrality"].stance == "open"
    assert by_issue["neutrality"].conditions == ("security-guarantees",)
    assert by_issue["security-guarantees"].stance == "demand"


def test_positions_ordinal_list_items_and_back_reference(nlp):
    text = (
        "Putin laid out several points. The first is neutrality. Second, security guarantees. "
        "Some progress has been made on the first two points."
    )
    attribution = Attribution(content=Span(0, len(text), text), speaker="Ibrahim Kalin", party="turkey")
    found = triples(run(nlp, text, attributions=[attribution]))
    assert ("russia", "neutrality", "demand") in found
    assert ("russia", "security-guarantees", "demand") in found
    assert ("talks", "neutrality", "progress") in found
    assert ("talks", "security-guarantees", "progress") in found


def test_positions_questions_state_no_position(nlp):
    text = "Will you accept a ceasefire?"
    assert run(nlp, text, kind="transcript", speaker="Volodymyr Zelensky") == []


def test_positions_hypothetical_clause_cue_is_ignored(nlp):
    text = "If they propose a ceasefire, the weather will be cold."
    assert run(nlp, text, kind="speech", speaker="Volodymyr Zelensky") == []


def test_positions_doubt_without_an_issue_is_about_the_talks(nlp):
    text = "Frankly, their negotiators have been inconsistent and we have serious doubts."
    found = triples(run(nlp, text, kind="briefing", speaker="the Kremlin"))
    assert ("russia", "talks", "doubt") in found


def test_positions_evidence_is_an_exact_slice_of_the_text(nlp):
    text = "Intro line\n\nWe reject any ceasefire that freezes the front.  \n\nAnother paragraph."
    doc = Document(id="t", text=text, kind="speech", speaker="Zelensky")
    (pos,) = find_positions(nlp(text), [], PROFILE, doc)
    assert text[pos.evidence.start : pos.evidence.end] == pos.evidence.text
    assert pos.evidence.text == "We reject any ceasefire that freezes the front."


def test_positions_units_split_paragraphs_and_bullets(nlp):
    text = "Headline without a stop\n\nFirst paragraph here.\n-   A bullet item\n-   Another item"
    assert [u.text for u in units(nlp(text))] == [
        "Headline without a stop",
        "First paragraph here.",
        "A bullet item",
        "Another item",
    ]


def test_positions_one_triple_per_document(nlp):
    text = "We reject a ceasefire now. We reject a ceasefire tomorrow too."
    found = run(nlp, text, kind="speech", speaker="Zelensky")
    assert len(found) == 1


@pytest.mark.parametrize("text", ["", "   ", "?!", "“", "\n\n\n", "Ceasefire" * 500, "— “— ”"])
def test_positions_never_raise_on_odd_text(nlp, text):
    assert isinstance(run(nlp, text, kind="speech", speaker="Nobody Known"), list)


def test_positions_speaker_party_resolution():
    assert speaker_party("Vladimir Putin", PROFILE) == "russia"
    assert speaker_party("the Kremlin", PROFILE) == "russia"
    assert speaker_party("Jane Doe, Marco Rubio", PROFILE) == "united-states"
    assert speaker_party("Office of the President of Ukraine", PROFILE) == "ukraine"
    assert speaker_party("Someone Unknown", PROFILE) is None
    assert speaker_party(None, PROFILE) is None


@pytest.mark.slow
def test_positions_time_grows_linearly_with_length(nlp):
    import time

    paragraph = (
        "The Kremlin insists on neutral status. We reject any ceasefire that freezes the front. "
        "Some progress has been made on the prisoner exchange.\n\n"
    )
    text = paragraph * 300  # about 9,000 tokens
    doc = nlp(text)
    started = time.perf_counter()
    found = find_positions(doc, [], PROFILE, Document(id="long", text=text, kind="speech", speaker="Zelensky"))
    assert time.perf_counter() - started < 5.0  # was minutes when a loop rebuilt Doc.text
    assert {(p.holder, p.issue, p.stance) for p in found} >= {("russia", "neutrality", "demand")}


def test_positions_reported_speech_in_own_text_covers_only_its_content(nlp):
    text = "Moscow is calling up more soldiers and organizing sham votes to annex Crimea."
    start = text.index("up more")
    attribution = Attribution(  # a reporting-verb misreading: "calling up" as speech
        content=Span(start, start + len("up more soldiers"), "up more soldiers"),
        speaker="Russia",
        speaker_kind="institutional",
        party="russia",
    )
    found = run(nlp, text, kind="speech", speaker="Marco Rubio", attributions=[attribution])
    assert ("united-states", "crimea", "reject") in triples(found)
    assert all(p.holder != "russia" for p in found)


def test_positions_unknown_actor_subject_is_nobody_we_track(nlp):
    text = "Some countries will call for a ceasefire soon."
    assert run(nlp, text, kind="speech", speaker="Marco Rubio") == []


def test_positions_person_spelling_variants_resolve(nlp):
    profile_text = "Zelensky had also rejected the ceasefire, calling it a trap."
    assert triples(run(nlp, profile_text)) == {("ukraine", "ceasefire", "reject")}


def test_positions_questioner_turn_is_not_the_speaker(nlp):
    text = "Q  Critics say a ceasefire must come first. And your view?\n\nTHE PRESIDENT: We accept the prisoner exchange."
    found = triples(run(nlp, text, kind="transcript", speaker="Marco Rubio"))
    assert found == {("united-states", "prisoners", "accept")}


def test_positions_possessor_of_a_proposal_offers_it(nlp):
    text = "The envoy saw some positive elements in Ukraine's peace proposal."
    profile_doc = run(nlp, text, kind="briefing", speaker="Marco Rubio")
    assert ("ukraine", "talks", "offer") in triples(profile_doc)


def _quoted(text: str, *pieces: str, speaker: str = "Volodymyr Zelensky", party: str = "ukraine") -> list[Attribution]:
    """One attribution per piece of text, all by the same speaker."""
    out = []
    for piece in pieces:
        start = text.index(piece)
        out.append(Attribution(content=Span(start, start + len(piece), piece), speaker=speaker,
                               speaker_kind="named", party=party))
    return out


def test_positions_a_refusal_with_no_issue_carries_to_the_speakers_next_statement(nlp):
    text = (
        "Zelensky said there were compromises that his country could not make.\n\n"
        "“Anything regarding Crimea and our sovereignty,” he said."
    )
    found = run(nlp, text, attributions=_quoted(text, "there were compromises that his country could not make",
                                                  "Anything regarding Crimea and our sovereignty"))
    assert ("ukraine", "crimea", "reject") in triples(found)


def test_positions_a_refusal_does_not_carry_to_another_speaker(nlp):
    text = (
        "Zelensky said there were compromises that his country could not make.\n\n"
        "“Anything regarding Crimea,” Putin said."
    )
    first = _quoted(text, "there were compromises that his country could not make")
    second = _quoted(text, "Anything regarding Crimea", speaker="Vladimir Putin", party="russia")
    assert ("ukraine", "crimea", "reject") not in triples(run(nlp, text, attributions=first + second))
    assert ("russia", "crimea", "reject") not in triples(run(nlp, text, attributions=first + second))


def test_positions_acknowledging_the_other_sides_need_is_open_not_a_demand(nlp):
    text = "We understand that every country needs security guarantees."
    found = triples(run(nlp, text, kind="speech", speaker="Vladimir Putin"))
    assert ("russia", "security-guarantees", "open") in found
    assert ("russia", "security-guarantees", "demand") not in found


def test_positions_a_condition_marker_reaches_only_the_mentions_near_it(nlp):
    # "backed by" introduces what follows it; security guarantees named a long clause
    # later are not a condition of neutrality (and so not demanded as one)
    text = ("Neutral status backed by firm commitments from many partners is one thing, and quite separately "
            "from all of that we understand that every country needs security guarantees.")
    found = triples(run(nlp, text, kind="speech", speaker="Vladimir Putin"))
    assert ("russia", "security-guarantees", "open") in found
    assert ("russia", "security-guarantees", "demand") not in found


def test_positions_a_mutual_list_item_is_offered_not_demanded(nlp):
    text = (
        "Kalin said Putin laid out several points.\n\n"
        "“The first is neutrality. Second, mutual security guarantees,” Kalin said."
    )
    attribution = Attribution(content=Span(0, len(text), text), speaker="Ibrahim Kalin", party="turkey",
                              via="Vladimir Putin", via_party="russia")
    found = triples(run(nlp, text, attributions=[attribution]))
    assert ("russia", "neutrality", "demand") in found
    assert ("russia", "security-guarantees", "offer") in found
    assert ("russia", "security-guarantees", "demand") not in found


def test_positions_talks_as_the_setting_of_another_stance_are_not_its_object(nlp):
    text = "There are compromises that we could not make in negotiations with Russia."
    found = triples(run(nlp, text, kind="speech", speaker="Volodymyr Zelensky"))
    assert ("ukraine", "talks", "reject") not in found


def test_positions_progress_in_talks_is_still_progress_on_the_talks(nlp):
    text = "We made progress in the talks with Russia."
    assert ("talks", "talks", "progress") in triples(run(nlp, text, kind="speech", speaker="Volodymyr Zelensky"))


def test_positions_a_pronoun_object_takes_the_issues_of_the_same_word_earlier(nlp):
    text = (
        "Putin wants Ukraine to accept the recognition of Crimea, and the ceasefire talks went on all night.\n\n"
        "The prisoners were not discussed.\n\n"
        "“You cannot force a country to recognize anything,” Zelensky said."
    )
    start = text.index("You cannot")
    attribution = Attribution(content=Span(start, start + 49, text[start : start + 49]), speaker="Volodymyr Zelensky",
                              speaker_kind="named", party="ukraine")
    found = triples(run(nlp, text, attributions=[attribution]))
    assert ("ukraine", "crimea", "reject") in found
    assert ("ukraine", "ceasefire", "reject") not in found  # named beside "recognition", not governed by it
    assert ("ukraine", "prisoners", "reject") not in found  # its unit has no "recogni…"


def test_positions_wanting_talks_is_an_offer_whoever_wants_them(nlp):
    text = "Kalin said Kyiv wanted to see peaceful negotiations."
    attribution = Attribution(content=Span(11, len(text) - 1, text[11:-1]), speaker="Ibrahim Kalin",
                              speaker_kind="named", party="turkey")
    found = triples(run(nlp, text, attributions=[attribution]))
    assert ("ukraine", "talks", "offer") in found
    assert ("ukraine", "talks", "demand") not in found


def test_positions_a_passive_need_governs_its_subject(nlp):
    text = "New sanctions against Russia are needed."
    assert ("ukraine", "talks", "demand") not in triples(run(nlp, text, kind="speech", speaker="Volodymyr Zelensky"))
    text = "I thank our partners.\n\nA new prisoner exchange is needed before the winter."
    assert ("ukraine", "prisoners", "demand") in triples(run(nlp, text, kind="speech", speaker="Volodymyr Zelensky"))


def test_positions_the_author_of_a_proposal_in_a_relative_clause_holds_it(nlp):
    text = "The peace proposal that the United States made in March was discussed at length."
    assert ("united-states", "talks", "offer") in triples(run(nlp, text, kind="news"))


def test_positions_a_negated_refusal_verb_is_open_not_reject(nlp):
    text = "Ukraine has not rejected the idea of neutral status."
    found = triples(run(nlp, text, kind="news"))
    assert ("ukraine", "neutrality", "reject") not in found
    assert ("ukraine", "neutrality", "open") in found


def test_positions_pressuring_the_other_side_to_concede_is_a_demand(nlp):
    text = "Russia continues to pressure Ukraine to give up Crimea."
    assert ("russia", "crimea", "demand") in triples(run(nlp, text, kind="news"))


def test_positions_an_agreement_needed_in_a_conjoined_verb_is_not_reported(nlp):
    text = "Some points need to be prepared and agreed before any ceasefire."
    assert not any(stance == "agreed" for _, _, stance in triples(run(nlp, text, kind="news")))


def test_positions_a_side_clause_dated_years_back_is_history(nlp):
    text = ("Although they promised to respect neutral status, and even signed a ceasefire in 1994 and 2003, "
            "they went on.")
    doc = Document(id="t", text=text, kind="speech", speaker="Vladimir Putin", published="2024-09-28")
    assert find_positions(nlp(text), [], PROFILE, doc) == []
    recent = Document(id="t", text=text, kind="speech", speaker="Vladimir Putin", published="1995-01-10")
    assert find_positions(nlp(text), [], PROFILE, recent) != []


def test_positions_doubt_in_a_clause_of_its_own_is_doubt_about_the_talks(nlp):
    text = ("While the official said that some of the conditions Ukraine is willing to consider on neutral "
            "status seem more practicable than others, he also hinted that Russian intentions will remain "
            "suspicious until Putin shows that he is ready to de-escalate.")
    start = text.index("he also")
    attribution = Attribution(content=Span(start, len(text) - 1, text[start:-1]), speaker="Marco Rubio",
                              speaker_kind="named", party="united-states")
    assert ("united-states", "talks", "doubt") in triples(run(nlp, text, attributions=[attribution]))


def test_positions_a_negated_refusal_does_not_carry_as_a_refusal(nlp):
    text = (
        "Zelensky said that he has not rejected the compromises.\n\n"
        "“Anything regarding Crimea and our sovereignty,” he said."
    )
    found = run(nlp, text, attributions=_quoted(text, "that he has not rejected the compromises",
                                                  "Anything regarding Crimea and our sovereignty"))
    assert ("ukraine", "crimea", "reject") not in triples(found)
