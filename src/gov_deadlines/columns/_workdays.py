"""The calendar over columns: add_workdays, workdays_between, is_workday, day_kind.

Each function is the column form of the :class:`~gov_deadlines.WorkCalendar` method of the
same name, with the same conventions and the same coverage decisions, element by element.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.columns._arith import count, in_span, is_work, nth
from gov_deadlines.columns._arrays import KINDS, CalendarArrays, arrays_for
from gov_deadlines.columns._convert import Column, Shape, broadcast, nulls_of, read_dates, read_ints
from gov_deadlines.columns._coverage import settle
from gov_deadlines.columns._result import Marked
from gov_deadlines.errors import DateOutOfRange, InvalidArgument

__all__ = ["add_workdays", "day_kind", "is_workday", "workdays_between"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

#: The days Python's ``datetime.date`` can hold, as numpy day numbers.
FIRST_DAY, LAST_DAY = -719162, 2932896


def add_workdays(
    dates: Any, n: Any, *, calendar: WorkCalendar | None = None, with_provisional: bool = False
) -> Any:
    """The ``n``-th working day (工作日) strictly after each date, as
    :meth:`WorkCalendar.add_workdays`: ``n < 0`` counts back, ``n == 0`` gives the date itself
    when it is a working day, else the next one. Nulls give nulls; scalars broadcast.

    >>> import numpy as np
    >>> add_workdays(np.array(["2024-02-09", "NaT"], dtype="datetime64[D]"), 1)
    array(['2024-02-18',        'NaT'], dtype='datetime64[D]')
    """
    arr, shape, nulls, (d, k) = _read(calendar, read_dates(dates, "dates"), read_ints(n, "n"))
    o, steps = _filled(arr, d.values, nulls), k.values
    r, prov = _add(arr, o, steps, k.scalar, nulls)
    return _finish(shape, shape.dates(r, nulls), prov, nulls, with_provisional)


def workdays_between(
    a: Any, b: Any, *, calendar: WorkCalendar | None = None, with_provisional: bool = False
) -> Any:
    """Working days in ``(a, b]`` per row (``a`` excluded, ``b`` included), negative when
    ``b < a``, as :meth:`WorkCalendar.workdays_between`.

    >>> import numpy as np
    >>> workdays_between(np.datetime64("2024-02-08"), np.array(["2024-02-19"], "datetime64[D]"))
    array([3])
    """
    arr, shape, nulls, (ca, cb) = _read(calendar, read_dates(a, "a"), read_dates(b, "b"))
    oa, ob = _filled(arr, ca.values, nulls), _filled(arr, cb.values, nulls)
    if arr.unk0 is None and in_span(arr, oa) and in_span(arr, ob):
        ia, ib = (oa, ob) if arr.off == 0 else (oa - arr.off, ob - arr.off)
        counts = np.take(arr.cum_abs, ib) - np.take(arr.cum_abs, ia)
        return _finish(shape, shape.ints(counts, nulls), None, nulls, with_provisional)
    _check_range(oa, nulls)
    _check_range(ob, nulls)
    counts = count(arr, ob) - count(arr, oa)
    prov = settle(arr, np.minimum(oa, ob) + 1, np.maximum(oa, ob), _valid(nulls))
    return _finish(shape, shape.ints(counts, nulls), prov, nulls, with_provisional)


def is_workday(
    dates: Any, *, calendar: WorkCalendar | None = None, with_provisional: bool = False
) -> Any:
    """True where the day is a working day, make-up workdays (调休上班日) included, as
    :meth:`WorkCalendar.is_workday`.

    >>> import numpy as np
    >>> is_workday(np.array(["2024-02-18", "2024-02-12"], dtype="datetime64[D]"))
    array([ True, False])
    """
    arr, shape, nulls, (d,) = _read(calendar, read_dates(dates, "dates"))
    o = _filled(arr, d.values, nulls)
    prov = _day_coverage(arr, o, nulls)
    return _finish(shape, shape.bools(is_work(arr, o), nulls), prov, nulls, with_provisional)


def day_kind(
    dates: Any, *, calendar: WorkCalendar | None = None, with_provisional: bool = False
) -> Any:
    """What each day is -- ``workday``, ``weekend``, ``holiday`` or ``makeup_workday`` -- as
    :attr:`WorkCalendar.day(d).kind <gov_deadlines.Day.kind>` (a weekend day inside a holiday
    block is a holiday).

    >>> import numpy as np
    >>> day_kind(np.array(["2024-02-10", "2024-02-18", "2024-02-24"], dtype="datetime64[D]"))
    array(['holiday', 'makeup_workday', 'weekend'], dtype=object)
    """
    arr, shape, nulls, (d,) = _read(calendar, read_dates(dates, "dates"))
    o = _filled(arr, d.values, nulls)
    prov = _day_coverage(arr, o, nulls)
    if in_span(arr, o):
        codes = arr.kinds[o - arr.lo]
    else:  # outside the span only the Monday-Friday week is known: workday or weekend
        codes = np.where(is_work(arr, o), 0, 1).astype(np.int8)
        i = o - arr.lo
        mid = (i >= 0) & (i < arr.size)
        codes[mid] = arr.kinds[i[mid]]
    return _finish(shape, shape.labels(codes, KINDS, nulls), prov, nulls, with_provisional)


# -- shared steps --------------------------------------------------------------------------------


def _read(
    calendar: WorkCalendar | None, *cols: Column
) -> tuple[CalendarArrays, Shape, Mask | None, list[Column]]:
    arr = arrays_for(calendar or WorkCalendar.default())
    shape, size, cols_ = broadcast(*cols)
    return arr, shape, nulls_of(size, *cols_), cols_


def _filled(arr: CalendarArrays, days: I64, nulls: Mask | None) -> I64:
    """Null rows read as the span's first day, so they never leave the fast path."""
    return days if nulls is None else np.where(nulls, arr.lo, days)


def _valid(nulls: Mask | None) -> Mask | None:
    return None if nulls is None else ~nulls


def _check_range(days: I64, nulls: Mask | None) -> None:
    bad = (days < FIRST_DAY) | (days > LAST_DAY)
    if nulls is not None:
        bad &= ~nulls
    if bad.any():
        first = days[bad][0].astype("datetime64[D]")
        raise InvalidArgument(f"dates must lie in 0001-01-01..9999-12-31, got {first}")


def _add(
    arr: CalendarArrays, o: I64, n: I64, scalar_n: bool, nulls: Mask | None
) -> tuple[I64, Mask | None]:
    """The arithmetic of :meth:`WorkCalendar.add_workdays` over arrays.

    With ``t = count(o) + n`` for ``n > 0`` and ``t = count(o) - work(o) + n + 1`` for
    ``n <= 0`` (for ``n == 0`` that is ``o`` itself when it works, else the next working day),
    the answer is ``nth(t)``; the days it used are ``[o + 1, r]``, ``[r, o - 1]`` or ``[o, r]``.
    """
    fast = _add_fast(arr, o, n, scalar_n)
    if fast is not None:
        return fast, None
    _check_range(o, nulls)
    t = count(arr, o) + n + ((n <= 0) & ~is_work(arr, o))
    r = nth(arr, t)
    bad = (r < FIRST_DAY) | (r > LAST_DAY)
    if nulls is not None:
        bad &= ~nulls
    if bad.any():
        k = int(np.argmax(bad))
        start = o[k].astype("datetime64[D]").item()
        raise DateOutOfRange(start, int(n[k]))
    a = np.minimum(o + (n > 0), r)
    b = np.maximum(r, o - (n < 0))
    return r, settle(arr, a, b, _valid(nulls))


def _add_fast(arr: CalendarArrays, o: I64, n: I64, scalar_n: bool) -> I64 | None:
    """Every row inside the span, no gaps in the data: two gathers, and for one positive
    ``n`` not even an addition (the second gather reads ``wd`` from ``n - 1`` on)."""
    if arr.unk0 is not None or not o.size:
        return None
    lo, hi = int(o.min()), int(o.max())
    if lo < arr.lo or hi > arr.hi:
        return None
    i = o if arr.off == 0 else o - arr.off
    if scalar_n and int(n[0]) > 0:
        k = int(n[0]) - 1
        # cum is non-decreasing: the largest index is that of the latest day.
        if int(arr.cum_abs[hi - arr.off]) + k >= arr.total:
            return None
        r: I64 = np.take(arr.wd[k:], np.take(arr.cum_abs, i))
        return r
    t = np.take(arr.cum_abs, i) + n - 1
    t += (n <= 0) & ~np.take(arr.work_abs, i)
    if int(t.min()) < 0 or int(t.max()) >= arr.total:
        return None
    r = np.take(arr.wd, t)
    return r


def _day_coverage(arr: CalendarArrays, o: I64, nulls: Mask | None) -> Mask | None:
    if arr.unk0 is None and in_span(arr, o):
        return None
    _check_range(o, nulls)
    return settle(arr, o, o, _valid(nulls))


def _finish(
    shape: Shape, values: Any, prov: Mask | None, nulls: Mask | None, with_provisional: bool
) -> Any:
    if not with_provisional:
        return values
    n = 1 if shape.kind == "scalar" else len(values)
    mask = np.zeros(n, dtype=bool) if prov is None else prov
    return Marked(values, shape.bools(mask, None))
