"""The dashboard: FastAPI, each page also served as JSON under /api (one context, two renderings).

Bound to 127.0.0.1 by default. Every parameter error is a 4xx with a message; article text
is escaped by Jinja's autoescaping everywhere.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote

import hmac
import os
from typing import Literal

from fastapi import FastAPI, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from .. import views
from ..errors import NotFound, QueryError, StoreError
from ..profile import Profile, load_profile
from ..store import Store
from .render import environment, timeline


def web_link(kind: str, *parts: str) -> str:
    """URL of a page: link('cell', 'russia', 'neutrality') → /cell/russia/neutrality."""
    if kind == "index":
        return "/"
    if kind == "doc":
        return "/doc?key=" + quote(parts[0], safe="")
    return "/" + "/".join([kind, *(quote(p, safe="") for p in parts)])


class DocumentIn(BaseModel):
    """A document posted to /api/documents (the JSONL record shape)."""

    id: str = Field(..., min_length=1, max_length=500)
    text: str = Field(..., min_length=1, max_length=20_000_000)
    published: str | None = Field(None, max_length=40)
    outlet: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=2000)
    kind: Literal["news", "transcript", "briefing", "speech", "statement"] = "news"
    speaker: str | None = Field(None, max_length=500)


def create_app(db: str, profile: Profile | None = None, write_token: str | None = None) -> FastAPI:
    """The app over one database (opened read-only per request thread).

    Writing (POST /api/documents) is off unless a token is configured, by argument or the
    TALKWATCH_WRITE_TOKEN environment variable; requests then need ``Authorization: Bearer TOKEN``.
    """
    profile = profile or load_profile()
    token = write_token if write_token is not None else os.environ.get("TALKWATCH_WRITE_TOKEN") or None
    write_lock = threading.Lock()
    env = environment()
    app = FastAPI(title="talkwatch", version="0.1.0",
                  description="Where a negotiation stands: parties × issues, with evidence.")

    local = threading.local()

    def store() -> Store:
        """One read-only connection per server thread (WAL: reads go on while ingest writes)."""
        if getattr(local, "store", None) is None:
            local.store = Store(db, readonly=True)
        return local.store

    def page(template: str, ctx: dict[str, Any], **extra: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            ctx=ctx, link=web_link, static=False, root="/", profile_name=profile.name,
            default_since=extra.pop("default_since", None), **extra)
        return HTMLResponse(html)

    @app.exception_handler(QueryError)
    async def bad_query(_request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404 if isinstance(exc, NotFound) else 400)

    @app.exception_handler(StoreError)
    async def bad_store(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    # -- board -------------------------------------------------------------------------
    @app.get("/api/status", summary="The board as of a date")
    def api_status(as_of: str | None = None, party: str | None = None, issue: str | None = None) -> dict[str, Any]:
        return views.board_context(store(), profile, as_of, party, issue)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def board(as_of: str | None = None, party: str | None = None, issue: str | None = None) -> HTMLResponse:
        return page("board.html", views.board_context(store(), profile, as_of, party, issue))

    @app.get("/index.html", response_class=HTMLResponse, include_in_schema=False)
    def board_alias(as_of: str | None = None) -> HTMLResponse:
        return board(as_of)

    # -- cell evidence -------------------------------------------------------------------
    @app.get("/api/evidence/{party}/{issue}", summary="The statements behind one cell")
    def api_cell(party: str, issue: str, as_of: str | None = None) -> dict[str, Any]:
        return views.evidence_context(store(), profile, party, issue, as_of)

    @app.get("/cell/{party}/{issue}", response_class=HTMLResponse, include_in_schema=False)
    def cell(party: str, issue: str, as_of: str | None = None) -> HTMLResponse:
        return page("cell.html", views.evidence_context(store(), profile, party, issue, as_of))

    # -- issue -----------------------------------------------------------------------------
    @app.get("/api/issues/{issue}", summary="One issue: stances, timeline, evidence, changes, contradictions")
    def api_issue(issue: str, as_of: str | None = None) -> dict[str, Any]:
        return views.issue_context(store(), profile, issue, as_of)

    @app.get("/issue/{issue}", response_class=HTMLResponse, include_in_schema=False)
    def issue_page(issue: str, as_of: str | None = None) -> HTMLResponse:
        ctx = views.issue_context(store(), profile, issue, as_of)
        parties = [c["party"] for c in ctx["cells"]]
        return page("issue.html", ctx, tl=timeline(ctx["timeline"], parties))

    # -- party -----------------------------------------------------------------------------
    @app.get("/api/parties/{party}", summary="One party's stances and statements")
    def api_party(party: str, as_of: str | None = None) -> dict[str, Any]:
        return views.party_context(store(), profile, party, as_of)

    @app.get("/party/{party}", response_class=HTMLResponse, include_in_schema=False)
    def party_page(party: str, as_of: str | None = None) -> HTMLResponse:
        return page("party.html", views.party_context(store(), profile, party, as_of))

    # -- documents -------------------------------------------------------------------------
    @app.get("/api/document", summary="One document with its attributions and positions")
    def api_document(key: str = Query(..., max_length=500)) -> dict[str, Any]:
        return views.document_context(store(), key)

    @app.get("/doc", response_class=HTMLResponse, include_in_schema=False)
    def document_page(key: str = Query(..., max_length=500)) -> HTMLResponse:
        return page("document.html", views.document_context(store(), key))

    @app.get("/api/documents", summary="Stored documents")
    def api_documents(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=2**62)) -> list[dict[str, Any]]:
        return store().documents(limit=limit, offset=offset)

    # -- changes and search ------------------------------------------------------------------
    @app.get("/api/changes", summary="Stance changes since a date")
    def api_changes(since: str, as_of: str | None = None, party: str | None = None) -> dict[str, Any]:
        return views.changes_context(store(), profile, since, as_of, party)

    @app.get("/changes", response_class=HTMLResponse, include_in_schema=False)
    def changes_page(since: str | None = None, as_of: str | None = None) -> HTMLResponse:
        first = store().conn.execute("SELECT MIN(published) FROM documents").fetchone()[0]
        return page("changes.html", views.changes_context(store(), profile, since or first or "2000-01-01", as_of))

    @app.get("/api/search", summary="Search attributed statements and speakers")
    def api_search(q: str = Query("", max_length=200)) -> dict[str, Any]:
        return views.search_context(store(), q)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = Query("", max_length=200)) -> HTMLResponse:
        return page("search.html", views.search_context(store(), q))

    # -- the one writing endpoint ----------------------------------------------------------
    @app.post("/api/documents", status_code=201, summary="Add one document (needs the write token)")
    def api_add_document(record: DocumentIn, authorization: str | None = Header(None)) -> dict[str, Any]:
        if not token:
            return JSONResponse({"detail": "writing is disabled; set TALKWATCH_WRITE_TOKEN on the server"}, status_code=403)  # type: ignore[return-value]
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return JSONResponse({"detail": "missing or wrong token; send Authorization: Bearer TOKEN"}, status_code=401)  # type: ignore[return-value]
        from ..ingest import ingest_documents
        from ..ingest.readers import FieldMap, InputError, record_to_document

        try:
            doc = record_to_document(record.model_dump(), f"request {record.id}", "api", FieldMap())
        except InputError as exc:
            raise QueryError(str(exc))
        with write_lock:
            writer = Store(db)
            try:
                report = ingest_documents([doc], writer, profile)
            finally:
                writer.close()
        return {"stored": report.stored, "duplicates": report.duplicates,
                "attributions": report.attributions, "positions": report.positions}

    return app
