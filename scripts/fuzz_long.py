#!/usr/bin/env python3
"""The long fuzz run: the properties of tests/test_fuzz.py with thousands of examples.

    python scripts/fuzz_long.py [--readers 20000] [--quotes 50000] [--extractor 2000] [--seed N]
    python scripts/fuzz_long.py --atheris quotes|readers [--seconds 300]

Runs each property with hypothesis (no deadline, a fresh random seed unless --seed) and
prints one line per property: examples run, seconds, and PASS or the shrunk failing
example. Exit code 1 if any property failed. Needs the test extras (hypothesis) and, for
the extractor, the spaCy model.

``--atheris`` runs one property coverage-guided with atheris (libFuzzer) instead, if it is
installed (``pip install atheris``; not a talkwatch dependency): a failing input is
written to ``crash-*`` in the working folder and the exit code is non-zero.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _load(name: str, path: Path):  # noqa: ANN202
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=20_000)
    parser.add_argument("--quotes", type=int, default=50_000)
    parser.add_argument("--extractor", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--atheris", choices=["quotes", "readers"], default=None)
    parser.add_argument("--seconds", type=int, default=300, help="atheris: how long to fuzz")
    args = parser.parse_args()
    if args.atheris:
        return run_atheris(args.atheris, args.seconds)

    import logging

    logging.disable(logging.CRITICAL)
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st

    fuzz = _load("test_fuzz", ROOT / "tests" / "test_fuzz.py")
    base = dict(deadline=None, suppress_health_check=list(HealthCheck), database=None,
                phases=[Phase.generate, Phase.target, Phase.shrink, Phase.explain])
    runs = []

    def prop(name: str, n: int, strategy, check):  # noqa: ANN001
        if n <= 0:
            return
        count = [0]

        @settings(max_examples=n, **base)
        @given(strategy)
        def run(value):  # noqa: ANN001
            count[0] += 1
            check(value)

        if args.seed is not None:
            run = seed(args.seed)(run)
        runs.append((name, n, run, count))

    prop("readers", args.readers, st.tuples(fuzz.file_bytes, st.sampled_from(fuzz.SUFFIXES)),
         lambda v: fuzz.check_read(*v))
    prop("quotes", args.quotes, fuzz.any_text, fuzz.check_quotes)
    if args.extractor > 0:
        from talkwatch.nlp.pipeline import load_nlp

        nlp, profile = load_nlp(), fuzz._small_profile()
        prop("extractor", args.extractor,
             st.tuples(fuzz.extractor_text, st.sampled_from(["news", "news", "transcript"])),
             lambda v: fuzz.check_extraction(v[0], nlp, profile, v[1]))

    failed = 0
    for name, n, run, count in runs:
        started = time.perf_counter()
        try:
            run()
            outcome = "PASS"
        except Exception as exc:  # report the shrunk example and go on with the next property
            failed += 1
            outcome = "FAIL\n" + "".join(traceback.format_exception(exc)[-12:])
        print(f"{name}: {count[0]} calls (budget {n} examples) in {time.perf_counter() - started:.0f} s: {outcome}",
              flush=True)
    return 1 if failed else 0


def run_atheris(target: str, seconds: int) -> int:
    import logging

    import atheris

    logging.disable(logging.CRITICAL)
    with atheris.instrument_imports(include=["talkwatch"]):
        import talkwatch.ingest.readers  # noqa: F401
        import talkwatch.nlp.quotes  # noqa: F401
    fuzz = _load("test_fuzz", ROOT / "tests" / "test_fuzz.py")
    alphabet = fuzz.MARKS + [" ", "a", "b", "\n", ".", ",", "\u00a0", "\x00", "—"]

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        if target == "quotes":
            if fdp.ConsumeBool():  # dense in quote marks
                text = "".join(alphabet[b % len(alphabet)] for b in fdp.ConsumeBytes(fdp.remaining_bytes()))
            else:
                text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
            fuzz.check_quotes(text)
        else:
            suffix = fuzz.SUFFIXES[fdp.ConsumeIntInRange(0, len(fuzz.SUFFIXES) - 1)]
            fuzz.check_read(fdp.ConsumeBytes(fdp.remaining_bytes()), suffix)

    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-max_len=4096", "-print_final_stats=1"], one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
