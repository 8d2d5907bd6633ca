"""The contract register: other councils' header sets, date and amount forms, refusals, re-import and undo,
the expiry, review and monitoring views on a given date, and the Transparency Code export."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from lib import cli, exports
from lib import xlsx as writers
from lib.areas import contracts
from lib.importer import Options, commit, prepare
from lib.store import batches as history
from lib.store import engine as db
from tests.conftest import snapshot
from tests.workbooks import csv_bytes, xlsx

DAY = dt.date(2008, 4, 21)

CODE_HEADERS = ["Reference Number", "Title of Agreement", "Department responsible",
                "Description of goods and/or services", "Supplier Name", "Supplier Details",
                "Company or charity registration number", "Value of the Agreement", "Estimated annual spend",
                "Irrecoverable VAT", "Start Date", "End Date", "Review Date", "Invitation to quote or tender",
                "SME", "VCSE"]
CODE_ROWS = [
    ["HC-001", "Home care zone 1", "Adult Services", "Domiciliary care", "Care Co Ltd", "1 High St", "05123456",
     "£1,200,000", None, "0", "01/04/2008", "31/03/2011", "01/10/2009", "Tender", "Yes", "No"],
    ["ADV-01", "Advocacy", "Adult Services", "Independent advocacy", "Voice", "2 Low St", "1100123", "45000",
     "15,000", None, "1 April 2006", "30 June 2008", "2008-05-01", "Quote", "Y", "Y"],
    ["SMALL-1", "Interpreting", "Adult Services", "Ad hoc", "Words Ltd", None, None, "£4,000", None, None,
     "01/01/2008", "31/12/2008", None, "Quote", "yes", "no"],
]


def load(engine, name, data):
    prepared = prepare(engine, "contracts", name, data, Options())
    return prepared, *commit(engine, prepared, "tester")


HEADER_SETS = {
    "transparency code": (CODE_HEADERS, CODE_ROWS),
    "snake case": (["contract_number", "contract_title", "supplier_name", "contract_value", "start_date",
                    "end_date"],
                   [["HC-001", "Home care zone 1", "Care Co Ltd", "1200000", "2008-04-01", "2011-03-31"]]),
    "upper case": (["REFERENCE_NUMBER", "TITLE_OF_AGREEMENT", "VENDOR", "TOTAL_VALUE", "CONTRACT_START",
                    "CONTRACT_END"],
                   [["HC-001", "Home care zone 1", "Care Co Ltd", "£1.2m", "01-Apr-2008", "31-Mar-2011"]]),
    "commissioning register": (["Contract Ref", "Name of contract", "Provider", "Sum to be paid over the length of "
                                "the contract", "Commencement date", "Expiry date", "Block/Spot", "Zone",
                                "Last monitoring visit", "QAF level", "Status"],
                               [["HC-001", "Home care zone 1", "Care Co Ltd", "1,200,000", "01/04/08", "31/03/11",
                                 "block", "North", "12/02/2008", "B", "steady state"]]),
}


@pytest.mark.parametrize("name", list(HEADER_SETS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_header_sets_and_forms(engine, name, fmt):
    headers, rows = HEADER_SETS[name]
    data = csv_bytes([headers, *rows]) if fmt == "csv" else xlsx(("Register", [["Contract register"], [],
                                                                               headers, *rows]))
    prepared, _, plan = load(engine, f"register.{fmt}", data)
    assert plan.count("add") == len(rows)
    df = exports.export_frame(engine, "contracts", DAY).set_index("reference")
    row = df.loc["HC-001"]
    assert row["title"] == "Home care zone 1" and row["supplier"] == "Care Co Ltd"
    assert row["total_value"] == 1_200_000
    assert row["start_date"] == dt.date(2008, 4, 1) and row["end_date"] == dt.date(2011, 3, 31)
    assert row["annual_value"] == pytest.approx(1_200_000 / ((dt.date(2011, 3, 31) - dt.date(2008, 4, 1)).days + 1)
                                                * 365.25, abs=0.01)
    assert row["status"] == "Live"


def test_transparency_code_fields_are_all_read(engine):
    load(engine, "code.csv", csv_bytes([CODE_HEADERS, *CODE_ROWS]))
    df = contracts.register(engine).set_index("reference")
    adv = df.loc["ADV-01"]
    assert adv["department"] == "Adult Services" and adv["description"] == "Independent advocacy"
    assert adv["supplier_details"] == "2 Low St" and adv["registration_number"] == "1100123"
    assert adv["annual_value"] == 15_000 and adv["procurement"] == "Quote"
    assert adv["review_date"] == dt.date(2008, 5, 1) and adv["sme"] and adv["vcse"]
    assert df.loc["HC-001", "irrecoverable_vat"] == 0


@pytest.mark.parametrize("rows, expected", [
    ([["C1", "T", "S", "100", "01/04/2008", "31/03/2008"]],
     "row 2, column 'End Date' (F): found '31/03/2008', expected an end date on or after the start date (01/04/2008)"),
    ([["C1", "T", "S", "100", "01/04/2008", "31/03/2009"], ["C1", "T", "Other", "100", "01/04/2008", "31/03/2009"]],
     "'C1' appears twice with different figures (rows 2 and 3)"),
    ([["C1", "T", "S", "-100", "01/04/2008", "31/03/2009"]],
     "row 2, column 'Value of the Agreement' (D): found '-100.00', expected an amount of zero or more"),
    ([["C1", "T", "S", "about 100", "01/04/2008", "31/03/2009"]],
     "row 2, column 'Value of the Agreement' (D): found 'about 100', expected an amount"),
    ([["C1", "T", "S", "100", "soon", "31/03/2009"]],
     "row 2, column 'Start Date' (E): found 'soon', expected a date (day/month/year)"),
    ([["C1", "T", None, "100", "01/04/2008", "31/03/2009"]],
     "row 2, column 'Supplier Name' (C): found '', expected text"),
])
def test_refusals_change_nothing(store_url, tmp_path, capsys, rows, expected):
    engine = db.get_engine(store_url)
    (tmp_path / "good.csv").write_bytes(csv_bytes([CODE_HEADERS, *CODE_ROWS]))
    assert cli.main(["import", "contracts", str(tmp_path / "good.csv")]) == 0
    before = snapshot(engine)
    header = ["Reference Number", "Title of Agreement", "Supplier Name", "Value of the Agreement", "Start Date",
              "End Date"]
    (tmp_path / "bad.csv").write_bytes(csv_bytes([header, *rows]))
    capsys.readouterr()
    assert cli.main(["import", "contracts", str(tmp_path / "bad.csv")]) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert snapshot(engine) == before


def test_reimport_updates_by_reference_blank_keeps_and_undo_restores(engine):
    load(engine, "code.csv", csv_bytes([CODE_HEADERS, *CODE_ROWS]))
    update = [["Reference Number", "Title of Agreement", "Supplier Name", "End Date", "Review Date"],
              ["HC-001", "Home care zone 1", "Care Co Ltd", "31/03/2012", None]]
    _, batch, plan = load(engine, "update.csv", csv_bytes(update))
    assert (plan.count("change"), plan.count("same"), plan.count("remove")) == (1, 0, 0)
    row = contracts.register(engine).set_index("reference").loc["HC-001"]
    assert row["end_date"] == dt.date(2012, 3, 31)
    assert row["review_date"] == dt.date(2009, 10, 1)  # blank in the file: the stored value stays
    assert len(contracts.register(engine)) == 3  # rows not in the file stay
    story = contracts.contract_history(engine, int(row["id"]))
    assert list(story["Batch"]) == [1, batch] and "end_date: 2011-03-31 → 2012-03-31" in story.iloc[1]["Changes"]
    history.undo(engine, batch, "tester")
    assert contracts.register(engine).set_index("reference").loc["HC-001", "end_date"] == dt.date(2011, 3, 31)


def _register(rows):
    import pandas as pd

    columns = ["id", "reference", "title", "supplier", "description", "start_date", "end_date", "review_date",
               "last_monitoring", "standing", "total_value", "annual_value", "sme", "vcse", "provider_sector",
               "contract_type", "service_type"]
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)


def test_expiry_review_and_monitoring_on_a_given_date():
    d = dt.date
    df = contracts.with_status(_register([
        {"reference": "A", "start_date": d(2007, 4, 1), "end_date": d(2008, 6, 30), "last_monitoring": d(2008, 1, 1),
         "review_date": d(2008, 4, 1), "standing": "Steady state"},
        {"reference": "B", "start_date": d(2007, 4, 1), "end_date": d(2008, 9, 30), "last_monitoring": None,
         "review_date": d(2008, 6, 1), "standing": "Interim"},
        {"reference": "C", "start_date": d(2007, 4, 1), "end_date": d(2009, 3, 31), "last_monitoring": d(2007, 4, 20),
         "standing": "Steady state"},
        {"reference": "D", "start_date": d(2006, 4, 1), "end_date": d(2008, 3, 31), "last_monitoring": None,
         "standing": "Steady state"},
        {"reference": "E", "start_date": d(2008, 6, 1), "end_date": d(2010, 5, 31), "last_monitoring": None,
         "standing": "Steady state"},
    ]), DAY)
    status = dict(zip(df["reference"], df["status"]))
    assert status == {"A": "Live", "B": "Live", "C": "Live", "D": "Expired", "E": "Not started"}
    assert list(contracts.expiring(df, DAY, 3)["reference"]) == ["A"]
    assert list(contracts.expiring(df, DAY, 6)["reference"]) == ["A", "B"]
    assert list(contracts.expiring(df, DAY, 12)["reference"]) == ["A", "B", "C"]
    assert list(df[df["past_end_still_live"]]["reference"]) == ["D"]
    assert list(df[df["review_overdue"]]["reference"]) == ["A"]
    assert list(df[df["review_due_3m"]]["reference"]) == ["B"]
    # no visit since 21 April 2007: C (20 April 2007) is overdue, B never; D expired and E not started are not
    assert list(df[df["monitoring_overdue"]]["reference"]) == ["B", "C"]
    head = contracts.headline(df, DAY)
    assert (head["live"], head["expiring_12"], head["never_monitored"]) == (3, 3, 1)


def test_transparency_export_holds_the_code_fields_over_5000_for_the_quarter(engine):
    rows = [*CODE_ROWS, ["EVIL-1", "=HYPERLINK(\"http://x\",\"click\")", "Adult Services", "+1 formula",
                         "@SUM(A1)", "-2", None, "9000", None, None, "01/01/2008", "31/12/2008", None, "Quote",
                         "No", "No"]]
    load(engine, "code.csv", csv_bytes([CODE_HEADERS, *rows]))
    df = contracts.with_status(contracts.register(engine), DAY)
    q2 = contracts.transparency_extract(df, 2008, 2)
    assert list(q2.columns) == list(contracts.TRANSPARENCY_COLUMNS.values())
    assert set(q2["Reference number"]) == {"HC-001", "ADV-01", "EVIL-1"}  # SMALL-1 is under £5,000
    q4 = contracts.transparency_extract(df, 2008, 4)
    assert "ADV-01" not in set(q4["Reference number"])  # ended 30 June 2008
    text = writers.csv_bytes(q2).decode("utf-8")
    for cell in ("'=HYPERLINK", "'+1 formula", "'@SUM(A1)", "'-2"):
        assert cell in text
    book = openpyxl.load_workbook(io.BytesIO(writers.xlsx_bytes(q2)))
    for row in book.active.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f" and not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_contracts_export_columns_and_status_on_the_as_at_date(store_url, tmp_path):
    (tmp_path / "code.csv").write_bytes(csv_bytes([CODE_HEADERS, *CODE_ROWS]))
    assert cli.main(["import", "contracts", str(tmp_path / "code.csv")]) == 0
    assert cli.main(["export", "contracts", str(tmp_path / "out.csv"), "--as-at", "2008-07-01"]) == 0
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("reference,title,supplier,start_date,end_date,review_date,total_value,annual_value,"
                               "status")
    adv = next(line for line in lines if line.startswith("ADV-01,"))
    assert ",2006-04-01,2008-06-30,2008-05-01,45000,15000,Expired," in adv
    assert ",true,true," in adv  # SME and VCSE as true/false


def test_the_timeline_keeps_to_the_contracts_nearest_the_date():
    starts = [dt.date(2005, 1, 1)] * 4 + [dt.date(2008, 6, 1)]
    ends = [dt.date(2009, 3, 31), dt.date(2008, 5, 31), dt.date(2007, 3, 31), dt.date(2010, 1, 1),
            dt.date(2011, 3, 31)]
    df = pd.DataFrame({"reference": list("ABCDE"), "start_date": starts, "end_date": ends})
    df = df.assign(status=["Live", "Live", "Expired", "Live", "Not started"])
    assert list(contracts.timeline_rows(df, DAY)["reference"]) == ["B", "A", "D", "E", "C"]
    assert list(contracts.timeline_rows(df, DAY, limit=2)["reference"]) == ["B", "A"]  # live, ending soonest
    big = pd.concat([df] * 500, ignore_index=True)
    assert len(contracts.timeline_rows(big, DAY)) == contracts.TIMELINE_LIMIT
    assert contracts.titles(pd.DataFrame({"reference": ["A"], "title": [None]})) == {"A": ""}


@pytest.mark.parametrize("value, shown", [(950_000, "£950k"), (19_740_000, "£19.7m"), (197_400_000, "£197m"),
                                          (1_974_000_000, "£1.97bn"), (-2_500_000, "−£2.5m"), (None, "–"),
                                          (999_999, "£1.0m"), (99_960_000, "£100m"), (999_600_000, "£1.00bn")])
def test_headline_money_fits_its_box(value, shown):
    from lib import fmt

    assert fmt.money(value, "short") == shown
