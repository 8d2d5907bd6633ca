"""What a kind's rules work on once the cells are read: the records, the problems so far, the sheet and its layout,
and the options the import was given; with the checks that several kinds share (the reporting date in the title,
the same line given twice, a register's words mapped to a small set)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import repeat

from .compare import exact_keys
from .fields import Kind
from .layout import Layout, title_text
from .problems import Problem, describe_line
from .reader import Sheet
from .values import find_reporting_date


@dataclass
class Options:
    as_at: dt.date | None = None
    sheet: str | None = None
    plan_name: str | None = None
    max_bytes: int | None = None  # None: DASHBOARD_MAX_UPLOAD_MB, else 20 MB
    column_overrides: dict[str, int] | None = None  # field -> 0-based column, from a person's mapping
    column_headers: tuple[tuple[str, str], ...] = ()  # (header as written, field), from --map "HEADER=field"


@dataclass
class Context:
    file_name: str
    sheet: Sheet
    layout: Layout
    records: list[dict]
    problems: list[Problem]
    options: Options = field(default_factory=Options)
    title: str = ""  # the text above the table

    def problem(self, message: str, *, record: dict | None = None, field_name: str | None = None,
                value: object = None, expected: str | None = None, warning: bool = False,
                code: str | None = None) -> None:
        col = self.layout.columns.get(field_name) if field_name else None
        line = describe_line(record.get("_key", []), col.index if col else None, message) if record else None
        self.problems.append(Problem(
            self.file_name, message, sheet=self.sheet.name, row=record.get("_row") if record else None,
            column=col.leaf if col else None, column_index=col.index if col else None,
            value=value, expected=expected, warning=warning, code=code, line=line))

    def reporting_date(self) -> dt.date | None:
        """The date a report is as at: --as-at (or the upload page's date), else the date in the title rows ("As at
        31 March 2008", "Monitoring Period : 1 April to 31 March 2008"); a problem asking for it when neither."""
        found = None
        for text in title_text(self.sheet.rows, self.layout):
            found = find_reporting_date(text)
            if found:
                break
        given = self.options.as_at
        if given and found and given != found:
            self.problem(f"the sheet's title says {found:%d %B %Y} but --as-at {given:%Y-%m-%d} was given; "
                         f"using {given:%d %B %Y}", warning=True)
        if given or found:
            return given or found
        self.problem("no reporting date: the title rows do not say \"As at <date>\"; give the date the report "
                     "is as at (--as-at YYYY-MM-DD, or the date box on the upload page)", code="needs_as_at")
        return None

    def map_words(self, field_name: str, words: dict[str, str], normalise) -> None:
        """Replace each record's word in `field_name` by the register's usual word for it; an unknown word is kept as
        written, with a warning listing the usual words."""
        if not any(map(dict.get, self.records, repeat(field_name))):
            return  # no line gives one
        usual = ", ".join(sorted(set(words.values())))
        for rec in self.records:
            if rec.get(field_name):
                known = words.get(normalise(rec[field_name]))
                if known:
                    rec[field_name] = known
                else:
                    self.problem(f"'{rec[field_name]}' is not one of the usual words ({usual}); kept as written",
                                 record=rec, field_name=field_name, warning=True)


def check_duplicate_keys(kind: Kind, ctx: Context) -> None:
    """The same line twice: refused when the figures differ, dropped with a warning when they are the same."""
    keys = exact_keys(kind, ctx.records)
    if len(set(keys)) == len(keys):
        return  # every line given once
    seen: dict[tuple, dict] = {}
    kept = []
    for rec, key in zip(ctx.records, keys):
        if not any(key):
            kept.append(rec)
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = rec
            kept.append(rec)
            continue
        label = " / ".join(str(rec.get(k)) for k in kind.key if rec.get(k))
        same = {k: v for k, v in first.items() if not k.startswith("_")} == {
            k: v for k, v in rec.items() if not k.startswith("_")}
        if same:
            ctx.problem(f"'{label}' is given twice with the same figures (rows {first['_row']} and {rec['_row']}); "
                        "it was read once", record=rec, warning=True)
        else:
            ctx.problem(f"'{label}' appears twice with different figures (rows {first['_row']} and "
                        f"{rec['_row']}); each line must be given once", record=rec)
    ctx.records[:] = kept
