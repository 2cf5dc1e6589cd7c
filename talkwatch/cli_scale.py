"""``talkwatch spark extract`` and ``talkwatch load``: the scale-out path on the CLI.

Thin adapters: each command calls ``talkwatch.spark.run_spark_extract`` or
``talkwatch.load.load_parquet`` and prints its report. Library errors become one line on
stderr and exit code 2, as in ``talkwatch.cli``.
"""

from __future__ import annotations


import click

from .cliutil import DEFAULT_DB, print_ingest_report
from .cliutil import fail_cleanly as _fail_cleanly


@click.group()
def spark() -> None:
    """Run the extraction on Apache Spark (pip install 'talkwatch[spark]')."""


@spark.command("extract")
@click.argument("source", metavar="INPUT")
@click.option("--out", "out_dir", required=True, help="Folder for the Parquet datasets.")
@click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")
@click.option("--profile", "profile_path", default=None, help="Negotiation profile (YAML); default: the shipped one.")
@click.option("--partitions", type=int, default=None, help="Partitions to analyse in (default: 2 × cores).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "text"]), default=None,
              help="Input format (default: from the name, or what the folder holds).")
@_fail_cleanly
def extract(source: str, out_dir: str, master: str, profile_path: str | None, partitions: int | None,
            fmt: str | None) -> None:
    """Extract attributions and positions from a JSONL, Parquet or text-file corpus on Spark.

    Example: talkwatch spark extract corpus.jsonl --out out/ --master local[2]
    """
    from .spark import run_spark_extract

    report = run_spark_extract(source, out_dir, profile_path, master, partitions=partitions, fmt=fmt)
    click.echo(report.summary())
    if report.errors:
        click.echo(f"note: {report.errors} record(s) could not be read; `talkwatch load` lists them", err=True)


@click.command()
@click.argument("folder", metavar="DIR")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@_fail_cleanly
def load(folder: str, db: str) -> None:
    """Load the Parquet output of `talkwatch spark extract` into the store.

    Exact duplicates are skipped and syndicated copies clustered, as by `talkwatch ingest`.

    Example: talkwatch load out/ --db talkwatch.db
    """
    from .load import load_parquet
    from .store import Store

    store = Store(db)
    report = load_parquet(folder, store)
    print_ingest_report(report, store, db)
