"""What the browser tests share: the app served by a real Streamlit process, and a mouse drag
across words of the Coder page's transcript."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(folder: Path, log_path: Path, env: dict[str, str] | None = None,
          args: tuple[str, ...] = ()) -> Iterator[str]:
    """The app on the project in ``folder``, served by its own Streamlit process on a free
    port, writing to ``log_path``; yields its address once it answers its health check."""
    port = free_port()
    env = {**os.environ, "TUPSALCO_PROJECT": str(folder), **(env or {})}
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        raise RuntimeError(log_path.read_text())
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def drag_across(page, target, words: str) -> None:  # noqa: ANN001
    """Drag the mouse across ``words`` inside ``target``, an element of the Coder page's
    transcript (in its component's iframe) whose first text node holds them, and wait for
    the page to show the selection."""
    target.wait_for()
    target.scroll_into_view_if_needed()
    box = target.element_handle().evaluate("""(el, words) => {
        const text = el.firstChild, i = text.textContent.indexOf(words);
        const r = document.createRange();
        r.setStart(text, i); r.setEnd(text, i + 1);
        const a = r.getBoundingClientRect();
        r.setStart(text, i + words.length - 1); r.setEnd(text, i + words.length);
        const b = r.getBoundingClientRect();
        return {x1: a.left + 1, y1: a.top + a.height / 2,
                x2: b.right - 1, y2: b.top + b.height / 2};
    }""", words)
    iframe = page.locator("iframe[title*='selectable_text']").bounding_box()
    page.mouse.move(iframe["x"] + box["x1"], iframe["y"] + box["y1"])
    page.mouse.down()
    page.mouse.move(iframe["x"] + box["x2"], iframe["y"] + box["y2"], steps=8)
    page.mouse.up()
    page.get_by_text(f"« {words} »").first.wait_for()
