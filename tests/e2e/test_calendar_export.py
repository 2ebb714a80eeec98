"""``gov-deadlines calendar export`` as a user runs it: every format to a file and to stdout, the
summary on stderr, provisional rows, and the refusals (each in zh and en, never a traceback)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import read_csv


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and 'File "' not in stderr, stderr


def test_csv_file_of_the_whole_coverage(cli, tmp_path):
    """-o x.csv writes every loaded day (2004-2026: 8401 rows), no BOM, and the summary names
    the range, the counts and the fingerprint that calendar info reports."""
    out = tmp_path / "日历.csv"
    r = cli("calendar", "export", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.raw == b""
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 8402
    rows = read_csv(out)
    assert rows[0] == ["date", "kind", "name", "workday", "workday_seq", "source", "provisional"]
    assert (rows[1][0], rows[-1][0], len(rows)) == ("2004-01-01", "2026-12-31", 8402)
    fingerprint = json.loads(cli("calendar", "info", "--json").stdout)["fingerprint"]
    assert "calendar 2004-01-01 to 2026-12-31: 8401 days" in r.stderr
    assert fingerprint in r.stderr and "written to" in r.stderr


def test_csv_on_stdout_and_for_excel(cli):
    """No -o: CSV on stdout; --excel starts it with the byte order mark."""
    r = cli("calendar", "export", "--from", "2024-02-09", "--to", "2024-02-10")
    assert r.returncode == 0, r.stderr
    assert r.raw == (
        b"date,kind,name,workday,workday_seq,source,provisional\r\n"
        b"2024-02-09,workday,,true,1,chinese-calendar 1.11.0,false\r\n"
        + "2024-02-10,holiday,春节,false,1,chinese-calendar 1.11.0,false\r\n".encode()
    )
    excel = cli("calendar", "export", "--from", "2024-02-09", "--to", "2024-02-10", "--excel")
    assert excel.raw == b"\xef\xbb\xbf" + r.raw


def test_json_summary_on_stderr(cli):
    """--json: the summary is one JSON object on stderr, stdout keeps the data."""
    r = cli("calendar", "export", "--from", "2024-10-01", "--to", "2024-10-31", "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stderr)
    assert summary["format"] == "csv" and summary["output"] is None
    assert (summary["from"], summary["to"], summary["total_workdays"]) == (
        "2024-10-01", "2024-10-31", 19  # 10/1-7 off; 10/8-31: 24 days less 13, 19, 20, 26, 27
                                        # (Saturday 10/12 上班)
    )  # fmt: skip
    assert len(list(csv.reader(io.StringIO(r.stdout)))) == 32


def test_json_format(cli, tmp_path):
    """--format json on stdout and -o x.json give the same document."""
    r = cli("calendar", "export", "--format", "json", "--from", "2024-02-01", "--to", "2024-02-29")
    doc = json.loads(r.stdout)
    assert doc["days"][9]["name"] == "春节" and doc["total_workdays"] == 18
    out = tmp_path / "feb.json"
    cli("calendar", "export", "-o", out, "--from", "2024-02-01", "--to", "2024-02-29")
    assert json.loads(out.read_text("utf-8")) == doc


def test_sql_file_loads_in_sqlite(cli, tmp_path):
    """The .sql file loads into SQLite and answers 'the 20th working day after 2024-02-08'."""
    out = tmp_path / "calendar.sql"
    r = cli("calendar", "export", "-o", out)
    assert r.returncode == 0, r.stderr
    db = sqlite3.connect(":memory:")
    db.executescript(out.read_text("utf-8"))
    (due,) = db.execute(
        "SELECT MIN(cal_date) FROM gov_deadlines_calendar WHERE workday_seq ="
        " (SELECT workday_seq FROM gov_deadlines_calendar WHERE cal_date = '2024-02-08') + 20"
    ).fetchone()
    assert due == cli("add", "2024-02-08", "20").stdout.strip() == "2024-03-13"


def test_ics_file(cli, tmp_path):
    """A .ics file: CRLF lines of at most 75 octets, 休 and 班 events."""
    out = tmp_path / "holidays.ics"
    r = cli("calendar", "export", "-o", out, "--from", "2024-01-01", "--to", "2024-12-31")
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert all(len(line) <= 75 and b"\n" not in line for line in lines)
    text = data.decode("utf-8")
    # 2024: 元旦 1 + 春节 8 + 清明 3 + 劳动节 5 + 端午 1 + 中秋 3 + 国庆 7 days off (the weekends
    # joined to 元旦 and 端午 stay weekends); 班: 2/4, 2/18, 4/7, 4/28, 5/11, 9/14, 9/29, 10/12.
    assert text.count("SUMMARY:休 ") == 28 and text.count("SUMMARY:班 ") == 8


def test_provisional_rows_with_unknown_years_weekends(cli):
    """Beyond the loaded years: an error by default; with --unknown-years weekends the rows of
    2027 are provisional and the summary says so."""
    r = cli("calendar", "export", "--from", "2026-12-30", "--to", "2027-01-04")
    assert r.returncode == 1 and r.raw == b""
    assert "2027" in r.stderr and "--unknown-years weekends" in r.stderr
    no_traceback(r.stderr)
    r = cli(
        "calendar", "export", "--from", "2026-12-30", "--to", "2027-01-04",
        "--unknown-years", "weekends",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["date"], x["provisional"]) for x in rows] == [
        ("2026-12-30", "false"), ("2026-12-31", "false"), ("2027-01-01", "true"),
        ("2027-01-02", "true"), ("2027-01-03", "true"), ("2027-01-04", "true"),
    ]  # fmt: skip
    assert "provisional" in r.stderr


def test_zh_summary(cli):
    """Under a Chinese locale the summary is Chinese."""
    r = cli("calendar", "export", "--from", "2024-02-01", "--to", "2024-02-29", lang="zh_CN.UTF-8")
    assert "日历 2024-02-01 至 2024-02-29：共29天，其中工作日18天" in r.stderr


@pytest.mark.parametrize(
    ("args", "en", "zh"),
    [
        (["--from", "2024-03-01", "--to", "2024-02-01"], "is before", "早于"),
        (["-o", "x.xlsx"], "unsupported extension", "不受支持"),
        (["-o", "x.csv", "--format", "json"], "another format", "不一致"),
        (["--format", "json", "--excel"], "--excel applies to CSV", "只用于 CSV"),
        (["--from", "2024-02-30"], "--from", "--from"),
        (["stray.csv"], "-o FILE", "-o"),
        (["-o", "no/such/dir/x.csv"], "does not exist", "不存在"),
    ],
)
def test_usage_errors(cli, tmp_path, args, en, zh):
    """A wrong option is a usage error (exit 2) in the user's language, nothing written."""
    for lang, word in (("C.UTF-8", en), ("zh_CN.UTF-8", zh)):
        r = cli("calendar", "export", *args, cwd=tmp_path, lang=lang)
        assert r.returncode == 2, (args, r.stderr)
        assert word in r.stderr and r.raw == b""
        no_traceback(r.stderr)
    assert list(tmp_path.iterdir()) == []


def test_export_options_elsewhere_are_refused(cli):
    """--from on the month grid would be ignored: it is refused instead."""
    r = cli("calendar", "2024-02", "--from", "2024-02-01")
    assert r.returncode == 2 and "--from is for calendar export only" in r.stderr


def test_never_overwrites_its_input(cli, tmp_path):
    """-o naming a --calendar file is refused and the file stays as it was."""
    year = tmp_path / "2027.json"
    original = '{"year": 2027, "papers": [], "days": []}'
    year.write_text(original, encoding="utf-8")
    r = cli("calendar", "export", "--calendar", year, "-o", year)
    assert r.returncode == 2 and "never overwritten" in r.stderr
    assert year.read_text("utf-8") == original
    link = tmp_path / "same.json"
    link.symlink_to(year)
    r = cli("calendar", "export", "--calendar", year, "-o", link)
    assert r.returncode == 2 and year.read_text("utf-8") == original


def test_replaces_an_older_export(cli, tmp_path):
    """An existing output is replaced whole (written under a temporary name, then renamed)."""
    out = tmp_path / "cal.csv"
    out.write_text("old\n", encoding="utf-8")
    r = cli("calendar", "export", "-o", out, "--from", "2024-01-01", "--to", "2024-01-31")
    assert r.returncode == 0, r.stderr
    assert out.read_text("utf-8").startswith("date,kind")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.csv"]


def test_help_lists_export(cli):
    """calendar --help names export and its options."""
    r = cli("calendar", "--help")
    assert "export" in r.stdout and "--from" in r.stdout and "--format" in r.stdout


def test_regional_export_names_the_region(cli, tmp_path):
    """--region CN-GX: the metadata gives the region, the rows the overlay's days."""
    out = tmp_path / "gx.json"
    r = cli(
        "calendar", "export", "--region", "CN-GX", "--from", "2024-04-01", "--to", "2024-04-30",
        "-o", out,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    doc = json.loads(Path(out).read_text("utf-8"))
    assert doc["region"] == "广西"
    assert [d["date"] for d in doc["days"] if d["name"] == "壮族三月三"] == [
        "2024-04-11", "2024-04-12"
    ]  # fmt: skip
