"""Facts -> :class:`Deadline`: validate, resolve the conventions, then run the steps in order."""

from __future__ import annotations

import datetime as dt

from gov_deadlines.engine import steps
from gov_deadlines.engine.conventions import Conventions, Options, resolve
from gov_deadlines.engine.count import Span, shift_months
from gov_deadlines.engine.facts import Facts, validate
from gov_deadlines.engine.steps import Recorder
from gov_deadlines.errors import InvalidFacts
from gov_deadlines.periods import Period
from gov_deadlines.results import Deadline
from gov_deadlines.rules import Rule
from gov_deadlines.rules.conventions import convention
from gov_deadlines.schedule import apply_before, occurrences, target_period
from gov_deadlines.trace import Trace

__all__ = ["compute"]

_EMPTY = Trace()


def compute(rec: Recorder, rule: Rule | Period, facts: Facts, opts: Options) -> Deadline:
    """The deadline of a case; raises :class:`InvalidFacts` before counting anything."""
    validate(facts, rule)
    if isinstance(rule, Rule) and rule.schedule is not None:
        return _scheduled(rec, rule, facts.day, opts)
    conv = resolve(rule, facts, opts)
    steps.record_rule(rec, conv)
    if conv.period.unit == "hours":
        return _hours(rec, conv, facts)
    if conv.rule is not None and conv.rule.kind == "before_event":
        return _before_event(rec, conv, facts.day)
    day = steps.restart(rec, conv, facts.day, facts.restart)
    day = steps.deem_receipt(rec, conv, day)
    extended = steps.extend(rec, conv)
    base = steps.start_base(rec, conv, day)
    spans = steps.admit_pauses(rec, conv, facts.pauses, base)
    end, paused = steps.count(rec, conv, base, conv.period.amount + extended, spans)
    if conv.period.unit != "workdays":
        end = steps.roll(rec, conv, end)
    if conv.cutoff is not None:
        rec.add("cutoff", convention("cutoff", conv.era), time=conv.cutoff)
    return _finish(
        rec, conv.rule, conv.period, day, end, cutoff=conv.cutoff,
        counted=(extended, paused, spans, base),
    )  # fmt: skip


def _finish(
    rec: Recorder,
    rule: Rule | None,
    period: Period | None,
    trigger: dt.date,
    end: dt.date,
    *,
    due_at: dt.datetime | None = None,
    cutoff: dt.time | None = None,
    counted: tuple[int, int, tuple[Span, ...], dt.date | None] = (0, 0, (), None),
) -> Deadline:
    """The Deadline value; ``counted`` is (extension applied, units paused, merged pauses, the
    last day not counted)."""
    if rec.recording:
        rec.add("due", due=end, due_at=due_at, cutoff=cutoff)
    extended, paused, spans, base = counted
    return Deadline(
        due=end,
        rule=rule,
        period=period,
        trigger=trigger,
        due_at=due_at,
        cutoff=cutoff,
        provisional=rec.provisional,
        violations=tuple(rec.violations),
        trace=Trace(tuple(rec.steps)) if rec.recording else _EMPTY,
        fingerprint=rec.cal.fingerprint,
        receipt_assumed=rec.receipt_assumed,
        extended=extended,
        paused=paused,
        paused_spans=spans,
        counted_after=base,
    )


def _hours(rec: Recorder, conv: Conventions, facts: Facts) -> Deadline:
    """N hours from the exact trigger time (民法典 Art. 201 ¶2): no start day, no rollover."""
    assert isinstance(facts.trigger, dt.datetime)  # validated
    hours = conv.period.amount + steps.extend(rec, conv)
    due_at = facts.trigger + dt.timedelta(hours=hours)
    basis = convention("hours", conv.era)
    rec.add("hours", basis, trigger=facts.trigger, hours=hours, due_at=due_at)
    return _finish(rec, conv.rule, conv.period, facts.day, due_at.date(), due_at=due_at)


def _before_event(rec: Recorder, conv: Conventions, event: dt.date) -> Deadline:
    """The latest day to act, N units before the event (the event day not counted); no rollover
    either way: later would shorten the minimum the statute sets, earlier would add to it."""
    n, unit = conv.period.amount, conv.period.unit
    if unit == "workdays":
        latest = rec.mark(rec.cal.add_workdays(event, -n))
    elif unit == "days":
        latest = event - dt.timedelta(days=n)
    else:
        latest = shift_months(event, -n * (12 if unit == "years" else 1))
    rec.add("before_event", event=event, n=n, unit=unit, latest=latest)
    # Described only (nothing moves): no mark, and no lookup in a year that is not loaded, so
    # that a trace never changes the answer or raises where the computation would not.
    described = rec.recording and latest.year in rec.cal.years
    if unit != "workdays" and described and not rec.cal.is_workday(latest):
        day = rec.cal.day(latest)
        rec.add("day_off_no_rollover", date=latest, kind=day.kind, name=day.name)
    return _finish(rec, conv.rule, conv.period, event, latest)


def _scheduled(rec: Recorder, r: Rule, trigger: dt.date, opts: Options) -> Deadline:
    """A date fixed by the text ("每年1月31日前") for the period the trigger belongs to."""
    assert r.schedule is not None
    begin, end = target_period(r.schedule, trigger)
    found = occurrences(r.schedule, begin - dt.timedelta(1), end + dt.timedelta(1))
    if not found:
        raise InvalidFacts("no_occurrence", f"rule {r.id} has no deadline in {begin}..{end}")
    d = apply_before(found[0], r)
    if rec.recording:
        rec.add(
            "rule", r.citations[0] if r.citations else None, id=r.id, title_zh=r.title_zh,
            title_en=r.title_en, kind=r.kind, period=None, since=r.effective_from,
            until=r.effective_until,
        )  # fmt: skip
        rec.add(
            "scheduled", trigger=trigger, period_start=begin, period_end=end, date=found[0],
            before=r.before, due=d, schedule_zh=r.schedule.describe("zh"),
            schedule_en=r.schedule.describe("en"),
        )  # fmt: skip
    rollover = opts.rollover if opts.rollover is not None else r.rollover
    conv = Conventions(r, Period(0, "days"), "next_day", "as_is", rollover, None, trigger)
    return _finish(rec, r, None, trigger, steps.roll(rec, conv, d))
