"""Plain data passed between talkwatch stages.

Every stage is a function over these dataclasses, so the same code runs in a unit test,
the CLI, the web app and a Spark partition. Offsets are character offsets into
``Document.text`` (end exclusive).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("news", "transcript", "briefing", "speech", "statement")
STANCES = (
    "demand",
    "offer",
    "open",
    "accept",
    "reject",
    "progress",
    "agreed",
    "no-position",
    "doubt",
)
SPEAKER_KINDS = ("named", "anonymous", "institutional", "pronoun", "document", "none")
MODES = ("direct", "indirect", "mixed")
TALKS = "talks"  # the reserved holder for both sides jointly


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Document:
    """One report or statement, as read from a file or a corpus record."""

    id: str
    text: str
    published: str | None = None  # ISO date YYYY-MM-DD
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    kind: str = "news"
    speaker: str | None = None  # the text's own speaker (transcript, speech, briefing)
    path: str | None = None  # where it was read from

    @property
    def sha(self) -> str:
        """Content hash used for exact-duplicate detection (text only, whitespace folded)."""
        folded = " ".join(self.text.split())
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()

    def meta(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "text"}


@dataclass(frozen=True)
class Descriptor:
    """What an unnamed source is: "two senior Russian officials"."""

    role: str | None = None  # official, diplomat, source, aide, negotiator...
    affiliation: str | None = None  # party id or free text ("congressional")
    seniority: str | None = None  # senior, top, high-ranking
    count: str | None = None  # "two", "several", "multiple"


@dataclass
class Attribution:
    """Who said what: one attributed statement."""

    content: Span
    source: Span | None = None  # the speaker mention in the text
    cue: Span | None = None
    speaker: str | None = None  # resolved name, or the descriptor text
    speaker_kind: str = "none"
    party: str | None = None
    via: str | None = None  # whose words the speaker relays (Kalin relaying Putin → via Putin)
    via_party: str | None = None
    mode: str = "indirect"
    descriptor: Descriptor | None = None
    sentence: Span | None = None  # the sentence(s) holding the content

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.as_dict() if self.source else None,
            "cue": self.cue.as_dict() if self.cue else None,
            "content": self.content.as_dict(),
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "party": self.party,
            "via": self.via,
            "mode": self.mode,
            "descriptor": asdict(self.descriptor) if self.descriptor else None,
        }


@dataclass
class Position:
    """A party's stance on one issue, as one statement reports it."""

    holder: str
    issue: str
    stance: str
    evidence: Span
    conditions: tuple[str, ...] = ()
    source: str | None = None  # the speaker as named in the text
    source_kind: str = "none"
    source_party: str | None = None
    via: str | None = None
    mode: str = "indirect"  # direct | indirect | relayed | document
    attribution: int | None = None  # index into Analysis.attributions

    def as_dict(self) -> dict[str, Any]:
        return {
            "holder": self.holder,
            "issue": self.issue,
            "stance": self.stance,
            "conditions": list(self.conditions),
            "source": self.source,
            "source_kind": self.source_kind,
            "via": self.via,
            "mode": self.mode,
            "evidence": self.evidence.as_dict(),
        }


@dataclass
class Analysis:
    """Everything talkwatch extracts from one document."""

    document: Document
    attributions: list[Attribution] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc": self.document.id,
            "published": self.document.published,
            "outlet": self.document.outlet,
            "title": self.document.title,
            "kind": self.document.kind,
            "attributions": [a.as_dict() for a in self.attributions],
            "positions": [p.as_dict() for p in self.positions],
            "warnings": list(self.warnings),
        }
