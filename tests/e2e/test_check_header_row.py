"""Registers with a title row above the column names (--header-row)."""

from __future__ import annotations

from .conftest import read_csv, write_csv

TITLED = [
    ["2024年依申请公开台账"],
    ["序号", "收到申请日期", "答复日期"],
    ["1", "2024-02-08", "2024-03-14"],
    ["2", "2024/9/27", "2024-10-30"],
]


def test_title_row_without_header_row_gets_a_hint(cli, tmp_path) -> None:
    """A name found in none of the first rows: the error says the first row looks like a
    title and how to point at the header. (A name that is there is found: issue 9.)"""
    reg = write_csv(tmp_path / "台账.csv", TITLED)
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到日期")
    assert r.returncode == 2
    assert "--header-row" in r.stderr


def test_header_row_reads_below_the_title_and_keeps_it(cli, tmp_path) -> None:
    """--header-row 2 finds the columns; the title row comes out first, unchanged."""
    reg = write_csv(tmp_path / "台账.csv", TITLED)
    out = tmp_path / "out.csv"
    r = cli(
        "check",
        reg,
        "--rule",
        "ogi.request.reply",
        "--trigger-col",
        "收到申请日期",
        "--done-col",
        "答复日期",
        "--header-row",
        "2",
        "-o",
        out,
        "--lang",
        "en",
    )
    assert r.returncode == 0, r.stderr
    rows = read_csv(out)
    assert rows[0] == ["2024年依申请公开台账"]
    assert rows[1][:3] == ["序号", "收到申请日期", "答复日期"] and rows[1][3] == "due"
    # 2024-02-08 + 20 working days = 2024-03-13 (春节 2/10-2/17 skipped, 2/18 counted): late
    assert rows[2][3:5] == ["2024-03-13", "late"]
    # 2024-09-27 + 20: 9/29 (Sun, 调休) 1, 9/30 2, 10/1-10/7 off, 10/8-11 (3-6),
    # 10/12 (Sat, 调休) 7, 10/14-18 (8-12), 10/21-25 (13-17), 10/28-30 (18-20): due 10/30,
    # answered 10/30: on time
    assert rows[3][3:5] == ["2024-10-30", "on_time"]
    assert len(rows) == 4
