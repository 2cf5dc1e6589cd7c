"""The status board from a step table: milliseconds over a million positions.

``talkwatch.status.build_board`` reads every position up to the as-of date into Python;
over 1,000,000 positions that takes minutes. This module keeps, beside the positions, a
*step table* from which any as-of board is a few thousand index seeks.

Why it works: a statement's weight is ``base × 2^(−(N − day)/HALF_LIFE)``, with ``base``
= standing × directness (``talkwatch.status.weigh``) and ``N`` the day of the cell's
newest statement. Scaled by ``2^(N/HALF_LIFE)`` it no longer depends on ``N``. A cluster
adds the *largest* weight of its statements for a stance; as the as-of date moves forward
that maximum only steps up, on the days a statement beats the cluster's earlier best. So
the score of (party, issue, stance) as of a date is the sum of those step-ups on days up
to it — a prefix sum, stored cumulatively per day, found with one seek, then scaled to
the cell's newest day. Statement, source (cluster) and outlet counts are prefix counts of
first appearances, stored the same way. Undated statements count at every date with full
weight, as in ``status``; clusters holding them are kept apart and scored at query time.

Stance choice, confidence and levels follow ``status.score_cell``. One difference:
``status`` rounds each statement's weight to 4 decimals before summing; the step table
sums exact weights, so scores can differ in the last decimals (``board_differences``
compares with a tolerance), and where two stances score within that rounding of each
other (a near tie) either may come out on top.

The table is rebuilt (``refresh``) when positions are added or the profile changes; a
read-only store gets it as temporary tables, built once per connection.

Example::

    from talkwatch import fastboard
    board = fastboard.build_board(store, profile, as_of="2022-04-01")
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import time
from collections import defaultdict
from datetime import date
from typing import Any

from .profile import Profile
from .status import (
    DIRECTNESS,
    HALF_LIFE_DAYS,
    STANDING,
    Board,
    Cell,
    assemble_board,
    choose_stance,
    level_of,
    weigh,
)

UNDATED = -(10**7)  # the day undated statements count from: before every as-of date
_COLUMNS = "holder, issue, stance, cluster, published, outlet, conditions, source, source_kind, source_party, via, mode"
_TABLES = """
CREATE TABLE IF NOT EXISTS {s}fastboard_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS {s}fastboard_keys (
    id INTEGER PRIMARY KEY, holder TEXT, issue TEXT, stance TEXT);
CREATE TABLE IF NOT EXISTS {s}fastboard_steps (
    key INTEGER, day INTEGER,
    score REAL, n INTEGER, sources INTEGER, outlets INTEGER, conditions TEXT,
    PRIMARY KEY (key, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {s}fastboard_undated (
    holder TEXT, issue TEXT, stance TEXT, cluster TEXT, day INTEGER, base REAL);
"""


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None  # an unreadable date weighs like an undated statement, as in status._days


def fingerprint(profile: Profile) -> str:
    """What the weights depend on: the profile's people and the status constants."""
    people = sorted(
        (p.name, party.id, bool(p.principal)) for party in profile.parties.values() for p in party.people
    )
    data = json.dumps([people, STANDING, DIRECTNESS, HALF_LIFE_DAYS], sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _positions_state(conn: sqlite3.Connection) -> str:
    """The newest position id: O(1), and positions are only ever appended (a deletion
    needs ``refresh(store, profile, force=True)``)."""
    return str(conn.execute("SELECT COALESCE(MAX(id), 0) FROM positions").fetchone()[0])


def _schema(conn: sqlite3.Connection) -> str:
    """'' when the step table lives in the store, 'temp.' when the store is read-only."""
    for prefix in ("", "temp."):
        found = conn.execute(
            f"SELECT 1 FROM {prefix or 'main.'}sqlite_master WHERE name = 'fastboard_meta'"
        ).fetchone()
        if found:
            return prefix
    return ""


def is_fresh(store: Any, profile: Profile) -> bool:
    conn = store.conn
    prefix = _schema(conn)
    try:
        meta = dict(conn.execute(f"SELECT key, value FROM {prefix}fastboard_meta").fetchall())
    except sqlite3.OperationalError:
        return False
    return meta.get("profile") == fingerprint(profile) and meta.get("positions") == _positions_state(conn)


def refresh(store: Any, profile: Profile, *, force: bool = False) -> bool:
    """(Re)build the step table when stale; True when it was rebuilt."""
    if not force and is_fresh(store, profile):
        return False
    conn = store.conn
    readonly = getattr(store, "readonly", False) or _readonly(conn)
    prefix = "temp." if getattr(store, "path", "") != ":memory:" and readonly else ""
    steps, conditions, undated = _compute(conn, profile)
    _write(conn, prefix, steps, conditions, undated, fingerprint(profile))
    return True


def _readonly(conn: sqlite3.Connection) -> bool:
    """For connections not made by ``Store`` (which says whether it is read-only)."""
    if conn.execute("PRAGMA query_only").fetchone()[0]:
        return True
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS fastboard_meta (key TEXT PRIMARY KEY, value TEXT)")
        return False
    except sqlite3.OperationalError:
        return True


def _compute(conn: sqlite3.Connection, profile: Profile) -> tuple[dict, dict, list]:
    """Per (holder, issue, stance): day → [score step, statements, new clusters, new outlets]."""
    steps: dict[tuple[str, str, str], dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0, 0, 0]))
    first_outlet: dict[tuple[str, str, str, str], int] = {}
    first_condition: dict[tuple[str, str, str, str], int] = {}
    undated: list[tuple[Any, ...]] = []
    bases: dict[tuple[Any, ...], float] = {}
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(f"SELECT {_COLUMNS} FROM positions ORDER BY holder, issue, stance, cluster")
    group: list[tuple[Any, ...]] = []
    for row in rows:
        if group and row[:4] != group[0][:4]:
            _group(group, steps, undated, bases, profile)
            group = []
        group.append(row)
        key, day = row[:3], _day(row[4])
        for name, seen in ((row[5], first_outlet), *((c, first_condition) for c in _conditions(row[6]))):
            if name:
                slot = (*key, name)
                seen[slot] = min(seen.get(slot, day if day is not None else UNDATED), day if day is not None else UNDATED)
    if group:
        _group(group, steps, undated, bases, profile)
    for (h, i, s, _outlet), day in first_outlet.items():
        steps[(h, i, s)][day][3] += 1
    return steps, first_condition, undated


def _conditions(raw: str | None) -> list[str]:
    return json.loads(raw) if raw and raw != "[]" else []


def _base(row: tuple[Any, ...], bases: dict[tuple[Any, ...], float], profile: Profile) -> float:
    key = (row[0], row[7], row[8], row[9], row[10], row[11])
    if key not in bases:
        record = dict(zip(("holder", "source", "source_kind", "source_party", "via", "mode"), key))
        bases[key] = weigh(record, profile)[0]  # standing × directness
    return bases[key]


def _group(group: list[tuple[Any, ...]], steps: dict, undated: list, bases: dict, profile: Profile) -> None:
    """One cluster's statements for one (holder, issue, stance)."""
    holder, issue, stance, cluster = group[0][:4]
    table = steps[(holder, issue, stance)]
    days = [_day(r[4]) for r in group]
    first = min((d if d is not None else UNDATED) for d in days)
    table[first][2] += 1
    for d in days:
        table[d if d is not None else UNDATED][1] += 1
    if any(d is None for d in days):  # scored at query time
        undated.extend((holder, issue, stance, cluster, d, _base(r, bases, profile)) for r, d in zip(group, days))
        return
    best = 0.0
    for d, row in sorted(zip(days, group), key=lambda x: x[0]):
        value = _base(row, bases, profile) * _scale(d)  # type: ignore[arg-type]
        if value > best:
            table[d][0] += value - best  # type: ignore[index]
            best = value


_EPOCH = date(2000, 1, 1).toordinal()


def _scale(day: int) -> float:
    """2^((day − 2000-01-01)/HALF_LIFE): weights at a common reference date."""
    return 2.0 ** ((day - _EPOCH) / HALF_LIFE_DAYS)


def _write(conn: sqlite3.Connection, prefix: str, steps: dict, conditions: dict, undated: list, profile_fp: str) -> None:
    conn.execute("BEGIN IMMEDIATE" if not prefix else "BEGIN")
    try:
        for table in ("meta", "steps", "keys", "undated"):  # dropped, so a changed layout is recreated
            conn.execute(f"DROP TABLE IF EXISTS {prefix}fastboard_{table}")
        for statement in _TABLES.format(s=prefix).strip().split(";"):
            if statement.strip():
                conn.execute(statement)
        first_days: dict[tuple[str, str, str], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for (h, i, s, condition), day in conditions.items():
            first_days[(h, i, s)][day].append(condition)
        rows = []
        for number, (key, by_day) in enumerate(steps.items(), 1):
            score = n = sources = outlets = 0.0
            held: list[str] = []
            for day in sorted(by_day):
                step = by_day[day]
                score, n, sources, outlets = score + step[0], n + step[1], sources + step[2], outlets + step[3]
                held = sorted(held + first_days[key][day]) if day in first_days.get(key, {}) else held
                rows.append((number, day, score, int(n), int(sources), int(outlets), json.dumps(held) if held else None))
        conn.executemany(f"INSERT INTO {prefix}fastboard_steps VALUES (?,?,?,?,?,?,?)", rows)
        conn.executemany(f"INSERT INTO {prefix}fastboard_keys VALUES (?,?,?,?)", [(n, *k) for n, k in enumerate(steps, 1)])
        conn.executemany(f"INSERT INTO {prefix}fastboard_undated VALUES (?,?,?,?,?,?)", undated)
        conn.executemany(
            f"INSERT INTO {prefix}fastboard_meta VALUES (?,?)",
            [("profile", profile_fp), ("positions", _positions_state(conn)), ("built_at", repr(time.time()))],
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# -- the board ------------------------------------------------------------------------------
_STEP_SQL = """
SELECT k.holder, k.issue, k.stance, s.day, s.score, s.n, s.sources, s.outlets, s.conditions
FROM {p}fastboard_keys k CROSS JOIN {p}fastboard_steps s  -- CROSS: keys outer, always
  ON s.key = k.id
 AND s.day = (SELECT MAX(x.day) FROM {p}fastboard_steps x WHERE x.key = k.id AND x.day <= ?)
"""


def build_board(
    store: Any,
    profile: Profile,
    as_of: str | None = None,
    party: str | None = None,
    issue: str | None = None,
    *,
    refresh_stale: bool = True,
) -> Board:
    """The same board as ``talkwatch.status.build_board`` (cells without evidence lists)."""
    if refresh_stale:
        refresh(store, profile)
    conn = store.conn
    prefix = _schema(conn)
    end = as_of or conn.execute("SELECT MAX(published) FROM positions").fetchone()[0]
    limit = _day(end) if _day(end) is not None else 10**8
    found: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for h, i, s, day, score, n, sources, outlets, conditions in conn.execute(_STEP_SQL.format(p=prefix), (limit,)):
        found[(h, i)].append([s, score, n, sources, outlets, day if day != UNDATED else None, conditions])
    undated = _undated_groups(conn, prefix, limit)
    cells = {key: _cell(key, found[key], undated.get(key, {})) for key in sorted(found)}
    return assemble_board(cells, profile, end, party, issue)


def _undated_groups(conn: sqlite3.Connection, prefix: str, limit: int) -> dict[tuple[str, str], dict]:
    """(holder, issue) → (stance, cluster) → [(day, base)] for clusters with undated statements."""
    out: dict[tuple[str, str], dict] = defaultdict(lambda: defaultdict(list))
    for h, i, s, cluster, day, base in conn.execute(f"SELECT * FROM {prefix}fastboard_undated"):
        if day is None or day <= limit:
            out[(h, i)][(s, cluster)].append((day, base))
    return out


def _cell(key: tuple[str, str], stances: list[list[Any]], undated: dict) -> Cell:
    """One cell from its per-stance prefix sums, by the rules of ``status.score_cell``.

    Recency is measured from the cell's newest statement: the scaled sums are brought to
    that day; clusters holding undated statements are scored directly.
    """
    newest = max((x[5] for x in stances if x[5] is not None), default=None)
    factor = 2.0 ** ((_EPOCH - newest) / HALF_LIFE_DAYS) if newest is not None else 0.0
    scores = {x[0]: x[1] * factor for x in stances}
    for (stance, _cluster), rows in undated.items():
        scores[stance] = scores.get(stance, 0.0) + max(
            base * (0.5 ** ((newest - day) / HALF_LIFE_DAYS) if day is not None and newest is not None else 1.0)
            for day, base in rows
        )
    latest = {x[0]: x[5] or 0 for x in stances}
    stance, top, confidence = choose_stance(scores, latest)
    chosen = next(x for x in stances if x[0] == stance)
    return Cell(
        party=key[0], issue=key[1], stance=stance, confidence=round(confidence, 3), level=level_of(confidence),
        score=round(top, 3), evidence_count=sum(x[2] for x in stances), sources=chosen[3], outlets=chosen[4],
        conditions=json.loads(chosen[6]) if chosen[6] else [],
        scores={k: round(v, 3) for k, v in sorted(scores.items())},
        last_date=date.fromordinal(newest).isoformat() if newest is not None else None,
    )


def same_board(a: Board, b: Board, tolerance: float = 0.01) -> bool:
    """Same cells, stances, counts, conditions and dates; scores within ``tolerance``."""
    return not board_differences(a, b, tolerance)


def board_differences(a: Board, b: Board, tolerance: float = 0.01) -> list[str]:
    out = []
    if (a.as_of, a.parties, a.issues, a.issue_status) != (b.as_of, b.parties, b.issues, b.issue_status):
        out.append("board header or issue statuses differ")
    for key in sorted(set(a.cells) | set(b.cells)):
        x, y = a.cells.get(key), b.cells.get(key)
        if x is None or y is None:
            out.append(f"{key}: only in one board")
            continue
        exact = ("stance", "level", "evidence_count", "sources", "outlets", "conditions", "last_date")
        if x.stance != y.stance and _near_tie(x, y.stance, tolerance) and _near_tie(y, x.stance, tolerance):
            exact = ("evidence_count", "last_date")  # a (near) tie: rounding decides, either stance is right
        for name in exact:
            if getattr(x, name) != getattr(y, name):
                out.append(f"{key}: {name} {getattr(x, name)!r} != {getattr(y, name)!r}")
        if not math.isclose(x.score, y.score, rel_tol=tolerance, abs_tol=tolerance):
            out.append(f"{key}: score {x.score} != {y.score}")
    return out


def _near_tie(cell: Cell, other: str, tolerance: float) -> bool:
    """The cell's stance and ``other`` score within rounding of each other."""
    top, rival = cell.scores.get(cell.stance, 0.0), cell.scores.get(other, 0.0)
    return abs(top - rival) <= max(0.002, tolerance * 0.2 * top)


# -- choosing the board for display -----------------------------------------------------------
SMALL_STORE = 20_000  # positions: below this, status.build_board is fast enough to run exactly
MAX_STALE_SECONDS = 300.0


def _meta(store: Any) -> dict[str, str]:
    conn = store.conn
    prefix = _schema(conn)
    try:
        return dict(conn.execute(f"SELECT key, value FROM {prefix}fastboard_meta").fetchall())
    except sqlite3.OperationalError:
        return {}


def quick_board(
    store: Any, profile: Profile, as_of: str | None = None, party: str | None = None, issue: str | None = None
) -> Board:
    """The board for display (CLI status, dashboard), fast on any store size.

    * A small store gets the exact ``status.build_board`` (a few hundred ms at most).
    * A large store uses the step table: as is when it is fresh, or when an ingest is adding
      to it right now and it was built less than ``MAX_STALE_SECONDS`` ago (the board then
      lags the writer by at most that long; ``talkwatch ingest`` rebuilds it when it ends);
      rebuilt otherwise.
    """
    from .status import build_board as exact_board

    meta = _meta(store)
    usable = meta.get("profile") == fingerprint(profile)
    if usable and meta.get("positions") == _positions_state(store.conn):
        return build_board(store, profile, as_of, party, issue, refresh_stale=False)
    if int(_positions_state(store.conn)) <= SMALL_STORE:  # ids are only appended: max id ≥ count
        return exact_board(store, profile, as_of, party, issue)
    if usable and time.time() - float(meta.get("built_at", "0")) < MAX_STALE_SECONDS:
        return build_board(store, profile, as_of, party, issue, refresh_stale=False)
    return build_board(store, profile, as_of, party, issue)


def after_ingest(store: Any, profile: Profile) -> bool:
    """Rebuild the step table after a batch was stored, when the store is large enough to use it."""
    if int(_positions_state(store.conn)) <= SMALL_STORE:
        return False
    return refresh(store, profile)
