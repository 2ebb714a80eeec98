"""Fixed and recurring deadlines ("每年1月31日前", "每季度最后一个月10日前"): which date a schedule
gives for a period, with dateutil's rrule."""

from __future__ import annotations

import datetime as dt
import functools

from gov_deadlines.rules import Rule, Schedule

__all__ = ["apply_before", "occurrences", "target_period"]


@functools.lru_cache(maxsize=4096)  # periods repeat across cases; rrule costs ~100 µs a call
def occurrences(schedule: Schedule, after: dt.date, before: dt.date) -> tuple[dt.date, ...]:
    """Dates of the schedule strictly between ``after`` and ``before`` (dateutil's rrule)."""
    from dateutil import rrule

    # Monthly frequency filtered by month covers all three schedules.
    months: tuple[int, ...] | None = None
    if schedule.month is not None:
        step = 3 if schedule.every == "quarter" else 12
        months = tuple(range(schedule.month, 13, step))
    rr = rrule.rrule(
        rrule.MONTHLY,
        dtstart=dt.datetime.combine(after, dt.time()),
        until=dt.datetime.combine(before, dt.time()),
        bymonth=months,
        bymonthday=schedule.day,
    )
    return tuple(x.date() for x in rr if after < x.date() < before)


def target_period(schedule: Schedule, d: dt.date, *, back: bool = False) -> tuple[dt.date, dt.date]:
    """First and last day of the period holding the deadline for a trigger on ``d``; with
    ``back=True``, the period of the triggers whose deadline is ``d``."""
    from dateutil.relativedelta import relativedelta

    months = {"year": 12, "quarter": 3, "month": 1}[schedule.every]
    first_month = (d.month - 1) // months * months + 1
    shift = -schedule.offset if back else schedule.offset
    begin = dt.date(d.year, first_month, 1) + relativedelta(months=months * shift)
    return begin, begin + relativedelta(months=months, days=-1)


def apply_before(d: dt.date, rule: Rule) -> dt.date:
    return d - dt.timedelta(days=1) if rule.before == "exclusive" else d
