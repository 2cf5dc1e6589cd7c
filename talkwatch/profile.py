"""Negotiation profiles: parties, their people, issues and cue phrases, from YAML.

A profile is the only place a negotiation is described; nothing in the pipeline is keyed
to one negotiation. ``load_profile`` validates and raises ``ProfileError`` with a one-line
message ``<file>: <key path>: <what is wrong>; <what to do>``.

Schema (see ``profiles/russia-ukraine.yaml`` and ``docs/profile.md``)::

    id: russia-ukraine
    name: Russia–Ukraine talks
    parties:
      russia:
        label: Russia
        role: belligerent            # belligerent | mediator | ally | organisation | other
        names: [Russia, Moscow, the Kremlin]        # institutional names
        demonyms: [Russian]                          # "a Russian official"
        people:
          - name: Vladimir Putin
            aliases: [Putin]
            misspellings: [Poutine]
            titles: [Russian president]              # descriptions that name only them
            role: president
            principal: true
    issues:
      neutrality:
        label: Ukraine's neutral status
        cues: [neutrality, NATO membership]
        patterns: ['(?i)\\bjoin(?:ing)?\\s+NATO\\b']  # optional Python regexes
    role_words: [official, diplomat, ...]            # optional: extra anonymous roles
    linked_issues: {ceasefire: [energy-strikes]}     # optional

Beyond the schema, loading refuses what would make lookups silently ambiguous: a key
given twice in one YAML mapping, a mention (name, alias, misspelling, title) shared by two
people, and a party name or demonym shared by two parties.

Lookups: ``Profile.person`` resolves a speaker mention (whole mention, then its last
words; a surname shared by two people names nobody, and a bare surname after a different
given name names nobody). ``Profile.party_of_name`` resolves an institutional name or
demonym ("the Kremlin", "Russia's", "US"); short all-capital acronyms match only in
capitals, so "us" is not the United States.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import ProfileError
from .model import TALKS

PARTY_ROLES = ("belligerent", "mediator", "ally", "organisation", "other")
_TOP_KEYS = {"id", "name", "description", "parties", "issues", "role_words", "linked_issues"}
_PARTY_KEYS = {"label", "role", "names", "demonyms", "people", "notes"}
_PERSON_KEYS = {"name", "aliases", "misspellings", "role", "principal", "notes", "titles"}
_ISSUE_KEYS = {"label", "cues", "description", "patterns"}
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
# Short all-capital names ("US", "U.S.", "UK", "EU", "UAE") only match in capitals, so the
# pronoun "us" is not the United States.
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,3}$")
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Capitalised words that may stand before a bare surname without being a given name.
_TITLES = frozenset(
    "mr mrs ms dr sir lord dame president vice prime minister secretary foreign defence defense "
    "state chancellor premier senator sen rep representative congressman congresswoman speaker "
    "governor gov mayor ambassador amb envoy special spokesman spokeswoman spokesperson press "
    "adviser advisor aide chief head director deputy general gen admiral adm commander colonel "
    "col lt king queen crown prince emir sheikh pope cardinal archbishop patriarch commissioner "
    "ombudsman chairman chair chairwoman leader negotiator delegate judge prosecutor".split()
)

DEFAULT_PROFILE = Path(__file__).resolve().parent / "profiles" / "russia-ukraine.yaml"


def fold(text: str) -> str:
    """Lower-case and strip accents, so "İbrahim Kalın" matches "Ibrahim Kalin"."""
    text = text.replace("ı", "i").replace("İ", "I").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def _bare_name(text: str) -> str:
    """A party mention without edge punctuation, a leading "the" or a possessive "'s"."""
    text = text.strip(" ,.;:\"“”‘").replace("’", "'")
    text = re.sub(r"(?i)^the\s+", "", text)
    return re.sub(r"'s?$", "", text).strip()


def _name_key(name: str) -> str:
    """The folded lookup key of a party name ("The Kremlin's" → "kremlin")."""
    return fold(_bare_name(name))


@dataclass(frozen=True)
class Person:
    name: str
    party: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    principal: bool = False
    titles: tuple[str, ...] = ()

    def mentions(self) -> tuple[str, ...]:
        """The full name, then aliases and misspellings, as written in the profile."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Party:
    id: str
    label: str
    role: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    people: tuple[Person, ...]


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    cues: tuple[str, ...]
    patterns: tuple[str, ...] = ()


@dataclass
class Profile:
    id: str
    name: str
    parties: dict[str, Party]
    issues: dict[str, Issue]
    role_words: tuple[str, ...] = ()
    path: str | None = None
    linked_issues: dict[str, tuple[str, ...]] = field(default_factory=dict)

    # -- lookups used by speaker resolution and holder mapping -------------------------
    @cached_property
    def person_index(self) -> dict[str, Person]:
        """Folded mention (full name, alias, misspelling, title, surname) → person."""
        index: dict[str, Person] = {}
        surnames: dict[str, list[Person]] = {}
        for party in self.parties.values():
            for person in party.people:
                for mention in (*person.mentions(), *person.titles):
                    index.setdefault(fold(mention), person)
                last = fold(person.name).split()[-1]
                surnames.setdefault(last, []).append(person)
        for last, people in surnames.items():
            if len(people) == 1:  # an ambiguous surname resolves to nobody
                index.setdefault(last, people[0])
        return index

    @cached_property
    def party_name_index(self) -> dict[str, str]:
        """Folded party name or demonym → party id (names with "the" also without it)."""
        index: dict[str, str] = {}
        for party in self.parties.values():
            for name in (party.id, party.label, *party.names, *party.demonyms):
                for key in (fold(name), fold(name).removeprefix("the "), _name_key(name)):
                    index.setdefault(key, party.id)
        return index

    @cached_property
    def case_sensitive_names(self) -> frozenset[str]:
        """Folded keys of short acronyms ("us", "u.s.", "uk") that match only in capitals."""
        return frozenset(
            key
            for party in self.parties.values()
            for name in (*party.names, *party.demonyms)
            if _ACRONYM.match(name)
            for key in (fold(name), _name_key(name))
        )

    @cached_property
    def _title_words(self) -> frozenset[str]:
        """Folded one-word titles and role nouns that may stand before a bare surname."""
        return _TITLES | {fold(w) for w in self.role_words if " " not in w.strip()}

    def person(self, mention: str) -> Person | None:
        """The person a mention names: the whole mention, else its last words.

        A bare surname after a different given name names nobody ("Adam Smith" when only
        Julianne Smith is known); after a title, role noun, party name or possessive it is
        fine ("Foreign Minister Lavrov", "Kremlin spokesman Peskov", "Putin's Ushakov").
        """
        text = mention.strip(" ,.;:'\"“”‘’")
        key = re.sub(r"^(the|mr|mrs|ms|dr|president|minister)\.? ", "", fold(text))
        if key in self.person_index:
            return self.person_index[key]
        words, raw = key.replace("'s", "").split(), text.split()
        for n in range(min(3, len(words)), 0, -1):
            person = self.person_index.get(" ".join(words[-n:]))
            before = raw[-2] if len(raw) > 1 else ""
            if person and (n > 1 or len(words) == 1 or self._fits_surname(before, person)):
                return person
        return None

    def _fits_surname(self, before: str, person: Person) -> bool:
        """Whether the word before a bare surname leaves it naming ``person``."""
        before = before.replace("’", "'")
        if not before[:1].isupper() or before.endswith(("'s", "'")):
            return True
        word = fold(before).strip(".,")
        if word in self._title_words or self.party_of_name(before):
            return True
        initials = {fold(m)[0] for m in person.mentions() if " " in m.strip()}
        return word[:1] in initials  # "Dmitriy Peskov", "V. Putin": a variant, not a stranger

    def party_of_name(self, text: str) -> str | None:
        """The party a name or demonym refers to ("the Kremlin" → russia, "Russia's" → russia).

        A short acronym matches only when written in capitals: "US" → united-states, "us"
        → None.
        """
        bare = _bare_name(text)
        key = fold(bare)
        if key in self.case_sensitive_names and bare != bare.upper():
            return None
        return self.party_name_index.get(key)

    @cached_property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(self.parties)

    def is_party(self, party_id: str) -> bool:
        return party_id in self.parties or party_id == TALKS


# -- validation ---------------------------------------------------------------------------


def _fail(path: str, key: str, message: str) -> ProfileError:
    """A one-line ``<file>: <key>: <message>`` error."""
    return ProfileError(" ".join(f"{path}: {key}: {message}".split()))


def _strings(value: Any, path: str, key: str) -> tuple[str, ...]:
    """A string or list of strings as a tuple; YAML booleans, nulls and blanks are refused."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise _fail(path, key, "expected a list of strings; write [a, b] or one '- item' per line")
    return tuple(_string(item, path, f"{key}[{i}]") for i, item in enumerate(items))


def _string(item: Any, path: str, key: str) -> str:
    """One list item as text (numbers are accepted and turned into text)."""
    if isinstance(item, bool) or item is None:
        message = f"YAML read this item as {item!r}, not text; quote it (yes/no/on/off/null are not text)"
        raise _fail(path, key, message)
    if not isinstance(item, (str, int, float)):
        raise _fail(path, key, f"expected a string, got a {type(item).__name__}; write it as plain text")
    text = str(item).strip()
    if not text:
        raise _fail(path, key, "empty string; remove it")
    return text


def _text(value: Any, path: str, key: str, default: str | None) -> str | None:
    """An optional single string field (label, role, name)."""
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, key, f"expected a non-empty string, got {value!r}; quote it if YAML misread it")
    return value.strip()


def _mapping(value: Any, path: str, key: str, what: str) -> dict[Any, Any]:
    """A value that must be a YAML mapping."""
    if not isinstance(value, dict):
        raise _fail(path, key, f"expected a mapping, got {type(value).__name__}; write it as {what}")
    return value


def _check_keys(data: dict[Any, Any], allowed: set[str], path: str, where: str) -> None:
    """Refuse keys outside ``allowed`` (typos would otherwise be ignored)."""
    unknown = sorted(map(str, set(data) - allowed))
    if unknown:
        raise _fail(
            path,
            where or "top level",
            f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}",
        )


def _check_id(value: Any, path: str, where: str, kind: str) -> str:
    """A party or issue id: lower-case letters, digits and hyphens."""
    if not isinstance(value, str) or not _ID.match(value):
        raise _fail(path, where, f"{kind} ids are lower-case letters, digits and hyphens; rename {value!r}")
    return value


def _person(raw: Any, party_id: str, path: str, where: str) -> Person:
    """One entry of a party's ``people`` (a mapping, or just a name)."""
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict):
        raise _fail(path, where, "a person is a mapping with at least 'name'; add name: …")
    _check_keys(raw, _PERSON_KEYS, path, where)
    name = _text(raw.get("name"), path, f"{where}.name", None)
    if name is None:
        raise _fail(path, f"{where}.name", "every person needs a non-empty name; add name: …")
    principal = raw.get("principal", False)
    if not isinstance(principal, bool):
        message = f"expected true or false, got {principal!r}; write true or false unquoted"
        raise _fail(path, f"{where}.principal", message)
    aliases = _strings(raw.get("aliases"), path, f"{where}.aliases")
    aliases += _strings(raw.get("misspellings"), path, f"{where}.misspellings")
    return Person(
        name=name,
        party=party_id,
        aliases=aliases,
        role=_text(raw.get("role"), path, f"{where}.role", None),
        principal=principal,
        titles=_strings(raw.get("titles"), path, f"{where}.titles"),
    )


def _party(pid: Any, raw: Any, path: str) -> Party:
    """One entry of ``parties``."""
    where = f"parties.{pid}"
    _check_id(pid, path, where, "party")
    if pid == TALKS:
        raise _fail(path, where, f"'{TALKS}' is reserved for both sides jointly; rename the party")
    raw = _mapping(raw, path, where, "key: value lines (label, role, names, demonyms, people)")
    _check_keys(raw, _PARTY_KEYS, path, where)
    role = raw.get("role", "other")
    if role not in PARTY_ROLES:
        raise _fail(path, f"{where}.role", f"'{role}' is not a role; use one of {', '.join(PARTY_ROLES)}")
    people_raw = raw.get("people") or []
    if not isinstance(people_raw, list):
        raise _fail(path, f"{where}.people", "expected a list of people; write one '- name: …' per person")
    people = tuple(_person(p, pid, path, f"{where}.people[{i}]") for i, p in enumerate(people_raw))
    return Party(
        id=pid,
        label=_text(raw.get("label"), path, f"{where}.label", pid) or pid,
        role=role,
        names=_strings(raw.get("names"), path, f"{where}.names"),
        demonyms=_strings(raw.get("demonyms"), path, f"{where}.demonyms"),
        people=people,
    )


def _patterns(raw: Any, path: str, where: str) -> tuple[str, ...]:
    """An issue's regexes: each must compile and must not match the empty string."""
    patterns = _strings(raw, path, where)
    for i, pattern in enumerate(patterns):
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise _fail(path, f"{where}[{i}]", f"not a valid regular expression ({exc}); fix or remove it")
        if compiled.search("") is not None:
            raise _fail(path, f"{where}[{i}]", "matches the empty string, so it would match anywhere; tighten it")
    return patterns


def _issue(iid: Any, raw: Any, path: str) -> Issue:
    """One entry of ``issues``."""
    where = f"issues.{iid}"
    _check_id(iid, path, where, "issue")
    raw = _mapping(raw, path, where, "key: value lines (label, cues, patterns)")
    _check_keys(raw, _ISSUE_KEYS, path, where)
    cues = _strings(raw.get("cues"), path, f"{where}.cues")
    if not cues:
        raise _fail(path, f"{where}.cues", "no cue phrases; give at least one")
    return Issue(
        id=iid,
        label=_text(raw.get("label"), path, f"{where}.label", iid) or iid,
        cues=cues,
        patterns=_patterns(raw.get("patterns"), path, f"{where}.patterns"),
    )


def _check_people_unique(parties: dict[str, Party], path: str) -> None:
    """Refuse a name, alias, misspelling or title that names two different people."""
    owners: dict[str, tuple[Person, str]] = {}
    for party in parties.values():
        for i, person in enumerate(party.people):
            where = f"parties.{party.id}.people[{i}]"
            for mention in (*person.mentions(), *person.titles):
                other = owners.setdefault(fold(mention), (person, where))
                if other[0] is not person:
                    raise _fail(
                        path,
                        where,
                        f"'{mention}' ({person.name}) already names {other[0].name} "
                        f"({other[1]}); keep it for one person only",
                    )


def _party_mentions(party: Party) -> Iterable[tuple[str, str]]:
    """(field, name) pairs a party is known by."""
    yield "id", party.id
    yield "label", party.label
    yield from (("names", n) for n in party.names)
    yield from (("demonyms", d) for d in party.demonyms)


def _check_party_names_unique(parties: dict[str, Party], path: str) -> None:
    """Refuse a party name or demonym that already names another party."""
    owners: dict[str, str] = {}
    for party in parties.values():
        for where, name in _party_mentions(party):
            owner = owners.setdefault(_name_key(name), party.id)
            if owner != party.id:
                raise _fail(
                    path,
                    f"parties.{party.id}.{where}",
                    f"'{name}' already names party '{owner}'; keep it for one party only",
                )


def _linked(raw: Any, issues: dict[str, Issue], path: str) -> dict[str, tuple[str, ...]]:
    """``linked_issues``: issue id → issue ids it is tied to."""
    linked: dict[str, tuple[str, ...]] = {}
    for iid, others in _mapping(raw or {}, path, "linked_issues", "issue id: [issue ids]").items():
        targets = _strings(others, path, f"linked_issues.{iid}")
        for other in (iid, *targets):
            if other not in issues:
                raise _fail(path, f"linked_issues.{iid}", f"unknown issue '{other}'; use an id under 'issues'")
        linked[iid] = targets
    return linked


def profile_from_dict(data: Any, path: str = "<profile>") -> Profile:
    """Validate a parsed profile mapping and build a Profile."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise _fail(path, "top level", f"expected a mapping, got {kind}; a profile maps id, parties, issues…")
    _check_keys(data, _TOP_KEYS, path, "")
    for key in ("parties", "issues"):
        if not isinstance(data.get(key), dict) or not data[key]:
            raise _fail(path, key, f"missing or empty; '{key}' must be a mapping with at least one entry")
    parties = {pid: _party(pid, raw, path) for pid, raw in data["parties"].items()}
    issues = {iid: _issue(iid, raw, path) for iid, raw in data["issues"].items()}
    _check_people_unique(parties, path)
    _check_party_names_unique(parties, path)
    pid = data.get("id") or Path(path).stem
    if data.get("id") is not None:
        _check_id(pid, path, "id", "profile")
    return Profile(
        id=str(pid),
        name=_text(data.get("name"), path, "name", str(pid)) or str(pid),
        parties=parties,
        issues=issues,
        role_words=_strings(data.get("role_words"), path, "role_words"),
        path=path,
        linked_issues=_linked(data.get("linked_issues"), issues, path),
    )


# -- YAML reading -------------------------------------------------------------------------


class _DuplicateKey(yaml.YAMLError):
    """A key given twice in one mapping (PyYAML would silently keep the last)."""

    def __init__(self, where: str, key: Any, line: int, first_line: int):
        super().__init__(f"{where}: duplicate key {key!r}")
        self.where, self.key, self.line, self.first_line = where, key, line, first_line


# The libyaml-backed safe loader when PyYAML has it (about 10x faster), else the pure one.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UniqueKeyLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe YAML loader that refuses a key given twice in one mapping."""

    _root: yaml.Node

    def construct_document(self, node: yaml.Node) -> Any:
        """Remember the document's root, to name the key path of a duplicate."""
        self._root = node
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping as SafeLoader does, after checking its keys are unique."""
        self._check_unique(node)
        return super().construct_mapping(node, deep=deep)

    def _check_unique(self, node: yaml.MappingNode) -> None:
        """Raise _DuplicateKey for the second of two equal keys (merge keys excepted)."""
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=True)
            try:  # typed, so that 1 and true are different keys
                first = seen.setdefault((type(key), key), key_node)
            except TypeError:  # an unhashable key; the constructor reports it
                continue
            if first is not key_node:
                parent = _node_path(self._root, node)
                where = f"{parent}.{key}" if parent else str(key)
                raise _DuplicateKey(where, key, key_node.start_mark.line + 1, first.start_mark.line + 1)


def _node_path(root: yaml.Node, target: yaml.Node) -> str:
    """The dotted key path of ``target`` inside ``root`` ("parties.russia.people[2]")."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    visited: set[int] = set()
    while stack:
        node, where = stack.pop()
        if node is target:
            return where
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [(v, f"{where}.{k.value}" if where else str(k.value)) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(v, f"{where}[{i}]") for i, v in enumerate(node.value)]
    return ""


def _parse(raw: str, shown: str) -> Any:
    """Parse YAML text, turning every YAML problem into a one-line ProfileError."""
    try:
        return yaml.load(raw, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise _fail(
            shown,
            exc.where,
            f"duplicate key '{exc.key}' at line {exc.line} (first given at line {exc.first_line}); "
            "keep one entry or rename it",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise _fail(shown, where, f"{problem}; fix the YAML syntax there") from None


def load_profile(path: str | Path | None = None) -> Profile:
    """Read and validate a profile; ``None`` gives the shipped Russia–Ukraine profile."""
    target = Path(path) if path else DEFAULT_PROFILE
    shown = str(path) if path else target.name
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"{shown}: no such profile file; pass --profile with a YAML file") from None
    except (UnicodeDecodeError, OSError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise _fail(shown, "file", f"cannot read the profile ({reason}); save it as a UTF-8 YAML file") from None
    return profile_from_dict(_parse(raw, shown), shown)
