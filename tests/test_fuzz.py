"""Fuzzing with hypothesis: readers, the quote scanner and the extractor never raise.

* readers: arbitrary and half-structured bytes saved as .txt/.jsonl/.json/.csv/.html/.rss
  give only Documents and InputErrors (never an exception, never the "talkwatch bug"
  fallback line), and every Document holds storable text;
* quote scanner (talkwatch/nlp/quotes.py): offsets inside the text, ``q.text(t) ==
  t[start:end]``, pieces inside the quote;
* extractor (``analyze_doc`` with the real spaCy model): no component fails, every span is
  inside the text with ``span.text == text[start:end]``, and the same input twice gives
  the same output.

CI budget: the ``fuzz`` hypothesis profile (200 examples per reader/quote test, 30 for the
extractor, no deadline). ``scripts/fuzz_long.py`` runs the same properties with thousands.
Set TALKWATCH_FUZZ_SCALE=10 to multiply the budget here.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkwatch.errors import InputError
from talkwatch.ingest.readers import read_path
from talkwatch.model import Analysis, Document, Span
from talkwatch.nlp.quotes import scan_quotes

SCALE = max(1, int(os.environ.get("TALKWATCH_FUZZ_SCALE", "1")))
settings.register_profile(
    "fuzz",
    max_examples=200 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
FUZZ = settings.get_profile("fuzz")
EXTRACTOR_EXAMPLES = 30 * SCALE

# -- strategies --------------------------------------------------------------------------
MARKS = list("\"'“”‘’«»„‚‹›`")
WORDS = [
    "Peskov", "Dmitry Peskov", "Lavrov", "Podolyak", "Mykhailo Podolyak", "Russia", "Ukraine", "Kyiv",
    "Moscow", "the Kremlin", "Russian", "Ukrainian", "officials", "a senior official", "he", "she", "they",
    "said", "told reporters", "added", "according to", "demanded", "rejected", "offered", "proposed",
    "accepted", "refused", "insisted", "would never", "is ready to", "if", "unless", "only if", "not",
    "neutrality", "neutral status", "NATO membership", "Crimea", "ceasefire", "truce", "talks",
    "security guarantees", "Istanbul", "on Tuesday", "—", "-", ":", ";", ",", ".", "?", "!", "…",
    "1.", "2)", "•", "(", ")", "\n", "\n\n", "  ", "\t", "I", "we", "We", "our", "Мы", "Украина", "İbrahim Kalın",
    "\u00a0", "\u200b", "\ufeff", "e\u0301", "🇺🇦", "''", "``",
]
news_like = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.text(max_size=6)), max_size=60).map(
    lambda parts: " ".join(parts)
)
any_text = st.one_of(news_like, st.text(max_size=300), st.text(alphabet=st.sampled_from(MARKS + [" ", "a", "\n", "."]), max_size=80))

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)
FIELDS = ["id", "text", "published", "outlet", "url", "title", "kind", "speaker", "body", "date", "source"]
record = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=6)),
    st.one_of(json_values, any_text, st.sampled_from(["2022-03-29", "29 March 2022", "news", "speech", "2022-02-30", "x" * 50])),
    max_size=8,
)


def _corrupt(data: bytes, cuts: list[int]) -> bytes:
    for cut in cuts:
        if data:
            i = cut % len(data)
            data = data[:i] + data[i + 1 :]
    return data


jsonl_bytes = st.builds(
    lambda recs, raw, cuts, enc: _corrupt(
        ("\n".join([json.dumps(r, ensure_ascii=False, default=str) for r in recs] + raw)).encode(enc, errors="replace"), cuts
    ),
    st.lists(record, max_size=5),
    st.lists(st.text(max_size=30), max_size=2),
    st.lists(st.integers(min_value=0), max_size=2),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
)
csv_bytes = st.builds(
    lambda header, rows, sep, enc: (
        "\n".join(sep.join(r) for r in [header, *rows]).encode(enc, errors="replace")
    ),
    st.lists(st.one_of(st.sampled_from(FIELDS), st.text(max_size=5)), min_size=0, max_size=5),
    st.lists(st.lists(st.one_of(any_text, st.just('"'), st.just('"a,b"')), max_size=6), max_size=5),
    st.sampled_from([",", "\t", ";"]),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
TAGS = ["<html>", "</html>", "<body>", "</body>", "<p>", "</p>", "<article>", "<div>", "<script>", "<!--", "-->",
        "<![CDATA[", "]]>", "<rss version=\"2.0\">", "<channel>", "<item>", "</item>", "<title>", "</title>",
        "<description>", "</description>", "<pubDate>", "</pubDate>", "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
        "<entry>", "<content>", "&amp;", "&lt;p&gt;", "&#0;", "&#xd800;", "&bogus;", "<?xml version=\"1.0\"?>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "<br/>", "<a href='x'>"]
markup_bytes = st.lists(st.one_of(st.sampled_from(TAGS), any_text), max_size=40).map(lambda p: "".join(p).encode("utf-8"))
file_bytes = st.one_of(
    st.binary(max_size=1500),
    any_text.map(lambda t: t.encode("utf-8")),
    st.tuples(any_text, st.sampled_from(["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-8-sig"])).map(
        lambda p: p[0].encode(p[1], errors="replace")
    ),
    jsonl_bytes,
    csv_bytes,
    markup_bytes,
)
SUFFIXES = [".txt", ".jsonl", ".json", ".csv", ".tsv", ".html", ".rss", ".atom", ".md"]

_DIR = Path(tempfile.mkdtemp(prefix="talkwatch-readers-fuzz-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)


def check_read(data: bytes, suffix: str) -> list[Document | InputError]:
    """Read ``data`` saved with ``suffix``; assert the readers' contract; return the items."""
    path = _DIR / f"fuzz{suffix}"
    path.write_bytes(data)
    items = list(read_path(path))
    assert items, "a file gives at least one item"
    for item in items:
        assert isinstance(item, (Document, InputError)), type(item)
        if isinstance(item, InputError):
            assert "talkwatch bug" not in str(item), str(item)
            assert str(item).startswith(str(path)), str(item)
            continue
        assert isinstance(item.text, str) and item.text.strip()
        for value in (item.text, item.id, item.title, item.outlet, item.url, item.speaker, item.published):
            assert value is None or isinstance(value, str)
            if value is not None:
                value.encode("utf-8")  # storable: no lone surrogates
        assert item.published is None or len(item.published) == 10
        item.sha  # noqa: B018 - hashes without error
    return items


@FUZZ
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_fuzz_readers_yield_documents_or_input_errors(data: bytes, suffix: str) -> None:
    check_read(data, suffix)


# -- quote scanner ---------------------------------------------------------------------------
def check_quotes(text: str) -> None:
    scan = scan_quotes(text)
    n = len(text)
    last = -1
    for q in scan.quotes:
        assert 0 <= q.outer_start <= q.start <= q.end <= q.outer_end <= n, (q, n)
        assert q.text(text) == text[q.start : q.end]
        assert q.outer_start >= last, "quotes come in order"
        last = q.outer_start
        for s, e in q.pieces or ((q.start, q.end),):
            assert q.start <= s <= e <= q.end, (q, s, e)
    assert all(isinstance(w, str) for w in scan.warnings)


@FUZZ
@given(text=any_text)
def test_fuzz_quote_scanner_offsets_stay_inside_the_text(text: str) -> None:
    check_quotes(text)


# -- extractor --------------------------------------------------------------------------------
def _small_profile() -> Any:
    import yaml

    from talkwatch.profile import profile_from_dict

    from test_bad_inputs import make_bad_inputs  # the same small profile as the bad-input corpus

    return profile_from_dict(yaml.safe_load(make_bad_inputs.GOOD_PROFILE), "test-talks.yaml")


def _spans(analysis: Analysis) -> list[tuple[str, Span]]:
    out = []
    for i, a in enumerate(analysis.attributions):
        for name in ("content", "source", "cue", "sentence"):
            span = getattr(a, name)
            if span is not None:
                out.append((f"attributions[{i}].{name}", span))
    for i, p in enumerate(analysis.positions):
        out.append((f"positions[{i}].evidence", p.evidence))
    return out


def check_extraction(text: str, nlp: Any, profile: Any, kind: str = "news") -> None:
    from talkwatch.extract import analyze_doc

    doc = Document(id="fuzz", text=text, kind=kind, speaker="Dmitry Peskov" if kind != "news" else None)
    first = analyze_doc(doc, nlp, profile)
    assert not [w for w in first.warnings if "failed" in w], first.warnings
    for where, span in _spans(first):
        assert 0 <= span.start <= span.end <= len(text), (where, span)
        assert span.text == text[span.start : span.end], (where, span)
    again = analyze_doc(Document(id="fuzz", text=text, kind=kind, speaker=doc.speaker), nlp, profile)
    assert json.dumps(first.as_dict(), sort_keys=True) == json.dumps(again.as_dict(), sort_keys=True), "deterministic"


extractor_text = st.one_of(news_like, news_like, st.text(max_size=400)).filter(lambda t: t.strip())


@pytest.fixture(scope="module")
def small_profile() -> Any:
    return _small_profile()


@pytest.mark.model
@settings(FUZZ, max_examples=EXTRACTOR_EXAMPLES, suppress_health_check=list(HealthCheck))
@given(text=extractor_text, kind=st.sampled_from(["news", "news", "transcript"]))
def test_fuzz_extractor_spans_are_exact_and_output_deterministic(nlp: Any, small_profile: Any, text: str, kind: str) -> None:
    check_extraction(text, nlp, small_profile, kind)


# -- inputs that crashed a reader before (each now an InputError or a clean Document) ----------
REGRESSIONS = [
    ("long-field.csv", b"id,text\na,\"" + b"x" * 200_000 + b"\"\n", None),  # csv's 128 KB field limit
    ("header-only.csv", b"id,text\n", "no rows"),
    ("huge-int.jsonl", b'{"id": 1, "text": "a", "n": ' + b"9" * 5000 + b"}\n", "cannot be read as JSON"),
    ("deep.jsonl", b"[" * 100_000 + b"\n", "cannot be read as JSON"),
    ("deep.json", b"[" * 100_000, "JSON"),
    ("odd-utf16.txt", b"\xff\xfeA\x00B", "not valid UTF-16"),
    ("surrogate.jsonl", b'{"id": "s", "text": "a \\udc00 b"}\n', "lone surrogate"),
    ("bom.jsonl", b'\xef\xbb\xbf{"id": "b", "text": "Peskov said so."}\n', None),
    ("bad-year.rss", b"<rss><channel><item><description>Peskov spoke.</description>"
     b"<pubDate>Tue, 12 Apr 0000 18:00:00 +0000</pubDate></item></channel></rss>", None),
]


@pytest.mark.parametrize(("name", "data", "needle"), REGRESSIONS, ids=[r[0] for r in REGRESSIONS])
def test_reader_regressions(name: str, data: bytes, needle: str | None) -> None:
    items = check_read(data, Path(name).suffix)
    if needle is None:
        assert all(isinstance(i, Document) for i in items), [str(i) for i in items]
    else:
        assert any(isinstance(i, InputError) and needle in str(i) for i in items), [str(i) for i in items]
