"""The precomputed working-day index: constant-time counting and stepping over day ordinals.

Within the index span every day has a working flag and ``cum[i]``, the number of working days from
the first day of the span up to and including day ``i``; ``wd[k]`` is the ordinal of the
``(k+1)``-th working day. "The n-th working day after d" is then ``wd[cum[d] + n - 1]`` and
"working days in (a, b]" is ``cum[b] - cum[a]``: index arithmetic, no loops (the design of
exchange_calendars' session arrays). :meth:`Index.after` and :meth:`Index.between` are the hot
paths for the common case, where every day involved is inside the span and in a loaded year;
``after`` hands out prebuilt ``date`` objects, as building one costs more than the arithmetic.

Outside the span the count continues with the Monday-Friday week in closed form, so provisional
results for years without data stay O(1) as well. Whether a result may use such days is decided by
the caller (:class:`~gov_deadlines.calendar.work_calendar.WorkCalendar`), via :meth:`Index.unknown`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from itertools import accumulate

__all__ = ["Index", "kth_weekday", "weekdays_upto"]


def weekdays_upto(o: int) -> int:
    """Monday-Friday days with ordinal in [1, o]; ordinal 1 (0001-01-01) is a Monday.

    >>> weekdays_upto(7), weekdays_upto(8)
    (5, 6)
    """
    return 5 * (o // 7) + min(o % 7, 5)


def kth_weekday(k: int) -> int:
    """The ordinal of the k-th Monday-Friday day counted from ordinal 1 (inverse of the above).

    >>> kth_weekday(6)
    8
    """
    k -= 1
    return 7 * (k // 5) + k % 5 + 1


class Index:
    """Working-day flags and cumulative counts for the span ``[lo, hi]`` of day ordinals.

    ``is_off`` gives every listed exception to the Monday-Friday week; ``known_years`` are the
    years whose arrangement is loaded (days of other years inside the span are flagged unknown).
    """

    __slots__ = (
        "_w_before",
        "_w_hi",
        "cum",
        "hi",
        "lo",
        "size",
        "total",
        "unk",
        "wd",
        "wd_dates",
        "work",
    )

    def __init__(
        self,
        lo: dt.date,
        hi: dt.date,
        is_off: Mapping[dt.date, bool],
        known_years: Collection[int],
    ) -> None:
        self.lo = lo0 = lo.toordinal()
        self.hi = hi.toordinal()
        self.size = n = self.hi - lo0 + 1
        # lo0 % 7 gives the weekday of lo0 shifted by one (ordinal 1 is a Monday): 0 is Sunday.
        work = bytearray(1 if (lo0 + i) % 7 not in (6, 0) else 0 for i in range(n))
        for d, off in is_off.items():
            i = d.toordinal() - lo0
            if 0 <= i < n:
                work[i] = 0 if off else 1
        self.work = work
        self.cum = list(accumulate(work))
        self.wd = [lo0 + i for i, w in enumerate(work) if w]
        self.wd_dates = [dt.date.fromordinal(o) for o in self.wd]
        self.total = len(self.wd)
        unknown = bytearray(n)
        gaps = False
        for year in range(lo.year, hi.year + 1):
            if year not in known_years:
                gaps = True
                a = dt.date(year, 1, 1).toordinal() - lo0
                b = dt.date(year, 12, 31).toordinal() - lo0
                unknown[a : b + 1] = b"\x01" * (b - a + 1)
        self.unk = list(accumulate(unknown)) if gaps else None
        self._w_before = weekdays_upto(lo0 - 1)
        self._w_hi = weekdays_upto(self.hi)

    def after(self, o: int, n: int) -> dt.date | None:
        """The ``n``-th working day after ``o`` (``n > 0``), or None unless it is plainly known.

        None when ``o`` or the result lies outside the span, or a day in ``(o, result]`` belongs to
        a year without data: the caller then takes the general path (errors, provisional marks).
        """
        i = o - self.lo
        if 0 <= i < self.size:
            t = self.cum[i] + n
            if t <= self.total:
                unk = self.unk
                # unk is cumulative: equal values mean no unknown day in (o, result].
                if unk is None or unk[self.wd[t - 1] - self.lo] == unk[i]:
                    return self.wd_dates[t - 1]
        return None

    def between(self, a: int, b: int) -> int | None:
        """Working days in ``(a, b]`` (negative when ``b < a``), or None unless plainly known.

        None when ``a`` or ``b`` lies outside the span or a day between them belongs to a year
        without data.
        """
        lo, size = self.lo, self.size
        i, j = a - lo, b - lo
        if 0 <= i < size and 0 <= j < size:
            unk = self.unk
            if unk is None or unk[i] == unk[j]:
                return self.cum[j] - self.cum[i]
        return None

    def count(self, o: int) -> int:
        """Working days in ``[lo, o]``; for ``o < lo``, minus the working days in ``(o, lo)``."""
        i = o - self.lo
        if 0 <= i < len(self.cum):
            return self.cum[i]
        if i >= 0:
            return self.total + weekdays_upto(o) - self._w_hi
        return weekdays_upto(o) - self._w_before

    def nth(self, t: int) -> int:
        """The ordinal of the working day ``w`` with ``count(w) == t``."""
        if 1 <= t <= self.total:
            return self.wd[t - 1]
        if t > self.total:
            return kth_weekday(self._w_hi + t - self.total)
        return kth_weekday(self._w_before + t)

    def is_work(self, o: int) -> bool:
        """The working flag of ordinal ``o`` (Monday-Friday outside the span)."""
        i = o - self.lo
        if 0 <= i < len(self.work):
            return bool(self.work[i])
        return o % 7 not in (6, 0)

    def unknown(self, a: int, b: int) -> bool:
        """True if any day in ``[a, b]`` belongs to a year without loaded data."""
        if a < self.lo or b > self.hi:
            return True
        if self.unk is None:
            return False
        i = a - self.lo
        return self.unk[b - self.lo] - (self.unk[i - 1] if i else 0) > 0
