"""Index arithmetic over whole arrays of days: count, nth, the working flag, unknown ranges.

Every function is the array form of one method of :class:`~gov_deadlines.calendar.index.Index`
and takes numpy day numbers (see :mod:`._arrays`). Each is O(1) per element: a gather inside the
span, the Monday-Friday closed form outside it; no Python loop over rows.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.columns._arrays import EPOCH, CalendarArrays

__all__ = ["count", "in_span", "is_work", "nth", "unknown"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]


def in_span(arr: CalendarArrays, days: I64) -> bool:
    """True when every day lies inside the index span (the fast, gather-only case)."""
    return days.size == 0 or (int(days.min()) >= arr.lo and int(days.max()) <= arr.hi)


def _weekdays_upto(o: I64) -> I64:
    """Monday-Friday days with ordinal in [1, o] (ordinal 1 is a Monday), as in index.py."""
    r: I64 = 5 * (o // 7) + np.minimum(o % 7, 5)
    return r


def _kth_weekday(k: I64) -> I64:
    k = k - 1
    r: I64 = 7 * (k // 5) + k % 5 + 1
    return r


def count(arr: CalendarArrays, days: I64, inside: bool | None = None) -> I64:
    """Working days in ``[lo, d]`` (negative counts before the span), per element."""
    i = days - arr.lo
    if inside if inside is not None else in_span(arr, days):
        return arr.cum[i]
    o = days + EPOCH
    w = _weekdays_upto(o)
    out = np.where(i < 0, w - arr.w_before, arr.total + w - arr.w_hi)
    mid = (i >= 0) & (i < arr.size)
    out[mid] = arr.cum[i[mid]]
    return out


def nth(arr: CalendarArrays, t: I64) -> I64:
    """The day ``w`` with ``count(w) == t`` (a working day), per element."""
    if t.size == 0 or (int(t.min()) >= 1 and int(t.max()) <= arr.total):
        return arr.wd[t - 1]
    below = _kth_weekday(arr.w_before + t) - EPOCH
    above = _kth_weekday(arr.w_hi + t - arr.total) - EPOCH
    out = np.where(t < 1, below, above)
    mid = (t >= 1) & (t <= arr.total)
    out[mid] = arr.wd[t[mid] - 1]
    return out


def is_work(arr: CalendarArrays, days: I64, inside: bool | None = None) -> Mask:
    """The working flag per element (Monday-Friday outside the span)."""
    i = days - arr.lo
    if inside if inside is not None else in_span(arr, days):
        return arr.work[i]
    out: Mask = (days + EPOCH) % 7 % 6 != 0  # ordinal % 7: 6 is Saturday, 0 Sunday
    mid = (i >= 0) & (i < arr.size)
    out[mid] = arr.work[i[mid]]
    return out


def unknown(arr: CalendarArrays, a: I64, b: I64) -> Mask:
    """True where some day of ``[a, b]`` belongs to a year without data (False when b < a)."""
    out: Mask = (a < arr.lo) | (b > arr.hi)
    if arr.unk0 is not None:
        i = np.clip(a - arr.lo, 0, arr.size)
        j = np.clip(b - arr.lo + 1, 0, arr.size)
        out |= arr.unk0[j] > arr.unk0[i]
    out &= b >= a
    return out
