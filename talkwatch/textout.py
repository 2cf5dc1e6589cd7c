"""Plain-text renderings of boards, evidence, changes and quotes for the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from .profile import Profile
from .status import Board, Cell, Change, Contradiction, Evidence

STATUS_MARK = {"agreed": "✔ agreed", "converging": "↗ converging", "contested": "✖ contested", "unclear": "? unclear"}


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_board(board: Board, profile: Profile) -> str:
    if not board.cells:
        return "No positions stored" + (f" as of {board.as_of}" if board.as_of else "") + "; run `talkwatch ingest` first."
    lines = [f"talkwatch — {profile.name} — status as of {board.as_of or 'all dates'}", ""]
    for issue in board.issues:
        label = profile.issues[issue].label if issue in profile.issues else issue
        status = board.issue_status.get(issue, "unclear")
        head = _short(f"{issue} — {label}", 76)
        lines.append(head.ljust(78) + STATUS_MARK.get(status, status))
        for party in board.parties:
            cell = board.cells.get((party, issue))
            if cell is None:
                continue
            cond = f"  if: {', '.join(cell.conditions)}" if cell.conditions else ""
            lines.append(
                f"    {party:22} {cell.stance:11} {cell.level:6} {cell.confidence:4.2f}  "
                f"{cell.evidence_count:3} statements  {cell.sources:2} source(s)  last {cell.last_date or '?'}{cond}"
            )
        lines.append("")
    lines.append("Cells: party, current stance, confidence, statements, independent sources, latest date.")
    lines.append("See the statements behind a cell: talkwatch evidence PARTY ISSUE")
    return "\n".join(lines)


def _evidence_line(ev: Evidence) -> list[str]:
    who = ev.source or "unattributed"
    via = f" relaying {ev.via}" if ev.via else ""
    head = (f"  {ev.published or '????-??-??'}  {ev.stance:11} w={ev.weight:.2f}  {who}{via} "
            f"[{ev.source_kind}, {ev.standing}, {ev.mode}]  {ev.outlet or ''}  ({ev.doc_key})")
    body = textwrap.fill(_short(ev.evidence, 400), width=100, initial_indent="      “", subsequent_indent="       ")
    return [head, body + "”"]


def format_evidence(cell: Cell) -> str:
    lines = [
        f"{cell.party} × {cell.issue}: {cell.stance} ({cell.level} confidence {cell.confidence:.2f}; "
        f"{cell.evidence_count} statements, {cell.sources} independent source(s), {cell.outlets} outlet(s))",
        "  stance scores: " + ", ".join(f"{k} {v:.2f}" for k, v in cell.scores.items()),
    ]
    if cell.conditions:
        lines.append(f"  conditions: {', '.join(cell.conditions)}")
    for ev in cell.evidence:
        lines.extend(_evidence_line(ev))
    return "\n".join(lines)


def format_changes(changes: list[Change], since: str) -> str:
    """Changed stances first (a withdrawn demand shows as ``demand → …``), then new cells."""
    if not changes:
        return f"No stance changed since {since}."
    changed = [c for c in changes if c.before is not None]
    new = [c for c in changes if c.before is None]
    lines = [f"Since {since}: {len(changed)} stance(s) changed, {len(new)} new party × issue position(s)."]
    withdrawn = [c for c in changed if c.before == "demand"]
    if withdrawn:
        lines.append("Demands no longer the current stance: " + ", ".join(f"{c.party} × {c.issue}" for c in withdrawn))
    for title, group in (("Changed", changed), ("New", new)):
        if not group:
            continue
        lines.append(f"{title}:")
        for ch in group:
            lines.append(f"- {ch.party} × {ch.issue}: {ch.before or '(no stance)'} → {ch.after}")
            for ev in ch.evidence[:2]:
                lines.extend(_evidence_line(ev))
    return "\n".join(lines)


def format_contradictions(found: list[Contradiction]) -> str:
    if not found:
        return "No contradictions found."
    lines = [f"{len(found)} contradiction(s):"]
    for c in found:
        lines.append(f"- {c.party} × {c.issue}: {c.a.stance} vs {c.b.stance}")
        lines.extend(_evidence_line(c.a))
        lines.extend(_evidence_line(c.b))
    return "\n".join(lines)


def format_statements(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No matching statements."
    lines = []
    for r in rows:
        cond = f" if {', '.join(r['conditions'])}" if r.get("conditions") else ""
        via = f" relaying {r['via']}" if r.get("via") else ""
        lines.append(f"{r.get('published') or '????-??-??'}  {r['holder']:16} {r['stance']:11} {r['issue']:20}{cond}"
                     f"  — {r.get('source') or 'unattributed'}{via} ({r.get('outlet') or r.get('doc_key')})")
        lines.append(f"      “{_short(r.get('evidence') or '', 160)}”")
    return "\n".join(lines)


def format_quotes(doc: dict[str, Any]) -> str:
    lines = [f"{doc.get('title') or doc.get('doc_key')}  ({doc.get('published') or 'undated'})"]
    for a in doc.get("attributions", []):
        speaker = a.get("speaker") or "?"
        party = f" [{a['party']}]" if a.get("party") else ""
        via = f" relaying {a['via']}" if a.get("via") else ""
        cue = a.get("cue_text") or ""
        lines.append(f"- {speaker}{party}{via} ({a.get('speaker_kind')}, {a.get('mode')}, cue: {cue})")
        lines.append(f"    “{_short(a.get('content_text') or '', 200)}”")
    if not doc.get("attributions"):
        lines.append("(no attributed statements found)")
    return "\n".join(lines)


def format_links(items: list[dict[str, Any]]) -> str:
    """Linked positions (``questions.linked_items``) as 'holder: stance ISSUE if CONDITIONS'."""
    if not items:
        return "No conditional or linked positions found."
    lines = [f"{len(items)} linked position(s):"]
    for x in items:
        lines.append(f"- {x['holder']}: {x['stance']} {x['issue']} if {', '.join(x['conditions'])}  "
                     f"({x['statements']} statement(s), first {x.get('date') or '?'}, {x.get('source') or 'unattributed'})")
        lines.append(f"      “{_short(x.get('evidence') or '', 160)}”")
    return "\n".join(lines)


def format_brief(a: dict[str, Any]) -> str:
    """The six questions, one section each."""
    out = [f"Brief as of {a['as_of']} (changes since {a['since']})", ""]
    out.append("1. Demands withdrawn or changed since " + a["since"])
    for d in a["demands"]:
        changed = ", ".join(f"{w['issue']} (now {w['now']})" for w in d["withdrawn_or_changed"]) or "none"
        out.append(f"   {d['party']}: demands then: {', '.join(d['demands_then']) or 'none'}; "
                   f"withdrawn or changed: {changed}; new demands: {', '.join(d['new_demands']) or 'none'}")
    out.append("2. Concessions considered, with conditions")
    for party, items in a["concessions"].items():
        for c in items:
            cond = f" if {', '.join(c['conditions'])}" if c["conditions"] else ""
            out.append(f"   {party}: {c['stance']} {c['issue']}{cond} ({c['statements']} statement(s), last {c['last']})")
    out.append("3. Progress reported")
    for p in a["progress"]:
        out.append(f"   {p['issue']}: {'/'.join(p['stances'])} — reported by {', '.join(p['reported_by'][:4])}"
                   f" (last {p['last']})")
    out.append("4. Who says so, and contradictions (contested issues)")
    for s in a["sourcing"]:
        cell = s["cell"] or {}
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(s["by_standing"].items()))
        out.append(f"   {s['party']} × {s['issue']}: {cell.get('stance')} ({cell.get('level')}); sources: {kinds}; "
                   f"{len(s['contradictions'])} contradiction(s)")
    out.append("5. Outside parties")
    for c in a["outside"]["cells"]:
        out.append(f"   {c['party']}: {c['stance']} {c['issue']} ({c['level']})")
    for d in a["outside"]["declines"]:
        out.append(f"   declines: {d['holder']} on {d['issue']} — {d['source'] or 'unattributed'} ({d['date']})")
    out.append("6. Linked or sequenced items")
    for link in a["linked"]:
        out.append(f"   {link['holder']}: {link['stance']} {link['issue']} if {', '.join(link['conditions'])}")
    return "\n".join(out)
