"""The six analyst questions of the design, each answered from the store with evidence.

1. ``demand_changes``  — has a party withdrawn or changed its demands since a date?
2. ``concessions``     — what is a party ready to consider, and under what conditions?
3. ``progress``        — on which issues is progress reported, and by whom?
4. ``sourcing``        — who said it (on the record, anonymous, relayed), how far to trust it,
                         and where sources contradict each other?
5. ``outside_parties`` — where do mediators and allies stand, and who declines a position?
6. ``linked_items``    — which items are linked or sequenced (held on condition of others)?

Each returns plain data; ``talkwatch brief`` prints all six.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from .model import TALKS
from .profile import Profile
from .status import build_board, changes_since, contradictions

CONCILIATORY = ("open", "offer", "accept")


def demand_changes(store: Any, profile: Profile, party: str, since: str, as_of: str | None = None) -> dict[str, Any]:
    """The party's demands at ``since``, which of them are no longer its stance, and new demands."""
    before = build_board(store, profile, as_of=since, party=party).cells
    after = build_board(store, profile, as_of=as_of, party=party).cells
    demands_then = sorted(issue for (_, issue), cell in before.items() if cell.stance == "demand")
    withdrawn = [
        {"issue": issue, "now": after[(party, issue)].stance}
        for issue in demands_then
        if (party, issue) in after and after[(party, issue)].stance != "demand"
    ]
    new = sorted(issue for (_, issue), cell in after.items()
                 if cell.stance == "demand" and issue not in demands_then)
    return {
        "party": party, "since": since, "demands_then": demands_then, "withdrawn_or_changed": withdrawn,
        "new_demands": new, "kept": [i for i in demands_then if i not in {w["issue"] for w in withdrawn}],
        "changes": [asdict(c) for c in changes_since(store, profile, since, as_of, party)],
    }


def concessions(store: Any, profile: Profile, party: str, as_of: str | None = None) -> list[dict[str, Any]]:
    """Issues the party offers, is open to or accepts, with the conditions it attaches."""
    rows = [r for r in store.positions(as_of=as_of, holder=party) if r["stance"] in CONCILIATORY]
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        grouped[(r["issue"], r["stance"])].append(r)
    out = []
    for (issue, stance), items in sorted(grouped.items()):
        out.append({
            "issue": issue, "stance": stance,
            "conditions": sorted({c for r in items for c in r.get("conditions") or []}),
            "statements": len(items), "first": items[0].get("published"), "last": items[-1].get("published"),
            "sources": sorted({r.get("source") or "unattributed" for r in items}),
            "evidence": items[-1].get("evidence"),
        })
    return out


def progress(store: Any, profile: Profile, as_of: str | None = None) -> list[dict[str, Any]]:
    """Issues on which progress or agreement is reported, with who reports it."""
    rows = [r for r in store.positions(as_of=as_of) if r["stance"] in ("progress", "agreed")]
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        grouped[r["issue"]].append(r)
    return [
        {
            "issue": issue,
            "stances": sorted({r["stance"] for r in items}),
            "reported_by": sorted({r.get("source") or "unattributed" for r in items}),
            "holders": sorted({r["holder"] for r in items}),
            "last": max((r.get("published") or "" for r in items), default=None),
            "statements": len(items),
        }
        for issue, items in sorted(grouped.items())
    ]


def sourcing(store: Any, profile: Profile, party: str, issue: str, as_of: str | None = None) -> dict[str, Any]:
    """The cell's evidence by kind of source, with its confidence and any contradictions."""
    board = build_board(store, profile, as_of, party, issue)
    cell = board.cells.get((party, issue))
    kinds: dict[str, int] = defaultdict(int)
    for ev in cell.evidence if cell else []:
        kinds["relayed" if ev.via else ev.standing] += 1
    return {
        "party": party, "issue": issue,
        "cell": cell.as_dict(with_evidence=True) if cell else None,
        "by_standing": dict(kinds),
        "contradictions": [asdict(c) for c in contradictions(store, profile, as_of, party, issue)],
    }


def outside_parties(store: Any, profile: Profile, as_of: str | None = None) -> dict[str, Any]:
    """Stances of the non-belligerent parties, and who explicitly declines to take a position."""
    board = build_board(store, profile, as_of)
    outside = {p for p, party in profile.parties.items() if party.role != "belligerent"}
    cells = [c.as_dict() for (p, _), c in board.cells.items() if p in outside]
    declines = [
        {"holder": r["holder"], "issue": r["issue"], "source": r.get("source"), "date": r.get("published"),
         "evidence": r.get("evidence")}
        for r in store.positions(as_of=as_of) if r["stance"] == "no-position"
    ]
    return {"cells": cells, "declines": declines}


def linked_items(
    store: Any, profile: Profile, as_of: str | None = None, party: str | None = None, *, declared: bool = True
) -> list[dict[str, Any]]:
    """Positions held on condition of other issues, one entry per (holder, stance, issue,
    conditions) with its first statement and how many statements hold it; with ``declared``,
    also the links the profile declares (``linked_issues``)."""
    groups: dict[tuple[str, str, str, tuple[str, ...]], dict[str, Any]] = {}
    for r in store.positions(as_of=as_of, holder=party):
        conditions = tuple(r.get("conditions") or ())
        if not conditions:
            continue
        key = (r["holder"], r["stance"], r["issue"], conditions)
        if key in groups:
            groups[key]["statements"] += 1
            continue
        groups[key] = {"holder": r["holder"], "stance": r["stance"], "issue": r["issue"],
                       "conditions": list(conditions), "source": r.get("source"), "date": r.get("published"),
                       "evidence": r.get("evidence"), "statements": 1}
    out = list(groups.values())
    if declared and party in (None, TALKS):
        for issue, others in profile.linked_issues.items():
            out.append({"holder": TALKS, "stance": "linked", "issue": issue, "conditions": list(others),
                        "source": "profile", "date": None, "evidence": None, "statements": 0})
    return out
