"""The calendar picture of one case as data: month grids from the trigger month to the due (or
done) month, each day with its kind (workday, weekend, statutory holiday 法定节假日, makeup
workday 调休上班日), the count number of each counted day, pauses, and the marked dates.

This is what an auditor draws by hand to check a count; :mod:`gov_deadlines.report.svg` draws
it. The numbering walks the displayed days one at a time with the calendar's own ``day()`` — on
purpose a different path from the engine's index arithmetic, so a picture that disagrees with
the due date shows a real problem.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
import functools
from collections.abc import Sequence

import attrs

from gov_deadlines.calendar import Day, WorkCalendar

__all__ = ["Cell", "Month", "Picture", "count_days", "picture"]

#: At most this many month grids per picture; longer spans keep the first and the last months.
MAX_MONTHS = 4
_WEEKS = _stdcal.Calendar(firstweekday=0)  # Monday first


@attrs.frozen
class Cell:
    """One day of a month grid.

    ``number`` is the day's place in the count (1..N, the due date is N); ``late`` numbers the
    counted days after the due date up to the done date (1 = one day late); ``paused`` is time
    not counted (不计算在期限内的时间).
    """

    date: dt.date
    kind: str
    name: str | None
    number: int | None = None
    late: int | None = None
    paused: bool = False
    trigger: bool = False
    restart: bool = False
    due: bool = False
    done: bool = False


@attrs.frozen
class Month:
    """A month as weeks of seven cells, Monday first; ``None`` pads days of other months."""

    year: int
    month: int
    weeks: tuple[tuple[Cell | None, ...], ...]


@attrs.frozen
class Picture:
    """The month grids of one case, with the count shown (``counted`` days up to the due date)
    and whether months were left out between the first and the last (``gap_after``: the index
    of the month after which the gap lies)."""

    months: tuple[Month, ...]
    counted: int
    unit: str
    gap_after: int | None = None


def count_days(
    cal: WorkCalendar,
    start: dt.date,
    until: dt.date,
    *,
    pauses: Sequence[tuple[dt.date, dt.date]] = (),
    unit: str = "workdays",
) -> dict[dt.date, int]:
    """Number the counted days after ``start`` up to ``until`` (both ends as given; the start
    day itself is never counted, 民法典 Art. 201): working days, or every day for natural-day
    units, skipping paused days.

    >>> cal = WorkCalendar.default()
    >>> n = count_days(cal, dt.date(2024, 2, 8), dt.date(2024, 2, 19))
    >>> sorted((d.isoformat(), i) for d, i in n.items())   # 2/9, then 2/18 (调休), 2/19
    [('2024-02-09', 1), ('2024-02-18', 2), ('2024-02-19', 3)]
    """
    numbers: dict[dt.date, int] = {}
    n = 0
    d = start + dt.timedelta(days=1)
    while d <= until:
        if not _paused(d, pauses) and (unit != "workdays" or _is_workday(cal, d)):
            n += 1
            numbers[d] = n
        d += dt.timedelta(days=1)
    return numbers


def _is_workday(cal: WorkCalendar, d: dt.date) -> bool:
    return _month_days(cal, d.year, d.month)[d.day - 1].is_workday


@functools.lru_cache(maxsize=1024)
def _month_days(cal: WorkCalendar, year: int, month: int) -> tuple[Day, ...]:
    """Every day of a month as ``cal.day()`` sees it. Cached: a 1,000-picture report shows the
    same few dozen months thousands of times, and ``day()`` is the slow, independent path."""
    last = _stdcal.monthrange(year, month)[1]
    return tuple(cal.day(dt.date(year, month, i)) for i in range(1, last + 1))


def _paused(d: dt.date, pauses: Sequence[tuple[dt.date, dt.date]]) -> bool:
    return any(a <= d <= b for a, b in pauses)


def picture(
    cal: WorkCalendar,
    *,
    trigger: dt.date,
    due: dt.date,
    done: dt.date | None = None,
    restart: dt.date | None = None,
    pauses: Sequence[tuple[dt.date, dt.date]] = (),
    unit: str = "workdays",
    until: dt.date | None = None,
) -> Picture:
    """The picture of one case: days after ``trigger`` (or ``restart``) numbered up to ``due``,
    days after ``due`` numbered as late up to ``done`` (or ``until`` when not done, e.g. the
    as-of date of an overdue case). ``unit`` is ``"workdays"``; any other unit numbers every
    unpaused day. Raises :class:`~gov_deadlines.CalendarDataMissing` outside the data."""
    start = restart if restart is not None and restart > trigger else trigger
    numbers = count_days(cal, start, due, pauses=pauses, unit=unit)
    end_late = done if done is not None else until
    last = max(d for d in (trigger, due, done, until, restart) if d is not None)
    first = min(d for d in (trigger, due, done, restart) if d is not None)
    spans = _month_span(first, last)
    gap_after = None
    if len(spans) > MAX_MONTHS:
        keep_head = 1
        spans = spans[:keep_head] + spans[-(MAX_MONTHS - keep_head) :]
        gap_after = keep_head - 1
    late = _late_numbers(cal, due, end_late, spans, pauses, unit)
    marks = {"trigger": trigger, "restart": restart, "due": due, "done": done}
    months = tuple(_month(cal, y, m, numbers, late, pauses, marks) for y, m in spans)
    return Picture(months, len(numbers), unit, gap_after)


def _late_numbers(
    cal: WorkCalendar,
    due: dt.date,
    end_late: dt.date | None,
    spans: Sequence[tuple[int, int]],
    pauses: Sequence[tuple[dt.date, dt.date]],
    unit: str,
) -> dict[dt.date, int]:
    """Days late are numbered only where shown: an overdue case can run for years, so the count
    restarts at each shown month from the calendar's index (workdays_between), not a walk."""
    late: dict[dt.date, int] = {}
    if end_late is None or end_late <= due:
        return late
    for year, month in spans:
        # count_days numbers the days *after* its start: start on the eve of the 1st, so the
        # 1st of a month is numbered too.
        eve = max(dt.date(year, month, 1) - dt.timedelta(days=1), due)
        last_day = min(dt.date(year, month, _stdcal.monthrange(year, month)[1]), end_late)
        if eve >= last_day:
            continue
        before = _late_before(cal, due, eve, pauses, unit)
        for d, n in count_days(cal, eve, last_day, pauses=pauses, unit=unit).items():
            late[d] = before + n
    return late


def _month(
    cal: WorkCalendar,
    year: int,
    month: int,
    numbers: dict[dt.date, int],
    late: dict[dt.date, int],
    pauses: Sequence[tuple[dt.date, dt.date]],
    marks: dict[str, dt.date | None],
) -> Month:
    days = _month_days(cal, year, month)
    weeks = []
    for week in _WEEKS.monthdatescalendar(year, month):
        cells: list[Cell | None] = []
        for d in week:
            if d.month != month:
                cells.append(None)
                continue
            day = days[d.day - 1]
            flags = {k: d == v for k, v in marks.items()}
            cells.append(Cell(d, day.kind, day.name, numbers.get(d), late.get(d),
                              _paused(d, pauses), **flags))  # fmt: skip
        weeks.append(tuple(cells))
    return Month(year, month, tuple(weeks))


def _late_before(
    cal: WorkCalendar,
    due: dt.date,
    d: dt.date,
    pauses: Sequence[tuple[dt.date, dt.date]],
    unit: str,
) -> int:
    """Counted days in (due, d]: by index arithmetic, less the counted days of the pauses."""
    if d <= due:
        return 0
    total = cal.workdays_between(due, d) if unit == "workdays" else (d - due).days
    for a, b in pauses:
        lo, hi = max(a, due + dt.timedelta(days=1)), min(b, d)
        if lo <= hi:
            total -= len(count_days(cal, lo - dt.timedelta(days=1), hi, unit=unit))
    return total


def _month_span(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
