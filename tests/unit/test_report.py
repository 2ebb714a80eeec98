"""The audit report: summary counts, the numbering of the calendar picture (hand-counted),
grouping, the appendix, escaping of hostile cells, and the missing-extra error."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from gov_deadlines import WorkCalendar
from gov_deadlines.report import (
    MissingExtra,
    ReportInputError,
    count_days,
    normalise,
    picture,
    render_report,
    summarise,
)

D = dt.date
CAL = WorkCalendar.default()


def _rec(status: str | None, late: int | None = None, error: str = "", **cells: str) -> dict:
    return {**cells, "due": "2024-03-13", "status": status, "workdays_late": late,
            "rule": "ogi.request.reply", "citation": "条例第33条", "explanation": "…",
            "error": error, "calendar": CAL.fingerprint}  # fmt: skip


RECORDS = [
    _rec("on_time", 部门="甲"),
    _rec("on_time", 部门="甲"),
    _rec("on_time", 部门="乙"),
    _rec("late", 2, 部门="乙"),
    _rec("late", 5, 部门="乙"),
    _rec("pending", 部门="甲"),
    _rec("overdue", 9, 部门="丙"),
    _rec("too_short", 部门="丙"),
    _rec("invalid", 部门="甲"),
    _rec(None, error="“收到申请日期”列为空", 部门=""),
]


def test_summary_counts() -> None:
    """Ten records: 3 on time, 2 late, 1 pending, 1 overdue, 1 too short, 1 invalid, 1 error."""
    s = summarise(normalise(RECORDS))
    assert s.records == 10
    assert dict(s.counts) == {"on_time": 3, "late": 2, "pending": 1, "overdue": 1,
                              "too_short": 1, "invalid": 1}  # fmt: skip
    assert s.errors == 1
    assert s.on_time_rate == pytest.approx(3 / 5)  # on_time / (on_time + late)


def test_summary_reads_chinese_keys() -> None:
    """Results written with --lang zh (状态, 错误...) give the same counts."""
    zh = [{"序号": "1", "状态": "late", "逾期工作日": 1, "错误": ""},
          {"序号": "2", "状态": None, "错误": "日期不存在"}]  # fmt: skip
    s = summarise(normalise(zh))
    assert (s.counts["late"], s.errors) == (1, 1)


def test_not_results_refused() -> None:
    """A record without a status field is not a check result: refused, naming the keys."""
    with pytest.raises(ReportInputError, match="status"):
        normalise([{"a": 1}])


def test_no_decided_case_has_no_rate() -> None:
    """Only pending cases: no on-time rate (not 0%, not 100%)."""
    assert summarise(normalise([_rec("pending")])).on_time_rate is None


def test_count_20_workdays_over_spring_festival_2024() -> None:
    """Received 2024-02-08 (Thu): the 20th working day is 2024-03-13, counted by hand."""
    # 2/9 Fri = 1; 2/10-2/17 春节 off; 2/18 Sun 调休上班 = 2; 2/19-2/23 = 3..7;
    # 2/26-3/1 = 8..12; 3/4-3/8 = 13..17; 3/11 = 18, 3/12 = 19, 3/13 = 20.
    expected = {D(2024, 2, 9): 1, D(2024, 2, 18): 2}
    n = 3
    weeks = [(D(2024, 2, 19), D(2024, 2, 23)), (D(2024, 2, 26), D(2024, 3, 1)),
             (D(2024, 3, 4), D(2024, 3, 8)), (D(2024, 3, 11), D(2024, 3, 13))]  # fmt: skip
    for start, end in weeks:
        d = start
        while d <= end:
            expected[d] = n
            n += 1
            d += dt.timedelta(days=1)
    assert count_days(CAL, D(2024, 2, 8), D(2024, 3, 13)) == expected
    assert n - 1 == 20


def test_count_with_pause_national_day_2024() -> None:
    """Received 2024-10-08, paused 10-15..10-29 (third-party consultation): day 20 is 11-19."""
    # 10/9 = 1, 10/10 = 2, 10/11 = 3, 10/12 Sat 调休上班 = 4, 10/14 = 5; 10/15-10/29 paused;
    # 10/30 = 6, 10/31 = 7, 11/1 = 8; 11/4-11/8 = 9..13; 11/11-11/15 = 14..18; 11/18 = 19,
    # 11/19 = 20.
    pause = (D(2024, 10, 15), D(2024, 10, 29))
    n = count_days(CAL, D(2024, 10, 8), D(2024, 11, 19), pauses=[pause])
    assert n[D(2024, 10, 12)] == 4
    assert n[D(2024, 10, 14)] == 5
    assert D(2024, 10, 15) not in n and D(2024, 10, 29) not in n
    assert n[D(2024, 10, 30)] == 6
    assert n[D(2024, 11, 19)] == 20
    assert len(n) == 20


def test_count_natural_days_skips_nothing_but_pauses() -> None:
    """A natural-day count numbers weekends and holidays too: 2024-02-08 + 10 days = 2-18."""
    n = count_days(CAL, D(2024, 2, 8), D(2024, 2, 18), unit="days")
    assert n[D(2024, 2, 10)] == 2 and n[D(2024, 2, 18)] == 10


def test_picture_marks_one_late_case() -> None:
    """Received 2024-02-08, due 03-13, answered 03-14: trigger boxed, 调休 marked, one day late."""
    pic = picture(CAL, trigger=D(2024, 2, 8), due=D(2024, 3, 13), done=D(2024, 3, 14))
    cells = {c.date: c for m in pic.months for w in m.weeks for c in w if c is not None}
    assert [(m.year, m.month) for m in pic.months] == [(2024, 2), (2024, 3)]
    assert pic.counted == 20
    assert cells[D(2024, 2, 8)].trigger and cells[D(2024, 2, 8)].number is None
    assert (cells[D(2024, 2, 18)].kind, cells[D(2024, 2, 18)].name) == ("makeup_workday", "春节")
    assert cells[D(2024, 2, 12)].kind == "holiday"
    assert cells[D(2024, 3, 13)].due and cells[D(2024, 3, 13)].number == 20
    assert cells[D(2024, 3, 14)].done and cells[D(2024, 3, 14)].late == 1
    # Monday first: 2024-02-01 is a Thursday, the fourth cell of the first week.
    assert pic.months[0].weeks[0][3] is not None and pic.months[0].weeks[0][3].date.day == 1


def test_report_has_sections_and_counts() -> None:
    """The page lists the counts, the on-time rate, the rule, the calendar and each section."""
    html = render_report(RECORDS, lang="en", group_by="部门")
    for key, value in (("records", 10), ("on_time", 3), ("late", 2), ("overdue", 1),
                       ("too_short", 1), ("errors", 1)):  # fmt: skip
        assert f'data-key="{key}">{value}<' in html
    assert 'data-key="on_time_rate">60.0%<' in html
    for section in ("summary", "basis", "groups", "violations", "errors"):
        assert f'<section id="{section}"' in html
    assert "条例第33条" in html and CAL.fingerprint in html


def test_violations_sorted_and_appendix() -> None:
    """Violations most working days late first; beyond max_pictures, an appendix table."""
    html = render_report(RECORDS, lang="en", max_pictures=2)
    cards = re.findall(r'<article class="card \w+" id="record-(\d+)"', html)
    assert cards == ["7", "5"]  # 9 workdays late, then 5; then 2 and too_short in the appendix
    assert 'id="appendix"' in html and "Appendix: further violations (2" in html


def test_groups_sorted_blank_last() -> None:
    """Groups sorted by name, the blank group last, each with its own on-time rate."""
    html = render_report(RECORDS, lang="zh", group_by="部门")
    table = html[html.index('class="list groups"') :]
    names = re.findall(r"<tr><td>([^<]+)</td>", table)[:4]
    assert names == [*sorted(["丙", "乙", "甲"]), "（空）"]


def test_group_by_month() -> None:
    """month:COL groups by the month of a date column, whatever format the cell uses."""
    recs = [_rec("on_time", 收到="2024/2/8"), _rec("late", 1, 收到="2024年2月20日"),
            _rec("on_time", 收到="2024-03-01")]  # fmt: skip
    html = render_report(recs, lang="en", group_by="month:收到")
    assert "<tr><td>2024-02</td>" in html and "<tr><td>2024-03</td>" in html


def test_unknown_group_column() -> None:
    """--group-by a column the results do not have: an error naming the columns."""
    with pytest.raises(ReportInputError, match="部门"):
        render_report(RECORDS, group_by="处室")


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_cells_are_escaped() -> None:
    """A <script> in a cell, a group name or an error comes out as text, never as markup."""
    recs = [_rec("late", 3, 备注=HOSTILE, 部门=HOSTILE, 收到="2024-02-08"),
            _rec(None, error=HOSTILE, 备注=HOSTILE, 部门="甲", 收到="2024-02-08")]  # fmt: skip
    html = render_report(recs, lang="zh", group_by="部门", trigger_col="收到")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<svg" in html  # the picture and the chart were drawn, with the hostile group name


def test_self_contained() -> None:
    """No scripts, stylesheets, fonts or images are fetched: no URL but the SVG namespace."""
    html = render_report(RECORDS, lang="en", group_by="部门", trigger_col="收到")
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"')]*", html))
    assert urls <= {"http://www.w3.org/2000/svg"}
    assert "<link" not in html and "<script" not in html and "@import" not in html


def test_missing_jinja2_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Jinja2 the report says which extra to install; the CLI exits 2."""
    from gov_deadlines.report import _render

    monkeypatch.setitem(sys.modules, "jinja2", None)
    _render._environment.cache_clear()
    try:
        with pytest.raises(MissingExtra, match=r'pip install "gov-deadlines\[report\]"'):
            render_report(RECORDS)
    finally:
        _render._environment.cache_clear()


def test_cli_missing_extra_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gov-deadlines report` without the extra: exit 2 and the pip command on stderr."""
    from gov_deadlines.cli import main
    from gov_deadlines.report import _render

    src = tmp_path / "r.jsonl"
    src.write_text('{"status": "on_time", "error": ""}\n', encoding="utf-8")
    monkeypatch.setitem(sys.modules, "jinja2", None)
    _render._environment.cache_clear()
    try:
        status = main(["report", str(src), "-o", str(tmp_path / "r.html")])
    finally:
        _render._environment.cache_clear()
    assert status == 2
    assert 'pip install "gov-deadlines[report]"' in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def _violations(n: int, errors: int) -> list[dict]:
    """``n`` late or overdue records over 2019-2025 (each with a trigger and a due date, so each
    can have a picture), then ``errors`` error rows: synthetic, no check run."""
    recs = []
    for i in range(n):
        trigger = D(2019, 1, 7) + dt.timedelta(days=i % 2500)
        due = trigger + dt.timedelta(days=28)
        done = "" if i % 3 == 0 else (due + dt.timedelta(days=1 + i % 40)).isoformat()
        recs.append({"序号": str(i + 1), "收到": trigger.isoformat(), "答复": done,
                     "部门": "甲乙丙"[i % 3], "due": due.isoformat(),
                     "status": "overdue" if not done else "late", "workdays_late": 1 + i % 40,
                     "rule": "ogi.request.reply", "explanation": "…", "error": ""})  # fmt: skip
    recs += [_rec(None, error=f"第{k}行日期不存在", 序号=str(n + k + 1), 收到="", 答复="",
                  部门="甲") for k in range(errors)]  # fmt: skip
    return recs


@pytest.fixture(scope="module")
def big_report() -> str:
    return render_report(_violations(3000, 50), lang="zh", trigger_col="收到", done_col="答复",
                         as_of=D(2026, 1, 31))  # fmt: skip


def test_every_violation_and_error_row_is_in_the_report(big_report: str) -> None:
    """3,000 violations: MAX_PICTURES with pictures, the other 2,000 in the appendix; 50 errors."""
    from gov_deadlines.report import MAX_PICTURES

    html = big_report
    assert html.count('<figure class="picture">') == MAX_PICTURES == 1000
    assert 'data-key="violations">3000<' in html
    appendix = html[html.index('<section id="appendix"') : html.index('<section id="errors"')]
    numbers = re.findall(r"^<tr><td>(\d+)<td>", appendix, re.M)
    cards = re.findall(r'<article class="card \w+" id="record-(\d+)"', html)
    assert len(numbers) == 2000 and len(cards) == 1000
    assert sorted(map(int, numbers + cards)) == list(range(1, 3001))  # each exactly once
    errors = html[html.index('<section id="errors"') :]
    assert len(re.findall(r"^<tr><td>\d+<td>", errors, re.M)) == 50
    assert 'data-key="error_rows">50<' in html and "第49行日期不存在" in html


def test_report_size_per_row(big_report: str) -> None:
    """Bytes per appendix row, error row and picture stay near what was measured (57, 55 and
    2,305 here; 145 and 24,600 before the pictures shared their month grids and CSS): a class or
    style repeated per cell or per day breaks these bounds."""
    html = big_report
    appendix = html[html.index('<section id="appendix"') : html.index('<section id="errors"')]
    assert len(appendix.encode()) / 2000 < 80
    pictures = re.findall(r'<figure class="picture">.*?</figure>', html, re.S)
    assert sum(len(p.encode()) for p in pictures) / len(pictures) < 3200
    errors = html[html.index('<section id="errors"') :]
    assert len(errors.encode()) / 50 < 80
    # The month grids are drawn once per page, not once per picture.
    assert html.count('<g id="gd-') == len(set(re.findall(r'href="#(gd-\d{4}-\d\d)"', html)))


def test_picture_needs_the_page_defs(big_report: str) -> None:
    """Every month a picture shows (<use href>) is defined on the page, and the CSS is there."""
    used = set(re.findall(r'<use href="#(gd-\d{4}-\d\d)"', big_report))
    defined = set(re.findall(r'<g id="(gd-\d{4}-\d\d)"', big_report))
    assert used and used == defined
    assert 'id="gd-pause"' in big_report and ".gd-n{" in big_report


def test_record_number_column_only_when_it_says_something() -> None:
    """A register numbered 1, 2, 3 in its first column: the appendix shows that column alone;
    numbered otherwise (here 101, 102...), the record number gets its own column."""
    def appendix(first: int) -> str:
        recs = [_rec("late", 1, 序号=str(first + i), 收到="2024-02-08") for i in range(3)]
        html = render_report(recs, lang="en", max_pictures=0)
        return html[html.index('<section id="appendix"') : html.index('<section id="errors"')]

    assert "<th>#</th>" not in appendix(1) and "<tr><td>2<td>" in appendix(1)
    assert "<th>#</th>" in appendix(101) and "<tr><td>2<td>102<td>" in appendix(101)
