"""Read files into Documents: plain text, HTML, JSONL, CSV and RSS/Atom.

``read_path(path)`` yields ``Document`` objects and ``InputError`` objects (not raised:
yielded, so a batch can report a bad file or record on one line and go on). A JSONL or
CSV corpus yields one item per record; a bad record is one error, the rest still read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import KINDS, Document

MAX_BYTES = 20_000_000  # one document larger than this is refused (split it, or raise --max-bytes)
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES

Item = Document | InputError


@dataclass
class FieldMap:
    """Which record fields hold what (``--field text=body`` on the CLI)."""

    id: str = "id"
    text: str = "text"
    published: str = "published"
    outlet: str = "outlet"
    url: str = "url"
    title: str = "title"
    kind: str = "kind"
    speaker: str = "speaker"
    aliases: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "published": ("date", "published_at", "pubdate", "publication_date"),
            "outlet": ("source", "publisher", "site"),
            "text": ("body", "content"),
        }
    )

    def get(self, record: dict[str, Any], name: str) -> Any:
        key = getattr(self, name)
        if key in record:
            return record[key]
        if key == name:  # only fall back to aliases when the user kept the default name
            for alias in self.aliases.get(name, ()):
                if alias in record:
                    return record[alias]
        return None


def iter_paths(paths: list[str]) -> Iterator[Path | InputError]:
    """Expand folders (recursively, sorted) into supported files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith("."):
                    continue
                if child.suffix.lower() in SUPPORTED:
                    yield child
        elif path.exists():
            yield path
        else:
            yield InputError(raw, "no such file or folder; check the path")


def normalise_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from common date spellings, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            raise ValueError(f"'{text}' is not a real date")
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date talkwatch can read; use YYYY-MM-DD")


def decode(data: bytes, path: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1/cp1252.

    Binary data (NUL bytes without a UTF-16 BOM, or many control characters) is refused.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise InputError(path, "looks binary (NUL bytes), not text; convert it to UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(path, "looks binary (control characters), not text; convert it to UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "is empty; remove it or add text")
    if size > max_bytes:
        raise InputError(
            str(path),
            f"is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
            "split it or pass --max-bytes",
        )
    return path.read_bytes()


def _check_text(text: str, path: str) -> str:
    if not text.strip():
        raise InputError(path, "holds no text; remove it or add text")
    return text


def read_text_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    text = _check_text(decode(_read_bytes(path, max_bytes), str(path)), str(path))
    yield Document(id=str(path), text=text, path=str(path), title=_first_line(text))


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None


def read_html_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    html = decode(_read_bytes(path, max_bytes), str(path))
    yield html_to_document(html, str(path))


def html_to_document(html: str, path: str, **meta: Any) -> Document:
    """Boilerplate-free text and metadata from an HTML page, with trafilatura."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(path, f"HTML could not be parsed ({type(exc).__name__}); check the file")
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(path, "HTML has no article text (empty or no body); check the page")
    published = meta.get("published") or _safe_date(data.get("date"))
    return Document(
        id=meta.get("id") or path,
        text=text,
        published=published,
        outlet=meta.get("outlet") or data.get("sitename") or data.get("hostname"),
        url=meta.get("url") or data.get("url"),
        title=meta.get("title") or data.get("title"),
        kind=meta.get("kind") or "news",
        speaker=meta.get("speaker"),
        path=path,
    )


def _safe_date(value: Any) -> str | None:
    try:
        return normalise_date(value)
    except ValueError:
        return None


def record_to_document(record: Any, where: str, path: str, fields: FieldMap) -> Document:
    """One JSONL/CSV record → Document; raises InputError naming the record."""
    if not isinstance(record, dict):
        raise InputError(where, "is not a JSON object; each line must be {\"id\":..., \"text\":...}")
    text = fields.get(record, "text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, f"has no '{fields.text}' string; add the text or map it with --field text=NAME")
    rid = fields.get(record, "id")
    if rid is None or rid == "":
        raise InputError(where, f"has no '{fields.id}'; give every record an id or map it with --field id=NAME")
    if not isinstance(rid, (str, int)):
        raise InputError(where, f"'{fields.id}' must be a string or number, not {type(rid).__name__}")
    try:
        published = normalise_date(fields.get(record, "published"))
    except ValueError as exc:
        raise InputError(where, f"{fields.published}: {exc}")
    kind = fields.get(record, "kind") or "news"
    if kind not in KINDS:
        raise InputError(where, f"kind '{kind}' is not one of {', '.join(KINDS)}")
    return Document(
        id=str(rid),
        text=text.replace("\r\n", "\n"),
        published=published,
        outlet=_opt_str(fields.get(record, "outlet")),
        url=_opt_str(fields.get(record, "url")),
        title=_opt_str(fields.get(record, "title")),
        kind=kind,
        speaker=_opt_str(fields.get(record, "speaker")),
        path=path,
    )


def _opt_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def read_jsonl_file(path: Path, fields: FieldMap, max_bytes: int = MAX_BYTES * 50) -> Iterator[Item]:
    """Stream a JSONL corpus line by line (flat memory); a .json file may hold one array."""
    if path.stat().st_size == 0:
        yield InputError(str(path), "is empty; remove it or add records")
        return
    if path.suffix.lower() == ".json":
        yield from _read_json_array(path, fields)
        return
    seen = 0
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            seen += 1
            where = f"{path}:{lineno}"
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield InputError(where, "is not UTF-8; re-save the corpus as UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield InputError(where, f"is not valid JSON ({exc.msg}); fix or remove the line")
                continue
            try:
                yield record_to_document(record, where, str(path), fields)
            except InputError as exc:
                yield exc
    if not seen:
        yield InputError(str(path), "holds no records; remove it or add records")


def _read_json_array(path: Path, fields: FieldMap) -> Iterator[Item]:
    try:
        data = json.loads(decode(path.read_bytes(), str(path)))
    except json.JSONDecodeError as exc:
        yield InputError(str(path), f"is not valid JSON (line {exc.lineno}: {exc.msg}); fix it")
        return
    except InputError as exc:
        yield exc
        return
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        try:
            yield record_to_document(record, f"{path}[{i}]", str(path), fields)
        except InputError as exc:
            yield exc


def read_csv_file(path: Path, fields: FieldMap, max_bytes: int = MAX_BYTES * 50) -> Iterator[Item]:
    try:
        text = decode(_read_bytes(path, max_bytes), str(path))
    except InputError as exc:
        yield exc
        return
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield InputError(str(path), "has no header row; the first row must name the columns")
        return
    header = [h.strip() for h in header]
    if fields.text not in header and not any(a in header for a in fields.aliases["text"]):
        yield InputError(str(path), f"has no '{fields.text}' column; map one with --field text=NAME")
        return
    for rowno, row in enumerate(reader, 2):
        where = f"{path}:{rowno}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield InputError(where, f"has {len(row)} cells, the header {len(header)}; fix the row (quote commas in text)")
            continue
        try:
            yield record_to_document(dict(zip(header, row)), where, str(path), fields)
        except InputError as exc:
            yield exc


def read_feed_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """RSS/Atom: one Document per entry (full text from content, else the description)."""
    import feedparser

    data = _read_bytes(path, max_bytes)
    head = data[:2048].lstrip()
    if not head.startswith(b"<"):
        yield InputError(str(path), "is not an RSS/Atom XML file; check the download")
        return
    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        reason = getattr(feed.get("bozo_exception"), "getMessage", lambda: "malformed XML")()
        yield InputError(str(path), f"is not a readable RSS/Atom feed ({reason}); check the file")
        return
    if not feed.entries:
        yield InputError(str(path), "is a feed with no entries")
        return
    outlet = feed.feed.get("title")
    for i, entry in enumerate(feed.entries):
        yield _entry_to_document(entry, f"{path}#{i + 1}", str(path), outlet)


def _entry_to_document(entry: Any, where: str, path: str, outlet: str | None) -> Item:
    body = ""
    if entry.get("content"):
        body = entry["content"][0].get("value", "")
    body = body or entry.get("summary", "") or entry.get("description", "")
    text = _strip_tags(body)
    if not text.strip():
        return InputError(where, "feed entry has no text")
    published = None
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return Document(
        id=entry.get("id") or entry.get("link") or where,
        text=text,
        published=published,
        outlet=outlet,
        url=entry.get("link"),
        title=entry.get("title"),
        path=path,
    )


def _strip_tags(html: str) -> str:
    """Plain text of a feed description; paragraphs become blank-line separated."""
    if "<" not in html:
        return html.strip()
    import html as htmllib

    text = re.sub(r"(?i)</p\s*>|<br\s*/?>", "\n\n", html)
    text = re.sub(r"(?s)<[^>]+>", "", text)
    text = htmllib.unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def read_path(path: Path, fields: FieldMap | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Every Document (or InputError) one file holds; never raises for a bad file."""
    fields = fields or FieldMap()
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl_file(path, fields)
        elif suffix in CSV_SUFFIXES:
            yield from read_csv_file(path, fields)
        elif suffix in HTML_SUFFIXES:
            yield from read_html_file(path, max_bytes)
        elif suffix in FEED_SUFFIXES:
            yield from read_feed_file(path, max_bytes)
        else:
            yield from read_text_file(path, max_bytes)
    except InputError as exc:
        yield exc
    except (OSError, MemoryError) as exc:
        yield InputError(str(path), f"cannot be read ({exc.__class__.__name__}: {exc}); check permissions")


def read_all(paths: list[str], fields: FieldMap | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Documents and errors from files and folders, in a stable order."""
    for item in iter_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_path(item, fields, max_bytes)
