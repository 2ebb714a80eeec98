"""Vectorised, exact Chinese working-day arithmetic over columns (the ``columns`` extra).

Every function takes numpy ``datetime64`` arrays, pandas or polars Series, or Arrow arrays (or
single values, which broadcast) and returns the same kind, nulls propagated, with the answers
of the scalar :class:`~gov_deadlines.WorkCalendar` and :func:`~gov_deadlines.check`, element by
element. No Python loop over rows: the calendar's index is held as arrays.

>>> import numpy as np
>>> from gov_deadlines.columns import add_workdays
>>> add_workdays(np.array(["2024-02-08"], dtype="datetime64[D]"), 20)
array(['2024-03-13'], dtype='datetime64[D]')
"""

from gov_deadlines.columns._check import STATUSES, VerdictColumns, check_columns
from gov_deadlines.columns._coverage import CalendarDataMissingRows
from gov_deadlines.columns._period import add_period
from gov_deadlines.columns._result import Marked
from gov_deadlines.columns._workdays import add_workdays, day_kind, is_workday, workdays_between

__all__ = [
    "STATUSES",
    "CalendarDataMissingRows",
    "Marked",
    "VerdictColumns",
    "add_period",
    "add_workdays",
    "check_columns",
    "day_kind",
    "is_workday",
    "workdays_between",
]
