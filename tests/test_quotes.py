"""The quote scanner: every quote style, multi-paragraph quotes, unbalanced marks."""

from __future__ import annotations

import pytest

from talkwatch.nlp.quotes import find_quotes, scan_quotes


def texts(text: str) -> list[str]:
    return [q.text(text) for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we are ready" today.', ["we are ready"]),
        ("He said “we are ready” today.", ["we are ready"]),
        ("He said ‘we are ready’ today.", ["we are ready"]),
        ("He said 'we are ready' today.", ["we are ready"]),
        ("Er sagte „wir sind bereit“ heute.", ["wir sind bereit"]),
        ("Il a dit «nous sommes prêts» hier.", ["nous sommes prêts"]),
        ("Il a dit « nous sommes prêts » hier.", [" nous sommes prêts "]),
        ("He said ''we are ready'' today.", ["we are ready"]),
    ],
)
def test_quotes_every_style(text, expected):
    assert texts(text) == expected


def test_quotes_spanning_sentences():
    text = "“We will talk. We will not surrender. That is all,” he said."
    assert texts(text) == ["We will talk. We will not surrender. That is all,"]


def test_quotes_spanning_paragraphs_news_style():
    text = "“The first point is security.\n\n“The second point is trade,” she said."
    (quote,) = find_quotes(text)
    assert len(quote.pieces) == 2
    assert text[quote.pieces[0][0] : quote.pieces[0][1]] == "The first point is security."
    assert quote.text(text).endswith("The second point is trade,")


def test_quotes_unbalanced_mark_skips_only_its_region():
    text = "A “broken start here.\n\nThen “a good quote” and “another one”."
    scan = scan_quotes(text)
    assert [q.text(text) for q in scan.quotes] == ["a good quote", "another one"]
    assert scan.warnings and "unclosed" in scan.warnings[0]


def test_quotes_stray_closing_mark_is_skipped():
    text = "Nothing” opened here. Then “a quote” follows."
    assert texts(text) == ["a quote"]


def test_quotes_apostrophes_are_not_quotes():
    text = "Ukraine’s leaders don’t agree with the countries’ plan."
    assert texts(text) == []


def test_quotes_inner_single_quotes_stay_inside():
    text = "“The term ‘Austrian neutrality’ is used,” he said."
    assert texts(text) == ["The term ‘Austrian neutrality’ is used,"]


def test_quotes_closing_mark_typed_the_wrong_way():
    text = "“We are ready,“ said the minister. Then “more”."
    assert texts(text) == ["We are ready,", "more"]


def test_quotes_line_break_inside_a_quote():
    text = "“This could create problems for her here.\nRep. Jones.” He left."
    assert texts(text) == ["This could create problems for her here.\nRep. Jones."]


def test_quotes_offsets_are_inside_the_text():
    for text in ["“", "”", "\"", "'", "«", "„", "“a\n\n“b", "''", "x''", "“”"]:
        for q in find_quotes(text):
            assert 0 <= q.outer_start <= q.start <= q.end <= q.outer_end <= len(text)


def test_quotes_closing_mark_before_a_quotation_dash():
    text = "“We will not sign under fire.”― Olena Marchenko\n“Then we wait.” ― Pieter de Vries"
    assert texts(text) == ["We will not sign under fire.", "Then we wait."]
