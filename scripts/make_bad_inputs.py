#!/usr/bin/env python3
"""Write talkwatch's bad-input corpus (and a few valid documents) into a folder.

    python scripts/make_bad_inputs.py DIR [--big-mb 50]

Nothing binary is committed: every file is generated here, deterministically (seeded).
The layout is

    DIR/inputs/      what ``talkwatch ingest DIR/inputs`` reads: bad files, bad records
                     and valid documents side by side
    DIR/profiles/    good.yaml (a small valid profile) and three broken ones

``tests/test_bad_inputs.py`` runs the ingest over it; ``docs/reliability.md`` lists every
input with the exact message it gets.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

GOOD_PROFILE = """\
id: test-talks
name: Test talks
parties:
  russia:
    label: Russia
    role: belligerent
    names: [Russia, Moscow, the Kremlin]
    demonyms: [Russian]
    people:
      - name: Dmitry Peskov
        aliases: [Peskov]
        role: spokesman
      - name: Sergei Lavrov
        aliases: [Lavrov]
        role: foreign minister
  ukraine:
    label: Ukraine
    role: belligerent
    names: [Ukraine, Kyiv]
    demonyms: [Ukrainian]
    people:
      - name: Mykhailo Podolyak
        aliases: [Podolyak]
        role: adviser
issues:
  neutrality:
    label: Neutral status
    cues: [neutrality, neutral status, NATO membership]
  crimea:
    label: Crimea
    cues: [Crimea]
  ceasefire:
    label: Ceasefire
    cues: [ceasefire, truce]
"""

# Bad profiles: each must give one line and exit code 2.
BAD_PROFILES = {
    "unknown-keys.yaml": GOOD_PROFILE.replace("    role: adviser\n", "    role: adviser\n    nickname: Misha\n"),
    "duplicate-ids.yaml": GOOD_PROFILE + "  crimea:\n    label: Crimea again\n    cues: [peninsula]\n",
    "bad-yaml.yaml": GOOD_PROFILE.replace("names: [Ukraine, Kyiv]", "names: [Ukraine, Kyiv"),
}

REPORT_A = """Talks resume in Istanbul

Ukraine's chief negotiator said on Tuesday that Kyiv was ready to accept a neutral status if it received binding security guarantees.

“We will never recognise the annexation of Crimea,” Mykhailo Podolyak told reporters after the session.

Kremlin spokesman Dmitry Peskov said Moscow still demanded the neutrality of Ukraine.
"""

REPORT_B = """Moscow hardens its line

Russia rejected any ceasefire before its conditions were met, Dmitry Peskov said on Friday.

“There can be no pause for talks,” Sergei Lavrov said.
"""

REPORT_C = """Kyiv offers a truce

Ukraine proposed a ceasefire along the current line, Podolyak said on Monday.
"""

GOOD_HTML = """<!DOCTYPE html>
<html><head><title>Negotiators meet again</title><meta name="date" content="2022-03-30"></head>
<body><article><h1>Negotiators meet again</h1>
<p>Ukraine's delegation said on Wednesday that Kyiv would discuss a neutral status only with security guarantees from several states.</p>
<p>Kremlin spokesman Dmitry Peskov said Russia still demanded that Ukraine give up its bid for NATO membership, and that no ceasefire was agreed.</p>
<p>Mykhailo Podolyak said the sides would meet again next week in Istanbul to continue the talks on the draft treaty.</p>
</article></body></html>
"""

GOOD_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Ledger</title>
<item><title>Lavrov rules out a pause</title><link>https://example.org/lavrov-pause</link>
<guid>https://example.org/lavrov-pause</guid><pubDate>Tue, 12 Apr 2022 18:00:00 +0000</pubDate>
<description>&lt;p&gt;Sergei Lavrov said Moscow would not agree to a ceasefire during the talks.&lt;/p&gt;</description></item>
</channel></rss>
"""

LATIN1_TEXT = "Peskov said the Kremlin would not discuss Crimea at the café meeting in Genève.\n"
UTF16_TEXT = "Podolyak said Kyiv would never accept a ceasefire that froze the front line.\n"


def _jsonl_lines() -> list[str]:
    good = [
        {"id": "rep-a", "text": REPORT_A, "published": "2022-03-29", "outlet": "Harbour Ledger", "title": "Istanbul"},
        {"id": "rep-b", "text": REPORT_B, "published": "2022-04-12", "outlet": "Meridian Wire"},
    ]
    lines = [json.dumps(good[0], ensure_ascii=False)]
    lines.append('{"id": "broken", "text": "no closing brace"')  # line 2: not JSON
    lines.append(json.dumps({"id": "num-text", "text": 42}))  # line 3: text is a number
    lines.append(json.dumps({"id": ["a", "list"], "text": "Peskov said nothing."}))  # line 4: id is a list
    lines.append(json.dumps({"id": "bad-date", "text": "Lavrov spoke.", "published": "last Tuesday"}))  # 5
    lines.append(json.dumps({"id": "bad-kind", "text": "Lavrov spoke.", "kind": "tweet"}))  # 6
    lines.append(json.dumps({"id": "obj-outlet", "text": "Lavrov spoke.", "outlet": {"name": "Wire"}}))  # 7
    lines.append('["not", "an", "object"]')  # line 8
    lines.append('{"id": "surrogate", "text": "Peskov said \\ud800 nothing."}')  # line 9: lone surrogate
    lines.append(json.dumps(good[1], ensure_ascii=False))  # line 10
    return lines


def make(root: Path, big_mb: int = 50) -> dict[str, Path]:
    """Write the corpus under ``root``; returns the two folders."""
    rng = random.Random(20261129)
    inputs = root / "inputs"
    profiles = root / "profiles"
    inputs.mkdir(parents=True, exist_ok=True)
    profiles.mkdir(parents=True, exist_ok=True)

    # -- bad whole files ----------------------------------------------------------------
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blank.txt").write_bytes(b"  \n\n\t \n")
    (inputs / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00")
    (inputs / "invalid-utf8.txt").write_bytes(
        "Peskov said the talks in Genève had stalled.\n".encode("utf-8") + b"Then \xff\xfe broken \xe2\x82 bytes.\n"
    )
    (inputs / "no-body.html").write_text("<html><head><title>Nothing here</title></head></html>\n", encoding="utf-8")
    (inputs / "not-xml.rss").write_text("this is not a feed at all, just a line of text\n", encoding="utf-8")
    (inputs / "binary.jsonl").write_bytes(bytes(rng.randrange(256) for _ in range(2048)) + b"\x00")
    (inputs / "prose.jsonl").write_text("Talks went on.\nNobody agreed.\n" * 3, encoding="utf-8")
    (inputs / "ragged.csv").write_text(
        "id,published,outlet,text\n"
        'csv-1,2022-03-01,Eastbridge Times,"Ukraine proposed a ceasefire, Podolyak said."\n'
        "csv-2,2022-03-02,Eastbridge Times,Peskov said Moscow rejected, any truce\n"  # 5 cells: ragged
        "csv-3,2022-03-03\n",  # 2 cells: ragged
        encoding="utf-8",
    )
    with (inputs / "big.txt").open("w", encoding="utf-8") as handle:  # over the 20 MB default
        paragraph = ("Negotiators met again today and said little about the neutrality of Ukraine. " * 12 + "\n\n")
        block = paragraph * max(1, 1_000_000 // len(paragraph))
        written = 0
        while written < big_mb * 1_000_000:
            handle.write(block)
            written += len(block)

    # -- bad records inside otherwise good corpus files ------------------------------------
    (inputs / "corpus.jsonl").write_text("\n".join(_jsonl_lines()) + "\n", encoding="utf-8")

    # -- valid documents in every format and encoding ---------------------------------------
    (inputs / "report-c.txt").write_text(REPORT_C, encoding="utf-8")
    (inputs / "latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (inputs / "utf16.txt").write_bytes(UTF16_TEXT.encode("utf-16"))  # with a BOM
    (inputs / "page.html").write_text(GOOD_HTML, encoding="utf-8")
    (inputs / "feed.rss").write_text(GOOD_RSS, encoding="utf-8")

    # -- profiles -------------------------------------------------------------------------------
    (profiles / "good.yaml").write_text(GOOD_PROFILE, encoding="utf-8")
    for name, text in BAD_PROFILES.items():
        (profiles / name).write_text(text, encoding="utf-8")
    return {"inputs": inputs, "profiles": profiles}


# What the valid part of the corpus holds: the documents a clean ingest stores.
VALID_DOCUMENTS = 8  # rep-a, rep-b, csv-1, report-c, latin1, utf16, page.html, the feed entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", help="folder to write (created)")
    parser.add_argument("--big-mb", type=int, default=50, help="size of big.txt in MB (default 50)")
    args = parser.parse_args()
    made = make(Path(args.dir), args.big_mb)
    print(f"wrote {made['inputs']} and {made['profiles']}")


if __name__ == "__main__":
    main()
