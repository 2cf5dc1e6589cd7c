"""Read files into Documents: plain text, HTML, JSONL, CSV and RSS/Atom.

``read_path(path)`` yields ``Document`` objects and ``InputError`` objects (not raised:
yielded, so a batch can report a bad file or record on one line and go on). A JSONL or
CSV corpus yields one item per record; a bad record is one error, the rest still read.
"""

from __future__ import annotations

import csv
import io
import json
import logging
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
FOLDER_SKIP = {"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"}  # skipped in folders, read when named
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
            found = 0
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith(".") or child.stem.upper() in FOLDER_SKIP:
                    continue  # a corpus folder's README or LICENSE is not a report
                if child.suffix.lower() in SUPPORTED:
                    found += 1
                    yield child
            if not found:
                yield InputError(
                    raw, "holds no .txt, .html, .jsonl, .json, .csv, .tsv, .rss, .atom or .xml files; check the folder"
                )
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
            raise ValueError(f"{_show(text)} is not a real date") from None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"{_show(text)} is not a date talkwatch can read; use YYYY-MM-DD")


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1/cp1252.

    Refused, each with one InputError: binary data (NUL bytes without a UTF-16 BOM, or
    many control characters), a UTF-16 BOM over bytes that are not UTF-16, and a file that
    is UTF-8 in places but holds invalid bytes elsewhere (a damaged or mixed file: reading
    it as Latin-1 would garble every accented letter, reading it as UTF-8 would hide the
    damage).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                path, f"starts with a UTF-16 mark but is not valid UTF-16 (byte {exc.start}); re-save it as UTF-8"
            ) from None
        return _check_controls(text.replace("\r\n", "\n").replace("\r", "\n"), path)
    if b"\x00" in data:
        raise InputError(path, "looks binary (NUL bytes), not text; convert it to UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise InputError(
                path,
                f"is not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at offset {exc.start}) "
                "though other parts are UTF-8; re-save it as UTF-8",
            ) from None
        text = data.decode("cp1252", errors="replace")  # Latin-1 / Windows-1252 text
    return _check_controls(text.replace("\r\n", "\n").replace("\r", "\n"), path)


def _check_controls(text: str, path: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > 0.05 * max(len(text), 1):
        raise InputError(path, "looks binary (control characters), not text; convert it to UTF-8")
    if "\x00" in text:  # UTF-16 text with NUL characters: a few stray ones are dropped
        text = text.replace("\x00", "")
    return text


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "is empty; remove it or add text")
    if size > max_bytes:
        raise InputError(
            str(path),
            f"is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit for one document; "
            f"split it or pass --max-bytes {size}",
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

    quiet = logging.getLogger("trafilatura")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # it logs ERRORs to stderr; the one line below says it all
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(path, f"HTML could not be parsed ({type(exc).__name__}); check the file")
    finally:
        quiet.setLevel(level)
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


def record_to_document(
    record: Any, where: str, path: str, fields: FieldMap, *, max_bytes: int | None = None
) -> Document:
    """One JSONL/CSV record → Document; raises InputError naming the record."""
    if not isinstance(record, dict):
        raise InputError(where, "is not a JSON object; each line must be {\"id\":..., \"text\":...}")
    text = fields.get(record, "text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, f"has no '{fields.text}' string; add the text or map it with --field text=NAME")
    _check_unicode(text, where, fields.text)
    if max_bytes is not None and len(text) > max_bytes:
        raise InputError(
            where, f"text is {len(text) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; split it or pass --max-bytes"
        )
    rid = fields.get(record, "id")
    if rid is None or rid == "":
        raise InputError(where, f"has no '{fields.id}'; give every record an id or map it with --field id=NAME")
    if isinstance(rid, bool) or not isinstance(rid, (str, int)):
        raise InputError(where, f"'{fields.id}' must be a string or number, not {_type_name(rid)}; fix the record")
    rid = str(rid)
    _check_unicode(rid, where, fields.id)
    if not rid.strip() or len(rid) > MAX_ID_CHARS:
        raise InputError(where, f"'{fields.id}' must be 1 to {MAX_ID_CHARS} characters, not only spaces")
    try:
        published = normalise_date(_opt_str(fields.get(record, "published"), where, fields.published))
    except ValueError as exc:
        raise InputError(where, f"{fields.published}: {exc}")
    kind = fields.get(record, "kind") or "news"
    if not isinstance(kind, str) or kind not in KINDS:
        raise InputError(where, f"kind {_show(kind)} is not one of {', '.join(KINDS)}; fix it or leave it out")
    return Document(
        id=rid,
        text=text.replace("\r\n", "\n"),
        published=published,
        outlet=_opt_str(fields.get(record, "outlet"), where, fields.outlet),
        url=_opt_str(fields.get(record, "url"), where, fields.url),
        title=_opt_str(fields.get(record, "title"), where, fields.title),
        kind=kind,
        speaker=_opt_str(fields.get(record, "speaker"), where, fields.speaker),
        path=path,
    )


MAX_ID_CHARS = 500


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", float: "a decimal number"}.get(
        type(value), type(value).__name__
    )


def _show(value: Any, limit: int = 40) -> str:
    """A value quoted for a one-line message: escaped, and cut when long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    shown = repr(text[:limit] + ("…" if len(text) > limit else ""))
    return shown


def _check_unicode(value: str, where: str, name: str) -> None:
    """Refuse lone surrogates (a JSON "\\ud800" escape): they cannot be stored as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            where, f"'{name}' holds an invalid character (a lone surrogate at {exc.start}); fix the \\u escape"
        ) from None


def _opt_str(value: Any, where: str = "", name: str = "") -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        raise InputError(where, f"'{name}' must be a string, not {_type_name(value)}; fix the record")
    text = str(value)
    _check_unicode(text, where, name)
    return text


CORPUS_MAX_BYTES = 1_000_000_000  # a CSV or JSON array file is read whole; JSONL streams
_SYNTAX_PROBE = 5  # this many unparsable lines before any good one: the file is not JSONL


def _lines(handle: Any, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, size) per line; a line longer than ``limit`` is skipped unread (None)."""
    lineno = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while True:
                chunk = handle.readline(1 << 20)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None, size
        else:
            yield lineno, raw, len(raw)


def read_jsonl_file(path: Path, fields: FieldMap, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Stream a JSONL corpus line by line (flat memory); a .json file may hold one array.

    ``max_bytes`` limits one record (line), not the file. A file none of whose first lines
    is JSON (a binary file, a text file, UTF-16) gives one error, not one per line.
    """
    size = path.stat().st_size
    if size == 0:
        yield InputError(str(path), "is empty; remove it or add records")
        return
    if path.suffix.lower() == ".json":
        yield from _read_json_array(path, fields, max_bytes)
        return
    with path.open("rb") as handle:
        head = handle.read(8192)
        handle.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield InputError(str(path), "is UTF-16; JSON Lines are read as UTF-8, re-save the corpus as UTF-8")
            return
        if b"\x00" in head:
            yield InputError(str(path), "looks binary (NUL bytes), not JSON Lines; check the file")
            return
        seen = 0
        parsed_any = False
        held: list[InputError] = []  # syntax errors before the first line that parses
        for lineno, raw, length in _lines(handle, max_bytes):
            where = f"{path}:{lineno}"
            if raw is None:
                parsed_any = True  # do not judge the file by an over-long line
                yield from held
                held = []
                seen += 1
                yield InputError(
                    where, f"record is {length / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
                    "split it or pass --max-bytes"
                )
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen += 1
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                error = InputError(where, "is not UTF-8; re-save the corpus as UTF-8")
            except json.JSONDecodeError as exc:
                error = InputError(where, f"is not valid JSON ({exc.msg}); fix or remove the line")
                error.detail = exc.msg  # type: ignore[attr-defined]
            except (ValueError, RecursionError) as exc:  # over-long integers, deep nesting
                error = InputError(where, f"cannot be read as JSON ({_reason(exc)}); fix or remove the line")
            else:
                if not parsed_any:
                    parsed_any = True
                    yield from held
                    held = []
                try:
                    yield record_to_document(record, where, str(path), fields, max_bytes=max_bytes)
                except InputError as exc:
                    yield exc
                continue
            if parsed_any:
                yield error
                continue
            held.append(error)
            if len(held) >= _SYNTAX_PROBE:
                break
        if held:
            first = held[0]
            detail = getattr(first, "detail", None) or first.reason.split(";")[0]
            yield InputError(
                str(path),
                f"is not JSON Lines (none of its first {len(held)} lines is JSON; line {first.path.rsplit(':', 1)[-1]}: "
                f"{detail}); check that it holds one JSON object per line",
            )
            return
    if not seen:
        yield InputError(str(path), "holds no records; remove it or add records")


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:80]}" if text else type(exc).__name__


def _read_json_array(path: Path, fields: FieldMap, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    try:
        data = json.loads(decode(_read_bytes(path, CORPUS_MAX_BYTES), str(path)))
    except json.JSONDecodeError as exc:
        yield InputError(str(path), f"is not valid JSON (line {exc.lineno}: {exc.msg}); fix it")
        return
    except (ValueError, RecursionError) as exc:
        yield InputError(str(path), f"cannot be read as JSON ({_reason(exc)}); fix it")
        return
    except InputError as exc:
        yield exc
        return
    records = data if isinstance(data, list) else [data]
    if not records:
        yield InputError(str(path), "holds no records (an empty list); remove it or add records")
        return
    for i, record in enumerate(records):
        try:
            yield record_to_document(record, f"{path}[{i}]", str(path), fields, max_bytes=max_bytes)
        except InputError as exc:
            yield exc


def read_csv_file(path: Path, fields: FieldMap, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """A CSV/TSV corpus with a header row; ``max_bytes`` limits one cell (a record's text)."""
    try:
        text = decode(_read_bytes(path, CORPUS_MAX_BYTES), str(path))
    except InputError as exc:
        yield exc
        return
    if csv.field_size_limit() < max_bytes + 1:
        csv.field_size_limit(max_bytes + 1)
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield InputError(str(path), "has no header row; the first row must name the columns")
        return
    header = [h.strip() for h in header]
    if fields.text not in header and not any(a in header for a in fields.aliases["text"]):
        yield InputError(
            str(path), f"has no '{fields.text}' column (header: {_show(','.join(header))}); map one with --field text=NAME"
        )
        return
    line = reader.line_num
    seen = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputError(
                f"{path}:{start}", f"cannot be parsed as CSV ({_reason(exc)}); fix the row, the rest of the file was not read"
            )
            return
        line = reader.line_num
        where = f"{path}:{start}"
        if not any(cell.strip() for cell in row):
            continue
        seen += 1
        if len(row) != len(header):
            yield InputError(where, f"has {len(row)} cells, the header {len(header)}; fix the row (quote commas in text)")
            continue
        try:
            yield record_to_document(dict(zip(header, row)), where, str(path), fields, max_bytes=max_bytes)
        except InputError as exc:
            yield exc
    if not seen:
        yield InputError(str(path), "has a header but no rows; remove it or add records")


def read_feed_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """RSS/Atom: one Document per entry (full text from content, else the description)."""
    import feedparser

    data = _read_bytes(path, max_bytes)
    head = data[:2048].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if not head.startswith(b"<") and not head.startswith((b"\xff\xfe<", b"\xfe\xff\x00<")):
        yield InputError(str(path), "is not an RSS/Atom XML file (it does not start with '<'); check the download")
        return
    try:
        feed = feedparser.parse(data)
    except Exception as exc:  # feedparser raises little, but a broken file must stay one line
        yield InputError(str(path), f"is not a readable RSS/Atom feed ({_reason(exc)}); check the file")
        return
    if not feed.entries:
        if feed.bozo:
            exc = feed.get("bozo_exception")
            reason = getattr(exc, "getMessage", lambda: _reason(exc) if exc else "malformed XML")()
            yield InputError(str(path), f"is not a readable RSS/Atom feed ({reason}); check the file")
        else:
            yield InputError(str(path), "is a feed with no entries; check the download")
        return
    outlet = _feed_str(feed.feed.get("title"))
    for i, entry in enumerate(feed.entries):
        yield _entry_to_document(entry, f"{path}#{i + 1}", str(path), outlet)


def _feed_str(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", errors="replace").decode("utf-8")
    return value


def _entry_to_document(entry: Any, where: str, path: str, outlet: str | None) -> Item:
    body = ""
    if entry.get("content"):
        body = entry["content"][0].get("value", "") or ""
    body = body or entry.get("summary", "") or entry.get("description", "") or ""
    text = _feed_str(_strip_tags(body)) or ""
    if not text.strip():
        return InputError(where, "feed entry has no text; it was skipped")
    published = None
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        try:
            published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
        except (ValueError, TypeError, AttributeError):
            published = None
    return Document(
        id=_feed_str(entry.get("id")) or _feed_str(entry.get("link")) or where,
        text=text,
        published=published,
        outlet=outlet,
        url=_feed_str(entry.get("link")),
        title=_feed_str(entry.get("title")),
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
    """Every Document (or InputError) one file holds; never raises for a bad file.

    ``max_bytes`` limits one document: a text, HTML or feed file, or one JSONL/CSV record.
    """
    fields = fields or FieldMap()
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl_file(path, fields, max_bytes)
        elif suffix in CSV_SUFFIXES:
            yield from read_csv_file(path, fields, max_bytes)
        elif suffix in HTML_SUFFIXES:
            yield from read_html_file(path, max_bytes)
        elif suffix in FEED_SUFFIXES:
            yield from read_feed_file(path, max_bytes)
        else:
            yield from read_text_file(path, max_bytes)
    except InputError as exc:
        yield exc
    except MemoryError:
        yield InputError(str(path), "is too large to read in memory; split it or lower --max-bytes")
    except OSError as exc:
        yield InputError(str(path), f"cannot be read ({exc.__class__.__name__}: {exc.strerror or exc}); check permissions")
    except Exception as exc:  # a reader bug must cost one file, not the batch
        yield InputError(str(path), f"could not be read ({_reason(exc)}); this is a talkwatch bug, please report it")


def read_all(paths: list[str], fields: FieldMap | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Documents and errors from files and folders, in a stable order."""
    for item in iter_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_path(item, fields, max_bytes)
