"""Concurrency: the dashboard and the CLI read while an ingest writes (WAL).

One `talkwatch ingest` subprocess writes a generated corpus; meanwhile, in this process,
the FastAPI app (TestClient, no network) and `talkwatch status --json` (CliRunner) read
in a bounded loop. No read fails, none reports "database is locked", and the document
count readers see only grows. Two ingests of the same corpus at once store each document
once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkwatch.cli import main
from talkwatch.store import Store

from test_bad_inputs import ROOT, load_script


make_bad_inputs = load_script("make_bad_inputs")
make_corpus = load_script("make_corpus")
N_DOCS = 64
N_RACE = 40
MAX_ROUNDS = 400
TIME_LIMIT = 90.0


def _ingest(corpus: Path, db: Path, profile: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return subprocess.Popen(
        [sys.executable, "-m", "talkwatch.cli", "ingest", str(corpus), "--db", str(db), "--profile", str(profile),
         "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    profile = tmp_path / "profile.yaml"
    profile.write_text(make_bad_inputs.GOOD_PROFILE, encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    make_corpus.write(corpus, N_DOCS, seed=11)
    db = tmp_path / "live.db"
    Store(db).close()  # the dashboard is started on an existing database
    return profile, corpus, db


@pytest.mark.model
def test_dashboard_and_cli_read_while_an_ingest_writes(setup: tuple[Path, Path, Path], nlp: object) -> None:
    from fastapi.testclient import TestClient

    from talkwatch.profile import load_profile
    from talkwatch.web.app import create_app

    profile_path, corpus, db = setup
    client = TestClient(create_app(str(db), load_profile(profile_path)))
    runner = CliRunner()
    writer = _ingest(corpus, db, profile_path)
    seen: list[int] = []
    problems: list[str] = []
    rounds = 0
    started = time.monotonic()
    try:
        while rounds < MAX_ROUNDS and time.monotonic() - started < TIME_LIMIT:
            writing = writer.poll() is None
            rounds += 1
            for url in ("/api/status", "/api/documents?limit=1000", "/", "/api/search?q=ceasefire"):
                response = client.get(url)
                if response.status_code != 200 or "locked" in response.text:
                    problems.append(f"GET {url}: {response.status_code} {response.text[:200]}")
                elif url.startswith("/api/documents"):
                    seen.append(len(response.json()))
            if rounds % 3 == 0:
                result = runner.invoke(main, ["status", "--db", str(db), "--profile", str(profile_path), "--json"])
                if result.exit_code != 0 or "locked" in result.output:
                    problems.append(f"status --json: exit {result.exit_code}: {result.output[:200]}")
                else:
                    json.loads(result.stdout)
            if not writing:
                break
            time.sleep(0.01)
    finally:
        if writer.poll() is None:
            writer.wait(timeout=120)
        out, err = writer.communicate()
    assert writer.returncode == 0, err.decode()
    assert not problems, problems[:5]
    assert seen == sorted(seen), "the document count a reader sees never goes back"
    assert any(0 < n < N_DOCS for n in seen), f"reads interleaved with the writes ({rounds} rounds, counts {seen[:5]}…)"
    assert client.get("/api/documents?limit=1000").json().__len__() == N_DOCS
    assert "locked" not in err.decode()


@pytest.mark.model
def test_two_ingests_of_one_corpus_at_once_store_each_document_once(setup: tuple[Path, Path, Path], nlp: object) -> None:
    profile_path, _corpus, db = setup
    corpus = db.parent / "small.jsonl"  # one analysis chunk is enough for the race
    make_corpus.write(corpus, N_RACE, seed=12)
    first, second = _ingest(corpus, db, profile_path), _ingest(corpus, db, profile_path)
    results = [p.communicate(timeout=180) for p in (first, second)]
    for proc, (_out, err) in zip((first, second), results):
        assert proc.returncode == 0, err.decode()
        assert "locked" not in err.decode()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT sha) FROM documents").fetchone() == (N_RACE, N_RACE)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_a_writer_locked_out_too_long_gets_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import talkwatch.store as store_module
    from talkwatch.errors import StoreError

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "held.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer that never lets go
    try:
        store = Store(db)
        with pytest.raises(StoreError, match="locked") as exc, store.transaction():
            pass
        assert "\n" not in str(exc.value) and "run again" in str(exc.value)
        reader = Store(db, readonly=True)  # WAL: reading still works meanwhile
        assert reader.counts()["documents"] == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
