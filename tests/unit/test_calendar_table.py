"""The calendar as a date table (calendar/table.py): rows typed from the State Council notice,
``workday_seq`` against a naive day-by-day count, provisional rows, and refusals."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_deadlines import CalendarDataMissing, WorkCalendar
from gov_deadlines.calendar.table import DateTable, DayRow, date_table
from gov_deadlines.errors import InvalidArgument, ProvisionalDataWarning
from tests.property.strategies import FIRST, LAST, covered_dates

CAL = WorkCalendar.default()
D = dt.date

# 2024-02, typed from 国办发明电〔2023〕7号 (/work/shared/data/notices/2024.txt): "春节：2月10日至
# 17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。" 2024-02-01 is a Thursday.
# (day, kind, name, workday_seq): the seq counted by hand, one per working day from 2/1.
FEBRUARY_2024 = [
    (1, "workday", None, 1),  # Thu
    (2, "workday", None, 2),  # Fri
    (3, "weekend", None, 2),  # Sat
    (4, "makeup_workday", "春节", 3),  # Sun, 上班
    (5, "workday", None, 4),
    (6, "workday", None, 5),
    (7, "workday", None, 6),
    (8, "workday", None, 7),
    (9, "workday", None, 8),  # Fri, 除夕: only "encouraged" off, a working day
    (10, "holiday", "春节", 8),  # Sat: 2/10..2/17 off, the weekend inside included
    (11, "holiday", "春节", 8),
    (12, "holiday", "春节", 8),
    (13, "holiday", "春节", 8),
    (14, "holiday", "春节", 8),
    (15, "holiday", "春节", 8),
    (16, "holiday", "春节", 8),
    (17, "holiday", "春节", 8),  # Sat
    (18, "makeup_workday", "春节", 9),  # Sun, 上班
    (19, "workday", None, 10),
    (20, "workday", None, 11),
    (21, "workday", None, 12),
    (22, "workday", None, 13),
    (23, "workday", None, 14),
    (24, "weekend", None, 14),
    (25, "weekend", None, 14),
    (26, "workday", None, 15),
    (27, "workday", None, 16),
    (28, "workday", None, 17),
    (29, "workday", None, 18),  # 18 working days in February 2024
]


def test_february_2024_rows_are_the_notice():
    """Every row of 2024-02 is what the 2024 notice says, with the running number by hand."""
    table = date_table(CAL, D(2024, 2, 1), D(2024, 2, 29))
    got = [(r.date.day, r.kind, r.name, r.workday_seq) for r in table.rows]
    assert got == FEBRUARY_2024
    assert [r.workday for r in table.rows] == [
        k in ("workday", "makeup_workday") for _, k, _, _ in FEBRUARY_2024
    ]
    assert not any(r.provisional for r in table.rows)
    assert {r.source for r in table.rows} == {"chinese-calendar 1.11.0"}
    assert table.workdays == 18


def test_rows_are_frozen_values():
    """A row is a frozen value: it cannot be changed after the export was built."""
    row = date_table(CAL, D(2024, 2, 4), D(2024, 2, 4)).rows[0]
    assert row == DayRow(
        D(2024, 2, 4), "makeup_workday", "春节", True, 1, "chinese-calendar 1.11.0", False
    )
    with pytest.raises(AttributeError):
        row.workday_seq = 2  # type: ignore[misc]


def test_a_range_starting_on_a_day_off_starts_at_zero():
    """The first day of the range counts only if it is a working day: 2024-02-10 is off."""
    rows = date_table(CAL, D(2024, 2, 10), D(2024, 2, 19)).rows
    assert [r.workday_seq for r in rows] == [0] * 8 + [1, 2]  # 2/18 上班, 2/19 Monday


def test_default_range_is_the_coverage():
    """Without start and end the table holds every loaded day: 2004-01-01..2026-12-31."""
    table = date_table(CAL)
    # 23 years of 365 days plus the leap days of 2004, 2008, 2012, 2016, 2020 and 2024.
    assert (table.start, table.end, len(table.rows)) == (FIRST, LAST, 23 * 365 + 6)
    assert table.fingerprint == CAL.fingerprint and table.region is None
    assert [s.label for s in table.sources] == ["chinese-calendar 1.11.0", "errata.json"]


def naive_workdays(cal: WorkCalendar, a: dt.date, b: dt.date) -> int:
    """Working days in (a, b] by asking about one day at a time; negative when b < a."""
    lo, hi, sign = (a, b, 1) if a <= b else (b, a, -1)
    count, d = 0, lo
    while d < hi:
        d += dt.timedelta(days=1)
        count += cal.is_workday(d)
    return sign * count


@st.composite
def ranges_and_two_days(draw: st.DrawFn) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    start = draw(covered_dates())
    end = min(start + dt.timedelta(days=draw(st.integers(0, 120))), LAST)
    span = (end - start).days
    a = start + dt.timedelta(days=draw(st.integers(0, span)))
    b = start + dt.timedelta(days=draw(st.integers(0, span)))
    return start, end, a, b


@settings(max_examples=150, deadline=None)
@given(ranges_and_two_days())
def test_seq_difference_is_the_naive_count(case):
    """seq(b) - seq(a) equals the working days in (a, b] counted one day at a time."""
    start, end, a, b = case
    rows = {r.date: r for r in date_table(CAL, start, end).rows}
    diff = rows[b].workday_seq - rows[a].workday_seq
    assert diff == naive_workdays(CAL, a, b)
    assert diff == CAL.workdays_between(a, b)  # the identity the docs promise


@settings(max_examples=50, deadline=None)
@given(covered_dates(), st.integers(0, 60))
def test_seq_rises_exactly_on_working_days(start, length):
    """The number goes up by one on a working day and stays on a day off; the first row is
    1 on a working day, 0 on a day off."""
    rows = date_table(CAL, start, min(start + dt.timedelta(days=length), LAST)).rows
    previous = 0
    for r in rows:
        assert r.workday == CAL.is_workday(r.date)
        assert r.workday_seq == previous + r.workday
        previous = r.workday_seq


def test_regional_rows_name_the_overlay():
    """Under Guangxi's calendar, 壮族三月三 2024 (4/11-4/12) is off, decided by the overlay."""
    cal = WorkCalendar.default(region="CN-GX")
    rows = {r.date: r for r in date_table(cal, D(2024, 4, 10), D(2024, 4, 15)).rows}
    assert rows[D(2024, 4, 11)].kind == "holiday" and rows[D(2024, 4, 11)].name == "壮族三月三"
    assert rows[D(2024, 4, 11)].source == "2024.json (广西)"
    # 4/10 Wed works (1); 4/11-4/14 off (Thu, Fri and the weekend); 4/15 Mon works (2).
    assert [r.workday_seq for r in rows.values()] == [1, 1, 1, 1, 1, 2]
    assert date_table(cal, D(2024, 4, 10), D(2024, 4, 15)).region == "广西"


# -- provisional rows ----------------------------------------------------------------------------

WEEKENDS = WorkCalendar.default(unknown_years="weekends")


def test_unknown_years_are_provisional_exactly_there():
    """With unknown_years='weekends', rows of 2027 (not loaded) are provisional, 2026's are not."""
    with pytest.warns(ProvisionalDataWarning) as caught:
        table = date_table(WEEKENDS, D(2026, 12, 30), D(2027, 1, 5))
    assert len(caught) == 1  # one warning for the table, not one per day
    got = [(r.date.isoformat(), r.kind, r.workday_seq, r.provisional) for r in table.rows]
    assert got == [
        ("2026-12-30", "workday", 1, False),  # Wed
        ("2026-12-31", "workday", 2, False),  # Thu
        ("2027-01-01", "workday", 3, True),  # Fri: no 2027 data, Monday-Friday assumed
        ("2027-01-02", "weekend", 3, True),
        ("2027-01-03", "weekend", 3, True),
        ("2027-01-04", "workday", 4, True),
        ("2027-01-05", "workday", 5, True),
    ]
    assert table.provisional
    assert [s.kind for s in table.sources] == ["bundled", "assumed"]
    assert table.unknown_years == "weekends"


def test_a_loaded_table_warns_nothing():
    """A table inside the loaded years is not provisional and warns nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = date_table(WEEKENDS, D(2026, 12, 1), D(2026, 12, 31))
    assert not table.provisional


# -- refusals ------------------------------------------------------------------------------------


def test_a_year_without_data_is_refused():
    """By default a range reaching into 2027 raises CalendarDataMissing naming 2027."""
    with pytest.raises(CalendarDataMissing) as info:
        date_table(CAL, D(2026, 12, 1), D(2027, 1, 31))
    assert info.value.year == 2027


def test_a_gap_between_loaded_years_is_refused():
    """2026 and 2028 loaded, 2027 not: a range across 2027 names it."""
    cal = CAL.with_years({"year": 2028, "papers": [], "days": []})
    with pytest.raises(CalendarDataMissing) as info:
        date_table(cal, D(2026, 12, 31), D(2028, 1, 2))
    assert info.value.year == 2027
    with pytest.raises(CalendarDataMissing):
        date_table(cal)  # the default range spans the gap too


def test_end_before_start_is_refused():
    """A range that ends before it starts is an InvalidArgument (a ValueError)."""
    with pytest.raises(InvalidArgument, match="before"):
        date_table(CAL, D(2024, 2, 2), D(2024, 2, 1))


def test_a_datetime_is_refused():
    """A table has days: a datetime (a moment) is refused, not truncated."""
    with pytest.raises(InvalidArgument, match="start"):
        date_table(CAL, dt.datetime(2024, 2, 1, 12), D(2024, 2, 2))  # type: ignore[arg-type]


def test_the_table_type_is_exported():
    """DateTable is the value date_table returns."""
    assert isinstance(date_table(CAL, D(2024, 1, 1), D(2024, 1, 1)), DateTable)
