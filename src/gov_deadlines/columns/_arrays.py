"""The calendar's index as numpy arrays, built once per calendar and cached by its fingerprint.

Days are numpy's day numbers (``datetime64[D]`` as int64: days since 1970-01-01), so a column
converts to them with a view, not a loop. Within the index span ``cum[i]`` counts the working
days up to and including day ``lo + i``, ``wd[k]`` is the day of the ``(k+1)``-th working day
and ``unk0`` counts the days of years without data (padded with a leading 0, so a range
``[a, b]`` is ``unk0[b + 1] - unk0[a]``). Outside the span the Monday-Friday week continues in
closed form, exactly as :class:`~gov_deadlines.calendar.index.Index` does.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.calendar.index import Index, weekdays_upto
from gov_deadlines.errors import CalendarDataMissing, ProvisionalDataWarning

__all__ = ["KINDS", "CalendarArrays", "arrays_for"]

#: numpy day 0 (1970-01-01) as a proleptic Gregorian ordinal (``date.toordinal``).
EPOCH = dt.date(1970, 1, 1).toordinal()

#: Day kinds in code order: ``kinds[i]`` of a span day indexes this tuple.
KINDS = ("workday", "weekend", "holiday", "makeup_workday")

I64 = NDArray[np.int64]

_CACHE: dict[str, CalendarArrays] = {}
_CACHE_SIZE = 8  # a process rarely uses more calendars than this; each costs ~0.3 MB


class CalendarArrays:
    """One calendar's index as arrays (see the module docstring), plus what errors need."""

    __slots__ = (
        "cal", "cum", "cum_abs", "hi", "kinds", "lo", "off", "size", "total", "unk0", "w_before",
        "w_hi", "wd", "work", "work_abs",
    )  # fmt: skip

    def __init__(self, cal: WorkCalendar, ix: Index) -> None:
        self.cal = cal
        self.lo = ix.lo - EPOCH
        self.hi = ix.hi - EPOCH
        self.size = ix.size
        self.total = ix.total
        self.work: NDArray[np.bool_] = np.frombuffer(bytes(ix.work), dtype=np.uint8).astype(bool)
        self.cum: I64 = np.asarray(ix.cum, dtype=np.int64)
        self.wd: I64 = np.asarray(ix.wd, dtype=np.int64) - EPOCH
        self.unk0: I64 | None = None
        if ix.unk is not None:
            self.unk0 = np.concatenate(([0], np.asarray(ix.unk, dtype=np.int64)))
        # Working days before the span / up to its last day, for the closed form outside it.
        self.w_before = weekdays_upto(ix.lo - 1)
        self.w_hi = weekdays_upto(ix.hi)
        self.kinds = _kinds(cal, ix)
        # The fast paths index by day number directly (no subtraction pass over the column):
        # the counts and flags padded in front, from day ``off`` = min(lo, 0) on.
        self.off = min(self.lo, 0)
        pad = self.lo - self.off
        self.cum_abs: I64 = np.concatenate((np.zeros(pad, dtype=np.int64), self.cum))
        self.work_abs: NDArray[np.bool_] = np.concatenate((np.zeros(pad, dtype=bool), self.work))


def arrays_for(cal: WorkCalendar) -> CalendarArrays:
    """The arrays of ``cal``: two calendars with one fingerprint answer alike, so share them."""
    key = cal.fingerprint
    found = _CACHE.get(key)
    if found is None:
        ix = cal._index or cal._build()  # the calendar's own lazily built index
        found = CalendarArrays(cal, ix)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = found
    return found


def _kinds(cal: WorkCalendar, ix: Index) -> NDArray[np.int8]:
    """The kind code of every span day, from the scalar ``WorkCalendar.day`` itself.

    Asking the calendar keeps one definition of a kind (a weekend inside a holiday block is a
    holiday). Days of years without data are asked only when the calendar would answer for them
    (``unknown_years="weekends"``); otherwise they are never read, as every row using one raises.
    """
    code = {k: i for i, k in enumerate(KINDS)}
    out = np.empty(ix.size, dtype=np.int8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for i in range(ix.size):
            d = dt.date.fromordinal(ix.lo + i)
            try:
                out[i] = code[cal.day(d).kind]
            except CalendarDataMissing:
                out[i] = code["workday" if d.weekday() < 5 else "weekend"]
    return out
