"""Reading the rows under a found header (issue 10): which rows are lines, which are sections, notes and footnotes, and
how a refusal about a row names it."""

from __future__ import annotations

import pytest

from lib.importer import Options, prepare
from tests.workbooks import csv_bytes, xlsx


def read(engine, kind: str, rows: list[list], fmt: str = "csv", **options):
    data = csv_bytes(rows) if fmt == "csv" else xlsx(("Sheet1", rows))
    return prepare(engine, kind, f"file.{fmt}", data, Options(**options))


def test_contracts_with_no_value_or_dates_yet_are_lines(engine):
    rows = [["Reference", "Title", "Supplier", "Total value", "Start date"],
            ["C-001", "Home care", "Care Co Ltd", None, None],
            ["C-002", "Day care", "Day Co Ltd", "100", "01/04/2020"],
            ["C-003", "Meals", "Meals Ltd", None, None]]
    prepared = read(engine, "contracts", rows)
    assert [rec["reference"] for rec in prepared.records] == ["C-001", "C-002", "C-003"]


# 13. A footnote ends the table, for every kind

SOURCE = ["Source: Weekly Impact Group tracking sheet"]

TABLES = {
    "homecare": ([["Week ending", "In-house hours", "Independent hours"], ["04/01/2008", "8640", "5760"],
                  ["11/01/2008", "8500", "5900"]], {}),
    "homecare by provider": ([["Week ending", "Area", "Provider", "Sector", "Hours"],
                              ["04/01/2008", "North", "Care Co", "Independent", "3000"],
                              ["04/01/2008", "North", "Council service", "In-house", "4000"]], {}),
    "contracts": ([["Reference", "Title", "Supplier", "Total value"], ["C-001", "Home care", "Care Co Ltd", "100"],
                   ["C-002", "Day care", "Day Co Ltd", "200"]], {}),
    "actions": ([["Ref", "Objective", "Action", "Lead", "Due date"],
                 ["1.1", "Shift the balance", "Transfer hours", "KH", "March 2009"],
                 ["1.2", "Shift the balance", "Review the contract", "RW", "June 2009"]], {"plan_name": "Plan"}),
    "revenue": ([["As at 31 March 2008"], ["Service", "Annual Budget £000", "Projected outturn £000"],
                 ["Older People", "100", "110"], ["Mental Health", "50", "45"]], {}),
    "capital": ([["As at 31 March 2008"], ["Scheme code", "Scheme", "Approved budget", "Actual to date", "Projected"],
                 ["UXB149", "Assistive technology", "250", "236", "250"],
                 ["UXB150", "Residential care", "400", "344", "400"]], {}),
    "indicators": ([["As at 31 March 2008"], ["Code", "Indicator", "Target", "Actual", "Polarity"],
                    ["C72", "Admissions", "95", "94.6", "Lower is better"],
                    ["C28", "Intensive home care", "16", "13.94", "Higher is better"]], {}),
}
FOOTNOTES = [[SOURCE], [[], SOURCE], [SOURCE, ["Figures are provisional until the year end"]],
             [["Note 1: hours exclude reablement"]], [["Prepared by the commissioning team, 3 May 2008"]],
             [[None, None, "Last updated 3 May 2008"]]]


@pytest.mark.parametrize("footnote", FOOTNOTES, ids=["source", "after a blank row", "two lines", "numbered note",
                                                     "prepared by", "in another column"])
@pytest.mark.parametrize("table", list(TABLES))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_footnote_under_a_table_is_not_a_line(engine, table, footnote, fmt):
    rows, options = TABLES[table]
    kind = table.split()[0]
    without = read(engine, kind, rows, fmt, **options)
    with_note = read(engine, kind, [*rows, *footnote], fmt, **options)
    assert with_note.records == without.records
    assert [str(w) for w in with_note.warnings] == [str(w) for w in without.warnings]


def test_a_footnote_between_budget_lines_is_no_section(engine):
    rows = [["As at 31 March 2008"], ["Service", "Annual Budget £000", "Projected outturn £000"],
            ["Adult Services"], ["Older People", "100", "110"], ["Note: the line below includes grant"],
            ["Mental Health", "50", "45"]]
    prepared = read(engine, "revenue", rows)
    assert [(rec["section"], rec["service_area"]) for rec in prepared.records] == [
        ("Adult Services", "Older People"), ("Adult Services", "Mental Health")]


def test_lines_after_a_footnote_in_a_figures_table_are_still_read(engine):
    rows = [["Week ending", "In-house hours", "Independent hours"], ["04/01/2008", "8640", "5760"],
            ["Note: the week below includes a bank holiday"], ["11/01/2008", "8500", "5900"]]
    prepared = read(engine, "homecare", rows)
    assert sorted({rec["_row"] for rec in prepared.records}) == [2, 4]


def test_a_plans_key_after_a_footnote_and_a_blank_row_is_still_read(engine):
    rows = [["Ref", "Objective", "Action", "Lead", "Due date"],
            ["1.1", "Shift the balance", "Transfer hours", "KH", "March 2009"],
            ["Source: Commissioning Management Team minutes"], ["Agreed 3 May 2008"], [],
            ["KEY"], ["KH = Kim Harlock"]]
    prepared = read(engine, "actions", rows, plan_name="Plan")
    assert [(rec["ref"], rec["lead_name"]) for rec in prepared.records] == [("1.1", "Kim Harlock")]


@pytest.mark.parametrize("text", ["Source of funding to be agreed", "Notes from the review to be circulated",
                                  "Update the website", "Data sharing protocol"])
def test_a_plan_line_that_merely_starts_with_a_footnote_word_is_a_line(engine, text):
    rows = [["Ref", "Objective", "Action", "Lead", "Due date"],
            ["1.1", "Shift the balance", "Transfer hours", "KH", "March 2009"], [None, None, text]]
    prepared = read(engine, "actions", rows, plan_name="Plan")
    assert [rec["action"] for rec in prepared.records] == ["Transfer hours", text]


# 14. A refusal about a row names the row's key as well as its number

KEYED = {
    "contracts": ([["Reference", "Title", "Supplier", "Total value"], ["C-001", "Home care", "Care Co Ltd", "100"],
                   ["C-002", "Day care", "Day Co Ltd", "lots"]],
                  "row 3, column 'Total value' (D): found 'lots', expected an amount, in the line for reference "
                  "'C-002'"),
    "revenue": ([["As at 31 March 2008"], ["Service", "Annual Budget £000", "Projected outturn £000"],
                 ["Older People", "100", "n/a"]],
                "row 3, column 'Projected outturn £000' (C): found 'n/a', expected an amount, in the line for service "
                "area 'Older People'"),
    "homecare": ([["Week ending", "Area", "Provider", "Sector", "Hours"],
                  ["04/01/2008", "North", "Care Co", "Independent", "-30"]],
                 "row 2, column 'Hours' (E): found '-30', expected hours of zero or more, in the line for week ending "
                 "'04/01/2008', area 'North', provider 'Care Co', sector 'Independent'"),
    "actions": ([["Ref", "Objective", "Action", "Status"], ["1.1", "Shift the balance", "Transfer hours", "Sort of"]],
                "row 2, column 'Status' (D): found 'Sort of', expected a status word"),
    "capital": ([["As at 31 March 2008"], ["Scheme code", "Scheme", "Approved budget", "Actual to date", "Projected"],
                 ["UXB149", "Assistive technology", "250", "?", "250"]],
                "row 3, column 'Actual to date' (D): found '?', expected an amount, in the line for scheme code "
                "'UXB149', scheme 'Assistive technology'"),
    "indicators": ([["As at 31 March 2008"], ["Code", "Indicator", "Target", "Actual", "Polarity"],
                    ["C72", "Admissions", "95", "94.6", "sideways"]],
                   "row 3, column 'Polarity' (E): found 'sideways', expected whether higher or lower is better"),
}


@pytest.mark.parametrize("kind", list(KEYED))
def test_a_refusal_about_a_row_names_its_key(engine, kind):
    from lib.importer import ImportRefused

    rows, expected = KEYED[kind]
    with pytest.raises(ImportRefused) as refused:
        read(engine, kind, rows, plan_name="Plan")
    message = str(refused.value)
    assert expected in message
    if kind == "actions":
        assert message.endswith(", in the line for ref '1.1'")
    if kind == "indicators":
        assert message.endswith(", in the line for code 'C72', indicator 'Admissions'")


def test_a_bad_key_is_not_named_twice_nor_a_key_the_message_gives(engine):
    from lib.importer import ImportRefused

    rows = [["Week ending", "In-house hours", "Independent hours"], ["31/02/2008", "8640", "5760"]]
    with pytest.raises(ImportRefused) as refused:
        read(engine, "homecare", rows)
    assert str(refused.value).endswith("found '31/02/2008', expected a real date (day/month/year)")
    rows = [["Reference", "Title", "Supplier"], ["C-001", "Home care", "Care Co"], ["C-001", "Day care", "Care Co"]]
    with pytest.raises(ImportRefused) as refused:
        read(engine, "contracts", rows)
    assert str(refused.value).endswith("'C-001' appears twice with different figures (rows 2 and 3); each line must "
                                       "be given once")


def test_the_upload_pages_table_of_problems_names_the_line():
    from lib.ingest.present import problems_table
    from lib.ingest.problems import Problem

    table = problems_table([Problem("f.csv", "an amount", sheet="S", row=3, column="Total value", column_index=3,
                                    value="lots", expected="an amount", line="reference 'C-002'")])
    assert table.iloc[0]["Line"] == "reference 'C-002'"


# A time where a plan's due date belongs

def _plan_with_a_zero_date() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["Ref", "Objective", "Action", "Lead", "Due date"])
    sheet.append(["1.1", "Shift the balance", "Transfer hours", "KH", 0])  # Excel's day 0 in a date cell: 00:00:00
    sheet["E2"].number_format = "dd/mm/yyyy"
    sheet.append(["1.2", "Shift the balance", "Review the contract", "RW", "31/03/2009"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_time_only_due_date_is_said_plainly(engine):
    prepared = prepare(engine, "actions", "plan.xlsx", _plan_with_a_zero_date(), Options(plan_name="Plan"))
    assert [str(w) for w in prepared.warnings] == [
        "plan.xlsx, sheet 'Plan', row 2, column 'Due date' (E): found '00:00:00', expected a date (day/month/year), "
        "not a time of day: the cell holds a time only (a date cell holding 0 shows as 00:00:00); the action is kept "
        "with no due date, in the line for ref '1.1'"]
    first, second = prepared.records
    assert (first["due_date"], first["due_text"]) == (None, None)
    assert str(second["due_date"]) == "2009-03-31"
