"""Coverage is never silent: rows that need a year without data raise, or come back marked.

The scalar calendar decides per call (:meth:`WorkCalendar._check`); here the same decision is
taken for whole columns at once: with ``unknown_years="error"`` (the default) one
:class:`CalendarDataMissingRows` names every missing year and how many rows need them; with
``unknown_years="weekends"`` the rows are answered with Monday-Friday assumed and returned as a
``provisional`` mask, with one :class:`~gov_deadlines.ProvisionalDataWarning` for the call.
"""

from __future__ import annotations

import os
import sys
import warnings

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.calendar.work_calendar import describe_years
from gov_deadlines.columns._arith import unknown
from gov_deadlines.columns._arrays import CalendarArrays
from gov_deadlines.errors import CalendarDataMissing, ProvisionalDataWarning

__all__ = ["CalendarDataMissingRows", "missing", "settle", "warn"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

_MAX_YEARS_NAMED = 12  # a message naming 300 years helps nobody


class CalendarDataMissingRows(CalendarDataMissing):
    """A :class:`~gov_deadlines.CalendarDataMissing` for columns: ``years`` lists the years
    without data that rows need (ascending), ``rows`` how many rows need them, ``total`` how
    many rows there were.

    >>> e = CalendarDataMissingRows((2027,), rows=3, total=10, region=None, covered="2004-2026")
    >>> e.year, e.rows, str(e).split(":")[0]
    (2027, 3, '3 of 10 rows need days of years without holiday data (2027)')
    """

    def __init__(
        self, years: tuple[int, ...], *, rows: int, total: int, region: str | None, covered: str
    ) -> None:
        super().__init__(years[0], region=region, covered=covered)
        self.years, self.rows, self.total = years, rows, total
        more = "…" if len(years) > _MAX_YEARS_NAMED else ""
        named = describe_years(years[:_MAX_YEARS_NAMED]) + more
        self.args = (
            f"{rows} of {total} rows need days of years without holiday data ({named}): "
            + str(self.args[0]),
        )


def settle(arr: CalendarArrays, a: I64, b: I64, valid: Mask | None) -> Mask | None:
    """The provisional mask of the rows whose counting used days in ``[a, b]``, or None when
    no row did; raises :class:`CalendarDataMissingRows` when the calendar refuses to guess.

    ``valid`` (None: every row) excludes null rows, which use no day at all.
    """
    mask = unknown(arr, a, b)
    if valid is not None:
        mask &= valid
    if not mask.any():
        return None
    if arr.cal.unknown_years == "error":
        raise missing(arr, a[mask], b[mask], a.size)
    warn(
        f"{int(mask.sum())} of {a.size} rows depend on days whose holiday arrangement is not "
        "loaded; Monday-Friday was assumed and they are provisional (临时结果): see the "
        "provisional mask"
    )
    return mask


def warn(message: str) -> None:
    """A ProvisionalDataWarning pointing at the caller's line, outside this package."""
    frame, level = sys._getframe(1), 2
    here = os.path.dirname(__file__)
    while frame.f_back is not None and os.path.dirname(frame.f_code.co_filename) == here:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, ProvisionalDataWarning, stacklevel=level)


def missing(
    arr: CalendarArrays, a: I64, b: I64, total: int, rows: int | None = None
) -> CalendarDataMissingRows:
    """The error for rows needing ``[a, b]`` (each with some unknown day), naming the years;
    ``rows`` counts the rows when one row may need several ranges."""
    ya = _years(np.maximum(a, -719162))  # not before 0001-01-01, as the scalar path
    yb = _years(b)
    known = set(arr.cal.years)
    years: set[int] = set()
    for first, last in np.unique(np.stack([ya, yb]), axis=1).T.tolist():
        for y in range(first, min(last, first + 400) + 1):
            if y not in known:
                years.add(y)
    found = tuple(sorted(years))
    region = arr.cal.region
    # As the scalar path: name the region only when the national data has the year.
    regional = region is not None and found[0] in arr.cal._year_source
    return CalendarDataMissingRows(
        found, rows=int(a.size) if rows is None else rows, total=total,
        region=region if regional else None, covered=describe_years(arr.cal.years),
    )  # fmt: skip


def _years(days: I64) -> I64:
    years: I64 = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return years


