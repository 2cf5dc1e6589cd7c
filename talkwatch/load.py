"""The Parquet layout of an extraction run, and loading it into the SQLite store.

``talkwatch spark extract`` (``talkwatch.spark``) writes three datasets under one folder:

* ``documents/``     one row per document: its metadata, text, ``sha`` and ``warnings``;
* ``attributions/``  one row per attribution (``doc_id``, ``idx`` and every field of
  ``talkwatch.model.Attribution``; spans are ``struct<start, end, text>``);
* ``positions/``     one row per position (``doc_id``, ``idx`` and every field of
  ``talkwatch.model.Position``);

plus ``errors/`` (one row per input record that could not be read). Every row carries its
input order (``src_file``, ``src_offset``, ``src_row``) and each part file is sorted by it,
so ``load_parquet`` merges the part files and streams the three datasets in step, with
flat memory, storing the documents in the order ``talkwatch ingest`` would have read them:
the first copy of a text is kept, and a syndicated copy joins the cluster of the first one
seen.

The columns are derived from the dataclasses in ``talkwatch.model``, so a field added
there is carried through without a change here (a field of a new type raises at import
with what to add to ``_TYPES``).

Example::

    from talkwatch import Store, load_profile, build_board
    from talkwatch.load import load_parquet
    report = load_parquet("out/", Store("talkwatch.db"))
    print(report.summary())
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import TalkwatchError
from .ingest import IngestReport
from .ingest import Deduper  # the same exact/near-duplicate rules as ingest
from .fastboard import after_ingest
from .model import Analysis, Attribution, Document, Position
from .profile import Profile, load_profile
from .store import Store

DATASETS = ("documents", "attributions", "positions", "errors")
ORDER = ("src_file", "src_offset", "src_row")
SCHEMA_VERSION = 1

# -- the layout, derived from the model dataclasses -----------------------------------
# A column type is "string" | "long" | "double" | "boolean" | ("array", T) | ("struct", [(name, T)]).
ColumnType = Any
_SCALARS: dict[Any, str] = {str: "string", int: "long", float: "double", bool: "boolean"}


def _type_of(hint: Any) -> ColumnType:
    """The column type of a dataclass field's annotation (``X | None`` is nullable X)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) == 1:
            return _type_of(inner[0])
    if origin in (tuple, list):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        if len(set(args)) == 1:
            return ("array", _type_of(args[0]))
    if hint in _SCALARS:
        return _SCALARS[hint]
    if dataclasses.is_dataclass(hint):
        return ("struct", _columns(hint))
    raise TypeError(f"talkwatch.load: no Parquet type for {hint!r}; add it to _type_of")


def _columns(cls: type) -> list[tuple[str, ColumnType]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, _type_of(hints[f.name])) for f in dataclasses.fields(cls)]


_KEY = [("src_file", "string"), ("src_offset", "long"), ("src_row", "long")]
_ITEM = [("doc_id", "string"), ("idx", "long")]
LAYOUT: dict[str, list[tuple[str, ColumnType]]] = {
    "documents": _KEY + _columns(Document) + [("sha", "string"), ("warnings", ("array", "string"))],
    "attributions": _KEY + _ITEM + _columns(Attribution),
    "positions": _KEY + _ITEM + _columns(Position),
    "errors": _KEY + [("error", "string")],
}


def spark_ddl(columns: list[tuple[str, ColumnType]]) -> str:
    """The Spark DDL of a column list: ```a` STRING, `b` ARRAY<STRING>, ...``."""
    return ", ".join(f"`{name}` {_ddl(kind)}" for name, kind in columns)


def _ddl(kind: ColumnType) -> str:
    if isinstance(kind, str):
        return {"string": "STRING", "long": "BIGINT", "double": "DOUBLE", "boolean": "BOOLEAN"}[kind]
    if kind[0] == "array":
        return f"ARRAY<{_ddl(kind[1])}>"
    return "STRUCT<" + ", ".join(f"`{n}`: {_ddl(k)}" for n, k in kind[1]) + ">"


def arrow_schema(dataset: str) -> Any:
    """The pyarrow schema of one dataset (for writers without Spark, and for checks)."""
    import pyarrow as pa

    def arrow(kind: ColumnType) -> Any:
        if isinstance(kind, str):
            return {"string": pa.string(), "long": pa.int64(), "double": pa.float64(), "boolean": pa.bool_()}[kind]
        if kind[0] == "array":
            return pa.list_(arrow(kind[1]))
        return pa.struct([(n, arrow(k)) for n, k in kind[1]])

    return pa.schema([(name, arrow(kind)) for name, kind in LAYOUT[dataset]])


# -- Analysis ⇄ rows --------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A dataclass value as Parquet-ready data (dicts for structs, lists for arrays)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def analysis_rows(
    analysis: Analysis, key: tuple[str, int, int]
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """One analysis as its document row, attribution rows and position rows."""
    order = dict(zip(ORDER, key))
    doc = analysis.document
    doc_row = {**order, **_fields(doc), "sha": doc.sha, "warnings": list(analysis.warnings)}
    item = {**order, "doc_id": doc.id}
    attributions = [{**item, "idx": i, **_fields(a)} for i, a in enumerate(analysis.attributions)]
    positions = [{**item, "idx": i, **_fields(p)} for i, p in enumerate(analysis.positions)]
    return doc_row, attributions, positions


def _build(cls: type, row: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        values[f.name] = _rebuild(hints[f.name], row.get(f.name))
    return cls(**values)


def _rebuild(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _rebuild(inner[0], value)
    if origin is tuple:
        return tuple(_rebuild(typing.get_args(hint)[0], v) for v in value)
    if origin is list:
        return [_rebuild(typing.get_args(hint)[0], v) for v in value]
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    return value


def analysis_from_rows(
    doc_row: dict[str, Any], attributions: list[dict[str, Any]], positions: list[dict[str, Any]]
) -> Analysis:
    """Rebuild the Analysis that ``analysis_rows`` flattened (equal field by field)."""
    return Analysis(
        document=_build(Document, doc_row),
        attributions=[_build(Attribution, r) for r in sorted(attributions, key=lambda r: r["idx"])],
        positions=[_build(Position, r) for r in sorted(positions, key=lambda r: r["idx"])],
        warnings=list(doc_row.get("warnings") or []),
    )


# -- reading the datasets -----------------------------------------------------------------
class LayoutError(TalkwatchError):
    """A folder is not the output of ``talkwatch spark extract``."""


def _files(folder: Path, dataset: str) -> list[Path]:
    """The dataset's Parquet part files (each sorted by input order)."""
    path = folder / dataset
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.glob("*.parquet") if not p.name.startswith((".", "_")))


def _file_rows(path: Path, batch_size: int) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
        yield from batch.to_pylist()


def _rows(files: list[Path], batch_size: int = 512) -> Iterator[dict[str, Any]]:
    """All rows of the part files, merged in input order (one batch per file in memory)."""
    import heapq

    return heapq.merge(*(_file_rows(path, batch_size) for path in files), key=_order)


def _key(row: dict[str, Any]) -> tuple[str, int, int]:
    return (row["src_file"], row["src_offset"], row["src_row"])


def _order(row: dict[str, Any]) -> tuple[str, int, int, int]:
    return (row["src_file"], row["src_offset"], row["src_row"], row.get("idx") or 0)


def _groups(rows: Iterable[dict[str, Any]]) -> Iterator[tuple[tuple[str, int, int], list[dict[str, Any]]]]:
    """Consecutive rows sharing a document key."""
    current: tuple[str, int, int] | None = None
    group: list[dict[str, Any]] = []
    for row in rows:
        key = _key(row)
        if key != current and group:
            yield current, group  # type: ignore[misc]
            group = []
        current = key
        group.append(row)
    if group:
        yield current, group  # type: ignore[misc]


class _Cursor:
    """A sorted stream of row groups, advanced to each document key in turn."""

    def __init__(self, rows: Iterable[dict[str, Any]]):
        self._it = _groups(rows)
        self._head = next(self._it, None)

    def take(self, key: tuple[str, int, int]) -> list[dict[str, Any]]:
        while self._head is not None and self._head[0] < key:
            self._head = next(self._it, None)  # rows of a document that is not stored
        if self._head is not None and self._head[0] == key:
            rows = self._head[1]
            self._head = next(self._it, None)
            return rows
        return []


def read_analyses(folder: str | Path) -> Iterator[Analysis]:
    """The analyses of an extraction run, in input order (streamed, flat memory)."""
    folder = Path(folder)
    doc_files = _files(folder, "documents")
    if not doc_files:
        raise LayoutError(
            f"{folder}: no documents/ Parquet dataset; pass the --out folder of `talkwatch spark extract`"
        )
    attributions = _Cursor(_rows(_files(folder, "attributions")))
    positions = _Cursor(_rows(_files(folder, "positions")))
    for doc_row in _rows(doc_files):
        key = _key(doc_row)
        yield analysis_from_rows(doc_row, attributions.take(key), positions.take(key))


def read_errors(folder: str | Path) -> list[str]:
    """The input errors an extraction run recorded, in input order."""
    return [row["error"] for row in _rows(_files(Path(folder), "errors"))]


# -- into the store -------------------------------------------------------------------------
def load_parquet(
    folder: str | Path,
    store: Store,
    *,
    progress: Callable[[int], None] | None = None,
    profile: Profile | None = None,
) -> IngestReport:
    """Store an extraction run: exact duplicates skipped, syndicated copies clustered.

    The same rules as ``talkwatch ingest`` (``talkwatch.ingest``'s deduplicator), and the
    same report; loading a folder twice adds nothing the second time.
    """
    report = IngestReport()
    report.errors.extend(read_errors(folder))
    dedup = Deduper(store)
    for analysis in read_analyses(folder):
        report.read += 1
        if progress:
            progress(1)
        if not dedup.admit(analysis.document, report):
            continue
        cluster, signature = dedup.cluster_of(analysis.document)
        with store.transaction():
            store.save_analysis(analysis, cluster, signature)
        report.stored += 1
        report.attributions += len(analysis.attributions)
        report.positions += len(analysis.positions)
        for warning in analysis.warnings:
            report.notices.append(f"{analysis.document.path or analysis.document.id}: {warning}")
    after_ingest(store, profile or load_profile())
    return report


def write_parquet(analyses: Iterable[Analysis], folder: str | Path, *, file_name: str = "part-00000.parquet") -> Path:
    """Write analyses in the same layout without Spark (tests, small runs, benchmarks)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in DATASETS}
    for row, analysis in enumerate(analyses):
        doc_row, attributions, positions = analysis_rows(analysis, ("", 0, row))
        tables["documents"].append(doc_row)
        tables["attributions"].extend(attributions)
        tables["positions"].extend(positions)
    for name, rows in tables.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=arrow_schema(name))
        pq.write_table(table, folder / name / file_name)
    return folder


def describe(folder: str | Path) -> dict[str, int]:
    """Row counts of each dataset (a cheap check of an extraction run)."""
    import pyarrow.parquet as pq

    out = {}
    for name in DATASETS:
        out[name] = sum(pq.ParquetFile(p).metadata.num_rows for p in _files(Path(folder), name))
    return out


__all__ = [
    "DATASETS", "LAYOUT", "LayoutError", "analysis_from_rows", "analysis_rows", "arrow_schema",
    "describe", "load_parquet", "read_analyses", "read_errors", "spark_ddl", "write_parquet",
]
