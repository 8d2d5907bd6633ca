"""Tables that show a person what an import found and what it will do (upload page, dry run)."""

from __future__ import annotations

import pandas as pd

from .compare import Plan
from .problems import Problem, column_letter


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Sheet": p.sheet or "",
        "Row": p.row if p.row is not None else "",
        "Line": p.line or "",
        "Column": (f"{p.column} ({column_letter(p.column_index)})" if p.column_index is not None
                   else (p.column or "")),
        "Found": "" if p.value is None else str(p.value),
        "Problem": p.expected and f"expected {p.expected}" or p.message,
    } for p in problems], columns=["Sheet", "Row", "Line", "Column", "Found", "Problem"]).astype(str)


def plain_message(problem: Problem) -> str:
    """A problem about the whole file or sheet, as a sentence."""
    text = str(problem)
    if problem.sheet is None and problem.message.split(" ", 1)[0] in ("is", "has", "holds", "would", "contains"):
        text = text.replace(f"{problem.file}: ", f"{problem.file} ", 1)  # "minutes.pdf is not an Excel ..."
    return text


def records_table(kind, records: list[dict]) -> pd.DataFrame:
    names = [f.name for f in kind.fields if any(f.name in r for r in records)]
    rows = [{"Row": r["_row"], **{kind.field(n).label: r.get(n) for n in names}} for r in records]
    return pd.DataFrame(rows)


OP_LABEL = {"add": "Added", "change": "Changed", "remove": "Removed", "same": "Left alone"}


def changes_table(kind, plan: Plan) -> pd.DataFrame:
    rows = []
    for change in plan.changes:
        label = " / ".join(str((change.after or change.before).get(k) or "") for k in kind.key
                           if (change.after or change.before).get(k))
        detail = ""
        if change.op == "change":
            detail = "; ".join(f"{kind.field(f).label if f in {x.name for x in kind.fields} else f}: "
                               f"{_show(change.before.get(f))} → {_show(change.after.get(f))}"
                               for f in change.fields)
        rows.append({"What": OP_LABEL[change.op], "Line": label, "Changes": detail})
    order = {"Added": 0, "Changed": 1, "Removed": 2, "Left alone": 3}
    df = pd.DataFrame(rows, columns=["What", "Line", "Changes"])
    return df.sort_values("What", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def _show(value) -> str:
    if value is None:
        return "blank"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
