"""The store's own tables: batches and their row history, settings and their change log.

Each kind of spreadsheet declares its table in its own module (lib/kinds/); every table is a SQLModel class, so all
of them share SQLModel.metadata, and `table(name)` finds any of them by name. Amounts are pounds; dates are dates;
who and when on every write. The schema of a store is changed only by the migrations in lib/store/migrations/.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table
from sqlmodel import Field, SQLModel


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class ImportBatch(SQLModel, table=True):
    """One numbered change to the store: an import, an in-app edit, the demo load, or an undo."""

    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    action: str  # import, edit, demo, undo
    file_name: str | None = None
    sheet: str | None = None
    scope: str | None = None  # the reporting date or week the batch belongs to
    title: str | None = None  # the sheet's title rows, e.g. "REVENUE BUDGET MONITORING SUMMARY"
    created_at: dt.datetime = Field(default_factory=now)
    created_by: str = "unknown"
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    warnings: str = ""
    undoes: int | None = None  # for an undo: the batch it reversed
    undone_by: int | None = None  # set when a later undo reversed this batch


class RowChange(SQLModel, table=True):
    """The previous and new version of every row a batch added, changed or removed (JSON)."""

    __tablename__ = "row_change"
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(index=True, foreign_key="import_batch.id")
    table_name: str = Field(index=True)
    row_id: int = Field(index=True)
    op: str  # add, change, remove
    before: str | None = None
    after: str | None = None


class Setting(SQLModel, table=True):
    """Team settings such as the RAG policy, as JSON, with who changed them last."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str
    updated_at: dt.datetime = Field(default_factory=now)
    updated_by: str = "unknown"


class SettingChange(SQLModel, table=True):
    """Every change to a team setting, never edited or deleted: what it was, what it became, who and when."""

    __tablename__ = "setting_change"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    before: str | None = None  # JSON; None when the setting was first set
    after: str
    changed_at: dt.datetime = Field(default_factory=now)
    changed_by: str = "unknown"




def table(name: str) -> Table:
    """A table by its name: the store's own, or one a kind declares (lib/kinds/ registers them on import)."""
    try:
        return SQLModel.metadata.tables[name]
    except KeyError:
        raise KeyError(f"no table '{name}': is the kind that declares it registered in lib/kinds?") from None


class Meeting(SQLModel, table=True):
    """A steering group meeting: "since the last meeting" compares the picture as at its date with the one before."""

    __tablename__ = "meeting"
    id: int | None = Field(default=None, primary_key=True)
    held_on: dt.date = Field(index=True, unique=True)
    name: str
    created_at: dt.datetime = Field(default_factory=now)
    created_by: str = "unknown"


class UserRole(SQLModel, table=True):
    """Who may do what, by e-mail: viewer, editor or admin (vocab.ROLES)."""

    __tablename__ = "user_role"
    email: str = Field(primary_key=True)  # lower case
    role: str
    updated_at: dt.datetime = Field(default_factory=now)
    updated_by: str = "unknown"


class AuditEvent(SQLModel, table=True):
    """One thing someone did or tried: an import, edit, undo, setting or role change, sign-in, pack download, or a
    refused attempt. Only ever added to."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=now, index=True)  # UTC
    who: str = Field(index=True)
    action: str = Field(index=True)  # import, edit, undo, setting, role, sign-in, pack, refused ...
    what: str  # a sentence: "imported revenue from budget.xlsx as batch 12"
    batch_id: int | None = None
    detail: str | None = None  # JSON, when there is more to keep
