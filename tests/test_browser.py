"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright).

Screenshots are kept in artifacts/screenshots/ (set TALKWATCH_ARTIFACTS to move them).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from webfixtures import PROFILE, build_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
]
ARTIFACTS = Path(os.environ.get("TALKWATCH_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from talkwatch.web.app import create_app

    db = tmp_path_factory.mktemp("browser") / "b.db"
    build_store(db).close()
    port = _free_port()
    config = uvicorn.Config(create_app(str(db), PROFILE), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_browser_click_a_cell_shows_its_evidence(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/")
    cell = page.locator('td[data-party="russia"][data-issue="neutrality"] a')
    assert cell.inner_text().startswith("demand")
    _shot(page, "test-board")
    cell.click()
    page.wait_for_url("**/cell/russia/neutrality")
    assert "Ukraine must accept neutrality" in page.locator("#evidence").inner_text()
    assert "Dmitry Peskov" in page.content()
    _shot(page, "test-cell")
    page.close()


def test_browser_changing_the_as_of_date_changes_the_board(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/")
    assert page.locator('td[data-party="russia"][data-issue="ceasefire"]').count() == 1
    page.fill("#as_of", "2022-03-15")
    page.click("#asof-go")
    page.wait_for_url("**as_of=2022-03-15")
    assert page.locator('td[data-party="russia"][data-issue="ceasefire"]').count() == 0
    assert page.locator('td[data-party="russia"][data-issue="neutrality"]').count() == 1
    _shot(page, "test-board-as-of")
    page.close()


def test_browser_hostile_text_renders_as_text(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in ("/doc?key=u2", "/doc?key=x%3Cscript%3E", "/issue/ceasefire", "/search?q=script"):
        page.goto(server + url)
        page.wait_for_load_state("load")
        assert page.locator("script").count() == 0, url
        assert page.locator("img").count() == 0, url
        assert page.locator('a[href^="javascript:"]').count() == 0, url
    page.goto(server + "/doc?key=u2")
    assert '<script>alert("x")</script>' in page.locator("#doctext").inner_text()
    _shot(page, "test-document-hostile")
    assert dialogs == []
    page.close()
