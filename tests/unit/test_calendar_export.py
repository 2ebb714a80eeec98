"""The calendar export's writers (io/calendar_export.py), each read back by an independent reader:
``csv``, ``json``, ``sqlite3``, the ``icalendar`` package and a strict RFC 5545 reader below."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from gov_deadlines import WorkCalendar
from gov_deadlines.calendar.table import DateTable, date_table
from gov_deadlines.errors import InvalidArgument, RegisterError
from gov_deadlines.io.calendar_export import (
    calendar_csv,
    calendar_ics,
    calendar_json,
    calendar_sql,
    export_calendar,
    export_format,
)

CAL = WorkCalendar.default()
D = dt.date
STAMP = dt.datetime(2026, 12, 5, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
HEADER = ["date", "kind", "name", "workday", "workday_seq", "source", "provisional"]


@pytest.fixture(scope="module")
def feb() -> DateTable:
    return date_table(CAL, D(2024, 2, 1), D(2024, 2, 29))


@pytest.fixture(scope="module")
def everything() -> DateTable:
    return date_table(CAL)


def odd_calendar(tmp_path: Path) -> WorkCalendar:
    """A 2027 file whose name and holiday names hold quotes, commas, semicolons and long
    Chinese text: the characters each format must escape."""
    name = (
        "O'Brien, 2027; 国务院办公厅关于二〇二七年部分节假日安排的通知（模拟数据，非真实安排）.json"
    )
    path = tmp_path / name
    days = [
        {"name": '元旦, 新年; "假"', "date": "2027-01-01", "isOffDay": True},
        {"name": "很长的节日名称" * 6, "date": "2027-01-04", "isOffDay": True},
        {"name": "调休", "date": "2027-01-09", "isOffDay": False},
    ]
    path.write_text(json.dumps({"year": 2027, "papers": [], "days": days}), encoding="utf-8")
    return CAL.with_years(path)


# -- format choice -------------------------------------------------------------------------------


def test_format_from_extension_or_option():
    """-o's extension picks the format, --format overrides an unknown one, stdout is CSV."""
    assert [export_format(p) for p in ("a.CSV", "b.json", "c.sql", "d.ics")] == [
        "csv", "json", "sql", "ics"
    ]  # fmt: skip
    assert export_format(None) == "csv"
    assert export_format(None, "ics") == "ics"
    assert export_format("calendar.txt", "sql") == "sql"


def test_format_contradicting_the_extension_is_refused():
    """-o x.csv --format json is a contradiction, not a guess."""
    with pytest.raises(RegisterError, match="extension says another format"):
        export_format("x.csv", "json")


def test_unknown_extension_is_refused():
    """An extension that names no export format says which ones exist."""
    with pytest.raises(RegisterError, match=r"\.csv, \.json, \.sql, \.ics"):
        export_format("calendar.xlsx")
    with pytest.raises(RegisterError, match="none"):
        export_format("calendar")


# -- CSV -----------------------------------------------------------------------------------------


def test_csv_reads_back_row_for_row(feb):
    """The csv module reads the header and one record per day with the table's values."""
    text = calendar_csv(feb)
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == HEADER
    source = "chinese-calendar 1.11.0"
    assert records[4] == ["2024-02-04", "makeup_workday", "春节", "true", "3", source, "false"]
    assert records[10] == ["2024-02-10", "holiday", "春节", "false", "8", source, "false"]
    assert records[1][2] == ""  # an ordinary day has no name
    assert len(records) == 1 + 29


def test_csv_lines_end_crlf_without_bom(feb):
    """RFC 4180: CRLF after every record; no byte order mark unless asked for."""
    text = calendar_csv(feb)
    assert not text.startswith("\ufeff")
    assert text.count("\r\n") == 30 and "\n" not in text.replace("\r\n", "")
    assert calendar_csv(feb, bom=True) == "\ufeff" + text


def test_csv_quotes_what_needs_quoting(tmp_path):
    """A file name with a comma and a quote stays one cell."""
    table = date_table(odd_calendar(tmp_path), D(2027, 1, 1), D(2027, 1, 1))
    records = list(csv.reader(io.StringIO(calendar_csv(table), newline="")))
    assert records[1][2] == '元旦, 新年; "假"'
    assert records[1][5].startswith("O'Brien, 2027; 国务院办公厅")


# -- JSON ----------------------------------------------------------------------------------------


def test_json_holds_metadata_and_days(feb):
    """One object: range, fingerprint, region, sources, then a row object per day."""
    data = json.loads(calendar_json(feb))
    assert (data["from"], data["to"], data["fingerprint"]) == (
        "2024-02-01",
        "2024-02-29",
        CAL.fingerprint,
    )
    assert data["region"] is None and data["unknown_years"] == "error"
    assert data["total_days"] == 29 and data["total_workdays"] == 18
    assert [s["label"] for s in data["sources"]] == ["chinese-calendar 1.11.0"]
    assert data["columns"] == HEADER
    assert data["days"][17] == {
        "date": "2024-02-18", "kind": "makeup_workday", "name": "春节", "workday": True,
        "workday_seq": 9, "source": "chinese-calendar 1.11.0", "provisional": False,
    }  # fmt: skip
    assert data["days"][0]["name"] is None
    assert data["provisional"] is False


# -- SQL -----------------------------------------------------------------------------------------


def load_sql(text: str) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(text)
    return db


def test_sql_loads_in_sqlite(everything):
    """The whole coverage loads into SQLite: one row per day, the metadata in the info table."""
    db = load_sql(calendar_sql(everything))
    assert db.execute("SELECT COUNT(*), SUM(workday) FROM gov_deadlines_calendar").fetchone() == (
        8401, everything.workdays
    )  # fmt: skip
    info = dict(
        db.execute("SELECT item, detail FROM gov_deadlines_calendar_info WHERE item <> 'source'")
    )
    assert info["fingerprint"] == CAL.fingerprint
    assert (info["from"], info["to"], info["region"]) == ("2004-01-01", "2026-12-31", "national")
    sources = db.execute(
        "SELECT detail FROM gov_deadlines_calendar_info WHERE item = 'source' ORDER BY seq"
    )
    assert [s for (s,) in sources] == ["chinese-calendar 1.11.0", "errata.json"]


def test_sql_answers_the_two_questions(everything):
    """Working days between two dates, and the 20th working day after 2024-02-08 (2024-03-13,
    the README's example: 2/9, 2/18-2/23, 2/26-3/1, 3/4-3/8, 3/11-3/13 are the 20)."""
    db = load_sql(calendar_sql(everything))
    between = db.execute(
        "SELECT b.workday_seq - a.workday_seq"
        " FROM gov_deadlines_calendar a, gov_deadlines_calendar b"
        " WHERE a.cal_date = '2024-02-08' AND b.cal_date = '2024-02-19'"
    ).fetchone()
    assert between == (3,)  # 2/9, 2/18, 2/19
    nth = db.execute(
        "SELECT MIN(cal_date) FROM gov_deadlines_calendar WHERE workday_seq ="
        " (SELECT workday_seq FROM gov_deadlines_calendar WHERE cal_date = '2024-02-08') + 20"
    ).fetchone()
    assert nth == ("2024-03-13",)


def test_sql_keeps_quotes_and_long_names(tmp_path):
    """Quotes are doubled, commas and semicolons inside a literal are text, and a name longer
    than the default width widens its column."""
    table = date_table(odd_calendar(tmp_path), D(2027, 1, 1), D(2027, 1, 10))
    text = calendar_sql(table)
    db = load_sql(text)
    rows = dict(
        db.execute("SELECT cal_date, name FROM gov_deadlines_calendar WHERE name IS NOT NULL")
    )
    assert rows["2027-01-01"] == '元旦, 新年; "假"'
    assert rows["2027-01-04"] == "很长的节日名称" * 6
    (source,) = db.execute("SELECT DISTINCT source FROM gov_deadlines_calendar").fetchone()
    assert source.startswith("O'Brien, 2027;")
    assert "name VARCHAR(64)" in text  # 42 characters fit the default width


def test_sql_uses_only_portable_syntax(feb):
    """No vendor syntax: no backquotes, no double-quoted identifiers, no AUTO_INCREMENT/SERIAL,
    no TEXT type; statements end with a semicolon."""
    text = calendar_sql(feb)
    code = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    assert "`" not in code and '"' not in code
    for word in ("AUTO_INCREMENT", "SERIAL", " TEXT", "IF NOT EXISTS", "ENGINE", "PRAGMA"):
        assert word not in code
    assert code.count("INSERT INTO") == 2  # 29 rows: one batch, and the info table


def test_sql_batches_of_500(everything):
    """8401 days go in as 17 INSERT statements of at most 500 rows (and one for the info)."""
    text = calendar_sql(everything)
    inserts = re.findall(r"INSERT INTO gov_deadlines_calendar \(.*?\) VALUES\n(.*?);\n", text, re.S)
    assert [len(v.split("\n")) for v in inserts] == [500] * 16 + [401]


def test_sql_refuses_a_backslash(tmp_path):
    """A backslash means an escape to MySQL and itself to the others: refused, not guessed."""
    path = tmp_path / "a\\b.json"
    path.write_text('{"year": 2027, "papers": [], "days": []}', encoding="utf-8")
    table = date_table(CAL.with_years(path), D(2027, 1, 1), D(2027, 1, 1))
    with pytest.raises(RegisterError, match="backslash"):
        calendar_sql(table)


def test_sql_header_states_the_metadata(feb):
    """The comments on top give range, fingerprint, region and sources."""
    head = [line for line in calendar_sql(feb).splitlines() if line.startswith("-- ")]
    assert "-- range: 2024-02-01 to 2024-02-29 (29 days, 18 working days)" in head
    assert f"-- fingerprint: {CAL.fingerprint}" in head
    assert "-- region: national" in head
    assert "-- source: chinese-calendar 1.11.0 (bundled)" in head


# -- iCalendar: a strict reader of our own ------------------------------------------------------


def read_ics(text: str) -> tuple[list[tuple[str, dict[str, str], str]], str]:
    """Content lines as (name, params, value) after checking the octet-level rules: CRLF only,
    at most 75 octets a line, continuation lines start with one space. Returns the unfolded
    text too."""
    assert text.endswith("\r\n")
    raw = text.encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical), max(physical, key=len)
    logical: list[bytes] = []
    for line in physical:
        if line.startswith((b" ", b"\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    out = []
    for line in logical:
        s = line.decode("utf-8")  # a fold never splits a character
        head, _, value = s.partition(":")
        name, *params = head.split(";")
        assert re.fullmatch(r"[A-Z][A-Z0-9-]*", name), name
        out.append((name, dict(p.split("=", 1) for p in params), value))
    return out, b"\r\n".join(logical).decode("utf-8")


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def events(lines: list[tuple[str, dict[str, str], str]]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for name, params, value in lines:
        if (name, value) == ("BEGIN", "VEVENT"):
            current = {}
        elif (name, value) == ("END", "VEVENT"):
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            assert name not in current, f"{name} twice in one event"
            current[name] = value
            if name in ("DTSTART", "DTEND"):
                assert params == {"VALUE": "DATE"}
    return found


def test_ics_is_well_formed(feb):
    """VCALENDAR with VERSION, PRODID and a name; lines CRLF, folded at 75 octets."""
    lines, _ = read_ics(calendar_ics(feb, stamp=STAMP))
    assert lines[0] == ("BEGIN", {}, "VCALENDAR") and lines[-1] == ("END", {}, "VCALENDAR")
    props = {name: value for name, _, value in lines[:20]}
    assert props["VERSION"] == "2.0"
    assert props["PRODID"].startswith("-//gov-deadlines//")
    assert props["X-WR-CALNAME"] == "中国节假日与调休"
    assert props["X-GOV-DEADLINES-RANGE"] == "2024-02-01/2024-02-29"
    assert props["X-GOV-DEADLINES-FINGERPRINT"] == CAL.fingerprint
    assert props["X-GOV-DEADLINES-REGION"] == "national"
    assert "fingerprint: " + CAL.fingerprint in unescape(props["X-WR-CALDESC"])


def test_ics_events_are_the_notice(feb):
    """2024-02: 班 on 2/4 and 2/18, 休 on 2/10..2/17, each an all-day event of one day."""
    found = events(read_ics(calendar_ics(feb, stamp=STAMP))[0])
    got = [(e["DTSTART"], e["DTEND"], unescape(e["SUMMARY"])) for e in found]
    assert got == [
        ("20240204", "20240205", "班 春节"),
        *[(f"202402{d:02d}", f"202402{d + 1:02d}", "休 春节") for d in range(10, 18)],
        ("20240218", "20240219", "班 春节"),
    ]
    assert {e["DTSTAMP"] for e in found} == {"20261205T003000Z"}  # 08:30 in Beijing, in UTC


def test_ics_uids_are_unique_and_stable(everything):
    """Every event has its own UID, and a later export (another stamp) gives the same ones."""
    first = [e["UID"] for e in events(read_ics(calendar_ics(everything, stamp=STAMP))[0])]
    later = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    second = [e["UID"] for e in events(read_ics(calendar_ics(everything, stamp=later))[0])]
    assert len(set(first)) == len(first) > 700
    assert first == second
    assert first[0] == "20040101.cn@gov-deadlines"


def test_ics_escapes_and_folds_text(tmp_path):
    """Commas, semicolons and quotes in a name are escaped; a 42-character name in UTF-8 is
    folded between characters; a regional calendar gets UIDs of its own."""
    table = date_table(odd_calendar(tmp_path), D(2027, 1, 1), D(2027, 1, 10))
    lines, _ = read_ics(calendar_ics(table, stamp=STAMP))
    summaries = [unescape(e["SUMMARY"]) for e in events(lines)]
    # 1/1 Fri off, 1/4 Mon off: the weekend between is part of the break, named after 1/1.
    assert summaries == ['休 元旦, 新年; "假"'] * 3 + ["休 " + "很长的节日名称" * 6, "班 调休"]
    sources = [unescape(v) for n, _, v in lines if n == "X-GOV-DEADLINES-SOURCE"]
    assert sources[-1].startswith("O'Brien, 2027; 国务院办公厅")
    gx = date_table(WorkCalendar.default(region="CN-GX"), D(2024, 4, 11), D(2024, 4, 11))
    (event,) = events(read_ics(calendar_ics(gx, stamp=STAMP))[0])
    assert event["UID"] == "20240411.cn-gx@gov-deadlines"
    assert unescape(event["SUMMARY"]) == "休 壮族三月三"


def test_ics_marks_provisional_days(tmp_path):
    """A listed day of a year that is not loaded is shown, marked 临时."""
    cal = WorkCalendar.default(unknown_years="weekends")
    table = date_table(cal, D(2027, 2, 1), D(2027, 2, 28))
    lines, _ = read_ics(calendar_ics(table, stamp=STAMP))
    assert events(lines) == []  # no data: no day off is made up
    assert ("X-GOV-DEADLINES-PROVISIONAL", {}, "TRUE") in lines


def test_ics_needs_an_aware_stamp(feb):
    """DTSTAMP is UTC: a naive datetime would be a guess."""
    with pytest.raises(InvalidArgument):
        calendar_ics(feb, stamp=dt.datetime(2026, 12, 5))
    with pytest.raises(InvalidArgument):
        export_calendar(feb, "ics")


def test_ics_reads_in_the_icalendar_package(everything):
    """The icalendar package (RFC 5545) reads every event back with the same dates."""
    icalendar = pytest.importorskip("icalendar")
    text = calendar_ics(everything, stamp=STAMP)
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["X-WR-CALNAME"]) == "中国节假日与调休"
    parsed = [
        (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in cal.walk("VEVENT")
    ]
    expected = [
        (r.date, r.date + dt.timedelta(days=1), ("休 " if r.kind == "holiday" else "班 ") + r.name)
        for r in everything.rows
        if r.kind in ("holiday", "makeup_workday") and r.name
    ]
    assert parsed == expected
    assert cal.to_ical().count(b"BEGIN:VEVENT") == len(expected)


# -- dispatch ------------------------------------------------------------------------------------


def test_export_calendar_dispatches(feb):
    """export_calendar(fmt) is the format's own function."""
    assert export_calendar(feb, "csv", bom=True) == calendar_csv(feb, bom=True)
    assert export_calendar(feb, "json") == calendar_json(feb)
    assert export_calendar(feb, "sql") == calendar_sql(feb)
    assert export_calendar(feb, "ics", stamp=STAMP) == calendar_ics(feb, stamp=STAMP)
