"""Finding the header and matching its columns (issue 10, points 7, 10 and 11): a CSV's header is judged by its words
and by the rows below it, never glued to its first data row; one-word aliases inside long headers are not matches;
filled columns are preferred to empty ones; published contract data (Contracts Finder's award list, OCDS-flattened
exports with camelCase) is recognised."""

from __future__ import annotations

import pytest

from lib.importer import ImportRefused, Options, prepare
from lib.ingest import layout
from lib.kinds import KINDS
from tests.workbooks import csv_bytes, xlsx


def read(engine, kind: str, rows: list[list], fmt: str = "csv", **options):
    data = csv_bytes(rows) if fmt == "csv" else xlsx(("Sheet1", rows))
    return prepare(engine, kind, f"file.{fmt}", data, Options(**options))


def refusal(engine, kind: str, rows: list[list], fmt: str = "csv", **options) -> str:
    with pytest.raises(ImportRefused) as refused:
        read(engine, kind, rows, fmt, **options)
    return str(refused.value)


# 7. A CSV's header is not glued to its first data row

# a header and one data row for every kind, the data row holding at least two cells of text (in a CSV every cell is
# text, so a type-based look could take it for the header's last row)
ONE_ROW = {
    "revenue": [["As at 31 March 2008"],
                ["Service area", "Lead officer", "Annual budget £000", "Projected outturn £000"],
                ["Older People's Services", "Ann Smith", "100", "110"]],
    "capital": [["As at 31 March 2008"], ["Scheme code", "Scheme", "Approved budget", "Actual to date", "Projected"],
                ["UXB149", "Assistive technology", "250", "236", "250"]],
    "homecare": [["Week ending", "Area", "Provider", "Sector", "Hours"],
                 ["04/01/2008", "North", "Care Co", "Independent", "3,000"]],
    "actions": [["Ref", "Objective", "Action", "Lead", "Due date"],
                ["A1", "Shift the balance of care", "Transfer home care hours", "Kim Harlock", "March 2009"]],
    "contracts": [["Reference", "Title", "Supplier", "Start date", "End date"],
                  ["C-001", "Home care zone 1", "Care Co Ltd", "01/04/2020", "31/03/2023"]],
    "indicators": [["As at 31 March 2008"], ["Code", "Indicator", "Target", "Actual", "Polarity"],
                   ["C72", "Admissions to residential care", "95", "94.6", "Lower is better"]],
}


@pytest.mark.parametrize("kind", list(ONE_ROW))
def test_a_csv_with_a_header_and_one_data_row_keeps_its_row(engine, kind):
    rows = ONE_ROW[kind]
    prepared = read(engine, kind, rows, plan_name="Plan")
    header_row = len(rows) - 2
    assert prepared.layout.header_rows == (header_row,)
    assert {rec["_row"] for rec in prepared.records} == {len(rows)}


# the key of the row repeated rows take a new value in; the rest of the first row is repeated
KEY_COLUMN = {"revenue": 0, "capital": 0, "homecare": 0, "actions": 0, "contracts": 0, "indicators": 0}
NEW_KEYS = {"revenue": ["Mental Health", "Learning Disabilities"], "capital": ["UXB150", "UXB151"],
            "homecare": ["11/01/2008", "18/01/2008"], "actions": ["A2", "A3"], "contracts": ["C-002", "C-003"],
            "indicators": ["C28", "C51"]}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", list(ONE_ROW))
def test_rows_repeating_the_first_rows_values_are_all_read(engine, kind, fmt):
    rows = ONE_ROW[kind]
    first = rows[-1]
    repeats = [[key if c == KEY_COLUMN[kind] else value for c, value in enumerate(first)] for key in NEW_KEYS[kind]]
    if kind == "indicators":  # each indicator its own name too
        repeats = [[row[0], f"{row[1]} ({row[0]})", *row[2:]] for row in repeats]
    prepared = read(engine, kind, [*rows, *repeats], fmt, plan_name="Plan")
    assert {rec["_row"] for rec in prepared.records} == {len(rows), len(rows) + 1, len(rows) + 2}


AWARDS_HEADER = ["Notice ID", "Award Title", "Company", "Award Value", "Contract Start Date", "Contract End Date",
                 "Links"]
AWARDS = [["CF-001", "Home care framework", "Care Provider Ltd", "£1,200,000", "01/04/2020", "31/03/2023",
           "https://www.contractsfinder.service.gov.uk/Notice/1"],
          ["CF-002", "Home care framework", "Care Provider Ltd", "£300,000", "01/04/2020", "31/03/2023",
           "https://www.contractsfinder.service.gov.uk/Notice/2"],
          ["CF-003", "Day care", "Other Provider Ltd", "£50,000", "01/04/2021", "31/03/2022",
           "https://www.contractsfinder.service.gov.uk/Notice/3"]]


@pytest.mark.parametrize("rows", [1, 3], ids=["one row", "three rows"])
def test_data_values_do_not_make_a_header_or_steer_the_matching(engine, rows):
    """The award list names its supplier column 'Company', which is no supplier header: its values ('Care Provider
    Ltd') and a link through '...service.gov.uk' once made the first data row the header (a Service type column,
    the row lost). The file is refused for what it lacks, naming its real header row."""
    message = refusal(engine, "contracts", [AWARDS_HEADER, *AWARDS[:rows]])
    assert ("missing required column 'Supplier' (the header in row 1 has 'Notice ID', 'Award Title', 'Company', "
            "'Award Value', 'Contract Start Date', 'Contract End Date', 'Links')") in message
    assert "row 2" not in message


def test_rows_sharing_values_with_the_first_are_all_read(engine):
    header = ["Notice ID", "Award Title", "Supplier Name", "Award Value", "Contract Start Date", "Links"]
    rows = [[r[0], r[1], r[2], r[3], r[4], r[6]] for r in AWARDS]
    rows.append([AWARDS[0][0].replace("1", "4"), *rows[0][1:]])  # the first row's values again, but its reference
    prepared = read(engine, "contracts", [header, *rows])
    assert [rec["reference"] for rec in prepared.records] == ["CF-001", "CF-002", "CF-003", "CF-004"]
    assert "service_type" not in prepared.layout.columns


def test_only_a_row_that_is_the_header_again_is_skipped(engine):
    header = ["Ref", "Finding", "Responsibility", "Actions", "Date"]
    rows = [header,
            ["1.1", "Contracts are held in several places", "KH", "Hold them centrally", "March 06"],
            ["Ref", "Recommendation", "Responsibility", "Actions", "Date"],  # the header after a page break
            ["2.1", "Finding", "Responsibility", "Actions", "June 06"]]  # shares three cells with it: a line
    prepared = read(engine, "actions", rows, plan_name="Audit")
    assert [(rec["_row"], rec["ref"]) for rec in prepared.records] == [(2, "1.1"), (4, "2.1")]


def test_a_file_of_another_kind_names_its_real_header_row(engine):
    rows = [["Contract monitoring return"], [],
            ["Provider", "Client name", "Number of visits per week", "Overall total of existing clients"],
            ["Care Co", "Mrs A", "7", "12"], ["Care Co", "Mr B", "14", "12"]]
    message = refusal(engine, "revenue", rows)
    assert "the header in row 3 has 'Provider', 'Client name', 'Number of visits per week'" in message


# 10. One-word aliases inside long headers are not matches; filled columns are preferred

VISITS = [["Client name", "Number of visits per week", "Overall total of existing clients", "Hours per week"],
          ["Mrs A", "7", "12", "5.5"], ["Mr B", "14", "12", "10"]]


def test_a_file_with_no_week_column_says_so_with_what_it_found(engine):
    message = refusal(engine, "homecare", VISITS)
    assert "the header in row 1 has 'Client name', 'Number of visits per week'" in message
    assert ("missing required column 'Week ending' (the header in row 1 has 'Client name', 'Number of visits per "
            "week', 'Overall total of existing clients', 'Hours per week'); 'Number of visits per week' (B) only "
            "mentions 'week', so it was not taken for the Week ending column") in message
    assert "row 2" not in message and "row 3" not in message  # no cell errors: the file simply has no week column


# for each kind, a long header that only mentions a required column's word, where that column should be
WEAK = {
    "revenue": (["As at 31 March 2008"], ["Name of the cost area", "Annual Budget £000", "Projected outturn £000"],
                ["Older People", "100", "110"], "'Name of the cost area' (A) only mentions 'area'", "Service area"),
    "capital": (["As at 31 March 2008"], ["Code", "Lead officer for each scheme", "Approved budget", "Actual to date",
                                          "Projected"], ["UXB149", "Ann Smith", "250", "236", "250"],
                "'Lead officer for each scheme' (B) only mentions 'scheme'", "Scheme"),
    "homecare": (None, ["Week ending", "Number of hours", "Overall total of clients", "Sector"],
                 ["04/01/2008", "12", "3", "Independent"], None, None),
    "actions": (None, ["Ref", "Objective", "Officer's notes on action", "Lead"],
                ["1.1", "Shift the balance", "Slow start", "KH"],
                "'Officer's notes on action' (C) only mentions 'action'", "Action"),
    "contracts": (None, ["Reference", "Job title of contact", "Number of supplier staff"], ["C-001", "Manager", "12"],
                  "'Job title of contact' (B) only mentions 'title'", "Title"),
    "indicators": (["As at 31 March 2008"], ["Code", "Indicator", "Last year's target", "Actual", "Polarity"],
                   ["C72", "Admissions", "95", "94.6", "Lower is better"],
                   "'Last year's target' (C) only mentions 'target'", "Target"),
}


@pytest.mark.parametrize("kind", list(WEAK))
def test_a_long_header_mentioning_a_required_columns_word_is_not_that_column(engine, kind):
    title, header, row, near, label = WEAK[kind]
    rows = [title, header, row] if title else [header, row]
    if kind == "homecare":  # 'Number of hours' leads with no alias; 'total' in a long header is no Total hours
        prepared = read(engine, kind, rows)
        assert set(prepared.layout.columns) == {"week_ending", "hours", "sector"}
        return
    message = refusal(engine, kind, rows, plan_name="Plan")
    assert f"missing required column '{label}" in message or f"missing required columns '{label}" in message
    assert f"(the header in row {len(rows) - 1} has" in message
    assert f"{near}, so it was not taken for the {label} column" in message


@pytest.mark.parametrize(("header", "field"), [
    ("Number of visits per week", "week_ending"),  # after 'per': a rate
    ("Overall total of existing clients", "total_hours"),  # one word inside a long header
    ("Hours per week", "week_ending"),
    ("Variation in the location of contracts, their validity and inclusion in contract register.", "variance"),
])
def test_weak_matches_are_not_taken(header, field):
    kind = next(k for k in KINDS.values() if field in {f.name for f in k.fields})
    column = layout.Column(0, header, (), 0)
    assert layout._score(kind.field(field), column) == 0


@pytest.mark.parametrize(("header", "field"), [
    ("Hours per week", "hours"), ("Supplier registered name", "supplier"), ("Week ending (Sunday)", "week_ending"),
    ("SME (Y/N)", "sme"), ("Total hours", "total_hours"), ("Start date of contract", "start_date"),
])
def test_headers_about_a_field_still_match_it(header, field):
    kind = next(k for k in KINDS.values() if field in {f.name for f in k.fields})
    assert layout._score(kind.field(field), layout.Column(0, header, (), 0)) > 0


def test_a_long_header_with_a_one_word_alias_is_not_read_for_an_optional_field(engine):
    rows = [["Week ending", "In-house hours", "Independent hours", "Overall total of existing clients"],
            ["04/01/2008", "8640", "5760", "120"]]
    prepared = read(engine, "homecare", rows)  # the clients' count is not checked against the hours
    assert "total_hours" not in prepared.layout.columns
    assert not prepared.warnings


def test_a_filled_column_is_preferred_to_an_empty_one(engine):
    rows = [["Reference", "Title", "Supplier", "Address", "Address line 1"],
            ["C-001", "Home care", "Care Co Ltd", None, "1 High Street"],
            ["C-002", "Day care", "Day Co Ltd", None, "2 Low Street"]]
    prepared = read(engine, "contracts", rows)
    assert prepared.layout.columns["supplier_details"].leaf == "Address line 1"
    assert [rec["supplier_details"] for rec in prepared.records] == ["1 High Street", "2 Low Street"]


def test_an_empty_twin_is_no_rival():
    rows = [["As at 31 March 2008"], ["Service", "Annual Budget £000", "Projected outturn £000", "Annual Budget £000"],
            ["Older People", None, 110, 100]]
    found = layout.find_layout(KINDS["revenue"], rows)
    assert found.columns["annual_budget"].index == 3 and not found.twins


# 11. Published contract data

OCDS_HEADER = ["releases/0/ocid", "releases/0/date", "releases/0/buyer/name", "releases/0/tender/title",
               "releases/0/tender/value/amount", "releases/0/tender/status",
               "releases/0/tender/contractPeriod/startDate", "releases/0/awards/0/id", "releases/0/awards/0/status",
               "releases/0/awards/0/title", "releases/0/awards/0/value/amount",
               "releases/0/awards/0/suppliers/0/name", "releases/0/awards/0/contractPeriod/startDate",
               "releases/0/awards/0/contractPeriod/endDate"]
OCDS_ROW = ["ocds-b5fd17-1", "2020-05-01T10:00:00Z", "Rotherham MBC", "Home care tender", "1500000", "complete",
            "2020-05-01T00:00:00Z", "award-1", "active", "Home care zone 1", "1200000", "Care Co Ltd",
            "2020-06-02T23:00:00Z", "2023-03-31T23:00:00+01:00"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_ocds_flattened_export_is_read(engine, fmt):
    import datetime as dt

    prepared = read(engine, "contracts", [OCDS_HEADER, OCDS_ROW], fmt)
    columns = {name: col.leaf for name, col in prepared.layout.columns.items()}
    assert columns["start_date"] == "releases/0/awards/0/contractPeriod/startDate"
    assert columns["end_date"] == "releases/0/awards/0/contractPeriod/endDate"
    assert columns["supplier"] == "releases/0/awards/0/suppliers/0/name"
    assert columns["total_value"] == "releases/0/awards/0/value/amount"
    assert "standing" not in columns  # the award's and the tender's status are OCDS words, not the register's
    record = prepared.records[0]
    assert (record["title"], record["supplier"], record["total_value"]) == ("Home care zone 1", "Care Co Ltd",
                                                                           1_200_000)
    assert (record["start_date"], record["end_date"]) == (dt.date(2020, 6, 3), dt.date(2023, 3, 31))


def test_camel_case_headers_are_words():
    assert layout.header_words("releases/0/awards/0/contractPeriod/startDate") == \
        "releases 0 awards 0 contract period start date"
    assert layout.normalise("McKenzie House") == layout.normalise("MCKENZIE HOUSE")  # keys are not split


def test_a_contracts_finder_award_list_is_read(engine):
    header = ["Notice ID", "Organisation Name", "Award Title", "Supplier Name", "Award Value", "Contract Start Date",
              "Contract End Date", "Region"]
    row = ["CF-001", "Rotherham MBC", "Home care zone 1", "Care Co Ltd", "£1,200,000.00", "01/04/2020",
           "31/03/2023", "Yorkshire and the Humber"]
    prepared = read(engine, "contracts", [header, row])
    record = prepared.records[0]
    # 'Organisation Name' is the buyer there: the supplier is the column that says so
    assert (record["reference"], record["supplier"], record["total_value"]) == ("CF-001", "Care Co Ltd", 1_200_000)


@pytest.mark.parametrize("kind", ["revenue", "capital", "homecare", "contracts", "indicators"])
def test_a_plan_read_as_another_kind_names_the_plans_header_row(engine, kind):
    """Words inside the plan's lines ('Project Officer' holds 'project', a capital scheme's word) make no header."""
    from lib.demo.plans import seed_000_action_plan

    with pytest.raises(ImportRefused) as refused:
        prepare(engine, kind, "plan.xlsx", seed_000_action_plan(), Options())
    message = str(refused.value)
    assert "the header in row 3 has 'Page', 'Review Findings', 'Responsibility', 'Actions', 'Date'" in message
    assert "it looks like action plan (kind 'actions')" in message
