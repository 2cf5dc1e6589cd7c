"""Parallel speed-up: ``analyze_stream(n_process=2)`` against ``n_process=1``.

Same PolNeAR texts, same process, pipeline loaded and warmed up before timing (forked
workers inherit it). Three settings are timed in turn, ``--rounds`` times each, the order
rotating each round so that a change in the machine's load does not always hit the same
one:

* one process with numpy's BLAS threads as loaded (one per CPU unless
  ``OPENBLAS_NUM_THREADS`` says otherwise; ``--blas-threads N`` sets it): what a user gets;
* one process with BLAS capped at one thread;
* two worker processes, one BLAS thread each (``talkwatch.nlp.pipeline.limit_blas_threads``).

The speed-up is the best two-process wall time against the best wall time of the *faster*
single-process setting, so neither side gets a handicap. Each run prints its wall time,
CPU time (parent, and the workers'), the load average before and after, and for two
processes what each worker did: tasks, documents, busy span and CPU time, and the "tail"
(how long one worker sat idle at the end while the other finished). ``--task-chars``
overrides the text per worker task (``talkwatch.extract.TASK_CHARS``). Target: at least 1.7× on
two cores. On a shared machine the wall times move with the load; the CPU times do not.

``python benchmarks/bench_parallel.py [--rounds 2] [--repeat 1] [--docs N] [--task-chars N] [--short N]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def _early_blas_threads() -> None:
    """``--blas-threads N`` must reach the environment before numpy is first imported."""
    for i, arg in enumerate(sys.argv):
        if arg == "--blas-threads" and i + 1 < len(sys.argv):
            os.environ["OPENBLAS_NUM_THREADS"] = sys.argv[i + 1]
        elif arg.startswith("--blas-threads="):
            os.environ["OPENBLAS_NUM_THREADS"] = arg.split("=", 1)[1]


_early_blas_threads()

import resource  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from corpus import generate, load_average, polnear_documents, words  # noqa: E402

from talkwatch import extract  # noqa: E402
from talkwatch.extract import analyze_stream  # noqa: E402
from talkwatch.nlp.pipeline import MODEL, limit_blas_threads, load_nlp  # noqa: E402

# OpenBLAS's thread count as numpy loaded it: OPENBLAS_NUM_THREADS, else one per CPU
_BLAS_AS_LOADED = int(os.environ.get("OPENBLAS_NUM_THREADS") or os.cpu_count() or 1)
from talkwatch.profile import load_profile  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_TRACE: dict[str, str] = {}  # the trace folder, inherited by forked workers
_work = extract._work


def _traced_work(docs: list) -> list:
    """extract._work, noting per task: worker pid, start and end (perf_counter, which is
    system-wide on Linux), CPU seconds, documents."""
    t, cpu = time.perf_counter(), time.process_time()
    result = _work(docs)
    line = f"{t} {time.perf_counter()} {time.process_time() - cpu} {len(docs)}\n"
    with open(os.path.join(_TRACE["dir"], str(os.getpid())), "a", encoding="ascii") as handle:
        handle.write(line)
    return result


def _worker_trace(folder: str, started: float) -> list[dict]:
    workers = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="ascii") as handle:
            tasks = [tuple(map(float, line.split())) for line in handle if line.strip()]
        workers.append({
            "tasks": len(tasks), "documents": int(sum(x[3] for x in tasks)),
            "first_start_s": round(min(x[0] for x in tasks) - started, 2),
            "last_end_s": round(max(x[1] for x in tasks) - started, 2),
            "busy_s": round(sum(x[1] - x[0] for x in tasks), 2), "cpu_s": round(sum(x[2] for x in tasks), 2),
        })
    return workers


def _timed(docs: list, profile, nlp, setting: str) -> dict:
    n = 2 if setting == "2" else 1
    if n == 1:  # the single process with numpy's BLAS threads as loaded, or capped at one
        limit_blas_threads(1 if setting == "1/blas1" else _BLAS_AS_LOADED)
    load_before = load_average()
    cpu, children = time.process_time(), _children_cpu()
    with tempfile.TemporaryDirectory() as folder:
        _TRACE["dir"] = folder
        t = time.perf_counter()
        count = sum(1 for _ in analyze_stream(docs, profile, nlp=nlp if n == 1 else None, n_process=n))
        wall = time.perf_counter() - t
        workers = _worker_trace(folder, t) if n > 1 else []
    assert count == len(docs)
    out = {
        "n": n, "setting": setting, "wall_s": round(wall, 2),
        "cpu_parent_s": round(time.process_time() - cpu, 2),
        "cpu_workers_s": round(_children_cpu() - children, 2),  # the pool's workers, reaped at its end
        "load_before": load_before, "load_after": load_average(),
    }
    if workers:
        out["workers"] = workers
        ends = [w["last_end_s"] for w in workers]
        out["tail_s"] = round(max(ends) - min(ends), 2)  # one worker idle, the other still busy
    return out


def run(repeat: int, limit: int | None = None, rounds: int = 2, task_chars: int | None = None,
        short: int | None = None) -> dict:
    docs = list(generate(short, seed=3, short=True)) if short else polnear_documents(limit) * repeat
    if not docs:
        raise SystemExit("../shared/polnear is absent: no real-language text to measure")
    if task_chars is not None:
        extract.TASK_CHARS = task_chars
    extract._work = _traced_work  # type: ignore[assignment]  # forked workers inherit it
    profile = load_profile()
    nlp = load_nlp()
    load_nlp(MODEL)  # the workers' cache key: forked workers inherit it instead of loading again
    list(analyze_stream(docs[:4], profile, nlp=nlp))  # warm-up: caches, lexicons, first batches
    n_words = words(docs)
    runs: list[dict] = []
    settings = ["1", "1/blas1", "2"]
    names = {"1": f"n_process=1 ({_BLAS_AS_LOADED} BLAS threads)", "1/blas1": "n_process=1 (1 BLAS thread)",
             "2": "n_process=2 (1 BLAS thread each)"}
    for r in range(rounds):  # the order turns each round, so no setting always runs first
        for setting in settings[r % 3:] + settings[: r % 3]:
            result = _timed(docs, profile, nlp, setting)
            runs.append(result)
            cpu = result["cpu_parent_s"] + result["cpu_workers_s"]
            print(
                f"round {r + 1} {names[setting]}: {result['wall_s']:.1f} s wall, "
                f"{n_words / result['wall_s']:,.0f} words/s; CPU {cpu:.1f} s "
                f"(parent {result['cpu_parent_s']:.1f}, workers {result['cpu_workers_s']:.1f}); "
                f"load {result['load_before']:.2f} -> {result['load_after']:.2f}",
                flush=True,
            )
            for w in result.get("workers", []):
                print(f"    worker: {w['tasks']} tasks, {w['documents']} documents, busy {w['first_start_s']:.1f}"
                      f"-{w['last_end_s']:.1f} s ({w['busy_s']:.1f} s, CPU {w['cpu_s']:.1f} s)")
            if "tail_s" in result:
                print(f"    tail: one worker idle for the last {result['tail_s']:.1f} s")
    limit_blas_threads(_BLAS_AS_LOADED)

    def best(setting: str, key: str = "wall_s") -> float:
        return min(x[key] if key == "wall_s" else x["cpu_parent_s"] + x["cpu_workers_s"]
                   for x in runs if x["setting"] == setting)

    single = min(("1", "1/blas1"), key=best)  # the faster single process is the baseline
    per_round = [
        min(x["wall_s"] for x in runs[i:i + 3] if x["n"] == 1) / next(x["wall_s"] for x in runs[i:i + 3] if x["n"] == 2)
        for i in range(0, len(runs), 3)
    ]
    result = {
        "documents": len(docs), "words": n_words, "cpus": os.cpu_count(), "rounds": rounds,
        "corpus": f"{short} short generated reports" if short else "PolNeAR dev",
        "task_chars": extract.TASK_CHARS, "blas_threads_as_loaded": _BLAS_AS_LOADED,
        "words_s_1_blas_default": round(n_words / best("1")), "words_s_1_blas1": round(n_words / best("1/blas1")),
        "baseline": single,
        "words_s_1": round(n_words / best(single)), "words_s_2": round(n_words / best("2")),
        "speedup": round(best(single) / best("2"), 2),
        # like with like: every process one BLAS thread (process scaling alone)
        "speedup_vs_blas1": round(best("1/blas1") / best("2"), 2),
        "speedup_vs_blas_default": round(best("1") / best("2"), 2),
        "speedup_per_round": [round(x, 2) for x in per_round],
        "speedup_median": round(statistics.median(per_round), 2),
        "cpu_s_1_blas_default": round(best("1", "cpu"), 1), "cpu_s_1_blas1": round(best("1/blas1", "cpu"), 1),
        "cpu_s_2": round(best("2", "cpu"), 1),
        "tail_s": [x["tail_s"] for x in runs if "tail_s" in x],
        "load": [min(x["load_before"] for x in runs), max(x["load_after"] for x in runs)],
        "runs": runs,
    }
    print(
        f"speed-up with 2 processes: {result['speedup']}x over the faster single process ({names[single]}), "
        f"best of {rounds} (per round {', '.join(f'{x}x' for x in result['speedup_per_round'])}; target >= 1.7)"
    )
    print(
        f"against each single-process setting: {result['speedup_vs_blas_default']}x ({_BLAS_AS_LOADED} BLAS threads), "
        f"{result['speedup_vs_blas1']}x (1 BLAS thread, like the workers)"
    )
    print(
        f"CPU seconds (least of {rounds}): one process {result['cpu_s_1_blas_default']} "
        f"({_BLAS_AS_LOADED} BLAS threads) / {result['cpu_s_1_blas1']} (1 BLAS thread), two processes "
        f"{result['cpu_s_2']}; load average {result['load'][0]:.2f}-{result['load'][1]:.2f} on {os.cpu_count()} CPUs"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="pass over the PolNeAR dev texts this many times")
    parser.add_argument("--docs", type=int, default=None, help="how many PolNeAR dev texts (default: all)")
    parser.add_argument("--rounds", type=int, default=2, help="timings of each setting, alternating")
    parser.add_argument("--task-chars", type=int, default=None, help="text per worker task (default: TASK_CHARS)")
    parser.add_argument("--short", type=int, default=None, help="this many short generated reports instead of PolNeAR")
    parser.add_argument("--blas-threads", default=None, help="OPENBLAS_NUM_THREADS for the single process")
    args = parser.parse_args()
    print("RESULT " + json.dumps({"parallel": run(args.repeat, args.docs, args.rounds, args.task_chars, args.short)}))


if __name__ == "__main__":
    main()
