"""A whole store in one portable file, to move it between SQLite and PostgreSQL in either direction or keep it safe.

The file is a zip holding `manifest.json` (the format, the store's schema revision, when and from which kind of
database it was made, and for every table its columns with their types, its primary key, its row count and its
file) and `tables/<table>.jsonl`, one JSON array a row in primary-key order. Values are written as their column's type
says: integers, text and booleans as JSON; floats as the shortest text that reads back to the same float (so exact;
not-a-number and infinities as the strings "nan", "inf", "-inf"); dates, times and date-times in ISO form, exact to
the microsecond; bytes in base64. Every table the store holds is carried (data, batches and row history, settings and
their log, meetings, roles, the audit log), and the schema revision (alembic_version) in the manifest.

`backup` reads everything in one read transaction (a snapshot: writes landing meanwhile are in it entirely or not at
all; on SQLite in WAL mode readers do not stop writers, on PostgreSQL REPEATABLE READ). `restore` writes into an empty
store only, in one write transaction (all or nothing), brings the empty store to the backup's schema revision first
(a backup from a newer version of the dashboard is refused) and on to the newest after, and sets PostgreSQL's id
sequences past the ids restored so that new rows follow them.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import math
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Time,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine

from ..errors import Refused
from .engine import SCHEMA_HEAD, known_revisions, migrate, schema_revision, write

FORMAT = "adult social care commissioning dashboard: store backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 5_000  # rows read or written at a time
SKIP = {"alembic_version"}  # carried as the manifest's schema revision


class RestoreRefused(Refused):
    """The backup cannot be restored into this store; nothing was changed."""


def category(column_type) -> str:
    """How a column's values are written in the file."""
    for kind, name in ((Boolean, "bool"), (Integer, "int"), (Float, "float"), (Numeric, "decimal"),
                       (DateTime, "datetime"), (Date, "date"), (Time, "time"), (LargeBinary, "bytes"),
                       (JSON, "json"), (String, "text")):
        if isinstance(column_type, kind):
            return name
    return "text"


def _encoder(kind: str) -> Callable:
    if kind == "float":
        return lambda v: float(v) if math.isfinite(v) else repr(float(v))
    if kind in ("date", "datetime", "time"):
        return lambda v: v.isoformat()
    if kind == "decimal":
        return str
    if kind == "bytes":
        return lambda v: base64.b64encode(bytes(v)).decode("ascii")
    if kind == "bool":
        return bool
    if kind == "text":
        return lambda v: v if isinstance(v, str) else str(v)
    return lambda v: v


def _decoder(kind: str) -> Callable:
    return {
        "float": float,  # float("nan"), float("-inf") too
        "date": dt.date.fromisoformat,
        "datetime": dt.datetime.fromisoformat,
        "time": dt.time.fromisoformat,
        "decimal": decimal.Decimal,
        "bytes": lambda v: base64.b64decode(v),
        "bool": bool,
    }.get(kind, lambda v: v)


def _tables(conn: Connection) -> list[Table]:
    """Every table the store holds (but alembic_version), parents before the tables that refer to them."""
    metadata = MetaData()
    metadata.reflect(conn)
    return [t for t in metadata.sorted_tables if t.name not in SKIP]


def _rows(conn: Connection, table: Table) -> Iterator[tuple]:
    """A table's rows in primary-key order (all columns, when it has none), a chunk at a time."""
    order = list(table.primary_key.columns) or list(table.columns)
    yield from conn.execute(select(table).order_by(*order).execution_options(yield_per=CHUNK))


def backup(engine: Engine, path: str | Path) -> dict:
    """Write the whole store to `path` (a zip, see above); returns its manifest. Written beside `path` first and
    moved into place when complete, so a failed backup leaves no half file."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "made_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "made_from": engine.dialect.name, "tables": []}
    try:
        with engine.connect() as conn, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            if engine.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():  # one snapshot: on SQLite the first read fixes it, on PostgreSQL REPEATABLE READ
                manifest["schema_revision"] = schema_revision(conn)
                for table in _tables(conn):
                    kinds = [category(c.type) for c in table.columns]
                    encoders = [_encoder(k) for k in kinds]
                    name = f"tables/{table.name}.jsonl"
                    count = 0
                    entry = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    with archive.open(entry, "w", force_zip64=True) as out:
                        for row in _rows(conn, table):
                            values = [None if v is None else enc(v) for enc, v in zip(encoders, row)]
                            out.write(orjson.dumps(values) + b"\n")
                            count += 1
                    manifest["tables"].append({
                        "name": table.name, "file": name, "rows": count,
                        "columns": [{"name": c.name, "type": k} for c, k in zip(table.columns, kinds)],
                        "primary_key": [c.name for c in table.primary_key.columns]})
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def read_manifest(path: str | Path) -> dict:
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreRefused(f"{Path(path).name} is not a backup of this dashboard's store "
                             "(made by `python -m lib.cli backup FILE`)")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise RestoreRefused(f"{Path(path).name} was written by a newer version of the dashboard (backup format "
                             f"{manifest['format_version']}): restore it with that version or a newer one")
    return manifest


def rows_held(conn: Connection) -> dict[str, int]:
    """The tables holding rows, with how many (alembic_version aside)."""
    counts = {}
    for name in inspect(conn).get_table_names():
        if name in SKIP:
            continue
        count = conn.execute(select(func.count()).select_from(Table(name, MetaData()))).scalar_one()
        if count:
            counts[name] = count
    return counts


def restore(engine: Engine, path: str | Path) -> dict:
    """Put a backup into an empty store: every table's rows, the schema brought to the code's newest after. Refuses
    (changing nothing) a store that holds data, a backup from a newer schema, and a damaged backup."""
    path = Path(path)
    manifest = read_manifest(path)
    revision = manifest.get("schema_revision")
    revisions = known_revisions()
    if revision not in revisions:
        raise RestoreRefused(
            f"{path.name} holds a store of a newer version of the dashboard (schema {revision}; this version knows "
            f"up to {SCHEMA_HEAD}): restore it with the version of the dashboard that made it, or a newer one")
    with write(engine, f"a restore of the store from {path.name}") as conn, zipfile.ZipFile(path) as archive:
        held = rows_held(conn)
        if held:
            raise RestoreRefused(
                f"the store already holds data ({sum(held.values()):,} rows in {len(held)} tables): a backup is "
                "restored only into a new, empty store. Create a new database (or point DATABASE_URL at a new SQLite "
                "file) and restore into that")
        if schema_revision(conn) != revision:
            migrate(conn, revision)  # the empty store, at the backup's schema
        targets = {t.name: t for t in _tables(conn)}
        described = {t["name"]: t for t in manifest["tables"]}
        unknown = sorted(set(described) - set(targets))
        if unknown:
            raise RestoreRefused(f"{path.name} holds tables this store's schema {revision} has not: "
                                 f"{', '.join(unknown)}; the backup is damaged or was edited")
        for name, table in targets.items():  # parents first
            if name in described:
                _restore_table(conn, archive, path.name, described[name], table)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, list(targets.values()))
        if revision != revisions[-1]:
            migrate(conn, "head")
    return manifest


def _restore_table(conn: Connection, archive: zipfile.ZipFile, file_name: str, described: dict, table: Table) -> None:
    columns = [c["name"] for c in described["columns"]]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise RestoreRefused(f"{file_name}: the table {table.name} of the backup has columns the store's has not "
                             f"({', '.join(missing)}); the backup is damaged or was edited")
    decoders = [_decoder(c["type"]) for c in described["columns"]]
    count, chunk = 0, []
    try:
        with archive.open(described["file"]) as lines:
            for line in lines:
                values = orjson.loads(line)
                if len(values) != len(columns):
                    raise ValueError(f"a row of {len(values)} values for {len(columns)} columns")
                chunk.append({c: None if v is None else dec(v) for c, dec, v in zip(columns, decoders, values)})
                if len(chunk) == CHUNK:
                    conn.execute(insert(table), chunk)
                    count, chunk = count + len(chunk), []
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, orjson.JSONDecodeError) as exc:
        raise RestoreRefused(f"{file_name}: the table {table.name} cannot be read ({exc}); the backup is damaged") \
            from None
    if chunk:
        conn.execute(insert(table), chunk)
        count += len(chunk)
    if count != described["rows"]:
        raise RestoreRefused(f"{file_name}: the table {table.name} holds {count:,} rows where the backup's manifest "
                             f"says {described['rows']:,}; the backup is damaged")


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: every id sequence set past the largest id restored, so that new rows follow."""
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = conn.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                    {"table": f'"{table.name}"', "column": column.name}).scalar()
            if sequence:
                top = conn.execute(select(func.max(column))).scalar()
                conn.execute(text("SELECT setval(:sequence, :value, :called)"),
                             {"sequence": sequence, "value": top or 1, "called": top is not None})
