"""Attribution against talkwatch's own gold files (``*.gold.json`` beside ``*.txt``).

A gold attribution gives the speaker as resolved in the text, its kind, the cue, ``via``
and a distinctive exact substring of the content. A prediction *finds* it when its content
span covers at least half of that substring's first occurrence (or the substring covers
half of the prediction). For each found one we check the speaker (same person through the
profile, or the same words once folded), the kind (``named``/``anonymous``/``institutional``;
a resolved pronoun counts as its antecedent's kind) and ``via``.

``via`` is checked where the gold says it: the row's own ``via`` key, or else the ``via``
of the file's gold positions whose evidence lies in the row's content and whose source is
the row's speaker (the worked example records relays on its positions only). A row with
neither leaves ``via`` unchecked; the report says how many rows were checked.

    talkwatch eval attribution ../shared/examples
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Attribution, Document
from ..profile import Profile, fold

if TYPE_CHECKING:
    from spacy.language import Language

KIND_OF_PRONOUN = {"pronoun": None, "document": "named"}


def gold_pairs(folder: str | Path) -> list[tuple[Path, Path]]:
    """(text, gold) pairs in a folder of ``NAME.txt`` + ``NAME.gold.json``."""
    out = []
    for gold in sorted(Path(folder).glob("*.gold.json")):
        text = gold.with_name(gold.name[: -len(".gold.json")] + ".txt")
        if text.exists():
            out.append((text, gold))
    return out


def _span_of(text: str, needle: str) -> tuple[int, int] | None:
    at = text.find(needle)
    return (at, at + len(needle)) if at >= 0 else None


def _covers(pred: Attribution, gold: tuple[int, int]) -> bool:
    a, b = pred.content.start, pred.content.end
    overlap = max(0, min(b, gold[1]) - max(a, gold[0]))
    return overlap >= 0.5 * (gold[1] - gold[0]) or (b > a and overlap >= 0.5 * (b - a))


def same_speaker(pred: str | None, gold: str, profile: Profile) -> bool:
    """The same person via the profile, or the same words (one containing the other)."""
    if not pred:
        return False
    a, b = profile.person(pred), profile.person(gold)
    if a is not None and b is not None:
        return a.name == b.name
    x, y = fold(pred), fold(gold)
    return x == y or (len(min(x, y, key=len)) >= 4 and (x in y or y in x))


def _kind(pred: Attribution, preds: list[Attribution]) -> str:
    if pred.speaker_kind in ("pronoun", "document"):
        person_like = pred.descriptor is None and pred.party is not None
        return "named" if person_like or pred.speaker_kind == "document" else "anonymous"
    return pred.speaker_kind


def expected_via(text: str, row: dict[str, Any], gold: dict[str, Any], profile: Profile) -> tuple[bool, str | None]:
    """(whether the gold says, the relayed speaker or None) for one gold attribution row."""
    if "via" in row:
        return True, row["via"]
    span = _span_of(text, row["content"])
    if span is None:
        return False, None
    for position in gold.get("positions", []):
        evidence = _span_of(text, position.get("evidence") or "")
        if (evidence is not None and span[0] <= evidence[0] and evidence[1] <= span[1]
                and same_speaker(position.get("source"), row["speaker"], profile)):
            return True, position.get("via")
    return False, None


def score_document(text: str, gold: dict[str, Any], preds: list[Attribution], profile: Profile) -> dict[str, Any]:
    rows = []
    for g in gold.get("attributions", []):
        span = _span_of(text, g["content"])
        candidates = [p for p in preds if span and _covers(p, span)]
        best = next((p for p in candidates if same_speaker(p.speaker, g["speaker"], profile)), None) or (
            candidates[0] if candidates else None)
        row = {"gold": g, "found": best is not None}
        if best is not None:
            via_known, via_gold = expected_via(text, g, gold, profile)
            row.update(
                speaker=best.speaker,
                speaker_ok=same_speaker(best.speaker, g["speaker"], profile),
                kind=_kind(best, preds),
                kind_ok=_kind(best, preds) == g.get("speaker_kind"),
                via=best.via,
                via_gold=via_gold,
                via_checked=via_known,
                via_ok=not via_known or (best.via is None and via_gold is None)
                or (best.via is not None and via_gold is not None and same_speaker(best.via, via_gold, profile)),
            )
        rows.append(row)
    return {"rows": rows, "predicted": len(preds)}


def evaluate_gold_attribution(folder: str | Path, nlp: "Language", profile: Profile,
                              model: str | None = None) -> dict[str, Any]:
    """Score ``find_attributions`` (with the learned cue ``model`` file, if given)."""
    from ..nlp.attribution import find_attributions
    from ..nlp.learned import load_model

    cue_model = load_model(model)

    docs = []
    for text_path, gold_path in gold_pairs(folder):
        text = text_path.read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        document = Document(id=text_path.name, text=text, published=gold.get("published"),
                            kind=gold.get("kind") or "news", speaker=gold.get("speaker"))
        preds = find_attributions(nlp(text), profile, document, model=cue_model)
        docs.append({"document": text_path.name, **score_document(text, gold, preds, profile)})
    rows = [r for d in docs for r in d["rows"]]
    found = [r for r in rows if r["found"]]
    return {
        "folder": str(folder),
        "documents": docs,
        "gold": len(rows),
        "found": len(found),
        "speaker_ok": sum(r["speaker_ok"] for r in found),
        "kind_ok": sum(r["kind_ok"] for r in found),
        "via_ok": sum(r["via_ok"] for r in found),
        "via_checked": sum(r["via_checked"] for r in found),
        "via_checked_ok": sum(r["via_ok"] for r in found if r["via_checked"]),
        "all_ok": sum(r["speaker_ok"] and r["kind_ok"] and r["via_ok"] for r in found),
        "predicted": sum(d["predicted"] for d in docs),
    }


def format_gold_attribution_report(result: dict[str, Any], details: bool = False) -> str:
    n = result["gold"] or 1
    lines = [
        f"Attribution against gold files — {result['folder']}: {len(result['documents'])} document(s)",
        f"  gold attributions found        {result['found']:3} of {result['gold']}  ({result['found'] / n:.0%})",
        f"  with the right speaker         {result['speaker_ok']:3}",
        f"  with the right kind            {result['kind_ok']:3}",
        f"  with the right via             {result['via_ok']:3}   ({result['via_checked_ok']} of "
        f"{result['via_checked']} where the gold gives a via or none)",
        f"  right speaker, kind and via    {result['all_ok']:3}",
        f"  predicted attributions         {result['predicted']:3}",
    ]
    if details:
        for d in result["documents"]:
            for r in d["rows"]:
                g = r["gold"]
                if not r["found"]:
                    lines.append(f"  MISSED  {g['speaker']}: {g['content'][:80]}")
                elif not (r["speaker_ok"] and r["kind_ok"] and r["via_ok"]):
                    lines.append(f"  WRONG   {g['speaker']} ({g['speaker_kind']}, via {r['via_gold']}) → "
                                 f"{r['speaker']} ({r['kind']}, via {r['via']}): {g['content'][:60]}")
    return "\n".join(lines)
