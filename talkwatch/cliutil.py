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
