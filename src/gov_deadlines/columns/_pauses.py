"""Pauses (不计算在期限内的时间) over columns: read, admit, merge, and count past them.

The array form of ``engine.steps.admit_pauses``, ``engine.count.merge``/``count_workdays`` and
the pause part of ``engine.verdict._as_of``, for working-day periods, with the same calendar
lookups (so coverage errors and provisional marks match). A row takes this path when its pauses
are plain -- at most :data:`MAX_PAUSES` pairs of dates with an optional kind, none reversed, none
ending before the trigger or starting after the case closed; any other row goes to ``check()``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.columns._arith import count, nth
from gov_deadlines.columns._arrays import EPOCH, CalendarArrays
from gov_deadlines.results import Pause

if TYPE_CHECKING:
    from gov_deadlines.columns._check import _Coverage

__all__ = ["MAX_PAUSES", "NONE", "SENT", "Paused", "merge", "pending_left", "walk"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

MAX_PAUSES = 4  # more pauses than this in one case is rare: such rows go to check()
SENT = np.iinfo(np.int64).max // 4  # an empty pause slot (sorts last; arithmetic stays safe)
NONE = -1  # the kind code of a pause of no named kind
_DATE = dt.date


class Paused:
    """The plain pauses of some rows: ``start``/``end`` (rows x MAX_PAUSES day numbers, empty
    slots ``SENT``), ``kind`` codes into ``kinds``, and ``pos[i]``, row i's line (-1: none)."""

    def __init__(self, n: int) -> None:
        self.pos = np.full(n, -1, dtype=np.int64)
        self.kinds: dict[str, int] = {}
        self.start = self.end = self.kind = np.zeros((0, MAX_PAUSES), dtype=np.int64)

    @classmethod
    def read(cls, items: list[Any], rows: I64, n: int) -> Paused:
        """The rows (of ``rows``) whose pauses are plain; the others keep ``pos`` -1."""
        self = cls(n)
        starts, ends, kinds, kept = [], [], [], []
        for i in rows.tolist():
            parsed = self._row(items[i])
            if parsed is not None:
                kept.append(i)
                starts.append(parsed[0])
                ends.append(parsed[1])
                kinds.append(parsed[2])
        self.pos[np.array(kept, dtype=np.int64)] = np.arange(len(kept))
        shape = (len(kept), MAX_PAUSES)
        self.start = np.array(starts, dtype=np.int64).reshape(shape)
        self.end = np.array(ends, dtype=np.int64).reshape(shape)
        self.kind = np.array(kinds, dtype=np.int64).reshape(shape)
        return self

    def _row(self, pauses: Any) -> tuple[list[int], list[int], list[int]] | None:
        """One row's pauses as slots, or None when they are not plain. Lean: it runs once per
        paused row, in Python."""
        if type(pauses) is not list and type(pauses) is not tuple:
            try:
                pauses = list(pauses)
            except TypeError:
                return None
        if not 0 < len(pauses) <= MAX_PAUSES:
            return None
        starts, ends, kinds = [SENT] * MAX_PAUSES, [SENT] * MAX_PAUSES, [NONE] * MAX_PAUSES
        for k, p in enumerate(pauses):
            kind = None
            if type(p) is tuple or type(p) is list:
                if len(p) == 2:
                    start, end = p
                elif len(p) == 3:
                    start, end, kind = p
                else:
                    return None
            elif isinstance(p, Pause):
                start, end, kind = p.start, p.end, p.kind
            else:
                return None
            if type(start) is not _DATE or type(end) is not _DATE:
                return None  # datetimes, strings: check() reads them
            starts[k], ends[k] = start.toordinal() - EPOCH, end.toordinal() - EPOCH
            if kind is not None:
                if type(kind) is not str:
                    return None
                kinds[k] = self.kinds.setdefault(kind, len(self.kinds))
        return starts, ends, kinds

    def valid_lines(self, lines: I64, day: I64, last: I64, has_last: Mask) -> Mask:
        """Which ``lines`` hold pauses ``check()`` accepts: not reversed, not ending before the
        trigger ``day``, not starting after the case's ``last`` day (done, else as_of)."""
        start, end = self.start[lines], self.end[lines]
        used = start != SENT
        bad = used & ((end < start) | (end < day[:, None]))
        bad |= used & has_last[:, None] & (start > last[:, None])
        ok: Mask = ~bad.any(axis=1)
        return ok

    def admitted(self, lines: I64, allowed: tuple[str, ...] | None) -> Mask:
        """Pauses of an allowed kind (a rule that allows some admits those of no named kind;
        an ad-hoc period, ``allowed`` None, admits all), as ``steps.admit_pauses``."""
        kind = self.kind[lines]
        used: Mask = self.start[lines] != SENT
        if allowed is None:
            return used
        if not allowed:
            return np.zeros(used.shape, dtype=bool)
        codes = [self.kinds[k] for k in allowed if k in self.kinds]
        ok: Mask = used & ((kind == NONE) | np.isin(kind, codes))
        return ok


def merge(start: I64, end: I64, admitted: Mask, base: I64) -> tuple[I64, I64]:
    """Admitted pauses after ``base``, clipped to start the day after it, sorted and merged
    where they overlap or touch (``engine.count.merge``); empty slots ``SENT``, at the end."""
    keep = admitted & (end > base[:, None])
    a = np.where(keep, np.maximum(start, base[:, None] + 1), SENT)
    b = np.where(keep, end, SENT)
    order = np.argsort(a, axis=1, kind="stable")
    a, b = np.take_along_axis(a, order, 1), np.take_along_axis(b, order, 1)
    out_a, out_b = np.full_like(a, SENT), np.full_like(b, SENT)
    top = np.full(a.shape[0], -1, dtype=np.int64)  # the last merged slot per row
    rows = np.arange(a.shape[0])
    for j in range(a.shape[1]):
        here = a[:, j] != SENT
        last_b = out_b[rows, np.maximum(top, 0)]
        join = here & (top >= 0) & (a[:, j] <= last_b + 1)
        new = here & ~join
        r = rows[join]
        out_b[r, top[join]] = np.maximum(last_b[join], b[join, j])
        top = np.where(new, top + 1, top)
        r = rows[new]
        out_a[r, top[new]], out_b[r, top[new]] = a[new, j], b[new, j]
    return out_a, out_b


def walk(
    arr: CalendarArrays, base: I64, n: I64, a: I64, b: I64, rows: I64, where: Mask,
    cov: _Coverage,
) -> I64:  # fmt: skip
    """The n-th working day after ``base`` outside the merged pauses (``count_workdays``) for
    the rows ``where`` (each with a pause and n > 0): the working days of each gap are counted,
    one lookup per pause, until the count ends inside a gap; the days each lookup used are
    reported to ``cov`` as the scalar walk uses them (only its last step is marked)."""
    cur, left = base.copy(), n.copy()
    moving = where.copy()
    for j in range(a.shape[1]):
        act = moving & (a[:, j] != SENT)
        if not act.any():
            break
        upto = np.where(act, a[:, j] - 1, cur)
        gap = count(arr, upto) - count(arr, cur)  # workdays_between(cur, a - 1)
        cov.use(rows, cur + 1, upto, act, marks=False)
        stop = act & (left <= gap)
        go = act & ~stop
        moving &= ~stop
        left = np.where(go, left - gap, left)
        cur = np.where(go, b[:, j], cur)
    end = nth(arr, count(arr, cur) + left)  # add_workdays(cur, left), left >= 1
    cov.use(rows, cur + 1, end, where)
    return end


def pending_left(
    arr: CalendarArrays, first: I64, due: I64, a: I64, b: I64, rows: I64, where: Mask,
    cov: _Coverage,
) -> I64:  # fmt: skip
    """Working days still to count after ``first`` up to ``due``, outside the pauses
    (``verdict._as_of``)."""
    left = np.where(where & (due > first), count(arr, due) - count(arr, first), 0)
    cov.use(rows, first + 1, due, where & (due > first))
    for j in range(a.shape[1]):
        used = where & (a[:, j] != SENT)
        lo = np.where(used, np.maximum(a[:, j] - 1, first), first)
        hi = np.where(used, np.minimum(b[:, j], due), first)
        cut = used & (hi > lo)
        left -= np.where(cut, count(arr, hi) - count(arr, lo), 0)
        cov.use(rows, lo + 1, hi, cut)
    return left
