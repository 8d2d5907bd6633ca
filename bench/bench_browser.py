"""The first page in headless Chromium, and the server's memory after every page, at 1x (the baseline, same run),
10x and 100x (bench/stores.py).

    .venv/bin/python bench/bench_browser.py [REPEATS] [SCALES ...]

For each scale: start `streamlit run app.py` on the cached store, open the app in a new browser page REPEATS times
and time navigation to ready (connected, script finished, no skeleton left: as Streamlit's own e2e suite waits); the
first is the cold server (empty caches), the median of the rest the warm one. Then visit every page and read the
server's resident memory (VmRSS of the streamlit process, as /usr/bin/time -v or ps would report it).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench import stores  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

PAGES = ["", "budget", "homecare", "weekly_check", "actions", "contracts", "upload"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ready(page, timeout: float = 120_000) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
                           timeout=timeout)


def measure(scale: str, repeats: int) -> dict:
    url_db = stores.store_url(scale)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url_db}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(repeats):
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                start = time.perf_counter()
                page.goto(base)
                ready(page)
                times.append(time.perf_counter() - start)
                page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            for path in PAGES:
                page.goto(f"{base}/{path}")
                ready(page)
            page.close()
            browser.close()
        time.sleep(1)
        return {"cold": times[0], "warm": statistics.median(times[1:]) if len(times) > 1 else times[0],
                "rss": rss_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    scales = sys.argv[2:] or list(stores.SCALES)
    print("| scale | first page, cold server s | first page, warm server (median) s | server RSS after every page MB |")
    print("|---|---|---|---|")
    for scale in scales:
        m = measure(scale, repeats)
        print(f"| {scale} | {m['cold']:.2f} | {m['warm']:.2f} | {m['rss']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
