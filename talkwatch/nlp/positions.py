"""Positions: (holder party, issue, stance, conditions) from a parsed document.

Per sentence: issue mentions (``issues.py``), a stance for each (``stance.py``), then the
holder, by these rules in order (docs/positions.md has the full list):

1. progress / agreed reported for both sides ("the parties agreed", "we reached
   agreements", "X and Y have agreed") → ``talks``; a single party that "agreed to" → accept;
2. a party named as the subject of the stance verb ("The Kremlin has floated…",
   "the Russian side insists…") holds it — but not the subject of a modal demand
   ("Russia must withdraw" is the speaker's demand on Russia);
3. first person ("we", "I", "our") → the speaker's party;
4. inside an attributed statement → the relayed party (``via_party``), else the speaker's;
5. a transcript, speech, briefing or statement → the document speaker's party;
6. otherwise (news, no source) no position.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import TALKS, Attribution, Document, Position, Span
from .issues import LIST_INTRO, IssueMention, IssueTagger, ordinal_of_item, ordinal_references
from .stance import Coded, StanceCue, StanceLexicon, code_stance, cue_reading, find_conditions, token_at

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from ..profile import Profile

log = logging.getLogger(__name__)

OWN_VOICE_KINDS = {"transcript", "speech", "briefing", "statement"}
FIRST_PERSON = {"i", "we", "us", "our", "my", "me", "ourselves"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_JOINT = re.compile(r"\b(?:both sides|the (?:two )?(?:parties|sides|delegations|negotiators)|each other|jointly)\b", re.I)
_MODALS = {"must", "should", "shall", "need", "ought", "have", "has"}
PROCESS_ISSUES = ("talks", "leaders-meeting")  # issues that are a process the holder joins
MIN_SCORE = 1.5  # a stance needs a cue at least this strong after proximity and parse scoring
_SPLIT_SPEAKERS = re.compile(r"\s*(?:,|&|\band\b|/|;)\s*")


@dataclass(frozen=True)
class _Context:
    """Who speaks in a stretch of text."""

    party: str | None
    source: str | None
    source_kind: str
    via: str | None = None
    holder: str | None = None  # the relayed party, when the speaker relays someone
    mode: str = "document"
    attribution: int | None = None
    content: tuple[int, int] | None = None  # the attributed content span


def speaker_party(speaker: str | None, profile: "Profile") -> str | None:
    """The party of a document speaker: "Marco Rubio and Mike Waltz" → the first resolvable."""
    if not speaker:
        return None
    for part in [speaker, *_SPLIT_SPEAKERS.split(speaker)]:
        part = part.strip()
        if not part:
            continue
        person = profile.person(part)
        if person:
            return person.party
        party = profile.party_of_name(part) or _party_in_phrase(part, profile)
        if party:
            return party
    return None


def _party_in_phrase(text: str, profile: "Profile") -> str | None:
    """A party named anywhere in a short phrase ("the Russian side", "Ukrainian negotiators")."""
    words = re.findall(r"[\w’'.-]+", text)
    for n in (4, 3, 2, 1):
        for i in range(len(words) - n + 1):
            chunk = " ".join(words[i : i + n])
            last = chunk.split()[-1]
            person = profile.person(chunk) if last[:1].isupper() else None
            if person:
                return person.party
            party = profile.party_of_name(chunk)
            if party:
                return party
    return None


def _document_context(document: Document, profile: "Profile") -> _Context | None:
    if document.kind not in OWN_VOICE_KINDS:
        return None
    party = speaker_party(document.speaker, profile)
    if party is None and document.outlet:
        party = speaker_party(document.outlet, profile)
    if party is None:
        return None
    return _Context(party=party, source=document.speaker or document.outlet, source_kind="document")


def _attribution_context(attrs: list[Attribution], start: int, end: int) -> _Context | None:
    """The attribution whose content overlaps [start, end) most."""
    best, best_overlap = None, 0
    for i, a in enumerate(attrs):
        overlap = min(end, a.content.end) - max(start, a.content.start)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    if best is None:
        return None
    a = attrs[best]
    if not (a.party or a.via_party):
        return None
    return _Context(
        party=a.party,
        source=a.speaker,
        source_kind=a.speaker_kind,
        via=a.via,
        holder=a.via_party,
        mode="relayed" if a.via_party else a.mode,
        attribution=best,
        content=(a.content.start, a.content.end),
    )


def _subject_of(tok: "Token") -> "Token | None":
    """The grammatical subject governing a token (climbing adjectival/clausal links)."""
    cur = tok
    for _ in range(4):
        for child in cur.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.lower_ in ("which", "who", "that") and cur.dep_ == "relcl":
                    return cur.head
                return child
        if cur.dep_ in ("xcomp", "acomp", "aux", "auxpass", "prep", "pobj", "dobj", "amod", "conj") and cur.head != cur:
            cur = cur.head
            continue
        break
    return None


_NP_PARTS = {"compound", "amod", "det", "poss", "conj", "cc", "appos", "nmod", "case", "flat", "nummod", "punct"}


def _subtree_text(tok: "Token") -> str:
    """The text of a noun phrase as written (keeps "Thomas-Greenfield" whole), without
    its relative clauses and prepositional phrases."""
    parts = [tok]
    for child in tok.children:
        if child.dep_ in _NP_PARTS:
            parts.extend(child.subtree)
    first, last = min(t.i for t in parts), max(t.i for t in parts)
    doc = tok.doc
    return doc[first : last + 1].text  # a Span: Doc.text would rebuild the whole text


# Common nouns that name an actor: "the Russian side", "Ukrainian negotiators".
_ACTOR_NOUNS = {
    "side", "sides", "delegation", "delegations", "government", "governments", "authorities", "leadership",
    "administration", "team", "president", "prime", "minister", "ministry", "parliament", "country", "countries",
    "state", "states", "nation", "nations", "people", "army", "military", "forces", "leader", "leaders",
    "party", "parties", "envoy", "office", "council", "commission", "union", "alliance", "bloc", "regime",
}


@lru_cache(maxsize=8)
def _role_words(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _actor_head(tok: "Token", profile: "Profile") -> bool:
    """Whether a subject head can be a party: a name, or an actor noun ("side", "officials")."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "GPE", "NORP", "ORG"):
        return True
    return tok.lower_ in _ACTOR_NOUNS or tok.lower_ in _role_words(profile.role_words)


def _unknown_actor(subj: "Token", profile: "Profile") -> bool:
    """A subject that names an actor the profile does not know ("the West", "some countries")."""
    if subj.pos_ == "PRON" or subj.ent_type_ == "PERSON" or subj.dep_ == "relcl":
        return False  # people missing from the profile still speak for someone
    return _actor_head(subj, profile) and _subject_party(subj, profile)[0] is None


def _subject_party(subj: "Token", profile: "Profile") -> tuple[str | None, bool, list[str]]:
    """(party, first_person, all parties in a coordinated subject)."""
    if subj.lower_ in FIRST_PERSON:
        return None, True, []
    heads = [subj] + [c for c in subj.subtree if c.dep_ == "conj"]
    if not any(_actor_head(h, profile) for h in heads):
        return None, False, []  # "The Minsk agreements were signed": not a party acting
    phrase = _subtree_text(subj)[:160]
    parties: list[str] = []
    for part in re.split(r"\band\b|,", phrase):
        party = _party_in_phrase(part, profile)
        if party and party not in parties:
            parties.append(party)
    return (parties[0] if parties else None), False, parties


def _weak_demand(anchor: "Token") -> bool:
    """A modal or need-verb cue ("must", "need to", "should"), not "demand"/"insist"."""
    return anchor.tag_ == "MD" or anchor.lemma_ in ("need", "have", "want", "needed")


def _possessor_party(anchor: "Token", profile: "Profile") -> str | None:
    """The party owning a nominal cue: "Ukraine's positions", "the Russian proposal"."""
    if anchor.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in anchor.children:
        possessive = child.dep_ == "poss" or (
            child.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in ("'s", "’s") for c in child.children)
        )
        if possessive and child.lower_ not in FIRST_PERSON:
            party = _party_in_phrase(_subtree_text(child), profile)
            if party:
                return party
        if child.dep_ == "amod" and child.i < anchor.i:  # "the Russian proposal", not "the Minsk agreements"
            party = profile.party_of_name(child.text)
            if party:
                return party
        if child.dep_ in ("relcl", "acl") and child.lemma_ in _AUTHORING:  # "the proposals that the US made"
            subj = next((c for c in child.children if c.dep_ == "nsubj" and c.lower_ not in FIRST_PERSON), None)
            party = _party_in_phrase(_subtree_text(subj), profile) if subj is not None else None
            if party:
                return party
    return None


# verbs whose subject authors the noun they modify ("the plan Russia put forward")
_AUTHORING = {"make", "put", "present", "submit", "table", "offer", "propose", "advance", "float", "send",
              "draft", "issue", "lay", "set", "announce", "unveil", "deliver", "hand", "pose", "raise"}


def _holder(
    doc: "Doc",
    coded: Coded,
    mention: IssueMention,
    sent: "SpacySpan",
    context: _Context | None,
    profile: "Profile",
    cue_tokens: frozenset[int] = frozenset(),
) -> tuple[str | None, str]:
    """The holder of a coded stance and the stance (agreed may become accept)."""
    stance = coded.stance
    anchor = token_at(doc, coded.cue.start) if coded.cue else token_at(doc, mention.start)
    if coded.cue is not None and (anchor.tag_ == "MD" or anchor.pos_ in ("AUX", "PART")):
        # "will not sign", "would never accept": the verb after the modal carries the cue
        verbs = [t for t in doc[anchor.i : token_at(doc, max(coded.cue.end - 1, coded.cue.start)).i + 1] if t.pos_ == "VERB"]
        if verbs:
            anchor = verbs[0]
    for _ in range(2):  # "the Kremlin wants Ukraine to recognise Crimea": the wanting holds it
        if anchor.dep_ in ("xcomp", "ccomp") and anchor.head.i in cue_tokens:
            anchor = anchor.head
    modal = anchor.lower_ in _MODALS or anchor.tag_ == "MD"
    subj = _subject_of(anchor)
    subj_party, first_person, parties = (None, False, [])
    if subj is not None and sent.start <= subj.i < sent.end and _agentive(coded, anchor):
        subj_party, first_person, parties = _subject_party(subj, profile)
    speaker = context.party if context else None
    cue_in_mention = coded.cue is not None and coded.cue.start < mention.end and coded.cue.end > mention.start
    # "Ukraine's neutrality" names the topic, but "China's peace proposal" its proposer
    owner_ok = coded.cue is not None and (not cue_in_mention or coded.stance == "offer")
    owner = _possessor_party(anchor, profile) if owner_ok else None
    if len(parties) >= 2 and stance in ("accept", "agreed"):
        return TALKS, "agreed"  # "The United States and Ukraine have agreed to …"
    if owner and stance not in ("progress", "agreed", "doubt"):
        return owner, stance  # "Ukraine's positions", "Russia's demands", "the Ukrainian proposal"
    if stance in ("progress", "agreed"):
        if len(parties) >= 2 or _JOINT.search(sent.text) or first_person or subj_party is None:
            return TALKS, stance
        if stance == "agreed":
            return subj_party, "accept"
        return TALKS, stance
    if stance == "demand" and mention.issue in PROCESS_ISSUES and _weak_demand(anchor):
        # "we need to sit down and talk", "he wanted to see peaceful negotiations", "the war
        # can be finished with a meeting of the two heads of state": wanting the process is
        # readiness for it, not a demand on the other side
        stance = "offer"
    if first_person:
        return speaker, stance
    if subj_party and not modal:
        return subj_party, stance
    if subj is not None and not modal and not first_person and _agentive(coded, anchor) and _unknown_actor(subj, profile):
        return None, stance  # "some countries will call for a ceasefire": nobody we track
    if context is None:
        return None, stance
    return (context.holder or context.party), stance


# Adjectives whose subject holds the stance ("Ukraine is ready to…"); other adjectival cues
# describe their subject ("the negotiators were inconsistent": the speaker's doubt).
_AGENT_ADJ = {"ready", "willing", "prepared", "open", "committed", "determined", "keen", "eager"}


def _agentive(coded: Coded, anchor: "Token") -> bool:
    """Whether the subject of the cue is the one taking the stance."""
    if coded.stance == "doubt":  # "a state that does not want peace": the speaker's doubt
        return anchor.lemma_ in ("doubt", "distrust", "mistrust", "question")
    if anchor.pos_ in ("VERB", "AUX") and anchor.tag_ != "MD":
        return True
    if anchor.pos_ == "ADJ":
        return anchor.lower_ in _AGENT_ADJ
    if anchor.pos_ == "NOUN":  # "Ukraine's proposal", "Kremlin has floated the idea"
        # not through a preposition: in "Russia withdraws … as a condition for talks" the
        # condition is not Russia's
        return coded.stance in ("offer", "demand", "reject", "accept") and anchor.dep_ != "pobj"
    return False


_ANAPHOR = re.compile(
    r"\b(?:these|those|both|the|such)\s+(?:last\s+|first\s+|latter\s+)?(?:two\s+|three\s+|four\s+)?"
    r"(?:items|issues|demands|points|conditions|proposals|questions|matters)\b",
    re.I,
)


def _anaphor(sent: "SpacySpan") -> tuple[int, int, str] | None:
    """Where a unit refers back to issues just named: "these last two items", or the
    object pronoun of a short unit ("We welcome that.")."""
    m = _ANAPHOR.search(sent.text)
    if m:
        return sent.start_char + m.start(), sent.start_char + m.end(), m.group(0)
    if len(sent) <= 8:
        for t in sent:
            if t.lower_ in ("that", "this", "it", "these", "those") and t.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
                return t.idx, t.idx + len(t.text), t.text
    return None


def _anaphoric_mentions(sents: list["SpacySpan"], mentions: dict[int, list[IssueMention]]) -> None:
    """Back-references take the issues of the unit just before (or the one before that)."""
    for si, sent in enumerate(sents):
        if mentions.get(si) or si == 0:
            continue
        found = _anaphor(sent)
        if not found:
            continue
        for back in (si - 1, si - 2):
            previous = [x for x in mentions.get(back, []) if x.via != "anaphor"]
            if previous:
                issues = dict.fromkeys(x.issue for x in previous)
                mentions[si] = [IssueMention(iss, found[0], found[1], found[2], "anaphor") for iss in issues]
                break


_PRONOUN_OBJECTS = {"anything", "it", "this", "that", "them", "these", "those", "everything", "something"}
ECHO_REACH = 30  # units back in which a verb's echo is looked for


def _echo_mentions(sents: list["SpacySpan"], mentions: dict[int, list[IssueMention]]) -> None:
    """A verb with a pronoun object takes the issues of the last unit that used the same
    word: "… the recognition of Crimea and the Donbas republics. … You can't force a
    president to recognize anything" → crimea and donbas."""
    for si, sent in enumerate(sents):
        if mentions.get(si):
            continue
        for tok in sent:
            if tok.dep_ != "dobj" or tok.lower_ not in _PRONOUN_OBJECTS or tok.head.pos_ != "VERB":
                continue
            stem = tok.head.lemma_.lower()[:6]
            if len(stem) < 6:
                continue
            issues: dict[str, None] = {}
            for back in range(si - 1, max(-1, si - ECHO_REACH), -1):
                previous = [x for x in mentions.get(back, []) if x.via not in ("anaphor", "echo")]
                if not previous:
                    continue
                echoes = [t for t in sents[back] if t.lower_.startswith(stem)]
                # only the issues the earlier word governs: "recognition of … Crimea"
                issues.update(dict.fromkeys(
                    x.issue for x in previous
                    if x.issue != "talks" and any(_governs(e, token_at(sent.doc, x.start)) for e in echoes)
                ))
            if issues:
                start, end = tok.idx, tok.idx + len(tok.text)
                mentions[si] = [IssueMention(iss, start, end, tok.text, "echo") for iss in issues]
                break


def _governs(head: "Token", tok: "Token", reach: int = 6) -> bool:
    """Whether head is tok or one of its first few ancestors."""
    cur = tok
    for _ in range(reach):
        if cur == head:
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return cur == head


def _doubt_mentions(
    sents: list["SpacySpan"], mentions: dict[int, list[IssueMention]], cues: dict[int, list[StanceCue]]
) -> None:
    """Doubt with no issue named in its clause is doubt about the talks ("they have returned
    to a dead end"; "…, the source also hinted that Russian intentions will remain suspicious")."""
    for si, sent in enumerate(sents):
        for cue in cues.get(si, []):
            if cue.stance != "doubt" or cue.weight < 3:
                continue
            if mentions.get(si) and _clause_has_mention(sent.doc, cue, mentions[si]):
                continue
            mentions.setdefault(si, []).append(IssueMention("talks", cue.start, cue.end, cue.text, "doubt"))
            break


def _clause_has_mention(doc: "Doc", cue: StanceCue, found: list[IssueMention]) -> bool:
    """Whether an issue is named in the clause of a cue (the subtree of its nearest verb)."""
    verb = token_at(doc, cue.start)
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
    return any(lo <= m.start < hi for m in found)


_PAST_YEAR = re.compile(r"\b(?:in|by|until)\s+(?:(?:early|late|mid-?|the spring of|the summer of|the autumn of|the fall of|the winter of)\s*)?(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")


def _is_history(doc: "Doc", sent: "SpacySpan", published: str | None) -> bool:
    """The unit's main clause dates what it reports more than a year before the document
    ("In 2022, Russia demanded …"; not "Crimea, which Moscow annexed in 2014")."""
    if not published or not published[:4].isdigit():
        return False
    limit = int(published[:4]) - 1
    for m in _PAST_YEAR.finditer(sent.text):
        if int(m.group(1)) >= limit:
            continue
        tok = token_at(doc, sent.start_char + m.start(1))
        if not any(a.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis", "ccomp") for a in [tok, *tok.ancestors]):
            return True
    return False


def _dated_long_ago(doc: "Doc", cue: "StanceCue", published: str | None) -> bool:
    """A stance its own clause dates more than a year before the document ("promised …, and
    even signed official documents in 1999 and 2010"): history, even inside a side clause."""
    if not published or not published[:4].isdigit():
        return False
    limit = int(published[:4]) - 1
    verb = token_at(doc, cue.start)
    if verb.pos_ not in ("VERB", "AUX") and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    # "promised …, and even signed … in 1999": conjoined verbs share the date
    preps = [c for v in (verb, *verb.conjuncts) for c in v.children]
    for prep in preps:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "by", "until"):
            continue
        for obj in prep.children:
            for t in [obj, *obj.conjuncts]:
                if t.dep_ in ("pobj", "conj") and len(t.text) == 4 and t.text.isdigit() and t.text[:2] in ("19", "20"):
                    if int(t.text) < limit:
                        return True
    return False


def _adjectival_agreement(doc: "Doc", cue: "StanceCue") -> bool:
    """ "internationally agreed borders", "the agreed text": an attribute, not a stance."""
    tok = token_at(doc, cue.start)
    return cue.stance in ("agreed", "accept") and tok.dep_ in ("amod", "compound") and tok.head.i > tok.i


_CONTENT_MARK = re.compile(
    r"\b(?:involving|including|which includes|that includes|calling for|which calls for|that calls for|"
    r"which would see|that would see|namely|such as)\b|:",
    re.I,
)


_RECIPROCAL = {"mutual", "reciprocal"}
_ONLY_IF = re.compile(r"\b(?:only (?:when|after|if|once|on condition)|provided (?:that )?|on (?:the )?condition that)\b", re.I)


def _only_if_after(sent: "SpacySpan", mention: IssueMention) -> bool:
    """A restrictive condition follows the mention in its unit."""
    return bool(_ONLY_IF.search(sent.text[mention.end - sent.start_char :]))


def _plan_content(sent: "SpacySpan", coded: Coded, mention: IssueMention) -> bool:
    """The mention is listed as the content of an offered plan, after "involving", ":"…"""
    if coded.cue is None or coded.cue.end > mention.start or mention.issue == "talks":
        return False
    between = sent.text[coded.cue.end - sent.start_char : mention.start - sent.start_char]
    return bool(_CONTENT_MARK.search(between))


def _imperative(doc: "Doc", mention: IssueMention) -> bool:
    """The mention is governed by a subjectless base-form verb opening its sentence."""
    tok = token_at(doc, mention.start)
    for anc in tok.ancestors:
        if anc.dep_ == "ROOT":
            clause = {t.i for c in anc.children if c.dep_ == "advcl" for t in c.subtree}
            before = [
                t for t in anc.sent
                if t.i < anc.i and t.i not in clause and not t.is_punct and t.dep_ not in ("advmod", "intj")
            ]
            return (
                anc.tag_ == "VB" and not before
                and not any(c.dep_ in _SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in anc.children)
            )
    return False


def in_hypothetical(doc: "Doc", char: int) -> bool:
    """Whether a character lies in an if/whether/unless clause."""
    tok = token_at(doc, char)
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in anc.children):
            return True
        if anc is not tok and anc.lemma_ in ("possibility", "prospect", "likelihood", "chance"):
            return True  # "the possibility of Ukraine agreeing to neutral status"
        if anc.dep_ in ("ROOT",):
            break
    return False


def _ordinal_mentions(sents: list["SpacySpan"], mentions: dict[int, list[IssueMention]]) -> None:
    """Add mentions for back-references to ordinal list items ("the first four articles")."""
    items: dict[int, list[str]] = {}
    for si, sent in enumerate(sents):
        n = ordinal_of_item(sent.text)
        if n is not None and mentions.get(si):
            items[n] = [m.issue for m in mentions[si]][:1]
        for start, end, numbers in ordinal_references(sent.text):
            issues = [iss for k in numbers for iss in items.get(k, ())]
            if not issues:
                continue
            s, e = sent.start_char + start, sent.start_char + end
            extra = [IssueMention(iss, s, e, doc_text_slice(sent, start, end), "ordinal") for iss in dict.fromkeys(issues)]
            mentions.setdefault(si, []).extend(extra)


def doc_text_slice(sent: "SpacySpan", start: int, end: int) -> str:
    return sent.text[start:end]


# Breaks inside a parser sentence: blank lines (headlines, paragraphs), bullets, and the
# ".," joins of paragraphs seen in scraped statements.
_UNIT_BREAK = re.compile(r"\n\s*\n|(?<=[.!?])[”\"]?[ \t]*\n|\n\s*[-•*]\s+|(?<=[.!?])\s*,\s+(?=[A-Z“\"])|(?<=[.!?][”\"])\s*,\s+(?=[A-Z])")


def units(doc: "Doc", text: str | None = None) -> list["SpacySpan"]:
    """The text units positions are read from: parser sentences, split at paragraph
    breaks and bullets, leading punctuation trimmed."""
    out: list["SpacySpan"] = []
    if text is None:
        text = doc.text  # Doc.text is rebuilt on every access: pass it when you have it
    for sent in doc.sents:
        cuts = [sent.start_char]
        cuts += [sent.start_char + m.end() for m in _UNIT_BREAK.finditer(sent.text)]
        cuts.append(sent.end_char)
        for a, b in zip(cuts, cuts[1:]):
            while a < b and (text[a].isspace() or text[a] in ",;-•*"):
                a += 1
            while b > a and (text[b - 1].isspace() or text[b - 1] in "-•*"):
                b -= 1
            span = doc.char_span(a, b, alignment_mode="expand") if b > a else None
            if span is not None and len(span) > 0:
                out.append(span)
    return out


def _evidence(document: Document, sent: "SpacySpan") -> Span:
    text = document.text
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def _sentence_positions(
    doc: "Doc",
    sent: "SpacySpan",
    mentions: list[IssueMention],
    context: _Context | None,
    unit_cues: list[StanceCue],
    profile: "Profile",
    document: Document,
    fallback: _Context | None = None,
    carried: Coded | None = None,
) -> list[tuple[Position, float]]:
    cues = [c for c in unit_cues if not in_hypothetical(doc, c.start)]
    conditions, conditional = find_conditions(sent.text, sent.start_char, mentions)
    list_item = ordinal_of_item(sent.text) is not None
    if sent.text.rstrip("”\"' ").endswith("?"):
        return []  # questions (an interviewer's, or rhetorical) state no position
    if _is_history(doc, sent, document.published):
        return []  # "In 2022, Russia demanded …" in a 2025 text: background, not a position
    cues = [c for c in cues if not _adjectival_agreement(doc, c) and not _dated_long_ago(doc, c, document.published)]
    cue_tokens = frozenset(token_at(doc, c.start).i for c in cues)
    out: list[tuple[Position, float]] = []
    kept: list[IssueMention] = []
    for i, mention in enumerate(mentions):
        coded = code_stance(doc, sent, mention, cues, conditions.get(i, ()))
        if i in conditional and (coded is None or coded.stance in ("offer", "open", "accept", "demand")):
            # the condition of a stance is demanded: "… only after a ceasefire"
            cue, score = (coded.cue, coded.score) if coded else (None, MIN_SCORE)
            coded = Coded("reject" if mention.inverse else "demand", max(score, MIN_SCORE), cue)
        elif coded is None and conditions.get(i):  # "neutrality … only after a ceasefire"
            coded = Coded("open", MIN_SCORE, None, False, conditions[i])
        if (coded is None or coded.score < MIN_SCORE) and carried is not None and not list_item:
            # "There are compromises we cannot make." / "All the compromises regarding our
            # territorial integrity…": the stance of the speaker's previous unit carries on
            coded = carried
        if coded is None and (list_item or _imperative(doc, mention)):
            # "The fourth is the release of all prisoners."; "Increase sanctions!"; but a
            # "mutual" or "reciprocal" item binds the holder too: it is offered
            first = token_at(doc, mention.start)
            reciprocal = first.i > sent.start and doc[first.i - 1].lower_ in _RECIPROCAL
            coded = Coded("offer" if reciprocal else "demand", MIN_SCORE, None)
        if coded is not None and coded.stance == "offer" and _plan_content(sent, coded, mention):
            # "a peace plan involving the withdrawal of all troops": the plan is offered,
            # what it requires of the other side is demanded
            coded = Coded("demand", coded.score, coded.cue, coded.negated, coded.conditions)
        if coded is not None and coded.stance in ("demand", "offer", "accept") and _only_if_after(sent, mention):
            # "insists on a meeting only when final agreements are reached": conditional
            coded = Coded("open", coded.score, coded.cue, coded.negated, coded.conditions)
        if coded is None or coded.score < MIN_SCORE:
            continue
        if _setting(doc, mention, coded):
            continue  # "compromises we could not make in negotiations with Putin"
        ctx = context
        if fallback is not None and context is not None and context.content is not None:
            # in a speaker's own text, a reported statement covers only its content span
            if not (context.content[0] <= mention.start < context.content[1]):
                ctx = fallback
        if ctx is not None and ctx.attribution is not None and coded.cue is not None:
            # "Russia must withdraw" read as Russia speaking: the demand is the speaker's
            cue_tok = token_at(doc, coded.cue.start)
            subj = _subject_of(cue_tok)
            if cue_tok.tag_ == "MD" and subj is not None and _subject_party(subj, profile)[0] == ctx.party:
                ctx = fallback
        holder, stance = _holder(doc, coded, mention, sent, ctx, profile, cue_tokens)
        if holder is None:
            continue
        kept.append(mention)
        out.append((Position(
            holder=holder,
            issue=mention.issue,
            stance=stance,
            evidence=_evidence(document, sent),
            conditions=coded.conditions,
            source=ctx.source if ctx else None,
            source_kind=ctx.source_kind if ctx else "none",
            source_party=ctx.party if ctx else None,
            via=ctx.via if ctx else None,
            mode=ctx.mode if ctx else "indirect",
            attribution=ctx.attribution if ctx else None,
        ), coded.score))
    # "progress on the first four articles of the negotiations": the specific issues carry
    # the stance; the generic talks mention only when nothing else does.
    inside = [m for m, (p, _) in zip(kept, out) if p.issue != "talks"]
    specific = {(p.holder, p.stance) for p, _ in out if p.issue != "talks"}
    return [
        (p, sc) for m, (p, sc) in zip(kept, out)
        if p.issue != "talks" or not (_modifies(doc, m, inside) or (p.holder, p.stance) in specific)
    ]


_SETTING_PREPS = {"in", "during", "at"}


def _setting(doc: "Doc", mention: IssueMention, coded: Coded) -> bool:
    """A process mention that only sets the scene of a stance on something else: "in
    negotiations with Putin" hanging off the verb of "compromises we could not make"."""
    if mention.issue not in PROCESS_ISSUES or coded.cue is None or coded.stance in ("progress", "agreed", "doubt"):
        return False
    if coded.cue.start < mention.end and coded.cue.end > mention.start:
        return False
    tok = token_at(doc, mention.start)
    head = tok
    while head.dep_ in ("compound", "amod", "det") and head.head != head:
        head = head.head
    prep = head.head
    return (
        head.dep_ == "pobj" and prep.lower_ in _SETTING_PREPS and prep.head.pos_ in ("VERB", "AUX")
        and prep.head.lemma_ not in ("take", "participate", "engage", "join", "help", "succeed", "remain", "be")
    )


def _modifies(doc: "Doc", mention: IssueMention, others: list[IssueMention]) -> bool:
    """Whether a mention hangs off another one within two arcs ("articles of the talks")."""
    cur = token_at(doc, mention.start)
    for _ in range(3):
        if cur.head == cur:
            return False
        cur = cur.head
        if any(o.start <= cur.idx < o.end for o in others):
            return True
    return False


def find_positions(
    doc: "Doc", attributions: list[Attribution], profile: "Profile", document: Document
) -> list[Position]:
    """Positions in a parsed document, one per (holder, issue, stance); never raises."""
    try:
        return _find_positions(doc, attributions or [], profile, document)
    except Exception as exc:  # a bad parse must not stop a corpus run
        log.warning("positions failed on %s: %s: %s", document.id, type(exc).__name__, exc)
        return []


def _find_positions(
    doc: "Doc", attributions: list[Attribution], profile: "Profile", document: Document
) -> list[Position]:
    tagger = IssueTagger.from_profile(profile)
    lexicon = StanceLexicon.load()
    text = doc.text  # built once: spaCy joins every token on each access
    sents = units(doc, text)
    mentions: dict[int, list[IssueMention]] = {}
    starts = [sent.start_char for sent in sents]
    for m in tagger.find(text):  # one pass over the whole text, then bucket by unit
        si = bisect_right(starts, m.start) - 1
        if si >= 0 and m.end <= sents[si].end_char:
            mentions.setdefault(si, []).append(m)
    cues: dict[int, list[StanceCue]] = {}
    for c in lexicon.cues(text):
        si = bisect_right(starts, c.start) - 1
        if si >= 0 and c.end <= sents[si].end_char:
            cues.setdefault(si, []).append(c)
    _ordinal_mentions(sents, mentions)
    _anaphoric_mentions(sents, mentions)
    _echo_mentions(sents, mentions)
    if "talks" in profile.issues:
        _doubt_mentions(sents, mentions, cues)
    doc_context = _document_context(document, profile)
    seen: dict[tuple[str, str, str], tuple[Position, float]] = {}
    last: tuple[int, _Context] | None = None  # the latest attributed unit
    pending: tuple[int, _Context, Coded] | None = None  # a decisive stance with no issue named
    list_context: _Context | None = None
    questioner = False  # inside a reporter's turn ("Q  Mr. President, will you …")
    for si, sent in enumerate(sents):
        starts_paragraph = si == 0 or "\n" in text[sents[si - 1].end_char : sent.start_char]
        if starts_paragraph:
            questioner = bool(_QUESTION_TURN.match(sent.text))
        attributed = _attribution_context(attributions, sent.start_char, sent.end_char)
        # a questioner's words are not the speaker's: only parties named in them hold stances
        context = attributed or (None if questioner else doc_context)
        if attributed is None and doc_context is None and last and si - last[0] <= 5 and _continues_speech(sent):
            context = last[1]  # an unattributed quote paragraph continues the last speaker
        item = ordinal_of_item(sent.text)
        if item == 1:
            list_context = _list_intro(sents, si, profile, context)
        elif item is None and si and ordinal_of_item(sents[si - 1].text) is None:
            list_context = None
        if attributed is not None:
            last = (si, attributed)
        carried = None
        if pending and pending[0] == si - 1 and context is not None and _same_speaker(pending[1], context):
            carried = pending[2]
        pending = None
        if si not in mentions:
            pending = _pending(doc, sent, si, context, cues.get(si, []))
            continue
        if item is not None and list_context is not None:
            context = list_context
        found = _sentence_positions(
            doc, sent, mentions[si], context, cues.get(si, []), profile, document, doc_context, carried
        )
        if not found:
            pending = _pending(doc, sent, si, context, cues.get(si, []))
        for pos, score in found:
            key = (pos.holder, pos.issue, pos.stance)
            if key not in seen or score > seen[key][1] + 1.0:  # first evidence unless a much clearer one
                seen[key] = (pos, score)
    return [pos for pos, _ in seen.values()]


def _same_speaker(a: _Context, b: _Context) -> bool:
    return a.source == b.source and a.party == b.party and a.holder == b.holder


def _pending(
    doc: "Doc", sent: "SpacySpan", si: int, context: _Context | None, unit_cues: list[StanceCue]
) -> tuple[int, _Context, Coded] | None:
    """A quoted speaker's decisive stance in a unit that gave no position."""
    if context is None or context.attribution is None:
        return None
    stance = _issueless_stance(doc, sent, unit_cues)
    return (si, context, stance) if stance else None


def _issueless_stance(doc: "Doc", sent: "SpacySpan", unit_cues: list[StanceCue]) -> Coded | None:
    """A decisive refusal (a reject cue, or a negated demand, offer or acceptance) in a unit
    that names no issue ("there are compromises we cannot make"), to be carried to the
    speaker's next unit; a demand or offer without its object does not carry."""
    for cue in unit_cues:
        if cue.weight < 3 or in_hypothetical(doc, cue.start):
            continue
        if cue_reading(doc, cue, sent.start)[0] == "reject":
            return Coded("reject", MIN_SCORE, cue)
    return None


_QUOTE_OPEN = "“\"‘"
_QUESTION_TURN = re.compile(r"^(?:Q|QUESTION|Q\.)(?:[:.]|\s)|^(?:REPORTER|INTERVIEWER|MODERATOR)\b", re.I)


def _continues_speech(sent: "SpacySpan") -> bool:
    """A unit that reads as someone's words: a quotation, or first person."""
    text = sent.text.lstrip()
    if text[:1] in _QUOTE_OPEN:
        return True
    return any(t.lower_ in ("i", "we") and t.dep_ in _SUBJECT_DEPS for t in sent)


def _list_intro(sents: list["SpacySpan"], si: int, profile: "Profile", context: _Context | None) -> _Context | None:
    """The holder of an ordinal list: the party that "laid out several points" just before."""
    for back in (si - 1, si - 2):
        if back < 0 or not LIST_INTRO.search(sents[back].text):
            continue
        for tok in sents[back]:
            if tok.dep_ not in _SUBJECT_DEPS or tok.head.lemma_ not in _LISTING:
                continue
            party, first, _ = _subject_party(tok, profile)
            if party and not first:
                base = context or _Context(party=None, source=None, source_kind="none")
                return _Context(
                    party=base.party, source=base.source, source_kind=base.source_kind,
                    via=tok.text, holder=party, mode="relayed", attribution=base.attribution,
                )
    return None


# verbs that introduce a party's list of points ("Putin laid out several points")
_LISTING = {"lay", "set", "put", "present", "outline", "list", "propose", "demand", "name", "formulate",
            "make", "have", "give", "table", "submit", "advance", "insist"}
