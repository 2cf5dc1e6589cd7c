"""Shared fixtures: the shared-data location, a small profile, an in-memory store."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not present (evaluation data lives beside the project)")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The spaCy English pipeline (skips when the model package is missing)."""
    from talkwatch.nlp.pipeline import ModelMissing, load_nlp

    try:
        return load_nlp()
    except ModelMissing as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def profile():
    from talkwatch.profile import load_profile

    return load_profile()
