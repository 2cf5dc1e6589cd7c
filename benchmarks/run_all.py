"""Run every scale benchmark, each in its own process, and print one table of figures.

``python benchmarks/run_all.py`` (what ``make bench`` runs). Each script prints its own
lines and a final ``RESULT {json}`` line; this collects them, adds the machine's load
average (the figures depend on what else runs), and writes the whole set to
``benchmarks/results.json`` beside the scripts (``--out`` to change it).

``--quick`` runs reduced sizes (a smoke test of the scripts, not figures to quote);
``--large`` also all PolNeAR dev texts and full-length reports for Spark (about an hour).
``--only overhead parallel ...`` runs a subset; ``--others`` also runs the other
``bench_*.py`` scripts in this folder (their output passes through).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The default plan: every figure of issue #6, at its sizes for memory and growth (1,000 vs
# 20,000 short reports: about 10 minutes at ~25 ms per report) and Spark (2,000 short
# reports), on 30-80 PolNeAR texts for overhead and parallelism (rounds alternate the
# settings; the ratios of best times over 5 and 3 rounds, because a 2-second timing on a
# shared machine moves by ±5%); about 10 minutes on two idle cores. --large runs all
# PolNeAR dev texts (twice over for parallelism) and full-length reports for Spark.
FULL = {
    "overhead": ["bench_overhead.py", "--docs", "30", "--rounds", "5"],
    "parallel": ["bench_parallel.py", "--repeat", "1", "--docs", "80", "--rounds", "3"],
    "profile": ["bench_profile.py", "--docs", "15"],
    "ingest": ["bench_ingest.py", "--sizes", "1000", "20000"],
    "queries": ["bench_queries.py", "--positions", "1000000"],
    "spark": ["bench_spark.py", "--docs", "2000", "--short"],
}
LARGE = {
    **FULL,
    "overhead": ["bench_overhead.py"],
    "parallel": ["bench_parallel.py", "--repeat", "2", "--rounds", "2"],
    "spark": ["bench_spark.py", "--docs", "2000"],
}
QUICK = {
    "overhead": ["bench_overhead.py", "--docs", "10"],
    "parallel": ["bench_parallel.py", "--repeat", "1", "--docs", "12", "--rounds", "1"],
    "profile": ["bench_profile.py", "--docs", "5"],
    "ingest": ["bench_ingest.py", "--sizes", "100", "300"],
    "queries": ["bench_queries.py", "--positions", "20000"],
    "spark": ["bench_spark.py", "--docs", "100"],
}
MINE = {"corpus.py", "run_all.py", *(args[0] for args in FULL.values())}


def run_one(name: str, args: list[str]) -> dict:
    print(f"\n== {name}: python benchmarks/{' '.join(args)}  (load average {_load()})", flush=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    errors = tempfile.TemporaryFile("w+")  # Spark's and the JVM's chatter; shown when a script fails
    proc = subprocess.Popen([sys.executable, str(HERE / args[0]), *args[1:]], stdout=subprocess.PIPE,
                            stderr=errors, text=True, env=env, cwd=HERE.parent)
    result: dict = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print("   " + line.rstrip(), flush=True)
    proc.wait()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        errors.seek(0)
        print(f"   !! {name} failed with exit code {proc.returncode}:", flush=True)
        print("\n".join("   " + x for x in errors.read().splitlines()[-15:]), flush=True)
    errors.close()
    out = next(iter(result.values()), {}) if result else {}
    out["_seconds"], out["_load_after"] = round(seconds, 1), _load()
    return out


def _load() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def table(results: dict) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, met) rows."""
    rows: list[tuple[str, str, str, str]] = []

    def add(figure: str, value: str, target: str = "", met: bool | None = None) -> None:
        rows.append((figure, value, target, "" if met is None else ("yes" if met else "NO")))

    if r := results.get("overhead"):
        if "ratio" in r:
            parts = [c for c in r["components"] if not c.startswith("talkwatch: ")]  # our parse components stay listed
            add(f"overhead: bare nlp.pipe ({', '.join(parts)}; {r['words']:,} words)",
                f"{r['bare_words_s']:,} words/s ({r.get('bare_cpu_words_s', '?'):,} per CPU s)")
            add("overhead: full pipeline (same + find_attributions, find_positions)",
                f"{r['full_words_s']:,} words/s ({r.get('full_cpu_words_s', '?'):,} per CPU s)")
            add("overhead: full / bare", f"{r['ratio']:.2f} wall, {r.get('ratio_cpu', 0):.2f} CPU", ">= 0.8",
                r["ratio"] >= 0.8)
    if r := results.get("parallel"):
        if "speedup" in r:
            baseline = {"1": "BLAS threads as loaded", "1/blas1": "1 BLAS thread"}.get(r.get("baseline", ""), "")
            add(f"parallel: n_process=1, the faster setting ({baseline})", f"{r['words_s_1']:,} words/s")
            add("parallel: n_process=2", f"{r['words_s_2']:,} words/s")
            add("parallel: speed-up", f"{r['speedup']:.2f}x (per round {r.get('speedup_per_round')})", ">= 1.7x",
                r["speedup"] >= 1.7)
            if "cpu_s_2" in r:
                add("parallel: CPU s, one process (BLAS as loaded / 1 thread) vs two",
                    f"{r['cpu_s_1_blas_default']} / {r['cpu_s_1_blas1']} vs {r['cpu_s_2']}; tail {r['tail_s']} s")
    if r := results.get("profile"):
        if "share" in r:
            share = ", ".join(f"{k} {v:.0%}" for k, v in r["share"].items())
            add("profile: time share", share)
    if r := results.get("ingest"):
        if "runs" in r:
            sizes = sorted(r["runs"], key=int)
            small, large = r["runs"][sizes[0]], r["runs"][sizes[-1]]
            add(f"memory: peak RSS {sizes[0]} docs", f"{small['peak_rss_mb']} MB")
            add(f"memory: peak RSS {sizes[-1]} docs", f"{large['peak_rss_mb']} MB", "< 1024 MB",
                large["peak_rss_mb"] < 1024)
            add("memory: growth", f"{r['rss_growth']:+.1%}", "within 10%", abs(r["rss_growth"]) <= 0.10)
            add(f"growth: ms/doc first vs last {large.get('window', 1000)} docs", f"{r['first_window_ms']} -> {r['last_window_ms']}",
                "flat (<= 1.15x)", r["growth_last_over_first"] <= 1.15)
            add("growth: dedup alone, ms/doc first vs last", f"{r['dedup_first_ms']} -> {r['dedup_last_ms']}")
            add(f"growth: board at {sizes[-1]} docs", f"status {large['board_ms']} ms, fastboard {large['fastboard_ms']} ms")
    if r := results.get("queries"):
        if "fast_ms_max" in r:
            add(f"queries: fastboard, {r['positions']:,} positions",
                f"{r['fast_ms_max']} ms wall, {r.get('fast_cpu_ms_max', '?')} ms CPU (worst as-of)",
                "< 100 ms", r["fast_ms_max"] < 100)
            if "python_ms_max" in r:
                agree = all(x.get("agree", True) for x in r["as_of"].values())
                add("queries: status.build_board", f"{r['python_ms_max']:,.0f} ms (worst as-of)",
                    "same board", agree)
            add("queries: fastboard table build", f"{r['refresh_s']} s (after each ingest)")
    if r := results.get("spark"):
        if "spark_s" in r:
            add(f"spark: single process, {r['documents']} docs", f"{r['single_s']} s")
            add("spark: local[2]", f"{r['spark_s']} s (+{r['spark_start_s']} s start)")
            add("spark: speed-up vs single", f"{r['speedup_vs_single']:.2f}x ({r['speedup_incl_start']:.2f}x with start)")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--only", nargs="+", choices=sorted(FULL), default=None)
    parser.add_argument("--others", action="store_true")
    parser.add_argument("--out", default=str(HERE / "results.json"))
    args = parser.parse_args()
    plan = QUICK if args.quick else LARGE if args.large else FULL
    print(f"talkwatch benchmarks — {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load average {_load()}")
    results = {name: run_one(name, cmd) for name, cmd in plan.items() if not args.only or name in args.only}
    if args.others:
        for script in sorted(HERE.glob("bench_*.py")):
            if script.name not in MINE:
                run_one(script.stem, [script.name])
    rows = table(results)
    width = [max(len(r[i]) for r in rows + [("figure", "value", "target", "met")]) for i in range(4)]
    print()
    for row in [("figure", "value", "target", "met"), *rows]:
        print("  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)))
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nall figures: {args.out}")


if __name__ == "__main__":
    main()
