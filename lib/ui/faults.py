"""What a person sees when something fails: never a traceback. app.py runs the pages inside `shown_safely`: a refusal
or other DashboardError shows its own message (meant for the person); any other error is logged on the server with
its traceback (passwords taken out) under a short reference, and the page shows only "Something went wrong" and that
reference, so that whoever looks after the dashboard can find it in the log. `client.showErrorDetails = "none"` in
.streamlit/config.toml covers anything that fails outside it.
"""

from __future__ import annotations

import logging
import secrets
import sys
import traceback
from contextlib import contextmanager

import streamlit as st

from ..errors import DashboardError, NotAllowed
from ..store.engine import hide_passwords
from .style import plain

LOG = logging.getLogger("dashboard")
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread over the phone


class SomethingWentWrong(Exception):
    """Shown in place of an error: carries the reference and nothing of the error itself."""

    alternate_name = "Something went wrong"  # what Streamlit shows as the error's name

    def __init__(self, reference: str):
        super().__init__(f"Something went wrong (reference {reference}). The dashboard could not finish this page; "
                         "the details are in the server's log under this reference. Try again, and if it happens "
                         "again give the reference to whoever looks after the dashboard.")
        self.reference = reference


def new_reference() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(6))


def _logger() -> logging.Logger:
    if not LOG.handlers:  # Streamlit configures only its own loggers: ours writes to the server's standard error
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
    return LOG


def log_error(exc: BaseException) -> str:
    """Log an error with its traceback (passwords taken out) under a new reference, and return the reference."""
    reference = new_reference()
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    _logger().error("reference %s: %s", reference, hide_passwords(details).rstrip())
    return reference


@contextmanager
def shown_safely():
    """Run page code; show a refusal's message, or a reference in place of any other error. st.stop and st.rerun
    are not errors (they are not Exceptions) and pass through."""
    try:
        yield
    except NotAllowed as exc:
        st.error(f"Not allowed: {plain(exc)}.")
    except DashboardError as exc:
        st.error(plain(exc))
    except Exception as exc:
        st.exception(SomethingWentWrong(log_error(exc)))
