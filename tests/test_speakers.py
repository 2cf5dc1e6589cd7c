"""Speaker resolution: names, misspellings, titles, descriptors, pronouns, institutions."""

from __future__ import annotations

import pytest

from talkwatch.nlp.speakers import SpeakerTracker, fuzzy_person, osa_distance
from test_attribution import seed_profile


def mention(doc, text: str):
    start = doc.text.index(text)
    return doc.char_span(start, start + len(text))


def test_speakers_edit_distance_counts_a_transposition_once():
    assert osa_distance("zelenksky", "zelensky") == 1
    assert osa_distance("kalin", "kalin") == 0
    assert osa_distance("putin", "zelensky") == 3


def test_speakers_misspelled_surname_resolves_through_the_profile():
    profile = seed_profile()
    assert fuzzy_person(profile, "Zelenksky").name == "Volodymyr Zelensky"
    assert fuzzy_person(profile, "Smith") is None


@pytest.mark.model
def test_speakers_profile_alias_and_accents(nlp):
    doc = nlp("Ibrahim Kalin spoke. Kalin said more.")
    tracker = SpeakerTracker(seed_profile())
    first = tracker.resolve(mention(doc, "Ibrahim Kalin"))
    assert first.name == "İbrahim Kalın" and first.party == "turkey" and first.kind == "named"
    assert tracker.resolve(mention(doc, "Kalin said")[0:1]).name == "İbrahim Kalın"


@pytest.mark.model
def test_speakers_surname_only_after_full_name_outside_profile(nlp):
    doc = nlp("Martin Weiss, Austria's ambassador, spoke. Later Weiss spoke again.")
    tracker = SpeakerTracker(seed_profile())
    assert tracker.resolve(mention(doc, "Martin Weiss")).name == "Martin Weiss"
    assert tracker.resolve(mention(doc, "Weiss spoke again")[0:1]).name == "Martin Weiss"


@pytest.mark.model
def test_speakers_anonymous_descriptor_fields(nlp):
    doc = nlp("A senior NATO official said so.")
    speaker = SpeakerTracker(seed_profile()).resolve(mention(doc, "A senior NATO official"))
    assert speaker.kind == "anonymous" and speaker.party == "nato"
    d = speaker.descriptor
    assert (d.role, d.affiliation, d.seniority) == ("official", "nato", "senior")


@pytest.mark.model
def test_speakers_people_familiar_is_a_counted_source(nlp):
    doc = nlp("Two people familiar with the talks said so.")
    speaker = SpeakerTracker(seed_profile()).resolve(mention(doc, "Two people familiar with the talks"))
    assert speaker.kind == "anonymous" and speaker.descriptor.count == "two"
    assert speaker.descriptor.role == "source" and speaker.plural


@pytest.mark.model
def test_speakers_count_or_unnamed_is_no_affiliation(nlp):
    doc = nlp("Multiple sources said so, and two unnamed diplomats agreed.")
    tracker = SpeakerTracker(seed_profile())
    sources = tracker.resolve(mention(doc, "Multiple sources")).descriptor
    diplomats = tracker.resolve(mention(doc, "two unnamed diplomats")).descriptor
    assert (sources.role, sources.count, sources.affiliation) == ("source", "multiple", None)
    assert (diplomats.role, diplomats.count, diplomats.affiliation) == ("diplomat", "two", None)


@pytest.mark.model
def test_speakers_demonym_maps_descriptor_to_party(nlp):
    doc = nlp("A Russian diplomat said so.")
    speaker = SpeakerTracker(seed_profile()).resolve(mention(doc, "A Russian diplomat"))
    assert speaker.party == "russia" and speaker.descriptor.role == "diplomat"


@pytest.mark.model
def test_speakers_the_official_refers_back(nlp):
    doc = nlp("A European defense official said so. Then the official said more.")
    tracker = SpeakerTracker(seed_profile())
    first = tracker.resolve(mention(doc, "A European defense official"))
    later = tracker.resolve(mention(doc, "the official"))
    assert later.name == first.name == "A European defense official"
    assert later.party == "europe"


@pytest.mark.model
def test_speakers_a_later_mention_names_the_party_of_an_unnamed_source(nlp):
    doc = nlp("A source familiar with the situation said so. The source familiar with the Kremlin's view "
              "said more. Then the source said it again.")
    tracker = SpeakerTracker(seed_profile())
    first = tracker.resolve(mention(doc, "A source familiar with the situation"))
    second = tracker.resolve(mention(doc, "The source familiar with the Kremlin's view"))
    third = tracker.resolve(mention(doc, "the source"))
    assert first.party is None
    assert second.name == first.name and second.party == "russia"
    assert third.party == "russia" and third.descriptor.affiliation == "russia"


@pytest.mark.model
def test_speakers_title_only_mention_resolves_to_profile_person(nlp):
    doc = nlp("The Turkish spokesman said so.")
    speaker = SpeakerTracker(seed_profile()).resolve(mention(doc, "The Turkish spokesman"))
    assert speaker.name == "İbrahim Kalın" and speaker.party == "turkey"


@pytest.mark.model
def test_speakers_institution(nlp):
    doc = nlp("The Kremlin said so.")
    speaker = SpeakerTracker(seed_profile()).resolve(mention(doc, "The Kremlin"))
    assert speaker.kind == "institutional" and speaker.party == "russia"


@pytest.mark.model
def test_speakers_pronoun_takes_last_compatible_speaker(nlp):
    doc = nlp("Zelensky said so. Two officials said no. He said yes. They said maybe.")
    tracker = SpeakerTracker(seed_profile())
    tracker.attach(doc)
    tracker.resolve(mention(doc, "Zelensky"))
    tracker.resolve(mention(doc, "Two officials"))
    he = tracker.resolve(mention(doc, "He"))
    assert he.name == "Volodymyr Zelensky" and he.kind == "pronoun"
    they = tracker.resolve(mention(doc, "They"))
    assert they.name == "Two officials"


@pytest.mark.model
def test_speakers_apposition_head_names_the_party_not_its_description(nlp):
    doc = nlp("Turkey, a NATO member on good terms with both capitals, has offered to host the talks.")
    speaker = SpeakerTracker(seed_profile()).resolve(mention(doc, "Turkey, a NATO member on good terms with both capitals"))
    assert speaker.party == "turkey"


@pytest.mark.model
def test_speakers_the_title_alone_is_the_person_introduced_with_it(nlp):
    doc = nlp("Secretary of State Marco Rubio met the Saudi foreign minister in Riyadh. "
              "The Secretary said the meeting was a first step.")
    profile = seed_profile()
    speaker = SpeakerTracker(profile).resolve(mention(doc, "The Secretary"))
    assert speaker.name == "Marco Rubio" and speaker.kind == "named"
    unrelated = nlp("The envoy met Marco Rubio in Riyadh. The Secretary said the meeting was a first step.")
    assert SpeakerTracker(profile).resolve(mention(unrelated, "The Secretary")).name != "Marco Rubio"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, subject, name, party",
    [
        ("Putin, Lavrov and Kalin said the memorandum was final.", "Putin, Lavrov and Kalin",
         "Vladimir Putin, Sergei Lavrov and İbrahim Kalın", "russia"),
        ("Russian President Vladimir Putin and Ukrainian President Volodymyr Zelensky said little.",
         "Russian President Vladimir Putin and Ukrainian President Volodymyr Zelensky",
         "Vladimir Putin and Volodymyr Zelensky", "russia"),
    ],
)
def test_speakers_conjoined_names_all_speak(nlp, text, subject, name, party):
    doc = nlp(text)
    speaker = SpeakerTracker(seed_profile()).resolve(mention(doc, subject))
    assert speaker.name == name and speaker.kind == "named" and speaker.plural
    assert speaker.party == party  # theirs when they share one, else the first named person's


@pytest.mark.model
def test_speakers_conjoined_parties_are_institutions(nlp):
    doc = nlp("Ukraine and Russia said the exchange would go ahead. Moscow and the Kremlin agreed.")
    tracker = SpeakerTracker(seed_profile())
    both = tracker.resolve(mention(doc, "Ukraine and Russia"))
    assert both.name == "Ukraine and Russia" and both.kind == "institutional" and both.party is None
    assert tracker.resolve(mention(doc, "Moscow and the Kremlin")).party == "russia"
