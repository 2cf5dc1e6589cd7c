"""The ``talkwatch`` command: a thin layer over the library.

Each command opens the store, calls one or two library functions and prints. Library
errors (TalkwatchError) become one-line messages and exit code 2; a batch in which some
inputs failed exits with 1 after storing everything valid.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_scale import load as load_command
from .cli_scale import spark as spark_group
from .cliutil import DEFAULT_DB, print_ingest_report
from .cliutil import fail_cleanly as _fail_cleanly
from .errors import QueryError, TalkwatchError
from .model import STANCES
from .profile import Profile, load_profile
from .store import Store

SHARED = Path("..") / "shared"


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"--{name} '{value}' is not a date; use YYYY-MM-DD")


def _check_party_issue(profile: Profile, party: str | None, issue: str | None) -> None:
    if party and not profile.is_party(party):
        raise QueryError(f"unknown party '{party}'; known: {', '.join(profile.party_ids[:12])}, ... (see --profile)")
    if issue and issue not in profile.issues:
        raise QueryError(f"unknown issue '{issue}'; known: {', '.join(profile.issues)}")


db_option = click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
profile_option = click.option(
    "--profile", "profile_path", default=None, help="Negotiation profile (YAML); default: the shipped Russia–Ukraine one."
)


@click.group()
@click.version_option(__version__, prog_name="talkwatch")
def main() -> None:
    """talkwatch: where a negotiation stands, with evidence for every cell."""


# -- ingest ----------------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@profile_option
@click.option("--field", "field_map", multiple=True, metavar="NAME=COLUMN", help="Map a record field, e.g. text=body.")
@click.option("--processes", "-j", default=1, show_default=True, help="Worker processes for analysis.")
@click.option("--max-bytes", default=20_000_000, show_default=True,
              help="Refuse one document (a file, or one JSONL/CSV record) larger than this.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@_fail_cleanly
def ingest(paths: tuple[str, ...], db: str, profile_path: str | None, field_map: tuple[str, ...],
           processes: int, max_bytes: int, progress: bool | None) -> None:
    """Read text, HTML, JSONL, CSV and RSS/Atom files (or folders) into the store.

    Example: talkwatch ingest demo/ --db talkwatch.db
    """
    from .ingest import FieldMap, ingest as run_ingest

    fields = FieldMap()
    for item in field_map:
        name, _, column = item.partition("=")
        if not hasattr(fields, name) or not column or name == "aliases":
            raise QueryError(f"--field '{item}': use NAME=COLUMN with NAME one of id, text, published, outlet, url, title, kind, speaker")
        setattr(fields, name, column)
    profile = load_profile(profile_path)
    store = Store(db)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="ingest", file=sys.stderr)
    try:
        report = run_ingest(list(paths), store, profile, fields=fields, n_process=processes,
                            max_bytes=max_bytes, progress=bar.update if bar else None)
    except KeyboardInterrupt:
        click.echo("interrupted: every document stored so far is complete; run the same command again to continue",
                   err=True)
        sys.exit(130)
    if bar:
        bar.close()
    print_ingest_report(report, store, db)


# -- queries ---------------------------------------------------------------------------
def _open(db: str) -> Store:
    return Store(db, readonly=True)


@main.command()
@db_option
@profile_option
@click.option("--as-of", default=None, help="Board as of this date (YYYY-MM-DD).")
@click.option("--party", default=None)
@click.option("--issue", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_fail_cleanly
def status(db: str, profile_path: str | None, as_of: str | None, party: str | None, issue: str | None, as_json: bool) -> None:
    """The board: parties × issues with stance, confidence and evidence count."""
    from .fastboard import quick_board
    from .textout import format_board

    profile = load_profile(profile_path)
    _check_party_issue(profile, party, issue)
    board = quick_board(_open(db), profile, _date(as_of, "as-of"), party, issue)
    if as_json:
        click.echo(json.dumps(board.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_board(board, profile))


@main.command()
@click.argument("party")
@click.argument("issue")
@db_option
@profile_option
@click.option("--as-of", default=None)
@click.option("--json", "as_json", is_flag=True)
@_fail_cleanly
def evidence(party: str, issue: str, db: str, profile_path: str | None, as_of: str | None, as_json: bool) -> None:
    """The statements behind one cell: speaker, kind, outlet, date, sentence, weight."""
    from .status import build_board
    from .textout import format_evidence

    profile = load_profile(profile_path)
    _check_party_issue(profile, party, issue)
    board = build_board(_open(db), profile, _date(as_of, "as-of"), party, issue)
    cell = board.cells.get((party, issue))
    if as_json:
        click.echo(json.dumps(cell.as_dict(with_evidence=True) if cell else None, indent=2, ensure_ascii=False))
        return
    if cell is None:
        click.echo(f"no evidence on {party} × {issue}" + (f" as of {as_of}" if as_of else ""))
        return
    click.echo(format_evidence(cell))


@main.command()
@click.option("--since", required=True, help="Compare the board at this date with now (or --as-of).")
@db_option
@profile_option
@click.option("--as-of", default=None)
@click.option("--party", default=None)
@click.option("--json", "as_json", is_flag=True)
@_fail_cleanly
def changes(since: str, db: str, profile_path: str | None, as_of: str | None, party: str | None, as_json: bool) -> None:
    """What changed since a date: cells whose stance is new or different."""
    from .status import changes_since
    from .textout import format_changes

    profile = load_profile(profile_path)
    _check_party_issue(profile, party, None)
    found = changes_since(_open(db), profile, _date(since, "since") or since, _date(as_of, "as-of"), party)
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps([asdict(c) for c in found], indent=2, ensure_ascii=False))
    else:
        click.echo(format_changes(found, since))


@main.command()
@db_option
@profile_option
@click.option("--as-of", default=None)
@click.option("--party", default=None)
@click.option("--issue", default=None)
@click.option("--json", "as_json", is_flag=True)
@_fail_cleanly
def contradictions(db: str, profile_path: str | None, as_of: str | None, party: str | None, issue: str | None, as_json: bool) -> None:
    """Where sources contradict each other on one party's stance."""
    from .status import contradictions as find
    from .textout import format_contradictions

    profile = load_profile(profile_path)
    _check_party_issue(profile, party, issue)
    found = find(_open(db), profile, _date(as_of, "as-of"), party, issue)
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps([asdict(c) for c in found], indent=2, ensure_ascii=False))
    else:
        click.echo(format_contradictions(found))


@main.command()
@db_option
@profile_option
@click.option("--as-of", default=None)
@click.option("--party", default=None)
@click.option("--stance", "stances", default=None, help="Comma-separated stances, e.g. open,offer.")
@click.option("--issue", default=None)
@click.option("--json", "as_json", is_flag=True)
@_fail_cleanly
def statements(db: str, profile_path: str | None, as_of: str | None, party: str | None,
               stances: str | None, issue: str | None, as_json: bool) -> None:
    """Positions filtered by party, stance and issue (e.g. what Ukraine offers, with conditions)."""
    from .textout import format_statements

    profile = load_profile(profile_path)
    _check_party_issue(profile, party, issue)
    wanted = {s.strip() for s in stances.split(",")} if stances else None
    unknown = sorted((wanted or set()) - set(STANCES))
    if unknown:
        raise QueryError(f"unknown stance '{unknown[0]}'; known: {', '.join(STANCES)}")
    rows = _open(db).positions(as_of=_date(as_of, "as-of"), holder=party, issue=issue)
    rows = [r for r in rows if wanted is None or r["stance"] in wanted]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(format_statements(rows))


@main.command()
@db_option
@profile_option
@click.option("--as-of", default=None)
@click.option("--party", default=None)
@click.option("--json", "as_json", is_flag=True)
@_fail_cleanly
def links(db: str, profile_path: str | None, as_of: str | None, party: str | None, as_json: bool) -> None:
    """Linked and sequenced items: positions held on condition of other issues."""
    from .questions import linked_items
    from .textout import format_links

    profile = load_profile(profile_path)
    _check_party_issue(profile, party, None)
    items = linked_items(_open(db), profile, _date(as_of, "as-of"), party, declared=False)
    if as_json:
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
    else:
        click.echo(format_links(items))


@main.command()
@db_option
@profile_option
@click.option("--since", required=True, help="Q1: compare demands with this date (YYYY-MM-DD).")
@click.option("--as-of", default=None)
@click.option("--json", "as_json", is_flag=True)
@_fail_cleanly
def brief(db: str, profile_path: str | None, since: str, as_of: str | None, as_json: bool) -> None:
    """The six analyst questions answered at once: demands, concessions, progress, sourcing,
    outside parties, linked items."""
    from .textout import format_brief

    profile = load_profile(profile_path)
    answers = build_brief(_open(db), profile, _date(since, "since") or since, _date(as_of, "as-of"))
    click.echo(json.dumps(answers, indent=2, ensure_ascii=False, default=str) if as_json else format_brief(answers))


def build_brief(store: Store, profile: Profile, since: str, as_of: str | None) -> dict[str, Any]:
    from . import questions as q
    from .status import build_board

    belligerents = [p for p, party in profile.parties.items() if party.role == "belligerent"]
    board = build_board(store, profile, as_of)
    contested = [i for i, s in board.issue_status.items() if s == "contested"]
    return {
        "since": since, "as_of": board.as_of,
        "demands": [q.demand_changes(store, profile, p, since, as_of) for p in belligerents],
        "concessions": {p: q.concessions(store, profile, p, as_of) for p in belligerents},
        "progress": q.progress(store, profile, as_of),
        "sourcing": [q.sourcing(store, profile, p, i, as_of) for i in contested[:3] for p in belligerents
                     if (p, i) in board.cells],
        "outside": q.outside_parties(store, profile, as_of),
        "linked": q.linked_items(store, profile, as_of),
    }


@main.command()
@click.argument("doc")
@db_option
@click.option("--json", "as_json", is_flag=True)
@_fail_cleanly
def quotes(doc: str, db: str, as_json: bool) -> None:
    """Who said what in one stored document (its id, or a path to read and analyse)."""
    from .textout import format_quotes

    stored = _open(db).document(doc) if Path(db).exists() else None
    if stored is None and Path(doc).exists():
        stored = _analyse_file(doc)
    if stored is None:
        raise QueryError(f"no document '{doc}' in {db}; give a stored id (see `talkwatch documents`) or a file")
    if as_json:
        click.echo(json.dumps(stored["attributions"], indent=2, ensure_ascii=False))
    else:
        click.echo(format_quotes(stored))


def _analyse_file(path: str) -> dict[str, Any] | None:
    from .extract import analyze_stream
    from .ingest.readers import read_path

    items = [i for i in read_path(Path(path)) if not isinstance(i, TalkwatchError)]
    if not items:
        return None
    analysis = next(analyze_stream(items[:1], load_profile()))
    out = analysis.as_dict()
    out["title"] = analysis.document.title
    out["doc_key"] = analysis.document.id
    out["attributions"] = [
        {"speaker": a["speaker"], "speaker_kind": a["speaker_kind"], "party": a["party"], "via": a["via"],
         "mode": a["mode"], "cue_text": (a["cue"] or {}).get("text"), "content_text": a["content"]["text"]}
        for a in out["attributions"]
    ]
    return out


@main.command()
@db_option
@click.option("--limit", default=50, show_default=True)
@_fail_cleanly
def documents(db: str, limit: int) -> None:
    """List stored documents."""
    for d in _open(db).documents(limit=limit):
        click.echo(f"{d['published'] or '----------'}  {d['doc_key'][:40]:40}  {(d['outlet'] or '')[:18]:18}  "
                   f"{d['n_attributions']:3} attr  {d['n_positions']:3} pos  {(d['title'] or '')[:50]}")


# -- extraction without a store ------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, required=True)
@profile_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--out", "-o", default="-", help="Output file (default stdout).")
@click.option("--processes", "-j", default=1, show_default=True)
@_fail_cleanly
def extract(paths: tuple[str, ...], profile_path: str | None, fmt: str, out: str, processes: int) -> None:
    """Attributions and positions per document, one JSON line each (no database)."""
    from .extract import analyze_stream
    from .ingest.readers import read_all

    profile = load_profile(profile_path)
    errors: list[str] = []

    def docs() -> Any:
        for item in read_all(list(paths)):
            if isinstance(item, TalkwatchError):
                errors.append(str(item))
            else:
                if item.path and item.id == str(Path(item.path)) and item.path in paths:
                    item.id = item.path  # the path as given
                yield item

    handle = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")
    try:
        for analysis in analyze_stream(docs(), profile, n_process=processes):
            handle.write(json.dumps(analysis.as_dict(), ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdout:
            handle.close()
    for line in errors:
        click.echo(f"error: {line}", err=True)
    if errors:
        sys.exit(1)


# -- evaluation --------------------------------------------------------------------------
@main.group(name="eval")
def eval_group() -> None:
    """Score extraction against annotated data (PolNeAR; position gold files)."""


@eval_group.command("attribution")
@click.argument("path", default=str(SHARED / "polnear" / "data" / "dev"))
@profile_option
@click.option("--limit", default=None, type=int, help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--details", is_flag=True, help="With gold JSON files: list misses and wrong speakers.")
@click.option("--model", default=None, metavar="MODEL",
              help="A cue model from `talkwatch train` (default: $TALKWATCH_ATTRIBUTION_MODEL, else the rules).")
@_fail_cleanly
def eval_attribution(path: str, profile_path: str | None, limit: int | None, as_json: bool, details: bool,
                     model: str | None) -> None:
    """Attribution P/R/F1 on a PolNeAR split (e.g. ../shared/polnear/data/dev), or found/right
    counts on a folder of NAME.txt + NAME.gold.json files (e.g. ../shared/examples)."""
    from .evaluate.attribution import evaluate_attribution, format_attribution_report
    from .nlp.pipeline import load_nlp

    if not Path(path).exists():
        raise QueryError(f"{path}: no such folder; point to a PolNeAR split such as ../shared/polnear/data/dev")
    from .evaluate.gold_attribution import evaluate_gold_attribution, format_gold_attribution_report, gold_pairs

    if gold_pairs(path):  # a folder of NAME.txt + NAME.gold.json (talkwatch's own gold format)
        gold = evaluate_gold_attribution(path, load_nlp(), load_profile(profile_path), model=model)
        click.echo(json.dumps(gold, indent=2, default=str) if as_json else format_gold_attribution_report(gold, details))
        return
    result = evaluate_attribution(path, load_nlp(), load_profile(profile_path), limit=limit, model=model)
    click.echo(json.dumps(result, indent=2) if as_json else format_attribution_report(result))


@main.command()
@click.argument("corpus")
@click.option("--out", required=True, metavar="MODEL", help="Where to write the model (JSON; keep it outside the package).")
@profile_option
@_fail_cleanly
def train(corpus: str, out: str, profile_path: str | None) -> None:
    """Train the learned attribution cue classifier on a PolNeAR-format folder you hold
    (text/ + attributions/), e.g. ../shared/polnear/data/train. Use the model with
    `talkwatch eval attribution DIR --model MODEL` or TALKWATCH_ATTRIBUTION_MODEL=MODEL."""
    from .nlp.pipeline import load_nlp
    from .train import train_from_folder

    if not (Path(corpus) / "attributions").is_dir() or not (Path(corpus) / "text").is_dir():
        raise QueryError(f"{corpus}: not a PolNeAR-format folder (it needs text/ and attributions/)")
    model = train_from_folder(corpus, load_nlp(), load_profile(profile_path), out,
                              log=lambda line: click.echo(line, err=True))
    click.echo(f"wrote {out}: {model.meta['examples']} verbs ({model.meta['positives']} cues) from "
               f"{model.meta['articles']} articles, {len(model.weights)} weights, threshold {model.threshold:.2f} "
               f"(held-out relation F1 {model.meta['held_out_relation_f1'] * 100:.1f})")


@eval_group.command("positions")
@click.argument("paths", nargs=-1)
@profile_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--details", is_flag=True, help="List misses and false positives per document.")
@_fail_cleanly
def eval_positions(paths: tuple[str, ...], profile_path: str | None, as_json: bool, details: bool) -> None:
    """Position triples/pairs/stance figures on gold files (default: ../shared examples + corpus dev)."""
    from .evaluate.positions import evaluate_positions, format_positions_report
    from .nlp.pipeline import load_nlp

    targets = list(paths) or [str(SHARED / "examples"), str(SHARED / "corpus" / "dev.jsonl")]
    missing = [p for p in targets if not Path(p).exists()]
    if missing:
        raise QueryError(f"{missing[0]}: not found; give gold folders or a corpus JSONL")
    result = evaluate_positions(targets, load_nlp(), load_profile(profile_path))
    if as_json:
        click.echo(json.dumps(result, indent=2, default=str))
    else:
        try:
            click.echo(format_positions_report(result, details=details))
        except TypeError:
            click.echo(format_positions_report(result))


# -- dashboard, report, exports --------------------------------------------------------------
@main.command()
@db_option
@profile_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True)
@_fail_cleanly
def serve(db: str, profile_path: str | None, host: str, port: int) -> None:
    """The web dashboard and REST API (OpenAPI schema at /docs)."""
    import uvicorn

    from .web.app import create_app

    Store(db, readonly=True).close()  # fail now, in one line, if the database is missing
    click.echo(f"talkwatch dashboard on http://{host}:{port}/ (API: /api/status, schema: /docs)", err=True)
    uvicorn.run(create_app(db, load_profile(profile_path)), host=host, port=port, log_level="warning")


@main.command()
@click.option("--out", required=True, help="Folder for the HTML files.")
@db_option
@profile_option
@click.option("--as-of", default=None)
@_fail_cleanly
def report(out: str, db: str, profile_path: str | None, as_of: str | None) -> None:
    """A static HTML report (board, issue, party and document pages) that opens from disk."""
    from .report.static import write_report

    files = write_report(_open(db), load_profile(profile_path), out, _date(as_of, "as-of"))
    click.echo(f"wrote {len(files)} pages to {out}; open {Path(out) / 'index.html'}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "parquet", "events"]), required=True)
@click.option("--out", required=True, help="Folder for the export files.")
@db_option
@profile_option
@click.option("--as-of", default=None)
@_fail_cleanly
def export(fmt: str, out: str, db: str, profile_path: str | None, as_of: str | None) -> None:
    """Export documents, attributions, positions and the board, or event records (CAMEO/PLOVER)."""
    from .report.export import write_export

    files = write_export(_open(db), load_profile(profile_path), out, fmt, _date(as_of, "as-of"))
    click.echo("wrote " + ", ".join(str(f) for f in files))


@main.command(name="check-profile")
@click.argument("path")
@_fail_cleanly
def check_profile(path: str) -> None:
    """Validate a negotiation profile and summarise it."""
    profile = load_profile(path)
    people = sum(len(p.people) for p in profile.parties.values())
    click.echo(f"{path}: ok — {len(profile.parties)} parties, {people} people, {len(profile.issues)} issues")


main.add_command(spark_group)
main.add_command(load_command)

if __name__ == "__main__":  # pragma: no cover
    main()
