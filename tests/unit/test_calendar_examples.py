"""Hand-checked examples of the working-day calendar (工作日历), and its contract at the edges.

Every expected date below was worked out by hand from the State Council notices in
``../shared/data/notices/`` (国务院办公厅关于XXXX年部分节假日安排的通知) and a printed month grid;
the count is written out beside each answer. The 2023 notice is not among them: its answers come
from holiday-cn's transcription (``2023.json``, citing
http://www.gov.cn/zhengce/zhengceku/2022-12/08/content_5730844.htm), also independent of the code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from pathlib import Path
from typing import Any

import attrs
import chinese_calendar
import pytest

from gov_deadlines import (
    CalendarDataConflict,
    CalendarDataError,
    CalendarDataMissing,
    ProvisionalDataWarning,
    ProvisionalDate,
    ProvisionalInt,
    WorkCalendar,
    is_provisional,
)

D = dt.date
CAL = WorkCalendar.default()
PROVISIONAL = WorkCalendar.default(unknown_years="weekends")
BUNDLED = f"chinese-calendar {chinese_calendar.__version__}"


# -- 2020: Spring Festival, extended to 2 February (国办发明电〔2019〕16号, 〔2020〕1号) ----------
# Notice: 1-24..30 off, 1-19 (Sun) and 2-1 (Sat) worked. Extension: off until 2-2 (Sun), work
# again from 2-3 (Mon) -- so 1-31 and the make-up Saturday 2-1 became days off.


def test_2020_spring_festival_ran_until_the_extension_ended() -> None:
    """The first working day after 2020-01-23 is Monday 3 February, after the extension."""
    # 1-24..1-30 春节, 1-31..2-2 延长, 2-3 Mon (1)
    assert CAL.add_workdays(D(2020, 1, 23), 1) == D(2020, 2, 3)


def test_2020_extension_cancelled_the_makeup_saturday() -> None:
    """Saturday 2020-02-01, a make-up workday in the first notice, was off after the extension."""
    assert not CAL.is_workday(D(2020, 2, 1))
    assert CAL.day(D(2020, 1, 31)).kind == "holiday"


def test_2020_count_across_the_extended_spring_festival() -> None:
    """(2020-01-17, 2020-02-07] holds ten working days."""
    # 1-19 make-up Sun (1), 1-20 (2), 1-21 (3), 1-22 (4), 1-23 (5), 1-24..2-2 off,
    # 2-3 (6), 2-4 (7), 2-5 (8), 2-6 (9), 2-7 (10)
    assert CAL.workdays_between(D(2020, 1, 17), D(2020, 2, 7)) == 10


def test_2020_one_working_day_back_from_the_return() -> None:
    """The working day before 2020-02-03 is 2020-01-23, ten days off earlier."""
    # 2-2..1-24 off, 1-23 Thu (1)
    assert CAL.add_workdays(D(2020, 2, 3), -1) == D(2020, 1, 23)


# -- 2023: Spring Festival in January (holiday-cn 2023.json) -------------------------------------
# 12-31 (Sat)..1-2 元旦; 1-21 (Sat)..1-27 (Fri) 春节; 1-28 (Sat) and 1-29 (Sun) worked.


def test_2023_spring_festival_ends_on_a_makeup_saturday() -> None:
    """The first working day after Friday 2023-01-20 is the make-up Saturday 2023-01-28."""
    # 1-21..1-27 off, 1-28 make-up Sat (1)
    assert CAL.add_workdays(D(2023, 1, 20), 1) == D(2023, 1, 28)


def test_2023_both_makeup_weekend_days_count() -> None:
    """Three working days after 2023-01-20 is Monday 2023-01-30."""
    # 1-28 make-up Sat (1), 1-29 make-up Sun (2), 1-30 Mon (3)
    assert CAL.add_workdays(D(2023, 1, 20), 3) == D(2023, 1, 30)


def test_2023_january_count_across_new_year_and_spring_festival() -> None:
    """(2022-12-30, 2023-01-31] holds eighteen working days."""
    # 12-31..1-2 off, 1-3 (1), 1-4 (2), 1-5 (3), 1-6 (4), 1-9 (5), 1-10 (6), 1-11 (7), 1-12 (8),
    # 1-13 (9), 1-16 (10), 1-17 (11), 1-18 (12), 1-19 (13), 1-20 (14), 1-21..1-27 off,
    # 1-28 make-up Sat (15), 1-29 make-up Sun (16), 1-30 (17), 1-31 (18)
    assert CAL.workdays_between(D(2022, 12, 30), D(2023, 1, 31)) == 18


# -- 2024: make-up Sundays 2-4 and 2-18 (国办发明电〔2023〕7号) ------------------------------------
# 2-10 (Sat)..2-17 (Sat) 春节; 2-4 (Sun) and 2-18 (Sun) worked; 除夕 2-9 only "encouraged" off.


def test_2024_eve_was_a_working_day() -> None:
    """除夕 2024-02-09 was not a statutory holiday: it follows 2024-02-08 as a working day."""
    # 2-9 Fri (1)
    assert CAL.add_workdays(D(2024, 2, 8), 1) == D(2024, 2, 9)


def test_2024_makeup_sunday_after_the_holiday() -> None:
    """The first working day after 2024-02-09 is the make-up Sunday 2024-02-18."""
    # 2-10..2-17 off, 2-18 make-up Sun (1)
    assert CAL.add_workdays(D(2024, 2, 9), 1) == D(2024, 2, 18)


def test_2024_makeup_sunday_before_the_holiday() -> None:
    """The first working day after Friday 2024-02-02 is the make-up Sunday 2024-02-04."""
    # 2-3 Sat off, 2-4 make-up Sun (1)
    assert CAL.add_workdays(D(2024, 2, 2), 1) == D(2024, 2, 4)


def test_2024_count_includes_both_makeup_sundays() -> None:
    """(2024-02-03, 2024-02-18] holds seven working days."""
    # 2-4 make-up Sun (1), 2-5 (2), 2-6 (3), 2-7 (4), 2-8 (5), 2-9 (6), 2-10..2-17 off,
    # 2-18 make-up Sun (7)
    assert CAL.workdays_between(D(2024, 2, 3), D(2024, 2, 18)) == 7


def test_2024_twenty_working_days_across_spring_festival() -> None:
    """Twenty working days after 2024-02-08 is 2024-03-13."""
    # 2-9 (1), 2-18 Sun (2), 2-19 (3), 2-20 (4), 2-21 (5), 2-22 (6), 2-23 (7), 2-26 (8),
    # 2-27 (9), 2-28 (10), 2-29 (11), 3-1 (12), 3-4 (13), 3-5 (14), 3-6 (15), 3-7 (16),
    # 3-8 (17), 3-11 (18), 3-12 (19), 3-13 (20)
    assert CAL.add_workdays(D(2024, 2, 8), 20) == D(2024, 3, 13)


# -- 2025: 除夕 a statutory holiday (国办发明电〔2024〕12号, 放假办法 2024 revision) --------------
# 1-28 (Tue, 除夕)..2-4 (Tue) 春节; 1-26 (Sun) and 2-8 (Sat) worked.


def test_2025_eve_is_a_statutory_holiday() -> None:
    """除夕 2025-01-28 is a day off named 春节."""
    day = CAL.day(D(2025, 1, 28))
    assert (day.kind, day.name, day.is_workday) == ("holiday", "春节", False)


def test_2025_five_working_days_across_spring_festival() -> None:
    """Five working days after Friday 2025-01-24 is 2025-02-07."""
    # 1-25 Sat off, 1-26 make-up Sun (1), 1-27 (2), 1-28..2-4 off, 2-5 (3), 2-6 (4), 2-7 (5)
    assert CAL.add_workdays(D(2025, 1, 24), 5) == D(2025, 2, 7)


def test_2025_count_includes_both_makeup_days() -> None:
    """(2025-01-24, 2025-02-08] holds six working days."""
    # 1-26 Sun (1), 1-27 (2), 1-28..2-4 off, 2-5 (3), 2-6 (4), 2-7 (5), 2-8 make-up Sat (6)
    assert CAL.workdays_between(D(2025, 1, 24), D(2025, 2, 8)) == 6


# -- 2026: the nine-day block (2026 notice) -------------------------------------------------------
# 2-15 (Sun)..2-23 (Mon) 春节, nine days; 2-14 (Sat) and 2-28 (Sat) worked.


def test_2026_makeup_saturday_before_the_block() -> None:
    """The first working day after Friday 2026-02-13 is the make-up Saturday 2026-02-14."""
    # 2-14 make-up Sat (1)
    assert CAL.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)


def test_2026_nine_days_off_are_skipped() -> None:
    """The first working day after 2026-02-14 is Tuesday 2026-02-24."""
    # 2-15..2-23 off (9 days), 2-24 Tue (1)
    assert CAL.add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_2026_no_working_day_inside_the_block() -> None:
    """(2026-02-14, 2026-02-23] holds no working day."""
    # 2-15..2-23 all off: 0
    assert CAL.workdays_between(D(2026, 2, 14), D(2026, 2, 23)) == 0


def test_2026_count_across_the_block() -> None:
    """(2026-02-13, 2026-02-28] holds six working days."""
    # 2-14 Sat (1), 2-15..2-23 off, 2-24 (2), 2-25 (3), 2-26 (4), 2-27 (5), 2-28 make-up Sat (6)
    assert CAL.workdays_between(D(2026, 2, 13), D(2026, 2, 28)) == 6


# -- National Day blocks --------------------------------------------------------------------------


def test_2020_national_day_and_mid_autumn_eight_days() -> None:
    """2020: 10-1..10-8 off, so the working day after 2020-09-30 is 2020-10-09."""
    # 10-1..10-8 off, 10-9 Fri (1)
    assert CAL.add_workdays(D(2020, 9, 30), 1) == D(2020, 10, 9)


def test_2020_national_day_makeup_saturday() -> None:
    """2020: the working day after 2020-10-09 is the make-up Saturday 2020-10-10."""
    # 10-10 make-up Sat (1)
    assert CAL.add_workdays(D(2020, 10, 9), 1) == D(2020, 10, 10)


def test_2024_national_day_count() -> None:
    """2024: (2024-09-27, 2024-10-12] holds seven working days."""
    # 9-28 Sat off, 9-29 make-up Sun (1), 9-30 (2), 10-1..10-7 off, 10-8 (3), 10-9 (4),
    # 10-10 (5), 10-11 (6), 10-12 make-up Sat (7)
    assert CAL.workdays_between(D(2024, 9, 27), D(2024, 10, 12)) == 7


def test_2025_national_day_merged_with_mid_autumn() -> None:
    """2025: 10-1..10-8 off, so the working day after 2025-09-30 is Thursday 2025-10-09."""
    # 10-1..10-8 off, 10-9 Thu (1)
    assert CAL.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)


def test_2025_national_day_makeup_sunday_before() -> None:
    """2025: two working days after Friday 2025-09-26 is Monday 2025-09-29."""
    # 9-27 Sat off, 9-28 make-up Sun (1), 9-29 Mon (2)
    assert CAL.add_workdays(D(2025, 9, 26), 2) == D(2025, 9, 29)


def test_2026_mid_autumn_and_national_day() -> None:
    """2026: 9-25..9-27 中秋节 and 10-1..10-7 国庆节 are both skipped."""
    # 9-25..9-27 off, 9-28 Mon (1); 10-1..10-7 off, 10-8 Thu (1)
    assert CAL.add_workdays(D(2026, 9, 24), 1) == D(2026, 9, 28)
    assert CAL.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)


# -- 2019 Labour Day, as corrected (国办发明电〔2019〕3号) -----------------------------------------


def test_2019_labour_day_as_corrected() -> None:
    """The correction made 5-1..5-4 off and Sunday 5-5 worked: 2019-04-30 + 1 is 2019-05-05."""
    # 5-1..5-4 off, 5-5 make-up Sun (1)
    assert CAL.add_workdays(D(2019, 4, 30), 1) == D(2019, 5, 5)


# -- day(): kinds and names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "kind", "name"),
    [
        (D(2024, 2, 12), "holiday", "春节"),  # Monday in the block
        (D(2024, 2, 10), "holiday", "春节"),  # Saturday in the block
        (D(2026, 2, 21), "holiday", "春节"),  # Saturday in the nine-day block
        (D(2024, 2, 4), "makeup_workday", "春节"),  # make-up Sunday
        (D(2024, 10, 12), "makeup_workday", "国庆节"),  # make-up Saturday
        (D(2024, 2, 9), "workday", None),  # 除夕 2024, not a holiday
        (D(2024, 2, 19), "workday", None),  # ordinary Monday
        (D(2024, 2, 24), "weekend", None),  # ordinary Saturday
        (D(2024, 10, 1), "holiday", "国庆节"),
    ],
)
def test_day_kind_and_name(date: dt.date, kind: str, name: str | None) -> None:
    """day() tells workday, weekend, holiday and make-up workday apart, with the holiday name."""
    day = CAL.day(date)
    assert (day.date, day.kind, day.name) == (date, kind, name)
    assert day.is_workday == (kind in ("workday", "makeup_workday"))


def test_day_reports_its_source() -> None:
    """A day of the bundled years names chinese-calendar as its source and is not provisional."""
    day = CAL.day(D(2024, 2, 10))
    assert (str(day.source), day.source.kind, day.provisional) == (BUNDLED, "bundled", False)


def test_day_is_frozen() -> None:
    """A Day is a value: it cannot be changed."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CAL.day(D(2024, 2, 10)).kind = "workday"  # type: ignore[misc]


BLOCK_WITHOUT_WEEKEND = {
    "year": 2027,
    "papers": ["invented for this test"],
    "days": [  # a Friday-to-Thursday block that leaves out its weekend 10-2, 10-3
        {"name": "国庆节", "date": f"2027-10-0{d}", "isOffDay": True} for d in (1, 4, 5, 6, 7)
    ],
}


def test_weekend_inside_a_block_is_holiday_even_when_not_listed() -> None:
    """A weekend day a source leaves out of a holiday block is still a holiday of that name."""
    cal = CAL.with_years(BLOCK_WITHOUT_WEEKEND)
    day = cal.day(D(2027, 10, 2))  # Saturday between Fri 10-1 and Mon 10-4, both listed off
    assert (day.kind, day.name, str(day.source)) == ("holiday", "国庆节", "mapping for 2027")


def test_weekend_after_a_block_is_a_weekend() -> None:
    """A weekend day next to a block but not inside it stays a plain weekend."""
    cal = CAL.with_years(BLOCK_WITHOUT_WEEKEND)
    assert cal.day(D(2027, 10, 9)).kind == "weekend"  # Saturday after the working Friday 10-8


def test_real_source_leaving_out_a_block_sunday(shared_dir: Path) -> None:
    """holiday-cn 2014.json lists 4-5 and 4-7 but not Sunday 2014-04-06: still 清明节."""
    cal = CAL.with_years(shared_dir / "data" / "holiday-cn" / "2014.json", replace=True)
    day = cal.day(D(2014, 4, 6))
    assert (day.kind, day.name) == ("holiday", "清明节")


# -- the n == 0 rule, negative n, counting --------------------------------------------------------


def test_zero_steps_from_a_holiday_is_the_next_working_day() -> None:
    """add_workdays(d, 0) on a holiday is the next working day."""
    # 2-10..2-17 off, 2-18 make-up Sun
    assert CAL.add_workdays(D(2024, 2, 10), 0) == D(2024, 2, 18)


def test_zero_steps_from_a_makeup_day_is_that_day() -> None:
    """add_workdays(d, 0) on a make-up workday is d itself."""
    assert CAL.add_workdays(D(2024, 2, 4), 0) == D(2024, 2, 4)


def test_zero_steps_from_a_plain_weekend_is_monday() -> None:
    """add_workdays(d, 0) on an ordinary Saturday is the Monday after."""
    assert CAL.add_workdays(D(2024, 2, 24), 0) == D(2024, 2, 26)


def test_negative_steps_count_back_over_a_holiday() -> None:
    """Two working days before 2024-02-19 is 2024-02-09."""
    # 2-18 make-up Sun (1), 2-17..2-10 off, 2-9 (2)
    assert CAL.add_workdays(D(2024, 2, 19), -2) == D(2024, 2, 9)


def test_negative_steps_reach_a_makeup_sunday() -> None:
    """Two working days before 2025-02-05 is the make-up Sunday 2025-01-26."""
    # 2-4..1-28 off, 1-27 (1), 1-26 make-up Sun (2)
    assert CAL.add_workdays(D(2025, 2, 5), -2) == D(2025, 1, 26)


def test_negative_steps_from_a_day_off() -> None:
    """One working day before 2026-02-24 is the make-up Saturday 2026-02-14."""
    # 2-23..2-15 off, 2-14 make-up Sat (1)
    assert CAL.add_workdays(D(2026, 2, 24), -1) == D(2026, 2, 14)


def test_workdays_between_is_antisymmetric() -> None:
    """Swapping the ends negates the count."""
    # (2-3, 2-18] holds 7 (see above)
    assert CAL.workdays_between(D(2024, 2, 18), D(2024, 2, 3)) == -7


def test_workdays_between_a_day_and_itself_is_zero() -> None:
    """(d, d] is empty, working day or not."""
    assert CAL.workdays_between(D(2024, 2, 18), D(2024, 2, 18)) == 0
    assert CAL.workdays_between(D(2024, 2, 10), D(2024, 2, 10)) == 0


def test_workdays_between_excludes_the_start() -> None:
    """The start day never counts, so it may lie before the data: (2003-12-31, 2004-01-05]."""
    # 2004 notice: 1-1 off; 1-2 Fri (1), 1-3..1-4 weekend, 1-5 Mon (2)
    assert CAL.workdays_between(D(2003, 12, 31), D(2004, 1, 5)) == 2


def test_next_workday() -> None:
    """next_workday skips the 2025 Spring Festival block."""
    # 1-28..2-4 off, 2-5 Wed
    assert CAL.next_workday(D(2025, 1, 27)) == D(2025, 2, 5)


def test_previous_workday() -> None:
    """previous_workday skips the 2025 Spring Festival block backwards."""
    # 2-4..1-28 off, 1-27 Mon
    assert CAL.previous_workday(D(2025, 2, 5)) == D(2025, 1, 27)


def test_next_workday_of_a_working_day_is_strictly_after() -> None:
    """next_workday of a working day is the following working day, not the day itself."""
    # 2-3 Sat off, 2-4 make-up Sun
    assert CAL.next_workday(D(2024, 2, 2)) == D(2024, 2, 4)


# -- datetime input -------------------------------------------------------------------------------


def test_is_workday_accepts_a_datetime() -> None:
    """A datetime is taken by its date: 09:30 on the make-up Sunday 2024-02-18 is worked."""
    assert CAL.is_workday(dt.datetime(2024, 2, 18, 9, 30)) is True


def test_add_workdays_of_a_datetime_returns_a_plain_date() -> None:
    """add_workdays(datetime, n) uses the datetime's date and returns a date, not a datetime."""
    r = CAL.add_workdays(dt.datetime(2024, 2, 9, 23, 59), 1)
    assert type(r) is dt.date
    assert r == D(2024, 2, 18)


def test_day_and_count_accept_datetimes() -> None:
    """day() and workdays_between() take datetimes by their dates."""
    assert CAL.day(dt.datetime(2024, 2, 10, 8)).date == D(2024, 2, 10)
    assert CAL.workdays_between(dt.datetime(2024, 2, 3, 23), dt.datetime(2024, 2, 18, 1)) == 7


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2024-02-18", None, 20240218, 45340.0])
@pytest.mark.parametrize(
    "call",
    [
        lambda cal, x: cal.is_workday(x),
        lambda cal, x: cal.day(x),
        lambda cal, x: cal.add_workdays(x, 1),
        lambda cal, x: cal.next_workday(x),
        lambda cal, x: cal.workdays_between(D(2024, 2, 3), x),
        lambda cal, x: cal.workdays_between(x, D(2024, 2, 3)),
    ],
    ids=["is_workday", "day", "add_workdays", "next_workday", "between_end", "between_start"],
)
def test_a_non_date_is_a_type_error(call: Any, bad: object) -> None:
    """Anything but a date or datetime is refused with a TypeError naming what was received."""
    with pytest.raises(TypeError, match=r"expected a datetime\.date") as info:
        call(CAL, bad)
    assert type(bad).__name__ in str(info.value)


@pytest.mark.parametrize("n", [1.0, 2.5, True, False, "1", None])
def test_n_must_be_a_whole_number(n: object) -> None:
    """A float, bool, string or None n is a TypeError naming the type received."""
    with pytest.raises(TypeError, match="n must be a whole number") as info:
        CAL.add_workdays(D(2024, 2, 9), n)  # type: ignore[arg-type]
    assert type(n).__name__ in str(info.value)


def test_integer_like_n_is_accepted() -> None:
    """An integer type other than int (numpy.int64) counts like the int it stands for."""
    numpy = pytest.importorskip("numpy")
    # 2-10..2-17 off, 2-18 make-up Sun (1)
    assert CAL.add_workdays(D(2024, 2, 9), numpy.int64(1)) == D(2024, 2, 18)


@pytest.mark.parametrize(
    ("start", "n"),
    [(dt.date.max, 1), (dt.date.min, -1), (D(2024, 1, 2), 10**7), (D(2024, 1, 2), -(10**7))],
)
@pytest.mark.parametrize("mode", ["error", "weekends"])
def test_result_past_the_representable_dates_is_a_value_error(
    start: dt.date, n: int, mode: str
) -> None:
    """A result before 0001-01-01 or after 9999-12-31 is a ValueError, in either mode."""
    cal = WorkCalendar.default(unknown_years=mode)  # type: ignore[arg-type]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        with pytest.raises(ValueError, match="outside the dates Python can represent"):
            cal.add_workdays(start, n)


def test_unknown_years_mode_is_checked() -> None:
    """unknown_years accepts only 'error' and 'weekends'."""
    with pytest.raises(ValueError, match="unknown_years"):
        WorkCalendar.default(unknown_years="guess")  # type: ignore[arg-type]


# -- coverage and missing data --------------------------------------------------------------------


def test_default_coverage_years_and_sources() -> None:
    """The default calendar covers 2004-2026 from chinese-calendar's bundled data."""
    assert CAL.coverage == (D(2004, 1, 1), D(2026, 12, 31))
    assert CAL.years == tuple(range(2004, 2027))
    assert [str(s) for s in CAL.sources] == [BUNDLED, "errata.json"]


def test_missing_year_names_the_year_and_how_to_load_it() -> None:
    """A day of 2027 raises CalendarDataMissing naming 2027 and how to load or opt out."""
    with pytest.raises(CalendarDataMissing) as info:
        CAL.is_workday(D(2027, 1, 4))
    message = str(info.value)
    assert info.value.year == 2027
    assert info.value.region is None
    assert "2027" in message
    assert "with_years('2027.json')" in message
    assert "unknown_years='weekends'" in message
    assert "2004-2026" in message  # what is loaded


def test_missing_data_is_a_lookup_error() -> None:
    """CalendarDataMissing is a LookupError, so generic handlers catch it."""
    with pytest.raises(LookupError):
        CAL.day(D(2003, 12, 31))


def test_last_covered_day_is_usable() -> None:
    """Stepping onto 2026-12-31, the last day of the data, raises nothing."""
    # 12-31 Thu (1)
    assert CAL.add_workdays(D(2026, 12, 30), 1) == D(2026, 12, 31)


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda: CAL.add_workdays(D(2026, 12, 31), 1), 2027),
        (lambda: CAL.add_workdays(D(2004, 1, 1), -1), 2003),
        (lambda: CAL.add_workdays(D(2026, 12, 1), 40), 2027),
        (lambda: CAL.workdays_between(D(2026, 12, 1), D(2027, 1, 10)), 2027),
        (lambda: CAL.workdays_between(D(2027, 1, 10), D(2026, 12, 1)), 2027),
        (lambda: CAL.next_workday(D(2026, 12, 31)), 2027),
        (lambda: CAL.add_workdays(D(2027, 1, 2), 0), 2027),
    ],
    ids=["step-out", "step-back-out", "long-step-out", "count-out", "count-back-out", "next", "n0"],
)
def test_stepping_out_of_the_data_names_the_year(call: Any, year: int) -> None:
    """Arithmetic that needs a day outside 2004-2026 raises CalendarDataMissing for that year."""
    with pytest.raises(CalendarDataMissing, match=str(year)) as info:
        call()
    assert info.value.year == year


# -- with_years -----------------------------------------------------------------------------------

# An invented 2027 arrangement (the tests must not depend on a notice not yet in ../shared).
NEW_YEAR_2027 = {
    "year": 2027,
    "papers": ["invented for this test"],
    "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": True}],
}

# The 2019 arrangement as first published (国办发明电〔2018〕15号), before the Labour Day
# correction: 5-1 alone off, no make-up days in April and May.
ORIGINAL_2019 = {
    "year": 2019,
    "papers": ["国办发明电〔2018〕15号"],
    "days": [
        {"name": "元旦", "date": "2018-12-29", "isOffDay": False},
        {"name": "元旦", "date": "2018-12-30", "isOffDay": True},
        {"name": "元旦", "date": "2018-12-31", "isOffDay": True},
        {"name": "元旦", "date": "2019-01-01", "isOffDay": True},
        {"name": "春节", "date": "2019-02-02", "isOffDay": False},
        {"name": "春节", "date": "2019-02-03", "isOffDay": False},
        *({"name": "春节", "date": f"2019-02-{d:02}", "isOffDay": True} for d in range(4, 11)),
        {"name": "清明节", "date": "2019-04-05", "isOffDay": True},
        {"name": "劳动节", "date": "2019-05-01", "isOffDay": True},
        {"name": "端午节", "date": "2019-06-07", "isOffDay": True},
        {"name": "中秋节", "date": "2019-09-13", "isOffDay": True},
        {"name": "国庆节", "date": "2019-09-29", "isOffDay": False},
        *({"name": "国庆节", "date": f"2019-10-0{d}", "isOffDay": True} for d in range(1, 8)),
        {"name": "国庆节", "date": "2019-10-12", "isOffDay": False},
    ],
}


def write_json(path: Path, data: object) -> Path:
    """Write ``data`` as UTF-8 JSON to ``path`` and return the path."""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_with_years_adds_a_year_from_a_mapping() -> None:
    """A 2027 mapping extends the calendar: its days are known and arithmetic crosses into it."""
    cal = CAL.with_years(NEW_YEAR_2027)
    assert cal.coverage == (D(2004, 1, 1), D(2027, 12, 31))
    assert cal.years[-1] == 2027
    assert not cal.is_workday(D(2027, 1, 1))
    # 1-1 Fri off, 1-2..1-3 weekend, 1-4 Mon (1)
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert (str(cal.sources[-1]), cal.sources[-1].kind) == ("mapping for 2027", "mapping")


def test_with_years_leaves_the_original_calendar_alone() -> None:
    """with_years returns a new calendar; the one it started from still lacks 2027."""
    CAL.with_years(NEW_YEAR_2027)
    with pytest.raises(CalendarDataMissing):
        CAL.is_workday(D(2027, 1, 4))


@pytest.mark.parametrize("as_str", [False, True], ids=["Path", "str"])
def test_with_years_adds_a_year_from_a_json_file(tmp_path: Path, as_str: bool) -> None:
    """A holiday-cn JSON file (Path or str) adds its year; its days name the file as source."""
    path = write_json(tmp_path / "2027.json", NEW_YEAR_2027)
    cal = CAL.with_years(str(path) if as_str else path)
    day = cal.day(D(2027, 1, 1))
    assert (day.kind, day.name) == ("holiday", "元旦")
    assert (day.source.label, day.source.kind, day.source.path) == ("2027.json", "file", str(path))
    assert day.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert cal.is_workday(D(2027, 1, 4))


def test_conflict_with_the_bundled_data_names_both_sources() -> None:
    """The uncorrected 2019 notice contradicts the bundled data: the error names both sources."""
    # The first disagreement: 2019-04-28 (Sun), made a working day by the correction.
    with pytest.raises(CalendarDataConflict) as info:
        CAL.with_years(ORIGINAL_2019)
    message = str(info.value)
    assert "2019-04-28" in message
    assert BUNDLED in message
    assert "mapping for 2019" in message
    assert "replace=True" in message  # how to proceed


def test_conflict_between_two_new_sources_names_both(tmp_path: Path) -> None:
    """Two new sources disagreeing about a day raise CalendarDataConflict naming both."""
    working = {**NEW_YEAR_2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": False}]}
    path = write_json(tmp_path / "2027.json", working)
    with pytest.raises(CalendarDataConflict) as info:
        CAL.with_years(NEW_YEAR_2027, path)
    message = str(info.value)
    assert "2027-01-01" in message
    assert "mapping for 2027" in message
    assert "2027.json" in message


def test_conflict_is_a_calendar_data_error() -> None:
    """CalendarDataConflict is a CalendarDataError and a ValueError."""
    assert issubclass(CalendarDataConflict, CalendarDataError)
    assert issubclass(CalendarDataConflict, ValueError)


def test_replace_lets_a_source_replace_its_year() -> None:
    """With replace=True the first 2019 notice replaces the corrected year, and only that year."""
    cal = CAL.with_years(ORIGINAL_2019, replace=True)
    # First notice: only 5-1 off. 4-30 Tue -> 5-1 off, 5-2 Thu (1)
    assert cal.add_workdays(D(2019, 4, 30), 1) == D(2019, 5, 2)
    assert not cal.is_workday(D(2019, 4, 28))  # a plain Sunday again
    assert cal.day(D(2019, 5, 1)).source.label == "mapping for 2019"
    assert not cal.is_workday(D(2020, 2, 1))  # other years untouched
    assert cal.years == tuple(range(2004, 2027))


def test_unchanged_calendar_after_a_refused_conflict() -> None:
    """A refused with_years leaves the calendar with the corrected 2019 Labour Day."""
    with pytest.raises(CalendarDataConflict):
        CAL.with_years(ORIGINAL_2019)
    # 5-1..5-4 off, 5-5 make-up Sun (1)
    assert CAL.add_workdays(D(2019, 4, 30), 1) == D(2019, 5, 5)


EMPTY_2028 = {"year": 2028, "papers": ["invented for this test"], "days": []}


def test_gap_year_between_loaded_years_is_missing() -> None:
    """With 2028 loaded but not 2027, stepping from 2026 into 2027 still raises for 2027."""
    cal = CAL.with_years(EMPTY_2028)
    assert cal.coverage == (D(2004, 1, 1), D(2028, 12, 31))
    assert 2027 not in cal.years
    for call in (
        lambda: cal.add_workdays(D(2026, 12, 31), 1),
        lambda: cal.add_workdays(D(2026, 12, 30), 300),
        lambda: cal.add_workdays(D(2028, 1, 3), -1),
        lambda: cal.workdays_between(D(2026, 12, 1), D(2028, 1, 10)),
        lambda: cal.is_workday(D(2027, 6, 1)),
    ):
        with pytest.raises(CalendarDataMissing) as info:
            call()
        assert info.value.year == 2027


def test_gap_year_start_day_does_not_count() -> None:
    """From the last day of a gap year, stepping into a loaded year needs no gap-year day."""
    cal = CAL.with_years(EMPTY_2028)
    # 2028-01-01 Sat, 01-02 Sun, 01-03 Mon (1)
    assert cal.add_workdays(D(2027, 12, 31), 1) == D(2028, 1, 3)
    assert cal.workdays_between(D(2027, 12, 31), D(2028, 1, 3)) == 1


def test_gap_year_in_provisional_mode() -> None:
    """In provisional mode a step across the gap year is provisional, even if it lands in 2028."""
    cal = PROVISIONAL.with_years(EMPTY_2028)
    with pytest.warns(ProvisionalDataWarning):
        r = cal.add_workdays(D(2026, 12, 31), 1)
    assert (r, is_provisional(r)) == (D(2027, 1, 1), True)  # 2027-01-01 Fri, assumed (1)
    with pytest.warns(ProvisionalDataWarning):
        n = cal.workdays_between(D(2027, 12, 30), D(2028, 1, 3))
    # 2027-12-31 Fri assumed (1), 2028-01-01..02 weekend, 01-03 Mon (2)
    assert (n, is_provisional(n)) == (2, True)


def _day(**entry: object) -> dict[str, object]:
    return {"name": "元旦", "date": "2027-01-01", "isOffDay": True, **entry}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": "2027", "papers": [], "days": []}, "year"),
        ({"year": True, "papers": [], "days": []}, "year"),
        ({"year": 2027, "papers": "国办发明电", "days": []}, "papers"),
        ({"year": 2027, "papers": []}, "days"),
        ({"year": 2027, "papers": [], "days": {}}, "days"),
        ({"year": 2027, "papers": [], "days": ["2027-01-01"]}, "days[0]"),
        ({"year": 2027, "papers": [], "days": [_day(name="")]}, "days[0].name"),
        ({"year": 2027, "papers": [], "days": [_day(isOffDay="true")]}, "days[0].isOffDay"),
        ({"year": 2027, "papers": [], "days": [_day(), _day(date="2027/1/2")]}, "days[1].date"),
        ({"year": 2027, "papers": [], "days": [_day(date="2027-02-30")]}, "days[0].date"),
        ({"year": 2027, "papers": [], "days": [_day(date="2030-01-01")]}, "days[0].date"),
        ({"year": 2027, "papers": [], "days": [_day(), _day(isOffDay=False)]}, "days[1].date"),
    ],
)
def test_malformed_mapping_names_the_field(data: dict[str, Any], field: str) -> None:
    """A malformed mapping raises CalendarDataError naming the source and the field."""
    with pytest.raises(CalendarDataError) as info:
        CAL.with_years(data)
    assert str(info.value).startswith(f"mapping for {data['year']}: {field}: ")


def test_malformed_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    """A malformed file raises CalendarDataError naming the file and the field."""
    bad = {**NEW_YEAR_2027, "days": [_day(date="2027/1/1")]}
    path = write_json(tmp_path / "2027.json", bad)
    with pytest.raises(CalendarDataError, match=r"^2027\.json: days\[0\]\.date: "):
        CAL.with_years(path)


def test_file_that_is_not_json(tmp_path: Path) -> None:
    """A file that is not JSON raises CalendarDataError naming the file."""
    path = tmp_path / "2027.json"
    path.write_text("year: 2027\n", encoding="utf-8")
    with pytest.raises(CalendarDataError, match="not a UTF-8 JSON file") as info:
        CAL.with_years(path)
    assert str(path) in str(info.value)


def test_file_with_a_list_at_the_top(tmp_path: Path) -> None:
    """A JSON file holding a list, not an object, names the top level as the problem."""
    path = write_json(tmp_path / "2027.json", [NEW_YEAR_2027])
    with pytest.raises(CalendarDataError, match=r"^2027\.json: top level: "):
        CAL.with_years(path)


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist raises CalendarDataError naming the path."""
    path = tmp_path / "2099.json"
    with pytest.raises(CalendarDataError, match="cannot read") as info:
        CAL.with_years(path)
    assert str(path) in str(info.value)


# -- with_overlay ---------------------------------------------------------------------------------

# An invented regional day off on a national working day (Wednesday 2024-04-10).
NINGXIA_2024 = {
    "year": 2024,
    "region": "宁夏",
    "papers": ["invented for this test"],
    "days": [{"name": "开斋节", "date": "2024-04-10", "isOffDay": True}],
}
NINGXIA = CAL.with_overlay(NINGXIA_2024, region="宁夏")


def test_overlay_makes_a_national_workday_a_regional_day_off() -> None:
    """宁夏's 2024-04-10 is off while the national calendar works it."""
    assert CAL.is_workday(D(2024, 4, 10))
    assert not NINGXIA.is_workday(D(2024, 4, 10))
    # 4-10 off in 宁夏, 4-11 Thu (1)
    assert NINGXIA.add_workdays(D(2024, 4, 9), 1) == D(2024, 4, 11)
    assert NINGXIA.region == "宁夏"


def test_overlay_day_reports_the_regional_source() -> None:
    """day() says the overlay decided the regional day off, and the national data the others."""
    off = NINGXIA.day(D(2024, 4, 10))
    assert (off.kind, off.name, off.source.region) == ("holiday", "开斋节", "宁夏")
    assert str(off.source) == "mapping for 2024 (宁夏)"
    national = NINGXIA.day(D(2024, 4, 4))  # 清明节 2024, from the national data
    assert (national.kind, national.name, str(national.source)) == ("holiday", "清明节", BUNDLED)
    assert str(NINGXIA.day(D(2024, 4, 11)).source) == BUNDLED


def test_overlay_region_years_without_data_are_missing() -> None:
    """With a region selected, a year without its overlay raises, naming year and region."""
    with pytest.raises(CalendarDataMissing) as info:
        NINGXIA.is_workday(D(2023, 5, 5))
    assert (info.value.year, info.value.region) == (2023, "宁夏")
    assert "2023 for region 宁夏" in str(info.value)
    assert NINGXIA.years == (2024,)


def test_overlay_arithmetic_stepping_out_of_the_region_years() -> None:
    """Stepping from 2024 into 2025 without a 2025 overlay raises for 2025 and the region."""
    with pytest.raises(CalendarDataMissing) as info:
        NINGXIA.add_workdays(D(2024, 12, 31), 1)
    assert (info.value.year, info.value.region) == (2025, "宁夏")


def test_overlay_of_a_second_region_is_refused() -> None:
    """A calendar serves one region: an overlay for another one is a ValueError naming both."""
    with pytest.raises(ValueError, match="新疆") as info:
        NINGXIA.with_overlay({"year": 2024, "papers": [], "days": []}, region="新疆")
    assert "宁夏" in str(info.value)


def test_overlay_of_the_same_region_adds_a_year() -> None:
    """A second overlay of the same region adds its year."""
    cal = NINGXIA.with_overlay({"year": 2025, "papers": [], "days": []}, region="宁夏")
    assert cal.years == (2024, 2025)
    assert not cal.is_workday(D(2024, 4, 10))


def test_overlay_file_for_another_region_is_refused() -> None:
    """An overlay whose own region differs from the one asked for names the region field."""
    with pytest.raises(CalendarDataError, match="region"):
        CAL.with_overlay(NINGXIA_2024, region="新疆")


def test_overlay_from_a_file(tmp_path: Path) -> None:
    """An overlay file works like the mapping and names the file as source."""
    path = write_json(tmp_path / "ningxia-2024.json", NINGXIA_2024)
    cal = CAL.with_overlay(path, region="宁夏")
    assert not cal.is_workday(D(2024, 4, 10))
    assert str(cal.day(D(2024, 4, 10)).source) == "ningxia-2024.json (宁夏)"


# -- provisional mode (unknown_years="weekends") --------------------------------------------------


def test_provisional_date_when_an_unknown_day_was_used() -> None:
    """Stepping into 2027 assumes Monday-Friday, warns, and marks the date provisional."""
    with pytest.warns(ProvisionalDataWarning, match="provisional"):
        r = PROVISIONAL.add_workdays(D(2026, 12, 31), 1)
    # 2027-01-01 Fri, assumed working (1)
    assert r == D(2027, 1, 1)
    assert isinstance(r, ProvisionalDate)
    assert isinstance(r, dt.date)
    assert is_provisional(r)


def test_provisional_date_stepping_back_before_2004() -> None:
    """Stepping back from 2004-01-01 assumes 2003-12-31 (Wed) is worked."""
    with pytest.warns(ProvisionalDataWarning):
        r = PROVISIONAL.add_workdays(D(2004, 1, 1), -1)
    assert r == D(2003, 12, 31)
    assert is_provisional(r)


def test_provisional_count_when_an_unknown_day_was_used() -> None:
    """A count over (2026-12-31, 2027-01-08] is a provisional six."""
    # 1-1 Fri (1), 1-2..1-3 weekend, 1-4 (2), 1-5 (3), 1-6 (4), 1-7 (5), 1-8 (6), all assumed
    with pytest.warns(ProvisionalDataWarning):
        n = PROVISIONAL.workdays_between(D(2026, 12, 31), D(2027, 1, 8))
    assert n == 6
    assert isinstance(n, ProvisionalInt)
    assert is_provisional(n)


def test_plain_results_when_only_known_days_were_used() -> None:
    """Within the data, provisional mode returns plain dates and ints and does not warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = PROVISIONAL.add_workdays(D(2024, 2, 9), 1)
        n = PROVISIONAL.workdays_between(D(2024, 2, 3), D(2024, 2, 18))
        r0 = PROVISIONAL.add_workdays(D(2026, 12, 31), 0)  # next to 2027, but not using it
        n0 = PROVISIONAL.workdays_between(D(2003, 12, 31), D(2004, 1, 5))  # start not counted
    assert (type(r), r) == (dt.date, D(2024, 2, 18))
    assert (type(n), n) == (int, 7)
    assert (type(r0), r0) == (dt.date, D(2026, 12, 31))
    assert (type(n0), n0) == (int, 2)  # 1-2 (1), 1-5 (2)
    assert not any(map(is_provisional, (r, n, r0, n0)))


def test_provisional_day_says_it_was_assumed() -> None:
    """day() of an unknown year is Monday-Friday and provisional, with the assumed source."""
    with pytest.warns(ProvisionalDataWarning):
        day = PROVISIONAL.day(D(2027, 1, 1))
    assert (day.kind, day.provisional, day.source.kind) == ("workday", True, "assumed")


def test_provisional_is_workday_warns() -> None:
    """is_workday of an unknown day answers Monday-Friday and warns."""
    with pytest.warns(ProvisionalDataWarning):
        assert PROVISIONAL.is_workday(D(2027, 1, 2)) is False  # Saturday


def test_provisional_warning_can_be_made_an_error() -> None:
    """simplefilter('error', ProvisionalDataWarning) turns provisional results into errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProvisionalDataWarning)
        with pytest.raises(ProvisionalDataWarning):
            PROVISIONAL.add_workdays(D(2026, 12, 31), 1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: PROVISIONAL.is_workday(D(2027, 1, 4)),
        lambda: PROVISIONAL.day(D(2027, 1, 4)),
        lambda: PROVISIONAL.add_workdays(D(2026, 12, 31), 1),
        lambda: PROVISIONAL.workdays_between(D(2026, 12, 31), D(2027, 1, 8)),
        lambda: PROVISIONAL.next_workday(D(2026, 12, 31)),
        lambda: PROVISIONAL.previous_workday(D(2027, 1, 5)),
    ],
    ids=["is_workday", "day", "add_workdays", "workdays_between", "next", "previous"],
)
def test_provisional_warning_points_at_the_caller(call: Any) -> None:
    """The warning is attributed to the caller's line, not to the library's internals."""
    with pytest.warns(ProvisionalDataWarning) as record:
        call()
    assert record[0].filename == __file__
