"""Score extracted positions against gold JSON files (../shared/ANNOTATION.md).

Inputs (any mix):

- a folder of ``<name>.txt`` + ``<name>.gold.json`` pairs; an ``index.jsonl`` in the folder
  (records with id, kind, speaker, date, outlet) supplies document metadata;
- a corpus JSONL (records id, text, published, outlet, speaker, kind) whose gold files are
  in the folder of the same stem (``dev.jsonl`` → ``dev/<id without .txt>.gold.json``).

Per document the gold and predicted positions are sets of (holder, issue, stance) triples;
a triple counts once however many sentences support it. Reported: micro P/R/F1 on triples
and on (holder, issue) pairs; stance accuracy on matched pairs (a pair is right when a
predicted stance for it is among its gold stances); per-issue, per-stance and per-kind
figures; the stance confusion table on matched pairs; and, per document, misses and false
positives (``format_positions_report(result, details=True)``).

Example::

    result = evaluate_positions(["../shared/examples", "../shared/corpus/dev.jsonl"], nlp, profile)
    print(format_positions_report(result))
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import STANCES, Document

if TYPE_CHECKING:
    from spacy.language import Language

    from ..profile import Profile

Triple = tuple[str, str, str]
SEED_PREFIX = "000_"


@dataclass
class GoldDoc:
    document: Document
    positions: list[dict[str, Any]] = field(default_factory=list)
    name: str = ""


# -- reading --------------------------------------------------------------------------------
def _strip_txt(name: str) -> str:
    return name[:-4] if name.endswith(".txt") else name


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _folder_meta(folder: Path) -> dict[str, dict[str, Any]]:
    index = folder / "index.jsonl"
    if not index.is_file():
        return {}
    meta = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            meta[_strip_txt(str(rec.get("id", "")))] = rec
    return meta


def read_folder(folder: Path) -> Iterator[GoldDoc]:
    """Documents and gold of a folder of .txt + .gold.json pairs (sorted by name)."""
    meta = _folder_meta(folder)
    for txt in sorted(folder.glob("*.txt")):
        gold = txt.with_name(txt.stem + ".gold.json")
        if not gold.is_file():
            continue
        rec = meta.get(txt.stem, {})
        kind = rec.get("kind") or "news"
        doc = Document(
            id=txt.name,
            text=txt.read_text(encoding="utf-8"),
            published=rec.get("date") or rec.get("published") or _read_json(gold).get("published"),
            outlet=rec.get("outlet"),
            kind=kind if kind in ("news", "transcript", "briefing", "speech", "statement") else "news",
            speaker=rec.get("speaker"),
            path=str(txt),
        )
        yield GoldDoc(doc, _read_json(gold).get("positions", []), txt.stem)


def read_jsonl(path: Path) -> Iterator[GoldDoc]:
    """Documents of a corpus JSONL and the gold files in the folder of the same stem."""
    gold_dir = path.with_suffix("")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        stem = _strip_txt(str(rec["id"]))
        gold = gold_dir / f"{stem}.gold.json"
        if not gold.is_file():
            continue
        doc = Document(
            id=str(rec["id"]),
            text=rec["text"],
            published=rec.get("published"),
            outlet=rec.get("outlet"),
            kind=rec.get("kind") or "news",
            speaker=rec.get("speaker"),
            title=rec.get("title"),
            path=str(path),
        )
        yield GoldDoc(doc, _read_json(gold).get("positions", []), stem)


def read_gold(paths: Iterable[str | Path]) -> list[GoldDoc]:
    """All gold documents under the given folders and JSONL files, each once."""
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = read_folder(path)
        elif path.is_file() and path.suffix == ".jsonl":
            found = read_jsonl(path)
        else:
            raise FileNotFoundError(f"{raw}: not a folder of .txt/.gold.json pairs nor a .jsonl corpus")
        for gd in found:
            if gd.name not in seen:
                seen.add(gd.name)
                docs.append(gd)
    return docs


# -- scoring --------------------------------------------------------------------------------
def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _pairs(triples: set[Triple]) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for h, i, s in triples:
        out[(h, i)].add(s)
    return out


def score_documents(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate figures from per-document records with 'gold'/'pred' triple lists."""
    tot = Counter()
    by_issue: dict[str, Counter] = defaultdict(Counter)
    by_stance: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    confusion: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        gold = {tuple(t) for t in item["gold"]}
        pred = {tuple(t) for t in item["pred"]}
        gp, pp = _pairs(gold), _pairs(pred)  # type: ignore[arg-type]
        matched = set(gp) & set(pp)
        right = sum(1 for k in matched if gp[k] & pp[k])
        counts = {
            "tp": len(gold & pred), "pred": len(pred), "gold": len(gold),
            "pair_tp": len(matched), "pair_pred": len(pp), "pair_gold": len(gp),
            "matched": len(matched), "stance_right": right,
        }
        tot.update(counts)
        by_kind[item.get("kind", "news")].update(counts)
        for key, table, idx in (("issue", by_issue, 1), ("stance", by_stance, 2)):
            for t in gold:
                table[t[idx]]["gold"] += 1
            for t in pred:
                table[t[idx]]["pred"] += 1
            for t in gold & pred:
                table[t[idx]]["tp"] += 1
        for k in matched:
            for g in sorted(gp[k]):
                if g in pp[k]:
                    confusion[g][g] += 1
                else:
                    confusion[g][sorted(pp[k] - gp[k])[0] if pp[k] - gp[k] else sorted(pp[k])[0]] += 1

    def block(c: Counter) -> dict[str, Any]:
        return {
            "triples": _prf(c["tp"], c["pred"], c["gold"]),
            "pairs": _prf(c["pair_tp"], c["pair_pred"], c["pair_gold"]),
            "stance_accuracy": round(c["stance_right"] / c["matched"], 4) if c["matched"] else 0.0,
            "matched_pairs": c["matched"],
            "documents": c["docs"] if "docs" in c else None,
        }

    result = block(tot)
    result["per_issue"] = {k: _prf(v["tp"], v["pred"], v["gold"]) for k, v in sorted(by_issue.items())}
    result["per_stance"] = {k: _prf(v["tp"], v["pred"], v["gold"]) for k, v in sorted(by_stance.items())}
    result["per_kind"] = {k: block(v) for k, v in sorted(by_kind.items())}
    for k in result["per_kind"]:
        result["per_kind"][k]["documents"] = sum(1 for it in items if it.get("kind", "news") == k)
    result["documents"] = len(items)
    result["confusion"] = {g: dict(row) for g, row in sorted(confusion.items())}
    return result


def _gold_triples(positions: list[dict[str, Any]]) -> list[Triple]:
    return sorted({(p["holder"], p["issue"], p["stance"]) for p in positions})


def _attribute(parsed: Any, document: Document, profile: "Profile") -> list[Any]:
    try:
        from ..nlp.attribution import find_attributions
    except ImportError:
        return []
    try:
        return list(find_attributions(parsed, profile, document))
    except Exception:  # the scorer measures positions even when attribution fails
        return []


def seed_counts(items: list[dict[str, Any]]) -> dict[str, int] | None:
    """How many seed positions (documents named ``000_…``) are found, counted per annotated
    position and per distinct triple; None when no seed document was scored."""
    seeds = [it for it in items if it["document"].startswith(SEED_PREFIX)]
    if not seeds:
        return None
    pred = [set(map(tuple, it["pred"])) for it in seeds]
    return {
        "found": sum(1 for it, p in zip(seeds, pred) for t in it["gold_positions"] if tuple(t) in p),
        "total": sum(len(it["gold_positions"]) for it in seeds),
        "triples_found": sum(len(set(map(tuple, it["gold"])) & p) for it, p in zip(seeds, pred)),
        "triples_total": sum(len(it["gold"]) for it in seeds),
    }


def evaluate_positions(paths: list[str], nlp: "Language", profile: "Profile") -> dict[str, Any]:
    """Run the pipeline over gold documents and score positions (see module docstring)."""
    from ..nlp.positions import find_positions

    golds = read_gold(paths)
    items: list[dict[str, Any]] = []
    parsed_docs = nlp.pipe((g.document.text for g in golds), batch_size=16)
    for gd, parsed in zip(golds, parsed_docs):
        attributions = _attribute(parsed, gd.document, profile)
        positions = find_positions(parsed, attributions, profile, gd.document)
        pred = sorted({(p.holder, p.issue, p.stance) for p in positions})
        evidence = {f"{p.holder}|{p.issue}|{p.stance}": p.evidence.text[:200] for p in reversed(positions)}
        gold_evidence = {f"{p['holder']}|{p['issue']}|{p['stance']}": p.get("evidence", "")[:200] for p in gd.positions}
        items.append({
            "document": gd.name,
            "gold_positions": [(p["holder"], p["issue"], p["stance"]) for p in gd.positions],
            "kind": gd.document.kind,
            "gold": _gold_triples(gd.positions),
            "pred": pred,
            "pred_evidence": evidence,
            "gold_evidence": gold_evidence,
        })
    result = score_documents(items)
    seed = seed_counts(items)
    if seed:
        result["seed"] = seed
    result["details"] = items
    return result


# -- report ---------------------------------------------------------------------------------
def _line(name: str, m: dict[str, Any]) -> str:
    return f"  {name:<22} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}   (tp {m['tp']}, pred {m['pred']}, gold {m['gold']})"


def format_positions_report(result: dict[str, Any], details: bool = False) -> str:
    """A plain-text report; with details, each document's misses and false positives."""
    out = [f"Positions: {result['documents']} documents"]
    out.append(_line("triples", result["triples"]))
    out.append(_line("(holder, issue) pairs", result["pairs"]))
    out.append(f"  stance accuracy on {result['matched_pairs']} matched pairs: {result['stance_accuracy']:.3f}")
    if "seed" in result:
        seed = result["seed"]
        out.append(
            f"  seed positions found: {seed['found']} of {seed['total']}"
            f" ({seed.get('triples_found', seed['found'])} of {seed.get('triples_total', seed['total'])} distinct triples)"
        )
    out.append("\nPer document kind (triples; pairs F1; stance accuracy):")
    for kind, m in result["per_kind"].items():
        t = m["triples"]
        out.append(
            f"  {kind:<11} docs {m['documents']:>2}  P {t['p']:.3f} R {t['r']:.3f} F1 {t['f1']:.3f}"
            f"   pairs F1 {m['pairs']['f1']:.3f}   stance acc {m['stance_accuracy']:.3f}"
        )
    out.append("\nPer stance (triples):")
    out.extend(_line(k, v) for k, v in result["per_stance"].items())
    out.append("\nPer issue (triples):")
    out.extend(_line(k, v) for k, v in result["per_issue"].items())
    out.append("\nStance confusion on matched pairs (rows gold, columns predicted):")
    cols = [s for s in STANCES if any(s in row for row in result["confusion"].values())]
    out.append("  " + " " * 12 + "".join(f"{c[:8]:>9}" for c in cols))
    for g, row in result["confusion"].items():
        out.append(f"  {g:<12}" + "".join(f"{row.get(c, 0):>9}" for c in cols))
    if details:
        out.append("\nDetails (- missed gold, + false positive):")
        for it in result["details"]:
            gold, pred = set(map(tuple, it["gold"])), set(map(tuple, it["pred"]))
            if gold == pred:
                continue
            out.append(f"\n== {it['document']} ({it['kind']})  tp {len(gold & pred)} / gold {len(gold)} / pred {len(pred)}")
            for t in sorted(gold - pred):
                out.append(f"  - {' '.join(t):<50} | {it['gold_evidence'].get('|'.join(t), '')[:150]!r}")
            for t in sorted(pred - gold):
                out.append(f"  + {' '.join(t):<50} | {it['pred_evidence'].get('|'.join(t), '')[:150]!r}")
    return "\n".join(out)
