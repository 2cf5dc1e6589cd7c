"""Find quotations in raw news text, tolerant of the ways real copy breaks them.

Handles straight ("…", '…'), curly (“…”, ‘…’), guillemet («…», »…«) and German („…“)
quotes; a quote that runs over several paragraphs in news style, where each paragraph
reopens the quote and only the last one closes it; and unbalanced marks: a quote that
never closes is dropped (with a warning) and scanning resumes at the next paragraph, so one
bad mark never sinks the rest of the document.

Single quotes count only at the top level (headline style 'We will never', says X) and
only when they open and close within one paragraph; inside double quotes they are inner
quotes, and elsewhere a ’ is usually an apostrophe.

Example::

    >>> [q.text("He said “yes” and ‘no’.") for q in find_quotes("He said “yes” and ‘no’.")]
    ['yes', 'no']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE = "double"
SINGLE = "single"
GUILLEMET = "guillemet"
LOW = "low"  # German „…“ / ‚…‘

# mark -> (family, can open, can close)
_MARKS: dict[str, tuple[tuple[str, bool, bool], ...]] = {
    '"': ((DOUBLE, True, True),),
    "“": ((DOUBLE, True, True), (LOW, False, True)),  # also a closer typed the wrong way
    "”": ((DOUBLE, True, True),),
    "«": ((GUILLEMET, True, True),),
    "»": ((GUILLEMET, True, True),),
    "„": ((LOW, True, False),),
    "'": ((SINGLE, True, True),),
    "‘": ((SINGLE, True, False), (LOW, False, True)),
    "’": ((SINGLE, False, True),),
    "‚": ((LOW, True, False),),
}
_DOUBLE_FAMILIES = frozenset({DOUBLE, GUILLEMET, LOW})
_OPEN_BEFORE = frozenset(" \t\n([{―—–-/:")  # what may precede an opening mark
_CLOSE_AFTER = frozenset(" \t\n)]}.,;:!?―—–-/…")  # what may follow a closing mark
_PARAGRAPH = re.compile(r"[^\n]+")
_ANY_MARK = re.compile("[\"“”«»„'‘’‚]")
_SINGLE_MARKS = re.compile("['‘’]")
FILL = "\x00"  # stands for the second ' of a doubled '' (NYT style) in the scanned view
MAX_SINGLE_QUOTE = 400  # characters; longer single-quoted stretches are apostrophes


@dataclass(frozen=True)
class Quote:
    """One quotation. ``start``/``end`` exclude the marks; ``pieces`` are per paragraph."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    family: str
    pieces: tuple[tuple[int, int], ...] = field(default=())

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.outer_start <= offset < self.outer_end


@dataclass
class QuoteScan:
    """The quotes of a text and warnings about the marks that had to be skipped."""

    quotes: list[Quote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Open:
    pos: int
    family: str
    pieces: list[tuple[int, int]] = field(default_factory=list)
    piece_start: int = 0


def _next(text: str, i: int) -> int:
    """The offset just past the mark at ``i`` (a doubled '' mark is two characters)."""
    return i + 2 if i + 1 < len(text) and text[i + 1] == FILL else i + 1


def _neighbours(text: str, i: int) -> tuple[str, str]:
    j = _next(text, i)
    return (text[i - 1] if i > 0 else " "), (text[j] if j < len(text) else " ")


def _view(text: str) -> str:
    """The text with each doubled '' written as one straight double mark plus a filler."""
    return text.replace("''", '"' + FILL) if "''" in text else text


def _opener_shape(text: str, i: int) -> bool:
    before, after = _neighbours(text, i)
    return (before.isspace() or before in _OPEN_BEFORE or before in _MARK_CHARS) and not after.isspace()


def _closer_shape(text: str, i: int) -> bool:
    before, after = _neighbours(text, i)
    return not before.isspace() and (after.isspace() or after in _CLOSE_AFTER or after in _MARK_CHARS)


_MARK_CHARS = frozenset(_MARKS)


def _roles(text: str, i: int) -> list[tuple[str, bool, bool]]:
    """The (family, opens, closes) readings of the mark at ``i`` that fit its context."""
    readings: list[tuple[str, bool, bool]] = []
    for family, opens, closes in _MARKS[text[i]]:
        can_open = opens and _opener_shape(text, i)
        can_close = closes and _closer_shape(text, i)
        if family in (DOUBLE, GUILLEMET) and text[i] in "\"«»" and not (can_open or can_close):
            can_open = opens  # a straight mark squeezed between words: let pairing decide
            can_close = closes
        if can_open or can_close:
            readings.append((family, can_open, can_close))
    return readings


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _starts_with_opener(text: str, start: int, end: int, family: str) -> int | None:
    """Offset of the quote mark that reopens a continued quote at a paragraph's start."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i < end and text[i] in _MARK_CHARS:
        if any(f == family and o for f, o, _c in _MARKS[text[i]]):
            return i
        if family in _DOUBLE_FAMILIES and any(f in _DOUBLE_FAMILIES and o for f, o, _c in _MARKS[text[i]]):
            return i
    return None


def _emit(scan: QuoteScan, state: _Open, close: int, text: str) -> None:
    pieces = [*state.pieces, (state.piece_start, close)]
    pieces = [(s, e) for s, e in pieces if e > s]
    if not pieces:
        return
    scan.quotes.append(
        Quote(
            start=pieces[0][0],
            end=pieces[-1][1],
            outer_start=state.pos,
            outer_end=min(len(text), _next(text, close)),
            family=state.family,
            pieces=tuple(pieces),
        )
    )


def _scan_single(text: str, start: int, end: int, scan: QuoteScan) -> None:
    """Top-level single quotes inside one paragraph stretch free of double quotes."""
    open_at: int | None = None
    for match in _SINGLE_MARKS.finditer(text, start, end):
        i = match.start()
        readings = [r for r in _roles(text, i) if r[0] == SINGLE]
        if not readings:
            continue
        _family, can_open, can_close = readings[0]
        if open_at is not None and can_close and i - open_at <= MAX_SINGLE_QUOTE:
            if i - open_at > 1:
                scan.quotes.append(Quote(open_at + 1, i, open_at, i + 1, SINGLE, ((open_at + 1, i),)))
            open_at = None
        elif can_open and (open_at is None or i - open_at > MAX_SINGLE_QUOTE):
            open_at = i


def _is_double_candidate(ch: str, state: _Open | None) -> bool:
    """Single marks are handled apart, except ‘ closing a German ‚…‘ inner quote (ignored)."""
    return ch in _MARK_CHARS and ch not in "'‘’‚"


def _reopens(text: str, i: int, readings: list[tuple[str, bool, bool]]) -> bool:
    """A mark shaped only like an opener while a quote is open: the earlier one was stray."""
    return any(r[1] for r in readings) and _opener_shape(text, i) and not _closer_shape(text, i)


def _line_break_only(text: str, end: int, nxt_start: int, family: str) -> bool:
    """A single line break inside a paragraph, and the next line closes the quote."""
    if text[end:nxt_start].count("\n") != 1:
        return False
    line_end = text.find("\n", nxt_start)
    line = text[nxt_start : len(text) if line_end < 0 else line_end]
    for offset, ch in enumerate(line):
        if ch in _MARK_CHARS and ch not in "'‘’‚":
            return _closer_shape(text, nxt_start + offset)
    return False


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotations in ``text``, in order (see ``scan_quotes`` for warnings)."""
    return scan_quotes(text).quotes


def scan_quotes(text: str) -> QuoteScan:
    """Quotations plus warnings for the unbalanced marks that were skipped."""
    scan = QuoteScan()
    text = _view(text)
    paragraphs = _paragraphs(text)
    state: _Open | None = None
    skip_mark: int | None = None
    for index, (p_start, p_end) in enumerate(paragraphs):
        free_from = p_start  # start of the current stretch outside double quotes
        if state is not None:
            free_from = p_end + 1  # a continued quote owns the paragraph until it closes
        for match in _ANY_MARK.finditer(text, p_start, p_end):
            i = match.start()
            if i == skip_mark or not _is_double_candidate(text[i], state):
                continue
            readings = [r for r in _roles(text, i) if r[0] in _DOUBLE_FAMILIES]
            if state is None:
                opener = next((r for r in readings if r[1]), None)
                if opener is None:
                    if readings:
                        scan.warnings.append(f"stray closing quote mark at offset {i}: skipped")
                    continue
                _scan_single(text, free_from, i, scan)
                state = _Open(pos=i, family=opener[0], piece_start=_next(text, i))
            elif any(r[2] and r[0] == state.family for r in readings):
                _emit(scan, state, i, text)
                state = None
                free_from = _next(text, i)
            elif _reopens(text, i, readings):
                scan.warnings.append(f"unclosed quote at offset {state.pos}: skipped")
                state = _Open(pos=i, family=next(r for r in readings if r[1])[0], piece_start=_next(text, i))
        skip_mark = None
        if state is None:
            _scan_single(text, free_from, p_end, scan)
            continue
        nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        reopen = _starts_with_opener(text, nxt[0], nxt[1], state.family) if nxt else None
        if reopen is None and nxt is not None and _line_break_only(text, p_end, nxt[0], state.family):
            state.pieces.append((state.piece_start, p_end))
            state.piece_start = nxt[0]
            continue
        if reopen is None:
            scan.warnings.append(f"unclosed quote at offset {state.pos}: skipped to the next paragraph")
            state = None
            continue
        end = p_end
        while end > state.piece_start and text[end - 1].isspace():
            end -= 1
        state.pieces.append((state.piece_start, end))
        state.piece_start = _next(text, reopen)
        skip_mark = reopen
    scan.quotes.sort(key=lambda q: q.outer_start)
    return scan
