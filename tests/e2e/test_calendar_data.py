"""The yearly procedure as a user runs it: import a notice, check what was understood, load it;
plus ``calendar info`` (provenance, fingerprint) and ``--region``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# An invented 2027 notice in the State Council's style -- NOT the real arrangement -- so the
# test shows a year beyond the bundled data being added from text alone. Its dates are real
# calendar facts: 2027-01-01 is a Friday; 正月初一 2027 is Saturday 2/6, so 除夕 is Friday 2/5 and
# 正月初七 Friday 2/12; 2/14 is a Sunday and 2/20 a Saturday.
NOTICE_2027 = """\
打印本页  关闭窗口
国务院办公厅关于2027年部分节假日安排的通知

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。

一、元旦：1月1日（周五）至3日（周日）放假，共3天。

二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。\
2月14日（周日）、2月20日（周六）上班。

国务院办公厅
2026年11月20日
"""


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "2027.txt"
    path.write_text(NOTICE_2027, encoding="utf-8")
    return path


def test_import_writes_the_year_and_prints_each_day(cli, notice, tmp_path) -> None:
    """calendar import prints the days it understood and writes a holiday-cn file."""
    out = tmp_path / "2027.json"
    r = cli("calendar", "import", notice, "-o", out, "--lang", "zh")
    assert r.returncode == 0, r.stderr
    assert "2027-02-05 周五 春节 放假" in r.stdout
    assert "2027-02-20 周六 春节 上班" in r.stdout
    data = json.loads(out.read_text("utf-8"))
    assert data["year"] == 2027
    days = {d["date"]: d["isOffDay"] for d in data["days"]}
    # 2/5..2/12 off (8 days), 2/14 and 2/20 working, 1/1..1/3 off
    assert [d for d, off in days.items() if off and d.startswith("2027-02")] == [
        f"2027-02-{n:02d}" for n in range(5, 13)
    ]
    assert days["2027-02-14"] is False and days["2027-02-20"] is False


def test_imported_year_is_used_with_calendar(cli, notice, tmp_path) -> None:
    """The written file loads with --calendar and moves deadlines in 2027."""
    out = tmp_path / "2027.json"
    assert cli("calendar", "import", notice, "-o", out).returncode == 0
    # Without the year: an error naming 2027 and how to load it.
    r = cli("add", "2027-02-04", "1")
    assert r.returncode == 1 and "2027" in r.stderr and "--calendar" in r.stderr
    # Thu 2/4; 2/5-2/12 off; 2/13 Sat off; Sun 2/14 make-up workday (1)
    r = cli("add", "2027-02-04", "1", "--calendar", out)
    assert (r.returncode, r.stdout) == (0, "2027-02-14\n")


def test_import_without_output_writes_json_to_stdout(cli, notice) -> None:
    """Without -o the JSON goes to stdout and the day list to stderr."""
    r = cli("calendar", "import", notice)
    assert r.returncode == 0
    assert json.loads(r.stdout)["year"] == 2027
    assert "2027-02-12" in r.stderr


def test_invalid_notice_writes_nothing_and_quotes_the_sentence(cli, notice, tmp_path) -> None:
    """A wrong weekday annotation fails the import, quoting the sentence; no file is written."""
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTICE_2027.replace("2月14日（周日）", "2月14日（周一）"), encoding="utf-8")
    out = tmp_path / "bad.json"
    r = cli("calendar", "import", bad, "-o", out)
    assert r.returncode == 1
    assert "2月14日（周一）" in r.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2027.txt", "bad.txt"]  # no temp files


def test_info_lists_sources_and_fingerprint(cli, notice, tmp_path) -> None:
    """calendar info names the bundled data, the errata, a loaded file (with its digest)."""
    out = tmp_path / "2027.json"
    assert cli("calendar", "import", notice, "-o", out).returncode == 0
    r = cli("calendar", "info", "--json", "--calendar", out)
    assert r.returncode == 0
    info = json.loads(r.stdout)
    assert len(info["fingerprint"]) == 12
    assert info["years"]["2027"][0]["label"] == "2027.json"
    assert info["years"]["2027"][0]["sha256"]
    assert [s["label"] for s in info["years"]["2005"]][1] == "errata.json"
    plain = cli("calendar", "info").stdout
    assert "chinese-calendar" in plain and "fingerprint" in plain
    # the fingerprint changes with the data loaded
    assert info["fingerprint"] not in plain


def test_results_carry_the_fingerprint(cli) -> None:
    """due --json reports the calendar fingerprint that calendar info shows."""
    fingerprint = json.loads(cli("calendar", "info", "--json").stdout)["fingerprint"]
    r = cli("due", "ogi.request.reply", "2024-02-08", "--json")
    assert json.loads(r.stdout)["calendar"] == fingerprint


def test_region_adds_its_days_off(cli) -> None:
    """--region 广西: 壮族三月三 2024 (Thu 4/11, Fri 4/12) is off there, not nationally."""
    # Wed 4/10 + 1: 4/11 (1) nationally; in 广西 4/11-12 off, weekend, Mon 4/15 (1)
    assert cli("add", "2024-04-10", "1").stdout == "2024-04-11\n"
    assert cli("add", "2024-04-10", "1", "--region", "广西").stdout == "2024-04-15\n"
    r = cli("is-workday", "2024-04-11", "--region", "CN-GX")
    assert r.stdout.startswith("false holiday 壮族三月三")


def test_region_year_without_data_is_an_error(cli) -> None:
    """A region's year without overlay data is an error naming the region, not a national guess."""
    r = cli("add", "2025-04-10", "1", "--region", "宁夏")
    assert r.returncode == 1
    assert "宁夏" in r.stderr and "2025" in r.stderr
