"""A real dashboard server for browser tests: `streamlit run serve.py` (the dashboard, warmed up as it is served) on a
free port, against its own store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, failure: str, timeout: float = 60) -> None:
    """Wait until `url` answers 200; raise RuntimeError(failure) if `proc` (the server) ends first or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(failure)
        time.sleep(0.25)


@contextmanager
def dashboard_server(database_url: str, extra_env: dict | None = None, port: int | None = None):
    port = port or free_port()
    env = {**os.environ, "DATABASE_URL": database_url, **(extra_env or {})}
    log = open(Path(database_url.split("///", 1)[1]).with_suffix(".log"), "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/_stcore/health", proc, f"the dashboard did not start; see {log.name}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """As Streamlit's own e2e suite does: connected, script finished, no skeletons left; and still so half a second
    later (a page opened first goes through app.py and back, two runs that a busy machine can space apart)."""
    idle = "[data-testid='stApp'][data-test-script-state='notRunning']"
    for _ in range(int(timeout / 500)):
        page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
        page.wait_for_selector(idle, timeout=timeout)
        page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
                               timeout=timeout)
        page.wait_for_timeout(500)
        if page.locator(idle).count() and not page.locator("[data-testid='stSkeleton']").count():
            return
    raise TimeoutError("the page never settled")
