"""Who said what: attribution relations (source, cue, content) from a spaCy parse.

Rules over the dependency parse plus the quote scanner (``quotes.py``):

1. **Cue words** come from ``talkwatch/data/cues.txt`` (lemmas and phrases learned from
   PolNeAR train annotations). A cue verb outside quotation marks opens an attribution.
2. **Content** is, in order: the quotation attached to the cue (``"…," X said`` /
   ``X said: "…"``), its clausal complement (``said that …``), an infinitive complement
   for verbs like *declined*/*vowed*, or the object of verbs like *announced*; for
   *according to X*, the rest of the clause (the whole sentence when it opens or closes
   one). Raising cues (*X appears to …*, *X is expected to …*) take their subject into the
   content and have no source.
3. **Source** is the cue's subject, inherited from the governing verb for participles
   (``adding that …``) and conjoined verbs; for a relative clause, the noun it modifies.
4. Quotes that continue in the same paragraph, or in following paragraphs that are only
   quotation, extend the content of the attribution before them.
5. **Speakers** are resolved by ``speakers.SpeakerTracker``; relayed speech
   (``Kalin said Putin laid out…``) fills ``via``.

The function never raises on odd text: offsets are clamped to the text and every Span's
``text`` equals ``document.text[start:end]``.

Example::

    >>> attrs = find_attributions(nlp(text), profile, Document(id="x", text=text))
    >>> [(a.speaker, a.cue.text, a.mode) for a in attrs]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Attribution, Document, Span
from ..profile import Profile
from .issues import LIST_INTRO, ordinal_of_item
from .learned import CueModel, cue_features, default_model, quote_near
from .quotes import Quote, scan_quotes
from .speakers import PRONOUNS, ROLE_NOUNS, Speaker, SpeakerTracker, share_percent

CUE_RATE = 0.22  # a lemma is a cue when PolNeAR annotates at least this share of its uses outside quotation marks
CUES_FILE = Path(__file__).resolve().parents[1] / "data" / "cues.txt"
FRAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "attribution_frames.txt"
UNRELIABLE_FILE = Path(__file__).resolve().parents[1] / "data" / "attribution_unreliable.txt"
FRAME_MIN_SEEN = 3  # below this many uses of (lemma, frame), fall back to the lemma's rate
CUE_MIN_COUNT = 2
# a verb unseen in PolNeAR train with a clausal complement and a subject that can speak
# or think is a candidate too
CCOMP_ANY = False
NEVER_CUES = frozenset({"be", "have", "do", "make", "go", "get", "take", "in", "on", "for"})
# verbs whose direct object is the hearer, not the content ("told reporters that …")
HEARER_OBJECT = frozenset({"tell", "ask", "urge", "warn", "inform", "assure", "remind",
                           "advise", "notify", "brief", "call", "press", "persuade", "convince"})
DOCUMENT_KINDS = frozenset({"transcript", "speech", "briefing", "statement"})
FIRST_PERSON = frozenset({"i", "we", "our", "my", "us", "me"})
SETTING_PREPS = frozenset({"after", "before", "during", "since", "under", "from", "in"})
SETTING_ENTS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT", "CARDINAL", "ORDINAL"})
CONTENT_DEPS = ("ccomp",)
# the cue's own later dependents that still belong to the content
TO_SENTENCE_END = frozenset({"punct", "advcl", "prep", "npadvmod", "dobj", "ccomp", "xcomp", "oprd", "acomp"})
NOUN_CUE_RATE = 0.1  # nominal cues ("criticism of") need this PolNeAR cue rate
NOUN_CONTENT_PREPS = frozenset({"of", "for", "on", "about", "against", "to", "with", "over"})
CUE_PREFIX_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
ORPHANS = True  # a quoted paragraph with no cue continues the attribution before it
PARENTHETICAL = True  # "Loyalty, he noted, has long been …": the clause around the cue
OBJECT_PREDICATE = True  # "calling him a liar": the object with its predicate
ASKED_IF = True  # "asked workers if they planned …": the if/whether clause
PERSON_OBJECT = True  # "endorsed him": a personal pronoun object is the content
QUOTE_TO_END = True  # content that opens a quotation runs to the quotation's end
PASSIVE_NO_SOURCE = True  # "Asked whether …", "known as …": no agent, no source
KEEP_ASKED = True  # … and such a participle clause is kept without a source
SAID_THING = True  # "told a different story", "asked the question": a hearer verb's object that is something said
SAID_NOUNS = frozenset({"story", "tale", "truth", "lie", "joke", "question", "version", "anecdote", "account",
                        "news", "secret", "lesson", "message", "parable", "fib"})
NAMING = True  # … and so is the object of "call" when a quoted name follows it in the same phrase
HEARER_PASSIVE = True  # … and so is the agentless passive of a hearer verb: "Lavrov was asked about the talks"
HEARER_PASSIVE_VERBS = frozenset({"ask", "tell", "question", "press", "urge", "remind", "warn", "inform", "advise"})
OWN_CUE_GAP = True  # a quote continues past the cue's own long sentence (up to 400 characters)
INDIRECT_CONTINUES = True  # "X said Y. \"Quote …\"": the next quotation goes on with it
SUBORDINATE_CUES = True  # a cue under the quote's own cue ("when asked …") does not end the quote run
TITLE_QUOTES = True  # a short quoted title between two quotes of one speaker is looked past
QUOTE_AFTER_SAME_SENTENCE = True  # "X said, as the crowd cheered. “…”": no quote after a full stop
RAISING = True  # "X appears to be Y", "X is expected to win": X belongs to the content; no source
OBJECT_CONTROL = True  # "urged Congress to act": the object with its infinitive
RELIABILITY = True  # (lemma, frame) pairs whose rule-made attributions were mostly wrong on train are skipped
PASSIVE_AS = True  # "is seen as a front-runner", "known as …": kept without a source, as PolNeAR marks them
NEXT_CUE = True  # a content ends before the same speaker's next verb of speech, which keeps the speaker
CONTRAST_NOT_NEXT = True  # … but not at a verb set against the last one ("rather than to judge them")
NEXT_CUE_RATE = 0.7  # … when its lexicon cue rate is at least this (with a model: when the model takes it)
PASSIVE_PATIENT = True  # "Sanders was criticized for …": an agentless passive's subject is its content
THING_PRONOUN = True  # "Clinton opposed it as a candidate": the pronoun is what she opposed, not the as-phrase
THING_PRONOUNS = frozenset({"it", "that", "this"})
SAY_SETTING = True  # "said on Fox News", "wrote on Telegram": the place or channel of a speech verb is no content
SAY_VERBS = frozenset({"say", "write", "add", "tell", "tweet"})
SAY_SETTING_PREPS = frozenset({"on", "at", "to", "with", "via", "through", "over", "during"})
SHORT_ANSWER = True  # "Fidan said no", "would not say so", "did not say when": the answer word is the content
ANSWER_VERBS = frozenset({"say", "answer", "reply", "tell", "think", "believe", "hope", "suppose", "guess", "expect"})  # "X thinks so"
IN_DOCUMENT = True  # "In the latest poll, Zelensky leads by 20 points": the poll is the source, its clause the content
DOCUMENT_NOUNS = frozenset("poll polls survey surveys ranking rankings".split())  # reports, studies: ±0 on train
CONJ_VERB = True  # a verb conjoined to the cue, with no subject and no cue of its own, goes on with the content
PASSIVE_SUBJECT = True  # "Kyiv is widely seen as the winner": the passive's subject belongs to the content
NOUN_FROM = True  # "criticism of the deal from Democrats": a nominal cue sourced by from/by/among
SOURCE_PREPS = frozenset({"from", "by", "among"})
POLL_SHARE = True  # "About 4 in 10 say …", "Six out of 10 said …": the numbers are the source
INVERTED_SAY = True  # "The plan fails, said Geert Wilders, …": the clause before the comma, the later subject
CONJ_CLAUSE = True  # "X said A, but B": a conjoined clause with its own subject (not a cue) goes on with a clausal content
SECOND_THAT = True  # … and so does one that opens with "that", whatever its verb ("said A, but that B looked distant")
TITLE_BEFORE_CUE = True  # "on “Face the Nation,” Kalin said …": a quoted title in a phrase before the cue is not its content
PSYCH = True  # "The plan alarmed Kyiv": the object feels (the source), the subject is what it feels about
PSYCH_VERBS = frozenset("""alarm amaze anger annoy baffle bother delight disappoint dismay disturb embarrass
    enrage exasperate excite frighten frustrate infuriate irritate mystify offend outrage please puzzle rankle rattle
    scare shock startle stun surprise trouble unsettle upset worry""".split())
FOR_TO = True  # "called for Russia to withdraw its troops": "Russia to withdraw …" is the content
LOW_THAT = True  # "telling customers at a diner that …": a that-clause hung on a noun below the cue
RELATIVE_EXTRACTION = True  # "which he said were accompanied by …": the clause after the cue
LIST_RELAY = True  # "X laid out several points" relayed: the speaker's "The first is …" is relayed too
LIST_REACH = 1200  # characters past the list's last item within which the list goes on
NESTED_SPEECH_RATE = 0.7  # a cue this sure (PolNeAR rate in its frame) with a subject nests in other content (>1: off)
NESTED_SPEECH_DEPS = frozenset({"relcl", "advcl", "conj"})  # ccomp: worse on train; conj: +0.05 since the tenth session
FOR_SUBJECT = True  # "for Ukraine to adopt neutral status": a hypothetical act, not a statement
UNDER_ACCORDING = True  # "X believe that Y, according to Z": X's belief is an attribution inside Z's
RELAYED_PARTY = True  # "a US plan would require …, according to X": via the party the subject names
PASSIVE_AGENT = True  # "were echoed by her campaign": the passive subject is the content, the agent the source
FINISHED_QUOTE_BEFORE = True  # "“… .” She backed the bill": a quote closed by a full stop is not a later verb's
FRONTED_OBJECT = True  # "what he calls corruption": the relative word through the cue's complement
COLON_GOES_ON = True  # "X said it fails for one reason: it …": the content runs past its colon
SETTING_PREP = True  # "spoke after the vote", "said under pressure": a setting, not content
MIDDLE_CUE = True  # "The plan, Kalin said, would fail because …": the clause goes on after the cue
ACCORDING_INSIDE = True  # "Other cleavages, according to the poll, include …": both sides
ACCORDING_SENTENCE = True  # "…, while Y rose, according to X.": a phrase closing the sentence sources all of it
SHORT_NEXT_SENTENCE = True  # … but a short quote that opens the next sentence ("He's a fraud.") is speech
PARTICIPLE_OUTER = True  # "X said Y …, adding …": the participle's source is X
PERFECT_NOT_PASSIVE = True  # "because Ryan has said …" is no agentless passive
SOURCE_BEFORE_QUOTE = True  # a source that runs into a quoted title keeps the words before it
INVERTED_SOURCE = True  # "“…,” added a Turkish diplomat": the noun after the cue is the source
ACL_OF_OBJECT = True  # "took a moment to point out": the taker is the source, not the moment
RELATIVE_SAME_SOURCE = True  # "said Ms. Arnold, an aide who said …": the same speaker
INTERVIEW_LETTERS = True  # "Q:" and "A:" mark an interview's turns; they name no speaker
HEARER_BEFORE_QUOTE = True  # "told reporters: “A. B.”": the hearer does not stop the quote from being the content
AS_MIDDLE = True  # "Weeks ago, as Reuters reported, the delegations met": the clause on both sides
OBJECT_CONTROL_SOURCE = True  # "led some to speculate that …": the object, not the subject, speculates
# verbs that make their object the subject of the infinitive after it ("prompted X to say")
CONTROL_VERBS = frozenset("""lead prompt force leave push drive cause get allow permit require ask urge
    encourage inspire persuade convince pressure press compel spur invite tell""".split())
SHORT_QUOTE_BEFORE = True  # "the star of “Scandal,” thanked X for …": a one- or two-word quote is a name there
NOUN_INFINITIVE = 0.3  # "her vow to go after …": the infinitive is the content of a nominal cue this sure (vow, promise, call, offer; >1: off)
PASSIVE_PREDICATE = True  # "X was declared the winner", "were deemed incomplete": like a raising verb, no source
NEAREST_SUBJECT = True  # two subjects before the verb ("ATLANTIC CITY — Clinton came …"): the nearer one
PARENTHETICAL_FRONTED = True  # "After the court ruled, Hebert said, most laws …": the clause before the aside is reported too
QUOTE_ON_SUBJECT = True  # "“…,” Kallas, 47, told …" with the opening quote mark parsed as the subject's: the source starts after the quote
INVERTED_RELATIVE = True  # "“…,” said the woman, who did not want to be named": she is the source, the quote the content
SOURCE_RELATIVE = True  # "Khan, who is Muslim, said": the speaker's relative clause is part of the source phrase
CUE_PARTICLE = True  # a phrasal verb's particle is part of the cue ("pointed out", "laid out", "brushed aside")
PERCENT_SOURCE = True  # a source that is a share keeps its percent sign ("26% said …")
CLOSING_BRACKET = True  # a source phrase with a bracket keeps its closing bracket ("Durbin (D-Ill.)")
SOURCE_IN_CONTENT = True  # a content after the cue stops where its own speaker's clause begins (the parse hung that clause under the cue)
CAPS_SPEAKER = True  # "FALLIN: Well, …": an all-capitals word before a colon names a transcript's speaker
QUOTED_TURN = True  # "“WALLACE: Let's start …": a transcript turn quoted from the start of its line
TURNS_FIRST = True  # … and its turns are found before the cues inside them, which are the speaker's words
TURN_PARAGRAPH = True  # … and a turn in a hard-wrapped transcript to its paragraph's end
HEADLINE_TOPIC = True  # "Lavrov on the grain deal: …", "Zelensky to Putin: …": the name that opens the line speaks
TOPIC_PREPS = frozenset({"on", "to", "about", "at"})
COLON_TO_LINE = True  # "FALLIN: I think … . If you watch …": a turn's words run to the end of its line
SIGN_OFF = True  # "“…” ― Sonya Herridge", "- Bernie Sanders." under a quoted paragraph, a tweet's "— Paul Ryan (@SpeakerRyan) …"
_DASHES = "―—–-"
SIGN_OFF_DASHES = frozenset({*_DASHES, "--"})
_QUOTE_MARKS = "\"“”'‘’«»„"
ASKED_OPENER = True  # "Asked what …, Devine replied": the one asked is not the source, whatever the tag
WHEN_WORDS = frozenset({"when", "once", "if", "after", "before", "while", "as", "unless"})
RAISED_CUE = True  # "She appeared to imply that …": the raised subject speaks through the cue under the raising verb
LEFT_CLAUSE_YIELDS = True  # a clause parsed as the complement before a cue that has its own object after it is not its content
ACCORDING_AFTER_CLAUSE = True  # ", according to X, who …" with "according" hung on a later verb: the clause before
HEADING_WORD = True  # "Breaking: …", "Revealed: …": a one-word exclamation before a colon is no speaker
HEARER_TOPIC = True  # "reminded voters of …", "asked Kalin about …": the topic the parse hung on the hearer
TOPIC_HEARER_VERBS = {"remind": ("of", "about"), "warn": ("of", "about", "against"), "inform": ("of", "about"),
                      "ask": ("about",), "tell": ("about",), "brief": ("on", "about"), "press": ("on", "about", "over"),
                      "question": ("on", "about", "over")}
FOR_SUBJECTS = frozenset({"nsubj", "nsubjpass"})  # "called for the sanctions to be lifted": a passive subject too
FAR_AGENT = True  # "was confirmed as a passenger by the minister": a by-phrase the parse hung after the passive verb
DISCOURSE_IDIOMS = ("that said ,", "that being said ,", "having said that", "needless to say",
                    "suffice it to say", "so to speak", "that is to say")  # "That said, …": no one's words (empty: off)
_IDIOM_WORDS = frozenset(word for phrase in DISCOURSE_IDIOMS for word in phrase.split())
NAME_AND_ROLE = True  # "Clinton camp: …", "Kremlin spokesman: …": a name with a role noun labels the line
CONJ_CONTINUES = frozenset({"NOUN", "PROPN", "ADP", "ADJ", "NUM"})  # "voiced concern over the case, and over …": a phrase conjoined to the verb
MIXED_NEXT = True  # "“…,” he said. But “…”": a cue-less next sentence ending in a quote goes on with it
MIXED_NEXT_CHARS = 80
ACROSS_ASIDE = 25  # a lost subject is sought past up to two asides of this many tokens ("Lazar, 44, said"; 0: off)
NESTED_PROB = 0.7  # with a learned model: a cue this sure opens an attribution inside another (0.7 best over two train halves)
SOURCELESS_PROB = 0.7  # with a learned model: a cue this sure keeps its source-less statement
CITING_VERBS = frozenset({"cite", "quote"})
FRONTED_TAIL = frozenset({"oprd", "prep", "xcomp", "acomp", "attr", "ccomp", "advcl", "dative"})  # "which X called a fraud"
# after "A, X said," these open something other than the rest of A ("…, he said, adding …")
MIDDLE_STOP = frozenset({"who", "whom", "whose", "which", "as", "when", "while", "after", "before", "adding",
                         "saying", "noting", "according", "citing", "and", "but", "or", "though", "although"})
SEEM_VERBS = frozenset({"seem", "appear"})  # raising verbs: their subject is the content's
SEEM_COMPLEMENTS = frozenset({"xcomp", "acomp", "attr", "oprd", "ccomp"})
DROP_SOURCELESS = True  # an indirect statement with no source is rarely right (P≈0.1 on train)
EXTENDED_DEPS = frozenset({"ccomp", "dobj", "xcomp", "pobj", "pcomp"})  # contents that run to the clause end
UTTERANCE_WORDS = 4  # a quote before a cue with no closing punctuation needs this many words
INHERIT_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl", "prep", "acomp")
# passives whose subject is the one holding the attitude ("they are convinced that …")
PASSIVE_SOURCE = frozenset(
    """convince persuade worry concern disappoint satisfy determine commit oppose divide
    split inclined prepare resign frustrate alarm shock surprise interest encourage
    dismay outrage anger""".split()
)
RELAY_VERBS = frozenset(
    """say lay demand want insist propose offer tell ask agree refuse reject accept
    call warn suggest stress emphasize emphasise set outline have require""".split()
)
# what a party (or its plan, draft, delegation) is reported to ask for: its own position
PARTY_RELAY_VERBS = frozenset("require demand want insist propose offer reject refuse".split())  # ⊂ RELAY_VERBS
RELAY_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod"})
_NEWLINE = re.compile(r"\n+")


@dataclass(frozen=True)
class CueLexicon:
    """Cue lemmas with their PolNeAR cue rate, per-frame rates, and multi-word phrases."""

    lemmas: dict[str, float]
    phrases: frozenset[str]
    frames: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    lemma_ids: frozenset[int] = frozenset()
    unreliable: frozenset[tuple[str, str]] = frozenset()  # (lemma, frame or "NOUN") the rules get wrong

    def rate(self, token: Token, frame: str | None = None) -> float:
        """How often PolNeAR annotates this lemma (in this frame) as a cue head."""
        lemma = token.lemma_.lower()
        if lemma in NEVER_CUES or _mobilising(token):
            return 0.0
        if frame is not None:
            as_cue, seen = self.frames.get((lemma, frame), (0, 0))
            if seen >= FRAME_MIN_SEEN:
                return as_cue / seen
        return self.lemmas.get(lemma, 0.0)

    def candidate_lemmas(self) -> frozenset[int]:
        """Hashes of every lemma that is a cue in some frame (for a fast first pass)."""
        return self.lemma_ids

    def is_cue(self, token: Token) -> bool:
        return self.rate(token, verb_frame(token)) >= CUE_RATE


def _mobilising(token: Token) -> bool:
    """ "calling up more soldiers", "called in reserves": a particle makes "call" an act, not speech."""
    return token.lemma_.lower() == "call" and any(c.dep_ == "prt" and c.lower_ in ("up", "in") for c in token.children)


def _lemma_hashes(lemmas: dict[str, float], frames: dict[tuple[str, str], tuple[int, int]]) -> frozenset[int]:
    names = set(lemmas) | {lemma for lemma, _frame in frames} | {"accord", "according"}
    return frozenset(int(get_string_id(name)) for name in names if name not in NEVER_CUES)


def verb_frame(verb: Token) -> str:
    """The complement a verb takes: ccomp, xcomp, prep:<word>, dobj or none."""
    deps = {c.dep_: c for c in verb.children}
    if "ccomp" in deps:
        return "ccomp"
    if "xcomp" in deps:
        return "xcomp"
    if "dobj" in deps and verb.lemma_.lower() not in HEARER_OBJECT:
        return "dobj"
    for child in verb.rights:
        if child.dep_ == "prep" and any(c.dep_ in ("pobj", "pcomp") for c in child.children):
            return f"prep:{child.lower_}"
    return "dobj" if "dobj" in deps else "none"


def _read_lexicon(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_cues() -> CueLexicon:
    """Read ``data/cues.txt`` (``kind<TAB>cue<TAB>as-cue<TAB>seen``), the frame table and the
    pairs the rules get mostly wrong (``data/attribution_unreliable.txt``)."""
    lemmas: dict[str, float] = {}
    phrases: set[str] = set()
    for cols in _read_lexicon(CUES_FILE):
        if len(cols) < 4 or int(cols[2]) < CUE_MIN_COUNT:
            continue
        kind, cue, as_cue, seen = cols[0], cols[1], int(cols[2]), int(cols[3])
        if kind == "lemma":
            lemmas[cue] = as_cue / max(seen, as_cue)
        elif kind == "phrase":
            phrases.add(cue)
    frames = {(c[0], c[1]): (int(c[2]), int(c[3])) for c in _read_lexicon(FRAMES_FILE) if len(c) >= 4}
    unreliable = frozenset((c[0], c[1]) for c in _read_lexicon(UNRELIABLE_FILE) if len(c) >= 2)
    return CueLexicon(lemmas, frozenset(phrases), frames, _lemma_hashes(lemmas, frames), unreliable)


# -- candidate relations (token indices) ---------------------------------------------
@dataclass
class _Relation:
    cue: tuple[int, int]  # token range
    content: tuple[int, int]  # character range
    source: tuple[int, int] | None  # token range
    direct: bool = False
    quote: Quote | None = None
    cue_token: int = 0
    claims: bool = True  # its content is taken: no other cue inside it opens an attribution (except nested ones)
    ends: bool = False  # nothing after it continues its content (a sign-off closes the words it signs)


class _Context:
    """Per-document lookups shared by the rules."""

    def __init__(self, doc: Doc, text: str, model: CueModel | None = None):
        self.doc = doc
        self.text = text
        self.model = model
        self.cue_prob: dict[int, float] = {}  # token index → the model's cue probability
        self.quotes = scan_quotes(text).quotes
        self.q_starts = [q.outer_start for q in self.quotes]
        self.cues = load_cues()
        self.claimed: list[tuple[int, int]] = []  # character ranges already used as content, sorted (see ``claim``)
        self._union_starts: list[int] = []  # … merged: disjoint, sorted
        self._union_ends: list[int] = []
        self.according: list[tuple[int, int]] = []  # … of those, the contents of "according to X"
        self.shared_source: dict[int, tuple[int, int]] = {}  # a cue cut off another's content → that one's source
        self.quote_used: set[int] = set()
        self._transcript: bool | None = None
        self.token_starts = [int(x) for x in doc.to_array("IDX").tolist()]
        self.line_starts = _line_starts(self.token_starts, text, len(doc))
        self.sent_starts = [i for i, v in enumerate(doc.to_array("SENT_START").tolist()) if v == 1] or [0]
        if self.sent_starts[0] != 0:
            self.sent_starts.insert(0, 0)

    def sentence(self, i: int) -> tuple[int, int]:
        """Token range of the sentence holding token ``i`` (cheaper than ``token.sent``)."""
        k = bisect.bisect_right(self.sent_starts, i) - 1
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return self.sent_starts[k], end

    def quote_at(self, char: int) -> int | None:
        """Index of the quote whose marks enclose ``char``."""
        i = bisect.bisect_right(self.q_starts, char) - 1
        if i >= 0 and self.quotes[i].outer_start <= char < self.quotes[i].outer_end:
            return i
        return None

    def in_quote(self, token: Token) -> bool:
        return self.quote_at(token.idx) is not None

    def claim(self, chars: tuple[int, int]) -> None:
        """Take ``chars`` as some attribution's content (kept one by one in ``claimed``,
        and merged into a sorted union so that ``is_claimed`` is a binary search: a long
        transcript claims thousands of turns)."""
        bisect.insort(self.claimed, chars)
        start, end = chars
        if start >= end:
            return
        lo = bisect.bisect_left(self._union_ends, start)
        hi = bisect.bisect_right(self._union_starts, end)
        if lo < hi:
            start, end = min(start, self._union_starts[lo]), max(end, self._union_ends[hi - 1])
        self._union_starts[lo:hi] = [start]
        self._union_ends[lo:hi] = [end]

    def claims_at(self, char: int) -> list[tuple[int, int]]:
        """The claimed ranges that hold ``char``: only those inside the stretch of the union
        around it are looked at, so a long transcript's thousands of turns cost nothing."""
        k = bisect.bisect_right(self._union_starts, char) - 1
        if k < 0 or char >= self._union_ends[k]:
            return []
        lo = bisect.bisect_left(self.claimed, (self._union_starts[k], -1))
        hi = bisect.bisect_right(self.claimed, (char, len(self.text) + 1))
        return [(s, e) for s, e in self.claimed[lo:hi] if s <= char < e]

    def is_claimed(self, char: int) -> bool:
        k = bisect.bisect_right(self._union_starts, char) - 1
        return k >= 0 and char < self._union_ends[k]

    def transcript(self) -> bool:
        """At least two lines open with a label in capitals and a colon (``TAPPER: …``)."""
        if self._transcript is None:
            labels = 0
            for k, start in enumerate(self.line_starts):
                end = self.line_starts[k + 1] if k + 1 < len(self.line_starts) else len(self.doc)
                if start < end and self.doc[start].is_quote:
                    start += 1
                colon = _label_colon(self.doc, start, end)
                if colon is not None and colon > start and all(t.is_upper for t in self.doc[start:colon]):
                    labels += 1
            self._transcript = labels >= 2
        return self._transcript


def _subtree_range(token: Token) -> tuple[int, int]:
    """Contiguous token range of ``token``'s subtree (left and right edges)."""
    return token.left_edge.i, token.right_edge.i + 1


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct and doc[start].text not in "\"“'‘$(") or doc[start].is_space:
        start += 1
        if start >= end:
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return (doc[start].idx, doc[start].idx) if start < len(doc) else (0, 0)
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


# -- source -----------------------------------------------------------------------------
def _subject(verb: Token, depth: int = 0) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj" or (c.dep_ == "csubj" and c.tag_ != "VBG")]
    if NEAREST_SUBJECT and len(subjects) > 1 and subjects[1].i < verb.i:
        return max((c for c in subjects if c.i < verb.i), key=lambda c: c.i)  # a dateline parsed as a subject
    if subjects:
        return subjects[0]  # "who"/"which" stay the source span, as PolNeAR marks them
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if FAR_AGENT:
        agent = _far_agent(verb)
        if agent is not None:
            return agent
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and verb.lemma_.lower() in PASSIVE_SOURCE:
        return passive
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        if ACL_OF_OBJECT and verb.dep_ == "acl" and verb.tag_ in ("VB", "VBG") and _thing_object(verb.head):
            governor = verb.head.head if verb.head.dep_ == "dobj" else verb.head.head.head
            found = _subject(governor, depth + 1) if depth < 3 and governor.pos_ in ("VERB", "AUX") else None
            if found is not None:
                return found  # "took a moment to point out …", "opened a rally blasting …": who did
        return verb.head
    if OBJECT_CONTROL_SOURCE and verb.dep_ == "xcomp" and depth == 0 and verb.head.lemma_.lower() in CONTROL_VERBS:
        obj = _controller(verb.head, verb)
        if obj is not None and (not _thing_object(obj) or obj.lower_ in ROLE_NOUNS or obj.lemma_.lower() in ROLE_NOUNS):
            return obj  # "the results led some to speculate …": the ones led speculate
    if depth < 3 and verb.dep_ in INHERIT_DEPS and verb.head.i != verb.i:
        head = verb.head
        if (PARTICIPLE_OUTER and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > head.i
                and head.dep_ == "ccomp" and head.head.i != head.i):
            head = head.head  # "X said that Y …, adding …": the participle goes with the one who said
        return _subject(head, depth + 1)
    return None


def _far_agent(verb: Token) -> Token | None:
    """``was confirmed as one of the passengers by the minister``: a passive's ``by`` phrase
    that the parse hung on a word after the verb (its object, predicate or a preposition),
    not inside a clause of its own."""
    if verb.lemma_.lower() in PSYCH_VERBS:
        return None  # "alarmed by the unrest": the by-phrase is what alarmed, not who spoke
    if not any(c.dep_ == "auxpass" for c in verb.children) and not (verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl")):
        return None
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.lower_ != "by" or tok.dep_ not in ("agent", "prep"):
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.pos_ not in ("NOUN", "PROPN", "PRON") or pobj.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
            continue
        after = pobj.right_edge.i + 1
        if after < len(verb.doc) and verb.doc[after].text not in (".", ",", ";", "—", "-", ")") or any(
                t.dep_ in ("relcl", "acl") for t in pobj.subtree):
            continue  # "credit for the attack by a man who …": the phrase belongs to a noun, not the verb
        head, clean = tok.head, True
        while head.i != verb.i:
            if head.pos_ in ("VERB", "AUX") or head.dep_ in ("relcl", "acl", "ccomp", "advcl"):
                clean = False
                break
            head = head.head
        if clean:
            return pobj
    return None


def _thing_object(noun: Token) -> bool:
    """A common noun object of a verb (``a moment``, ``a rally``), not someone who could speak."""
    return (noun.pos_ == "NOUN" and noun.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE")
            and (noun.dep_ == "dobj" or noun.dep_ == "pobj" and noun.head.dep_ == "prep"))


def _source_range(subject: Token, cue: Token | None = None) -> tuple[int, int]:
    """The subject's noun phrase, appositions included. Relative clauses are left out, except
    (``SOURCE_RELATIVE``) for the speaker of ``cue`` when the cue is outside them: ``Khan,
    who is Muslim, said`` (PolNeAR marks the whole phrase) but not ``the money to mount``
    for the cue ``mount``."""
    start, end = subject.left_edge.i, subject.right_edge.i + 1
    for child in subject.lefts:
        if child.dep_ in ("advcl", "acl", "prep", "npadvmod", "dep") and child.i < subject.i:
            start = max(start, child.right_edge.i + 1)  # "Responding to X, the President"
    keep = SOURCE_RELATIVE and cue is not None
    for child in subject.rights:
        if keep and child.dep_ in ("relcl", "acl") and not child.left_edge.i <= cue.i <= child.right_edge.i:
            continue
        if child.dep_ in ("relcl", "acl") or (child.dep_ == "punct" and child.i > subject.i and _next_is_relcl(child)):
            end = min(end, child.left_edge.i)
    doc = subject.doc
    for i in range(end - 2, start - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            start = i + 1
            break
    for i in range(end - 2, start, -1):
        if doc[i].text in ("—", "–", "-", "--") and doc[i - 1].text == ")":
            start = i + 1  # "LONDON (Reuters) — Donald Trump": drop the dateline
            break
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if CLOSING_BRACKET and doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break  # "Richard Durbin (D-Ill.)" keeps its bracket
        if PERCENT_SOURCE and share_percent(doc, start, end):
            break  # "26% said …": the share is the source
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _dateline_in(doc: Doc, start: int, end: int) -> int | None:
    """The token after a dateline dash ("(Reuters) —") between ``start`` and ``end``."""
    for i in range(max(start + 1, end - 40), end):
        if doc[i].text in ("—", "–", "-", "--") and doc[i - 1].text == ")":
            return i + 1
    return None


def _noun_run_before(doc: Doc, verb: Token, line: tuple[int, int]) -> tuple[int, int] | None:
    """When the parse lost the subject, the noun phrase right before the cue verb."""
    end = verb.i
    while end > line[0] and doc[end - 1].dep_ in ("aux", "neg", "advmod") and doc[end - 1].i != verb.i:
        end -= 1
    if ACROSS_ASIDE:
        end = _before_asides(doc, end, line)
    heads = ("NOUN", "PROPN", "NUM") if POLL_SHARE else ("NOUN", "PROPN")
    if end <= line[0] or doc[end - 1].pos_ not in heads:
        return None  # "About 4 in 10 say …": a share of those polled (POLL_SHARE) is a source too
    start = end - 1
    while start > line[0] and (doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM")
                               or doc[start - 1].lower_ in ("and", "of")
                               or (POLL_SHARE and doc[start - 1].lower_ in ("in", "out", "about", "nearly", "almost"))):
        start -= 1
    while doc[start].lower_ in ("and", "of") and start < end - 1:
        start += 1
    return start, end


def _before_asides(doc: Doc, end: int, line: tuple[int, int]) -> int:
    """Where the subject ends when asides stand between it and the verb at ``end``: ``Reid,
    the minority leader, said``, ``Murphy (a Democrat) says``, ``Sanders, meanwhile, who
    has no endorsements, said``. An aside that opens with a name is the subject itself
    (``Making her way around the diner, Clinton and her husband, thanked …``)."""
    start = end
    for _ in range(2):
        opened = _aside_start(doc, end, line)
        if opened is None:
            break
        if doc[opened].text == "," and doc[opened + 1].pos_ == "PROPN":
            return end - 1
        end = opened + 1  # the comma that opens an aside may close an earlier one
        if doc[opened - 1].text == ")":
            end = opened  # "Durbin (D-Ill.), noting …, said": a bracket right before the comma is an aside too
        elif doc[opened - 1].pos_ in ("NOUN", "PROPN", "PRON"):
            break  # a noun right before the aside: that is the subject
    return end - 1 if end != start else end


def _aside_start(doc: Doc, end: int, line: tuple[int, int]) -> int | None:
    """Where an aside that ends right before token ``end`` opens: ``, 44,``, ``, who sits
    on the board,``, ``(a Democrat)``. None when ``end`` does not follow one."""
    close = doc[end - 1].text if end - 1 > line[0] else ""
    if close not in (",", ")"):
        return None
    opener = "," if close == "," else "("
    for k in range(end - 2, max(line[0], end - 2 - ACROSS_ASIDE), -1):
        if doc[k].text == opener:
            inside = doc[k + 1 : end - 1]
            if len(inside) == 0 or any(t.is_quote for t in inside):
                return None
            if inside[0].pos_ in ("VERB", "AUX") and inside[0].tag_ not in ("VBG", "VBN"):
                return None  # "whose start-up, Paradata, uses big data, said": a clause's tail, no aside
            return k
        if doc[k].is_quote or doc[k].text in (";", ":", "—", "(", ")"):
            return None
    return None


def _next_is_relcl(punct: Token) -> bool:
    nxt = punct.nbor(1) if punct.i + 1 < len(punct.doc) else None
    return nxt is not None and nxt.lower_ in ("who", "which", "whose")


# -- content ----------------------------------------------------------------------------
def _ccomp(verb: Token) -> Token | None:
    """The clausal complement, preferring one after the verb ("In a statement …, X said Y")."""
    right = next((c for c in verb.rights if c.dep_ in CONTENT_DEPS), None)
    if right is not None:
        return right
    left = next((c for c in verb.lefts if c.dep_ in CONTENT_DEPS), None)
    if left is not None and LEFT_CLAUSE_YIELDS and _own_object_after(verb, left):
        return None  # "A passed a bill; B vetoed the bill": B's object, not the clause before, is what B did
    return left


def _own_object_after(verb: Token, left: Token) -> bool:
    """The verb has its own object after it ("vetoed the bill", "pointed to the costs"), or a
    semicolon or colon parts it from the clause before."""
    prep = _prep_object(verb)
    objects = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp")] + ([prep[0]] if prep is not None else [])
    if any(not any(t.text == "," for t in verb.doc[verb.i + 1 : c.left_edge.i]) for c in objects):
        return True  # (not "X, Devine said, by Y": a comma sets the phrase after the aside back into the clause)
    return any(t.text in (";", ":") for t in verb.doc[left.right_edge.i + 1 : verb.i])


def _quote_content(ctx: _Context, verb: Token, source: tuple[int, int] | None) -> int | None:
    """A quotation attached to the cue: ``"…," X said`` or ``X said: "…"``."""
    doc = ctx.doc
    line = _line_bounds(ctx, verb.i)
    last = line[1] - 1
    while last > verb.i and doc[last].is_space:
        last -= 1
    if doc[last].text == ":" and last > verb.i and verb.i in (doc[last].head.i, doc[last].head.head.i):
        q_next = _next_line_quote(ctx, doc[last], line)
        if q_next is not None:
            return q_next
    span_ids = {verb.i}
    if source:
        span_ids.update(range(*source))
    left = min(span_ids)
    # quote before: only punctuation, the source and the cue's own dependents in between
    j = left - 1
    while j >= 0 and (doc[j].is_space or (doc[j].is_punct and ctx.quote_at(doc[j].idx) is None)):
        j -= 1
    if j >= 0 and "\n" not in ctx.text[doc[j].idx : doc[left].idx]:
        q = ctx.quote_at(doc[j].idx)
        if (q is not None and q not in ctx.quote_used and _utterance_like(ctx, q)
                and not (FINISHED_QUOTE_BEFORE and _finished_before(ctx, q, verb))
                and not (SHORT_QUOTE_BEFORE and _name_before(ctx, q, verb))):
            return q
    # quote after: the cue's right-hand dependents (told CNN on Sunday), then , or :
    k = max(span_ids) + 1
    limit = min(len(doc), k + 12)
    while k < limit and ctx.quote_at(doc[k].idx) is None:
        tok = doc[k]
        if "\n" in tok.text and doc[k - 1].text != ":":
            return None
        if tok.is_sent_start and not tok.is_punct and k > verb.i + 1 and tok.text not in "\"“'‘«„":
            return None
        if QUOTE_AFTER_SAME_SENTENCE and tok.text in (".", "!", "?"):
            return None  # the sentence ends before the quote: it is no longer this cue's
        if (tok.dep_ in ("ccomp", "dobj") and tok.head.i == verb.i and not tok.is_punct
                and not (HEARER_BEFORE_QUOTE and tok.dep_ == "dobj" and verb.lemma_.lower() in HEARER_OBJECT)):
            return None  # (but "told reporters: “…”" names the hearer, not the content)
        if tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "conj" and tok.pos_ == "VERB"):
            return None  # a new clause with its own speaker starts before the quote
        k += 1
    if k < limit:
        q = ctx.quote_at(doc[k].idx)
        if q is not None and q not in ctx.quote_used and _introduces(ctx, doc[k - 1], q):
            return q
    return None


def _name_before(ctx: _Context, q: int, verb: Token) -> bool:
    """``the star of “Scandal,” thanked …``: a quote of one or two words before a cue that has
    its own complement after it names something; it is not what was said."""
    inner = ctx.text[ctx.quotes[q].start : ctx.quotes[q].end].rstrip()
    if len(inner.split()) > 2 or inner.endswith(("!", "?")):
        return False  # "“Perpetual motion!” X said of …" is an utterance
    comp, _end = _content_token(verb)
    return comp is not None and comp.i > verb.i


def _finished_before(ctx: _Context, q: int, verb: Token) -> bool:
    """A quote ending in a full stop before a cue that has words of its own after it
    (``“… .” She did back the bill``, ``“… .” He added: “…”``): the quote is finished,
    and the cue's sentence says something else."""
    inner = ctx.text[ctx.quotes[q].start : ctx.quotes[q].end].rstrip()
    if not inner.endswith("."):
        return False
    hearer = verb.lemma_.lower() in HEARER_OBJECT  # "“… .” She told CNN on Sunday": CNN is no content
    return any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and not hearer) or (c.dep_ == "punct" and c.text == ":")
               for c in verb.rights)


def _utterance_like(ctx: _Context, q: int) -> bool:
    """A quote that reads as someone's words, not a title or scare quote: it ends with
    punctuation inside the marks ("…," / "….") or runs to several words."""
    inner = ctx.text[ctx.quotes[q].start : ctx.quotes[q].end].rstrip()
    return inner.endswith((",", ".", "?", "!", "—", "…", ";", ":")) or len(inner.split()) >= UTTERANCE_WORDS


def _introduces(ctx: _Context, before: Token, q: int) -> bool:
    """``said: "…"`` / ``said, "…"`` / ``said "We …"``: the quote opens a new utterance."""
    if before.text in (",", ":", "—", "-", "–") or "\n" in before.text:
        return True
    quote = ctx.quotes[q]
    first = ctx.text[quote.start : quote.start + 1]
    return first.isupper() and quote.end - quote.start > 40


def _prep_object(verb: Token) -> tuple[Token, Token] | None:
    """``called for X``, ``weighed in on X``: the object of the verb's preposition."""
    for child in verb.rights:
        if child.dep_ != "prep" or (SETTING_PREP and child.lower_ in SETTING_PREPS):
            continue
        if SAY_SETTING and verb.lemma_ in SAY_VERBS and child.lower_ in SAY_SETTING_PREPS:
            continue  # "said on Fox News", "wrote on Twitter", "said at a rally": where, not what
        pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None and pobj.ent_type_ not in SETTING_ENTS:
            return child, pobj
    return None


def _content_token(verb: Token) -> tuple[Token | None, int]:
    """The head of the content and the last token of the cue (for phrasal cues)."""
    comp = _ccomp(verb)
    if comp is not None:
        return comp, verb.i
    lemma = verb.lemma_.lower()
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if xcomp is not None:
        if OBJECT_CONTROL:
            obj = _controller(verb, xcomp)
            if obj is not None:
                return obj, verb.i
        return xcomp, verb.i
    two_objects = any(c.dep_ == "dative" for c in verb.children)  # "asked them a question"
    if lemma not in HEARER_OBJECT or two_objects or (SAID_THING and _said_thing(verb)):
        dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if dobj is not None and dobj.lower_ not in PRONOUNS | {"that", "this", "it", "so"}:
            return dobj, verb.i
        if THING_PRONOUN and dobj is not None and dobj.lower_ in THING_PRONOUNS:
            return dobj, verb.i
        if PERSON_OBJECT and dobj is not None and dobj.lower_ in ("him", "her", "them"):
            return dobj, verb.i  # "endorsed him", "criticized them"
    if OBJECT_PREDICATE:
        dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if dobj is not None and any(c.dep_ == "oprd" for c in verb.children):
            return dobj, verb.i  # "calling him a liar": object and predicate together
    if ASKED_IF:
        question = next((c for c in verb.rights if c.dep_ in ("advcl", "ccomp")
                         and any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)), None)
        if question is not None:
            return question, verb.i  # "asked workers if they planned …"
    if FOR_TO:
        found = _for_clause(verb)
        if found is not None:
            return found  # "called for Russia to withdraw": the cue is "called for"
    if LOW_THAT:
        clause = _low_that_clause(verb)
        if clause is not None:
            return clause, verb.i
    if RELATIVE_EXTRACTION:
        sibling = _relative_sibling(verb)
        if sibling is not None:
            return sibling, verb.i
    prep = _prep_object(verb)
    if prep is not None:
        return prep[1], prep[0].i
    if HEARER_TOPIC and lemma in TOPIC_HEARER_VERBS:
        topic = _hearer_topic(verb)
        if topic is not None:
            return topic, verb.i  # "reminded voters of the years …", "asked Kalin about the deal"
    if PASSIVE_AGENT and any(c.dep_ == "agent" for c in verb.children):
        patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if patient is not None and patient.lower_ not in PRONOUNS | {"that", "this", "it", "which", "who"}:
            return patient, verb.i  # "Her attacks were echoed by her campaign": what was echoed
    return None, verb.i


def _hearer_topic(verb: Token) -> Token | None:
    """``reminded voters of the six years …``, ``asked the minister about the deal``: the
    parse hangs the topic on the hearer; the topic phrase is what was said."""
    hearer = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if hearer is None:
        return None
    preps = TOPIC_HEARER_VERBS[verb.lemma_.lower()]
    return next((c for c in hearer.rights if c.dep_ == "prep" and c.lower_ in preps
                 and any(g.dep_ in ("pobj", "pcomp") for g in c.children)), None)


def _said_thing(verb: Token) -> bool:
    """``told a different story``, ``asked the question``: the lone object of a hearer verb
    is what was said when it is a noun for something said."""
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if dobj is None:
        return False
    if NAMING and verb.lemma_ == "call" and any(t.is_quote for t in dobj.subtree if t.i > dobj.i):
        return True  # "called the demands “absurd”": the parse hung the quoted predicate on the object
    return dobj.pos_ == "NOUN" and dobj.lemma_.lower() in SAID_NOUNS


def _controller(verb: Token, xcomp: Token) -> Token | None:
    """``urged Congress to act``: the object before the infinitive (it is who should act)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < xcomp.i), None)
    if obj is None or obj.lower_ in ("it", "this", "that"):
        return None
    return obj


def _line_bounds(ctx: "_Context", i: int) -> tuple[int, int]:
    """Token range of the line (paragraph) holding token ``i``: parses leak across them."""
    starts = ctx.line_starts
    k = bisect.bisect_right(starts, i) - 1
    return starts[k], (starts[k + 1] if k + 1 < len(starts) else len(ctx.doc))


def _line_starts(idx: list[int], text: str, n_tokens: int) -> list[int]:
    """First token of each line: the first token starting after each newline."""
    starts = {0}
    for match in _NEWLINE.finditer(text):
        k = bisect.bisect_right(idx, match.start())
        if k < n_tokens:
            starts.add(k)
    return sorted(starts)


def _clip(rng: tuple[int, int] | None, bounds: tuple[int, int]) -> tuple[int, int] | None:
    if rng is None:
        return None
    start, end = max(rng[0], bounds[0]), min(rng[1], bounds[1])
    return (start, end) if end > start else None


def _cited_source(ctx: _Context, verb: Token) -> _Relation | None:
    """``citing a European official as saying …``: the object is the source."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or not _agentive(obj):
        return None
    prep = next((c for c in verb.rights if c.lower_ == "as"), None)
    if prep is None:
        return None
    line = _line_bounds(ctx, verb.i)
    span = _clip((prep.i + 1, prep.right_edge.i + 1), line)
    source = _clip((obj.left_edge.i, obj.right_edge.i + 1), line)
    if span is None or source is None or source[1] > prep.i:
        return None
    return _Relation((verb.i, verb.i + 1), _char_range(ctx.doc, *span), source, False, None, verb.i)


def _relation_for_verb(ctx: _Context, verb: Token) -> _Relation | None:
    if verb.lemma_.lower() in CITING_VERBS:
        cited = _cited_source(ctx, verb)
        if cited is not None:
            return cited
    subject = None if _agentless_passive(verb) else _subject(verb)
    line = _line_bounds(ctx, verb.i)
    if PSYCH and verb.lemma_.lower() in PSYCH_VERBS:
        felt = _experiencer_relation(ctx, verb, line)
        if felt is not None:
            return felt
    if RAISED_CUE and _raises_a_cue(ctx, verb):
        return None  # "She appeared to imply that …": the cue under it speaks for her
    if RAISING:
        raised = _raised_content(ctx, verb, line)
        if raised is not None:
            return raised
    source = _clip(_source_range(subject, verb), line) if subject is not None else None
    if NEXT_CUE and verb.i in ctx.shared_source:
        source, subject = ctx.shared_source[verb.i], None
    if source is not None and _dateline_in(ctx.doc, source[0], verb.i) is not None:
        after = _dateline_in(ctx.doc, source[0], verb.i)
        source = _noun_run_before(ctx.doc, verb, (after, line[1]))  # "LONDON (Reuters) - X said"
    if source is None and verb.dep_ not in ("xcomp", "advcl", "acl", "relcl", "pcomp") and not _agentless_passive(verb):
        source = _noun_run_before(ctx.doc, verb, line)
    if QUOTE_ON_SUBJECT and source and subject is not None and source[0] < subject.i and not ctx.in_quote(subject):
        source = _after_quote(ctx, source, subject)
    if source and any(ctx.in_quote(ctx.doc[i]) for i in range(*source)):
        source = _before_quote(ctx, source, subject)
    if source is None and INVERTED_SOURCE:
        source = _inverted_source(ctx, verb, line)
    q = _quote_content(ctx, verb, source)
    comp, cue_end = _content_token(verb)
    span = _clip(_comp_span(ctx, verb, comp), line) if comp is not None else None
    if NEXT_CUE and span is not None and span[0] > verb.i:
        span = _before_next_cue(ctx, span, source)
    if (span is not None and source is not None and span[0] < source[0] < span[1]
            and (SOURCE_IN_CONTENT and verb.i < span[0] or ACROSS_ASIDE and span[1] <= verb.i)):
        # a content does not run over its own speaker, wherever the parse hung the speaker's clause:
        # after the cue ("Casting doubt on …, Peskov said that …": under the fronted participle)
        # or before it ("“…,” Umerov, wearing a suit, said": inside the quote)
        span = (span[0], source[0] - (1 if FAR_AGENT and ctx.doc[source[0] - 1].lower_ == "by" else 0))
    if (INVERTED_RELATIVE and q is not None and span is not None and source is not None
            and verb.i + 1 == span[0] == source[0] and ctx.quotes[q].outer_end <= verb.idx):
        span = None  # "“…,” said the woman, who …": the clause after the cue holds its speaker, not what was said
    if span is not None and not _inside_one_quote(ctx, _char_range(ctx.doc, *span)):
        span = _clip(span, ctx.sentence(verb.i))
    if q is not None and span is not None and not _quote_covers(ctx, q, span) and not _after_line(ctx, verb, q):
        q = None  # the complement reaches beyond the quote: a partial quote inside it
    if (q is not None and span is not None and comp is not None and comp.dep_ == "ccomp"
            and span[0] > verb.i and ctx.quotes[q].outer_end <= verb.idx and not ctx.in_quote(comp)):
        q = None  # "…,” X warned that …": the clause after the cue is the content
    if (TITLE_BEFORE_CUE and q is not None and span is not None and span[0] > verb.i
            and ctx.quotes[q].outer_end <= verb.idx and _quote_in_phrase(ctx, q)):
        q = None  # "on “Fox & Friends,” Kalin discussed the bill": a title in a phrase, not what was said
    if q is not None:
        quote = ctx.quotes[q]
        ctx.quote_used.add(q)
        after = quote.start if quote.start > verb.idx else len(ctx.text)  # "“…,” she pointed out."
        return _Relation((_cue_start(verb, source), _cue_end(ctx, verb, verb.i, after)), (quote.start, quote.end),
                         source, True, quote, verb.i)
    if PASSIVE_SUBJECT and span is not None and source is None:
        span = _with_passive_subject(verb, span, line)
    if span is None:
        span = _as_clause(ctx, verb, line)
    if span is None and PARENTHETICAL:
        span = _parenthetical(ctx, verb, line)
    if span is None and INVERTED_SAY:
        inverted = _inverted_say(ctx, verb, line)
        if inverted is not None:
            span, source = inverted
    if span is None and SHORT_ANSWER:
        answer = _short_answer(verb)
        if answer is not None:
            span = (answer.left_edge.i, answer.right_edge.i + 1)
    if span is None and PASSIVE_PATIENT and source is None:
        span = _passive_patient(verb, line)
    if span is None:
        return None
    chars = _char_range(ctx.doc, *span)
    if chars[1] - chars[0] < 2:
        return None
    if COLON_GOES_ON and chars[0] > ctx.doc[verb.i].idx:
        chars = _past_colon(ctx, chars, line)
    if QUOTE_TO_END:
        chars = _to_quote_end(ctx, chars)
    direct = _inside_one_quote(ctx, chars)
    return _Relation((_cue_start(verb, source), _cue_end(ctx, verb, cue_end, chars[0])), chars, source, direct,
                     None, verb.i)


def _experiencer_relation(ctx: _Context, verb: Token, line: tuple[int, int]) -> _Relation | None:
    """``The plan alarmed Ukrainian officials``: who feels is the object, what they feel about
    the subject (verbs whose object is the experiencer)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    if (obj is None or subj is None or subj.i > verb.i or obj.lower_ in THING_PRONOUNS
            or any(c.dep_ == "prt" for c in verb.children)):
        return None  # "rattled off the talking points" is no feeling
    source = _clip(_source_range(obj), line)
    span = _clip(_subtree_range(subj), line)
    if source is None or span is None:
        return None
    chars = _char_range(ctx.doc, *span)
    if chars[1] <= chars[0]:
        return None
    # what is felt stays open to the cues inside it: "Zelensky's vow to retake Crimea worried X"
    return _Relation((_cue_start(verb, None), verb.i + 1), chars, source, _inside_one_quote(ctx, chars), None, verb.i,
                     claims=False)


def _before_next_cue(ctx: _Context, span: tuple[int, int], source: tuple[int, int] | None) -> tuple[int, int]:
    """``Kallas welcomed the plan and warned that …``, ``… stating X and chiding Y``,
    ``… before predicting that …``: a content ends where the same speaker's next verb of
    speech begins, however the parse hung that verb; the verb keeps the speaker."""
    doc = ctx.doc
    for tok in doc[span[0] + 1 : span[1]]:
        if tok.pos_ != "VERB" or tok.dep_ not in ("conj", "advcl") or ctx.in_quote(tok):
            continue
        if _own_subject(tok) or (CONTRAST_NOT_NEXT and _contrasted(tok)):
            continue
        if ctx.model is not None and ctx.cue_prob.get(tok.i, 0.0) < ctx.model.threshold:
            continue
        if ctx.model is None and ctx.cues.rate(tok, verb_frame(tok)) < NEXT_CUE_RATE:
            continue
        start = tok.left_edge.i
        while start > span[0] and (doc[start - 1].dep_ in ("cc", "punct") or doc[start - 1].lower_ in ("and", "but")):
            start -= 1
        if start <= span[0] + 1:
            continue
        if source is not None:
            ctx.shared_source.setdefault(tok.i, source)
        return span[0], start
    return span


def _contrasted(verb: Token) -> bool:
    """``to keep channels open rather than to judge them``: a verb set against another is part
    of the same statement, not a new one."""
    return verb.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in ("than", "instead") for c in verb.head.children
                                       if c.i < verb.i)


def _own_subject(verb: Token) -> bool:
    """Whether the verb has a subject of its own (``and he warned``), not one it shares."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _short_answer(verb: Token) -> Token | None:
    """``Fidan said no``, ``would not say so``, ``did not say when``: a one-word answer after
    a verb of saying is what was said."""
    if verb.lemma_ not in ANSWER_VERBS:
        return None
    for child in verb.rights:
        if child.dep_ == "intj" and child.lower_ in ("yes", "no") or child.dep_ == "advmod" and (
                child.lower_ == "so" or child.tag_ == "WRB"):
            return child
    return None


def _seen_subject(verb: Token, line: tuple[int, int]) -> Token | None:
    """The subject of an agentless passive that is part of what is reported (``The draft is
    seen as …``), not the one who heard it (a hearer verb: ``Lavrov was asked …``), nor a
    relative word, nor a subject on an earlier line."""
    if verb.lemma_ in HEARER_OBJECT or any(c.dep_ == "agent" for c in verb.children):
        return None
    subject = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.tag_ in ("WP", "WDT") or subject.left_edge.i < line[0]:
        return None
    return subject


def _passive_patient(verb: Token, line: tuple[int, int]) -> tuple[int, int] | None:
    """``Sanders has been criticized for his answers``, ``The causes are hotly debated``: an
    agentless passive with nothing after it to report holds its content in its subject."""
    if verb.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subject = _seen_subject(verb, line)
    if subject is None or subject.tag_ == "PRP":
        return None
    after = [c for c in verb.rights if not c.is_punct]
    end = after[-1].right_edge.i + 1 if after else subject.right_edge.i + 1  # "X was booed": X alone
    return subject.left_edge.i, min(end, line[1])


def _with_passive_subject(verb: Token, span: tuple[int, int], line: tuple[int, int]) -> tuple[int, int]:
    """``The deal is widely seen as a win for Kyiv``: what is seen is the subject together with
    its complement, so the content runs from the subject over the cue (not for a verb whose
    object is the hearer)."""
    subject = _seen_subject(verb, line) if span[0] > verb.i else None
    return (subject.left_edge.i, span[1]) if subject is not None else span


def _cue_end(ctx: _Context, verb: Token, cue_end: int, content_start: int) -> int:
    """One past the cue's last token: a phrasal verb keeps its particle (``pointed out``,
    ``laid out``, ``brushed aside``) when the particle comes before the content."""
    if CUE_PARTICLE:
        first = bisect.bisect_left(ctx.token_starts, content_start)
        particle = next((c for c in verb.rights if c.dep_ == "prt" and c.i < first), None)
        if particle is not None:
            cue_end = max(cue_end, particle.i)
    return cue_end + 1


def _past_colon(ctx: _Context, chars: tuple[int, int], line: tuple[int, int]) -> tuple[int, int]:
    """Content that stops at a colon in mid-line (``… for one reason: it ignores …``,
    ``… three things: a ceasefire, …``) goes on through the sentence after the colon."""
    rest = ctx.text[chars[1] : chars[1] + 3]
    if not rest.lstrip(" \"”'’").startswith(":"):
        return chars
    colon = bisect.bisect_left(ctx.token_starts, chars[1] + rest.index(":"))
    if colon + 1 >= line[1] or ctx.doc[colon].text != ":":
        return chars
    end = min(ctx.sentence(colon + 1)[1], line[1])
    tail = _char_range(ctx.doc, colon + 1, end)
    return (chars[0], tail[1]) if tail[1] > chars[1] else chars


def _raising(verb: Token) -> tuple[Token, Token] | None:
    """(subject, complement) of a raising cue: ``X seems/appears to …`` or an agentless
    passive ``X is expected/believed to …``. The subject is part of what is reported."""
    deps = {c.dep_: c for c in verb.children}
    if verb.lemma_.lower() in SEEM_VERBS and "nsubj" in deps:
        comp = next((c for c in verb.rights if _seem_complement(c)), None)
        return (deps["nsubj"], comp) if comp is not None else None
    if "nsubjpass" in deps and "auxpass" in deps and "agent" not in deps and "xcomp" in deps:
        comp = deps["xcomp"]
        if comp.i > verb.i and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
            return deps["nsubjpass"], comp
    if PASSIVE_PREDICATE and "nsubjpass" in deps and "auxpass" in deps and "agent" not in deps and "oprd" in deps:
        if deps["oprd"].i > verb.i:
            return deps["nsubjpass"], deps["oprd"]  # "Sanders was declared the winner": no one named says so
    return None


def _seem_complement(child: Token) -> bool:
    """What follows *seem*: ``to …``, ``unlikely``, ``a fraud``, ``like a trap``, ``as if …``."""
    if child.dep_ in SEEM_COMPLEMENTS:
        return True
    if child.dep_ == "prep" and child.lower_ in ("like", "as"):
        return True
    return child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "like", "as", "though")
                                         for m in child.children)


def _raises_a_cue(ctx: _Context, verb: Token) -> bool:
    """``X seemed to mock …``, ``X appeared to imply that …``: a raising verb whose ``to``
    complement is itself a cue verb; X is that verb's source, not part of a content."""
    if verb.lemma_.lower() not in SEEM_VERBS:
        return False
    comp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if comp is None or comp.lemma_.lower() in NEVER_CUES or ctx.in_quote(comp):
        return False
    if ctx.model is not None:  # scored with every verb outside quotes by _cue_candidates (not if mobilising)
        return ctx.cue_prob.get(comp.i, 0.0) >= ctx.model.threshold
    return ctx.cues.is_cue(comp) and not _unreliable(ctx, comp)


def _raised_content(ctx: _Context, verb: Token, line: tuple[int, int]) -> _Relation | None:
    """``The plan appears to have stalled``: content from the subject to the complement's
    end, and no source (the writer, not the subject, holds the view)."""
    found = _raising(verb)
    if found is None:
        return None
    subject, comp = found
    span = _comp_span(ctx, verb, comp)
    if span is None or span[0] < verb.i:
        return None
    if verb.lemma_.lower() in SEEM_VERBS:  # "seems unlikely … that X": every complement
        span = (span[0], max([span[1]] + [c.right_edge.i + 1 for c in verb.rights if _seem_complement(c)]))
    if subject.lower_ not in ("it", "there"):  # "it seems that …": the clause alone
        span = (min(subject.left_edge.i, span[0]), span[1])
    span = _clip(span, line)
    span = _clip(span, ctx.sentence(verb.i)) if span is not None else None
    if span is None or ctx.quote_at(ctx.doc[span[0]].idx) is not None:
        return None
    chars = _char_range(ctx.doc, *span)
    if chars[1] - chars[0] < 2:
        return None
    return _Relation((_cue_start(verb, None), verb.i + 1), chars, None, False, None, verb.i)


def _inverted_source(ctx: _Context, verb: Token, line: tuple[int, int]) -> tuple[int, int] | None:
    """``“…,” added a Turkish diplomat.``: right after a closing quote, the noun phrase after
    the cue is its source even when the parse made it an object."""
    if verb.i == 0 or not ctx.in_quote(verb.doc[verb.i - 1]) and verb.doc[verb.i - 1].tag_ != "''":
        return None
    after = next((c for c in verb.rights if c.dep_ in ("nsubj", "dobj") and c.pos_ in ("NOUN", "PROPN")
                  and not ctx.in_quote(c)), None)
    if after is None and INVERTED_RELATIVE:  # "“…,” said the woman, who did not want to be named": the parse
        comp = next((c for c in verb.rights if c.dep_ == "ccomp"), None)  # made her the subject of "want"
        subject = next((c for c in comp.lefts if c.dep_ == "nsubj"), None) if comp is not None else None
        if subject is not None and subject.left_edge.i == verb.i + 1 and subject.pos_ in ("NOUN", "PROPN"):
            after = subject
    return _clip(_source_range(after, verb), line) if after is not None else None


def _after_quote(ctx: _Context, source: tuple[int, int], subject: Token) -> tuple[int, int]:
    """``“That is a fair concern,” Kallas, 47, told …``: when the parse hangs the quotation's
    opening mark on the subject, the subject's phrase reaches back over the whole quotation;
    it starts after the quotation instead."""
    doc = ctx.doc
    start = subject.i
    while start > source[0] and not ctx.in_quote(doc[start - 1]) and not doc[start - 1].is_quote:
        start -= 1
    q = ctx.quote_at(doc[start - 1].idx) if start > source[0] else None
    if q is None or ctx.text[ctx.quotes[q].end - 1 : ctx.quotes[q].end] not in (",", ".", "!", "?"):
        return source  # a quoted name inside the phrase ("the “Daily Show” host"), not a quotation before it
    while start < subject.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, source[1]


def _before_quote(ctx: _Context, source: tuple[int, int], subject: Token | None) -> tuple[int, int] | None:
    """A source whose apposition quotes a title (``Ms. Ferriss, co-editor of "Chick Lit"``)
    keeps the words before the quote; a subject inside a quote is no source."""
    if not SOURCE_BEFORE_QUOTE or subject is None or ctx.in_quote(subject) or ctx.in_quote(ctx.doc[source[0]]):
        return None
    end = next(i for i in range(*source) if ctx.in_quote(ctx.doc[i]))
    while end > source[0] + 1 and (ctx.doc[end - 1].is_punct or ctx.doc[end - 1].is_space):
        end -= 1
    return (source[0], end) if subject.i < end else None


def _to_quote_end(ctx: _Context, chars: tuple[int, int]) -> tuple[int, int]:
    """A quotation opened inside the content runs on past the sentence end: so does the
    content (``argues that "only Cruz can win. Kasich can't."``)."""
    q = ctx.quote_at(max(chars[0], chars[1] - 1))
    if q is None:
        return chars
    quote = ctx.quotes[q]
    if chars[0] < quote.outer_start and quote.end > chars[1] and "\n" not in ctx.text[chars[1] : quote.end]:
        return chars[0], quote.end
    return chars


def _asked_opener(verb: Token) -> bool:
    """``Asked what …, Devine replied``, ``Ted Cruz, when asked …, responded``: a hearer verb
    that opens a clause with no subject of its own is a participle, however the tagger read it
    (a past tense at the sentence's start, a relative clause after "when")."""
    if verb.lemma_.lower() not in HEARER_PASSIVE_VERBS or verb.tag_ not in ("VBD", "VBN"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "agent", "aux", "auxpass") for c in verb.children):
        return False
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    opens = before is None or verb.is_sent_start or before.is_space or before.is_quote
    return (opens and verb.dep_ in ("advcl", "ROOT")) or (before is not None and before.lower_ in WHEN_WORDS)


def _agentless_passive(verb: Token) -> bool:
    """``Asked whether …, X said``, ``a fund known for …``: the one asked or known is not
    the source, and nobody is named as the agent (PolNeAR leaves these without a source)."""
    if ASKED_OPENER and _asked_opener(verb):
        return True
    if not PASSIVE_NO_SOURCE or verb.tag_ != "VBN" or verb.lemma_.lower() in PASSIVE_SOURCE:
        return False
    if any(c.dep_ == "agent" for c in verb.children):
        return False
    if PERFECT_NOT_PASSIVE and any(c.dep_ in ("nsubj", "csubj") or (c.dep_ == "aux" and c.lemma_ == "have")
                                   for c in verb.children):
        return False  # "while Sanders has pledged …": a perfect with its own subject is active
    if not (verb.dep_ in ("advcl", "acl") or any(c.dep_ == "auxpass" for c in verb.children)):
        return False
    return not (FAR_AGENT and _far_agent(verb) is not None)  # last: it walks the verb's subtree


def _cue_start(verb: Token, source: tuple[int, int] | None) -> int:
    """Auxiliaries and adverbs right before the cue verb belong to the cue ("has also said")."""
    start = verb.i
    doc = verb.doc
    while start > 0 and doc[start - 1].head.i == verb.i and doc[start - 1].dep_ in CUE_PREFIX_DEPS:
        if source is not None and source[0] <= start - 1 < source[1]:
            break
        start -= 1
    return start


def _as_clause(ctx: _Context, verb: Token, line: tuple[int, int]) -> tuple[int, int] | None:
    """``As the Times noted, Clinton raised …``: the main clause is what was noted."""
    if verb.dep_ != "advcl" or not any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children):
        return None
    head = verb.head
    left, right = max(head.left_edge.i, line[0]), min(head.right_edge.i + 1, line[1])
    own_start, own_end = verb.left_edge.i, verb.right_edge.i + 1
    if own_start <= left:
        start, end = own_end, right
    elif own_end >= right:
        start, end = left, own_start
    elif AS_MIDDLE and any(not t.is_punct and not t.is_space for t in ctx.doc[own_end:right]):
        start, end = left, right  # "Weeks ago, as Reuters reported, the delegations met": the whole clause
    elif AS_MIDDLE and not ctx.cues.is_cue(head):  # only punctuation after it ("“…,” Lavrov said, as the
        start, end = left, own_start  # delegates applauded." is a statement in its setting, not a report)
    else:
        return None
    return _clip((start, end), ctx.sentence(verb.i))


def _parenthetical(ctx: _Context, verb: Token, line: tuple[int, int]) -> tuple[int, int] | None:
    """``Loyalty, he noted, has long been …``: a cue set off inside the clause it reports
    (parsed as parataxis) takes the whole clause, itself included."""
    if verb.dep_ != "parataxis" or verb.head.i == verb.i:
        return None
    head = verb.head
    own_start, own_end = _subtree_range(verb)
    subject = max((c for c in verb.lefts if c.dep_ == "nsubj"), key=lambda c: c.i, default=None)
    opening = subject.left_edge.i if subject is not None else 0  # the nearer of two ("Voters, Clinton said, …")
    if PARENTHETICAL_FRONTED and opening > 0 and verb.doc[opening - 1].text == ",":
        own_start = opening  # "After the court ruled, Hebert said, …": the parse hung the fronted clause on the cue
    left, right = _subtree_range(head)
    if not (left < own_start and own_end < right):
        return None  # the cue opens or closes the clause: not set off inside it
    span = _clip((left, right), ctx.sentence(verb.i))
    return _clip(span, line) if span is not None else None


def _inverted_say(ctx: _Context, verb: Token, line: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``The rejection signals the end for the EU, said Geert Wilders, …``: a cue after a
    comma with its speaker after it, where the parse hung the clause before the comma on
    the cue as a second subject: that stretch is the content, the later subject the source."""
    if verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    after = next((c for c in verb.rights if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
    if after is None:
        return None
    sent = ctx.sentence(verb.i)
    start = max(sent[0], line[0])
    while start < verb.i - 1 and (verb.doc[start].is_punct or verb.doc[start].is_space):
        start += 1
    if verb.i - 1 - start < 3:
        return None
    source = _clip(_source_range(after, verb), line)
    return ((start, verb.i - 1), source) if source is not None else None


def _after_line(ctx: _Context, verb: Token, q: int) -> bool:
    """The quote opens a later line than the cue (introduced by a colon)."""
    return ctx.quotes[q].outer_start >= ctx.doc[_line_bounds(ctx, verb.i)[1] - 1].idx


def _comp_span(ctx: _Context, verb: Token, comp: Token) -> tuple[int, int] | None:
    """Token range of the content headed by ``comp`` (None if it wraps the cue)."""
    start, end = _subtree_range(comp)
    if FRONTED_OBJECT and comp.dep_ == "dobj" and comp.tag_ in ("WP", "WDT") and comp.i < verb.i:
        tail = [c.right_edge.i + 1 for c in verb.rights if c.dep_ in FRONTED_TAIL]
        if tail:
            return comp.i, max(tail)
    if OBJECT_CONTROL and comp.dep_ == "dobj":
        xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
        if xcomp is not None and comp.i < xcomp.i:
            end = max(end, xcomp.right_edge.i + 1)  # "urged Congress to act": both
    if FOR_TO and comp.dep_ == "advcl" and start < end and comp.doc[start].lower_ == "for" and start > verb.i:
        start += 1  # the content begins after "for"
    if start <= verb.i < end:
        if not (RELATIVE_EXTRACTION and _extracted_subject(verb, comp)):
            return None
        start = min(t.i for t in comp.subtree if t.i > verb.i)  # "which he said were …": after the cue
    if start > verb.i and comp.dep_ in EXTENDED_DEPS:
        end = _extend_right(ctx, verb, end)
    elif MIDDLE_CUE and end <= verb.i and comp.dep_ == "ccomp" and not ctx.in_quote(comp):
        end = _past_middle_cue(ctx, verb, end)
    end = _cut_at_participle(verb.doc, start, end)
    return start, end


def _for_clause(verb: Token) -> tuple[Token, int] | None:
    """(clause, index of its ``for``) of ``called for Russia to withdraw``: an adverbial
    clause with a subject, opened by ``for``."""
    for clause in verb.rights:
        if clause.dep_ != "advcl" or not any(c.dep_ in FOR_SUBJECTS for c in clause.children):
            continue
        mark = next((m for m in clause.children if m.dep_ == "mark" and m.lower_ == "for"), None)
        if mark is not None:
            return clause, mark.i
    return None


def _low_that_clause(verb: Token) -> Token | None:
    """``is telling customers at a breakfast spot that “I need you”``: the parser hung the
    that-clause on the last noun. A clause opened by the conjunction *that* (not the
    relative pronoun) under the verb's object or place phrase is the verb's complement."""
    for tok in verb.rights:
        for mark in tok.subtree:
            if mark.dep_ != "mark" or mark.lower_ != "that" or mark.tag_ != "IN":
                continue
            clause = mark.head
            if clause.dep_ not in ("relcl", "acl") or not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                continue
            path, up = clause.head, 0
            while path.i != verb.i and path.pos_ in ("NOUN", "PROPN", "ADP", "PRON", "NUM") and up < 6:
                path, up = path.head, up + 1
            if path.i == verb.i:
                return clause
    return None


def _relative_sibling(verb: Token) -> Token | None:
    """``a possibility that a source told CNN has heartburned officials``, parsed as two
    relative clauses of ``possibility``: the subjectless one right after the cue's is what
    the source said."""
    if verb.dep_ not in ("relcl", "acl") or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    after = verb.right_edge.i + 1
    for sibling in verb.head.rights:
        if (sibling.dep_ in ("relcl", "acl") and sibling.left_edge.i == after and sibling.pos_ in ("VERB", "AUX")
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in sibling.children)):
            return sibling
    return None


def _extracted_subject(verb: Token, comp: Token) -> bool:
    """``donations, which he said were accompanied by …``: the complement's subject is a
    relative word before the cue, so the complement's words after the cue are the content."""
    subject = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (comp.dep_ == "ccomp" and comp.i > verb.i and subject is not None and subject.i < verb.i
            and subject.tag_ in ("WDT", "WP"))


def _past_middle_cue(ctx: _Context, verb: Token, end: int) -> int:
    """``The argument would be aided, Devine said, by the calendar``: a cue set off by
    commas inside the clause it reports; the content runs on to the sentence end."""
    doc = verb.doc
    sent_end = min(ctx.sentence(verb.i)[1], _line_bounds(ctx, verb.i)[1])
    j = max([verb.i] + [c.right_edge.i for c in verb.rights if c.dep_ in ("nsubj", "nsubjpass")]) + 1
    while j < sent_end and j < verb.i + 8 and doc[j].text != ",":
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].is_punct or ctx.in_quote(doc[j]):
            return end  # "…, she said in a speech that …", "… he said." : the cue ends it
        j += 1
    if j >= sent_end or doc[j].text != ",":
        return end
    nxt = j + 1
    if nxt >= sent_end or doc[nxt].is_punct or doc[nxt].lower_ in MIDDLE_STOP or ctx.in_quote(doc[nxt]):
        return end
    if doc[nxt].tag_ == "VBG":
        return end  # "…, he said, wiping his face": the speaker's act, not the content
    last = sent_end
    while last > nxt and (doc[last - 1].is_punct or doc[last - 1].is_space):
        last -= 1
    return last if last > nxt else end


def _cut_at_participle(doc: Doc, start: int, end: int) -> int:
    """End content before ", saying …" / ", adding …": a new attribution starts there."""
    for i in range(start + 1, end - 1):
        tok = doc[i + 1]
        if doc[i].text == "," and (tok.lower_ == "according" or tok.tag_ == "VBG" and load_cues().is_cue(tok)):
            return i
    return end


def _quote_covers(ctx: _Context, q: int, span: tuple[int, int]) -> bool:
    """Whether the quotation holds (nearly) all of a token range."""
    quote = ctx.quotes[q]
    doc = ctx.doc
    first, last = doc[span[0]].idx, doc[span[1] - 1].idx
    if first >= quote.outer_end or last < quote.outer_start:
        return True  # the complement lies elsewhere: the attached quote wins
    inside = sum(1 for t in doc[span[0] : span[1]] if quote.outer_start <= t.idx < quote.outer_end)
    return inside >= 0.8 * (span[1] - span[0])


def _extend_right(ctx: _Context, verb: Token, end: int) -> int:
    """Grow content over stray tokens the parser hung elsewhere, up to the sentence end.

    Stops at the cue verb's own later dependents ("…, adding that …") and at a new cue.
    """
    sent_end = ctx.sentence(verb.i)[1]
    if verb.head.i > verb.i:  # a fronted clause ("When asked …, X declined"): stay inside it
        sent_end = min(sent_end, verb.right_edge.i + 1)
    stop = {t.i for child in verb.rights if child.i >= end and not _continues_content(child)
            for t in child.subtree}
    while end < sent_end and end not in stop:
        end += 1
    return end


def _that_clause(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


def _quote_in_phrase(ctx: _Context, q: int) -> bool:
    """A quotation inside a phrase (``on “Face the Nation,”``, ``the “Daily Show” host``): a title."""
    i = bisect.bisect_left(ctx.token_starts, ctx.quotes[q].outer_start) - 1
    return i >= 0 and ctx.doc[i].pos_ in ("ADP", "DET")


def _continues_content(child: Token) -> bool:
    """A later dependent of the cue that still belongs to its content (adverbials, and
    nouns the parser conjoined to the verb instead of to its object)."""
    if child.dep_ in TO_SENTENCE_END:
        return True
    if child.dep_ == "cc":
        return any(_continues_content(c) for c in child.head.rights if c.dep_ == "conj")
    if (CONJ_VERB and child.dep_ == "conj" and child.pos_ == "VERB" and not _own_subject(child)
            and not load_cues().is_cue(child)):
        return True  # "vowed to reform the courts, fix the campaign finance system …": no verb of speech
    if CONJ_CLAUSE and child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
        return (any(c.dep_ in ("nsubj", "expl") for c in child.children)
                and (not load_cues().is_cue(child) or (SECOND_THAT and _that_clause(child)))
                and any(c.dep_ == "ccomp" for c in child.head.children))  # "said A, but B": only after a clause
    return child.dep_ == "conj" and child.pos_ in CONJ_CONTINUES


def _inside_one_quote(ctx: _Context, chars: tuple[int, int]) -> bool:
    q = ctx.quote_at(chars[0])
    return q is not None and ctx.quote_at(max(chars[0], chars[1] - 1)) == q


def _according_to(ctx: _Context, tok: Token) -> _Relation | None:
    """``According to X, …`` / ``…, according to X``: the rest of the clause is content."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    line = _line_bounds(ctx, tok.i)
    source = _clip(_source_range(pobj, tok), line)
    pp_start, pp_end = tok.i, pobj.right_edge.i + 1
    sent = ctx.sentence(tok.i)
    clause = tok.head
    lo, hi = max(sent[0], line[0]), min(sent[1], line[1])  # the sentence, within its line
    left, right = max(clause.left_edge.i, lo), min(clause.right_edge.i + 1, hi)
    while hi > pp_end and (ctx.doc[hi - 1].is_punct or ctx.doc[hi - 1].is_space):
        hi -= 1
    if ACCORDING_SENTENCE and hi <= pp_end and lo < pp_start and ctx.quote_at(ctx.doc[lo].idx) is None:
        left = lo  # the phrase ends the sentence: the whole sentence before it is sourced
    elif ACCORDING_SENTENCE and lo >= pp_start and pp_end < hi:
        right = hi  # "According to X, …": the whole rest of the sentence
    if (ACCORDING_AFTER_CLAUSE and clause.i >= pp_end and pp_start - lo >= 5 and tok.i > 0
            and ctx.doc[tok.i - 1].text == "," and not _splits_clause(clause, pp_start, pp_end)
            and any(t.dep_ == "ROOT" for t in ctx.doc[lo:pp_start])):
        start, end = lo, pp_start - 1  # "X is looking into Y, according to sources who spoke …": the parse hung it on the source's clause
    elif ACCORDING_INSIDE and left < pp_start and pp_end < right and _splits_clause(clause, pp_start, pp_end):
        start, end = left, right  # the phrase stands inside the clause it sources
    elif pp_start - left >= right - pp_end:
        start, end = left, pp_start
    else:
        start, end = pp_end, right
    chars = _char_range(ctx.doc, start, end)
    if chars[1] - chars[0] < 3:
        return None
    return _Relation((tok.i, to.i + 1), chars, source, False, None, tok.i)


def _splits_clause(clause: Token, pp_start: int, pp_end: int) -> bool:
    """``Most Americans, according to the report, still believe …``: the phrase is set off
    by commas or dashes inside the clause, or stands between its subject and its verb."""
    doc = clause.doc
    marks = (",", "-", "—", "–")
    if pp_start > 0 and pp_end < len(doc) and doc[pp_start - 1].text in marks and doc[pp_end].text in marks:
        return True
    if clause.pos_ not in ("VERB", "AUX") or clause.i < pp_end:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < pp_start for c in clause.children)


# -- quote continuation -------------------------------------------------------------------
def _paragraph_bounds(text: str, char: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    return start, (len(text) if end < 0 else end)


def _extend_with_continuations(ctx: _Context, rel: _Relation, cues: dict[int, _Relation]) -> None:
    """Unclaimed quotes right after a direct attribution continue its content.

    A cue in between stops the continuation unless it has the same source
    ("“…,” Kalin said, adding that … “Second, …”").
    """
    if rel.ends:
        return
    q_last = ctx.quote_at(max(rel.content[0], rel.content[1] - 1))
    if q_last is None:
        if INDIRECT_CONTINUES and rel.source is not None:
            _indirect_continuation(ctx, rel)
        return
    end = rel.content[1]
    for q_index in range(q_last + 1, len(ctx.quotes)):
        quote = ctx.quotes[q_index]
        if q_index in ctx.quote_used:
            break
        between = [cues[c] for c in range(end, quote.outer_start) if c in cues and cues[c] is not rel]
        if any(not _same_source(ctx, other, rel) and not _subordinate_cue(ctx, other, rel) for other in between):
            break
        if (TITLE_QUOTES and len(ctx.text[quote.start : quote.end].split()) < 4
                and "\n" not in ctx.text[end : quote.outer_end] and quote.outer_end - end < 160
                and not (SHORT_NEXT_SENTENCE and _opens_sentence(ctx.text[end : quote.outer_start]))):
            continue  # a title inside the cue sentence ('on NBC's "Meet the Press."'): look past it
        own_cue = rel.content[1] <= ctx.doc[rel.cue_token].idx < quote.outer_start
        limit = 400 if between or (own_cue and OWN_CUE_GAP) else 160
        if (not _gap_allows_continuation(ctx.text, ctx.text[end : quote.outer_start], quote, limit)
                and not (MIXED_NEXT and _mixed_next(ctx, end, quote))):
            break
        ctx.quote_used.add(q_index)
        end = quote.end
    rel.content = (rel.content[0], end)


def _mixed_next(ctx: _Context, end: int, quote: Quote) -> bool:
    """``“…,” he said. But “Trump's bid is stronger with it.”``: the next sentence of the
    paragraph, with no cue of its own, ends in a quote of the same speaker."""
    gap = ctx.text[end : quote.outer_start]
    if "\n" in gap:
        return False
    i = bisect.bisect_right(ctx.token_starts, quote.outer_start) - 1
    start = ctx.doc[ctx.sentence(max(0, i))[0]].idx
    if not end < start <= quote.outer_start or quote.outer_start - start > MIXED_NEXT_CHARS or start - end > 160:
        return False
    if not ctx.text[end:start].rstrip().rstrip("\"”'’").endswith((".", "!", "?")):
        return False
    inner = ctx.text[quote.start : quote.end].rstrip()
    return inner.endswith((".", "!", "?")) or ctx.text[quote.outer_end : quote.outer_end + 1] in (".", "!", "?")


def _opens_sentence(gap: str) -> bool:
    """The text between two quotes ends a sentence (``…,” X said. “``): the next quote
    opens a sentence of its own, so it is speech, not a title inside the cue's sentence."""
    return gap.rstrip().endswith((".", "?", "!")) and not gap.rstrip().endswith(("Mr.", "Ms.", "Mrs.", "Dr."))


def _indirect_continuation(ctx: _Context, rel: _Relation) -> None:
    """``X said Y. "Quote …"``: a quotation that opens right after an indirect content ends
    its sentence, in the same paragraph and with no cue of its own, goes on with it."""
    end = rel.content[1]
    q_index = next((i for i, q in enumerate(ctx.quotes) if q.outer_start >= end), None)
    if q_index is None or q_index in ctx.quote_used:
        return
    quote = ctx.quotes[q_index]
    gap = ctx.text[end : quote.outer_start]
    if "\n" in gap or gap.strip() not in (".", "?", "!") or len(ctx.text[quote.start : quote.end].split()) < 4:
        return
    ctx.quote_used.add(q_index)
    rel.content = (rel.content[0], quote.end)


def _subordinate_cue(ctx: _Context, other: _Relation, rel: _Relation) -> bool:
    """A cue that hangs off the quote's own cue ("…,” she said when asked whether …
    “…”, "…,” said Pardo, who said he …): the speaker goes on after it."""
    return SUBORDINATE_CUES and any(a.i == rel.cue_token for a in ctx.doc[other.cue_token].ancestors)


def _same_source(ctx: _Context, other: _Relation, rel: _Relation) -> bool:
    """The same source span, or a relative pronoun describing it ("…,'' said Ms. Arnold,
    a former aide who said she would march. ''…''")."""
    if other.source is None or rel.source is None:
        return False
    if other.source == rel.source:
        return True
    if not RELATIVE_SAME_SOURCE or other.source[1] - other.source[0] != 1:
        return False
    pronoun = ctx.doc[other.source[0]]
    if pronoun.lower_ not in ("who", "whom") or pronoun.head.dep_ != "relcl":
        return False
    described = pronoun.head.head
    return rel.source[0] <= described.i < rel.source[1]


def _attach_orphan_quotes(ctx: _Context, relations: list[_Relation]) -> None:
    """A quoted paragraph with no cue continues the last sourced attribution just before it."""
    for q_index, quote in enumerate(ctx.quotes):
        if q_index in ctx.quote_used or len(ctx.text[quote.start : quote.end].split()) < 4:
            continue
        para_start, _ = _paragraph_bounds(ctx.text, quote.outer_start)
        if ctx.text[para_start : quote.outer_start].strip():
            continue
        prev_start, _ = _paragraph_bounds(ctx.text, max(0, para_start - 2))
        before = [r for r in relations if prev_start <= r.content[1] <= quote.outer_start]
        if not before or before[-1].source is None:
            continue
        last = max(before, key=lambda r: r.content[1])
        if last.content[1] < prev_start or last.source is None or last.ends:
            continue
        ctx.quote_used.add(q_index)
        last.content = (last.content[0], quote.end)
        last.direct = last.direct and True


def _gap_allows_continuation(text: str, gap: str, quote: Quote, limit: int = 160) -> bool:
    """Between two quotes: the cue sentence's tail, or a paragraph break to a new quote."""
    if "\n" in gap:
        para_start, _ = _paragraph_bounds(text, quote.outer_start)
        return not text[para_start : quote.outer_start].strip() and gap.count("\n") <= 3
    return len(gap) < limit and gap.rstrip().rstrip("\"”'’").endswith((".", ":", ";", ",", "—")) and "\n" not in gap


# -- main -----------------------------------------------------------------------------------
def _cue_candidates(ctx: _Context) -> list[Token]:
    """Cue words outside quotes, outermost first (a cue inside claimed content is skipped)."""
    doc = ctx.doc
    lemmas = ctx.cues.candidate_lemmas()
    lemma_ids = doc.to_array("LEMMA").tolist()
    pos_ids = doc.to_array("POS").tolist()
    dep_ids = doc.to_array("DEP").tolist()
    heads = doc.to_array("HEAD").astype("int64").tolist()  # relative offsets
    pos_ok = {int(doc.vocab.strings[p]) for p in ("VERB", "AUX")}
    ccomp = int(doc.vocab.strings["ccomp"])
    if ctx.model is not None:  # the learned classifier looks at every verb
        wanted = {i for i, pos in enumerate(pos_ids) if pos in pos_ok or doc[i].lower_ == "according"}
    else:
        wanted = {i for i, lemma in enumerate(lemma_ids) if lemma in lemmas and pos_ids[i] in pos_ok}
        wanted.update(i + heads[i] for i, dep in enumerate(dep_ids) if dep == ccomp)
    found: list[Token] = []
    for i in sorted(wanted):
        tok = doc[i]
        if ctx.in_quote(tok):
            continue
        if tok.lower_ == "according":
            found.append(tok)
        elif tok.pos_ not in ("VERB", "AUX"):
            continue
        elif ctx.model is not None:
            if _mobilising(tok):
                continue  # "calling up soldiers" is an act, whatever the model's probability
            ctx.cue_prob[i] = ctx.model.probability(model_features(ctx, tok))
            if ctx.cue_prob[i] >= ctx.model.threshold:
                found.append(tok)
        elif ctx.cues.is_cue(tok):
            found.append(tok)
        elif CCOMP_ANY and _attitude_verb(tok):
            found.append(tok)
    # "according to X" first: the clause it governs is its content, whatever its verb
    found.sort(key=lambda t: (t.lower_ != "according", _depth(t), t.i))
    return found


def model_features(ctx: _Context, tok: Token) -> list[str]:
    """The learned classifier's features of a candidate cue verb (see ``learned.py``)."""
    end = tok.idx + len(tok.text)
    return cue_features(tok, verb_frame(tok), quote_near(ctx.text, tok.idx, end, True),
                        quote_near(ctx.text, tok.idx, end, False))


def _attitude_verb(tok: Token) -> bool:
    """A verb with a clausal complement whose subject can speak or think."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in NEVER_CUES or _ccomp(tok) is None:
        return False
    if load_cues().frames.get((tok.lemma_.lower(), "ccomp"), (0, 0))[1] >= FRAME_MIN_SEEN:
        return False  # PolNeAR train says how often this verb is a cue: trust that instead
    return _agentive(_subject(tok))


def _agentive(subject: Token | None) -> bool:
    """A subject that can say or think: a person, group, pronoun or role noun."""
    if subject is None:
        return False
    if subject.lower_ in ("he", "she", "they", "i", "we", "you", "who"):
        return True
    if subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return subject.lower_ in ROLE_NOUNS


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def cue_key(tok: Token) -> tuple[str, str]:
    """(lemma, complement frame) of a cue verb, (lemma, part of speech) of another cue word."""
    return tok.lemma_.lower(), verb_frame(tok) if tok.pos_ in ("VERB", "AUX") else tok.pos_


def _unreliable(ctx: _Context, tok: Token) -> bool:
    """A cue whose (lemma, frame) made attributions that were right under a quarter of the
    time on PolNeAR train (e.g. ``drew criticism``, ``threatened a veto``): the rules skip
    it. A learned model decides for itself."""
    return RELIABILITY and ctx.model is None and cue_key(tok) in ctx.cues.unreliable


def _relations(ctx: _Context) -> list[_Relation]:
    relations: list[_Relation] = []
    colons = _colon_candidates(ctx)
    turns = [tok for tok in colons if _turn(ctx, tok)] if TURNS_FIRST else []
    turn_ids = {tok.i for tok in turns}
    for dash in _sign_off_candidates(ctx) if SIGN_OFF else ():  # "“…” ― Name": the name signs the words
        _keep_unclaimed(ctx, relations, _sign_off_relation(ctx, dash), lambda rel: ctx.doc[rel.cue_token].idx)
    for tok in turns:  # a transcript's turns first: the cues inside a turn are its speaker's words
        kept = len(relations)
        _keep_unclaimed(ctx, relations, _colon_relation(ctx, tok, True), lambda rel: ctx.doc[rel.source[0]].idx)
        if len(relations) > kept:  # the speaker's label too: a quotation opening there is the turn's
            ctx.claim((ctx.doc[_line_bounds(ctx, tok.i)[0]].idx, relations[-1].content[1]))
    for tok in _cue_candidates(ctx):
        if _unreliable(ctx, tok) or (FOR_SUBJECT and _for_subject(tok)) or (DISCOURSE_IDIOMS and _idiom(tok)):
            continue
        nested = ctx.is_claimed(tok.idx)
        if (nested and ctx.cue_prob.get(tok.i, 0.0) < NESTED_PROB and not _sourced_belief(ctx, tok)
                and not _nested_speech(ctx, tok)):
            continue
        rel = _according_to(ctx, tok) if tok.lower_ == "according" else _relation_for_verb(ctx, tok)
        if rel is None or (ctx.is_claimed(rel.content[0]) and not (nested and _nested_ok(ctx, rel))):
            continue
        if rel.claims:
            ctx.claim(rel.content)
        if tok.lower_ == "according":
            ctx.according.append(rel.content)
        if (rel.source is None and DROP_SOURCELESS and not rel.direct and ctx.cue_prob.get(tok.i, 0.0) < SOURCELESS_PROB
                and not (KEEP_ASKED and _agentless_passive(tok)
                         and (tok.dep_ == "advcl" or (HEARER_PASSIVE and tok.lemma_ in HEARER_PASSIVE_VERBS)))
                and not (RAISING and _raising(tok) is not None)
                and not (PASSIVE_PATIENT and tok.tag_ == "VBN" and rel.content[0] < tok.idx)
                and not (PASSIVE_AS and tok.tag_ == "VBN" and verb_frame(tok) == "prep:as")):
            continue
        relations.append(rel)
    for tok in _noun_candidates(ctx):
        if not _unreliable(ctx, tok):
            _keep_unclaimed(ctx, relations, _noun_relation(ctx, tok), lambda rel: tok.idx)
    for tok in _document_preps(ctx) if IN_DOCUMENT else ():
        _keep_unclaimed(ctx, relations, _document_relation(ctx, tok), lambda rel: tok.idx)
    for tok in colons:
        if tok.i in turn_ids:
            continue
        _keep_unclaimed(ctx, relations, _colon_relation(ctx, tok, False if TURNS_FIRST else None),
                        lambda rel: ctx.doc[rel.source[0]].idx)
    cues = {ctx.doc[r.cue_token].idx: r for r in relations}
    relations.sort(key=lambda r: r.content[0])
    for rel in relations:
        _extend_with_continuations(ctx, rel, cues)
    if ORPHANS:
        relations.sort(key=lambda r: r.content[1])
        _attach_orphan_quotes(ctx, relations)
    return relations


def _idiom(tok: Token) -> bool:
    """``That said, …``, ``Having said that, …``, ``Needless to say``, ``so to speak``: a
    verb of saying frozen in a discourse phrase reports nobody's words."""
    if tok.lower_ not in _IDIOM_WORDS:
        return False
    doc = tok.doc
    words = [t.lower_ for t in doc[max(0, tok.i - 3) : min(len(doc), tok.i + 3)]]
    text = f" {' '.join(words)} "
    return any(f" {phrase} " in text and tok.lower_ in phrase.split() for phrase in DISCOURSE_IDIOMS)


def _keep_unclaimed(ctx: _Context, relations: list[_Relation], rel: _Relation | None,
                    anchor: Callable[[_Relation], int]) -> None:
    """Keep ``rel`` and take its content, unless the content's start or its anchor (the
    character of its cue or source) lies in a content already taken."""
    if rel is None or ctx.is_claimed(rel.content[0]) or ctx.is_claimed(anchor(rel)):
        return
    ctx.claim(rel.content)
    relations.append(rel)


def _for_subject(tok: Token) -> bool:
    """``what it would mean for Ukraine to adopt neutral status``: an infinitive whose
    subject comes with ``for`` says what someone might do, not what anyone said."""
    subject = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    return subject is not None and any(c.lower_ == "for" for c in tok.children if c.dep_ == "mark")


def _nested_speech(ctx: _Context, tok: Token) -> bool:
    """``Cruz says he is tied for second, in a finish that he said defied expectations``:
    a verb of speech with its own subject opens an attribution inside another's content."""
    if NESTED_SPEECH_RATE > 1 or ctx.model is not None or _subject(tok) is None:
        return False
    if tok.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in tok.children):
        return False  # "… to keep channels open rather than to judge them": no speaker of its own
    return tok.dep_ in NESTED_SPEECH_DEPS and ctx.cues.rate(tok, verb_frame(tok)) >= NESTED_SPEECH_RATE


def _sourced_belief(ctx: _Context, tok: Token) -> bool:
    """``US officials believe that …, according to sources``: the sources report a view the
    clause's own subject holds, and that subject is a speaker too."""
    if not UNDER_ACCORDING or tok.lower_ == "according" or _ccomp(tok) is None:
        return False
    inside = any(s <= tok.idx < e for s, e in ctx.according)
    return inside and tok.dep_ in ("ROOT", "ccomp", "conj") and _agentive(_subject(tok))


def _nested_ok(ctx: _Context, rel: _Relation) -> bool:
    """A relation opened inside claimed content must lie within it, not repeat it."""
    return all((start, end) != rel.content and rel.content[1] <= end for start, end in ctx.claims_at(rel.content[0]))


def _noun_candidates(ctx: _Context) -> list[Token]:
    """Nominal cues with a possessor: "Trump's criticism of …", "her claim that …"."""
    doc = ctx.doc
    poss, prep = int(doc.vocab.strings["poss"]), int(doc.vocab.strings["prep"])
    heads = doc.to_array("HEAD").astype("int64").tolist()
    deps = doc.to_array("DEP").tolist()
    owners = {i + heads[i] for i, dep in enumerate(deps) if dep == poss}
    if NOUN_FROM:  # "criticism from Ukrainian officials": a from/by/among phrase naming a speaker
        froms = (doc[i] for i, dep in enumerate(deps) if dep == prep and doc[i].lower_ in SOURCE_PREPS)
        owners |= {t.head.i for t in froms if t.head.pos_ == "NOUN"
                   and _agentive(next((c for c in t.children if c.dep_ == "pobj"), None))}
    found = []
    for i in sorted(owners):
        tok = doc[i]
        if tok.pos_ != "NOUN" or ctx.in_quote(tok):
            continue
        if ctx.cues.lemmas.get(tok.lemma_.lower(), 0.0) >= NOUN_CUE_RATE:
            found.append(tok)
    return found


def _noun_relation(ctx: _Context, noun: Token) -> _Relation | None:
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:  # "criticism of the deal from Democrats": the object of from/by/among
        by = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None or owner.lower_ in ("its",):
        return None
    content: Token | None = None
    cue_end = noun.i
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and child.lower_ not in SOURCE_PREPS:
            content = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            cue_end = child.i
        elif child.dep_ in ("acl", "ccomp") and any(c.lower_ == "that" for c in child.children):
            content = child
        elif (NOUN_INFINITIVE and child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
              and ctx.cues.lemmas.get(noun.lemma_.lower(), 0.0) >= NOUN_INFINITIVE):
            content = child  # "Zelensky's vow to retake Crimea"
        if content is not None:
            break
    if content is None:
        return None
    line = _line_bounds(ctx, noun.i)
    span = _clip((content.left_edge.i, content.right_edge.i + 1), line)
    if span is None:
        return None
    chars = _char_range(ctx.doc, *span)
    if chars[1] - chars[0] < 3:
        return None
    source = _clip((owner.left_edge.i, owner.i + 1) if owner.dep_ == "poss" else _source_range(owner), line)
    if source is not None and noun.i < source[0] < cue_end:
        cue_end = noun.i  # "criticism from X over Y": the cue is the noun alone
    return _Relation((noun.i, cue_end + 1), chars, source, _inside_one_quote(ctx, chars), None, noun.i)


def _document_preps(ctx: _Context) -> list[Token]:
    """``In a poll for Reuters, …``, ``… in most surveys``: *in* with a noun for a count of
    opinion (``DOCUMENT_NOUNS``) outside quotes."""
    doc = ctx.doc
    in_id = int(get_string_id("in"))
    ins = (doc[i] for i, lower in enumerate(doc.to_array("LOWER").tolist()) if lower == in_id)
    return [t for t in ins if t.dep_ == "prep" and not ctx.in_quote(t)
            and any(c.dep_ == "pobj" and c.lemma_.lower() in DOCUMENT_NOUNS for c in t.children)]


def _document_relation(ctx: _Context, prep: Token) -> _Relation | None:
    """The document is the source and the clause the phrase sits in is the content
    (``In the latest poll, Zelensky leads by 20 points``), unless a cue of that clause
    reports it (``In a statement, the ministry said …``: a setting, not a source)."""
    head = prep.head
    if head.pos_ not in ("VERB", "AUX") or ctx.cues.is_cue(head):
        return None
    pobj = next(c for c in prep.children if c.dep_ == "pobj")
    start, end = _subtree_range(head)
    line = _line_bounds(ctx, prep.i)
    sentence = ctx.sentence(prep.i)
    start, end = max(start, line[0], sentence[0]), min(end, line[1], sentence[1])
    if prep.left_edge.i <= start:  # the phrase opens the clause: the content follows it
        start = prep.right_edge.i + 1
    elif prep.right_edge.i + 1 >= end or ctx.doc[prep.right_edge.i + 1].is_punct:
        end = prep.left_edge.i  # … or closes it
    while start < end and ctx.doc[start].is_punct:
        start += 1
    while end > start and ctx.doc[end - 1].is_punct:
        end -= 1
    if end - start < 3:
        return None
    chars = _char_range(ctx.doc, start, end)
    return _Relation((prep.i, prep.i + 1), chars, _subtree_range(pobj), False, None, prep.i)


def _colon_candidates(ctx: _Context) -> list[Token]:
    """Colons outside quotes that may introduce a speaker's words ("Lavrov: …")."""
    found = []
    for match in re.finditer(":", ctx.text):
        i = bisect.bisect_right(ctx.token_starts, match.start()) - 1
        tok = ctx.doc[i] if i >= 0 else None
        if tok is not None and tok.text == ":" and not ctx.is_claimed(tok.idx) and (
                not ctx.in_quote(tok) or _quoted_turn(ctx, tok)):
            found.append(tok)
    return found


def _next_line_quote(ctx: _Context, colon: Token, line: tuple[int, int]) -> int | None:
    """A quotation opening the line after a line that ends with this colon."""
    doc = ctx.doc
    if colon.i + 1 < line[1] and any(not t.is_space for t in doc[colon.i + 1 : line[1]]):
        return None
    j = line[1]
    while j < len(doc) and doc[j].is_space:
        j += 1
    if j >= len(doc):
        return None
    q = ctx.quote_at(doc[j].idx)
    return q if q is not None and q not in ctx.quote_used else None


def _colon_relation(ctx: _Context, colon: Token, turn: bool | None = None) -> _Relation | None:
    """``Name: words`` / ``More from Name: "…"``: a name right before a colon is a source.
    ``turn``: whether the colon closes a transcript's label (``_turn``), when already known."""
    doc = ctx.doc
    line = _line_bounds(ctx, colon.i)
    q_next = _next_line_quote(ctx, colon, line)
    if q_next is not None:
        return _statement_follows(ctx, colon, q_next, line)
    run_end = colon.i
    run_start = _name_run_start(doc, run_end, line[0], _name_like)
    if NAME_AND_ROLE and run_start == run_end:
        run_start = _name_and_role(doc, colon, line)
    if turn is None:
        turn = _turn(ctx, colon)
    if turn:  # a transcript's label, which may be in capitals, opens the line
        run_start = line[0] + (1 if doc[line[0]].is_quote else 0)
    if INTERVIEW_LETTERS and run_end - run_start == 1 and len(doc[run_start].text.strip(".")) == 1:
        return None  # "Q: …" / "A: …": an interview's turn marker names no one
    if HEADING_WORD and run_end - run_start == 1 and _heading_word(ctx, doc[run_start]):
        return None  # "Breaking: …", "Revealed: …", "Wow: …": an exclamation heads the line
    before = doc[run_start - 1].lower_ if run_start > line[0] else None
    if QUOTED_TURN and run_start - 1 == line[0] and doc[line[0]].is_quote:
        before = None  # the opening mark of a quoted transcript turn
    if (run_start == run_end or doc[run_start].lower_ == "and"
            or before not in (None, "from", "-", "—", "–", "by")):
        topic = _speaker_on_topic(doc, colon, line) if HEADLINE_TOPIC else None
        if topic is None:
            return None
        run_start, run_end = topic
    if colon.i + 1 >= line[1]:
        return None
    if ctx.in_quote(colon):  # a quoted transcript's turn: its own line of the quotation
        end = line[1]
        while end > colon.i + 1 and (doc[end - 1].is_space or doc[end - 1].is_quote):
            end -= 1
        chars = _char_range(doc, colon.i + 1, end)
        return _Relation((colon.i, colon.i + 1), chars, (run_start, run_end), True, None, colon.i)
    q = ctx.quote_at(doc[colon.i + 1].idx)
    if q is not None and ctx.text[ctx.quotes[q].outer_end : doc[line[1] - 1].idx + 1].strip(" .,\n"):
        q = None  # a quoted title inside a longer line: the whole rest of the line is content
    if q is not None and q not in ctx.quote_used:
        quote = ctx.quotes[q]
        ctx.quote_used.add(q)
        return _Relation((colon.i, colon.i + 1), (quote.start, quote.end), (run_start, run_end),
                         True, quote, colon.i)
    end = line[1] if COLON_TO_LINE else min(line[1], ctx.sentence(colon.i + 1)[1])
    if TURN_PARAGRAPH and turn:
        end = _turn_end(ctx, line)
    chars = _char_range(doc, colon.i + 1, end)
    if chars[1] - chars[0] < 10:
        return None
    return _Relation((colon.i, colon.i + 1), chars, (run_start, run_end), False, None, colon.i)


def _heading_word(ctx: _Context, tok: Token) -> bool:
    """A one-word label that reads as an exclamation, not a name: an -ing or -ed form
    ("Breaking", "BUSTED"), an interjection ("Wow") or a bare verb ("Look"). A transcript's
    labels in capitals are names ("HARDING:")."""
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (tok.is_upper and ctx.transcript()):
        return False
    if tok.pos_ in ("INTJ", "VERB"):
        return True
    # "Breaking", "BUSTED"; not a proper name that happens to end so ("Mohammed:", "Reading:")
    return tok.lower_.endswith(("ing", "ed")) and (tok.pos_ != "PROPN" or tok.is_upper)


def _name_and_role(doc: Doc, colon: Token, line: tuple[int, int]) -> int:
    """``Clinton camp: …``, ``Kremlin spokesman: …``, ``WSJ editorial: …``: a name and one or
    two common nouns that open the line before a colon; the start of that label (or the
    colon's own index when there is none)."""
    k = colon.i
    while k > line[0] and colon.i - k < 2 and doc[k - 1].pos_ == "NOUN" and doc[k - 1].is_lower:
        k -= 1
    if k == colon.i:
        return colon.i
    start = _name_run_start(doc, k, line[0], _name_like)
    named = any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in doc[start:k])
    return start if start < k and start == line[0] and named else colon.i  # not "Voter participation:"


def _speaker_on_topic(doc: Doc, colon: Token, line: tuple[int, int]) -> tuple[int, int] | None:
    """``Lavrov on the grain deal: “…”``, ``Zelensky to Putin: meet me``: a headline that
    opens with a name and what (or whom) the words are about; the name is the source."""
    end = line[0]
    while end < colon.i and (_name_like(doc[end]) or doc[end].lower_ == "and"):
        end += 1
    if end == line[0] or end >= colon.i or doc[end].lower_ not in TOPIC_PREPS:
        return None
    run = doc[line[0] : end]
    if colon.i - line[0] > 15 or doc[end - 1].lower_ == "and" or any(t.pos_ == "VERB" for t in run):
        return None  # "Follow AWR Hawkins on Twitter:" is an invitation
    if not any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in run):
        return None  # "Focus on Strength:" is a heading (the tagger may still call it an ORG)
    return line[0], end


def _name_run_start(doc: Doc, end: int, floor: int, name_like: Callable[[Token], bool]) -> int:
    """Start of the run of name words (and "and") that ends at ``end``. A possessive stops
    it: "Editor's Note:", "Tuesday's Morning Email:" are headings, not speakers."""
    start = end
    while start > floor and (name_like(doc[start - 1]) or doc[start - 1].lower_ == "and"):
        start -= 1
    return start


def _turn(ctx: _Context, colon: Token, quoted: bool = False) -> bool:
    """A colon after a speaker's name that opens its line (``PENCE: Well, …``), inside a
    quotation when ``quoted`` (``“PENCE: Well, …``), with words after it on the line."""
    start, end = _line_bounds(ctx, colon.i)
    if ctx.doc[start].is_quote:
        start += 1
    elif quoted:
        return False
    run = ctx.doc[start : colon.i]
    if not (0 < len(run) <= 5 and any(not t.is_space for t in ctx.doc[colon.i + 1 : end])):
        return False
    if _name_run_start(ctx.doc, colon.i, start, _name_like) == start:
        return True
    # "MR. WALTZ:": capitals, and the full stop the tokenizer split from the title
    return ctx.transcript() and all(_caps_name(t) or _name_like(t) or t.text == "." for t in run)


def _turn_end(ctx: _Context, line: tuple[int, int]) -> int:
    """End of a turn that opens ``line``: a hard-wrapped transcript breaks its lines
    mid-sentence, so the turn goes on to its paragraph's end (a blank line) or to the
    next line that opens with a label and a colon."""
    doc = ctx.doc
    end = line[1]
    while end < len(doc):
        last = next((t for t in reversed(doc[line[0] : end]) if not t.is_space), None)
        gap = ctx.text[last.idx + len(last.text) if last is not None else doc[line[0]].idx : doc[end].idx]
        nxt = _line_bounds(ctx, end)
        if gap.count("\n") >= 2 or _label_colon(doc, nxt[0], nxt[1]) is not None:
            break  # a blank line, or the next turn's label
        line, end = nxt, nxt[1]
    return end


def _label_colon(doc: Doc, start: int, end: int) -> int | None:
    """A colon among the first five tokens of the line ``start``–``end``: a label's end."""
    return next((t.i for t in doc[start : min(end, start + 5)] if t.text == ":"), None)


def _quoted_turn(ctx: _Context, colon: Token) -> bool:
    """A colon inside a quotation that opens its line with a speaker's name: ``“PENCE: Well, …``."""
    return QUOTED_TURN and _turn(ctx, colon, quoted=True)


def _caps_name(tok: Token) -> bool:
    """A word in capitals, as transcripts write their speakers ("TAPPER", "PENCE")."""
    return CAPS_SPEAKER and tok.is_alpha and tok.is_upper and len(tok.text) > 1


def _sign_off_candidates(ctx: _Context) -> list[Token]:
    """Dashes outside quotes that stand apart from the words around them (not "pro-Kyiv")."""
    found = []
    for match in re.finditer(f"[{_DASHES}]+", ctx.text):
        before = ctx.text[match.start() - 1 : match.start()]
        if before and not (before.isspace() or before in _QUOTE_MARKS):
            continue
        i = bisect.bisect_right(ctx.token_starts, match.start()) - 1
        tok = ctx.doc[i] if i >= 0 else None
        if tok is None or ctx.quote_at(match.start()) is not None:
            continue
        marks = len(tok.text) - len(tok.text.lstrip(_QUOTE_MARKS))  # the tokenizer keeps "”―" together
        if tok.idx + marks == match.start() and (tok.text[marks:] in SIGN_OFF_DASHES or _dash_name(tok)):
            found.append(tok)
    return found


def _sign_off_name(ctx: _Context, dash: Token, line: tuple[int, int]) -> tuple[tuple[int, int], bool] | None:
    """The name after a sign-off dash, which ends its line (or is followed by ", Place", a
    full stop, or a tweet's "(@handle) date"); and whether a handle follows it."""
    doc = ctx.doc
    k = dash.i + (0 if _dash_name(dash) else 1)  # "-President Obama": the tokenizer kept the dash on the name
    while k < line[1] and doc[k].is_space:
        k += 1
    start = k
    while (k < line[1] and k - start < 6 and (_name_like(doc[k]) or doc[k].is_title or k == dash.i)
           and not ctx.in_quote(doc[k])):  # a title-case word here is a name, whatever the tagger says
        k += 1
    if k == start or k - start > 5 or not any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in doc[start:k]):
        return None
    rest = [t for t in doc[k : line[1]] if not t.is_space]
    if not rest or (rest[0].text == "." and len(rest) == 1):
        return (start, k), False
    if rest[0].text == "," and len(rest) <= 10:
        return (start, k), False  # "-Michelle Marks, Philadelphia."
    if rest[0].text == "(" and len(rest) > 1 and rest[1].text.startswith("@"):
        return (start, k), True
    return None


def _dash_name(tok: Token) -> bool:
    """A token that is a dash glued to a capitalised word ("-President")."""
    return len(tok.text) > 2 and tok.text[0] in _DASHES and tok.text[1].isupper()


def _sign_off_relation(ctx: _Context, dash: Token) -> _Relation | None:
    """``“…” ― Sonya Herridge``: a name after a dash at the end of a line signs the
    quotation before the dash, on its line or (when the dash opens the line) the quoted
    paragraph above it; an embedded tweet's ``text — Name (@handle) date`` signs its text."""
    doc, text = ctx.doc, ctx.text
    line = _line_bounds(ctx, dash.i)
    found = _sign_off_name(ctx, dash, line)
    if found is None:
        return None
    name, handle = found
    line_start = doc[line[0]].idx
    at = dash.idx + len(dash.text) - len(dash.text.lstrip(_QUOTE_MARKS))  # the dash itself ("”―" is one token)
    before = text[line_start:at].strip()
    if before:
        if before[-1] in _QUOTE_MARKS:
            close = text.rindex(before[-1], line_start, at)
            q = ctx.quote_at(close)
            if q is not None and ctx.quotes[q].outer_end == close + 1:
                chars = (ctx.quotes[q].start, ctx.quotes[q].end)
            elif before[0] in _QUOTE_MARKS:  # marks the scanner could not pair ("”Fear. …”")
                chars = (text.index(before[0], line_start) + 1, close)
            else:
                return None
        elif handle:  # a tweet: its text from the line's start (after any markup) to the dash
            tag = text.rfind(">", line_start, at)
            chars = (max(line_start, tag + 1), at)
        else:
            return None
    else:  # "- Bernie Sanders." under a paragraph that is one quotation
        prev_end = line_start
        while prev_end > 0 and text[prev_end - 1].isspace():
            prev_end -= 1
        q = ctx.quote_at(prev_end - 1) if prev_end > 0 else None
        if q is None or ctx.quotes[q].outer_end != prev_end:
            return None
        quote = ctx.quotes[q]
        para_start, _ = _paragraph_bounds(text, quote.outer_start)
        if text[para_start : quote.outer_start].strip():
            return None
        chars = (quote.start, quote.end)
    chars = _trim(text, chars)
    if chars[1] - chars[0] < 10:
        return None
    q = ctx.quote_at(chars[0])
    if q is not None:
        ctx.quote_used.add(q)
    return _Relation((dash.i, dash.i + 1), chars, name, True, None, dash.i, ends=True)


def _trim(text: str, chars: tuple[int, int]) -> tuple[int, int]:
    start, end = chars
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _name_like(tok: Token) -> bool:
    """A proper-noun token, or a capitalised word the tagger took for a common noun."""
    return tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.is_title) or tok.ent_type_ == "PERSON"


def _statement_follows(ctx: _Context, colon: Token, q: int, line: tuple[int, int]) -> _Relation | None:
    """``Cruz continued:`` / ``released the following statement:`` then a quoted paragraph."""
    verb = colon.head if colon.head.pos_ in ("VERB", "AUX") else None
    subject = _subject(verb) if verb is not None else None
    source = _clip(_source_range(subject), line) if subject is not None else None
    if source is None:
        return None
    quote = ctx.quotes[q]
    ctx.quote_used.add(q)
    cue_start = verb.i if verb is not None and verb.i < colon.i else colon.i
    return _Relation((cue_start, colon.i + 1), (quote.start, quote.end), source, True, quote, colon.i)


def _span(text: str, start: int, end: int) -> Span:
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return Span(start, end, text[start:end])


def _token_span(doc: Doc, text: str, rng: tuple[int, int]) -> Span:
    first, last = doc[rng[0]], doc[rng[1] - 1]
    return _span(text, first.idx, last.idx + len(last.text))


def _sentence_span(ctx: _Context, chars: tuple[int, int]) -> Span | None:
    first = ctx.doc.char_span(chars[0], max(chars[0] + 1, chars[1]), alignment_mode="expand")
    if first is None or len(first) == 0:
        return None
    start = ctx.sentence(first.start)[0]
    end = ctx.sentence(first.end - 1)[1] - 1
    last = ctx.doc[end]
    return _span(ctx.text, ctx.doc[start].idx, last.idx + len(last.text))


def _via(doc: Doc, rel: _Relation, tracker: SpeakerTracker, speaker: Speaker) -> Speaker | None:
    """Relayed speech: the content's own subject is a named person using a relay verb."""
    if rel.direct:
        return None
    span = doc.char_span(rel.content[0], rel.content[1], alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    if root.lemma_.lower() not in RELAY_VERBS:
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in PRONOUNS:
        return None
    start, end = _source_range(subject)
    mention = doc[start:end]
    if not any(t.ent_type_ == "PERSON" or tracker.profile.person(t.text) for t in mention):
        if not RELAYED_PARTY or root.lemma_.lower() not in PARTY_RELAY_VERBS:
            return None
        return _relayed_party(mention, tracker.profile, speaker)
    relayed = tracker.resolve_quietly(mention) if hasattr(tracker, "resolve_quietly") else None
    if relayed is None or relayed.name == speaker.name:
        return None
    return relayed


def _relayed_party(mention: SpacySpan, profile: Profile, speaker: Speaker) -> Speaker | None:
    """``A US peace plan would require …, according to two officials``: what a party (or its
    plan, draft, delegation) is reported to want is that party's position, relayed."""
    if len(mention) > 8 or mention.root.pos_ not in ("NOUN", "PROPN"):
        return None
    head = mention.root
    # the head and the words that modify it directly ("A US plan", "Russia's draft"), not a
    # prepositional phrase after it ("a plan for Ukraine" is not Ukraine's plan)
    own = [t for t in mention if t.i == head.i or (t.head.i == head.i and t.dep_ in RELAY_MODIFIERS)]
    party = profile.party_of_name(head.text) or next(
        (found for t in own if t.pos_ in ("PROPN", "ADJ") and (found := profile.party_of_name(t.text))), None)
    if party is None or party == speaker.party:
        return None
    return Speaker(mention.text, "institutional", party, plural=True)


def _mode(ctx: _Context, rel: _Relation) -> str:
    if rel.direct:
        return "direct"
    inner = ctx.text[rel.content[0] : rel.content[1]]
    quoted = sum(q.end - q.start for q in ctx.quotes if rel.content[0] <= q.start < rel.content[1])
    return "mixed" if quoted and quoted * 2 >= len(inner) else "indirect"


def _speaker_mention(doc: Doc, source: tuple[int, int]) -> SpacySpan:
    """The source phrase without its relative clauses, to resolve and type the speaker:
    ``Two officials who briefed reporters in Kyiv`` are two officials, not Ukrainian ones.
    (The resolver trims the punctuation left at its edges.)"""
    start, end = source
    if SOURCE_RELATIVE:
        for tok in doc[start:end]:
            if tok.dep_ in ("relcl", "acl") and start <= tok.head.i < tok.i and tok.left_edge.i > start:
                end = min(end, tok.left_edge.i)
    return doc[start:end]


def _build(ctx: _Context, rel: _Relation, tracker: SpeakerTracker, relay: dict[int, Speaker]) -> Attribution:
    doc, text = ctx.doc, ctx.text
    speaker = tracker.resolve(_speaker_mention(doc, rel.source)) if rel.source else Speaker(None)
    via = _via(doc, rel, tracker, speaker)
    para = _paragraph_bounds(text, rel.content[0])[0]
    if via is not None:
        relay[para] = via
    elif rel.direct and para in relay and relay[para].name != speaker.name and speaker.name:
        via = relay[para]
    return Attribution(
        content=_span(text, *rel.content),
        source=_token_span(doc, text, rel.source) if rel.source else None,
        cue=_token_span(doc, text, rel.cue),
        speaker=speaker.name,
        speaker_kind=speaker.kind if rel.source else "none",
        party=speaker.party,
        via=via.name if via else None,
        via_party=via.party if via else None,
        mode=_mode(ctx, rel),
        descriptor=speaker.descriptor,
        sentence=_sentence_span(ctx, rel.content),
    )


def _document_statements(
    ctx: _Context, document: Document, profile: Profile, taken: list[tuple[int, int]]
) -> list[Attribution]:
    """First-person sentences outside quotes in a transcript/speech: the text's own speaker."""
    if document.kind not in DOCUMENT_KINDS or not document.speaker:
        return []
    found: list[Attribution] = []
    starts = ctx.sent_starts
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(ctx.doc)
        sent = ctx.doc[start:end]
        if any(s < sent.end_char and sent.start_char < e for s, e in taken):
            continue
        if not any(t.lower_ in FIRST_PERSON and not ctx.in_quote(t) for t in sent):
            continue
        chars = _char_range(ctx.doc, start, end)
        if chars[1] <= chars[0]:
            continue
        found.append(Attribution(
            content=_span(ctx.text, *chars), speaker=document.speaker, speaker_kind="document",
            party=_party_of_speaker(profile, document.speaker), mode="direct",
            sentence=_span(ctx.text, *chars)))
    return found


def _party_of_speaker(profile: Profile, speaker: str) -> str | None:
    """The party of a document's own speaker ("Volodymyr Zelensky", "the Kremlin")."""
    person = profile.person(speaker)
    return person.party if person is not None else profile.party_of_name(speaker)


def _parses(doc: Doc, text: str) -> bool:
    """Whether ``doc`` is a parse of ``text`` (cheap: its last token ends the text)."""
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text, doc[0].idx)


def find_attributions(doc: Doc, profile: Profile, document: Document,
                      model: CueModel | None = None) -> list[Attribution]:
    """All attributions in ``doc`` (the parse of ``document.text``), in text order.

    ``model`` is a learned cue classifier (``learned.CueModel``, made by ``talkwatch
    train``); without one, the model named by ``TALKWATCH_ATTRIBUTION_MODEL`` is used if
    that is set, and the lexicon rules otherwise.
    """
    text = document.text
    if not text.strip() or len(doc) == 0 or not _parses(doc, text):
        return []
    ctx = _Context(doc, text, model if model is not None else default_model())
    tracker = SpeakerTracker(profile, document.speaker)
    tracker.attach(doc)
    relations = _relations(ctx)
    relations.sort(key=lambda r: (r.source[0] if r.source else r.cue[0]))
    relay: dict[int, Speaker] = {}
    built = [_build(ctx, rel, tracker, relay) for rel in relations]
    built += _document_statements(ctx, document, profile, [(a.content.start, a.content.end) for a in built])
    built.sort(key=lambda a: (a.content.start, a.content.end))
    if LIST_RELAY:
        _relay_to_items(built)
    return built


def _relay_to_items(attrs: list[Attribution]) -> None:
    """``Kalin said Putin laid out several points … “The first is neutrality,” Kalin
    said``: the items of a relayed list are relayed too (in place). The list stays open
    while the same speaker goes on, within ``LIST_REACH`` characters of its last item."""
    relay: Attribution | None = None
    reach = 0
    for i, a in enumerate(attrs):
        if a.via and LIST_INTRO.search(a.content.text):
            relay, reach = a, a.content.end
        elif relay is not None and (a.speaker != relay.speaker or a.content.start - reach > LIST_REACH):
            relay = None  # another speaker, or too far on: the list is over
        elif relay is not None and a.via is None and ordinal_of_item(a.content.text) is not None:
            attrs[i] = replace(a, via=relay.via, via_party=relay.via_party)
            reach = a.content.end
