"""add_period: a :class:`~gov_deadlines.Period` after each date, by the Civil Code conventions.

The same answer as ``due(period, date).due`` element by element: the start day is not counted
(民法典 Art. 201); months and years end on the corresponding day, or the month's last day when
there is none (Art. 202); a last day off rolls to the next working day (Art. 203). Working-day
periods do not roll: their last day is a working day.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.columns._arith import count, is_work, nth
from gov_deadlines.columns._arrays import CalendarArrays
from gov_deadlines.columns._convert import read_dates
from gov_deadlines.columns._coverage import settle
from gov_deadlines.columns._workdays import (
    FIRST_DAY,
    LAST_DAY,
    _add,
    _filled,
    _finish,
    _read,
    _valid,
)
from gov_deadlines.errors import InvalidArgument
from gov_deadlines.periods import Period

__all__ = ["add_period", "plain_end", "roll", "shift_months"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]


def add_period(
    dates: Any,
    period: Period | str,
    *,
    calendar: WorkCalendar | None = None,
    with_provisional: bool = False,
) -> Any:
    """The last day of ``period`` counted from each date (a :class:`Period` or ``"30d"``,
    ``"3m"``, ``"20wd"``), as ``due(period, date).due``.

    >>> import numpy as np
    >>> add_period(np.array(["2024-01-31", "2024-09-01"], dtype="datetime64[D]"), "1m")
    array(['2024-02-29', '2024-10-08'], dtype='datetime64[D]')
    """
    p = Period.parse(period) if isinstance(period, str) else period
    if not isinstance(p, Period) or p.unit == "hours":
        raise InvalidArgument(
            "add_period counts working days, days, months or years (hour periods run from a "
            f"time of day: use check() per row); got {period!r}"
        )
    arr, shape, nulls, (d,) = _read(calendar, read_dates(dates, "dates"))
    o = _filled(arr, d.values, nulls)
    if p.unit == "workdays":
        n = np.full(1, p.amount, dtype=np.int64)
        r, prov = _add(arr, o, np.broadcast_to(n, o.shape), True, nulls)
    else:
        r, prov = roll(arr, plain_end(o, p.amount, p.unit), nulls)
    return _finish(shape, shape.dates(r, nulls), prov, nulls, with_provisional)


def plain_end(base: I64, amount: int | I64, unit: str) -> I64:
    """``base`` plus days, months or years (Art. 202 at month ends), before any rollover."""
    if unit == "days":
        return _in_range(base + amount)
    return shift_months(base, amount * 12 if unit == "years" else amount)


def shift_months(days: I64, months: int | I64) -> I64:
    """Each day moved by whole months, on the month's last day when it has no such day.

    >>> shift_months(np.array([19753]), 1).astype("datetime64[D]")  # 2024-01-31
    array(['2024-02-29'], dtype='datetime64[D]')
    """
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    day_of_month = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    first = target.astype("datetime64[D]").view(np.int64)
    length = (target + 1).astype("datetime64[D]").view(np.int64) - first
    return _in_range(first + np.minimum(day_of_month, length - 1))


def _in_range(days: I64) -> I64:
    if days.size and (int(days.min()) < FIRST_DAY or int(days.max()) > LAST_DAY):
        raise InvalidArgument("the period ends outside 0001-01-01..9999-12-31")
    return days


def roll(arr: CalendarArrays, end: I64, nulls: Mask | None) -> tuple[I64, Mask | None]:
    """A last day off moved to the next working day (民法典 Art. 203), as the scalar ``roll``:
    it asks whether ``end`` is a working day and, for a day off, ``next_workday(end)``: the
    days ``[end, r]``. Either answer rests on ``end``, so an assumed ``end`` marks the row
    even when it is (assumed) a working day.
    """
    work = is_work(arr, end)
    r = np.where(work, end, nth(arr, count(arr, end) + 1))
    return r, settle(arr, end, r, _valid(nulls))
