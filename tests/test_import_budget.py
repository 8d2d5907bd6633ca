"""Revenue and capital monitoring through the one import pipeline: seed 004 as printed, other councils'
layouts, and the store after each."""

import datetime as dt

import pandas as pd
import pytest

from lib import exports
from lib.areas import budget
from lib.demo.workbooks import seed_capital_workbook, seed_revenue_workbook
from lib.importer import Options, commit, prepare
from lib.ingest.problems import ImportRefused
from lib.kinds import revenue
from lib.store import batches as history
from tests.workbooks import csv_bytes, xlsx

MARCH = dt.date(2008, 3, 31)


def load(engine, kind, name, data, **options):
    prepared = prepare(engine, kind, name, data, Options(**options))
    batch_id, plan = commit(engine, prepared, "tester")
    return prepared, batch_id, plan


@pytest.mark.parametrize("as_text", [False, True], ids=["numbers", "text-as-printed"])
def test_seed_004_revenue_as_printed(engine, as_text):
    prepared, batch_id, plan = load(engine, "revenue", "budget.xlsx", seed_revenue_workbook(as_text=as_text))
    assert prepared.scope_value == MARCH
    assert plan.count("add") == 10 and not prepared.warnings
    df = exports.export_frame(engine, "revenue")
    assert len(df) == 10
    assert df["annual_budget"].sum() == 63_256_000
    assert df["projected_outturn"].sum() == 63_149_000
    assert df["variance"].sum() == -107_000
    red = set(df.loc[df["rag"] == "Red", "service_area"])
    assert red == {"Older People's Services", "Physical & Sensory Disabilities", "Mental Health",
                   "Head of Services & Policy & Development", "Adult Services Business Unit"}
    assert (df["rag_policy"] == df["rag"]).all()
    older = df.set_index("service_area").loc["Older People's Services"]
    assert older["movement"] == -17_000
    assert older["reason"].startswith("Continued increase in demand for Domiciliary Care")
    assert older["management_action"].startswith("Review of provision of high cost Direct Payments")
    assert older["section"] == "Adult Services"
    ld = df.set_index("service_area").loc["Learning Disabilities"]
    assert ld["reason"].startswith("Recurrent overspend on day care transport") and pd.isna(ld["management_action"])
    business_unit = df.set_index("service_area").loc["Adult Services Business Unit"]
    assert business_unit["section"] == "Commissioning, Quality & Performance"
    assert "vacancy factor" in business_unit["reason"]
    general = " ".join(str(v) for v in [*df["reason"], *df["management_action"]])
    assert "Senior Officer Panel" not in general  # the general paragraph belongs to no line


def test_seed_004_capital_as_printed(engine):
    prepared, _, plan = load(engine, "capital", "capital.xlsx", seed_capital_workbook())
    assert prepared.scope_value == MARCH and plan.count("add") == 11
    df = budget.capital_report(engine, MARCH)
    assert df["client_group"].nunique() == 5
    assert df["approved_budget"].sum() == 11_675_047
    assert df["actual_to_date"].sum() == 9_214_043
    assert df["projected_outturn"].sum() == 11_675_047
    assert sorted(df.loc[df["rag"] == "Amber", "scheme_code"]) == ["UXB149", "UXB150", "UXH098", "UXL135"]
    scheme = df.set_index("scheme_code").loc["UXZ001"]
    assert scheme["comment"] == "Final costs on scheme - see note 4 above."
    assert scheme["client_group"] == "Strategic Maintenance Investment Programme"
    assert scheme["slippage"] == 486 - 5047


def test_movement_from_the_previous_stored_report_when_the_sheet_has_none(engine):
    rows = [["Budget monitoring as at 29/02/2008"], [], ["Service", "Budget £000", "Forecast £000"],
            ["Older People", "100", "130"], ["Mental Health", "50", "45"]]
    load(engine, "revenue", "feb.csv", csv_bytes(rows))
    rows[0] = ["Budget monitoring as at 31/03/2008"]
    rows[3] = ["Older People", "100", "120"]
    load(engine, "revenue", "mar.csv", csv_bytes(rows))
    df = budget.revenue_report(engine, MARCH, revenue.load_policy(engine)).set_index("service_area")
    assert df.loc["Older People", "movement"] == -10_000
    assert df.loc["Mental Health", "movement"] == 0


def test_variance_only_sheet_in_pounds_derives_the_outturn(engine):
    rows = [["Adult Social Care - Forecast Outturn Position"], ["Position as at 30 September 2007"],
            ["Cost Centre", "Annual Budget £", "Forecast Variance £", "RAG"],
            ["Home Care", "£1,250,000", "(£12,500)", "G"],
            ["Residential", "£2,000,000", "£150,000", "R"],
            ["Day Services", "£400,000", "-", "G"]]
    prepared, _, _ = load(engine, "revenue", "variance_only.xlsx", xlsx(("Month 6", rows)))
    assert prepared.scope_value == dt.date(2007, 9, 30)
    df = exports.export_frame(engine, "revenue").set_index("service_area")
    assert df.loc["Home Care", "projected_outturn"] == 1_237_500
    assert df.loc["Residential", "variance"] == 150_000 and df.loc["Residential", "rag"] == "Red"
    assert df.loc["Day Services", "variance"] == 0


def test_another_councils_layout_with_units_in_a_title_and_a_page_break(engine):
    rows = [["Adults Directorate budget report (all figures £'000)"], ["As at 31 December 2007"], [],
            ["Division", "Budget Line", "Latest Budget", "Projected Outturn", "Variance", "Status"],
            ["Older People"], [None, "Homecare", "5,000", "5,200", "200", "Amber"],
            [None, "Residential care", "8,000", "7,900", "(100)", "Green"],
            ["Division", "Budget Line", "Latest Budget", "Projected Outturn", "Variance", "Status"],
            ["Learning Disability"], [None, "Supported living", "3,000", "3,010", "10", "Amber"], [],
            ["Grand Total", None, "16,000", "16,110", "110", None]]
    prepared, _, plan = load(engine, "revenue", "other.xlsx", xlsx(("Report", rows)))
    assert plan.count("add") == 3 and not prepared.warnings
    df = exports.export_frame(engine, "revenue").set_index("service_area")
    assert df.loc["Homecare", "annual_budget"] == 5_000_000
    assert df.loc["Supported living", "section"] == "Learning Disability"
    assert df.loc["Homecare", "rag"] == "Amber" and df.loc["Homecare", "rag_policy"] == "Red"


def test_a_totals_row_that_does_not_add_up_is_a_warning(engine):
    rows = [["As at 31 March 2008"], ["Service", "Budget £", "Outturn £"], ["A", "100", "90"], ["B", "100", "95"],
            ["Total", "250", "185"]]
    prepared = prepare(engine, "revenue", "t.csv", csv_bytes(rows))
    messages = [str(w) for w in prepared.warnings]
    assert any("row 5" in m and "totals row says 250.00" in m and "add up to 200.00" in m for m in messages)


def test_the_right_sheet_is_found_and_sheet_can_be_named(engine):
    cover = [["Budget monitoring pack"], ["Prepared by Finance"]]
    data = [["As at 31 March 2008"], ["Service", "Budget", "Outturn"], ["A", "100", "110"]]
    other = [["As at 31 March 2008"], ["Service", "Budget", "Outturn"], ["B", "5", "5"]]
    book = xlsx(("Cover", cover), ("Summary", data), ("Detail", other))
    assert prepare(engine, "revenue", "pack.xlsx", book).sheet in ("Summary", "Detail")
    assert prepare(engine, "revenue", "pack.xlsx", book, Options(sheet="detail")).records[0]["service_area"] == "B"
    with pytest.raises(ImportRefused) as refused:
        prepare(engine, "revenue", "pack.xlsx", book, Options(sheet="Nope"))
    assert "'Cover', 'Summary', 'Detail'" in str(refused.value)


def test_as_at_overrides_the_title_with_a_warning(engine):
    prepared = prepare(engine, "revenue", "budget.xlsx", seed_revenue_workbook(), Options(as_at=dt.date(2008, 4, 1)))
    assert prepared.scope_value == dt.date(2008, 4, 1)
    assert any("31 March 2008" in str(w) and "using 01 April 2008" in str(w) for w in prepared.warnings)


def test_reimporting_a_reporting_date_replaces_it_and_undo_brings_it_back(engine):
    _, first, _ = load(engine, "revenue", "budget.xlsx", seed_revenue_workbook())
    rows = [["As at 31 March 2008"], ["Service Area", "Annual Budget £000", "Projected outturn £000"],
            ["Older People's Services", "37,168", "37,000"]]
    _, second, plan = load(engine, "revenue", "small.csv", csv_bytes(rows), )
    assert (plan.count("change"), plan.count("remove")) == (1, 9)
    assert len(exports.export_frame(engine, "revenue")) == 1
    history.undo(engine, second, "tester")
    df = exports.export_frame(engine, "revenue")
    assert len(df) == 10 and df["projected_outturn"].sum() == 63_149_000


def test_a_windows_csv_with_pound_signs_and_semicolons(engine):
    text = "\r\n".join(";".join(r) for r in [["Budget monitoring as at 31/03/2008"],
                                              ["Service area", "Budget £", "Forecast £"],
                                              ["Home care", "£1,250,000", "£1,300,000"],
                                              ["Day care", "£400,000", "£390,000"]])
    prepared = prepare(engine, "revenue", "export.csv", text.encode("cp1252"))
    assert [r["projected_outturn"] for r in prepared.records] == [1_300_000, 390_000]
