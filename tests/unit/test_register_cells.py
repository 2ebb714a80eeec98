"""Cells as offices type them (issue 9): dates, extensions, "not done" markers.

Every expected value is written by hand. 2024-02-08 was a Thursday (星期四): the 2024 calendar
printed in the notice 国办发明电〔2023〕7号 has 2月10日 (Saturday) as 春节 day one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gov_deadlines.cli.verdicts import parse_extension
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.periods import Period

THURSDAY = dt.date(2024, 2, 8)


@pytest.mark.parametrize(
    "text",
    [
        "2024年2月8日星期四",
        "2024年2月8日（周四）",
        "2024年2月8日(周四)",
        "2024年2月8日 礼拜四",
        "2024 年 2 月 8 日",
        "2024年 2月 8日",
        "二〇二四年二月八日",
        "二零二四年二月八日",
        "'2024-02-08",
        "'2024年2月8日",
        "２０２４年２月８日",
    ],
)
def test_dates_people_type(text: str) -> None:
    """Weekdays, spaces, Chinese numerals and Excel's apostrophe around 2024-02-08."""
    assert parse_date(text) == THURSDAY


def test_afternoon_time() -> None:
    """下午 4:45 is 16:45."""
    assert parse_date("2024/2/8 下午 4:45") == dt.datetime(2024, 2, 8, 16, 45)


def test_morning_time_and_24_hour_afternoon() -> None:
    """上午 9:30 stays 09:30; 下午 16:45 is already past noon and stays."""
    assert parse_date("2024/2/8 上午 9:30") == dt.datetime(2024, 2, 8, 9, 30)
    assert parse_date("2024/2/8 下午 16:45") == dt.datetime(2024, 2, 8, 16, 45)


def test_chinese_numeral_month_and_day() -> None:
    """十二月三十一日: month 12, day 31; 二十八日: day 28."""
    assert parse_date("二〇二四年十二月三十一日") == dt.date(2024, 12, 31)
    assert parse_date("二〇二五年一月二十八日") == dt.date(2025, 1, 28)


def test_hours_written_with_dian() -> None:
    """下午4点45分 is 16:45."""
    assert parse_date("2024年2月8日下午4点45分") == dt.datetime(2024, 2, 8, 16, 45)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("08/02/2024", "ambiguous"),  # day and month order unknown
        ("2024年2月8日星期五", "impossible"),  # 2024-02-08 was a Thursday
        ("٢٠٢٤-٠٢-٠٨", "unrecognised"),  # Arabic-Indic digits
        ("२०२४-०२-०८", "unrecognised"),  # Devanagari digits
        ("①", "unrecognised"),  # a circled digit
        ("2024/2/8 下午", "unrecognised"),  # half a day without a time
        ("2024年2月8日 上午 16:45", "impossible"),
        ("二〇二四年十三月八日", "impossible"),
        ("9999-12-31T23:59-01:00", "impossible"),  # the year 10000 in China
        ("0001-01-01T00:00+09:00", "impossible"),  # before year 1 in China
    ],
)
def test_refused(text: str, code: str) -> None:
    """Ambiguous, inconsistent or foreign-script dates are refused, with the right code."""
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert info.value.code == code
    assert info.value.value == text


def test_refusal_speaks_chinese() -> None:
    """The out-of-range date is reported in Chinese too."""
    with pytest.raises(DateParseError) as info:
        parse_date("9999-12-31T23:59-01:00")
    assert "不存在" in info.value.message("zh")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20", 20),
        (20, 20),
        (20.0, 20),  # an XLSX number cell
        ("0", 0),
        ("20个工作日", Period(20, "workdays")),
        ("二十个工作日", Period(20, "workdays")),
        ("20wd", Period(20, "workdays")),
    ],
)
def test_extension_cells(value: object, expected: object) -> None:
    """A whole number of the rule's units, or a period with its unit."""
    assert parse_extension(value, "en") == expected


@pytest.mark.parametrize(
    "value", ["-5", -5, "inf", float("inf"), float("nan"), 1.9, "1.9", True, False, "abc", "+3"]
)
def test_extension_cells_refused(value: object) -> None:
    """Negative, infinite, fractional (never truncated) or boolean extensions are refused."""
    with pytest.raises(ValueError, match="extension"):
        parse_extension(value, "en")


def test_extension_refusal_in_chinese() -> None:
    """The refusal says, in Chinese, how to write it."""
    with pytest.raises(ValueError, match="20个工作日"):
        parse_extension("1.9", "zh")
