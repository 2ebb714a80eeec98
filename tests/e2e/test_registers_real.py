"""``check`` on registers as offices really keep them (issue 9, part B).

Each test writes a register that used to break the batch -- a traceback, lost rows, a destroyed
register, an unreadable XLSX -- runs the installed script, and asserts the row count, the
untouched input cells, the message and the exit status.

Hand counts (State Council notices 国办发明电〔2023〕7号 for 2024):
- 2024-02-08 + 20 workdays = 2024-03-13 (see test_check.py's docstring for the day by day count).
- 2024-02-08 + 20 + 20 workdays: after 3/13, 3/14-15 (1-2), 3/18-22 (3-7), 3/25-29 (8-12),
  4/1-3 (13-15), 清明 4/4-4/6 off, 4/7 (Sun, 调休上班) (16), 4/8-11 (17-20) -> 2024-04-11.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest

from .conftest import COLUMNS_EN, parse_csv_text, read_csv, write_csv

EN = {name: i for i, name in enumerate(COLUMNS_EN)}
DUE = "2024-03-13"
DUE_EXTENDED = "2024-04-11"
RULE = ("--rule", "ogi.request.reply", "--trigger-col", "收到申请日期", "--lang", "en")


def result(row: list[str], width: int, name: str) -> str:
    return row[width + EN[name]]


def kept(inp: list[list[str]], out: list[list[str]]) -> None:
    """Every input row comes out, in order, its cells unchanged (short rows padded)."""
    width = len(inp[0])
    assert len(out) == len(inp)
    for i, (a, b) in enumerate(zip(inp, out, strict=True)):
        assert b[: len(a)] == a[:width] + [""] * (len(a) - width) or b[:width] == a + [""] * (
            width - len(a)
        ), f"row {i + 1}"


# ------------------------------------------------------------------------- never destroy


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_output_over_the_register_is_refused(cli, tmp_path, how) -> None:
    """-o naming the register itself (or a link to it) is refused, exit 2; it is untouched."""
    rows = [["编号", "收到申请日期"], ["1", "2024-02-08"]]
    reg = write_csv(tmp_path / "台账.csv", rows)
    before = reg.read_bytes()
    out = tmp_path / "结果.csv"
    if how == "same":
        out = reg
    elif how == "symlink":
        out.symlink_to(reg)
    else:
        os.link(reg, out)
    r = cli("check", reg, *RULE, "-o", out)
    assert r.returncode == 2
    assert "is the register" in r.stderr and "-o" in r.stderr
    assert reg.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"台账.csv", out.name})


def test_output_over_the_register_is_refused_in_chinese(cli, tmp_path) -> None:
    """The refusal speaks Chinese under --lang zh."""
    reg = write_csv(tmp_path / "台账.csv", [["收到申请日期"], ["2024-02-08"]])
    r = cli("check", reg, "--rule", "20wd", "--trigger-col", "收到申请日期", "-o", reg,
            "--lang", "zh")  # fmt: skip
    assert r.returncode == 2
    assert "就是台账" in r.stderr


# ---------------------------------------------------------------- every cell, a row error

HOSTILE = [
    ["编号", "收到申请日期", "答复日期", "征求意见期间", "延期"],
    ["1", "2024-02-08", "", "", "-5"],
    ["2", "2024-02-08", "", "", "inf"],
    ["3", "2024-02-08", "", "", "1.9"],
    ["4", "2024-02-08", "", "0001-01-01..9999-12-31", ""],
    ["5", "9999-12-31T23:59-01:00", "", "", ""],
    ["6", "2024-02-08", "2024-03-13", "", ""],  # a good row among them: on time
    ["7", "2024-02-08", "", "", "二十个工作日"],
    ["8", "2024-02-08", "", "", "20个工作日"],
    ["9", "2024-02-08", "", "", "20"],
]
HOSTILE_OPTS = ("--done-col", "答复日期", "--pause-col", "征求意见期间", "--extension-col", "延期",
                "--as-of", "2024-03-01")  # fmt: skip


def test_hostile_cells_are_row_errors(cli, tmp_path) -> None:
    """-5, inf, 1.9 (never truncated), an endless pause and an out-of-range date: row errors,
    every row comes out in order, the batch goes on, exit 1."""
    reg = write_csv(tmp_path / "台账.csv", HOSTILE)
    r = cli("check", reg, *RULE, *HOSTILE_OPTS)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    got = parse_csv_text(r.stdout)
    kept(HOSTILE, got)
    errors = [result(row, 5, "error") for row in got[1:]]
    assert "'-5'" in errors[0] and "whole number" in errors[0]
    assert "'inf'" in errors[1]
    assert "'1.9'" in errors[2]
    assert "0001-01-01" in errors[3] or "9999-12-31" in errors[3]
    assert "9999-12-31T23:59-01:00" in errors[4] and "China Standard Time" in errors[4]
    assert errors[5:] == ["", "", "", ""]
    statuses = [result(row, 5, "status") for row in got[1:]]
    assert statuses == ["", "", "", "", "", "on_time", "pending", "pending", "pending"]
    dues = [result(row, 5, "due") for row in got[1:]]
    assert dues[6:] == [DUE_EXTENDED] * 3  # 20 + 20 working days, however written
    for n in (2, 3, 4, 5, 6):
        assert f"台账.csv row {n}:" in r.stderr


def test_a_cell_longer_than_the_csv_field_limit(cli, tmp_path) -> None:
    """A memo of 200,000 characters (csv's limit is 131,072) does not abort the batch."""
    import csv

    csv.field_size_limit(1 << 20)  # for this test's own reading of the output
    memo = "长" * 200_000
    rows = [["编号", "收到申请日期", "备注"], ["1", "2024-02-08", memo], ["2", "2024-02-08", ""]]
    reg = write_csv(tmp_path / "台账.csv", rows)
    out = tmp_path / "out.csv"
    r = cli("check", reg, *RULE, "-o", out)
    assert r.returncode == 0, r.stderr
    got = read_csv(out)
    kept(rows, got)
    assert got[1][2] == memo
    assert [result(row, 3, "due") for row in got[1:]] == [DUE, DUE]


def test_xlsx_true_is_no_extension(cli, tmp_path) -> None:
    """An XLSX boolean TRUE in the extension column is a row error, not a 1-day extension."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["编号", "收到申请日期", "延期"])
    ws.append(["1", dt.date(2024, 2, 8), True])
    ws.append(["2", dt.date(2024, 2, 8), 20])
    reg = tmp_path / "台账.xlsx"
    wb.save(reg)
    r = cli("check", reg, *RULE, "--extension-col", "延期", "--as-of", "2024-03-01")
    assert r.returncode == 1
    got = parse_csv_text(r.stdout)
    assert len(got) == 3
    assert got[1][:3] == ["1", "2024-02-08", "true"]
    assert "'TRUE'" in result(got[1], 3, "error")
    assert result(got[2], 3, "due") == DUE_EXTENDED


def test_xlsx_illegal_characters_are_replaced_and_noted(cli, tmp_path) -> None:
    """U+FFFF in a cell: the XLSX output still opens, the character is U+FFFD, the row says
    so, exit 0 (the register itself is untouched)."""
    openpyxl = pytest.importorskip("openpyxl")
    rows = [
        ["编号", "收到申请日期", "备注"],
        ["1", "2024-02-08", "坏\uffff字"],
        ["2", "2024-02-08", ""],
    ]
    reg = write_csv(tmp_path / "台账.csv", rows)
    out = tmp_path / "out.xlsx"
    r = cli("check", reg, *RULE, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "U+FFFD" in r.stderr
    ws = openpyxl.load_workbook(out).active
    got = [[c.value for c in row] for row in ws.iter_rows()]
    assert len(got) == 3
    assert got[1][2] == "坏\ufffd字"
    assert "U+FFFD" in got[1][3 + EN["explanation"]]
    assert "U+FFFD" not in (got[2][3 + EN["explanation"]] or "")
    assert "\uffff" in reg.read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_xlsx_cell_over_the_limit_is_cut_and_noted(cli, tmp_path, jobs) -> None:
    """A 40,000-character memo in a CSV register: an XLSX cell holds 32,767, so the plain
    workbook cuts it -- and says so in the row and the summary; the CSV output keeps it whole."""
    openpyxl = pytest.importorskip("openpyxl")
    memo = "备" * 40_000
    rows = [["编号", "收到申请日期", "备注"], ["1", "2024-02-08", memo], ["2", "2024-02-08", "短"]]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE, "-o", tmp_path / "out.xlsx", "--jobs", jobs)
    assert r.returncode == 0, r.stderr
    assert "1 rows had cells longer than XLSX holds (32,767 characters)" in r.stderr
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    got = [[c.value for c in row] for row in ws.iter_rows()]
    assert len(got) == 3
    assert got[1][2] == "备" * 32_767
    assert "column '备注' longer than an XLSX cell holds" in got[1][3 + EN["explanation"]]
    assert "longer than" not in got[2][3 + EN["explanation"]]
    r = cli("check", reg, *RULE, "-o", tmp_path / "out.csv")
    assert read_csv(tmp_path / "out.csv")[1][2] == memo
    assert "longer than" not in r.stderr


# ------------------------------------------------------------------- not done, skipped rows


def test_not_done_markers(cli, tmp_path) -> None:
    """-, —, /, 无, 未答复, 未办结 in the done, extension and pause columns mean "none"."""
    rows = [["编号", "收到申请日期", "答复日期", "征求意见期间", "延期"]]
    for i, mark in enumerate(["-", "—", "/", "无", "未答复", "未办结", ""], 1):
        rows.append([str(i), "2024-02-08", mark, mark, mark])
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE, *HOSTILE_OPTS[:-2], "--as-of", "2024-03-20")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    kept(rows, got)
    assert [result(row, 5, "status") for row in got[1:]] == ["overdue"] * 7
    assert [result(row, 5, "due") for row in got[1:]] == [DUE] * 7


def test_none_values_option(cli, tmp_path) -> None:
    """--none-values replaces the markers: 暂无 means none, and - is then a bad date."""
    rows = [
        ["编号", "收到申请日期", "答复日期"],
        ["1", "2024-02-08", "暂无"],
        ["2", "2024-02-08", "-"],
    ]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE, "--done-col", "答复日期", "--none-values", "暂无,待办",
            "--as-of", "2024-03-01")  # fmt: skip
    assert r.returncode == 1
    got = parse_csv_text(r.stdout)
    kept(rows, got)
    assert result(got[1], 3, "status") == "pending"
    assert "'-'" in result(got[2], 3, "error")


def test_blank_and_footer_rows_are_skipped(cli, tmp_path) -> None:
    """Blank rows and 合计/小计/总计/备注:/注： rows come out with status skipped; exit 0."""
    rows = [
        ["编号", "收到申请日期", "答复日期"],
        ["1", "2024-02-08", "2024-03-13"],
        [],
        ["", "", ""],
        ["合计", "", "1件"],
        ["小 计", "", ""],
        ["总计：1件", "", ""],
        ["备注：本表由办公室填报", "", ""],
        ["注：日期按收到日计", "", ""],
    ]
    reg = write_csv(tmp_path / "台账.csv", rows)
    out = tmp_path / "out.csv"
    r = cli("check", reg, *RULE, "--done-col", "答复日期", "-o", out)
    assert r.returncode == 0, r.stderr
    got = read_csv(out)
    kept(rows, got)
    assert [result(row, 3, "status") for row in got[1:]] == ["on_time"] + ["skipped"] * 7
    assert all(result(row, 3, "error") == "" for row in got[1:])
    assert "7 rows skipped" in r.stderr


def test_a_row_without_trigger_is_still_an_error(cli, tmp_path) -> None:
    """A case row whose trigger is empty is not a footer: it stays an error."""
    rows = [["编号", "收到申请日期"], ["1", ""], ["合计说明", "2024-02-08"]]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE)
    assert r.returncode == 1
    got = parse_csv_text(r.stdout)
    assert "empty" in result(got[1], 2, "error")
    assert result(got[2], 2, "status") == "pending"  # a date in the trigger: a case


# ------------------------------------------------------------------------------ XLSX shape


def _workbook(path: Path) -> Path:
    """A register as an office keeps it: a merged title, the names on row 3, a 收到申请日期
    merged over three rows, a formula without a saved value (written by a script)."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["2024年依申请公开台账"])
    ws.merge_cells("A1:D1")
    ws.append(["填报单位：办公室"])
    ws.append(["编号", "收到申请日期", "答复日期", "备注"])
    ws.append(["1", dt.date(2024, 2, 8), dt.date(2024, 3, 13), "=LEN(A4)"])
    ws.append(["2", None, dt.date(2024, 3, 14), None])
    ws.append(["3", None, "=B6+20", None])
    ws.merge_cells("B4:B6")
    ws.append(["4", dt.date(2024, 2, 8), None, None])
    wb.save(path)
    return path


def test_xlsx_merged_cells_header_search_and_formulas(cli, tmp_path) -> None:
    """The header is found on row 3; the merged date is each row's; the formula without a value
    is kept as text, and in the done column it is a row error that says what to do."""
    reg = _workbook(tmp_path / "台账.xlsx")
    r = cli("check", reg, *RULE, "--done-col", "答复日期", "--as-of", "2024-03-01")
    assert r.returncode == 1
    got = parse_csv_text(r.stdout)
    assert len(got) == 7  # 2 title rows, the header, 4 cases
    assert got[0][0] == "2024年依申请公开台账" and got[1][0] == "填报单位：办公室"
    assert got[2][:4] == ["编号", "收到申请日期", "答复日期", "备注"]
    cases = got[3:]
    assert [c[0] for c in cases] == ["1", "2", "3", "4"]
    assert [c[1] for c in cases] == ["2024-02-08"] * 4  # the merged value in every row
    assert cases[0][3] == "'=LEN(A4)"  # formula text kept, made safe
    assert [result(c, 4, "status") for c in cases] == ["on_time", "late", "", "pending"]
    assert "merged cell B4" in result(cases[1], 4, "explanation")
    assert "merged cell B4" not in result(cases[0], 4, "explanation")
    error = result(cases[2], 4, "error")
    assert "formula without a saved value" in error and "=B6+20" in error
    assert "open and save the file in Excel/WPS, or export CSV" in error
    assert "台账.xlsx [台账] row 6:" in r.stderr


def test_xlsx_formula_message_in_chinese(cli, tmp_path) -> None:
    """The formula error speaks Chinese under --lang zh."""
    reg = _workbook(tmp_path / "台账.xlsx")
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "--done-col", "答复日期", "--lang", "zh")  # fmt: skip
    assert r.returncode == 1
    assert "没有保存计算结果的公式" in r.stderr and "导出为 CSV" in r.stderr


def test_zip_bomb_is_a_clear_error(cli, tmp_path) -> None:
    """A sheet part that decompresses 1000 times over is refused, quickly, exit 2."""
    reg = tmp_path / "bomb.xlsx"
    good = _workbook(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(reg, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 << 20))
            dst.writestr(info.filename, data)
    assert reg.stat().st_size < 1 << 20
    r = cli("check", reg, *RULE, timeout=30)
    assert r.returncode == 2
    assert "bomb.xlsx" in r.stderr and "would decompress" in r.stderr and "export CSV" in r.stderr
    assert r.raw == b""


# ------------------------------------------------------------------------ columns and dates


def test_header_found_below_title_rows_in_csv(cli, tmp_path) -> None:
    """Names on row 3 after two title rows: found without --header-row; the titles are kept."""
    rows = [["2024年台账"], ["（单位：件）"], ["编号", "收到申请日期"], ["1", "2024-02-08"]]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE)
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert got[:2] == [["2024年台账"], ["（单位：件）"]]
    assert got[2][:3] == ["编号", "收到申请日期", "due"]
    assert result(got[3], 2, "due") == DUE


def test_ambiguous_column_is_refused_with_its_positions(cli, tmp_path) -> None:
    """Two columns named 收到申请日期: --trigger-col is refused, naming both positions."""
    rows = [
        ["编号", "收到申请日期", "答复日期", "收到申请日期"],
        ["1", "2024-02-08", "", "2024-02-09"],
    ]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE)
    assert r.returncode == 2
    assert "2 columns named '收到申请日期'" in r.stderr and "2 (B), 4 (D)" in r.stderr
    assert r.raw == b""


def test_appended_columns_never_repeat_a_register_name(cli, tmp_path) -> None:
    """A register with its own 'status' and 'due' columns gets status_2 and due_2."""
    rows = [["编号", "收到申请日期", "status", "due"], ["1", "2024-02-08", "已办", "x"]]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE)
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert got[0][:6] == ["编号", "收到申请日期", "status", "due", "due_2", "status_2"]
    assert got[0][6:] == COLUMNS_EN[2:]
    assert got[1][:4] == rows[1]
    assert result(got[1], 4, "due") == DUE


def test_dates_people_type(cli, tmp_path) -> None:
    """Six ways of writing 2024-02-08 (one at 16:45) all give the due date 2024-03-13;
    08/02/2024 and Arabic-Indic digits are refused."""
    typed = ["2024年2月8日星期四", "2024年2月8日（周四）", "2024 年 2 月 8 日",
             "2024/2/8 下午 4:45", "二〇二四年二月八日", "'2024-02-08", "08/02/2024",
             "٢٠٢٤-٠٢-٠٨"]  # fmt: skip
    rows = [["编号", "收到申请日期"]] + [[str(i), d] for i, d in enumerate(typed, 1)]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE)
    assert r.returncode == 1
    got = parse_csv_text(r.stdout)
    assert len(got) == len(rows)
    dues = [result(row, 2, "due") for row in got[1:]]
    assert dues[:6] == [DUE] * 6
    assert "ambiguous" in result(got[7], 2, "error")
    assert "cannot read" in result(got[8], 2, "error")
    assert [row[1] for row in got[1:]] == [*typed[:5], "'2024-02-08", *typed[6:]]
