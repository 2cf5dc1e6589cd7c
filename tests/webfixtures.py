"""A small stored corpus built without the NLP model, for web, report and export tests."""

from __future__ import annotations

from pathlib import Path

from talkwatch.model import Analysis, Attribution, Document, Position, Span
from talkwatch.profile import Profile, profile_from_dict
from talkwatch.store import Store

HOSTILE = 'Attack <script>alert("x")</script> and <img src=x onerror="alert(1)"> and <a href="javascript:alert(2)">link</a>.'

PROFILE: Profile = profile_from_dict(
    {
        "id": "web-test",
        "name": "Test talks",
        "parties": {
            "russia": {"label": "Russia", "role": "belligerent", "names": ["Russia"],
                       "people": [{"name": "Dmitry Peskov", "aliases": ["Peskov"]}]},
            "ukraine": {"label": "Ukraine", "role": "belligerent", "names": ["Ukraine"],
                        "people": [{"name": "Volodymyr Zelensky", "aliases": ["Zelensky"], "principal": True}]},
        },
        "issues": {
            "neutrality": {"label": "Neutral status", "cues": ["neutrality"]},
            "ceasefire": {"label": "Ceasefire", "cues": ["ceasefire"]},
        },
    },
    "web-test.yaml",
)


def _doc(key: str, date: str, text: str, speaker: str, party: str, stances: list[tuple[str, str, str]]) -> Analysis:
    doc = Document(id=key, text=text, published=date, outlet=f"Outlet {key}", title=f"Report {key}",
                   url=f"https://example.org/{key}")
    start = text.index("“") + 1 if "“" in text else 0
    end = text.index("”") if "”" in text else len(text)
    content = Span(start, end, text[start:end])
    src_at = text.index(speaker.split()[-1])
    source = Span(src_at, src_at + len(speaker.split()[-1]), speaker.split()[-1])
    att = Attribution(content=content, source=source, speaker=speaker, speaker_kind="named", party=party, mode="direct")
    out = Analysis(document=doc, attributions=[att])
    for holder, issue, stance in stances:
        out.positions.append(Position(holder=holder, issue=issue, stance=stance, evidence=content, source=speaker,
                                      source_kind="named", mode="direct", attribution=0))
    return out


def build_store(path: str | Path) -> Store:
    store = Store(path)
    docs = [
        _doc("r1", "2022-03-01", "“Ukraine must accept neutrality,” Peskov said.", "Dmitry Peskov", "russia",
             [("russia", "neutrality", "demand")]),
        _doc("u1", "2022-03-29", "“We are open to neutrality with guarantees,” Zelensky said.", "Volodymyr Zelensky",
             "ukraine", [("ukraine", "neutrality", "open")]),
        _doc("u2", "2022-05-17", "“No ceasefire that leaves troops in place,” Zelensky said. " + HOSTILE,
             "Volodymyr Zelensky", "ukraine", [("ukraine", "ceasefire", "reject")]),
        _doc("r2", "2025-03-13", "“We accept a ceasefire in principle,” Peskov said.", "Dmitry Peskov", "russia",
             [("russia", "ceasefire", "accept")]),
        _doc("x<script>", "2025-03-14", "“" + HOSTILE + "” Peskov said.", "Dmitry Peskov", "russia",
             [("russia", "ceasefire", "offer")]),
    ]
    for analysis in docs:
        with store.transaction():
            store.save_analysis(analysis, analysis.document.id, None)
    return store
