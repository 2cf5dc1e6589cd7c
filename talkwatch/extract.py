"""Document → Analysis (attributions + positions): the one per-document function.

The same ``analyze_doc`` runs in the CLI, the web app, tests and inside a Spark partition.
``analyze_stream`` runs it over many documents, in worker processes when asked, each
worker loading the spaCy pipeline and the profile once.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .model import Analysis, Document
from .profile import Profile, load_profile

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 32  # 16–64 beats spaCy's default of 256 on article-length texts (STACK.md)
# Characters of text per task handed to a worker process (at most BATCH_SIZE documents; the
# end of a run gets smaller tasks: see work_units). nlp.pipe parses a batch of 4 articles
# (~20,000 characters) as fast as 8 or 32, but 4 short reports (~1,500 characters) 15%
# slower than 32 of them: a task is sized by its text, not by its documents
# (docs/scale.md, "Parallelism").
TASK_CHARS = 16_000


def analyze_parsed(parsed: "Doc", document: Document, profile: Profile) -> Analysis:
    """Attributions and positions of one already-parsed document."""
    from .nlp.attribution import find_attributions
    from .nlp.positions import find_positions

    analysis = Analysis(document=document)
    try:
        analysis.attributions = find_attributions(parsed, profile, document)
    except Exception as exc:  # one bad document must not stop a corpus run
        analysis.warnings.append(f"attribution failed: {type(exc).__name__}: {exc}")
    try:
        analysis.positions = find_positions(parsed, analysis.attributions, profile, document)
    except Exception as exc:
        analysis.warnings.append(f"positions failed: {type(exc).__name__}: {exc}")
    return analysis


def analyze_doc(document: Document, nlp: "Language", profile: Profile) -> Analysis:
    """Parse and analyse one document."""
    return analyze_parsed(nlp(document.text), document, profile)


def analyze(
    text: str,
    *,
    profile: Profile | None = None,
    nlp: "Language | None" = None,
    **meta: object,
) -> Analysis:
    """Analyse a text: ``analyze("Peskov said ...", published="2022-03-01")``."""
    from .nlp.pipeline import load_nlp

    document = Document(id=str(meta.pop("id", "text")), text=text, **meta)  # type: ignore[arg-type]
    return analyze_doc(document, nlp or load_nlp(), profile or load_profile())


def _analyze_batch(nlp: "Language", profile: Profile, docs: list[Document]) -> list[Analysis]:
    texts = (d.text for d in docs)
    return [
        analyze_parsed(parsed, doc, profile)
        for parsed, doc in zip(nlp.pipe(texts, batch_size=BATCH_SIZE), docs)
    ]


# -- worker processes ------------------------------------------------------------------
_WORKER: dict[str, object] = {}


def _init_worker(profile: Profile, model: str | None) -> None:
    from .nlp.pipeline import limit_blas_threads, load_nlp

    # one BLAS thread per worker: the workers are the parallelism. A forked worker inherits
    # the parent's loaded OpenBLAS (two threads on two cores), so setting
    # OPENBLAS_NUM_THREADS here, as this did before, changed nothing
    limit_blas_threads(1)

    _WORKER["nlp"] = load_nlp(model)
    _WORKER["profile"] = profile


def _work(docs: list[Document]) -> list[Analysis]:
    return _analyze_batch(_WORKER["nlp"], _WORKER["profile"], docs)  # type: ignore[arg-type]


def chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Lists of ``size`` documents (the last may be shorter), consumed lazily."""
    chunk: list[Document] = []
    for doc in documents:
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def work_units(
    documents: Iterable[Document], workers: int, *, chars: int = TASK_CHARS, max_docs: int = BATCH_SIZE
) -> Iterator[list[Document]]:
    """Tasks for ``workers`` processes: documents up to ``chars`` characters of text (at
    least one document, at most ``max_docs``), smaller at the end.

    Workers take the next task when they finish one, so a run ends with one worker idle
    while the other finishes its last task. Reading about ``2 × workers`` tasks ahead
    (memory stays flat), the generator sees the end coming and splits what remains into
    ever smaller tasks (a quarter of the remaining text for two workers, down to one
    document), so the workers finish within about a document of each other."""
    chars, workers, max_docs = max(1, chars), max(1, workers), max(1, max_docs)
    ahead_chars, ahead_docs = chars * (1 + 2 * workers), max_docs * (1 + 2 * workers)
    buffer: deque[Document] = deque()
    buffered = 0  # characters in buffer
    for doc in documents:
        buffer.append(doc)
        buffered += len(doc.text)
        while buffered >= ahead_chars or len(buffer) >= ahead_docs:
            task = _take(buffer, chars, max_docs)
            buffered -= sum(len(d.text) for d in task)
            yield task
    while buffer:  # the input has ended: guided self-scheduling of the rest
        task = _take(buffer, min(chars, -(-buffered // (2 * workers))), max_docs)
        buffered -= sum(len(d.text) for d in task)
        yield task


def _take(buffer: deque[Document], chars: int, max_docs: int) -> list[Document]:
    """Documents from the front of buffer while they fit in ``chars`` characters (at least one)."""
    task = [buffer.popleft()]
    size = len(task[0].text)
    while buffer and len(task) < max_docs and size + len(buffer[0].text) <= chars:
        size += len(buffer[0].text)
        task.append(buffer.popleft())
    return task


def analyze_stream(
    documents: Iterable[Document],
    profile: Profile,
    *,
    nlp: "Language | None" = None,
    n_process: int = 1,
    chunk_size: int = BATCH_SIZE,
    model: str | None = None,
) -> Iterator[Analysis]:
    """Analyses in input order; memory stays flat (documents are consumed lazily)."""
    if n_process <= 1:
        from .nlp.pipeline import load_nlp

        pipeline = nlp or load_nlp(model)
        for chunk in chunks(documents, chunk_size):
            yield from _analyze_batch(pipeline, profile, chunk)
        return
    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(n_process, initializer=_init_worker, initargs=(profile, model)) as pool:
        tasks = work_units(documents, n_process, chars=TASK_CHARS, max_docs=chunk_size)
        for result in pool.imap(_work, tasks, chunksize=1):
            yield from result
