"""Periods (期间) and the counting conventions of the Civil Code (民法典 Arts. 200-204).

A :class:`Period` is an amount and a unit. How a period is counted from a trigger -- the start day
excluded (Art. 201), month ends (Art. 202), the last day rolled past days off (Art. 203) -- is
applied by :mod:`gov_deadlines.evaluate`, which records every step; this module holds the value
type and the plain date arithmetic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, get_args

import attrs

from gov_deadlines.errors import InvalidArgument
from gov_deadlines.messages import text

__all__ = ["Period", "Start", "TriggerOnRestDay", "Unit", "add_calendar_period", "chinese_number"]

#: Units of a period: working days (工作日), calendar days (日), hours (小时), months (月),
#: years (年).
Unit = Literal["workdays", "days", "hours", "months", "years"]

#: Whether the trigger day is excluded (``"next_day"``, 民法典 Art. 201, the default) or counted
#: as the first day (``"same_day"``, some local practice).
Start = Literal["next_day", "same_day"]

#: A trigger on a day off is kept as it is (``"as_is"``, the default) or deemed to happen on the
#: next working day (``"next_workday"``, e.g. 收到申请之日 for a request e-mailed on a Sunday).
TriggerOnRestDay = Literal["as_is", "next_workday"]

_UNITS: tuple[str, ...] = get_args(Unit)
_SUFFIXES = {
    "wd": "workdays",
    "workdays": "workdays",
    "个工作日": "workdays",
    "工作日": "workdays",
    "d": "days",
    "days": "days",
    "日": "days",
    "天": "days",
    "h": "hours",
    "hours": "hours",
    "小时": "hours",
    "个小时": "hours",
    "m": "months",
    "months": "months",
    "个月": "months",
    "月": "months",
    "y": "years",
    "years": "years",
    "年": "years",
}
_NUMERAL = r"\d+|[零〇一二两三四五六七八九十百]+"
_PATTERN = re.compile(rf"\s*({_NUMERAL})\s*([A-Za-z个工作日天小时月年]+)\s*")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def chinese_number(text: str) -> int:
    """``"20"`` or a Chinese numeral as statutes write it: ``"十五"``, ``"两"``, ``"一百八十"``.

    >>> chinese_number("十五"), chinese_number("两"), chinese_number("一百八十")
    (15, 2, 180)
    """
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:  # 十 or 百: multiplies the digit before it (十五: an implied one)
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
    return total + digit


def _amount(_: Period, __: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidArgument(f"Period amount must be a non-negative int, got {value!r}")


def _unit(_: Period, __: attrs.Attribute[str], value: str) -> None:
    if value not in _UNITS:
        raise InvalidArgument(f"Period unit must be one of {', '.join(_UNITS)}; got {value!r}")


@attrs.frozen
class Period:
    """An amount of time in one unit: ``Period(20, "workdays")``.

    >>> Period.parse("20wd")
    Period(amount=20, unit='workdays')
    >>> str(Period(30, "days"))
    '30d'
    """

    amount: int = attrs.field(validator=_amount)
    unit: Unit = attrs.field(validator=_unit)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``"20wd"``, ``"30d"``, ``"24h"``, ``"3m"``, ``"1y"`` (or ``"20个工作日"``).

        >>> Period.parse("15个工作日"), Period.parse("二十个工作日"), Period.parse("一百八十日")
        (Period(amount=15, unit='workdays'), Period(amount=20, unit='workdays'), \
Period(amount=180, unit='days'))
        """
        if not isinstance(text, str):
            raise InvalidArgument.coded("errors.period_type", value=text)
        m = _PATTERN.fullmatch(text)
        unit = _SUFFIXES.get(m.group(2).lower()) if m else None
        if m is None or unit is None:
            raise InvalidArgument.coded("errors.period", text=text)
        return cls(chinese_number(m.group(1)), unit)  # type: ignore[arg-type]

    def __str__(self) -> str:
        suffix = {"workdays": "wd", "days": "d", "hours": "h", "months": "m", "years": "y"}
        return f"{self.amount}{suffix[self.unit]}"

    def describe(self, lang: str = "en") -> str:
        """The period in words: ``"20 working days"`` / ``"20个工作日"``.

        >>> Period(3, "months").describe("zh")
        '3个月'
        """
        unit = text(f"words.unit.{self.unit}", lang)
        return text("words.amount", lang, n=self.amount, unit=unit)


def add_calendar_period(start: dt.date, amount: int, unit: Unit) -> dt.date:
    """The day ``amount`` days/months/years after ``start``, before any rollover.

    Months and years end on the corresponding day, or on the last day of the month when there is
    none (民法典 Art. 202).

    >>> add_calendar_period(dt.date(2024, 1, 31), 1, "months")
    datetime.date(2024, 2, 29)
    """
    if unit == "days":
        return start + dt.timedelta(days=amount)
    from dateutil.relativedelta import relativedelta  # deferred: not needed for workday periods

    if unit == "months":
        end: dt.date = start + relativedelta(months=amount)
        return end
    if unit == "years":
        end = start + relativedelta(years=amount)
        return end
    raise InvalidArgument(f"add_calendar_period handles days, months and years, not {unit!r}")
