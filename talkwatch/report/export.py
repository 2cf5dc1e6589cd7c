"""Exports for the tools analysts already use.

``--format json|csv|parquet`` writes documents, attributions, positions and the board as
of a date; ``--format events`` writes one dyadic event record per position, loadable by
GDELT/POLECAT users. The stance → event mapping (documented in docs/exports.md):

| stance      | CAMEO root | CAMEO code | PLOVER       |
|-------------|-----------|------------|--------------|
| demand      | 10        | 100        | DEMAND       |
| reject      | 12        | 120        | REJECT       |
| accept      | 05        | 050        | AGREE        |
| agreed      | 05        | 057        | AGREE        |
| offer       | 03        | 030        | AGREE, mode intend |
| open        | 03        | 035        | AGREE, mode intend (intent to yield) |
| progress    | 04        | 046        | CONSULT      |
| no-position | 01        | 012        | CONSULT, mode decline-comment (PLOVER has no "decline to comment") |
| doubt       | 11        | 110        | DISAPPROVE   |
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..model import TALKS
from ..profile import Profile
from ..status import build_board
from ..store import Store

EVENT_MAP: dict[str, tuple[str, str, str, str]] = {
    # stance: (CAMEO root, CAMEO code, PLOVER event type, PLOVER mode)
    "demand": ("10", "100", "DEMAND", ""),
    "reject": ("12", "120", "REJECT", ""),
    "accept": ("05", "050", "AGREE", ""),
    "agreed": ("05", "057", "AGREE", ""),
    "offer": ("03", "030", "AGREE", "intend"),
    "open": ("03", "035", "AGREE", "intend"),
    "progress": ("04", "046", "CONSULT", ""),
    "no-position": ("01", "012", "CONSULT", "decline-comment"),
    "doubt": ("11", "110", "DISAPPROVE", ""),
}
EVENT_FIELDS = [
    "event_id", "date", "source_actor", "source_actor_label", "target_actor", "target_actor_label",
    "cameo_root", "cameo_code", "plover_type", "plover_mode", "stance", "issue", "conditions",
    "speaker", "speaker_kind", "via", "outlet", "url", "doc_id", "evidence",
]


def _target(holder: str, profile: Profile) -> str | None:
    """The other belligerent, where the holder is one of two belligerents."""
    belligerents = [p for p, party in profile.parties.items() if party.role == "belligerent"]
    if holder in belligerents and len(belligerents) == 2:
        return next(p for p in belligerents if p != holder)
    return None


def _label(profile: Profile, party: str | None) -> str | None:
    if party is None:
        return None
    if party == TALKS:
        return "both sides"
    return profile.parties[party].label if party in profile.parties else party


def event_records(store: Store, profile: Profile, as_of: str | None = None) -> list[dict[str, Any]]:
    out = []
    for row in store.positions(as_of=as_of):
        root, code, plover, mode = EVENT_MAP[row["stance"]]
        target = _target(row["holder"], profile)
        out.append({
            "event_id": f"tw-{row['id']}",
            "date": row.get("published"),
            "source_actor": row["holder"],
            "source_actor_label": _label(profile, row["holder"]),
            "target_actor": target,
            "target_actor_label": _label(profile, target),
            "cameo_root": root,
            "cameo_code": code,
            "plover_type": plover,
            "plover_mode": mode,
            "stance": row["stance"],
            "issue": row["issue"],
            "conditions": ";".join(row.get("conditions") or []),
            "speaker": row.get("source"),
            "speaker_kind": row.get("source_kind"),
            "via": row.get("via"),
            "outlet": row.get("outlet"),
            "url": row.get("url"),
            "doc_id": row.get("doc_key"),
            "evidence": row.get("evidence"),
        })
    return out


def tables(store: Store, profile: Profile, as_of: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """documents, attributions, positions and board rows as plain dicts."""
    args: tuple[Any, ...] = (as_of,) if as_of else ()
    where = "WHERE published IS NULL OR published <= ?" if as_of else ""
    documents = [
        {k: r[k] for k in r.keys() if k != "minhash"}
        for r in store.conn.execute(f"SELECT * FROM documents {where} ORDER BY id", args)
    ]
    keep = {d["id"] for d in documents}
    attributions = [
        dict(r) for r in store.conn.execute("SELECT * FROM attributions ORDER BY doc_id, idx") if r["doc_id"] in keep
    ]
    positions = store.positions(as_of=as_of)
    board = [c.as_dict() for c in build_board(store, profile, as_of).cells.values()]
    return {"documents": documents, "attributions": attributions, "positions": positions, "board": board}


def _flat(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_export(store: Store, profile: Profile, out: str | Path, fmt: str, as_of: str | None = None) -> list[Path]:
    """Write the export; returns the files written."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "events":
        rows = event_records(store, profile, as_of)
        path = folder / "events.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=EVENT_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        return [path]
    data = tables(store, profile, as_of)
    written = []
    for name, rows in data.items():
        if fmt == "json":
            path = folder / f"{name}.json"
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        elif fmt == "csv":
            path = folder / f"{name}.csv"
            fields = sorted({k for r in rows for k in r}) if rows else ["empty"]
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=fields)
                writer.writeheader()
                writer.writerows({k: _flat(v) for k, v in r.items()} for r in rows)
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            path = folder / f"{name}.parquet"
            flat = [{k: _flat(v) for k, v in r.items()} for r in rows]
            pq.write_table(pa.Table.from_pylist(flat) if flat else pa.table({"empty": []}), path)
        else:
            raise ValueError(f"unknown export format {fmt}")
        written.append(path)
    return written
