"""From stored positions to a status an analyst can trust.

The rules (each tested in tests/test_status.py, written up in docs/status.md):

* **Weight of one statement** = standing × directness × recency.
  - standing: the party's own principal on the record 1.0 > its named officials 0.85 >
    the text's own speaker (transcript, speech, briefing) 0.8 > the party as an institution
    0.7 > a mediator or third party relaying 0.5 > anonymous officials 0.4 > unattributed 0.25.
  - directness: direct quote 1.0 > reported speech 0.8 > relayed (``via``) 0.6.
  - recency: halves every ``HALF_LIFE_DAYS`` days between the statement and the newest
    statement on the same cell (so a stance nobody has restated keeps its confidence, but an
    old stance loses to a newer one; staleness is shown by the cell's last date).
* **Corroboration**: statements are grouped by near-duplicate cluster (syndicated copies
  count once); a stance's score is the sum over clusters of the best statement's weight.
  ``sources`` counts distinct clusters, ``outlets`` distinct outlets.
* **Current stance** of a (party, issue) cell: stances of one family pool their score
  (offer/open/accept; progress/agreed); the best family wins, and its best stance.
* **Confidence** = (1 − e^(−score)) × (score / all scores of the cell): high ≥ 0.6,
  medium ≥ 0.35, else low. One strong on-record statement is medium; corroboration by
  independent outlets and the absence of rival stances make it high.
* **Issue status**: agreed — `talks` or a belligerent reports the issue agreed (or every
  belligerent accepts) and no belligerent currently rejects or doubts it; contested — a
  belligerent rejects or doubts it; converging — agreement or progress reported, or two
  belligerents hold stances of which one is conciliatory (offer/open/accept/progress);
  unclear — else.
* **Changes** since D: the cell's current stance as of D differs from as of the end date.
* **Contradictions**: two sources give incompatible stances for the same cell within
  ``CONTRADICTION_WINDOW_DAYS``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from .model import TALKS
from .profile import Profile

HALF_LIFE_DAYS = 90.0
CONTRADICTION_WINDOW_DAYS = 30
STANDING = {
    "principal": 1.0,
    "official": 0.85,
    "document": 0.8,
    "institutional": 0.7,
    "relay": 0.5,
    "anonymous": 0.4,
    "unattributed": 0.25,
}
DIRECTNESS = {"direct": 1.0, "indirect": 0.8, "mixed": 0.9, "relayed": 0.6, "document": 0.9}
POSITIVE = {"offer", "open", "accept", "agreed", "progress"}
INCOMPATIBLE = {
    frozenset({"accept", "reject"}),
    frozenset({"agreed", "reject"}),
    frozenset({"offer", "reject"}),
    frozenset({"open", "reject"}),
    frozenset({"demand", "reject"}),
    frozenset({"agreed", "doubt"}),
    frozenset({"progress", "doubt"}),
    frozenset({"accept", "no-position"}),
}


@dataclass
class Evidence:
    doc_key: str
    published: str | None
    outlet: str | None
    source: str | None
    source_kind: str
    standing: str
    mode: str
    via: str | None
    stance: str
    conditions: list[str]
    evidence: str
    weight: float
    cluster: str
    title: str | None = None
    url: str | None = None
    ev_start: int = 0
    ev_end: int = 0


@dataclass
class Cell:
    party: str
    issue: str
    stance: str
    confidence: float
    level: str
    score: float
    evidence_count: int
    sources: int
    outlets: int
    conditions: list[str]
    scores: dict[str, float]
    last_date: str | None
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self, with_evidence: bool = False) -> dict[str, Any]:
        out = asdict(self)
        if not with_evidence:
            out.pop("evidence")
        return out


@dataclass
class Board:
    as_of: str | None
    parties: list[str]
    issues: list[str]
    cells: dict[tuple[str, str], Cell]
    issue_status: dict[str, str]

    def as_dict(self, with_evidence: bool = False) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "parties": self.parties,
            "issues": self.issues,
            "cells": [c.as_dict(with_evidence) for c in self.cells.values()],
            "issue_status": self.issue_status,
        }


def _days(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    try:
        return float((date.fromisoformat(b[:10]) - date.fromisoformat(a[:10])).days)
    except ValueError:
        return 0.0


def standing_of(row: dict[str, Any], profile: Profile) -> str:
    """Which standing class a statement's source has relative to the holder."""
    kind = row.get("source_kind") or "none"
    holder = row["holder"]
    if row.get("via"):
        return "relay"
    if kind == "named":
        person = profile.person(row.get("source") or "")
        if person is not None and person.party == holder:
            return "principal" if person.principal else "official"
        if person is not None and holder != TALKS:
            return "relay"
        return "official" if row.get("source_party") in (holder, None) else "relay"
    if kind == "document":
        return "document"
    if kind == "institutional":
        return "institutional"
    if kind == "anonymous":
        return "anonymous"
    if kind == "pronoun":  # a pronoun resolved to an earlier speaker
        return "official"
    return "unattributed"


def weigh(row: dict[str, Any], profile: Profile) -> tuple[float, str]:
    """Standing × directness of one statement (recency is applied per cell)."""
    standing = standing_of(row, profile)
    mode = "relayed" if row.get("via") else (row.get("mode") or "indirect")
    return STANDING[standing] * DIRECTNESS.get(mode, 0.8), standing


def recency(published: str | None, newest: str | None) -> float:
    """Halves every HALF_LIFE_DAYS between a statement and the newest one on its cell."""
    return 0.5 ** (max(0.0, _days(published, newest)) / HALF_LIFE_DAYS)


def _evidence(row: dict[str, Any], profile: Profile) -> Evidence:
    weight, standing = weigh(row, profile)
    return Evidence(
        doc_key=row.get("doc_key") or str(row.get("doc_id")),
        published=row.get("published"),
        outlet=row.get("outlet"),
        source=row.get("source"),
        source_kind=row.get("source_kind") or "none",
        standing=standing,
        mode=row.get("mode") or "indirect",
        via=row.get("via"),
        stance=row["stance"],
        conditions=list(row.get("conditions") or []),
        evidence=row.get("evidence") or "",
        weight=weight,
        cluster=row.get("cluster") or row.get("doc_key") or "",
        title=row.get("title"),
        url=row.get("url"),
        ev_start=int(row.get("ev_start") or 0),
        ev_end=int(row.get("ev_end") or 0),
    )


def level_of(confidence: float) -> str:
    return "high" if confidence >= 0.6 else "medium" if confidence >= 0.35 else "low"


FAMILY = {
    "demand": "demand",
    "offer": "concede", "open": "concede", "accept": "concede",
    "progress": "settle", "agreed": "settle",
    "reject": "refuse",
    "doubt": "doubt",
    "no-position": "no-position",
}


def choose_stance(scores: dict[str, float], latest: dict[str, Any]) -> tuple[str, float, float]:
    """(stance, its family's score, confidence) from per-stance scores.

    Stances that say the same thing to the other side (offer, open, accept: a concession;
    progress, agreed: a settlement) pool their weight, so two sources saying "open to" and
    "offers" are not outvoted by one "demand". The family with the highest pooled score wins;
    within it, the stance with the highest score. Scores compare unrounded (to 1e-9); ties go
    to the most recent, then by name, so status and fastboard choose alike.
    """
    pooled: dict[str, float] = defaultdict(float)
    for stance, score in scores.items():
        pooled[FAMILY.get(stance, stance)] += score

    def rank(s: str) -> tuple[float, Any, str]:
        return (round(scores[s], 9), latest.get(s, ""), s)

    family = max(pooled, key=lambda f: (round(pooled[f], 9), max(rank(s)[1:] for s in scores if FAMILY.get(s, s) == f)))
    stance = max((s for s in scores if FAMILY.get(s, s) == family), key=rank)
    top = pooled[family]
    total = sum(scores.values()) or 1.0
    return stance, top, (1 - math.exp(-top)) * (top / total)


def score_cell(party: str, issue: str, evidence: list[Evidence]) -> Cell:
    """The stance the weighted evidence supports, and how far to trust it."""
    newest = max((ev.published for ev in evidence if ev.published), default=None)
    evidence = [replace(ev, weight=ev.weight * recency(ev.published, newest)) for ev in evidence]
    best: dict[tuple[str, str], float] = {}
    for ev in evidence:
        key = (ev.stance, ev.cluster)
        best[key] = max(best.get(key, 0.0), ev.weight)
    scores: dict[str, float] = defaultdict(float)
    for (stance, _cluster), weight in best.items():
        scores[stance] += weight
    # ties go to the stance seen most recently
    latest: dict[str, str] = {}
    for ev in evidence:
        latest[ev.stance] = max(latest.get(ev.stance, ""), ev.published or "")
    stance, top, confidence = choose_stance(scores, latest)
    support = [ev for ev in evidence if ev.stance == stance]
    conditions = sorted({c for ev in support for c in ev.conditions})
    dates = [ev.published for ev in evidence if ev.published]
    return Cell(
        party=party,
        issue=issue,
        stance=stance,
        confidence=round(confidence, 3),
        level=level_of(confidence),
        score=round(top, 3),
        evidence_count=len(evidence),
        sources=len({ev.cluster for ev in support}),
        outlets=len({ev.outlet for ev in support if ev.outlet}),
        conditions=conditions,
        scores={k: round(v, 3) for k, v in sorted(scores.items())},
        last_date=max(dates) if dates else None,
        evidence=sorted(evidence, key=lambda e: (-e.weight, e.published or "")),
    )


def build_cells(rows: list[dict[str, Any]], profile: Profile) -> dict[tuple[str, str], Cell]:
    grouped: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for row in rows:
        grouped[(row["holder"], row["issue"])].append(_evidence(row, profile))
    return {key: score_cell(key[0], key[1], evs) for key, evs in sorted(grouped.items())}


def issue_status(issue: str, cells: dict[tuple[str, str], Cell], profile: Profile) -> str:
    """agreed / converging / contested / unclear for one issue (rules in the module doc)."""
    belligerents = [p for p, party in profile.parties.items() if party.role == "belligerent"]
    values = [cells[(p, issue)].stance for p in belligerents if (p, issue) in cells]
    joint = cells.get((TALKS, issue))
    refused = any(s in ("reject", "doubt") for s in values)
    reported_agreed = (joint is not None and joint.stance == "agreed") or "agreed" in values or (
        len(values) >= 2 and all(s in ("accept", "agreed") for s in values)
    )
    if reported_agreed and not refused:
        return "agreed"
    if "reject" in values and any(s in ("demand", "offer", "open", "accept", "agreed") for s in values):
        return "contested"
    if refused:
        return "contested"
    if reported_agreed or (joint is not None and joint.stance == "progress"):
        return "converging"
    if len(values) >= 2 and any(s in POSITIVE for s in values):
        return "converging"
    return "unclear"


def build_board(
    store: Any,
    profile: Profile,
    as_of: str | None = None,
    party: str | None = None,
    issue: str | None = None,
) -> Board:
    """The parties × issues board as of a date (all evidence up to and including it)."""
    rows = store.positions(as_of=as_of, issue=issue)  # an issue's status depends on its own cells only
    end = as_of or max((r["published"] for r in rows if r.get("published")), default=None)
    return assemble_board(build_cells(rows, profile), profile, end, party, issue)


def assemble_board(
    cells: dict[tuple[str, str], Cell], profile: Profile, end: str | None, party: str | None, issue: str | None
) -> Board:
    """Issue statuses over all cells, then the cells filtered by party and issue, in profile order."""
    statuses = {i: issue_status(i, cells, profile) for i in sorted({k[1] for k in cells})}
    if party:
        cells = {k: c for k, c in cells.items() if k[0] == party}
    if issue:
        cells = {k: c for k, c in cells.items() if k[1] == issue}
        statuses = {k: v for k, v in statuses.items() if k == issue}
    parties = _ordered([k[0] for k in cells], list(profile.parties) + [TALKS])
    issues = _ordered([k[1] for k in cells], list(profile.issues))
    return Board(as_of=end, parties=parties, issues=issues, cells=cells, issue_status=statuses)


def _ordered(present: list[str], order: list[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(set(present), key=lambda n: (rank.get(n, len(rank)), n))


@dataclass
class Change:
    party: str
    issue: str
    before: str | None
    after: str
    since: str
    as_of: str | None
    evidence: list[Evidence]


def changes_since(
    store: Any, profile: Profile, since: str, as_of: str | None = None, party: str | None = None
) -> list[Change]:
    """Cells whose current stance differs between ``since`` and ``as_of`` (or now)."""
    before = build_board(store, profile, as_of=since, party=party).cells
    after_board = build_board(store, profile, as_of=as_of, party=party)
    out = []
    for key, cell in after_board.cells.items():
        old = before.get(key)
        if old is not None and old.stance == cell.stance:
            continue
        new_ev = [e for e in cell.evidence if (e.published or "") > since and e.stance == cell.stance]
        if old is None and not new_ev:
            continue
        out.append(
            Change(
                party=key[0], issue=key[1], before=old.stance if old else None, after=cell.stance,
                since=since, as_of=after_board.as_of, evidence=new_ev[:3] or cell.evidence[:1],
            )
        )
    return out


@dataclass
class Contradiction:
    party: str
    issue: str
    a: Evidence
    b: Evidence


def contradictions(
    store: Any, profile: Profile, as_of: str | None = None, party: str | None = None,
    issue: str | None = None, window_days: int = CONTRADICTION_WINDOW_DAYS,
) -> list[Contradiction]:
    """Pairs of statements from different sources giving incompatible stances for one cell."""
    rows = store.positions(as_of=as_of, holder=party, issue=issue)
    cells = build_cells(rows, profile)
    out = []
    for (p, i), cell in cells.items():
        evs = sorted(cell.evidence, key=lambda e: e.published or "")
        seen: set[tuple[str, str]] = set()
        for x, a in enumerate(evs):
            for b in evs[x + 1 :]:
                if _days(a.published, b.published) > window_days:
                    break
                if frozenset({a.stance, b.stance}) not in INCOMPATIBLE:
                    continue
                if a.cluster == b.cluster or (a.source and a.source == b.source):
                    continue
                pair = (a.stance, b.stance)
                if pair in seen:
                    continue
                seen.add(pair)
                out.append(Contradiction(party=p, issue=i, a=a, b=b))
    return out
