"""Worker processes of analyze_stream: one BLAS thread each, same analyses as one process."""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing as mp
import os
import sys

import pytest

from talkwatch.nlp.pipeline import limit_blas_threads

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")

_GETTERS = ("openblas_get_num_threads", "openblas_get_num_threads64_", "scipy_openblas_get_num_threads64_",
            "scipy_openblas_get_num_threads")


def _blas_threads() -> list[int]:
    """The thread count of every OpenBLAS loaded in this process."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        paths = sorted({line.split(None, 5)[-1].strip() for line in maps if "openblas" in line.lower()})
    counts = []
    for path in paths:
        library = ctypes.CDLL(path)
        getter = next((getattr(library, n) for n in _GETTERS if hasattr(library, n)), None)
        if getter is not None:
            counts.append(getter())
    return counts


def _in_forked_worker(_: int) -> tuple[list[int], list[int]]:
    before = _blas_threads()
    limit_blas_threads(1)
    return before, _blas_threads()


def test_limit_blas_threads_reaches_an_openblas_loaded_before_the_fork():
    importlib.import_module("numpy")  # loads OpenBLAS, as `import talkwatch` does

    if not _blas_threads():
        pytest.skip("numpy is not linked to OpenBLAS here")
    saved_env, saved_threads = os.environ.get("OPENBLAS_NUM_THREADS"), _blas_threads()[0]
    try:
        limit_blas_threads(2)  # a parent with two BLAS threads, as numpy loads on two cores
        assert set(_blas_threads()) == {2}
        with mp.get_context("fork").Pool(1) as pool:
            before, after = pool.map(_in_forked_worker, [0])[0]
        assert set(before) == {2}  # the worker inherited the parent's thread count…
        assert set(after) == {1}  # …and the cap applies to it
    finally:
        limit_blas_threads(saved_threads)
        if saved_env is None:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
        else:
            os.environ["OPENBLAS_NUM_THREADS"] = saved_env


def test_analyze_stream_two_processes_equal_one(monkeypatch):
    import talkwatch.extract as extract
    from talkwatch.extract import analyze_stream
    from talkwatch.model import Document
    from talkwatch.profile import load_profile

    monkeypatch.setattr(extract, "TASK_CHARS", 150)  # several tasks per worker, a short last one
    texts = [
        "Kremlin spokesman Dmitry Peskov said Russia demands Ukraine's neutrality.",
        "Zelensky said Ukraine is ready to discuss a ceasefire but rejects any territorial concessions.",
        "The talks in Istanbul ended without agreement, Turkish officials said.",
        "Ukraine wants security guarantees, Kuleba told reporters on Tuesday.",
        "Lavrov said that the question of Crimea is closed.",
    ]
    docs = [Document(id=f"d{i}", text=t, published="2022-03-29") for i, t in enumerate(texts)]
    profile = load_profile()
    one = list(analyze_stream(docs, profile))
    two = list(analyze_stream(docs, profile, n_process=2))
    assert [a.document.id for a in two] == [d.id for d in docs]  # input order
    assert [(a.attributions, a.positions, a.warnings) for a in two] == [
        (a.attributions, a.positions, a.warnings) for a in one
    ]
    assert any(a.positions for a in one)


def _docs(sizes: list[int]):
    from talkwatch.model import Document

    return [Document(id=str(i), text="x" * size) for i, size in enumerate(sizes)]


@pytest.mark.parametrize("count", [0, 1, 5, 12, 40, 101])
def test_work_units_keep_order_and_end_with_small_tasks(count):
    from talkwatch.extract import work_units

    docs = _docs([1000 + (i * 37) % 900 for i in range(count)])
    units = list(work_units(docs, 2, chars=4000, max_docs=32))
    assert [d for u in units for d in u] == docs
    assert all(len(u) == 1 or sum(len(d.text) for d in u) <= 4000 for u in units)
    if count >= 12:
        assert [len(u) for u in units[-3:]] == [1, 1, 1]  # the workers end a document apart


def test_work_units_size_tasks_by_text_and_cap_documents():
    from talkwatch.extract import work_units

    short = list(work_units(_docs([300] * 400), 2, chars=16_000, max_docs=32))
    assert [len(u) for u in short[:5]] == [32] * 5  # many short documents: the cap
    long = list(work_units(_docs([5000] * 100), 2, chars=16_000, max_docs=32))
    assert [len(u) for u in long[:5]] == [3] * 5  # articles: as many as fit
    huge = list(work_units(_docs([50_000] * 3), 2, chars=16_000, max_docs=32))
    assert [len(u) for u in huge] == [1, 1, 1]  # a document larger than a task is one


def test_work_units_read_a_bounded_way_ahead():
    from talkwatch.extract import work_units
    from talkwatch.model import Document

    pulled = []

    def documents():
        for i in range(10_000):
            pulled.append(i)
            yield Document(id=str(i), text="x" * 1000)

    units = work_units(documents(), 2, chars=4000, max_docs=32)
    for _ in range(100):
        next(units)
    assert len(pulled) <= 100 * 4 + 5 * 4 + 1  # flat memory: a fixed look-ahead
