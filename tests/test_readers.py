"""Readers: every format, its metadata, and one clear error per bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkwatch.errors import InputError
from talkwatch.ingest.readers import FieldMap, decode, normalise_date, read_all, read_path
from talkwatch.model import Document


def _read(path: Path) -> list[Document | InputError]:
    return list(read_path(path))


def test_readers_text_file_keeps_text_unchanged(tmp_path: Path) -> None:
    body = "Talks resume in Geneva.\n\n“We are ready,” the envoy said.\n"
    path = tmp_path / "a.txt"
    path.write_text(body, encoding="utf-8")
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    assert doc.text == body and doc.id == str(path) and doc.title == "Talks resume in Geneva."


def test_readers_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Ankara café talks: a résumé.".encode("latin-1"))
    (doc,) = _read(path)
    assert isinstance(doc, Document) and "café" in doc.text


def test_readers_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Kyiv said talks would go on.".encode("utf-16"))
    (doc,) = _read(path)
    assert isinstance(doc, Document) and doc.text == "Kyiv said talks would go on."


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"   \n\n ", "holds no text"),
        ("bin.txt", bytes(range(256)) * 4, "looks binary"),
    ],
)
def test_readers_bad_text_gives_one_error_naming_the_file(tmp_path: Path, name: str, data: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = _read(path)
    assert isinstance(item, InputError)
    assert name in str(item) and needle in str(item)


def test_readers_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Peskov said talks were paused.", "published": "2022-05-17", "outlet": "Wire"}),
        "{not json",
        json.dumps({"id": "b", "text": 42}),
        json.dumps(["a list"]),
        json.dumps({"id": "c", "text": "Umerov led the delegation.", "published": "17 May 2025", "kind": "news"}),
        json.dumps({"id": "d", "text": "x", "published": "yesterday"}),
        json.dumps({"id": "e", "text": "x", "kind": "tweet"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [d.id for d in docs] == ["a", "c"]
    assert docs[0].published == "2022-05-17" and docs[0].outlet == "Wire"
    assert docs[1].published == "2025-05-17"
    assert len(errors) == 5
    assert all("c.jsonl:" in e for e in errors)
    assert any(":2" in e and "not valid JSON" in e for e in errors)
    assert any("tweet" in e for e in errors)


def test_readers_jsonl_field_map_renames_fields(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"uid": 7, "body": "Rubio met Yermak.", "day": "2025-11-23"}) + "\n")
    fields = FieldMap(id="uid", text="body", published="day")
    (doc,) = list(read_path(path, fields))
    assert isinstance(doc, Document) and doc.id == "7" and doc.published == "2025-11-23"


def test_readers_csv_ragged_rows_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('id,text,published\n1,"Lavrov spoke, briefly.",2022-03-10\n2,too,many,cells\n3,Kuleba replied.,2022-03-10\n')
    items = _read(path)
    assert [d.id for d in items if isinstance(d, Document)] == ["1", "3"]
    (err,) = [i for i in items if isinstance(i, InputError)]
    assert "c.csv:3" in str(err) and "cells" in str(err)


def test_readers_rss_entries_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "f.rss"
    path.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Ledger</title>
        <item><title>Round two</title><link>https://example.org/2</link>
        <pubDate>Thu, 03 Mar 2022 18:00:00 +0000</pubDate>
        <description>&lt;p&gt;The delegations agreed on corridors.&lt;/p&gt;</description></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    assert doc.published == "2022-03-03" and doc.outlet == "Harbour Ledger" and doc.url == "https://example.org/2"
    assert doc.text == "The delegations agreed on corridors."


def test_readers_rss_that_is_not_xml_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("this is not a feed at all", encoding="utf-8")
    (item,) = _read(path)
    assert isinstance(item, InputError) and "broken.rss" in str(item)


def test_readers_html_extracts_text_and_metadata(tmp_path: Path) -> None:
    para = "The foreign ministers met in Antalya for ninety minutes and agreed to keep talking. " * 4
    path = tmp_path / "p.html"
    path.write_text(
        f"""<html><head><title>Antalya meeting ends</title>
        <meta property="og:site_name" content="Meridian Wire">
        <meta property="article:published_time" content="2022-03-10">
        <link rel="canonical" href="https://example.org/antalya"></head>
        <body><nav>Home | World | Sport</nav><article><h1>Antalya meeting ends</h1><p>{para}</p>
        <p>{para}</p></article><footer>© Meridian Wire</footer></body></html>""",
        encoding="utf-8",
    )
    (doc,) = _read(path)
    assert isinstance(doc, Document), doc
    assert "Antalya" in doc.text and "Home | World" not in doc.text
    assert doc.published == "2022-03-10" and doc.outlet == "Meridian Wire"
    assert doc.url == "https://example.org/antalya"


def test_readers_html_without_body_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "nobody.html"
    path.write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    (item,) = _read(path)
    assert isinstance(item, InputError) and "nobody.html" in str(item)


def test_readers_folder_is_read_in_sorted_order_and_missing_path_reported(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second report.")
    (tmp_path / "a.txt").write_text("First report.")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    items = list(read_all([str(tmp_path), str(tmp_path / "nope.txt")]))
    assert [Path(i.id).name for i in items if isinstance(i, Document)] == ["a.txt", "b.txt"]
    assert isinstance(items[-1], InputError) and "nope.txt" in str(items[-1])


def test_readers_normalise_date_spellings() -> None:
    assert normalise_date("2022-03-29T10:00:00Z") == "2022-03-29"
    assert normalise_date("March 29, 2022") == "2022-03-29"
    assert normalise_date("Tue, 29 Mar 2022 10:00:00 GMT") == "2022-03-29"
    assert normalise_date(None) is None
    with pytest.raises(ValueError):
        normalise_date("2022-02-30")


def test_readers_decode_refuses_nul_bytes() -> None:
    with pytest.raises(InputError):
        decode(b"abc\x00def", "x.txt")
