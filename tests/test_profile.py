"""Negotiation profiles: the shipped Russia–Ukraine profile and the loader's validation."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from talkwatch.errors import ProfileError
from talkwatch.profile import Profile, fold, load_profile, profile_from_dict

# The issue ids of the annotation guideline (ANNOTATION.md), in its order.
ANNOTATION_ISSUES = [
    "neutrality", "eu-membership", "security-guarantees", "foreign-troops", "demilitarization",
    "denazification", "russian-language", "crimea", "donbas", "territory", "ceasefire",
    "energy-strikes", "black-sea", "troop-withdrawal", "sanctions", "frozen-assets", "prisoners",
    "children", "elections", "nuclear-plant", "accountability", "leaders-meeting",
    "agreement-monitoring", "talks",
]  # fmt: skip


@pytest.fixture(scope="module")
def shipped() -> Profile:
    return load_profile()


# -- the shipped profile ------------------------------------------------------------------


def test_profile_shipped_loads_with_the_annotation_issue_ids(shipped: Profile) -> None:
    assert shipped.id == "russia-ukraine"
    assert list(shipped.issues) == ANNOTATION_ISSUES
    assert all(issue.label and issue.cues for issue in shipped.issues.values())


@pytest.mark.parametrize(
    ("mention", "name", "party"),
    [
        ("Zelenksy", "Volodymyr Zelensky", "ukraine"),
        ("Zelenskyy", "Volodymyr Zelensky", "ukraine"),
        ("President Zelenskiy", "Volodymyr Zelensky", "ukraine"),
        ("Ibrahim Kalin", "İbrahim Kalın", "turkey"),
        ("İbrahim Kalın", "İbrahim Kalın", "turkey"),
        ("Kalin", "İbrahim Kalın", "turkey"),
        ("Peskov", "Dmitry Peskov", "russia"),
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "russia"),
        ("Lavrov", "Sergei Lavrov", "russia"),
        ("Sergey Lavrov", "Sergei Lavrov", "russia"),
        ("the Russian foreign minister", "Sergei Lavrov", "russia"),
        ("Andriy Sybiha", "Andrii Sybiha", "ukraine"),
        ("Podoliak", "Mykhailo Podolyak", "ukraine"),
        ("Steven Witkoff", "Steve Witkoff", "united-states"),
        ("Donald J. Trump", "Donald Trump", "united-states"),
        ("Aleksandr Lukashenko", "Alexander Lukashenko", "belarus"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "turkey"),
        ("Antonio Guterres", "António Guterres", "un"),
        ("Cardinal Matteo Zuppi", "Matteo Zuppi", "holy-see"),
        ("Gabrielius Landsbergis", "Gabrielius Landsbergis", "lithuania"),
        ("Boris Johnson", "Boris Johnson", "uk"),
        ("Mike Johnson", "Mike Johnson", "united-states"),
    ],
)
def test_profile_shipped_resolves_people(shipped: Profile, mention: str, name: str, party: str) -> None:
    person = shipped.person(mention)
    assert person is not None, mention
    assert (person.name, person.party) == (name, party)


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("the Kremlin", "russia"),
        ("Moscow", "russia"),
        ("Russia's", "russia"),
        ("Kyiv", "ukraine"),
        ("Kiev", "ukraine"),
        ("Office of the President of Ukraine", "ukraine"),
        ("the Ukrainian delegation", "ukraine"),
        ("Washington", "united-states"),
        ("the White House", "united-states"),
        ("U.S.", "united-states"),
        ("Ankara", "turkey"),
        ("Türkiye", "turkey"),
        ("Brussels", "eu"),
        ("European", "europe"),
        ("Beijing", "china"),
        ("Minsk", "belarus"),
        ("the Vatican", "holy-see"),
        ("IAEA", "iaea"),
    ],
)
def test_profile_shipped_resolves_party_names(shipped: Profile, text: str, party: str) -> None:
    assert shipped.party_of_name(text) == party


def test_profile_shipped_party_ids_and_roles(shipped: Profile) -> None:
    roles = {pid: party.role for pid, party in shipped.parties.items()}
    assert roles["russia"] == roles["ukraine"] == "belligerent"
    for pid in ("turkey", "saudi-arabia", "united-arab-emirates", "holy-see", "qatar"):
        assert roles[pid] == "mediator", pid
    for pid in ("united-states", "uk", "france", "germany", "nato", "eu", "europe"):
        assert roles[pid] == "ally", pid
    for pid in ("un", "iaea", "icrc"):
        assert roles[pid] == "organisation", pid
    for pid in ("lithuania", "south-africa", "comoros", "israel", "italy", "india", "china"):
        assert pid in shipped.parties, pid
    assert len(shipped.parties) > 193  # every UN member state, plus organisations


def test_profile_shipped_every_person_resolves_by_full_name(shipped: Profile) -> None:
    for party in shipped.parties.values():
        for person in party.people:
            assert shipped.person(person.name) is person, person.name


def test_profile_shipped_principals(shipped: Profile) -> None:
    principals = {p.name for party in shipped.parties.values() for p in party.people if p.principal}
    assert {"Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Joe Biden"} <= principals


def test_profile_shipped_cues_name_one_issue_each(shipped: Profile) -> None:
    owner: dict[str, str] = {}
    for issue in shipped.issues.values():
        for cue in issue.cues:
            assert owner.setdefault(fold(cue), issue.id) == issue.id, cue


@pytest.mark.parametrize(
    ("issue", "text"),
    [
        ("neutrality", "Kyiv would renounce its NATO ambitions"),
        ("territory", "troops left the Zaporizhzhia region"),
        ("nuclear-plant", "shelling near the Zaporizhzhia nuclear power plant"),
        ("prisoners", "a 1,000-for-1,000 swap"),
        ("leaders-meeting", "a Putin-Zelensky meeting"),
    ],
)
def test_profile_shipped_patterns_match_examples(shipped: Profile, issue: str, text: str) -> None:
    assert any(re.search(p, text) for p in shipped.issues[issue].patterns)


def test_profile_shipped_territory_pattern_leaves_the_nuclear_plant(shipped: Profile) -> None:
    text = "the Zaporizhzhia nuclear power plant"
    assert not any(re.search(p, text) for p in shipped.issues["territory"].patterns)


# -- lookups ----------------------------------------------------------------------------------


def test_profile_short_acronym_matches_only_in_capitals(shipped: Profile) -> None:
    assert shipped.party_of_name("US") == "united-states"
    assert shipped.party_of_name("the US") == "united-states"
    assert shipped.party_of_name("us") is None
    assert shipped.party_of_name("Nato") == "nato"  # longer acronyms stay case-insensitive


def test_profile_bare_surname_after_another_given_name_names_nobody(shipped: Profile) -> None:
    assert shipped.person("Julianne Smith") is not None
    assert shipped.person("Adam Smith") is None
    assert shipped.person("Stephen Miller") is None
    assert shipped.person("Foreign Minister Lavrov").name == "Sergei Lavrov"
    assert shipped.person("Putin's aide Ushakov").name == "Yuri Ushakov"
    assert shipped.person("Russia's Lavrov").name == "Sergei Lavrov"


def test_profile_ambiguous_surname_resolves_to_nobody(shipped: Profile) -> None:
    assert shipped.person("Johnson") is None


def test_profile_from_dict_accepts_a_small_profile() -> None:
    profile = profile_from_dict(
        {
            "parties": {"north": {"role": "belligerent", "people": [{"name": "Ann Lee", "principal": True}]}},
            "issues": {"water": {"cues": ["water"]}},
        },
        "small.yaml",
    )
    assert profile.id == "small" and profile.person("Lee").party == "north"
    assert profile.parties["north"].label == "north"


def test_profile_allows_yaml_merge_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        parties:
          north: {role: belligerent}
        issues:
          water: &base {label: Water, cues: [water, river]}
          dams: {<<: *base, label: Dams}
        """,
    )
    profile = load_profile(path)
    assert profile.issues["dams"].label == "Dams" and profile.issues["dams"].cues == ("water", "river")


# -- validation errors ----------------------------------------------------------------------

VALID = """
id: test
parties:
  north:
    role: belligerent
    names: [North, Northland]
    people:
      - {name: Ann Lee, aliases: [Lee]}
  south:
    role: belligerent
    names: [South]
    people:
      - {name: Bo Park, aliases: [Park]}
issues:
  water:
    label: Water
    cues: [water, river]
"""

_NORTH_PEOPLE = "    people:\n      - {name: Ann Lee, aliases: [Lee]}\n"
_SOUTH = "  south:\n    role: belligerent\n    names: [South]\n    people:\n      - {name: Bo Park, aliases: [Park]}\n"


def _edit(old: str, new: str) -> str:
    """VALID with one edit (the text to replace must be there)."""
    assert old in VALID, old
    return VALID.replace(old, new, 1)


# case -> (profile text, what the message must name)
BROKEN = {
    "bad_yaml": ("parties: [unclosed\n", "line"),
    "unknown_top_level_key": (VALID + "partys: {}\n", "partys"),
    "unknown_party_key": (_edit("    names: [North", "    nmes: [North"), "parties.north"),
    "duplicate_party_ids": (_edit("  south:\n", "  north:\n"), "duplicate key 'north'"),
    "duplicate_issue_ids": (VALID + "  water:\n    cues: [well]\n", "duplicate key 'water'"),
    "duplicate_key_in_mapping": (VALID + "    label: Again\n", "issues.water.label"),
    "missing_cues": (_edit("    cues: [water, river]\n", ""), "issues.water.cues"),
    "empty_cues": (_edit("[water, river]", "[]"), "issues.water.cues"),
    "bad_regex_pattern": (VALID + "    patterns: ['(unclosed']\n", "issues.water.patterns[0]"),
    "pattern_matching_everything": (VALID + "    patterns: ['x*']\n", "issues.water.patterns[0]"),
    "party_id_talks": (_edit("  south:\n", "  talks:\n"), "parties.talks"),
    "party_id_not_lower_case": (_edit("  south:\n", "  South:\n"), "parties.South"),
    "wrong_type_cues": (_edit("[water, river]", "{water: 1}"), "issues.water.cues"),
    "wrong_type_names": (_edit("[North, Northland]", "{a: 1}"), "parties.north.names"),
    "wrong_type_people": (_edit(_NORTH_PEOPLE, "    people: Ann Lee\n"), "parties.north.people"),
    "wrong_type_principal": (_edit("[Lee]}", "[Lee], principal: 'yes'}"), "parties.north.people[0].principal"),
    "wrong_type_party": (_edit(_SOUTH, "  south: [South]\n"), "parties.south"),
    "wrong_type_label": (_edit("    label: Water", "    label: [Water]"), "issues.water.label"),
    "yaml_boolean_cue": (_edit("[water, river]", "[water, no]"), "issues.water.cues[1]"),
    "unknown_role": (_edit("role: belligerent\n    names: [South]", "role: neutral\n    names: [South]"), "parties.south.role"),
    "person_without_name": (_edit("{name: Bo Park, aliases: [Park]}", "{aliases: [Park]}"), "parties.south.people[0].name"),
    "alias_names_another_party_person": (_edit("aliases: [Park]", "aliases: [Park, Lee]"), "parties.south.people[0]"),
    "party_name_of_another_party": (_edit("names: [South]", "names: [South, Northland]"), "parties.south.names"),
    "linked_issue_unknown": (VALID + "linked_issues: {water: [fire]}\n", "linked_issues.water"),
    "not_a_mapping": ("- just\n- a list\n", "top level"),
    "no_parties": ("issues: {water: {cues: [water]}}\n", "parties"),
}


def _write(tmp_path: Path, text: str, name: str = "profile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_profile_valid_base_loads(tmp_path: Path) -> None:
    profile = load_profile(_write(tmp_path, VALID))
    assert profile.person("Lee").party == "north" and profile.party_of_name("Northland") == "north"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_profile_rejects_broken_profile(tmp_path: Path, case: str) -> None:
    text, key = BROKEN[case]
    path = _write(tmp_path, text, f"{case}.yaml")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert f"{case}.yaml" in message and key in message, message
    assert "\n" not in message


def test_profile_rejects_duplicate_party_ids_naming_the_line(tmp_path: Path) -> None:
    text = VALID.replace("  south:\n", "  north:\n")
    line = text.splitlines().index("  north:", text.splitlines().index("  north:") + 1) + 1
    with pytest.raises(ProfileError, match=rf"dup\.yaml: parties\.north: duplicate key 'north' at line {line} \(first given at line \d+\)"):
        load_profile(_write(tmp_path, text, "dup.yaml"))


def test_profile_rejects_duplicate_issue_ids(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"issues\.water: duplicate key 'water'"):
        load_profile(_write(tmp_path, VALID + "  water:\n    cues: [well]\n"))


def test_profile_rejects_alias_naming_a_person_of_another_party(tmp_path: Path) -> None:
    text = VALID.replace("aliases: [Park]", "aliases: [Park, Lee]")
    with pytest.raises(ProfileError) as info:
        load_profile(_write(tmp_path, text))
    assert "Bo Park" in str(info.value) and "Ann Lee" in str(info.value)


def test_profile_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="nowhere.yaml: no such profile file"):
        load_profile(tmp_path / "nowhere.yaml")


def test_profile_unreadable_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(ProfileError, match=r"dir\.yaml: file: cannot read the profile") as info:
        load_profile(tmp_path / "dir.yaml")
    assert "\n" not in str(info.value)


def test_profile_docs_example_loads(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "profile.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert example, "docs/profile.md has a yaml example"
    profile = load_profile(_write(tmp_path, example.group(1), "my-talks.yaml"))
    assert profile.person("Voss").party == "northland" and profile.party_of_name("Cassel") == "marovia"


def test_profile_errors_do_not_name_machine_paths_for_the_default() -> None:
    assert load_profile().path == "russia-ukraine.yaml"
