"""``check 台账.xls``: old Excel 97-2003 registers are read (python-calamine, the xlsx extra).

The .xls files are written in the test by xlwt (a test dependency), never by the code under
test. Hand counts: 2024-02-08 + 20 workdays = 2024-03-13 (see test_check.py); done 2024-04-01
is late, 2024-03-01 on time, nothing done by 2024-05-01 overdue.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from .conftest import read_csv

xlwt = pytest.importorskip("xlwt")
pytest.importorskip("python_calamine")

ARGS = ("--rule", "ogi.request.reply", "--trigger-col", "收到申请日期", "--done-col", "答复日期",
        "--as-of", "2024-05-01", "--lang", "en")  # fmt: skip


def make_xls(path: Path) -> Path:
    """Title merged over A1:D1, header on row 2, a real date cell, a date-time, a text date,
    a blank row, a trigger merged over rows 6-8, a whole number and a fraction."""
    wb = xlwt.Workbook()
    ws = wb.add_sheet("台账")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    ws.write_merge(0, 0, 0, 3, "2024年台账")
    for j, name in enumerate(["编号", "收到申请日期", "答复日期", "备注"]):
        ws.write(1, j, name)
    ws.write(2, 0, 1)
    ws.write(2, 1, dt.date(2024, 2, 8), day)
    ws.write(3, 0, 2.5)
    ws.write(3, 1, "2024-02-08")
    ws.write(3, 2, dt.datetime(2024, 4, 1, 10, 30), xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm"))
    ws.write_merge(5, 7, 1, 1, dt.date(2024, 2, 8), day)
    for row, n in ((5, 3), (6, 4), (7, 5)):
        ws.write(row, 0, n)
    ws.write(6, 2, "2024-03-01")
    wb.add_sheet("说明").write(0, 0, "x")
    wb.save(str(path))
    return path


def test_an_xls_register_is_checked_like_an_xlsx_one(cli, tmp_path) -> None:
    """Every row comes out with its cells (numbers as written, dates as dates), the title row
    kept above the header, merged triggers read in each row with a note."""
    reg = make_xls(tmp_path / "台账.xls")
    r = cli("check", reg, *ARGS, "-o", tmp_path / "out.csv")
    assert r.returncode == 0, r.stderr
    rows = read_csv(tmp_path / "out.csv")
    assert rows[0][0] == "2024年台账" and rows[1][:4] == [
        "编号",
        "收到申请日期",
        "答复日期",
        "备注",
    ]
    data = rows[2:]
    assert len(data) == 6  # rows 3-8: five records and the blank row 5
    assert [r[0] for r in data] == ["1", "2.5", "", "3", "4", "5"]
    assert [r[1] for r in data] == ["2024-02-08", "2024-02-08", "", "2024-02-08", "2024-02-08",
                                    "2024-02-08"]  # fmt: skip
    assert data[1][2] == "2024-04-01 10:30:00"
    assert [r[4] for r in data] == ["2024-03-13"] * 2 + [""] + ["2024-03-13"] * 3
    assert [r[5] for r in data] == ["overdue", "late", "skipped", "overdue", "on_time", "overdue"]
    assert "merged cell B6" in data[4][13] and "merged cell B6" in data[5][13]


def test_an_xls_register_to_xlsx_is_a_plain_workbook(cli, tmp_path) -> None:
    """-o x.xlsx of an .xls register: a plain workbook of the same rows."""
    openpyxl = pytest.importorskip("openpyxl")
    reg = make_xls(tmp_path / "台账.xls")
    r = cli("check", reg, *ARGS, "-o", tmp_path / "out.xlsx")
    assert r.returncode == 0, r.stderr
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert len(rows) == 8 and rows[4][5] == "skipped" and rows[3][5] == "late"


def test_writing_xls_is_refused_with_the_way_out(cli, tmp_path) -> None:
    """-o x.xls: exit 2, nothing written; the message says to write .xlsx."""
    reg = make_xls(tmp_path / "台账.xls")
    r = cli("check", reg, *ARGS, "-o", tmp_path / "out.xls")
    assert r.returncode == 2
    assert "write .xlsx" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xls"]


def test_a_sheet_by_name_and_an_unknown_one(cli, tmp_path) -> None:
    """--sheet picks a worksheet of the .xls; an unknown one is refused, listing the sheets."""
    reg = make_xls(tmp_path / "台账.xls")
    r = cli("check", reg, *ARGS, "--sheet", "台账")
    assert r.returncode == 0, r.stderr
    r = cli("check", reg, *ARGS, "--sheet", "汇总")
    assert r.returncode == 2
    assert "'台账', '说明'" in r.stderr


def test_a_file_named_csv_that_is_xls_says_so(cli, tmp_path) -> None:
    """An .xls workbook named .csv: the message says to name it .xls."""
    reg = make_xls(tmp_path / "台账.xls")
    odd = tmp_path / "odd.csv"
    odd.write_bytes(reg.read_bytes())
    r = cli("check", odd, *ARGS)
    assert r.returncode == 2
    assert "name it .xls" in r.stderr
