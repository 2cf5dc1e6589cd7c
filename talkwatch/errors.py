"""talkwatch's exceptions, in one place.

TalkwatchError
├── ProfileError   a negotiation profile cannot be read or is invalid
├── InputError     one input file or record cannot be read (the batch goes on)
├── StoreError     the database cannot be opened or is of an unknown schema
└── QueryError     a query has a malformed parameter (a bad date, too long a text)
    └── NotFound   a query names a party, issue or document that does not exist

Only the CLI and the web layer turn these into user messages. Each message is one line
that names the file (or key) and says what to do.
"""

from __future__ import annotations


class TalkwatchError(Exception):
    """Base class of every error talkwatch raises on purpose."""


class ProfileError(TalkwatchError):
    """A negotiation profile is missing, not YAML, or fails validation."""


class InputError(TalkwatchError):
    """One input cannot be read; carries the path so a batch can report it and go on."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


class StoreError(TalkwatchError):
    """The SQLite store cannot be opened, or was written by a newer talkwatch."""


class QueryError(TalkwatchError):
    """A query parameter is invalid (unknown party or issue, malformed date)."""


class NotFound(QueryError):
    """A query names a party, issue or document that does not exist (HTTP 404)."""
