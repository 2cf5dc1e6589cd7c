"""Load figure for the dashboard API: /api/status with 10,000 stored documents, served while
an ingest is writing.

    python benchmarks/bench_web.py [--docs 10000] [--seconds 15] [--clients 4]

Builds a database of synthetic analysed documents (no NLP: the point is the read path),
starts `talkwatch serve` on 127.0.0.1 in a subprocess, starts a writer process that keeps
storing new documents (one transaction each, as ingest does), and hammers /api/status from
client threads for a bounded time. Prints requests/s, p50/p99 latency, errors, and how many
documents the writer stored meanwhile. Loopback only; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from talkwatch.fastboard import after_ingest  # noqa: E402
from talkwatch.model import Analysis, Attribution, Document, Position, Span  # noqa: E402
from talkwatch.profile import load_profile  # noqa: E402
from talkwatch.store import Store  # noqa: E402

STANCES = ["demand", "offer", "open", "accept", "reject", "progress", "agreed", "doubt"]
SPEAKERS = [("Dmitry Peskov", "named"), ("a senior Ukrainian official", "anonymous"),
            ("the Kremlin", "institutional"), ("Volodymyr Zelensky", "named"), (None, "none")]


def synthetic(i: int, rng: random.Random, parties: list[str], issues: list[str]) -> Analysis:
    year = rng.choice([2022, 2023, 2024, 2025])
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    text = f"Report {i}. " + " ".join(rng.choice(["talks", "ceasefire", "guarantees", "said"]) for _ in range(120))
    doc = Document(id=f"bench-{i}-{rng.random()}", text=text, published=date, outlet=f"Outlet {i % 40}")
    span = Span(0, 10, text[:10])
    analysis = Analysis(document=doc)
    analysis.attributions = [Attribution(content=span, speaker="x", speaker_kind="named", party=parties[0])]
    for _ in range(rng.randint(2, 8)):
        speaker, kind = rng.choice(SPEAKERS)
        analysis.positions.append(Position(
            holder=rng.choice(parties), issue=rng.choice(issues), stance=rng.choice(STANCES), evidence=span,
            source=speaker, source_kind=kind, mode=rng.choice(["direct", "indirect"]), attribution=0))
    return analysis


def fill(db: str, n: int, seed: int = 42) -> None:
    profile = load_profile()
    parties = ["russia", "ukraine", "united-states", "turkey", "europe"]
    issues = list(profile.issues)
    rng = random.Random(seed)
    store = Store(db)
    with store.transaction():
        for i in range(n):
            store.save_analysis(synthetic(i, rng, parties, issues), f"c{i}", None)
    after_ingest(store, profile)  # as `talkwatch ingest` does when a batch ends
    store.close()


def writer(db: str, stop_at: float, counter: "mp.Value") -> None:  # type: ignore[name-defined]
    profile = load_profile()
    rng = random.Random(7)
    store = Store(db)
    i = 10_000_000
    while time.time() < stop_at:
        with store.transaction():
            store.save_analysis(synthetic(i, rng, ["russia", "ukraine"], list(profile.issues)), f"w{i}", None)
        counter.value += 1
        i += 1
        time.sleep(0.005)
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="tw-bench-web-")
    db = str(Path(tmp) / "bench.db")
    t0 = time.time()
    fill(db, args.docs)
    store = Store(db, readonly=True)
    counts = store.counts()
    store.close()
    print(f"stored {counts['documents']} documents, {counts['positions']} positions in {time.time() - t0:.1f}s")

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "talkwatch.cli", "serve", "--db", db, "--port", str(port)],
                              stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/api/status"
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(url, timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        stop_at = time.time() + args.seconds
        counter = mp.Value("i", 0)
        wproc = mp.Process(target=writer, args=(db, stop_at, counter))
        wproc.start()
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def client(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(timeout=30) as http:
                while time.time() < stop_at:
                    params = {"as_of": f"{rng.choice([2022, 2023, 2024, 2025])}-06-01"} if rng.random() < 0.5 else {}
                    start = time.perf_counter()
                    try:
                        response = http.get(url, params=params)
                        ok = response.status_code == 200
                        detail = f"{response.status_code} {response.text[:80]}"
                    except httpx.HTTPError as exc:
                        ok, detail = False, repr(exc)
                    elapsed = time.perf_counter() - start
                    with lock:
                        latencies.append(elapsed)
                        if not ok:
                            errors.append(detail)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wproc.join(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"/api/status with {args.docs} documents, {args.clients} clients, {args.seconds:.0f}s, writer storing concurrently")
    print(f"  requests        {len(latencies)}")
    print(f"  requests/s      {len(latencies) / args.seconds:.1f}")
    print(f"  latency p50     {p(0.50):.0f} ms")
    print(f"  latency p99     {p(0.99):.0f} ms")
    print(f"  mean            {statistics.mean(latencies) * 1000:.0f} ms")
    print(f"  errors          {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"  documents written during the run: {counter.value}")


if __name__ == "__main__":
    main()
