"""The calendar's reading rules: breaks, 元旦 days, names, moments in time, typed errors.

Expected values come from the State Council notices in ``../shared/data/notices/`` and, where
named, holiday-cn's transcriptions; none is computed with the code under test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import gov_deadlines
from gov_deadlines import (
    CalendarDataError,
    DateParseError,
    GovDeadlinesError,
    RegisterError,
    WorkCalendar,
    apply_amendment,
    parse_notice,
)
from gov_deadlines.calendar.blocks import block_day_off, notice_year
from gov_deadlines.calendar.day import china_date
from gov_deadlines.calendar.regions import resolve_region
from gov_deadlines.errors import DateOutOfRange, InvalidArgument, UnknownRegion

D = dt.date
CAL = WorkCalendar.default()
UTC = dt.UTC
#: The name the special notice gives the break (国发明电〔2015〕1号, its title).
ANNIVERSARY = "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"


# -- a weekend day inside a holiday break ---------------------------------------------------------


def test_2015_anniversary_saturday_is_a_holiday() -> None:
    """Saturday 2015-09-05 is a day of the break "9月3日至5日调休放假" (国发明电〔2015〕1号)."""
    day = CAL.day(D(2015, 9, 5))
    assert (day.kind, day.name) == ("holiday", ANNIVERSARY)


def test_2015_anniversary_sunday_is_still_worked() -> None:
    """Sunday 2015-09-06 is the break's make-up workday: "9月6日（星期日）上班"."""
    day = CAL.day(D(2015, 9, 6))
    assert (day.kind, day.name) == ("makeup_workday", ANNIVERSARY)


def test_weekend_joined_to_a_holiday_by_ordinary_weekdays_is_a_weekend() -> None:
    """2016 元旦 "1月1日放假，与周末连休": Saturday 2016-01-02 stays an ordinary weekend day."""
    assert (CAL.day(D(2016, 1, 2)).kind, CAL.day(D(2016, 1, 2)).name) == ("weekend", None)


def test_sunday_between_a_makeup_saturday_and_a_day_off_is_a_holiday() -> None:
    """An unlisted Sunday after a make-up Saturday and before a Monday off is in the break."""
    cal = CAL.with_years(
        {
            "year": 2027,
            "papers": ["invented for this test"],
            "days": [
                {"name": "端午节", "date": "2027-06-05", "isOffDay": False},  # Saturday, worked
                {"name": "端午节", "date": "2027-06-07", "isOffDay": True},  # Monday off
            ],
        }
    )
    day = cal.day(D(2027, 6, 6))
    assert (day.kind, day.name) == ("holiday", "端午节")


def test_block_day_off_is_none_for_a_weekday() -> None:
    """The break rule speaks only of unlisted Saturdays and Sundays."""
    listed = {D(2015, 9, 3): (True, ANNIVERSARY), D(2015, 9, 4): (True, ANNIVERSARY)}
    assert block_day_off(D(2015, 9, 2), listed) is None  # a Wednesday


def test_notice_statutory_check_uses_the_break_rule() -> None:
    """A statutory Sunday the notice leaves out between two listed days off counts as off."""
    # 2017-01-01 is a Sunday; the text lists Saturday 12-31 and Monday 1-2 only.
    notice = parse_notice("一、元旦：2016年12月31日、2017年1月2日放假。", year=2017)
    assert [(s.holiday, s.date) for s in notice.statutory] == [("元旦", D(2017, 1, 1))]


# -- a December 元旦 day belongs to next year's notice ---------------------------------------------


def test_december_new_year_day_belongs_to_the_next_notice() -> None:
    """2018-12-29, worked for 元旦 under the 2019 notice (国办发明电〔2018〕15号), is a 2019 day."""
    assert notice_year(D(2018, 12, 29), "元旦") == 2019


def test_other_december_days_belong_to_their_own_year() -> None:
    """A December day of any other holiday belongs to its own year's notice."""
    assert notice_year(D(2018, 12, 29), "春节") == 2018


def test_january_new_year_day_belongs_to_its_own_year() -> None:
    """1 January is arranged by the notice of its own year."""
    assert notice_year(D(2019, 1, 1), "元旦") == 2019


def test_export_of_2019_holds_the_december_new_year_days() -> None:
    """export_year(2019) includes 2018-12-29 (worked), 12-30 and 12-31 (off) of the 2019 notice."""
    days = {e["date"]: e["isOffDay"] for e in CAL.export_year(2019)["days"]}  # type: ignore[union-attr]
    assert [days.get(f"2018-12-{d}") for d in (29, 30, 31)] == [False, True, True]


def test_amendment_replaces_the_december_new_year_days_of_its_year() -> None:
    """Amending 2019's 元旦 drops the base's 2018-12-29..31 days, which belong to 2019's notice."""
    base = {
        "year": 2019,
        "papers": [],
        "days": [
            {"name": "元旦", "date": "2018-12-29", "isOffDay": False},
            {"name": "元旦", "date": "2018-12-30", "isOffDay": True},
            {"name": "元旦", "date": "2018-12-31", "isOffDay": True},
            {"name": "元旦", "date": "2019-01-01", "isOffDay": True},
        ],
    }
    fix = parse_notice("国务院办公厅关于调整2019年元旦假期安排的通知\n一、元旦：1月1日放假。")
    days = [e["date"] for e in apply_amendment(base, fix)["days"]]
    assert days == ["2019-01-01"]


# -- names from the notice ------------------------------------------------------------------------


@pytest.mark.parametrize("day", range(1, 9))
def test_2009_national_day_block_carries_the_combined_name(day: int) -> None:
    """2009 notice 六、国庆节、中秋节：10月1日至8日放假: each day off is named 国庆节、中秋节."""
    got = CAL.day(D(2009, 10, day))
    assert (got.kind, got.name) == ("holiday", "国庆节、中秋节")


@pytest.mark.parametrize("date", [D(2009, 9, 27), D(2009, 10, 10)])
def test_2009_national_day_makeup_days_carry_the_combined_name(date: dt.date) -> None:
    """2009 notice: "9月27日（星期日）、10月10日（星期六）上班", in the 国庆节、中秋节 item."""
    got = CAL.day(date)
    assert (got.kind, got.name) == ("makeup_workday", "国庆节、中秋节")


def test_2009_names_cite_the_notice() -> None:
    """The corrected names come from the errata, which cite 国办发明电〔2008〕42号."""
    source = CAL.day(D(2009, 10, 3)).source
    assert source.label == "errata.json"
    assert any("国办发明电〔2008〕42号" in p for p in source.papers)


# -- a moment is read in China time ---------------------------------------------------------------


def test_aware_datetime_is_read_in_china_time() -> None:
    """20:00 UTC on 2024-02-09 is 04:00 on 2024-02-10 in Beijing, a 春节 day off."""
    assert CAL.is_workday(dt.datetime(2024, 2, 9, 20, 0, tzinfo=UTC)) is False


def test_naive_datetime_keeps_its_date() -> None:
    """A naive 2024-02-09 20:00 is 2024-02-09, a working Friday (除夕 is not a day off in 2024)."""
    assert CAL.is_workday(dt.datetime(2024, 2, 9, 20, 0)) is True


def test_day_of_an_aware_datetime_is_the_china_date() -> None:
    """day() of 2024-02-09T20:00Z describes 2024-02-10."""
    assert CAL.day(dt.datetime(2024, 2, 9, 20, 0, tzinfo=UTC)).date == D(2024, 2, 10)


def test_add_workdays_counts_from_the_china_date() -> None:
    """From 2024-02-10 (Beijing) the next working day is the make-up Sunday 2024-02-18."""
    # 2-11..2-17 off, 2-18 make-up Sun (1)
    assert CAL.add_workdays(dt.datetime(2024, 2, 9, 20, 0, tzinfo=UTC), 1) == D(2024, 2, 18)


def test_workdays_between_uses_china_dates() -> None:
    """(2024-02-10, 2024-02-19] in Beijing holds 2-18 and 2-19: 2 working days."""
    start = dt.datetime(2024, 2, 9, 20, 0, tzinfo=UTC)  # 2024-02-10 04:00 in Beijing
    assert CAL.workdays_between(start, D(2024, 2, 19)) == 2


def test_china_date_of_a_western_zone() -> None:
    """12:00 at UTC-5 on 2024-02-09 is 01:00 on 2024-02-10 in Beijing."""
    minus5 = dt.timezone(dt.timedelta(hours=-5))
    assert china_date(dt.datetime(2024, 2, 9, 12, 0, tzinfo=minus5)) == D(2024, 2, 10)


def test_china_date_of_a_date_is_the_date() -> None:
    """A date is already a calendar date."""
    assert china_date(D(2024, 2, 9)) == D(2024, 2, 9)


def test_china_date_refuses_text() -> None:
    """A string is not a date: InvalidArgument, which is also a TypeError."""
    with pytest.raises(TypeError, match="str"):
        china_date("2024-02-09")


# -- typed errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.is_workday("2024-02-09"),
        lambda: CAL.add_workdays(D(2024, 2, 9), 1.5),
        lambda: WorkCalendar.default(unknown_years="guess"),
        lambda: resolve_region(5),
        lambda: parse_notice(20270101),
        lambda: parse_notice("1月1日放假。", year="2027"),
        lambda: parse_notice("1月1日放假。", year=2027).describe("fr"),
        lambda: WorkCalendar(CAL._national, CAL._national),
    ],
    ids=["date", "n", "unknown_years", "region", "text", "year", "lang", "overlays"],
)
def test_bad_arguments_raise_invalid_argument(call: Any) -> None:
    """A wrong argument raises InvalidArgument: a GovDeadlinesError, ValueError and TypeError."""
    with pytest.raises(InvalidArgument) as info:
        call()
    assert isinstance(info.value, GovDeadlinesError | ValueError)
    assert isinstance(info.value, TypeError)


def test_unknown_region_is_typed() -> None:
    """An unknown region raises UnknownRegion, a GovDeadlinesError, LookupError and ValueError."""
    with pytest.raises(UnknownRegion, match="CN-NX") as info:
        resolve_region("Atlantis")
    assert isinstance(info.value, GovDeadlinesError | LookupError)
    assert (info.value.name, isinstance(info.value, ValueError)) == ("Atlantis", True)


def test_result_past_date_max_is_date_out_of_range() -> None:
    """Counting past 9999-12-31 raises DateOutOfRange, a GovDeadlinesError and ValueError."""
    with pytest.raises(DateOutOfRange) as info:
        CAL.add_workdays(dt.date.max, 1)
    assert isinstance(info.value, GovDeadlinesError) and isinstance(info.value, ValueError)


def test_overlay_outside_the_national_years_is_a_data_error() -> None:
    """An overlay covering no national year is a CalendarDataError naming what to load."""
    overlay = {"year": 2031, "papers": [], "days": []}
    with pytest.raises(CalendarDataError, match="with_years"):
        CAL.with_overlay(overlay, region="宁夏")


def test_date_parse_and_register_errors_are_public() -> None:
    """DateParseError and RegisterError are in gov_deadlines' namespace and __all__."""
    assert {"DateParseError", "RegisterError"} <= set(gov_deadlines.__all__)
    assert issubclass(DateParseError, GovDeadlinesError)
    assert issubclass(RegisterError, GovDeadlinesError)


def test_old_import_paths_still_work() -> None:
    """gov_deadlines.dates and gov_deadlines.io.readers still export the same classes."""
    from gov_deadlines.dates import DateParseError as FromDates
    from gov_deadlines.io.readers import RegisterError as FromReaders

    assert (FromDates, FromReaders) == (DateParseError, RegisterError)
