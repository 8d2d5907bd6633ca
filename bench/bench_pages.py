"""Each page's warm rerun at 1x, 10x and 100x a council's data (bench/stores.py), the 1x store being the baseline
measured in the same run, so that the ratios mean something on a noisy machine.

    .venv/bin/python bench/bench_pages.py [REPEATS] [SCALES ...]

For every page: open the app (it opens on the Overview), switch to the page, run it once (its cached reads fill),
then time a second run; REPEATS times, the scales taking turns, the median quoted. Server time under Streamlit's
AppTest (no browser). Prints a Markdown table with the targets: at most 0.3 s at 10x, 1 s at 100x, and at 100x at
most 3x the 1x time.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import stores  # noqa: E402

PAGES = ["pages/overview.py", "pages/budget.py", "pages/homecare.py", "pages/weekly_check.py", "pages/actions.py",
         "pages/contracts.py", "pages/upload.py"]


def warm_rerun(url: str, page: str) -> float:
    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["as_at"] = stores.AS_AT
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    else:
        at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    start = time.perf_counter()
    at.run()
    took = time.perf_counter() - start
    assert not at.exception, (page, [e.value for e in at.exception])
    return took


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    scales = sys.argv[2:] or list(stores.SCALES)
    urls = {scale: stores.store_url(scale) for scale in scales}
    times: dict[tuple[str, str], list[float]] = {}
    for page in PAGES:
        for _ in range(repeats):
            for scale in scales:
                times.setdefault((page, scale), []).append(warm_rerun(urls[scale], page))
    print(f"{dt.date.today()}, {os.cpu_count()} cores, warm rerun median of {repeats} (s)\n")
    print("| page | " + " | ".join(scales) + " | 100x / 1x | target |")
    print("|---|" + "---|" * (len(scales) + 2))
    for page in PAGES:
        med = {scale: statistics.median(times[(page, scale)]) for scale in scales}
        ratio = f"{med['100x'] / med['1x']:.1f}" if {"1x", "100x"} <= med.keys() else ""
        verdict = []
        if "10x" in med:
            verdict.append("10x ok" if med["10x"] <= 0.3 else "10x NOT MET")
        if "100x" in med:
            verdict.append("100x ok" if med["100x"] <= 1.0 else "100x NOT MET")
        if ratio:
            verdict.append("ratio ok" if float(ratio) <= 3 else "ratio NOT MET")
        print(f"| {page} | " + " | ".join(f"{med[s]:.3f}" for s in scales) + f" | {ratio} | {', '.join(verdict)} |")


if __name__ == "__main__":
    main()
