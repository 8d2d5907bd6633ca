"""The command line (see PRODUCT.md): import, export, batches, undo, demo, changes, pack, role, audit, backup, restore.

Exit status: 0 done (or would be, with --dry-run); 1 refused, nothing changed; 2 the command is wrong.
It never imports streamlit, and each command loads only what it needs (an import never loads pandas), so that it
starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from . import fmt
from .errors import DashboardError, Refused, UsageError
from .importer import ImportRefused, Options, column_map, commit, prepare
from .ingest.problems import safe_text
from .kinds import KINDS, get_kind
from .store import access, audit, batches
from .store.engine import DEFAULT_URL, get_engine, hide_passwords, shown_url, waits_reported_to
from .vocab import ROLES


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _who(args) -> str:
    if getattr(args, "who", None):
        return args.who
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


def _kind(name: str) -> str:
    return get_kind(name).name


def _map_pair(text: str) -> tuple[str, str]:
    header, equals, field = text.rpartition("=")
    if not equals or not header.strip() or not field.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not HEADER=field (e.g. \"Awarded to=supplier\")")
    return header.strip(), field.strip()


class _terminal_progress:
    """The import's stages on one line of standard error, rewritten in place (only when it is a terminal)."""

    def __init__(self):
        self.shown = False

    def __call__(self, fraction: float, stage: str) -> None:
        print(f"\r\033[K[{fraction:4.0%}] {stage}", end="", file=sys.stderr, flush=True)
        self.shown = True

    def done(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self.shown = False


def cmd_import(args) -> int:
    kind = _kind(args.kind)
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {args.file}")
    columns = column_map(kind, args.map or [])
    engine = get_engine()
    options = Options(as_at=args.as_at, sheet=args.sheet, plan_name=args.plan, column_headers=columns)
    progress = _terminal_progress() if sys.stderr.isatty() else None
    try:
        prepared = prepare(engine, kind, path.name, path.read_bytes(), options, progress=progress)
    except ImportRefused as refused:
        if progress:
            progress.done()
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        for warning in refused.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(f"refused: {len(refused.problems)} problem(s); nothing was changed", file=sys.stderr)
        return 1
    if progress:
        progress.done()
    for warning in prepared.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    scope = f" as at {prepared.scope_value}" if prepared.scope_value else ""
    source = safe_text(f"{prepared.file_name}, sheet '{prepared.sheet}'")  # names from the file, shown plainly
    if args.dry_run:
        print(f"dry run: {kind} from {source}{scope}: would be {prepared.plan.summary()}")
        for change in prepared.plan.changes:
            if change.op != "same":
                label = safe_text(" / ".join(str(k) for k in change.key if k))
                detail = f" ({', '.join(change.fields)})" if change.fields else ""
                print(f"  {change.op}: {label}{detail}")
        return 0
    if progress:
        progress(1.0, f"Writing {sum(c.op != 'same' for c in prepared.plan.changes):,} changed rows to the store")
    batch_id, plan = commit(engine, prepared, _who(args))
    if progress:
        progress.done()
    print(f"batch {batch_id}: {kind} from {source}{scope}: {plan.summary()}")
    return 0


def cmd_export(args) -> int:
    from . import exports

    kind = _kind(args.kind)
    path = Path(args.file)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(f"cannot export to '{args.file}': the file must end in .csv or .xlsx")
    if not path.parent.exists():
        raise UsageError(f"no such folder: {path.parent}")
    rows = exports.export(get_engine(), kind, path, args.as_at)
    print(f"exported {rows} {kind} row(s) to {path}")
    return 0


def cmd_batches(args) -> int:
    df = batches.list_batches(get_engine())
    if df.empty:
        print("no batches yet")
        return 0
    for b in df.itertuples():
        state = f" (undone by batch {int(b.undone_by)})" if b.undone_by == b.undone_by and b.undone_by else ""
        what = f"undo of batch {int(b.undoes)}" if b.action == "undo" else b.action
        source = f" {safe_text(b.file_name)}" if isinstance(b.file_name, str) else ""
        scope = f" [{b.scope}]" if isinstance(b.scope, str) else ""
        print(f"batch {b.id}  {b.created_at:%Y-%m-%d %H:%M}  {b.created_by}  {b.kind} {what}{source}{scope}: "
              f"{b.added} added, {b.changed} changed, {b.removed} removed, {b.unchanged} left alone{state}")
    return 0


def cmd_undo(args) -> int:
    try:
        undo_id = batches.undo(get_engine(), args.batch_id, _who(args))
    except batches.UndoRefused as refused:
        print(f"refused: {refused}", file=sys.stderr)
        return 2 if refused.usage else 1
    print(f"batch {undo_id}: undid batch {args.batch_id}")
    return 0


def cmd_demo(args) -> int:
    from .demo import load_demo  # the demo's workbooks are made only when asked for

    for line in load_demo(get_engine(), who=_who(args), replace=args.replace):
        print(line)
    return 0


def cmd_changes(args) -> int:
    from .areas import summary
    from .store import settings

    engine = get_engine()
    as_at = args.as_at or settings.meeting_date(engine)
    found = summary.changes(engine, args.since, as_at)
    if not found:
        print(f"Nothing changed enough to mention between {fmt.day(args.since)} and {fmt.day(as_at)}.")
    for change in found:
        print(change.sentence)
    return 0


def cmd_pack(args) -> int:
    from . import pack  # its libraries are loaded only to make a pack
    from .store import settings

    engine = get_engine()
    folder = Path(args.out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{args.out_dir} is a file, not a folder")
    day = args.as_at or settings.meeting_date(engine)
    for path in pack.write_pack(engine, folder, day, args.since):
        print(f"wrote {path}")
    audit.record(engine, _who(args), audit.PACK, f"wrote the meeting pack for {fmt.day(day)} to {folder}")
    return 0


def cmd_role(args) -> int:
    engine = get_engine()
    if args.role_command == "set":
        before = access.set_role(engine, args.email, args.role, _who(args))
        email = access.normal_email(args.email)
        if before == args.role:
            print(f"{email} is already {args.role}")
        else:
            print(f"{email} is now {args.role}" + (f" (was {before})" if before else ""))
        return 0
    roles = access.list_roles(engine)
    if roles.empty:
        print("no roles given yet: everyone who signs in is a viewer unless the sign-in provider says otherwise")
    for r in roles.itertuples():
        print(f"{r.email}  {r.role}  (set by {r.updated_by} on {r.updated_at:%Y-%m-%d %H:%M})")
    return 0


def cmd_audit(args) -> int:
    for line in audit.lines(audit.events(get_engine(), since=args.since)):
        print(line)
    return 0


def cmd_backup(args) -> int:
    from .store import backup as store_backup

    path = Path(args.file)
    if not path.parent.exists():
        raise UsageError(f"no such folder: {path.parent}")
    manifest = store_backup.backup(get_engine(), path)
    rows = sum(t["rows"] for t in manifest["tables"])
    print(f"backed up {rows:,} rows in {len(manifest['tables'])} tables (schema {manifest['schema_revision']}) "
          f"from {shown_url()} to {path}")
    return 0


def cmd_restore(args) -> int:
    from .store import backup as store_backup

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {args.file}")
    manifest = store_backup.restore(get_engine(), path)
    rows = sum(t["rows"] for t in manifest["tables"])
    print(f"restored {rows:,} rows in {len(manifest['tables'])} tables (schema {manifest['schema_revision']}, backed "
          f"up from {manifest['made_from']} at {manifest['made_at']}) into {shown_url()}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lib.cli", description="Adult social care commissioning dashboard: "
                                "imports, exports and the batch history. The store is DATABASE_URL "
                                f"(now {shown_url(os.environ.get('DATABASE_URL') or DEFAULT_URL)}).")
    sub = p.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import a spreadsheet (.xlsx, .xlsb, .xls, .ods or .csv)")
    imp.add_argument("kind", help=f"one of {', '.join(KINDS)}")
    imp.add_argument("file")
    imp.add_argument("--as-at", type=_date, help="the reporting date, YYYY-MM-DD")
    imp.add_argument("--plan", help="the action plan's name (actions)")
    imp.add_argument("--sheet", help="the sheet to read, when the workbook has several")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    imp.add_argument("--who", help="who is importing (default: your login)")
    imp.add_argument("--map", action="append", type=_map_pair, metavar='"HEADER=field"',
                     help="read the column headed HEADER as this field (repeatable), as the upload page's column "
                          "matcher does; HEADER (D) names one of two columns with the same header")
    imp.set_defaults(run=cmd_import)
    exp = sub.add_parser("export", help="export a kind to .csv or .xlsx")
    exp.add_argument("kind", help=f"one of {', '.join(KINDS)}")
    exp.add_argument("file")
    exp.add_argument("--as-at", type=_date, help="fixes 'today'; limits reports to this date and before")
    exp.set_defaults(run=cmd_export)
    sub.add_parser("batches", help="the import history").set_defaults(run=cmd_batches)
    und = sub.add_parser("undo", help="restore exactly the state before a batch")
    und.add_argument("batch_id", type=int)
    und.add_argument("--who")
    und.set_defaults(run=cmd_undo)
    demo_p = sub.add_parser("demo", help="load the demo data (into an empty store, unless --replace)")
    demo_p.add_argument("--replace", action="store_true",
                        help="set the store's data aside as one batch (undo puts it back) and load the demo")
    demo_p.add_argument("--who")
    demo_p.set_defaults(run=cmd_demo)
    chg = sub.add_parser("changes", help="what changed between two dates, a sentence a line, most important first")
    chg.add_argument("--since", type=_date, required=True, help="the earlier date (the last meeting), YYYY-MM-DD")
    chg.add_argument("--as-at", type=_date, help="the later date (default: the meeting the dashboard opens at)")
    chg.set_defaults(run=cmd_changes)
    pck = sub.add_parser("pack", help="the meeting pack: a slide deck, a PDF and a workbook of the figures")
    pck.add_argument("out_dir", help="the folder to write the three files into (made if missing)")
    pck.add_argument("--as-at", type=_date, help="the meeting's date (default: the meeting the dashboard opens at)")
    pck.add_argument("--since", type=_date, help="the date to compare with (default: the previous stored meeting)")
    pck.add_argument("--who", help="who is making the pack, for the audit log (default: your login)")
    pck.set_defaults(run=cmd_pack)
    role = sub.add_parser("role", help="who may do what: give an e-mail a role, or list the roles given")
    role_sub = role.add_subparsers(dest="role_command", required=True)
    role_set = role_sub.add_parser("set", help="give an e-mail a role")
    role_set.add_argument("email")
    role_set.add_argument("role", choices=ROLES)
    role_set.add_argument("--who")
    role_sub.add_parser("list", help="every e-mail given a role")
    role.set_defaults(run=cmd_role)
    aud = sub.add_parser("audit", help="the audit log: who did or tried what, and when (UTC)")
    aud.add_argument("--since", type=_date, help="events on or after this date, YYYY-MM-DD")
    aud.set_defaults(run=cmd_audit)
    back = sub.add_parser("backup", help="write the whole store to one file (to restore here or into another store)")
    back.add_argument("file", help="the backup file to write, e.g. store-2026-11-25.zip")
    back.set_defaults(run=cmd_backup)
    rest = sub.add_parser("restore", help="put a backup into an empty store (SQLite or PostgreSQL)")
    rest.add_argument("file")
    rest.set_defaults(run=cmd_restore)
    return p


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return hide_passwords(text.splitlines()[0] if text else type(exc).__name__)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse: 2 for a wrong command, 0 for --help
        return int(exc.code or 0)
    try:
        get_engine()
    except Exception as exc:  # a wrong DATABASE_URL, a server that is down: say so without any password
        print(f"error: cannot open the store {shown_url()}: {_first_line(exc)}", file=sys.stderr)
        return 1
    try:
        with waits_reported_to(lambda message: print(message, file=sys.stderr, flush=True)):
            return args.run(args)
    except SQLAlchemyError as exc:
        print(f"error: the store {shown_url()} failed: {_first_line(exc)}; nothing was changed", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"refused: {exc}; nothing was changed", file=sys.stderr)
        return 1
    except DashboardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    # A damaged workbook can still panic python-calamine's Rust code: that is a refusal here, and the person at the
    # terminal gets its one line, not a Rust backtrace (set in some shells for other work).
    os.environ["RUST_BACKTRACE"] = "0"
    sys.exit(main())
