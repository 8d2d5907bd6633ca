"""The project's exceptions, raised where a problem is found and turned into messages in one place each (the command
line's `main`, the pages' `ui.feedback`). A Refused error means nothing was changed."""

from __future__ import annotations


class DashboardError(Exception):
    """Anything the dashboard says no to, with a message meant for the person who asked."""


class Refused(DashboardError):
    """The request was understood but cannot be done; nothing in the store was changed (exit status 1)."""


class UsageError(DashboardError):
    """The request itself is wrong: an unknown kind, a missing file, an unknown batch (exit status 2)."""


class EditRefused(Refused):
    """An in-app change that cannot be saved (a status that is not a status, say)."""


class NotAllowed(Refused):
    """The person's role does not allow what they asked for (a viewer trying to import, say). The attempt is
    recorded in the audit log before this is raised."""
