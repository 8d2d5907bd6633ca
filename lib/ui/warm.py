"""Work done once when the server starts (serve.py), before it takes its first visitor: the libraries the pages use
are imported, the store is opened (an empty one gets the demo) and the overview's figures for the meeting the
dashboard opens at are worked out into the page cache. The first person to open the dashboard after a restart then
waits for nothing the next person would not."""

from __future__ import annotations

import logging
import threading
import time

from streamlit.logger import get_logger

log = get_logger(__name__)
_NO_SCRIPT_RUN = "streamlit.runtime.scriptrunner_utils.script_run_context"


class _ThisThread(logging.Filter):
    """Drops Streamlit's 'missing ScriptRunContext' warnings from the warming thread: caches are filled outside any
    page's run on purpose."""

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread


def up() -> None:
    start = time.perf_counter()
    quiet = _ThisThread()
    logging.getLogger(_NO_SCRIPT_RUN).addFilter(quiet)
    try:
        import altair  # noqa: F401  (the charts' library, which the area pages import)
        import pandas  # noqa: F401

        from ..areas import summary
        from . import auth, cache, faults, meeting, state, style  # noqa: F401  (what app.py imports)

        day = state.meeting_date()
        cache.read(summary.headlines, day)
        if since := meeting.previous_meeting(day):
            cache.read(summary.movements, since, day)
            cache.read(summary.changes, since, day)
    except Exception:  # a store that cannot be opened now is met by the first visitor as a fault, not fatal here
        log.exception("Warming the dashboard up failed; each page will work out its figures when first opened")
    else:
        log.info("Dashboard warmed up in %.1f s", time.perf_counter() - start)
    finally:
        logging.getLogger(_NO_SCRIPT_RUN).removeFilter(quiet)
