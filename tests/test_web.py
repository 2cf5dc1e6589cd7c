"""The dashboard and REST API, in-process: pages, JSON twins, escaping and 4xx answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talkwatch.web.app import create_app

from webfixtures import PROFILE, build_store


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    db = tmp_path / "web.db"
    build_store(db).close()
    return TestClient(create_app(str(db), PROFILE))


def test_web_board_page_and_api_share_one_context(client: TestClient) -> None:
    api = client.get("/api/status").json()
    cells = {(c["party"], c["issue"]): c["stance"] for c in api["cells"]}
    assert cells[("russia", "neutrality")] == "demand" and cells[("ukraine", "neutrality")] == "open"
    html = client.get("/").text
    assert 'data-party="russia" data-issue="neutrality" data-stance="demand"' in html
    assert "/cell/russia/neutrality" in html


def test_web_as_of_changes_the_board(client: TestClient) -> None:
    early = client.get("/api/status", params={"as_of": "2022-03-15"}).json()
    assert {(c["party"], c["issue"]) for c in early["cells"]} == {("russia", "neutrality")}
    late = client.get("/api/status").json()
    assert ("russia", "ceasefire") in {(c["party"], c["issue"]) for c in late["cells"]}


def test_web_cell_issue_party_document_changes_search_pages(client: TestClient) -> None:
    assert "Peskov" in client.get("/cell/russia/neutrality").text
    issue = client.get("/issue/ceasefire").text
    assert "<svg" in issue and "<circle" in issue
    assert client.get("/api/issues/ceasefire").json()["issue"]["id"] == "ceasefire"
    assert "Zelensky" in client.get("/party/ukraine").text
    doc = client.get("/doc", params={"key": "u1"}).text
    assert '<mark class="content"' in doc and '<mark class="source"' in doc
    changes = client.get("/api/changes", params={"since": "2022-04-01"}).json()["changes"]
    assert any(c["party"] == "russia" and c["issue"] == "ceasefire" for c in changes)
    assert client.get("/api/search", params={"q": "guarantees"}).json()["results"]
    assert client.get("/openapi.json").json()["paths"]["/api/status"]


def test_web_escapes_hostile_article_text(client: TestClient) -> None:
    for url in ("/doc?key=u2", "/cell/russia/ceasefire", "/issue/ceasefire", "/search?q=script",
                "/doc?key=x%3Cscript%3E", "/party/russia"):
        html = client.get(url).text
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and 'href="javascript:' not in html, url


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/status?as_of=2022-13-45", 400),
        ("/api/status?as_of=yesterday", 400),
        ("/api/status?party=atlantis", 404),
        ("/api/evidence/russia/moon", 404),
        ("/api/issues/nope", 404),
        ("/api/parties/nope", 404),
        ("/api/document?key=missing", 404),
        ("/api/changes?since=not-a-date", 400),
        ("/api/changes", 422),
        ("/api/documents?limit=0", 422),
        ("/cell/russia/moon", 404),
        ("/doc?key=../../etc/passwd", 404),
    ],
)
def test_web_bad_parameters_are_4xx_with_a_message(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["detail"]


def test_web_writing_is_off_without_a_configured_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALKWATCH_WRITE_TOKEN", raising=False)
    db = tmp_path / "w.db"
    build_store(db).close()
    client = TestClient(create_app(str(db), PROFILE))
    response = client.post("/api/documents", json={"id": "n1", "text": "Peskov said talks resume."})
    assert response.status_code == 403 and "TALKWATCH_WRITE_TOKEN" in response.json()["detail"]


def test_web_writing_needs_the_right_token(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    build_store(db).close()
    client = TestClient(create_app(str(db), PROFILE, write_token="s3cret"))
    body = {"id": "n1", "text": "Peskov said talks resume."}
    assert client.post("/api/documents", json=body).status_code == 401
    assert client.post("/api/documents", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    bad = client.post("/api/documents", json={"id": "n2", "text": "x", "published": "someday"},
                      headers={"Authorization": "Bearer s3cret"})
    assert bad.status_code == 400 and "date" in bad.json()["detail"]


@pytest.mark.model
def test_web_writing_with_the_token_stores_the_document(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    build_store(db).close()
    client = TestClient(create_app(str(db), PROFILE, write_token="s3cret"))
    body = {"id": "n1", "text": "“We demand neutrality,” Peskov said on Monday.", "published": "2022-03-07"}
    response = client.post("/api/documents", json=body, headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 201, response.text
    assert response.json()["stored"] == 1
    again = client.post("/api/documents", json=body, headers={"Authorization": "Bearer s3cret"})
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 1
    assert client.get("/api/document", params={"key": "n1"}).status_code == 200


def test_web_evidence_marks_the_attributed_content(client: TestClient) -> None:
    cell = client.get("/api/evidence/russia/neutrality").json()["cell"]
    (ev,) = cell["evidence"]
    assert [seg["role"] for seg in ev["marked"]] == ["content"]
    assert "".join(seg["text"] for seg in ev["marked"]) == ev["evidence"]
    assert '<mark class="content">Ukraine must accept neutrality,</mark>' in client.get("/cell/russia/neutrality").text
    issue = client.get("/issue/neutrality").text
    assert '<mark class="content">' in issue
