"""The small commands, run as the installed script: add, between, is-workday, due, rules, calendar.

Expected dates are counted by hand from the State Council notices in ../shared/data/notices/;
the count is written beside each one. 2024 (国办发明电〔2023〕7号): 春节 2/10-2/17 off, 2/4 (Sun)
and 2/18 (Sun) are makeup workdays (调休上班日); 2/9 (除夕) is an ordinary working day.
"""

from __future__ import annotations

import json

import gov_deadlines

# 2024-02-08 + 20 workdays: 2/9(1) [2/10-17 off] 2/18 makeup Sun(2) 2/19-23(3-7)
# 2/26-3/1(8-12) 3/4-8(13-17) 3/11(18) 3/12(19) 3/13(20)
DUE_20WD_FROM_0208 = "2024-03-13"


# --------------------------------------------------------------------------------------- add


def test_add_one_date(cli):
    """add prints the date N workdays after DATE, rolled over 春节."""
    r = cli("add", "2024-02-08", "20")
    assert r.returncode == 0, r.stderr
    assert r.lines == [DUE_20WD_FROM_0208]
    assert r.stderr == ""


def test_add_reads_chinese_date(cli):
    """add accepts 2024年2月8日 as DATE."""
    r = cli("add", "2024年2月8日", "20")
    assert (r.returncode, r.lines) == (0, [DUE_20WD_FROM_0208])


def test_add_days_rolls_past_spring_festival(cli):
    """--unit days: the last day falling in 春节 moves to the next workday (民法典 第203条)."""
    # 2024-01-11 + 30 days = 2/10 (Jan: 1/12..1/31 = 20 days, then 2/1..2/10 = 10); 2/10-17 off;
    # 2/18 is a makeup workday (Sunday), so the due date is 2024-02-18.
    r = cli("add", "2024/1/11", "30", "--unit", "days")
    assert (r.returncode, r.lines) == (0, ["2024-02-18"])


def test_add_hours(cli):
    """--unit hours: 24 hours after 10:00 on 2/8 is 10:00 on 2/9 (除夕, a working day in 2024)."""
    r = cli("add", "2024-02-08 10:00", "24", "--unit", "hours")
    assert (r.returncode, r.lines) == (0, ["2024-02-09 10:00"])


def test_add_months_rolls_past_spring_festival(cli):
    """--unit months: the corresponding day 2/10 is in 春节, so it rolls to makeup Sunday 2/18."""
    # 2024-01-10 + 1 month -> 2024-02-10 (民法典 第202条: the same day of the month); 2/10-17 off;
    # 2/18 (Sun) is a makeup workday.
    r = cli("add", "2024-01-10", "1", "--unit", "months")
    assert (r.returncode, r.lines) == (0, ["2024-02-18"])


def test_add_months_without_corresponding_day_ends_at_month_end(cli):
    """--unit months: 1/31 + 1 month has no 2/31, so the period ends on 2/29 (a Thursday)."""
    r = cli("add", "2024-01-31", "1", "--unit", "months")
    assert (r.returncode, r.lines) == (0, ["2024-02-29"])


def test_add_json(cli):
    """add --json prints one object with the input, the unit and the due date."""
    r = cli("add", "2024-02-08", "20", "--json")
    assert r.returncode == 0, r.stderr
    (line,) = r.lines
    obj = json.loads(line)
    assert obj["due"] == DUE_20WD_FROM_0208
    assert obj["date"] == "2024-02-08"
    assert obj["n"] == 20
    assert obj["unit"] == "workdays"
    assert obj["provisional"] is False


def test_add_stdin_one_line_out_per_line_in(cli):
    """add - keeps the pasted column aligned: a blank output line where an input line failed."""
    stdin = "2024-02-08\n\nnot a date\n2024/2/8\n2024-02-30\n   \n20240208\n"
    r = cli("add", "-", "20", stdin=stdin)
    assert r.returncode == 1
    assert len(r.lines) == len(stdin.splitlines()) == 7
    d = DUE_20WD_FROM_0208
    assert r.lines == [d, "", "", d, "", "", d]
    for n in (2, 3, 5, 6):
        assert f"line {n}" in r.stderr
    for n in (1, 4, 7):
        assert f"line {n}:" not in r.stderr
    assert "not a date" in r.stderr
    assert "2024-02-30" in r.stderr


def test_add_stdin_all_good_exits_0(cli):
    """add - with only readable dates exits 0 and prints nothing on stderr."""
    r = cli("add", "-", "1", stdin="2024-02-09\r\n2024-02-16\r\n")
    # 2/9 + 1 workday: 2/10-17 off, 2/18 makeup Sun(1); 2/16 (in 春节) + 1: 2/18 too.
    assert (r.returncode, r.lines, r.stderr) == (0, ["2024-02-18", "2024-02-18"], "")


def test_add_stdin_json_lines(cli):
    """add - --json prints one object per input line, with the line number and the error."""
    r = cli("add", "-", "20", "--json", stdin="2024-02-08\nxx\n")
    assert r.returncode == 1
    first, second = (json.loads(line) for line in r.lines)
    assert first == {"line": 1, "input": "2024-02-08", "due": DUE_20WD_FROM_0208,
                     "provisional": False}  # fmt: skip
    assert second["line"] == 2 and second["due"] is None and "xx" in second["error"]


def test_add_unloaded_year_fails(cli):
    """add refuses a year whose notice is not loaded, saying how to fix it (exit 1)."""
    r = cli("add", "2027-03-01", "5")
    assert r.returncode == 1
    assert r.lines == []
    assert "2027" in r.stderr
    assert "--calendar" in r.stderr


# ----------------------------------------------------------------------------------- between


def test_between(cli):
    """between counts the workdays in (start, end]: 20, the same count as add."""
    r = cli("between", "2024-02-08", DUE_20WD_FROM_0208)
    assert (r.returncode, r.lines) == (0, ["20"])


def test_between_json(cli):
    """between --json reports the count as a number."""
    r = cli("between", "2024-02-08", DUE_20WD_FROM_0208, "--json")
    assert r.returncode == 0
    obj = json.loads(r.lines[0])
    assert obj["workdays"] == 20 and obj["provisional"] is False


# -------------------------------------------------------------------------------- is-workday


def test_is_workday_makeup_sunday(cli):
    """2024-02-18 is a Sunday but a makeup workday (调休上班日) for 春节."""
    r = cli("is-workday", "2024-02-18")
    assert (r.returncode, r.lines) == (0, ["true makeup_workday 春节"])


def test_is_workday_holiday(cli):
    """2024-02-12 (Monday) is a statutory holiday day off in 春节."""
    r = cli("is-workday", "2024-02-12")
    assert (r.returncode, r.lines) == (0, ["false holiday 春节"])


def test_is_workday_plain_weekend(cli):
    """2024-02-24 is an ordinary Saturday."""
    r = cli("is-workday", "2024-02-24")
    assert (r.returncode, r.lines) == (0, ["false weekend"])


def test_is_workday_quiet_exit_codes(cli):
    """--quiet prints nothing: exit 0 on a workday, 1 on a day off."""
    work = cli("is-workday", "2024-02-18", "--quiet")
    off = cli("is-workday", "2024-02-12", "-q")
    assert (work.returncode, work.raw, work.stderr) == (0, b"", "")
    assert (off.returncode, off.raw, off.stderr) == (1, b"", "")


# --------------------------------------------------------------------------------------- due


def test_due_plain(cli):
    """due prints the due date alone on the first line."""
    r = cli("due", "ogi.request.reply", "2024-02-08")
    assert r.returncode == 0, r.stderr
    assert r.lines[0] == DUE_20WD_FROM_0208


def test_due_done_late(cli):
    """--done one workday after the due date: the verdict lines say late by 1."""
    # (3/13, 3/14] holds one workday, 3/14.
    r = cli("due", "ogi.request.reply", "2024-02-08", "--done", "2024-03-14", "--lang", "en")
    assert r.returncode == 0
    assert r.lines[0] == DUE_20WD_FROM_0208
    assert r.lines[1].split(" (")[0] == "status: late"  # "(late)" only if the word differs
    assert "workdays late: 1" in r.lines
    assert "days late: 1" in r.lines


def test_due_done_on_time(cli):
    """--done on the due date itself is on time."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--done", DUE_20WD_FROM_0208)
    assert r.returncode == 0
    assert r.lines[1].startswith("status: on_time")


def test_due_done_zh(cli):
    """The verdict lines follow --lang zh."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--done", "2024-03-14", "--lang", "zh")
    assert r.returncode == 0
    assert "状态：逾期" in r.lines
    assert "逾期工作日：1" in r.lines


def test_due_explain_zh(cli):
    """--explain --lang zh names 春节, the makeup Sunday and the article of the regulation."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--explain", "--lang", "zh")
    assert r.returncode == 0
    assert r.lines[0] == DUE_20WD_FROM_0208
    text = r.stdout
    assert "春节" in text
    assert "2024-02-18" in text
    assert "政府信息公开条例" in text and "第33条" in text
    assert "民法典" in text  # the start day is not counted (第201条)


def test_due_explain_en(cli):
    """--explain --lang en names 春节 and cites Art. 33 of the regulation."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--explain", "--lang", "en")
    assert r.returncode == 0
    text = r.stdout
    assert "春节" in text
    assert "Art. 33" in text and "政府信息公开条例" in text
    assert DUE_20WD_FROM_0208 in text


def test_due_default_language_follows_locale(cli):
    """Without --lang, a Chinese locale (LANG=zh_CN.UTF-8) gives Chinese messages."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--done", "2024-03-14", lang="zh_CN.UTF-8")
    assert r.returncode == 0
    assert "逾期工作日：1" in r.lines


def test_due_json(cli):
    """--json prints one object: due date, status, citation and the trace as data."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--done", "2024-03-14", "--json")
    assert r.returncode == 0
    (line,) = r.lines
    obj = json.loads(line)
    assert obj["due"] == DUE_20WD_FROM_0208
    assert obj["status"] == "late"
    assert obj["workdays_late"] == 1
    assert obj["rule"] == "ogi.request.reply"
    assert "33" in obj["citation"]
    assert isinstance(obj["trace"], list) and obj["trace"]


def test_due_fail_on_violation(cli):
    """--fail-on-violation turns a late verdict into exit status 1."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--done", "2024-03-14", "--fail-on-violation")
    assert r.returncode == 1
    assert r.lines[0] == DUE_20WD_FROM_0208


def test_due_fail_on_violation_on_time_exits_0(cli):
    """--fail-on-violation with an on-time verdict exits 0."""
    r = cli("due", "ogi.request.reply", "2024-02-08", "--done", "2024-03-13", "--fail-on-violation")
    assert r.returncode == 0


def test_due_unknown_rule_suggests(cli):
    """A misspelt rule id exits 2 and suggests the closest id."""
    r = cli("due", "ogi.request.rply", "2024-02-08")
    assert r.returncode == 2
    assert r.raw == b""
    assert "ogi.request.rply" in r.stderr
    assert "ogi.request.reply" in r.stderr.split("ogi.request.rply", 1)[1]


def test_due_adhoc_period(cli):
    """An ad-hoc period (20wd) works like a rule without a citation."""
    r = cli("due", "20wd", "2024-02-08")
    assert (r.returncode, r.lines[0]) == (0, DUE_20WD_FROM_0208)


def test_due_2025_spring_festival(cli):
    """2025 (国办发明电〔2024〕12号): 1/26 (Sun) and 2/8 (Sat) worked, 1/28-2/4 off."""
    # 2025-01-20 + 20wd: 1/21(1) 1/22(2) 1/23(3) 1/24(4) [1/25 Sat] 1/26 makeup Sun(5) 1/27(6)
    # [1/28-2/4 off] 2/5(7) 2/6(8) 2/7(9) 2/8 makeup Sat(10) [2/9 Sun] 2/10-14(11-15)
    # 2/17-21(16-20)
    r = cli("due", "ogi.request.reply", "2025-01-20")
    assert (r.returncode, r.lines[0]) == (0, "2025-02-21")


def test_due_2020_extended_spring_festival(cli):
    """2020: 春节 extended to 2/2 (国办发明电〔2020〕1号), so makeup Saturday 2/1 was a day off."""
    # 2020-01-20 + 20wd: 1/21(1) 1/22(2) 1/23(3) [1/24-2/2 off, extension] 2/3-7(4-8)
    # 2/10-14(9-13) 2/17-21(14-18) 2/24(19) 2/25(20)
    r = cli("due", "ogi.request.reply", "2020-01-20")
    assert (r.returncode, r.lines[0]) == (0, "2020-02-25")


def test_due_provisional_workdays_left(cli):
    """A provisional verdict prints its workdays left as a plain number."""
    # 2027 has no notice; Monday-Friday assumed. 2027-01-05 (Tue) + 20wd: 1/6-8(1-3)
    # 1/11-15(4-8) 1/18-22(9-13) 1/25-29(14-18) 2/1(19) 2/2(20). As of 2027-01-10 (Sun):
    # (1/10, 2/2] = 5 + 5 + 5 + 2 = 17 workdays left.
    r = cli("due", "20wd", "2027-01-05", "--as-of", "2027-01-10", "--unknown-years", "weekends",
            "--lang", "en")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.lines[0] == "2027-02-02 (provisional)"
    assert "workdays left: 17" in r.lines


# ------------------------------------------------------------------------------------- rules


def test_rules_lists_catalog(cli):
    """rules lists one rule per line, including the OGI reply rule and its period."""
    r = cli("rules")
    assert r.returncode == 0
    assert len(r.lines) >= 5
    line = next(x for x in r.lines if x.startswith("ogi.request.reply "))
    assert "20wd" in line


def test_rules_json(cli):
    """rules --json prints one object per rule."""
    r = cli("rules", "--json")
    assert r.returncode == 0
    ids = [json.loads(line)["id"] for line in r.lines]
    assert "ogi.request.reply" in ids
    assert len(ids) == len(set(ids))


def test_rules_one(cli):
    """rules ID shows every version with its period and citation text."""
    r = cli("rules", "ogi.request.reply")
    assert r.returncode == 0
    text = r.stdout
    assert "20wd" in text and "15wd" in text  # the 2019 text and the 2008 text
    assert "2019-05-15" in text
    assert "Art. 33" in text
    assert "20个工作日内予以答复" in text  # the quoted article


def test_rules_unknown(cli):
    """rules with an unknown id exits 2."""
    r = cli("rules", "no.such.rule")
    assert r.returncode == 2
    assert "no.such.rule" in r.stderr


# ---------------------------------------------------------------------------------- calendar


def test_calendar_february_2024(cli):
    """calendar 2024-02: [10]-[17] holidays, (4) and (18) makeup workdays, no colour in a pipe."""
    r = cli("calendar", "2024-02")
    assert r.returncode == 0
    assert "\x1b" not in r.stdout
    lines = r.lines
    assert "[12][13][14][15][16][17](18)" in lines
    assert "  5   6   7   8   9 [10][11]" in lines
    assert any(line.endswith("( 4)") for line in lines)
    assert " 19  20  21  22  23  24  25" in lines  # back to an ordinary week
    assert any("2/10-2/17" in line for line in lines)
    assert any("2/4, 2/18" in line for line in lines)


def test_calendar_color_always(cli):
    """--color always colours even when piped."""
    r = cli("calendar", "2024-02", "--color", "always")
    assert r.returncode == 0
    assert "\x1b[" in r.stdout


def test_calendar_bad_month(cli):
    """calendar with something that is not YYYY-MM exits 2."""
    r = cli("calendar", "2024-13")
    assert r.returncode == 2
    assert "2024-13" in r.stderr


# ------------------------------------------------------------------- version, help, usage errors


def test_version(cli):
    """--version prints the package version."""
    r = cli("--version")
    assert (r.returncode, r.lines) == (0, [f"gov-deadlines {gov_deadlines.__version__}"])


def test_help_mentions_examples(cli):
    """--help exits 0 and shows the worked examples."""
    r = cli("--help")
    assert r.returncode == 0
    assert "examples:" in r.stdout
    assert "gov-deadlines add 2024-02-08 20" in r.stdout
    for command in ("add", "between", "is-workday", "due", "rules", "calendar", "check"):
        assert command in r.stdout


def test_subcommand_help(cli):
    """check --help exits 0 and describes the output columns."""
    r = cli("check", "--help")
    assert r.returncode == 0
    assert "--trigger-col" in r.stdout


def test_usage_error_missing_argument(cli):
    """A missing argument is a usage error: exit 2, usage on stderr, nothing on stdout."""
    r = cli("add", "2024-02-08")
    assert r.returncode == 2
    assert r.raw == b""
    assert "usage:" in r.stderr


def test_usage_error_unknown_command(cli):
    """An unknown command exits 2."""
    r = cli("frobnicate")
    assert r.returncode == 2
    assert "frobnicate" in r.stderr


def test_usage_error_unreadable_date(cli):
    """An unreadable DATE argument exits 2 and quotes it."""
    r = cli("add", "13/02/2024", "20")
    assert r.returncode == 2
    assert "13/02/2024" in r.stderr
    assert "ambiguous" in r.stderr


def test_usage_error_bad_number(cli):
    """A non-integer N exits 2."""
    r = cli("add", "2024-02-08", "twenty")
    assert r.returncode == 2
    assert "twenty" in r.stderr


def test_python_dash_m(cli):
    """python -m gov_deadlines runs the same CLI."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "gov_deadlines", "add", "2024-02-08", "20"],
        capture_output=True,
        text=True,
        env=cli.env(),
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, DUE_20WD_FROM_0208 + "\n")
