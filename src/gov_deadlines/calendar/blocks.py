"""Two rules for reading a holiday arrangement, each stated once.

Every reader of arrangements asks the same two questions -- the calendar
(:mod:`~gov_deadlines.calendar.work_calendar`: conflicts, ``day()``, ``export_year``), the notice
grammar (:mod:`~gov_deadlines.calendar.notice_parser`: the statutory-day check) and amendments
(:func:`~gov_deadlines.calendar.notice.apply_amendment`) -- and answers them with these functions:

- :func:`notice_year`: which year's notice arranges a listed day (a December 元旦 day belongs to
  the next year's);
- :func:`block_day_off`: whether a Saturday or Sunday no source lists is part of a holiday break
  (法定节假日), and which listed day off names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

__all__ = ["block_day_off", "notice_year"]

#: The names a New Year's Day (元旦) entry goes by (the aliases of ``notice._ALIASES``).
_NEW_YEAR_NAMES = ("元旦", "新年")

_Listed = TypeVar("_Listed", bound="tuple[Any, ...]")


def notice_year(d: dt.date, name: str) -> int:
    """The year whose State Council notice arranges the listed day ``d`` named ``name``.

    A December day of a New Year's Day (元旦) break belongs to the next year's notice: the 2019
    notice (国办发明电〔2018〕15号) gave 2018-12-30 and 12-31 off and made Saturday 2018-12-29 a
    make-up workday, a year after the 2018 notice was written. So a source that defines only the
    December's year is not expected to know such a day, an amendment of the next year replaces
    it, and the next year's export includes it. Every other day belongs to its own year.

    >>> notice_year(dt.date(2018, 12, 29), "元旦"), notice_year(dt.date(2018, 12, 29), "春节")
    (2019, 2018)
    """
    if d.month == 12 and any(n in name for n in _NEW_YEAR_NAMES):
        return d.year + 1
    return d.year


def block_day_off(d: dt.date, listed: Mapping[dt.date, _Listed]) -> _Listed | None:
    """The listed day off whose break the unlisted weekend day ``d`` belongs to, else None.

    ``listed`` maps dates to tuples that start ``(is_off, name, ...)``. Sources differ in which
    days of a break they list: holiday-cn lists every day of a notice's range, chinese-calendar
    leaves out some Saturdays and Sundays (2015-09-05, in "9月3日至5日调休放假"). A notice's
    break is a run of days off that ends at working days, so walking from ``d`` over unlisted
    weekend days, ``d`` belongs to a break when one side reaches a listed day off and the other a
    listed day of either kind: a day off (a weekend in the middle of a break), or a make-up
    workday (调休上班日, at which the break ends: 9月6日（星期日）上班). A weekend that reaches an
    ordinary weekday on one side is an ordinary weekend, even next to a holiday (2016:
    "1月1日放假，与周末连休" leaves 1/2 and 1/3 weekend days).

    The day off returned names the day: the one before ``d`` when both sides are days off.
    None for a weekday or a listed date (they speak for themselves).

    >>> listed = {dt.date(2015, 9, 4): (True, "纪念日"), dt.date(2015, 9, 6): (False, "纪念日")}
    >>> block_day_off(dt.date(2015, 9, 5), listed)
    (True, '纪念日')
    """
    if d.weekday() < 5 or d in listed:
        return None
    before, after = _neighbour(d, -1, listed), _neighbour(d, 1, listed)
    if before is None or after is None:
        return None
    if before[0]:
        return before
    return after if after[0] else None


def _neighbour(d: dt.date, step: int, listed: Mapping[dt.date, _Listed]) -> _Listed | None:
    """The first listed day from ``d`` in direction ``step`` across unlisted weekend days."""
    x = d
    while True:  # at most two steps: a weekend has two days
        x += dt.timedelta(days=step)
        found = listed.get(x)
        if found is not None:
            return found
        if x.weekday() < 5:
            return None
