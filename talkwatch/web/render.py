"""Jinja rendering shared by the web app and the static report (autoescaping always on)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..views import STANCE_COLOURS

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["colour"] = lambda stance: STANCE_COLOURS.get(stance, "#bbb")
    env.globals["stance_colours"] = STANCE_COLOURS
    env.filters["pct"] = lambda v: f"{float(v) * 100:.0f}%"
    return env


def timeline(points: list[dict[str, Any]], parties: list[str], width: int = 900, row: int = 34) -> dict[str, Any]:
    """SVG geometry for a stance-over-time plot: one row per party, one dot per statement."""
    dated = [p for p in points if p.get("date")]
    if not dated:
        return {"width": width, "height": 40, "dots": [], "rows": [], "ticks": []}
    days = [date.fromisoformat(p["date"][:10]).toordinal() for p in dated]
    lo, hi = min(days), max(days)
    span = max(hi - lo, 1)
    left, right = 150, 50
    rows = [p for p in parties if any(d["party"] == p for d in dated)]
    index = {p: i for i, p in enumerate(rows)}
    dots = []
    for p, day in zip(dated, days):
        x = left + (day - lo) / span * (width - left - right)
        y = 30 + index[p["party"]] * row
        dots.append({**p, "x": round(x, 1), "y": y})
    ticks = []
    for k in range(5):
        day = lo + span * k // 4
        ticks.append({"x": round(left + (day - lo) / span * (width - left - right), 1),
                      "label": date.fromordinal(day).isoformat()})
    return {
        "width": width, "height": 40 + len(rows) * row,
        "rows": [{"party": p, "y": 30 + i * row} for i, p in enumerate(rows)],
        "dots": dots, "ticks": ticks, "left": left,
    }
