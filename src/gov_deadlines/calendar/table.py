"""The calendar as a table: one row per day, with a running working-day number (no I/O here).

For systems that want the data rather than the library (an OA system loading a table into its
database): :func:`date_table` gives every day of a range with its kind, holiday name, the source
that decided it and ``workday_seq``, the number of working days (工作日) from the range's first
day up to and including the day. A day off repeats the number of the working day before it, so

    ``workdays_between(a, b) == seq(b) - seq(a)`` for any ``a``, ``b`` in the range,

and "the N-th working day after ``d``" is the first day whose ``seq`` is ``seq(d) + N``: a
database answers both with an index lookup. The writers (CSV, JSON, SQL, iCalendar) live in
:mod:`gov_deadlines.io.calendar_export`.

>>> from gov_deadlines import WorkCalendar
>>> t = date_table(WorkCalendar.default(), dt.date(2024, 2, 8), dt.date(2024, 2, 19))
>>> [(r.date.day, r.kind, r.workday_seq) for r in t.rows][::5]
[(8, 'workday', 1), (13, 'holiday', 2), (18, 'makeup_workday', 3)]
"""

from __future__ import annotations

import datetime as dt
import warnings

import attrs

from gov_deadlines.calendar.day import DataSource, DayKind
from gov_deadlines.calendar.work_calendar import UnknownYears, WorkCalendar
from gov_deadlines.errors import InvalidArgument, ProvisionalDataWarning

__all__ = ["DateTable", "DayRow", "date_table"]


@attrs.frozen
class DayRow:
    """One day of an exported calendar table.

    ``kind`` is ``workday``, ``weekend``, ``holiday`` (法定节假日, weekend days inside a break
    included) or ``makeup_workday`` (调休上班日); ``name`` the holiday's name for holidays and
    make-up workdays, else None; ``workday`` whether people work; ``workday_seq`` the working
    days from the table's first day up to and including this one; ``source`` the label of the
    data source that decided the day (``str(Day.source)``: the region follows a regional
    overlay's label); ``provisional`` True when the day's year has no loaded arrangement and
    Monday-Friday was assumed.

    >>> DayRow(dt.date(2024, 2, 18), "makeup_workday", "春节", True, 3, "x", False).workday
    True
    """

    date: dt.date
    kind: DayKind
    name: str | None
    workday: bool
    workday_seq: int
    source: str
    provisional: bool


@attrs.frozen
class DateTable:
    """Every day of ``[start, end]`` as :class:`DayRow`, and what the rows were computed from.

    ``fingerprint``, ``region`` and ``unknown_years`` are the calendar's (see
    :attr:`WorkCalendar.fingerprint`); ``sources`` are the data sources that decided the rows,
    in order of first use, the Monday-Friday assumption included when some day was provisional.

    >>> from gov_deadlines import WorkCalendar
    >>> date_table(WorkCalendar.default(), dt.date(2024, 1, 1), dt.date(2024, 1, 7)).provisional
    False
    """

    start: dt.date
    end: dt.date
    fingerprint: str
    region: str | None
    unknown_years: UnknownYears
    sources: tuple[DataSource, ...]
    rows: tuple[DayRow, ...]

    @property
    def provisional(self) -> bool:
        """True when some row was assumed (its year has no loaded arrangement)."""
        return any(r.provisional for r in self.rows)

    @property
    def workdays(self) -> int:
        """The working days in the table: the last row's ``workday_seq``."""
        return self.rows[-1].workday_seq


def date_table(
    calendar: WorkCalendar, start: dt.date | None = None, end: dt.date | None = None
) -> DateTable:
    """Every day from ``start`` to ``end`` inclusive (default: the calendar's coverage).

    Days of years without a loaded arrangement raise
    :class:`~gov_deadlines.errors.CalendarDataMissing` before any row is built, unless the
    calendar was made with ``unknown_years="weekends"``: then they are Monday-Friday, marked
    ``provisional``, and one :class:`~gov_deadlines.errors.ProvisionalDataWarning` says so.
    ``end`` before ``start`` raises :class:`~gov_deadlines.errors.InvalidArgument`. The per-day
    warnings are silenced with :class:`warnings.catch_warnings`, which changes the process's
    filters while the rows are built (as any ``catch_warnings`` does in Python 3.11).

    >>> from gov_deadlines import WorkCalendar
    >>> t = date_table(WorkCalendar.default(), dt.date(2024, 2, 9), dt.date(2024, 2, 10))
    >>> [(str(r.date), r.kind, r.name, r.workday_seq) for r in t.rows]
    [('2024-02-09', 'workday', None, 1), ('2024-02-10', 'holiday', '春节', 1)]
    """
    if start is None or end is None:
        first, last = calendar.coverage
        start, end = start or first, end or last
    for value, what in ((start, "start"), (end, "end")):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):  # a row is a day
            raise InvalidArgument(
                f"{what} must be a datetime.date, got {type(value).__name__}: {value!r}"
            )
    if end < start:
        raise InvalidArgument(f"end {end} is before start {start}")
    rows: list[DayRow] = []
    sources: dict[str, DataSource] = {}
    seq = 0
    assumed = False
    with warnings.catch_warnings():
        # day() warns once per assumed day; the rows are marked, one warning below says it.
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        calendar.day(start)  # CalendarDataMissing for a year without data, before any work ...
        calendar.workdays_between(start, end)  # ... for every day after start too
        for o in range(start.toordinal(), end.toordinal() + 1):
            d = dt.date.fromordinal(o)
            day = calendar.day(d)
            work = day.kind in ("workday", "makeup_workday")
            seq += work
            label = str(day.source)
            sources.setdefault(label, day.source)
            provisional = day.provisional
            assumed |= provisional
            rows.append(DayRow(d, day.kind, day.name, work, seq, label, provisional))
    if assumed:
        warnings.warn(
            f"the table {start}..{end} has days whose holiday arrangement is not loaded; "
            "Monday-Friday was assumed and those rows are provisional (临时结果)",
            ProvisionalDataWarning,
            stacklevel=2,
        )
    return DateTable(
        start,
        end,
        calendar.fingerprint,
        calendar.region,
        calendar.unknown_years,
        tuple(sources.values()),
        tuple(rows),
    )
