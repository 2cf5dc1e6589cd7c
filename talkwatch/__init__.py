"""talkwatch: where a negotiation stands — who demands, offers, accepts or rejects what.

The library API::

    from talkwatch import analyze, load_profile, Store, ingest, build_board
    analysis = analyze("Peskov said Moscow would never accept ...", published="2022-03-01")
    store = Store("talkwatch.db")
    ingest(["demo/"], store, load_profile())
    board = build_board(store, load_profile(), as_of="2022-04-01")
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError, NotFound, ProfileError, QueryError, StoreError, TalkwatchError
from .extract import analyze, analyze_doc, analyze_stream
from .ingest import ingest
from .model import Analysis, Attribution, Document, Position, Span
from .profile import Profile, load_profile
from .status import build_board, changes_since, contradictions
from .store import Store

__all__ = [
    "Analysis", "Attribution", "Document", "InputError", "NotFound", "Position", "Profile", "ProfileError",
    "QueryError", "Span", "Store", "StoreError", "TalkwatchError", "analyze", "analyze_doc",
    "analyze_stream", "build_board", "changes_since", "contradictions", "ingest", "load_profile",
]
