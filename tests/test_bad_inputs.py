"""Nothing lost, nothing let in: `talkwatch ingest` over the generated bad-input corpus.

The corpus comes from ``scripts/make_bad_inputs.py`` (nothing binary is committed). Every
bad file or record gives exactly one ``error:`` line naming it and saying what to do — the
exact lines are listed in docs/reliability.md and checked here — everything valid is
stored, the exit code is 1, and a second ingest adds nothing.
"""

from __future__ import annotations

import importlib.util
import re
import time
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from talkwatch.cli import main
from talkwatch.errors import InputError
from talkwatch.ingest import split_long
from talkwatch.ingest.readers import MAX_BYTES, read_path
from talkwatch.model import Document

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_bad_inputs = load_script("make_bad_inputs")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus in <tmp>/bad (inputs/ and profiles/)."""
    root = tmp_path_factory.mktemp("reliability")
    make_bad_inputs.make(root / "bad")
    return root


def documented(marker: str) -> list[str]:
    """The lines of a fenced block between <!-- marker:begin --> and <!-- marker:end -->."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(rf"<!-- {marker}:begin -->(.*?)<!-- {marker}:end -->", text, re.S)
    assert block, f"docs/reliability.md has no {marker} block"
    return [line for line in block.group(1).splitlines() if line.startswith("error:")]


def _ingest(runner: CliRunner, *args: str):  # noqa: ANN202 - click Result
    return runner.invoke(main, ["ingest", *args], catch_exceptions=False)


@pytest.mark.model
def test_each_bad_input_gives_one_documented_line_and_the_rest_is_stored(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, nlp: object
) -> None:
    monkeypatch.chdir(corpus)
    runner = CliRunner()
    args = ["bad/inputs", "--db", "bad.db", "--profile", "bad/profiles/good.yaml", "--no-progress"]
    first = _ingest(runner, *args)
    assert first.exit_code == 1, first.output  # some inputs failed
    errors = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(set(errors)), "one line per bad input, no repeats"
    assert sorted(errors) == sorted(documented("bad-inputs")), (
        "the error lines differ from docs/reliability.md:\n" + "\n".join(errors)
    )
    for line in errors:
        assert re.match(r"^error: bad/inputs/[\w.-]+(:\d+)?: .+; .+$", line), f"names the input and what to do: {line}"
    n_valid = make_bad_inputs.VALID_DOCUMENTS
    assert f"read {n_valid} document(s): stored {n_valid} " in first.stdout, first.stdout
    assert f"bad.db: {n_valid} documents" in first.stdout

    second = _ingest(runner, *args)
    assert second.exit_code == 1
    assert "stored 0 " in second.stdout and f"skipped {n_valid} already stored" in second.stdout
    assert f"bad.db: {n_valid} documents" in second.stdout, "a second ingest adds nothing"


@pytest.mark.parametrize("name", ["unknown-keys", "duplicate-ids", "bad-yaml"])
def test_a_bad_profile_gives_one_line_and_exit_2(corpus: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(corpus)
    result = CliRunner().invoke(
        main, ["ingest", "bad/inputs", "--db", "p.db", "--profile", f"bad/profiles/{name}.yaml"]
    )
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0] in documented("bad-profiles"), f"not in docs/reliability.md: {lines[0]}"
    assert not Path("p.db").exists(), "a bad profile stops before the database is touched"


def test_an_oversized_file_is_refused_quickly_without_reading_it(corpus: Path) -> None:
    big = corpus / "bad" / "inputs" / "big.txt"
    assert big.stat().st_size > 50_000_000 > MAX_BYTES
    tracemalloc.start()
    started = time.perf_counter()
    items = list(read_path(big))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "over the 20 MB limit" in str(items[0]) and "--max-bytes" in str(items[0])
    assert elapsed < 0.5, f"refusing took {elapsed:.2f} s"
    assert peak < 1_000_000, f"refusing allocated {peak / 1e6:.1f} MB"


def test_an_oversized_file_is_accepted_with_a_higher_limit_and_analysed_in_parts(corpus: Path) -> None:
    big = corpus / "bad" / "inputs" / "big.txt"
    (doc,) = read_path(big, max_bytes=60_000_000)
    assert isinstance(doc, Document) and len(doc.text) == big.stat().st_size
    parts = split_long(doc)  # what ingest analyses and stores (not analysed here: minutes of spaCy)
    assert len(parts) > 50 and all(len(p.text) <= 1_000_000 for p in parts)
    assert "".join(p.text for p in parts) == doc.text, "nothing lost in the split"
    assert len({p.id for p in parts}) == len(parts) and parts[0].id.endswith("#part-1")


def test_max_bytes_limits_one_record_of_a_corpus(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "' + "x" * 5000 + '"}\n{"id": "b", "text": "short"}\n', encoding="utf-8")
    items = list(read_path(path, max_bytes=1000))
    assert isinstance(items[0], InputError) and "c.jsonl:1" in str(items[0]) and "--max-bytes" in str(items[0])
    assert isinstance(items[1], Document) and items[1].id == "b"


def test_a_folder_without_readable_files_is_one_error(tmp_path: Path) -> None:
    from talkwatch.ingest.readers import read_all

    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_all([str(tmp_path)]))
    assert len(items) == 1 and isinstance(items[0], InputError) and "holds no .txt" in str(items[0])
