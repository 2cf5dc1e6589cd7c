"""``talkwatch report --out DIR``: the board, issue, cell, party and document pages as
static HTML files that open from disk with no server (relative links only)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from .. import views
from ..profile import Profile
from ..store import Store
from ..web.render import environment, timeline


def _safe(name: str) -> str:
    """A file-name-safe slug; never lets a key climb out of the report folder."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:60] or "x"
    return f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"


def static_link(kind: str, *parts: str) -> str:
    if kind == "index":
        return "index.html"
    return f"{kind}-{'-'.join(_safe(p) for p in parts)}.html"


def write_report(store: Store, profile: Profile, out: str | Path, as_of: str | None = None) -> list[Path]:
    """Write every page; returns the files written."""
    env = environment()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def emit(name: str, template: str, ctx: dict[str, Any], **extra: Any) -> None:
        html = env.get_template(template).render(ctx=ctx, link=static_link, static=True, root="",
                                                 profile_name=profile.name, **extra)
        path = folder / name
        path.write_text(html, encoding="utf-8")
        written.append(path)

    board = views.board_context(store, profile, as_of)
    emit("index.html", "board.html", board)
    for cell in board["cells"]:
        emit(static_link("cell", cell["party"], cell["issue"]), "cell.html",
             views.evidence_context(store, profile, cell["party"], cell["issue"], as_of))
    for issue in board["issues"]:
        ctx = views.issue_context(store, profile, issue["id"], as_of)
        emit(static_link("issue", issue["id"]), "issue.html", ctx,
             tl=timeline(ctx["timeline"], [c["party"] for c in ctx["cells"]]))
    for party in board["parties"]:
        emit(static_link("party", party["id"]), "party.html", views.party_context(store, profile, party["id"], as_of))
    for row in store.conn.execute("SELECT doc_key FROM documents ORDER BY id"):
        emit(static_link("doc", row["doc_key"]), "document.html", views.document_context(store, row["doc_key"]))
    return written
