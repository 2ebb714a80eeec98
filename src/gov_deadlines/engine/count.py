"""Counting a period past pauses: arithmetic on the calendar's index, no day-by-day loop.

A pause stops the clock on its first day and restarts it the day after its last. The due date is
the n-th *counted* day after the base day, a counted day being a working day (or, for calendar-day
periods, any day) that lies in no pause. With the pauses merged and sorted, the counted days in
each gap between them are known in O(1) (``workdays_between`` or a subtraction), so the walk costs
one lookup per pause, whatever the period's length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from gov_deadlines.calendar import WorkCalendar

__all__ = ["Span", "count_days", "count_workdays", "merge", "shift_months"]

#: A pause as an inclusive pair of days.
Span = tuple[dt.date, dt.date]

_DAY = dt.timedelta(days=1)


def merge(spans: Iterable[Span], base: dt.date) -> tuple[Span, ...]:
    """Pauses clipped to the days after ``base`` (the start day is never counted anyway),
    sorted, and merged where they overlap or touch, so that no day is deducted twice.

    >>> d = dt.date
    >>> merge([(d(2024, 3, 5), d(2024, 3, 6)), (d(2024, 2, 28), d(2024, 3, 4))], d(2024, 3, 1))
    ((datetime.date(2024, 3, 2), datetime.date(2024, 3, 6)),)
    """
    first = base + _DAY
    out: list[Span] = []
    for a, b in sorted((max(a, first), b) for a, b in spans if b >= first):
        if out and a <= out[-1][1] + _DAY:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)


def _walk(
    base: dt.date,
    n: int,
    spans: tuple[Span, ...],
    counted: Callable[[dt.date, dt.date], int],
    step: Callable[[dt.date, int], dt.date],
) -> dt.date:
    """The n-th counted day after ``base``: ``counted(a, b)`` counts the days in ``(a, b]``,
    ``step(d, k)`` gives the k-th counted day after ``d`` when no pause is in the way."""
    cur, left = base, n
    for a, b in spans:
        gap = counted(cur, a - _DAY)  # counted days between the last pause and this one
        if left <= gap:
            break
        left -= gap
        cur = b
    return step(cur, left)


def count_workdays(cal: WorkCalendar, base: dt.date, n: int, spans: tuple[Span, ...]) -> dt.date:
    """The n-th working day after ``base`` that lies in none of ``spans`` (merged, after base).

    >>> cal = WorkCalendar.default()
    >>> pause = ((dt.date(2024, 3, 25), dt.date(2024, 4, 19)),)
    >>> count_workdays(cal, dt.date(2024, 3, 1), 20, pause)   # 15 by 3/22, then 4/22-26
    datetime.date(2024, 4, 26)
    """
    if not spans or n <= 0:
        return cal.add_workdays(base, n)
    return _walk(base, n, spans, cal.workdays_between, cal.add_workdays)


def count_days(base: dt.date, n: int, spans: tuple[Span, ...]) -> dt.date:
    """The n-th calendar day after ``base`` that lies in none of ``spans`` (merged, after base).

    >>> pause = ((dt.date(2019, 8, 14), dt.date(2019, 8, 29)),)
    >>> count_days(dt.date(2019, 8, 2), 15, pause)    # 11 by 8/13, then 8/30-9/2
    datetime.date(2019, 9, 2)
    """
    if not spans or n <= 0:
        return base + dt.timedelta(days=n)
    return _walk(
        base, n, spans, lambda a, b: max(0, (b - a).days), lambda d, k: d + dt.timedelta(days=k)
    )


def shift_months(d: dt.date, months: int) -> dt.date:
    """``d`` moved by whole months, on the month's last day when it has no such day
    (民法典 Art. 202).

    >>> shift_months(dt.date(2024, 1, 31), 1), shift_months(dt.date(2024, 3, 31), -1)
    (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29))
    """
    from dateutil.relativedelta import relativedelta  # deferred: most periods are in days

    shifted: dt.date = d + relativedelta(months=months)
    return shifted
