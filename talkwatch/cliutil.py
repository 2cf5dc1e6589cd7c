"""Shared pieces of the command-line adapters (``talkwatch.cli`` and ``talkwatch.cli_scale``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from .errors import TalkwatchError

DEFAULT_DB = "talkwatch.db"


def fail_cleanly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a TalkwatchError into one line on stderr and exit code 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TalkwatchError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper


def print_ingest_report(report: Any, store: Any, db: str) -> None:
    """Errors and notes on stderr, the summary and the store's counts on stdout; exit 1 when
    any input failed (everything valid is stored)."""
    for line in report.errors:
        click.echo(f"error: {line}", err=True)
    for line in report.notices:
        click.echo(f"note: {line}", err=True)
    counts = store.counts()
    click.echo(report.summary())
    click.echo(f"{db}: {counts['documents']} documents ({counts['clusters']} distinct stories), "
               f"{counts['attributions']} attributions, {counts['positions']} positions")
    if report.errors:
        sys.exit(1)
