"""Speaker resolution: a source mention → who it is (person, descriptor, institution) → party.

One ``SpeakerTracker`` per document remembers the speakers seen so far, so that later
mentions resolve to earlier ones:

* names through the profile (aliases, misspellings, surname-only), then close misspellings
  ("Zelenksky" → Volodymyr Zelensky) and earlier full names in the same text ("Weiss" →
  Martin Weiss);
* title-only mentions ("the Turkish spokesman") → the person introduced with that title;
* "the official" / "the diplomat" → the earlier descriptor with that role;
* pronouns (he/she/they) → the last compatible speaker;
* anonymous descriptors → ``Descriptor(role, affiliation, seniority, count)``;
* institutions ("the Kremlin", "the State Department") → institutional speaker + party.

Example::

    >>> tracker = SpeakerTracker(profile)
    >>> tracker.resolve(doc[0:4]).name        # "a senior NATO official"
    'a senior NATO official'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Descriptor
from ..profile import Person, Profile, fold

ROLE_NOUNS = frozenset(
    """official officials diplomat diplomats source sources aide aides negotiator negotiators
    spokesman spokeswoman spokesperson spokespeople representative representatives adviser
    advisers advisor advisors analyst analysts expert experts person people insider insiders
    officer officers minister ministers envoy envoys lawmaker lawmakers senator senators
    observer observers member members staffer staffers strategist strategists operative
    operatives ambassador ambassadors commander commanders leader leaders delegate delegates
    mediator mediators politician politicians legislator legislators participant participants
    executive executives employee employees worker workers investigator investigators
    prosecutor prosecutors critic critics supporter supporters voter voters resident residents
    activist activists economist economists scholar scholars researcher researchers
    spokesmen""".split()
)
CONJOINED = True  # "Umerov and Yermak told reporters": both speak (was: the first, or the last, name)
# a transcript's or interview's label for the side that asks ("QUESTION:", "Q:") names no one
TURN_ASKERS = {"q": "journalist", "question": "journalist", "questioner": "journalist",
               "interviewer": "journalist", "reporter": "journalist", "moderator": "moderator"}
ROLE_CANONICAL = {
    "people": "source", "person": "source", "sources": "source", "insider": "source",
    "insiders": "source", "spokeswoman": "spokesperson", "spokesman": "spokesperson",
    "spokespeople": "spokesperson", "spokesmen": "spokesperson", "advisor": "adviser",
    "advisors": "adviser",
}
INSTITUTION_NOUNS = frozenset(
    """ministry government kremlin administration department office campaign committee
    commission council agency parliament embassy presidency cabinet army military
    spokesman's white house pentagon secretariat foundation organization organisation group
    party union coalition alliance court senate congress house team company firm bank
    newspaper agency network station channel""".split()
)
SENIORITY = frozenset(
    "senior top high-ranking high-level junior mid-level midlevel ranking former chief".split()
)
COUNT_WORDS = frozenset(
    """two three four five six seven eight nine ten several multiple many some few various
    numerous dozens""".split()
)
PRONOUNS_SINGULAR = frozenset({"he", "she", "him", "her", "his", "i", "me", "my"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "we", "us", "our"})
PRONOUNS_INSTITUTION = frozenset({"it", "its"})
PRONOUNS = PRONOUNS_SINGULAR | PRONOUNS_PLURAL | PRONOUNS_INSTITUTION | {"you", "who"}
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
TITLES = frozenset(
    """mr mrs ms dr president prime minister secretary senator sen rep gov governor mayor
    spokesman spokeswoman ambassador general gen foreign defense defence presidential chief
    deputy adviser advisor envoy chancellor king queen prince pope judge justice
    representative congressman congresswoman leader the former""".split()
)
_NAME_JUNK = " ,.;:'\"“”‘’()[]—–-"


@dataclass(frozen=True)
class Speaker:
    """A resolved source: the name to show, its kind, party and (if unnamed) descriptor."""

    name: str | None
    kind: str = "none"
    party: str | None = None
    descriptor: Descriptor | None = None
    person: Person | None = None
    plural: bool = False
    role: str | None = None  # title or role noun, for "the official" / "the spokesman"


def osa_distance(a: str, b: str, cap: int = 3) -> int:
    """Optimal-string-alignment edit distance (a transposition costs 1), capped at ``cap``."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], cap)


class _ProfileIndex:
    """Per-profile lookups built once: surnames by first letter, folded titles, a cache."""

    def __init__(self, profile: Profile):
        self.by_letter: dict[str, list[tuple[str, Person]]] = {}
        for key, person in profile.person_index.items():
            last = key.split()[-1]
            if len(last) >= 5:
                self.by_letter.setdefault(last[0], []).append((last, person))
        self.titles = [
            (person, [fold(t) for t in (*person.titles, person.role or "") if t])
            for party in profile.parties.values()
            for person in party.people
        ]
        self.fuzzy: dict[str, Person | None] = {}


_INDEXES: dict[int, tuple[Profile, _ProfileIndex]] = {}


def profile_index(profile: Profile) -> _ProfileIndex:
    """The lookups for ``profile`` (rebuilt if a different profile reuses the id)."""
    cached = _INDEXES.get(id(profile))
    if cached is None or cached[0] is not profile:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        cached = (profile, _ProfileIndex(profile))
        _INDEXES[id(profile)] = cached
    return cached[1]


def fuzzy_person(profile: Profile, mention: str) -> Person | None:
    """A profile person whose name or alias is one edit from the mention's last word(s)."""
    words = fold(mention.strip(_NAME_JUNK)).replace("'s", "").split()
    if not words or len(words[-1]) < 5:
        return None
    index = profile_index(profile)
    word = words[-1]
    if word not in index.fuzzy:
        found = {person for last, person in index.by_letter.get(word[0], ())
                 if osa_distance(last, word) <= 1}
        index.fuzzy[word] = found.pop() if len(found) == 1 else None
    return index.fuzzy[word]


def _content_tokens(span: SpacySpan) -> list[Token]:
    return [t for t in span if not t.is_punct and not t.is_space]


def _is_pronoun(span: SpacySpan) -> bool:
    words = _content_tokens(span)
    return len(words) == 1 and words[0].lower_ in PRONOUNS


def _person_tokens(span: SpacySpan) -> list[Token]:
    """The tokens of a PERSON entity in the mention, else its trailing proper nouns."""
    runs = _person_runs(span)
    for ent in runs:
        if ent.start <= span.root.i < ent.end or _names_root(ent, span.root) or (
            len(runs) == 1 and ent.end == span.end  # "Head of the Office … Andriy Yermak"
        ):
            return [t for t in ent if t.text not in _NAME_JUNK and t.lower_ != "'s"]
    tokens: list[Token] = []
    root = span.root
    if root.pos_ == "PROPN":
        tokens = [t for t in root.subtree if t.pos_ == "PROPN" and t.i <= root.i and t.i >= span.start]
        tokens = [t for t in tokens if t.lower_.strip(".") not in TITLES]
    return tokens


def _person_runs(span: SpacySpan) -> list[SpacySpan]:
    """PERSON entities inside a mention (cheaper than ``span.ents`` on a long doc)."""
    runs: list[SpacySpan] = []
    start: int | None = None
    for tok in span:
        inside = tok.ent_type_ == "PERSON"
        if start is not None and (not inside or tok.ent_iob_ == "B"):
            runs.append(span.doc[start : tok.i])
            start = None
        if inside and start is None:
            start = tok.i
    if start is not None:
        runs.append(span.doc[start : span.end])
    return runs


def _coordinated_names(span: SpacySpan) -> list[SpacySpan]:
    """The names of a coordinated mention, each with the title words before it
    (``Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan``)."""
    if not any(t.dep_ == "cc" and t.lower_ in ("and", "&") for t in span):
        return []
    heads = {span.root.i}
    for tok in span:  # conjuncts hang on the first name or on each other
        if tok.dep_ == "conj" and tok.head.i in heads:
            heads.add(tok.i)
    doc = span.doc
    # a conjunct is the last word of its name: "President" before "Recep Tayyip Erdogan" is not one
    ends = [i for i in sorted(heads) if doc[i].pos_ == "PROPN"
            and not (i + 1 < span.end and doc[i + 1].pos_ == "PROPN")]
    if len(ends) < 2 or any(doc[i].pos_ != "PROPN" for i in heads):
        return []  # "Kyiv and its allies": not a list of names
    parts = []
    floor = span.start
    for end in ends:
        start = end
        while start > floor and not (doc[start - 1].is_punct or doc[start - 1].dep_ == "cc"):
            start -= 1
        parts.append(doc[start : end + 1])
        floor = end + 1
    return parts


def _listed(names: list[str]) -> str:
    """``A, B and C``."""
    return ", ".join(names[:-1]) + " and " + names[-1]


def _names_root(ent: SpacySpan, root: Token) -> bool:
    """The entity is the mention's head or in apposition/compound to it."""
    return ent.root.head.i == root.i and ent.root.dep_ in ("appos", "compound", "nmod")


def _name_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip(_NAME_JUNK)


def _descriptor_head(span: SpacySpan) -> Token | None:
    root = span.root
    if root.lower_ in ROLE_NOUNS:
        return root
    for tok in span:
        if tok.lower_ in ROLE_NOUNS and tok.dep_ in ("nsubj", "ROOT", "appos", "pobj", "conj"):
            return tok
    return None


def parse_descriptor(span: SpacySpan, profile: Profile) -> tuple[Descriptor, str | None]:
    """Role, affiliation, seniority and count of an unnamed source, plus its party."""
    head = _descriptor_head(span) or span.root
    if head.like_num or head.text == "%":  # "About 4 in 10", "Six out of 10", "26%": a share of those polled
        share = " ".join(t.lower_ for t in span if t.like_num or t.lower_ in ("in", "out", "of", "%", "percent"))
        share = share.replace(" %", "%")  # "26%", "46 percent"
        return Descriptor(role="respondents", affiliation=None, seniority=None, count=share), _party_in(span, profile)
    role = ROLE_CANONICAL.get(head.lower_, head.lemma_.lower())
    seniority = count = affiliation = party = None
    for tok in span:
        low = tok.lower_
        if tok.i >= head.i and tok.dep_ not in ("compound",):
            break
        if low in SENIORITY and seniority is None:
            seniority = low
        elif (low in COUNT_WORDS or tok.like_num) and count is None:
            count = low
        elif tok.pos_ in ("PROPN", "ADJ", "NOUN") and affiliation is None:
            found = profile.party_of_name(tok.text)
            if found:
                affiliation = party = found
            elif tok.pos_ == "PROPN" or tok.ent_type_ in ("NORP", "ORG", "GPE"):
                affiliation = tok.text
    if party is None:
        party = _party_in(span, profile)
    if affiliation is None and party is not None:
        affiliation = party
    if affiliation is None:
        affiliation = _adjective_affiliation(span, head)
    return Descriptor(role=role, affiliation=affiliation, seniority=seniority, count=count), party


DESCRIPTOR_WORDS = True  # "the source familiar with …" goes back to the earlier source "familiar with …"
NOT_AFFILIATION = frozenset("unnamed anonymous unidentified other another same".split())


def _adjective_affiliation(span: SpacySpan, head: Token) -> str | None:
    """``a Western official`` → western; not a count or a mere ``unnamed``."""
    for tok in span:
        if (tok.i < head.i and tok.pos_ == "ADJ" and tok.lower_ not in SENIORITY
                and tok.lower_ not in COUNT_WORDS and tok.lower_ not in NOT_AFFILIATION):
            return tok.lower_
    return None


def _party_in(span: SpacySpan, profile: Profile) -> str | None:
    """The party any one- to three-word stretch of the mention names."""
    words = [t.text for t in span]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            found = profile.party_of_name(" ".join(words[i : i + n]))
            if found:
                return found
    return None


def _looks_institutional(span: SpacySpan, profile: Profile) -> bool:
    if profile.party_of_name(span.text):
        return True
    root = span.root
    if root.ent_type_ in ("ORG", "GPE", "NORP") and not _person_tokens(span):
        return True
    return root.lower_ in INSTITUTION_NOUNS


class SpeakerTracker:
    """Resolves source mentions in one document, remembering earlier speakers."""

    def __init__(self, profile: Profile, document_speaker: str | None = None):
        self.profile = profile
        self.history: list[Speaker] = []
        self.names: dict[str, str] = {}  # folded surname -> full name seen in this text
        self.titles: dict[str, Speaker] = {}  # folded title word(s) -> named speaker
        self.document_speaker = document_speaker
        self.seen: list[tuple[int, Speaker]] = []  # (token index, speaker) in text order
        self._subjects: list[tuple[int, Speaker]] | None = None
        self._doc: Doc | None = None

    def attach(self, doc: Doc) -> None:
        """Give the tracker the document, so pronouns can look at earlier subjects."""
        self._doc = doc
        self._subjects = None

    # -- public ---------------------------------------------------------------------
    def resolve(self, span: SpacySpan) -> Speaker:
        """The speaker a source mention refers to (and remember it for later mentions)."""
        span = _trim_span(span)
        if span is None:
            return Speaker(None)
        if len(span) == 1 and span[0].lower_ in ("who", "that", "which"):
            noun = relative_head(span[0])
            if noun.i == span[0].i:
                return Speaker(None)
            span = span.doc[noun.left_edge.i : noun.i + 1]
            span = _trim_span(span) or span
        if _is_pronoun(span):
            return self._pronoun(span)
        together = self._conjoined(span) if CONJOINED else None
        if together is not None:
            self.history.append(together)
            self.seen.append((span.start, together))
            return together
        if len(span) == 1 and span[0].lower_.strip(".") in TURN_ASKERS:
            role = TURN_ASKERS[span[0].lower_.strip(".")]
            return Speaker(span.text, "anonymous", descriptor=Descriptor(role=role), role=role)
        speaker = (self._institution(span) or self._named(span) or self._definite(span)
                   or self._unnamed(span))
        self.history.append(speaker)
        self.seen.append((span.start, speaker))
        return speaker

    def resolve_quietly(self, span: SpacySpan) -> Speaker | None:
        """Resolve a mention without recording it as a speaker (for relayed persons)."""
        span = _trim_span(span)
        if span is None or _is_pronoun(span):
            return None
        before = len(self.history)
        speaker = self._named(span)
        del self.history[before:]
        return speaker

    def remember(self, speaker: Speaker) -> None:
        self.history.append(speaker)

    def note_person(self, tokens: list[Token]) -> None:
        """Record a full name seen anywhere in the text, for later surname-only mentions."""
        name = _name_text(tokens)
        words = name.split()
        if len(words) >= 2:
            self.names.setdefault(fold(words[-1]), name)

    def _conjoined(self, span: SpacySpan) -> Speaker | None:
        """``Umerov and Yermak``, ``Putin, Lavrov and Peskov``: every named person speaks.
        The speaker is their names joined; the party is theirs when they share one (else
        the first named person's)."""
        parts = _coordinated_names(span)
        if len(parts) < 2:
            return None
        named_parties = [self.profile.party_of_name(part.text) for part in parts]
        if all(named_parties):  # "Ukraine and Russia": the parties themselves
            shared = set(named_parties)
            return Speaker(_listed([part.text.strip(_NAME_JUNK) for part in parts]), "institutional",
                           shared.pop() if len(shared) == 1 else None, plural=True)
        people: list[Speaker] = []
        for part, party_name in zip(parts, named_parties):
            found = None if party_name else self._named(part)
            if found is None or found.kind != "named" or not found.name:
                return None
            people.append(found)
        parties = {p.party for p in people if p.party}
        party = parties.pop() if len(parties) == 1 else next((p.party for p in people if p.party), None)
        return Speaker(_listed([p.name or "" for p in people]), "named", party, plural=True)

    # -- kinds ----------------------------------------------------------------------
    def _pronoun(self, span: SpacySpan) -> Speaker:
        word = _content_tokens(span)[0].lower_
        if word in FIRST_PERSON and self.document_speaker:
            return Speaker(self.document_speaker, "document", self._party_of_person(self.document_speaker))
        if word in PRONOUNS_INSTITUTION:
            return self._institution_pronoun(span)
        plural = word in PRONOUNS_PLURAL
        if not plural:
            latest = self._latest_person(span.start)
            if latest is not None:
                return replace(latest, kind="pronoun")
        for earlier in reversed(self.history[-12:]):
            if earlier.name is None:
                continue
            if plural == earlier.plural or (plural and earlier.kind == "institutional"):
                return replace(earlier, kind="pronoun")
        return Speaker(span.text, "pronoun", plural=plural)

    def _institution(self, span: SpacySpan) -> Speaker | None:
        """A party's own name ("the Kremlin", "Moscow") speaking as an institution."""
        party = self.profile.party_of_name(span.text)
        name = span.text
        root = span.root
        if party is None and root.pos_ == "PROPN" and any(c.dep_ == "appos" for c in root.children):
            # "Turkey, a NATO member close to both sides": the apposition describes the party
            # the head names; it does not make the speaker NATO's
            words = [t for t in root.lefts if t.dep_ == "compound" and t.i >= span.start] + [root]
            name = span.doc[words[0].i : root.i + 1].text
            party = self.profile.party_of_name(name)
        if party is None:
            return None
        return Speaker(name.strip(_NAME_JUNK), "institutional", party, plural=True)

    def _institution_pronoun(self, span: SpacySpan) -> Speaker:
        """"it" stands for the last institution that spoke ("the Kremlin said it …")."""
        for earlier in reversed(self.history[-12:]):
            if earlier.kind == "institutional":
                return replace(earlier, kind="pronoun")
        return Speaker(span.text, "pronoun")

    def _latest_person(self, before: int) -> Speaker | None:
        """The last singular named speaker or main-clause PERSON subject before a pronoun."""
        if self._subjects is None:
            self._subjects = []
            for child in _main_clause_person_subjects(self._doc):
                found = self._named(child.doc[child.left_edge.i : child.i + 1])
                if found is not None:
                    self._subjects.append((child.i, found))
        candidates = [(i, sp) for i, sp in [*self.seen, *self._subjects]
                      if i < before and sp.name and not sp.plural and sp.kind in ("named", "anonymous")]
        if not candidates:
            return None
        return max(candidates, key=lambda c: c[0])[1]

    def _named(self, span: SpacySpan) -> Speaker | None:
        tokens = _person_tokens(span)
        if not tokens:
            # a capitalised word the tagger missed, or a transcript's label in capitals ("LAVROV")
            person = (self.profile.person(span.text)
                      if span.root.pos_ == "PROPN" or span.root.is_title or span.root.is_upper else None)
            return self._from_person(person, span) if person else None
        mention = _name_text(tokens)
        person = self.profile.person(mention) or fuzzy_person(self.profile, mention)
        if person is not None:
            return self._from_person(person, span)
        full = self._full_name(mention)
        party = self._title_party(span, tokens)
        speaker = Speaker(full, "named", party, role=self._title_word(span, tokens))
        self._remember_title(speaker)
        return speaker

    def _from_person(self, person: Person, span: SpacySpan) -> Speaker:
        speaker = Speaker(person.name, "named", person.party, person=person,
                          role=self._title_word(span, _person_tokens(span)) or person.role)
        self._remember_title(speaker)
        return speaker

    def _definite(self, span: SpacySpan) -> Speaker | None:
        """"the official", "the Turkish spokesman": an earlier speaker with that role."""
        words = _content_tokens(span)
        if not words or words[0].lower_ not in ("the", "this", "that"):
            return None
        head = span.root.lower_
        if len(words) > 5 and head not in ROLE_NOUNS:
            return None
        role = ROLE_CANONICAL.get(head, span.root.lemma_.lower())
        party = _party_in(span, self.profile)
        for earlier in self._by_shared_words(span, role):
            if earlier.kind == "named" and earlier.role and fold(earlier.role).endswith(fold(head)):
                if party is None or earlier.party == party:
                    return earlier
            if earlier.kind == "anonymous" and earlier.descriptor and earlier.descriptor.role == role:
                if party is not None and earlier.party is None:
                    # "a source familiar with the situation" … "the source familiar with the
                    # Biden administration's view": the later mention says whose source it is
                    return self._affiliate(earlier, party)
                if party is None or earlier.party == party:
                    return earlier
        folded_head = fold(head)
        for person, titles in profile_index(self.profile).titles:
            if party == person.party and any(t.endswith(folded_head) for t in titles):
                return Speaker(person.name, "named", person.party, person=person, role=head)
        introduced = self._introduced_with_title(span, folded_head, party)
        if introduced is not None:
            return introduced
        return self._earlier_indefinite(span) if head in ROLE_NOUNS else None

    def _by_shared_words(self, span: SpacySpan, role: str) -> list[Speaker]:
        """Earlier speakers, latest first, but an unnamed one with this role that shares a
        describing word with the mention first: "the source familiar with the
        administration's view" is the earlier "source familiar with the situation", not a
        "congressional source" quoted in between."""
        latest_first = list(reversed(self.history))
        if not DESCRIPTOR_WORDS:
            return latest_first
        words = {t.lower_ for t in span if t.pos_ in ("ADJ", "VERB", "NOUN", "PROPN") and t.i != span.root.i}
        shared = [e for e in latest_first if e.kind == "anonymous" and e.descriptor and e.descriptor.role == role
                  and words & {w.lower() for w in e.name.split()}]
        return shared + [e for e in latest_first if e not in shared] if words and shared else latest_first

    def _introduced_with_title(self, span: SpacySpan, head: str, party: str | None) -> Speaker | None:
        """"The Secretary thanked …" after "Secretary of State Marco Rubio met …": the person
        most recently introduced with that title word, though not yet as a speaker."""
        doc = span.doc
        persons = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= span.start
                   and span.start - e.end < 1500]
        for ent in reversed(persons):
            before = []
            for tok in reversed(doc[max(0, ent.start - 5) : ent.start]):
                if tok.is_punct or tok.is_space or "\n" in tok.whitespace_:
                    break
                before.append(fold(tok.text))
            if head not in before:
                continue
            found = self._named(doc[ent.start - len(before) : ent.end])
            if found is not None and found.name and (party is None or found.party == party):
                return found
        return None

    def _affiliate(self, earlier: Speaker, party: str) -> Speaker:
        """The same unnamed source, now known to belong to a party; later mentions see it."""
        descriptor = earlier.descriptor
        if descriptor is not None and descriptor.affiliation is None:
            descriptor = replace(descriptor, affiliation=party)
        enriched = replace(earlier, party=party, descriptor=descriptor)
        self.history = [enriched if h is earlier else h for h in self.history]
        return enriched

    def _earlier_indefinite(self, span: SpacySpan) -> Speaker | None:
        """"the official" after "a European defense official" was mentioned (not quoted)."""
        doc = span.doc
        head = span.root
        for i in range(span.start - 1, max(-1, span.start - 2000), -1):
            tok = doc[i]
            if tok.lower_ != head.lower_ or tok.pos_ != "NOUN":
                continue
            first = tok.left_edge
            if first.lower_ in ("a", "an") or first.like_num or first.lower_ in COUNT_WORDS:
                earlier = self._unnamed(doc[first.i : tok.i + 1])
                self.history.append(earlier)
                return earlier
        return None

    def _unnamed(self, span: SpacySpan) -> Speaker:
        head = _descriptor_head(span)
        if head is None and _looks_institutional(span, self.profile):
            name = span.text.strip(_NAME_JUNK)
            party = self.profile.party_of_name(name) or _party_in(span, self.profile)
            return Speaker(name, "institutional", party, plural=True)
        if head is None and span.root.pos_ in ("PROPN",):
            party = _party_in(span, self.profile)
            kind = "institutional" if party or span.root.ent_type_ in ("GPE", "ORG", "NORP") else "named"
            return Speaker(span.text.strip(_NAME_JUNK), kind, party, plural=kind == "institutional")
        descriptor, party = parse_descriptor(span, self.profile)
        plural = span.root.tag_ == "NNS" or descriptor.count not in (None, "one", "a", "an")
        name = _DATELINE.sub("", span.text).strip(_NAME_JUNK)
        return Speaker(name, "anonymous", party, descriptor=descriptor, plural=plural,
                       role=descriptor.role)

    # -- helpers --------------------------------------------------------------------
    def _full_name(self, mention: str) -> str:
        words = mention.split()
        if len(words) >= 2:
            self.names.setdefault(fold(words[-1]), mention)
            return mention
        return self.names.get(fold(mention), mention)

    def _title_word(self, span: SpacySpan, name_tokens: list[Token]) -> str | None:
        ids = {t.i for t in name_tokens}
        words = [t.text for t in span if t.i not in ids and t.pos_ in ("NOUN", "PROPN", "ADJ")
                 and not t.is_punct]
        return " ".join(words) or None

    def _title_party(self, span: SpacySpan, name_tokens: list[Token]) -> str | None:
        ids = {t.i for t in name_tokens}
        rest = [t for t in span if t.i not in ids]
        if not rest:
            return None
        return _party_in(span.doc[rest[0].i : rest[-1].i + 1], self.profile)

    def _remember_title(self, speaker: Speaker) -> None:
        if speaker.role:
            self.titles[fold(speaker.role)] = speaker

    def _party_of_person(self, name: str) -> str | None:
        person = self.profile.person(name)
        return person.party if person else None


def _main_clause_person_subjects(doc: Doc | None) -> list[Token]:
    """PERSON subjects of sentence roots ("Thomas-Greenfield spoke on Sunday.")."""
    if doc is None or len(doc) == 0:
        return []
    strings = doc.vocab.strings
    nsubj, root, person = (int(strings[x]) for x in ("nsubj", "ROOT", "PERSON"))
    deps = doc.to_array("DEP").tolist()
    ents = doc.to_array("ENT_TYPE").tolist()
    heads = doc.to_array("HEAD").astype("int64").tolist()
    return [doc[i] for i, dep in enumerate(deps)
            if dep == nsubj and ents[i] == person and deps[i + heads[i]] == root]


def share_percent(doc: Doc, start: int, end: int) -> bool:
    """The span ``doc[start:end]`` ends in the percent sign of a number ("26%" of those polled)."""
    return end - 1 > start and doc[end - 1].text == "%" and doc[end - 2].like_num


def _trim_span(span: SpacySpan) -> SpacySpan | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and not share_percent(doc, start, end):
        end -= 1
    return doc[start:end] if end > start else None


def relative_head(token: Token) -> Token:
    """For "who" in a relative clause, the noun it stands for."""
    verb = token.head
    if token.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
        return verb.head
    return token


_DATELINE = re.compile(r"^\(?[A-Z][A-Za-z.]*\)\s*")  # "(CNN)US officials" -> "US officials"
