"""The steps of a deadline, in order: rule -> restart -> receipt -> extension -> start -> pauses
-> count -> rollover -> cutoff. Each is a small function of resolved values that returns the next
value and records its own trace step, with its legal basis.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from gov_deadlines.calendar import WorkCalendar, is_provisional
from gov_deadlines.engine.conventions import Conventions
from gov_deadlines.engine.count import Span, count_days, count_workdays, merge, shift_months
from gov_deadlines.results import Pause
from gov_deadlines.rules.conventions import convention
from gov_deadlines.trace import Finding, Step

__all__ = [
    "Recorder",
    "admit_pauses",
    "count",
    "deem_receipt",
    "extend",
    "record_rule",
    "restart",
    "roll",
    "start_base",
]

_T = TypeVar("_T")
_DAY = dt.timedelta(days=1)


class Recorder:
    """One computation's trace, findings and provisional flag (the calendar's marks)."""

    __slots__ = (
        "cal", "provisional", "receipt_assumed", "recording", "steps", "violations", "watching",
    )  # fmt: skip

    def __init__(self, cal: WorkCalendar, recording: bool) -> None:
        self.cal = cal
        self.recording = recording
        self.steps: list[Step] = []
        self.violations: list[Finding] = []
        self.provisional = False
        self.receipt_assumed = False  # a receipt day read without knowing the channel
        self.watching = cal.unknown_years != "error"  # only then can a result be provisional

    def add(self, code: str, citation: Any = None, **params: Any) -> None:
        if self.recording:
            self.steps.append(Step(code, params, citation))

    def violation(self, code: str, citation: Any = None, **params: Any) -> None:
        """A finding against the law, also recorded as a trace step."""
        self.violations.append(Finding(code, params, citation))
        self.add(code, citation, **params)

    def mark(self, value: _T) -> _T:
        """``value``, noting whether the calendar assumed a day to give it."""
        if self.watching and is_provisional(value):
            self.provisional = True
        return value

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day, noting whether the calendar assumed it. (A ``bool``
        cannot carry the calendar's mark as dates and counts do, so the day is asked for.)"""
        if not self.watching:
            return self.cal.is_workday(day)
        return self.mark(self.cal.day(day)).is_workday


def record_rule(rec: Recorder, conv: Conventions) -> None:
    r = conv.rule
    if not rec.recording:
        return
    if r is None:
        rec.add("adhoc", period=str(conv.period))
    else:
        rec.add(
            "rule", r.citations[0] if r.citations else None, id=r.id, title_zh=r.title_zh,
            title_en=r.title_en, kind=r.kind, period=str(r.period) if r.period else None,
            since=r.effective_from, until=r.effective_until,
        )  # fmt: skip
    if conv.statutory is not None:
        rec.add("statutory_workdays", conv.statutory, n=conv.period.amount)


def restart(rec: Recorder, conv: Conventions, trigger: dt.date, on: dt.date | None) -> dt.date:
    """The day counting starts from: the trigger, or the restart day where the rule allows one."""
    if on is None:
        return trigger
    r = conv.rule
    if r is not None and not r.restart:
        rec.violation("restart_not_allowed", restart=on)
        return trigger
    rec.add("restart", r.citations[-1] if r else None, trigger=trigger, restart=on)
    return on


def deem_receipt(rec: Recorder, conv: Conventions, day: dt.date) -> dt.date:
    """A start day off, read as the channel of receipt (or the rule) says: kept, or deemed the
    next working day."""
    if (conv.on_rest != "next_workday" and conv.receipt is None) or rec.is_workday(day):
        return day
    if conv.receipt is not None:
        rec.receipt_assumed = conv.channel is None
        rec.add("receipt", conv.receipt, channel=conv.channel, reading=conv.on_rest, date=day)
    if conv.on_rest != "next_workday":
        return day
    deemed = rec.mark(rec.cal.next_workday(day))
    if rec.recording:  # the day's kind and name only describe it: no mark (see Recorder)
        off = rec.cal.day(day)
        rec.add("trigger_deemed", trigger=day, deemed=deemed, kind=off.kind, name=off.name)
    return deemed


def extend(rec: Recorder, conv: Conventions) -> int:
    """The extension admitted, capped at the rule's maximum (none where it allows none)."""
    asked, unit, r = conv.extension, conv.period.unit, conv.rule
    if asked is None:
        return 0
    if r is None:
        rec.add("extension", amount=asked, unit=unit, max=None)
        return asked
    limit = r.max_extension.amount if r.max_extension else 0
    if asked <= limit:
        rec.add("extension", r.citations[0], amount=asked, unit=unit, max=limit)
        return asked
    code = "extension_over_limit" if limit else "extension_not_allowed"
    rec.violation(code, r.citations[0], asked=asked, max=limit, unit=unit)
    if r.reasoned_delay is not None:
        rec.violation("delay_beyond_extension", r.reasoned_delay, asked=asked, max=limit, unit=unit)
    return limit


def start_base(rec: Recorder, conv: Conventions, day: dt.date) -> dt.date:
    """The day before the first counted day: the start day, or the day before it (same_day)."""
    if conv.start == "same_day":
        rec.add("start", None, trigger=day, start="same_day")
        return day - _DAY
    if rec.recording:
        rec.add("start", convention("start", conv.era), trigger=day, start="next_day")
    return day


def admit_pauses(
    rec: Recorder, conv: Conventions, pauses: tuple[Pause, ...], base: dt.date
) -> tuple[Span, ...]:
    """The pauses that stop the clock: of an allowed kind, after ``base``, merged."""
    allowed = None if conv.rule is None else set(conv.rule.pauses)
    spans = []
    for p in pauses:
        if allowed is not None and (not allowed or (p.kind and p.kind not in allowed)):
            rec.violation(
                "pause_not_allowed", start=p.start, end=p.end, kind=p.kind, allowed=sorted(allowed)
            )
        elif p.end <= base:
            rec.add("pause_before_start", start=p.start, end=p.end, base=base)
        else:
            spans.append((p.start, p.end))
    return merge(spans, base)


def count(
    rec: Recorder, conv: Conventions, base: dt.date, n: int, spans: tuple[Span, ...]
) -> tuple[dt.date, int]:
    """The last day of the period and how many units the pauses moved it by."""
    unit = conv.period.unit
    if unit == "workdays":
        end = rec.mark(count_workdays(rec.cal, base, n, spans))
        paused = rec.mark(rec.cal.workdays_between(base, end)) - n if spans else 0
        if rec.recording:
            span = _span(rec, base, end)
            rec.add("count_workdays", n=n, paused=paused, base=base, due=end, **span)
        _record_pauses(rec, spans, end, "workdays")
        return end, paused
    plain, month_end = _plain_end(conv, base, n)
    length = (plain - base).days
    end = count_days(base, length, spans)
    paused = (end - base).days - length
    rec.add(
        "count_days", convention("month_end", conv.era) if month_end else None, n=n, unit=unit,
        base=base, end=plain, month_end=month_end, paused=paused, due=end,
    )  # fmt: skip
    _record_pauses(rec, spans, end, "days")
    return end, paused


def _plain_end(conv: Conventions, base: dt.date, n: int) -> tuple[dt.date, bool]:
    """The last day without pauses -- n days, or n months/years on the corresponding day
    (民法典 Art. 202), one day earlier when the start day counts -- and whether the month had
    no corresponding day."""
    unit = conv.period.unit
    if unit == "days":
        return base + dt.timedelta(days=n), False
    months = n * 12 if unit == "years" else n
    if conv.start == "same_day":
        # The start day is day 1: the period ends the day before the corresponding day, or on
        # the month's last day where there is no corresponding day (1/31 + 1 month: 2/29).
        first = base + _DAY
        end = shift_months(first, months)
        return (end, True) if end.day != first.day else (end - _DAY, False)
    end = shift_months(base, months)
    return end, end.day != base.day


def _record_pauses(rec: Recorder, spans: tuple[Span, ...], end: dt.date, unit: str) -> None:
    if not rec.recording:
        return
    for a, b in spans:
        if a > end:
            rec.add("pause_after_due", start=a, end=b, due=end)
        elif unit == "workdays":
            rec.add("pause", start=a, end=b, workdays=rec.cal.workdays_between(a - _DAY, b))
        else:
            rec.add("pause", start=a, end=b, days=(b - a).days + 1)


def _span(rec: Recorder, a: dt.date, b: dt.date) -> dict[str, Any]:
    """What lies in ``(a, b]``: holiday blocks skipped and make-up workdays counted."""
    if b <= a:
        return {}
    blocks: list[list[Any]] = []
    makeup: list[tuple[dt.date, str | None]] = []
    weekend = 0
    for day in rec.cal.days(a + _DAY, b):
        if day.kind == "holiday":
            if blocks and blocks[-1][1] == day.date - _DAY:
                blocks[-1][1] = day.date
            else:
                blocks.append([day.date, day.date, day.name])
        elif day.kind == "makeup_workday":
            makeup.append((day.date, day.name))
        elif day.kind == "weekend":
            weekend += 1
    return {"holidays": [tuple(x) for x in blocks], "makeup": makeup, "weekend_days": weekend}


def roll(rec: Recorder, conv: Conventions, end: dt.date) -> dt.date:
    """A last day off moves to the next working day (民法典 Art. 203), unless the rule says not.

    Without rollover nothing past ``end`` is looked up, and ``end`` itself only where its year is
    loaded: the answer must not need calendar data it does not use.
    """
    if not conv.rollover:
        if rec.recording and end.year in rec.cal.years and not rec.cal.is_workday(end):
            day = rec.cal.day(end)
            rec.add("day_off_no_rollover", date=end, kind=day.kind, name=day.name)
        return end
    if rec.is_workday(end):
        return end
    day = rec.cal.day(end)
    rolled = rec.mark(rec.cal.next_workday(end))
    rec.add(
        "rollover", convention("rollover", conv.era), date=end, to=rolled, kind=day.kind,
        name=day.name,
    )  # fmt: skip
    return rolled
