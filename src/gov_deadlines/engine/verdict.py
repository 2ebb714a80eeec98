"""Deadline + outcome -> :class:`Verdict`: on time, late, pending, overdue, or too short."""

from __future__ import annotations

import datetime as dt

from gov_deadlines.engine.facts import Outcome
from gov_deadlines.engine.steps import Recorder
from gov_deadlines.results import Deadline, Status, Verdict
from gov_deadlines.rules import Rule
from gov_deadlines.trace import Finding, Trace

__all__ = ["judge"]

#: Holidays whose blocks make a comment window much less useful; windows spanning them warn.
_LONG_BREAKS = ("春节", "国庆节")
_DAY = dt.timedelta(days=1)


def judge(rec: Recorder, deadline: Deadline, trigger: dt.date, outcome: Outcome) -> Verdict:
    """The verdict on a case whose facts were validated and whose deadline is known."""
    rule = deadline.rule
    rec.violations = []  # the deadline's own are in deadline.violations
    late: tuple[int | None, int | None, float | None] = (None, None, None)
    left = None
    warnings: list[Finding] = []
    if rule is not None and rule.kind == "window":
        status = _window(rec, rule, trigger, outcome.done_day, deadline.due, warnings)
    elif outcome.done is not None:
        status, late = _completed(rec, deadline, outcome.done)
    elif outcome.as_of is not None:
        status, late, left = _as_of(rec, deadline, outcome.as_of)
    else:
        status = "pending"
        rec.add("not_done")
    provisional = rec.provisional or deadline.provisional
    if provisional:
        warnings.append(Finding("provisional", {}))
        rec.add("provisional")
    return Verdict(
        status=status,
        due=deadline.due,
        rule=rule,
        deadline=deadline,
        workdays_late=late[0],
        days_late=late[1],
        hours_late=late[2],
        workdays_left=left,
        violations=(*deadline.violations, *rec.violations) if rec.violations else deadline.violations,  # noqa: E501
        warnings=tuple(warnings) if warnings else (),
        provisional=provisional,
        trace=Trace(tuple(rec.steps)) if rec.recording else deadline.trace,
        fingerprint=rec.cal.fingerprint,
    )


def _in_time(deadline: Deadline, done: dt.date) -> bool:
    done_day = done.date() if isinstance(done, dt.datetime) else done
    if deadline.due_at is not None and isinstance(done, dt.datetime):
        return done <= deadline.due_at
    if done_day != deadline.due:
        return done_day < deadline.due
    if deadline.due_at is not None:
        return False  # a date alone on the last day of an hour period: refused before this
    cutoff = deadline.cutoff
    return cutoff is None or not isinstance(done, dt.datetime) or done.time() <= cutoff


def _completed(
    rec: Recorder, deadline: Deadline, done: dt.date
) -> tuple[Status, tuple[int | None, int | None, float | None]]:
    done_day = done.date() if isinstance(done, dt.datetime) else done
    if _in_time(deadline, done):
        if rec.recording:
            rec.add("completed", done=done, status="on_time", workdays_late=None, days_late=None)
        return "on_time", (None, None, None)
    end = deadline.due
    workdays = rec.mark(rec.cal.workdays_between(end, done_day))
    hours = None
    if deadline.due_at is not None and isinstance(done, dt.datetime):
        hours = round((done - deadline.due_at).total_seconds() / 3600, 2)
    rec.violations.append(
        Finding("late", {"due": end, "done": done_day, "workdays": workdays, "hours": hours})
    )
    if rec.recording:
        rec.add(
            "completed", done=done, status="late", workdays_late=workdays,
            days_late=(done_day - end).days, hours_late=hours,
        )  # fmt: skip
    return "late", (workdays, (done_day - end).days, hours)


def _as_of(
    rec: Recorder, deadline: Deadline, as_of: dt.date
) -> tuple[Status, tuple[int | None, int | None, float | None], int | None]:
    end, cal = deadline.due, rec.cal
    if as_of > end:
        workdays = rec.mark(cal.workdays_between(end, as_of))
        rec.violations.append(
            Finding("overdue", {"due": end, "as_of": as_of, "workdays": workdays})
        )
        if rec.recording:
            rec.add("as_of", as_of=as_of, status="overdue", workdays_late=workdays)
        return "overdue", (workdays, (as_of - end).days, None), None
    # Left to count: working days after as_of and after the start, outside any pause.
    first = max(as_of, deadline.counted_after or as_of)
    left = rec.mark(cal.workdays_between(first, end)) if end > first else 0
    for a, b in deadline.paused_spans:
        lo, hi = max(a - _DAY, first), min(b, end)
        if hi > lo:
            left -= rec.mark(cal.workdays_between(lo, hi))
    if rec.recording:
        rec.add("as_of", as_of=as_of, status="pending", workdays_late=None, workdays_left=left)
    return "pending", (None, None, None), left


def _window(
    rec: Recorder,
    rule: Rule,
    start: dt.date,
    end: dt.date | None,
    earliest: dt.date,
    warnings: list[Finding],
) -> Status:
    """A window (不少于N日) from ``start`` to ``end``: long enough, or too short."""
    assert rule.period is not None
    if end is None:
        rec.add("window_open", earliest=earliest)
        return "pending"
    cal, required, unit = rec.cal, rule.period.amount, rule.period.unit
    total = (end - start).days
    workdays = rec.mark(cal.workdays_between(start, end))
    counted = workdays if unit == "workdays" else total
    days_off = total - workdays if total > 0 else 0
    holidays = cal.holidays(start + _DAY, end) if total > 0 else []
    # Names may combine holidays ("国庆节、中秋节"): look for the long breaks inside them.
    spans = sorted({b for d in holidays for b in _LONG_BREAKS if b in (d.name or "")})
    rec.add(
        "window", rule.citations[0], start=start, end=end, counted=counted, required=required,
        unit=unit, days_off=days_off,
    )  # fmt: skip
    if spans:
        warnings.append(Finding("window_spans_break", {"holidays": spans, "days_off": days_off}))
        rec.add("window_spans_break", holidays=spans, days_off=days_off)
    if counted >= required:
        return "on_time"
    rec.violations.append(
        Finding("too_short", {"counted": counted, "required": required, "unit": unit},
                rule.citations[0])
    )  # fmt: skip
    return "too_short"
