"""Screenshots of the dashboard on a database: board, an issue page, a document page.

    python scripts/screenshots.py demo.db artifacts/screenshots [--issue neutrality] [--doc KEY]

Serves the dashboard on 127.0.0.1 (a free port) in this process and drives Debian's
headless Chromium through Playwright. Needs `apt-get install chromium` and the test extra.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import uvicorn
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from talkwatch.store import Store  # noqa: E402
from talkwatch.web.app import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("out")
    ap.add_argument("--issue", default="neutrality")
    ap.add_argument("--doc", default=None, help="document key (default: the one with most attributions)")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("chromium is not installed: apt-get install chromium")
    doc = args.doc or Store(args.db, readonly=True).conn.execute(
        "SELECT d.doc_key FROM documents d JOIN attributions a ON a.doc_id = d.id "
        "GROUP BY d.id ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    pages = [("board", "/"), ("issue", f"/issue/{args.issue}"), ("document", f"/doc?key={quote(doc, safe='')}")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        for name, url in pages:
            page.goto(base + url)
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(f"{out / (name + '.png')}  ←  {url}")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
