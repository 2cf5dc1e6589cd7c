"""The extraction on Apache Spark: the same per-document function, one partition at a time.

``run_spark_extract(input, out_dir)`` reads a JSONL corpus, a Parquet table or a folder of
plain-text (or HTML) files — one document per file — and runs, inside ``mapPartitions``,
exactly what ``talkwatch.extract.analyze_stream`` runs: ``nlp.pipe`` over the texts and
``talkwatch.extract.analyze_parsed`` on each parse. The spaCy pipeline is loaded once per
Python worker (``load_nlp`` is cached, and Spark reuses its workers between partitions);
the profile travels as a broadcast variable. The result is written as Parquet in the
layout of ``talkwatch.load`` (documents, attributions, positions, and errors), which
``talkwatch load`` brings into a SQLite store.

Records are turned into documents by the readers ``talkwatch ingest`` uses (field names,
date normalisation, the same one-line errors), so both paths see the same documents.

Example::

    from talkwatch.spark import run_spark_extract
    report = run_spark_extract("corpus.jsonl", "out/", master="local[2]")
    print(report.summary())
"""

from __future__ import annotations

if __name__ == "__main__" and not __package__:  # run as a file by spark-submit: use the installed package
    import os as _os
    import sys as _sys

    _here = _os.path.dirname(_os.path.abspath(__file__))  # off the path: talkwatch/profile.py would shadow
    _sys.path[:] = [p for p in _sys.path if _os.path.abspath(p or ".") != _here]  # the stdlib's profile
    from talkwatch.spark import main as _main

    raise SystemExit(_main())

import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from .errors import InputError, TalkwatchError
from .ingest.readers import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    FieldMap,
    html_to_document,
    record_to_document,
)
from .load import LAYOUT, ORDER, spark_ddl
from .model import Document
from .profile import Profile, load_profile

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

FORMATS = ("jsonl", "parquet", "text")
Key = tuple[str, int, int]  # (source file, byte offset of its split, row within the split)
Item = tuple[Key, "Document | str"]  # a document, or the one-line error for a bad record


class SparkSetupError(TalkwatchError):
    """pyspark or Java is missing, or the input cannot be read by Spark."""


@dataclass
class SparkReport:
    documents: int = 0
    attributions: int = 0
    positions: int = 0
    errors: int = 0
    partitions: int = 0
    seconds: float = 0.0
    out_dir: str = ""

    def summary(self) -> str:
        return (
            f"analysed {self.documents} document(s) in {self.partitions} partition(s) in "
            f"{self.seconds:.1f} s: {self.attributions} attributions, {self.positions} positions, "
            f"{self.errors} input error(s); wrote {self.out_dir} (load it with `talkwatch load`)"
        )


# -- reading: records → (key, Document | error) ----------------------------------------
def local_path(uri: str) -> str:
    """``file:///a/b.jsonl`` → ``/a/b.jsonl``; other URIs (hdfs://, s3a://) unchanged."""
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def _where(path: str, offset: int, row: int) -> str:
    return f"{path}:{row + 1}" if offset == 0 else f"{path}: line {row + 1} of the split at byte {offset}"


def _jsonl_items(rows: Iterable[Any], fields: FieldMap) -> Iterator[Item]:
    """Lines of ``spark.read.text`` → documents, numbered within their file split."""
    import json

    counters: dict[tuple[str, int], int] = {}
    for row in rows:
        path, offset = local_path(row.file_path), int(row.file_block_start)
        n = counters.get((path, offset), 0)
        counters[(path, offset)] = n + 1
        if Path(path).suffix.lower() not in JSONL_SUFFIXES or not row.value.strip():
            continue
        key, where = (path, offset, n), _where(path, offset, n)
        try:
            record = json.loads(row.value)
        except json.JSONDecodeError as exc:
            yield key, str(InputError(where, f"is not valid JSON ({exc.msg}); fix or remove the line"))
            continue
        yield _record_item(record, key, where, path, fields)


def _record_item(record: Any, key: Key, where: str, path: str, fields: FieldMap) -> Item:
    try:
        return key, record_to_document(record, where, path, fields)
    except InputError as exc:
        return key, str(exc)


def _parquet_items(rows: Iterable[Any], fields: FieldMap) -> Iterator[Item]:
    for row in rows:
        record = row.asDict(recursive=True)
        path, index = local_path(record.pop("_tw_file")), int(record.pop("_tw_row"))
        yield _record_item(record, (path, 0, index), f"{path}: row {index + 1}", path, fields)


def _text_items(rows: Iterable[Any]) -> Iterator[Item]:
    """Files of ``binaryFile`` → one document each, decoded as ``talkwatch ingest`` does."""
    from .ingest.readers import _check_text, _first_line, decode

    for row in rows:
        path = local_path(row.path)
        key = (path, 0, 0)
        try:
            text = decode(bytes(row.content), path)
            if Path(path).suffix.lower() in HTML_SUFFIXES:
                yield key, html_to_document(text, path)
                continue
            text = _check_text(text, path)
            yield key, Document(id=path, text=text, path=path, title=_first_line(text))
        except InputError as exc:
            yield key, str(exc)


# -- the per-partition extraction ------------------------------------------------------
def _nested_columns() -> str:
    """One row per input item: its key, an error or the document with its statements."""
    key = LAYOUT["documents"][: len(ORDER)]
    strip = len(ORDER)
    document = ("struct", LAYOUT["documents"][strip:])
    attribution = ("array", ("struct", LAYOUT["attributions"][strip:]))
    position = ("array", ("struct", LAYOUT["positions"][strip:]))
    return spark_ddl(
        key + [("error", "string"), ("document", document), ("attributions", attribution), ("positions", position)]
    )


def extract_partition(items: Iterable[Item], profile: Profile, model: str) -> Iterator[tuple[Any, ...]]:
    """Analyse one partition: ``nlp.pipe`` + ``analyze_parsed``, as ``analyze_stream`` does.

    Yields rows of the nested layout (``_nested_columns``); errors pass through.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one BLAS thread per worker process
    from .extract import BATCH_SIZE, analyze_parsed
    from .load import analysis_rows
    from .nlp.pipeline import load_nlp

    errors: list[tuple[Key, str]] = []

    def documents() -> Iterator[tuple[str, tuple[Key, Document]]]:
        for key, item in items:
            if isinstance(item, Document):
                yield item.text, (key, item)
            else:
                errors.append((key, item))

    nlp = load_nlp(model)  # cached: once per Python worker, which Spark reuses across partitions
    for parsed, (key, document) in nlp.pipe(documents(), as_tuples=True, batch_size=BATCH_SIZE):
        doc_row, attributions, positions = analysis_rows(analyze_parsed(parsed, document, profile), key)
        yield (*key, None, _strip(doc_row), [_strip(a) for a in attributions], [_strip(p) for p in positions])
        yield from _error_rows(errors)
    yield from _error_rows(errors)


def _strip(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ORDER}


def _error_rows(errors: list[tuple[Key, str]]) -> Iterator[tuple[Any, ...]]:
    while errors:
        key, message = errors.pop()
        yield (*key, message, None, [], [])


# -- the driver ----------------------------------------------------------------------------
def detect_format(source: str) -> str:
    """jsonl / parquet / text from the suffix, or from what a local folder holds."""
    suffix = Path(source.rstrip("/")).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".parquet":
        return "parquet"
    local = Path(local_path(source))
    if not local.exists():
        raise SparkSetupError(f"{source}: cannot tell the input format from the name; pass --format jsonl|parquet|text")
    if local.is_file():
        return "text"
    names = {p.suffix.lower() for p in local.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))}
    if ".parquet" in names:
        return "parquet"
    if names & JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def start_session(master: str = "local[2]", app_name: str = "talkwatch", **conf: str) -> "SparkSession":
    """A SparkSession with the settings talkwatch needs (workers on this Python, 1 BLAS thread)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkSetupError("pyspark is not installed; pip install 'talkwatch[spark]'") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for name, value in conf.items():
        builder = builder.config(name, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # Java missing, or the JVM could not start
        raise SparkSetupError(f"Spark could not start ({type(exc).__name__}: {exc}); check that Java 17+ is installed") from None


def _items_rdd(spark: "SparkSession", source: str, fmt: str, fields: FieldMap) -> Any:
    if fmt == "jsonl":
        frame = spark.read.option("recursiveFileLookup", "true").text(source)
        rows = frame.select("value", "_metadata.file_path", "_metadata.file_block_start")
        return rows.rdd.mapPartitions(lambda it: _jsonl_items(it, fields))
    if fmt == "parquet":
        frame = spark.read.option("recursiveFileLookup", "true").parquet(source)
        frame = frame.withColumn("_tw_file", frame["_metadata.file_path"]).withColumn(
            "_tw_row", frame["_metadata.row_index"]
        )
        return frame.rdd.mapPartitions(lambda it: _parquet_items(it, fields))
    if fmt == "text":
        glob = "*.{" + ",".join(sorted(s.lstrip(".") for s in TEXT_SUFFIXES | HTML_SUFFIXES)) + "}"
        frame = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", glob)
            .load(source)
        )
        return frame.select("path", "content").rdd.mapPartitions(_text_items)
    raise SparkSetupError(f"unknown input format '{fmt}'; use one of {', '.join(FORMATS)}")


def run_spark_extract(
    source: str | Path,
    out_dir: str | Path,
    profile_path: str | Path | None = None,
    master: str = "local[2]",
    *,
    partitions: int | None = None,
    fmt: str | None = None,
    fields: FieldMap | None = None,
    model: str | None = None,
    spark: "SparkSession | None" = None,
) -> SparkReport:
    """Extract attributions and positions from ``source`` on Spark; write Parquet to ``out_dir``.

    ``master`` is ignored when a ``spark`` session is passed (as under ``spark-submit``,
    where the session comes from the submit settings).
    """
    from pyspark import StorageLevel

    from .nlp.pipeline import MODEL

    started = time.perf_counter()
    source, out = str(source), str(out_dir)
    fmt = fmt or detect_format(source)
    profile = load_profile(profile_path)
    own = spark is None
    session = spark or start_session(master)
    try:
        context = session.sparkContext
        n = partitions or max(2, context.defaultParallelism * 2)
        shared_profile = context.broadcast(profile)
        model_name = model or MODEL
        items = _items_rdd(session, source, fmt, fields or FieldMap()).repartition(n)
        analysed = items.mapPartitions(lambda it: extract_partition(it, shared_profile.value, model_name))
        nested = session.createDataFrame(analysed, schema=_nested_columns()).sortWithinPartitions(*ORDER)
        nested = nested.persist(StorageLevel.MEMORY_AND_DISK)
        report = _write(nested, out)
        nested.unpersist()
        report.partitions = n
    finally:
        if own:
            session.stop()
    report.seconds = time.perf_counter() - started
    report.out_dir = out
    return report


def _write(nested: "DataFrame", out: str) -> SparkReport:
    from pyspark.sql import functions as F

    order = list(ORDER)
    # Sorted within each partition only (no global sort: that costs a sampling job and a
    # shuffle per dataset); every part file is in input order and `talkwatch load` merges them.
    ok = nested.where(F.col("error").isNull())
    datasets = {
        "documents": ok.select(*order, "document.*"),
        "attributions": ok.select(*order, F.explode("attributions").alias("a")).select(*order, "a.*"),
        "positions": ok.select(*order, F.explode("positions").alias("p")).select(*order, "p.*"),
        "errors": nested.where(F.col("error").isNotNull()).select(*order, "error"),
    }
    totals = nested.agg(
        F.count(F.when(F.col("error").isNull(), 1)).alias("documents"),
        F.coalesce(F.sum(F.size("attributions")), F.lit(0)).alias("attributions"),
        F.coalesce(F.sum(F.size("positions")), F.lit(0)).alias("positions"),
        F.count("error").alias("errors"),
    ).first()
    for name, frame in datasets.items():
        frame.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{name}")
    return SparkReport(
        documents=int(totals["documents"]),
        attributions=int(totals["attributions"]),
        positions=int(totals["positions"]),
        errors=int(totals["errors"]),
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``spark-submit …/talkwatch/spark.py INPUT OUT [--profile P]`` on a cluster."""
    import argparse

    parser = argparse.ArgumentParser(prog="talkwatch.spark", description=main.__doc__)
    parser.add_argument("input")
    parser.add_argument("out")
    parser.add_argument("--profile", default=None)
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default=None)
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    session = SparkSession.builder.appName("talkwatch").getOrCreate()  # master from spark-submit
    report = run_spark_extract(
        args.input, args.out, args.profile, partitions=args.partitions, fmt=args.fmt, spark=session
    )
    print(report.summary())
    session.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
