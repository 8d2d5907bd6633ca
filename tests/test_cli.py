"""The command line as people and scripts use it: real processes, exit status, messages, export files."""

import csv
import io
import os
import subprocess
import sys

import openpyxl
import pytest

from lib import exports, xlsx
from lib.demo.workbooks import seed_capital_workbook, seed_revenue_workbook
from lib.store import engine as db
from tests.conftest import ROOT
from tests.workbooks import csv_bytes


def run(store_url, *args):
    env = {**os.environ, "DATABASE_URL": store_url}
    return subprocess.run([sys.executable, "-m", "lib.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "revenue.xlsx").write_bytes(seed_revenue_workbook())
    (tmp_path / "capital.xlsx").write_bytes(seed_capital_workbook())
    return tmp_path


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_import_export_batches_undo(store_url, files):
    dry = run(store_url, "import", "revenue", str(files / "revenue.xlsx"), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would be 10 added, 0 changed, 0 removed, 0 left alone" in dry.stdout
    assert run(store_url, "batches").stdout.strip() == "no batches yet"

    done = run(store_url, "import", "revenue", str(files / "revenue.xlsx"))
    assert done.returncode == 0 and done.stdout.startswith("batch 1: ")
    assert "10 added, 0 changed, 0 removed, 0 left alone" in done.stdout
    again = run(store_url, "import", "revenue", str(files / "revenue.xlsx"))
    assert "batch 2: " in again.stdout and "0 added, 0 changed, 0 removed, 10 left alone" in again.stdout
    assert run(store_url, "import", "capital", str(files / "capital.xlsx")).returncode == 0

    out = files / "revenue.csv"
    exported = run(store_url, "export", "revenue", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = read_csv(out)
    assert list(rows[0])[:8] == ["as_at", "section", "service_area", "annual_budget", "projected_outturn",
                                 "variance", "rag", "rag_policy"]
    older = next(r for r in rows if r["service_area"] == "Older People's Services")
    assert older == {**older, "as_at": "2008-03-31", "annual_budget": "37168000", "projected_outturn": "37506000",
                     "variance": "338000", "rag": "Red", "rag_policy": "Red", "movement": "-17000"}
    assert sum(float(r["annual_budget"]) for r in rows) == 63_256_000
    supporting = next(r for r in rows if r["service_area"] == "Supporting People")
    assert supporting["reason"] == ""  # blank for a missing value

    xlsx_out = files / "capital.xlsx.out.xlsx"
    assert run(store_url, "export", "capital", str(xlsx_out)).returncode == 0
    sheet = openpyxl.load_workbook(xlsx_out).active
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["as_at", "client_group", "scheme_code", "scheme", "approved_budget", "actual_to_date",
                          "projected_outturn", "rag"]
    first = [c.value for c in sheet[2]]
    assert first[0].date().isoformat() == "2008-03-31" and first[4] == 10_750_000 and first[7] == "Amber"

    history = run(store_url, "batches").stdout.splitlines()
    assert history[0].startswith("batch 3 ") and "capital import capital.xlsx [2008-03-31]" in history[0]
    undone = run(store_url, "undo", "3")
    assert undone.returncode == 0 and undone.stdout.strip() == "batch 4: undid batch 3"
    assert "(undone by batch 4)" in run(store_url, "batches").stdout
    assert run(store_url, "undo", "3").returncode == 2
    assert run(store_url, "undo", "99").returncode == 2


def test_undo_refuses_when_a_later_batch_changed_the_rows(store_url, files):
    run(store_url, "import", "revenue", str(files / "revenue.xlsx"))
    change = csv_bytes([["As at 31 March 2008"], ["Service Area", "Annual Budget £000", "Projected outturn £000"],
                        ["Older People's Services", "37,168", "37,000"]])
    (files / "change.csv").write_bytes(change)
    assert run(store_url, "import", "revenue", str(files / "change.csv")).returncode == 0
    refused = run(store_url, "undo", "1")
    assert refused.returncode == 1
    assert "later batch 2 changed the same rows; undo batch 2 first" in refused.stderr


def test_export_as_at_limits_reports_and_wrong_commands_exit_2(store_url, files):
    run(store_url, "demo")
    out = files / "early.csv"
    assert run(store_url, "export", "revenue", str(out), "--as-at", "2007-09-30").returncode == 0
    assert {r["as_at"] for r in read_csv(out)} == {"2007-08-31", "2007-09-30"}
    assert run(store_url, "export", "revenue", str(files / "x.txt")).returncode == 2
    assert run(store_url, "export", "widgets", str(out)).returncode == 2
    assert run(store_url, "import", "revenue", str(out), "--as-at", "31/03/2008").returncode == 2
    assert run(store_url, "frobnicate").returncode == 2


def test_demo_loads_the_seed_picture(store_url):
    result = run(store_url, "demo")
    assert result.returncode == 0, result.stderr
    assert "the dashboard opens as at 21 April 2008" in result.stdout
    engine = db.get_engine(store_url)
    df = exports.export_frame(engine, "revenue")
    march = df[df["as_at"].astype(str) == "2008-03-31"]
    assert len(march) == 10 and march["variance"].sum() == -107_000
    assert len(df["as_at"].unique()) == 8


def test_the_command_line_does_not_import_streamlit(store_url):
    code = "import sys, lib.cli; sys.exit(1 if 'streamlit' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_an_import_loads_no_library_it_does_not_use(store_url, files):
    code = ("import sys; from lib import cli; status = cli.main(['import', 'revenue', sys.argv[1], '--who', 't']); "
            "loaded = sorted({'pandas', 'numpy', 'openpyxl', 'altair', 'streamlit'} & set(sys.modules)); "
            "sys.exit(status or (f'loaded {loaded}' if loaded else 0))")
    result = subprocess.run([sys.executable, "-c", code, str(files / "revenue.xlsx")], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "DATABASE_URL": store_url})
    assert result.returncode == 0, result.stderr
    assert "batch 1: revenue from revenue.xlsx" in result.stdout


def test_no_exported_cell_can_run_as_a_formula(engine):
    import pandas as pd

    df = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "+1", "-cmd", "@SUM(A1)", "\tx", "fine"],
                       "amount": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0]})
    text = xlsx.csv_bytes(df).decode()
    assert "'=HYPERLINK" in text and "'+1" in text and "'-cmd" in text and "'@SUM" in text and ",-5\n" in text
    book = openpyxl.load_workbook(io.BytesIO(xlsx.xlsx_bytes(df)))
    values = [c.value for c in book.active["A"]][1:]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert [c.data_type for c in book.active["A"]][1:] == ["s"] * 6
    assert book.active["B2"].value == -5
