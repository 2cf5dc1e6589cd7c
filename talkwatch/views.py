"""View contexts: one data structure per page, rendered as HTML or returned as JSON.

The web app, its REST API and the static report all call these functions, so the three
can never disagree.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from .errors import NotFound, QueryError
from .fastboard import quick_board
from .model import STANCES, TALKS
from .profile import Profile
from .status import build_board, changes_since, contradictions
from .store import Store

STANCE_COLOURS = {
    "demand": "#c0392b",
    "reject": "#7b241c",
    "offer": "#2e86c1",
    "open": "#76b7e0",
    "accept": "#1e8449",
    "agreed": "#145a32",
    "progress": "#52be80",
    "no-position": "#95a5a6",
    "doubt": "#d68910",
}


def check_date(value: str | None, name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise QueryError(f"{name} '{value}' is not a date; use YYYY-MM-DD")


def check_party(profile: Profile, party: str | None) -> str | None:
    if party and not profile.is_party(party):
        raise NotFound(f"unknown party '{party}'")
    return party or None


def check_issue(profile: Profile, issue: str | None) -> str | None:
    if issue and issue not in profile.issues:
        raise NotFound(f"unknown issue '{issue}'")
    return issue or None


def party_label(profile: Profile, party: str) -> str:
    if party == TALKS:
        return "Both sides (talks)"
    return profile.parties[party].label if party in profile.parties else party


def board_context(store: Store, profile: Profile, as_of: str | None = None,
                  party: str | None = None, issue: str | None = None) -> dict[str, Any]:
    as_of = check_date(as_of, "as_of")
    board = quick_board(store, profile, as_of, check_party(profile, party), check_issue(profile, issue))
    first, last = store.conn.execute("SELECT MIN(published), MAX(published) FROM documents").fetchone()
    return {
        "profile": {"id": profile.id, "name": profile.name},
        "as_of": board.as_of,
        "requested_as_of": as_of,
        "dates": {"first": first, "last": last},
        "parties": [{"id": p, "label": party_label(profile, p)} for p in board.parties],
        "issues": [
            {"id": i, "label": profile.issues[i].label if i in profile.issues else i,
             "status": board.issue_status.get(i, "unclear")}
            for i in board.issues
        ],
        "cells": [c.as_dict() for c in board.cells.values()],
        "counts": store.counts(),
        "stances": list(STANCES),
    }


def evidence_context(store: Store, profile: Profile, party: str, issue: str,
                     as_of: str | None = None) -> dict[str, Any]:
    check_party(profile, party)
    check_issue(profile, issue)
    board = build_board(store, profile, check_date(as_of, "as_of"), party, issue)
    cell = board.cells.get((party, issue))
    data = cell.as_dict(with_evidence=True) if cell else None
    if data:
        mark_evidence(store, data["evidence"])
    return {
        "party": {"id": party, "label": party_label(profile, party)},
        "issue": {"id": issue, "label": profile.issues[issue].label},
        "as_of": board.as_of,
        "cell": data,
    }


def issue_context(store: Store, profile: Profile, issue: str, as_of: str | None = None) -> dict[str, Any]:
    check_issue(profile, issue)
    as_of = check_date(as_of, "as_of")
    board = build_board(store, profile, as_of, None, issue)
    rows = store.positions(as_of=as_of, issue=issue)
    cells = [c.as_dict(with_evidence=False) for c in board.cells.values()]
    first = rows[0]["published"] if rows else None
    found_changes = changes_since(store, profile, first, as_of) if first else []
    return {
        "issue": {"id": issue, "label": profile.issues[issue].label,
                  "status": board.issue_status.get(issue, "unclear")},
        "as_of": board.as_of,
        "cells": cells,
        "timeline": [
            {"party": r["holder"], "date": r["published"], "stance": r["stance"], "source": r["source"],
             "doc_key": r["doc_key"]}
            for r in rows if r.get("published")
        ],
        "evidence": mark_evidence(store, [_statement(r) for r in reversed(rows)]),
        "changes": [asdict(c) for c in found_changes if c.issue == issue],
        "contradictions": [asdict(c) for c in contradictions(store, profile, as_of, None, issue)],
    }


def party_context(store: Store, profile: Profile, party: str, as_of: str | None = None) -> dict[str, Any]:
    check_party(profile, party)
    as_of = check_date(as_of, "as_of")
    board = build_board(store, profile, as_of, party, None)
    info = profile.parties.get(party)
    return {
        "party": {"id": party, "label": party_label(profile, party), "role": info.role if info else "joint",
                  "people": [{"name": p.name, "role": p.role, "principal": p.principal} for p in info.people] if info else []},
        "as_of": board.as_of,
        "cells": [c.as_dict() for c in board.cells.values()],
        "statements": mark_evidence(store, [_statement(r) for r in reversed(store.positions(as_of=as_of, holder=party))][:200]),
    }


def document_context(store: Store, key: str) -> dict[str, Any]:
    doc = store.document(key)
    if doc is None:
        raise NotFound(f"no document '{key}'")
    doc["segments"] = segments(doc["text"], doc["attributions"])
    return doc


def segments(text: str, attributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into plain, source, cue and content pieces for highlighting."""
    marks: list[tuple[int, int, str, int]] = []
    for i, a in enumerate(attributions):
        for role in ("source", "cue", "content"):
            start, end = a.get(f"{role}_start"), a.get(f"{role}_end")
            if start is not None and end is not None and 0 <= start < end <= len(text):
                marks.append((start, end, role, i))
    marks.sort()
    out: list[dict[str, Any]] = []
    pos = 0
    for start, end, role, i in marks:
        if start < pos:  # overlapping marks: keep the first
            continue
        if start > pos:
            out.append({"text": text[pos:start], "role": None, "attribution": None})
        out.append({"text": text[start:end], "role": role, "attribution": i})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:], "role": None, "attribution": None})
    return out


def changes_context(store: Store, profile: Profile, since: str, as_of: str | None = None,
                    party: str | None = None) -> dict[str, Any]:
    since_d = check_date(since, "since")
    if since_d is None:
        raise QueryError("since is required (YYYY-MM-DD)")
    found = changes_since(store, profile, since_d, check_date(as_of, "as_of"), check_party(profile, party))
    return {"since": since_d, "as_of": as_of, "changes": [asdict(c) for c in found]}


def search_context(store: Store, query: str, limit: int = 100) -> dict[str, Any]:
    query = (query or "").strip()
    if not query:
        return {"query": "", "results": []}
    if len(query) > 200:
        raise QueryError("query is longer than 200 characters")
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = store.conn.execute(
        """SELECT d.doc_key, d.published, d.outlet, a.speaker, a.speaker_kind, a.party, a.content_text
           FROM attributions a JOIN documents d ON d.id = a.doc_id
           WHERE a.content_text LIKE ? ESCAPE '\\' OR a.speaker LIKE ? ESCAPE '\\'
           ORDER BY d.published DESC LIMIT ?""",
        (like, like, limit),
    ).fetchall()
    return {"query": query, "results": [dict(r) for r in rows]}


def _statement(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": r.get("published"), "holder": r["holder"], "issue": r["issue"], "stance": r["stance"],
        "conditions": r.get("conditions") or [], "source": r.get("source"), "source_kind": r.get("source_kind"),
        "via": r.get("via"), "mode": r.get("mode"), "outlet": r.get("outlet"), "doc_key": r.get("doc_key"),
        "evidence": r.get("evidence"), "url": r.get("url"),
        "ev_start": r.get("ev_start"), "ev_end": r.get("ev_end"),
    }


def mark_evidence(store: Store, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``marked``: the evidence sentence cut into plain, source, cue and content pieces,
    from the attributions of its document that overlap it."""
    for item in items:
        start, end, text = item.get("ev_start"), item.get("ev_end"), item.get("evidence") or ""
        if start is None or end is None or end - start != len(text):
            continue
        rows = store.conn.execute(
            """SELECT a.source_start, a.source_end, a.cue_start, a.cue_end, a.content_start, a.content_end
               FROM attributions a JOIN documents d ON d.id = a.doc_id
               WHERE d.doc_key = ? AND a.content_end > ? AND a.content_start < ?
                 AND a.content_start >= ? - 2000 ORDER BY a.idx""",
            (item.get("doc_key"), start, end, start),
        ).fetchall()
        clipped = []
        for row in rows:
            att: dict[str, Any] = {}
            for role in ("source", "cue", "content"):
                a, b = row[f"{role}_start"], row[f"{role}_end"]
                if a is not None and b is not None and b > start and a < end:
                    att[f"{role}_start"], att[f"{role}_end"] = max(a, start) - start, min(b, end) - start
            clipped.append(att)
        item["marked"] = segments(text, clipped)
    return items
