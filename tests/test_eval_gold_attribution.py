"""Scoring attributions against talkwatch's gold JSON files."""

from __future__ import annotations

import pytest

from talkwatch.evaluate.gold_attribution import score_document, same_speaker
from talkwatch.model import Attribution, Span
from talkwatch.profile import profile_from_dict

PROFILE = profile_from_dict({
    "parties": {
        "turkey": {"names": ["Turkey"], "people": [{"name": "İbrahim Kalın", "aliases": ["Ibrahim Kalin", "Kalin"]}]},
        "russia": {"names": ["Russia"], "people": [{"name": "Vladimir Putin", "aliases": ["Putin"]}]},
    },
    "issues": {"talks": {"cues": ["talks"]}},
}, "t.yaml")

TEXT = "Kalin said Putin laid out several points. “The first is neutrality,” Kalin said. A diplomat shrugged."


def _att(content: str, speaker: str, kind: str = "named", via: str | None = None) -> Attribution:
    at = TEXT.index(content)
    return Attribution(content=Span(at, at + len(content), content), speaker=speaker, speaker_kind=kind, via=via)


def test_eval_gold_attribution_counts_found_speaker_kind_and_via() -> None:
    gold = {"attributions": [
        {"speaker": "İbrahim Kalin", "speaker_kind": "named", "via": "Vladimir Putin", "content": "Putin laid out several points"},
        {"speaker": "İbrahim Kalin", "speaker_kind": "named", "via": None, "content": "The first is neutrality,"},
        {"speaker": "a diplomat", "speaker_kind": "anonymous", "via": None, "content": "shrugged"},
    ]}
    preds = [_att("Putin laid out several points", "İbrahim Kalın", via="Vladimir Putin"),
             _att("The first is neutrality", "Putin")]
    rows = score_document(TEXT, gold, preds, PROFILE)["rows"]
    assert [r["found"] for r in rows] == [True, True, False]
    assert rows[0]["speaker_ok"] and rows[0]["kind_ok"] and rows[0]["via_ok"]
    assert not rows[1]["speaker_ok"] and rows[1]["via_ok"]


def test_eval_gold_attribution_via_from_positions_when_rows_have_none() -> None:
    # rows without a "via" key: the relay is read from the gold positions whose evidence
    # lies in the row's content; a row no position speaks for is not checked
    gold = {
        "attributions": [
            {"speaker": "İbrahim Kalin", "speaker_kind": "named", "content": "The first is neutrality,"},
            {"speaker": "a diplomat", "speaker_kind": "anonymous", "content": "A diplomat shrugged"},
        ],
        "positions": [{"holder": "russia", "issue": "talks", "stance": "demand", "source": "İbrahim Kalin",
                       "via": "Vladimir Putin", "evidence": "neutrality"}],
    }
    rows = score_document(TEXT, gold, [_att("The first is neutrality", "İbrahim Kalın"),
                                       _att("A diplomat shrugged", "a diplomat", "anonymous")], PROFILE)["rows"]
    assert rows[0]["via_checked"] and not rows[0]["via_ok"]  # the positions say Putin's point
    assert not rows[1]["via_checked"] and rows[1]["via_ok"]
    relayed = _att("The first is neutrality", "İbrahim Kalın", via="Putin")
    assert score_document(TEXT, gold, [relayed], PROFILE)["rows"][0]["via_ok"]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Ibrahim Kalin", "İbrahim Kalın", True),
    ("Kalin", "İbrahim Kalın", True),
    ("a senior NATO official", "A senior NATO official", True),
    ("Putin", "İbrahim Kalın", False),
    ("multiple sources", "US and NATO officials", False),
])
def test_eval_gold_attribution_same_speaker(a: str, b: str, same: bool) -> None:
    assert same_speaker(a, b, PROFILE) is same
