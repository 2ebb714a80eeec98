"""The public functions: :func:`due`, :func:`check`, :func:`due_dates`.

Each reads its arguments into frozen values (the rule version, :class:`Facts`, :class:`Options`),
then hands them to :mod:`~gov_deadlines.engine.deadline` and :mod:`~gov_deadlines.engine.verdict`.
Deadlines computed without a trace are pure values of those inputs and are cached: batches repeat
them often.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.engine.conventions import NO_OPTIONS, Options
from gov_deadlines.engine.deadline import compute
from gov_deadlines.engine.facts import Facts, Outcome, moment, pauses_of, validate_outcome
from gov_deadlines.engine.steps import Recorder
from gov_deadlines.engine.verdict import judge
from gov_deadlines.errors import InvalidArgument, InvalidFacts, ProvisionalDataWarning, UnknownRule
from gov_deadlines.periods import Period, Start, TriggerOnRestDay
from gov_deadlines.results import Deadline, Pause, Verdict, as_date
from gov_deadlines.rules import Catalog, Rule
from gov_deadlines.schedule import apply_before, occurrences, target_period
from gov_deadlines.trace import Finding, Trace

__all__ = ["check", "due", "due_dates"]


def due(
    rule: str | Rule | Period,
    trigger: dt.date,
    *,
    pauses: Iterable[Pause | Sequence[Any]] = (),
    extension: int | Period | None = None,
    restart: dt.date | None = None,
    channel: str | None = None,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    start: Start | None = None,
    trigger_on_rest_day: TriggerOnRestDay | None = None,
    rollover: bool | None = None,
    cutoff: dt.time | None = None,
    trace: bool = True,
) -> Deadline:
    """When a rule's deadline falls for a trigger. ``rule`` is a rule id, a :class:`Rule`, a
    :class:`Period` or a period string (``"20wd"``, ``"20个工作日"``).

    Impossible facts raise :class:`~gov_deadlines.InvalidFacts`; an unknown rule id raises
    :class:`~gov_deadlines.UnknownRule`; a year without calendar data raises
    :class:`~gov_deadlines.CalendarDataMissing`.

    >>> due("ogi.request.reply", dt.date(2024, 2, 8)).due   # 2/10-17 春节 skipped, 2/18 调休
    datetime.date(2024, 3, 13)
    """
    cal = calendar or WorkCalendar.default()
    opts = Options(start, trigger_on_rest_day, rollover, cutoff)
    when = moment(trigger, "trigger")
    with _quiet(cal):
        resolved = resolve_rule(rule, as_date(when, "trigger"), catalog)
        rec = Recorder(cal, trace)
        deadline = _case(rec, resolved, when, pauses, extension, restart, channel, opts)[1]
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
    channel: str | None = None,
    start: Start | None = None,
    trigger_on_rest_day: TriggerOnRestDay | None = None,
    rollover: bool | None = None,
    cutoff: dt.time | None = None,
    trace: bool = True,
) -> Verdict:
    """Whether a case met its deadline: ``done`` is when it was done (a reply sent by post: the
    day it was posted, 交邮之日; for a window rule: the day the window closed); without it,
    ``as_of`` tells pending from overdue. ``channel`` is how a request was submitted
    (``in_person``, ``mail``, ``online``, ``fax``, ``email``; 条例 Art. 31).

    Impossible facts give an ``invalid`` verdict with a reason rather than an exception; an
    unknown rule id raises :class:`~gov_deadlines.UnknownRule`.

    >>> check("ogi.request.reply", dt.date(2024, 2, 8), done=dt.date(2024, 3, 14)).workdays_late
    1
    """
    cal = calendar or WorkCalendar.default()
    opts = NO_OPTIONS  # one shared value keys the deadline cache for the common call
    if start is not None or trigger_on_rest_day is not None or rollover is not None:
        opts = Options(start, trigger_on_rest_day, rollover, cutoff)
    elif cutoff is not None:
        opts = Options(cutoff=cutoff)
    args = (rule, trigger, done, as_of, pauses, extension, restart, catalog, channel, opts)
    if cal.unknown_years == "error":
        return _check(Recorder(cal, trace), *args)
    with _silenced_warnings():
        verdict = _check(Recorder(cal, trace), *args)
    _warn_provisional(verdict.provisional)
    return verdict


def _check(
    rec: Recorder,
    rule: object,
    trigger: object,
    done: object,
    as_of: object,
    pauses: Iterable[Pause | Sequence[Any]],
    extension: int | Period | None,
    restart: object,
    catalog: Catalog | None,
    channel: str | None,
    opts: Options,
) -> Verdict:
    resolved: Rule | Period | None = None
    try:
        when = moment(trigger, "trigger")
        outcome = Outcome(_moment_or_none(done, "done"), _day_or_none(as_of, "as_of"))
        resolved = resolve_rule(rule, as_date(when, "trigger"), catalog)
        facts, deadline = _case(rec, resolved, when, pauses, extension, restart, channel, opts)
        return _verdict(rec, resolved, facts, deadline, outcome, opts)
    except InvalidFacts as exc:
        return _invalid(rec, exc, resolved)


def _verdict(
    rec: Recorder,
    rule: Rule | Period,
    facts: Facts,
    deadline: Deadline,
    outcome: Outcome,
    opts: Options,
) -> Verdict:
    validate_outcome(facts, outcome, rule)
    if deadline.due_at is not None:
        _check_done_time(deadline, outcome)
    verdict = judge(rec, deadline, facts.day, outcome)
    if deadline.receipt_assumed:  # would the other reading of the receipt day change it?
        return _receipt_warning(rec, verdict, rule, facts, outcome, opts)
    return verdict


def _receipt_warning(
    rec: Recorder, verdict: Verdict, rule: Rule | Period, facts: Facts, outcome: Outcome,
    opts: Options,
) -> Verdict:  # fmt: skip
    """Warn when reading the unknown channel the other way (the day itself) changes the status."""
    other_opts = opts._replace(trigger_on_rest_day="as_is")
    f = facts
    deadline = _cached(rec.cal, rule, f.trigger, f.pauses, f.extension, f.restart, None, other_opts)
    other = judge(Recorder(rec.cal, False), deadline[1], facts.day, outcome)
    if other.status == verdict.status:
        return verdict
    import attrs

    finding = Finding(
        "receipt_reading_matters",
        {"status": verdict.status, "as_is_status": other.status, "as_is_due": other.due},
    )
    steps = verdict.trace.steps + ((finding,) if rec.recording else ())
    return attrs.evolve(verdict, warnings=(*verdict.warnings, finding), trace=Trace(steps))


def _check_done_time(deadline: Deadline, outcome: Outcome) -> None:
    done = outcome.done
    if deadline.due_at is None or done is None or isinstance(done, dt.datetime):
        return
    if done == deadline.due:
        raise InvalidFacts(
            "done_needs_time",
            f"an hour period ends at an exact time; give the completion time on {done}",
        )


def _invalid(rec: Recorder, exc: InvalidFacts, resolved: Rule | Period | None) -> Verdict:
    rec.add("invalid", reason=exc.code, **exc.params)
    return Verdict(
        status="invalid",
        due=None,
        rule=resolved if isinstance(resolved, Rule) else None,
        reason=Finding(exc.code, exc.params),
        trace=Trace(tuple(rec.steps)),
        fingerprint=rec.cal.fingerprint,
    )


def _case(
    rec: Recorder,
    rule: Rule | Period,
    when: dt.date,
    pauses: Iterable[Pause | Sequence[Any]],
    extension: int | Period | None,
    restart: object,
    channel: str | None,
    opts: Options,
) -> tuple[Facts, Deadline]:
    """The case's facts and its deadline; without a trace, from the cache when it has them."""
    if rec.recording:
        facts = _facts(when, pauses, extension, restart, channel)
        return facts, compute(rec, rule, facts, opts)
    key = tuple(p if isinstance(p, Pause) else tuple(p) for p in pauses) if pauses else ()
    return _cached(rec.cal, rule, when, key, extension, restart, channel, opts)


@functools.lru_cache(maxsize=1 << 16)
def _cached(
    cal: WorkCalendar,
    rule: Rule | Period,
    when: dt.date,
    pauses: tuple[Pause | tuple[Any, ...], ...],
    extension: int | Period | None,
    restart: object,
    channel: str | None,
    opts: Options,
) -> tuple[Facts, Deadline]:
    """Deadlines without a trace are pure values of their inputs: batches repeat them often.
    Keyed by the inputs as given (normalised to hashable values), so a hit costs no parsing."""
    facts = _facts(when, pauses, extension, restart, channel)
    return facts, compute(Recorder(cal, False), rule, facts, opts)


def _facts(
    when: dt.date,
    pauses: Iterable[Pause | Sequence[Any]],
    extension: int | Period | None,
    restart: object,
    channel: str | None,
) -> Facts:
    return Facts(when, pauses_of(pauses), extension, _day_or_none(restart, "restart"), channel)


def _day_or_none(value: object, what: str) -> dt.date | None:
    return None if value is None else as_date(value, what)


def _moment_or_none(value: object, what: str) -> dt.date | None:
    return None if value is None else moment(value, what)


def resolve_rule(rule: object, on: dt.date, catalog: Catalog | None) -> Rule | Period:
    """The rule version in force on ``on`` for a rule id, a period string such as ``"20wd"``,
    a :class:`Rule` or a :class:`Period`."""
    if isinstance(rule, Rule | Period):
        return rule
    if not isinstance(rule, str):
        raise InvalidArgument(
            f"rule must be a rule id, a period such as '20wd', a Rule or a Period; got {rule!r}"
        )
    cat = catalog or Catalog.default()
    try:
        return _version(cat, rule, on)
    except UnknownRule:
        if rule not in cat:
            return _period_or_raise(rule, cat)
        spans = ", ".join(
            f"{v.effective_from or '…'}..{v.effective_until or ''}" for v in cat.versions(rule)
        )
        raise InvalidFacts(
            "rule_not_in_force", f"rule {rule} was not in force on {on} (versions: {spans})",
            rule=rule, date=on, versions=spans,
        ) from None  # fmt: skip


def _period_or_raise(text: str, cat: Catalog) -> Period:
    try:
        return Period.parse(text)
    except ValueError:
        cat.get(text)  # raises UnknownRule, with close ids as suggestions
        raise


@functools.lru_cache(maxsize=1 << 14)  # batches ask for the same rule on the same dates
def _version(catalog: Catalog, rule_id: str, on: dt.date) -> Rule:
    return catalog.get(rule_id, on=on)


@contextlib.contextmanager
def _silenced_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        yield


_NULL = contextlib.nullcontext()


def _quiet(cal: WorkCalendar) -> contextlib.AbstractContextManager[None]:
    """Silence the calendar's per-call warnings: the result carries ``provisional`` instead, and
    :func:`_warn_provisional` issues one warning for the whole call."""
    return _NULL if cal.unknown_years == "error" else _silenced_warnings()


def _warn_provisional(provisional: bool) -> None:
    if provisional:
        warnings.warn(
            "the result depends on days whose holiday arrangement is not loaded; it is "
            "provisional (临时结果): check .provisional",
            ProvisionalDataWarning,
            stacklevel=3,
        )


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
        raise InvalidArgument(
            "due_dates lists fixed_date and recurring rules; use due() for periods"
        )
    cal = calendar or WorkCalendar.default()
    found: set[dt.date] = set()
    for v in versions:
        found.update(_version_dates(v, cat, cal, start, end))
    return sorted(found)


def _version_dates(
    v: Rule, cat: Catalog | None, cal: WorkCalendar, start: dt.date, end: dt.date
) -> Iterator[dt.date]:
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
            yield d
