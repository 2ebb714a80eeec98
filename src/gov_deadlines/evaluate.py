"""Evaluation: a rule and a case's dates -> :class:`Deadline` and :class:`Verdict`.

The conventions are the Civil Code's (民法典 Arts. 201-203) unless the rule or the call says
otherwise; every step taken is recorded in a :class:`~gov_deadlines.trace.Trace` (unless
``trace=False``) with its citation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar

from gov_deadlines.calendar import WorkCalendar, is_provisional
from gov_deadlines.errors import InvalidFacts, ProvisionalDataWarning, UnknownRule
from gov_deadlines.periods import Period, Start, TriggerOnRestDay, add_calendar_period
from gov_deadlines.results import Deadline, Pause, Status, Verdict, as_date
from gov_deadlines.rules import Catalog, Rule
from gov_deadlines.rules.conventions import convention
from gov_deadlines.schedule import apply_before, occurrences, target_period
from gov_deadlines.trace import Finding, Step, Trace

__all__ = ["Deadline", "Pause", "Status", "Verdict", "check", "due", "due_dates"]

_T = TypeVar("_T")

#: Holidays whose blocks make a comment window much less useful; windows spanning them warn.
_LONG_BREAKS = ("春节", "国庆节")


# -- public functions ----------------------------------------------------------------------------


def due(
    rule: str | Rule | Period,
    trigger: dt.date,
    *,
    pauses: Iterable[Pause | Sequence[Any]] = (),
    extension: int | Period | None = None,
    restart: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    start: Start | None = None,
    trigger_on_rest_day: TriggerOnRestDay | None = None,
    rollover: bool | None = None,
    trace: bool = True,
) -> Deadline:
    """When a rule's deadline falls for a trigger (an ad-hoc :class:`Period` works too).

    Impossible facts raise :class:`~gov_deadlines.InvalidFacts`; an unknown rule id raises
    :class:`~gov_deadlines.UnknownRule`; a year without calendar data raises
    :class:`~gov_deadlines.CalendarDataMissing`.

    >>> due("ogi.request.reply", dt.date(2024, 2, 8)).due   # 2/10-17 春节 skipped, 2/18 调休
    datetime.date(2024, 3, 13)
    """
    cal = calendar or WorkCalendar.default()
    with _quiet(cal):
        deadline = _deadline(
            cal,
            trace,
            _resolve(rule, trigger, catalog),
            trigger,
            tuple(Pause.coerce(p) for p in pauses),
            extension,
            restart,
            _Options(start, trigger_on_rest_day, rollover),
        )
    _warn_provisional(deadline.provisional)
    return deadline


def check(
    rule: str | Rule | Period,
    trigger: dt.date,
    done: dt.date | None = None,
    as_of: dt.date | None = None,
    pauses: Iterable[Pause | Sequence[Any]] = (),
    extension: int | Period | None = None,
    restart: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    *,
    start: Start | None = None,
    trigger_on_rest_day: TriggerOnRestDay | None = None,
    rollover: bool | None = None,
    trace: bool = True,
) -> Verdict:
    """Whether a case met its deadline: ``done`` is when it was done (for a window rule: the day
    the window closed); without it, ``as_of`` tells pending from overdue.

    Impossible facts give an ``invalid`` verdict with a reason rather than an exception; an
    unknown rule id raises :class:`~gov_deadlines.UnknownRule`.

    >>> check("ogi.request.reply", dt.date(2024, 2, 8), done=dt.date(2024, 3, 14)).workdays_late
    1
    """
    cal = calendar or WorkCalendar.default()
    ev = _Evaluation(cal, trace)
    resolved: Rule | Period | None = None
    with _quiet(cal):
        try:
            resolved = _resolve(rule, trigger, catalog)
            pause_list = tuple(map(Pause.coerce, pauses)) if pauses else ()
            no_options = start is None and trigger_on_rest_day is None and rollover is None
            opts = _NO_OPTIONS if no_options else _Options(start, trigger_on_rest_day, rollover)
            deadline = _deadline(
                cal, trace, resolved, trigger, pause_list, extension, restart, opts, ev
            )
            verdict = ev.verdict(deadline, trigger, done, as_of, list(pause_list), restart)
        except InvalidFacts as exc:
            reason = Finding(exc.code, exc.params)
            ev.add("invalid", reason=exc.code, **exc.params)
            rule_obj = resolved if isinstance(resolved, Rule) else None
            return Verdict(
                "invalid",
                None,
                rule=rule_obj,
                reason=reason,
                trace=Trace(tuple(ev.steps)),
                fingerprint=cal.fingerprint,
            )
    _warn_provisional(verdict.provisional)
    return verdict


def due_dates(
    rule: str | Rule,
    start: dt.date,
    end: dt.date,
    *,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
) -> list[dt.date]:
    """Every deadline of a fixed-date or recurring rule falling in ``[start, end]``, for planning.

    Each deadline uses the rule version in force on the first day of the period it belongs to
    (the report year for an annual report), as :func:`check` would for a trigger on that day.

    >>> due_dates("ogi.annual_report.department", dt.date(2019, 1, 1), dt.date(2020, 12, 31))
    [datetime.date(2019, 3, 31), datetime.date(2020, 1, 31)]
    """
    if isinstance(rule, Rule):
        versions: tuple[Rule, ...] = (rule,)
        cat = None
    else:
        cat = catalog or Catalog.default()
        versions = cat.versions(rule)
    if any(v.schedule is None for v in versions):
        raise ValueError("due_dates lists fixed_date and recurring rules; use due() for periods")
    cal = calendar or WorkCalendar.default()
    found: set[dt.date] = set()
    for v in versions:
        assert v.schedule is not None
        # Look beyond the range: rollover moves a date forward (past a break of up to 9 days),
        # "exclusive" moves it back a day.
        window = (start - dt.timedelta(days=15), end + dt.timedelta(days=2))
        for occurrence in occurrences(v.schedule, *window):
            own_start = target_period(v.schedule, occurrence, back=True)[0]
            if cat is not None and cat.get(v.id, on=own_start) is not v:
                continue  # another version governs the period this deadline belongs to
            d = apply_before(occurrence, v)
            if v.rollover and not cal.is_workday(d):
                d = cal.next_workday(d)
            if start <= d <= end:
                found.add(d)
    return sorted(found)


# -- internals ------------------------------------------------------------------------------------


class _Options(NamedTuple):
    # A tuple, not an attrs class: it is part of the deadline cache's key, hashed once per case.
    start: Start | None
    trigger_on_rest_day: TriggerOnRestDay | None
    rollover: bool | None


_NO_OPTIONS = _Options(None, None, None)


@contextlib.contextmanager
def _silenced_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        yield


def _quiet(cal: WorkCalendar) -> contextlib.AbstractContextManager[None]:
    """Silence the calendar's per-call warnings: the result carries ``provisional`` instead, and
    :func:`_warn_provisional` issues one warning for the whole call."""
    return _NULL if cal.unknown_years == "error" else _silenced_warnings()


_NULL = contextlib.nullcontext()


def _warn_provisional(provisional: bool) -> None:
    if provisional:
        warnings.warn(
            "the result depends on days whose holiday arrangement is not loaded; it is "
            "provisional (临时结果): check .provisional",
            ProvisionalDataWarning,
            stacklevel=3,
        )


def _deadline(
    cal: WorkCalendar,
    trace: bool,
    rule: Rule | Period,
    trigger: dt.date,
    pauses: tuple[Pause, ...],
    extension: int | Period | None,
    restart: dt.date | None,
    opts: _Options,
    ev: _Evaluation | None = None,
) -> Deadline:
    if trace:
        ev = ev or _Evaluation(cal, True)
        return ev.deadline(rule, trigger, list(pauses), extension, restart, opts)
    return _cached_deadline(cal, rule, trigger, pauses, extension, restart, opts)


@functools.lru_cache(maxsize=1 << 16)
def _cached_deadline(
    cal: WorkCalendar,
    rule: Rule | Period,
    trigger: dt.date,
    pauses: tuple[Pause, ...],
    extension: int | Period | None,
    restart: dt.date | None,
    opts: _Options,
) -> Deadline:
    """Deadlines without a trace are pure values of their inputs: batches repeat them often."""
    return _Evaluation(cal, False).deadline(rule, trigger, list(pauses), extension, restart, opts)


def _resolve(rule: str | Rule | Period, trigger: object, catalog: Catalog | None) -> Rule | Period:
    if isinstance(rule, Rule | Period):
        return rule
    if not isinstance(rule, str):
        raise TypeError(f"rule must be a rule id, a Rule or a Period; got {rule!r}")
    on = as_date(trigger, "trigger")
    cat = catalog or Catalog.default()
    try:
        return _version(cat, rule, on)
    except UnknownRule:
        versions = cat.versions(rule)  # re-raises for an id that does not exist
        spans = ", ".join(f"{v.effective_from or '…'}..{v.effective_until or ''}" for v in versions)
        raise InvalidFacts(
            "rule_not_in_force",
            f"rule {rule} was not in force on {on} (versions: {spans})",
            rule=rule,
            date=on,
            versions=spans,
        ) from None


@functools.lru_cache(maxsize=1 << 14)  # batches ask for the same rule on the same dates
def _version(catalog: Catalog, rule_id: str, on: dt.date) -> Rule:
    return catalog.get(rule_id, on=on)


class _Evaluation:
    """One computation: the calendar, the trace being recorded, the provisional flag."""

    def __init__(self, cal: WorkCalendar, trace: bool) -> None:
        self.cal = cal
        self.recording = trace
        self.steps: list[Step] = []
        self.provisional = False
        self.watching = cal.unknown_years != "error"  # only then can a result be provisional
        self.extended = 0  # extension applied, in the period's unit
        self.paused = 0  # units of the period not counted because of pauses

    def add(self, code: str, citation: Any = None, **params: Any) -> None:
        if self.recording:
            self.steps.append(Step(code, params, citation))

    def mark(self, value: _T) -> _T:
        if self.watching and is_provisional(value):
            self.provisional = True
        return value

    # -- deadlines ----------------------------------------------------------------------------

    def deadline(
        self,
        rule: Rule | Period,
        trigger: dt.date,
        pauses: list[Pause],
        extension: int | Period | None,
        restart: dt.date | None,
        opts: _Options,
    ) -> Deadline:
        cal = self.cal
        trigger_date = as_date(trigger, "trigger")
        if isinstance(rule, Rule) and not rule.in_force(trigger_date):
            since, until = rule.effective_from or "…", rule.effective_until or ""
            raise InvalidFacts(
                "rule_not_in_force",
                f"this version of {rule.id} ({since}..{until}) was not in force on {trigger_date}",
                rule=rule.id,
                date=trigger_date,
                versions=f"{since}..{until}",
            )
        for p in pauses:
            if p.end < trigger_date:
                raise InvalidFacts(
                    "pause_outside_case",
                    f"pause {p.start}..{p.end} ends before the trigger {trigger_date}",
                    start=p.start,
                    end=p.end,
                )
        if isinstance(rule, Rule):
            r: Rule | None = rule
            period = rule.period
            if self.recording:
                self.add(
                    "rule",
                    rule.citations[0] if rule.citations else None,
                    id=rule.id,
                    title_zh=rule.title_zh,
                    title_en=rule.title_en,
                    kind=rule.kind,
                    period=str(period) if period else None,
                    since=rule.effective_from,
                    until=rule.effective_until,
                )
        else:
            r, period = None, rule
            if self.recording:
                self.add("adhoc", period=str(period))
        start = opts.start or (r.start if r else "next_day")
        on_rest = opts.trigger_on_rest_day or (r.trigger_on_rest_day if r else "as_is")
        rollover = opts.rollover if opts.rollover is not None else (r.rollover if r else True)
        violations: list[Finding] = []

        if r is not None and r.schedule is not None:
            if pauses or extension is not None or restart is not None:
                raise InvalidFacts(
                    "not_applicable",
                    f"{r.id} falls on a fixed date: pauses, extensions and restarts do not apply",
                    rule=r.id,
                )
            return self._scheduled(r, trigger_date, rollover)

        assert period is not None
        counted_from = trigger_date
        if restart is not None:
            restart = as_date(restart, "restart")
            if restart < trigger_date:
                raise InvalidFacts(
                    "restart_before_trigger",
                    f"the restart date {restart} is before the trigger {trigger_date}",
                    restart=restart,
                    trigger=trigger_date,
                )
            if r is not None and not r.restart:
                violations.append(Finding("restart_not_allowed", {"restart": restart}))
                self.add("restart_not_allowed", restart=restart)
            else:
                self.add(
                    "restart", r.citations[-1] if r else None, trigger=trigger_date, restart=restart
                )
                counted_from = restart
        if (
            on_rest == "next_workday"
            and period.unit != "hours"
            and not self.mark(cal.is_workday(counted_from))
        ):
            day = self.mark(cal.day(counted_from))
            if not day.is_workday:
                deemed = self.mark(cal.next_workday(counted_from))
                self.add(
                    "trigger_deemed",
                    trigger=counted_from,
                    deemed=deemed,
                    kind=day.kind,
                    name=day.name,
                )
                counted_from = deemed

        amount = period.amount
        if extension is not None:
            self.extended = self._extension(r, period, extension, violations)
            amount += self.extended
        allowed = set(r.pauses) if r else None
        used: list[Pause] = []
        for p in pauses:
            if p.end < p.start:
                raise InvalidFacts(
                    "pause_reversed",
                    f"pause {p.start}..{p.end} ends before it starts",
                    start=p.start,
                    end=p.end,
                )
            if allowed is not None and (not allowed or (p.kind and p.kind not in allowed)):
                violations.append(
                    Finding("pause_not_allowed", {"start": p.start, "end": p.end, "kind": p.kind})
                )
                self.add(
                    "pause_not_allowed",
                    start=p.start,
                    end=p.end,
                    kind=p.kind,
                    allowed=sorted(allowed),
                )
            else:
                used.append(p)

        if period.unit == "hours":
            if used:
                raise InvalidFacts("pause_in_hours", "pauses apply to day-based periods only")
            if not isinstance(trigger, dt.datetime):
                raise InvalidFacts(
                    "hours_need_time",
                    f"an hour period runs from the exact trigger time; give {trigger_date} a time "
                    "(e.g. 2024-02-08 09:30)",
                    trigger=trigger_date,
                )
            due_at = trigger + dt.timedelta(hours=amount)
            self.add("hours", convention("hours"), trigger=trigger, hours=amount, due_at=due_at)
            return self._finish(r, period, counted_from, due_at.date(), violations, due_at=due_at)

        base = counted_from - dt.timedelta(days=1) if start == "same_day" else counted_from
        if self.recording:
            self.add(
                "start",
                None if start == "same_day" else convention("start"),
                trigger=counted_from,
                start=start,
            )
        if period.unit == "workdays":
            end = self._workdays(base, amount, used)
        else:
            end = self._calendar_days(base, amount, period, used)
            end = self._rollover(end, rollover)
        cutoff = r.cutoff if r else None
        if cutoff is not None:
            self.add("cutoff", convention("cutoff"), time=cutoff)
        return self._finish(r, period, counted_from, end, violations, cutoff=cutoff)

    def _finish(
        self,
        r: Rule | None,
        period: Period | None,
        trigger: dt.date,
        end: dt.date,
        violations: list[Finding],
        *,
        due_at: dt.datetime | None = None,
        cutoff: dt.time | None = None,
    ) -> Deadline:
        if self.recording:
            self.add("due", due=end, due_at=due_at, cutoff=cutoff)
        return Deadline(
            end,
            r,
            period,
            trigger,
            due_at,
            cutoff,
            self.provisional,
            tuple(violations),
            Trace(tuple(self.steps)),
            self.cal.fingerprint,
            self.extended,
            self.paused,
        )

    def _extension(
        self, r: Rule | None, period: Period, extension: int | Period, violations: list[Finding]
    ) -> int:
        if isinstance(extension, Period):
            if extension.unit != period.unit:
                raise InvalidFacts(
                    "extension_unit",
                    f"the extension {extension} is not in the period's unit ({period.unit})",
                )
            asked = extension.amount
        elif isinstance(extension, bool) or not isinstance(extension, int) or extension < 0:
            raise TypeError(f"extension must be a non-negative int or a Period, got {extension!r}")
        else:
            asked = extension
        if r is None:
            self.add("extension", amount=asked, unit=period.unit, max=None)
            return asked
        limit = r.max_extension.amount if r.max_extension else 0
        if asked > limit:
            code = "extension_over_limit" if limit else "extension_not_allowed"
            violations.append(
                Finding(code, {"asked": asked, "max": limit, "unit": period.unit}, r.citations[0])
            )
            self.add(code, r.citations[0], asked=asked, max=limit, unit=period.unit)
            return limit
        self.add("extension", r.citations[0], amount=asked, unit=period.unit, max=limit)
        return asked

    def _workdays(self, base: dt.date, amount: int, pauses: list[Pause]) -> dt.date:
        cal = self.cal
        end = self.mark(cal.add_workdays(base, amount))
        paused = 0
        # A pause can push the end into a later pause: repeat until stable (at most one round
        # per pause).
        for _ in range(len(pauses) + 1):
            paused = sum(self._paused_workdays(p, base, end) for p in pauses)
            new_end = self.mark(cal.add_workdays(base, amount + paused))
            if new_end == end:
                break
            end = new_end
        self.paused = paused
        if self.recording:
            span = self._span(base, end)
            self.add("count_workdays", n=amount, paused=paused, base=base, due=end, **span)
            for p in pauses:
                k = self._paused_workdays(p, base, end)
                self.add("pause", start=p.start, end=p.end, kind=p.kind, workdays=k)
        return end

    def _paused_workdays(self, p: Pause, base: dt.date, end: dt.date) -> int:
        a, b = max(p.start - dt.timedelta(days=1), base), min(p.end, end)
        return self.mark(self.cal.workdays_between(a, b)) if b > a else 0

    def _calendar_days(
        self, base: dt.date, amount: int, period: Period, pauses: list[Pause]
    ) -> dt.date:
        plain = add_calendar_period(base, amount, period.unit)
        end = plain
        for _ in range(len(pauses) + 1):
            paused = sum(
                max(0, (min(p.end, end) - max(p.start, base + dt.timedelta(1))).days + 1)
                for p in pauses
            )
            new_end = plain + dt.timedelta(days=paused)
            if new_end == end:
                break
            end = new_end
        self.paused = (end - plain).days
        month_end = period.unit in ("months", "years") and plain.day != base.day
        self.add(
            "count_days",
            convention("month_end") if month_end else None,
            n=amount,
            unit=period.unit,
            base=base,
            end=plain,
            month_end=month_end,
        )
        for p in pauses:
            days = max(0, (min(p.end, end) - max(p.start, base + dt.timedelta(1))).days + 1)
            self.add("pause", start=p.start, end=p.end, kind=p.kind, days=days)
        return end

    def _rollover(self, end: dt.date, rollover: bool) -> dt.date:
        if self.mark(self.cal.is_workday(end)):
            return end
        day = self.mark(self.cal.day(end))
        if not rollover:
            self.add("day_off_no_rollover", date=end, kind=day.kind, name=day.name)
            return end
        rolled = self.mark(self.cal.next_workday(end))
        self.add(
            "rollover", convention("rollover"), date=end, to=rolled, kind=day.kind, name=day.name
        )
        return rolled

    def _scheduled(self, r: Rule, trigger: dt.date, rollover: bool) -> Deadline:
        assert r.schedule is not None
        begin, end = target_period(r.schedule, trigger)
        found = occurrences(r.schedule, begin - dt.timedelta(1), end + dt.timedelta(1))
        if not found:
            raise InvalidFacts("no_occurrence", f"rule {r.id} has no deadline in {begin}..{end}")
        d = apply_before(found[0], r)
        self.add(
            "scheduled",
            trigger=trigger,
            period_start=begin,
            period_end=end,
            date=found[0],
            before=r.before,
            due=d,
            schedule_zh=r.schedule.describe("zh"),
            schedule_en=r.schedule.describe("en"),
        )
        d = self._rollover(d, rollover)
        return self._finish(r, None, trigger, d, [])

    def _span(self, a: dt.date, b: dt.date) -> dict[str, Any]:
        """What lies in ``(a, b]``: holiday blocks skipped and make-up workdays counted."""
        if not self.recording or b <= a:
            return {}
        blocks: list[list[Any]] = []
        makeup: list[tuple[dt.date, str | None]] = []
        weekend = 0
        for day in self.cal.days(a + dt.timedelta(days=1), b):
            if day.kind == "holiday":
                if blocks and blocks[-1][1] == day.date - dt.timedelta(1):
                    blocks[-1][1] = day.date
                else:
                    blocks.append([day.date, day.date, day.name])
            elif day.kind == "makeup_workday":
                makeup.append((day.date, day.name))
            elif day.kind == "weekend":
                weekend += 1
        return {
            "holidays": [tuple(b) for b in blocks],
            "makeup": makeup,
            "weekend_days": weekend,
        }

    # -- verdicts -----------------------------------------------------------------------------

    def verdict(
        self,
        deadline: Deadline,
        trigger: dt.date,
        done: dt.date | None,
        as_of: dt.date | None,
        pauses: list[Pause],
        restart: dt.date | None = None,
    ) -> Verdict:
        cal = self.cal
        trigger_date = as_date(trigger, "trigger")
        violations = list(deadline.violations)
        notes: list[Finding] = []
        end = deadline.due
        done_date = as_date(done, "done") if done is not None else None
        as_of_date = as_date(as_of, "as_of") if as_of is not None else None
        if done_date is not None and done_date < trigger_date:
            raise InvalidFacts(
                "done_before_trigger",
                f"done ({done_date}) is before the trigger ({trigger_date})",
                done=done_date,
                trigger=trigger_date,
            )
        if done_date is None and as_of_date is not None and as_of_date < trigger_date:
            raise InvalidFacts(
                "as_of_before_trigger",
                f"as_of ({as_of_date}) is before the trigger ({trigger_date})",
                as_of=as_of_date,
                trigger=trigger_date,
            )
        restart_date = as_date(restart, "restart") if restart is not None else None
        if done_date is not None and restart_date is not None and restart_date > done_date:
            raise InvalidFacts(
                "restart_after_done",
                f"the clock restarted on {restart_date}, after the case was done ({done_date})",
                restart=restart_date,
                done=done_date,
            )
        last = done_date or as_of_date
        for p in pauses:
            if last is not None and p.start > last:
                raise InvalidFacts(
                    "pause_outside_case",
                    f"pause {p.start}..{p.end} starts after the case ({trigger_date}..{last})",
                    start=p.start,
                    end=p.end,
                )

        rule = deadline.rule
        workdays_late = days_late = workdays_left = None
        if rule is not None and rule.kind == "window":
            status, notes = self._window(rule, trigger_date, done_date, end, violations)
        elif done_date is not None:
            status = "on_time" if self._in_time(deadline, done) else "late"
            if status == "late":
                workdays_late = self.mark(cal.workdays_between(end, done_date))
                days_late = (done_date - end).days
                violations.append(
                    Finding("late", {"due": end, "done": done_date, "workdays": workdays_late})
                )
            if self.recording:
                self.add(
                    "completed",
                    done=done,
                    status=status,
                    workdays_late=workdays_late,
                    days_late=days_late,
                )
        elif as_of_date is not None:
            if as_of_date > end:
                status = "overdue"
                workdays_late = self.mark(cal.workdays_between(end, as_of_date))
                days_late = (as_of_date - end).days
                violations.append(
                    Finding("overdue", {"due": end, "as_of": as_of_date, "workdays": workdays_late})
                )
            else:
                status = "pending"
                workdays_left = self.mark(cal.workdays_between(as_of_date, end))
            if self.recording:
                self.add(
                    "as_of",
                    as_of=as_of_date,
                    status=status,
                    workdays_late=workdays_late,
                    workdays_left=workdays_left,
                )
        else:
            status = "pending"
            if self.recording:
                self.add("not_done")
        provisional = self.provisional or deadline.provisional
        if provisional:
            notes.append(Finding("provisional", {}))
            self.add("provisional")
        return Verdict(
            status,
            end,
            rule,
            deadline,
            workdays_late,
            days_late,
            workdays_left,
            tuple(violations),
            tuple(notes),
            provisional,
            None,
            Trace(tuple(self.steps)),
            self.cal.fingerprint,
        )

    @staticmethod
    def _in_time(deadline: Deadline, done: Any) -> bool:
        done_date = as_date(done, "done")
        if deadline.due_at is not None:
            if isinstance(done, dt.datetime):
                return bool(done <= deadline.due_at)
            if done_date == deadline.due:
                raise InvalidFacts(
                    "done_needs_time",
                    "an hour period ends at an exact time; "
                    f"give the completion time on {done_date}",
                )
            return done_date < deadline.due
        if done_date != deadline.due:
            return done_date < deadline.due
        cutoff = deadline.cutoff
        return cutoff is None or not isinstance(done, dt.datetime) or done.time() <= cutoff

    def _window(
        self,
        rule: Rule,
        start: dt.date,
        end: dt.date | None,
        earliest: dt.date,
        violations: list[Finding],
    ) -> tuple[Status, list[Finding]]:
        notes: list[Finding] = []
        assert rule.period is not None
        if end is None:
            self.add("window_open", earliest=earliest)
            return "pending", notes
        cal, required = self.cal, rule.period.amount
        total = (end - start).days
        workdays = self.mark(cal.workdays_between(start, end))
        counted = workdays if rule.period.unit == "workdays" else total
        days_off = total - workdays if total > 0 else 0
        holidays = cal.holidays(start + dt.timedelta(days=1), end) if total > 0 else []
        # Names may combine holidays ("国庆节、中秋节"): look for the long breaks inside them.
        spans = sorted({b for d in holidays for b in _LONG_BREAKS if b in (d.name or "")})
        status: Status = "on_time" if counted >= required else "too_short"
        self.add(
            "window",
            rule.citations[0],
            start=start,
            end=end,
            counted=counted,
            required=required,
            unit=rule.period.unit,
            days_off=days_off,
        )
        if spans:
            notes.append(Finding("window_spans_break", {"holidays": spans, "days_off": days_off}))
            self.add("window_spans_break", holidays=spans, days_off=days_off)
        if status == "too_short":
            violations.append(
                Finding(
                    "too_short",
                    {"counted": counted, "required": required, "unit": rule.period.unit},
                    rule.citations[0],
                )
            )
        return status, notes
