"""A deliberately naive reference evaluator for deadlines, written from docs/conventions.md.

It shares no code with gov_deadlines (nothing here imports it): the working-day calendar comes
from the holiday-cn files in ``../shared/data/holiday-cn`` (NateScarlet/holiday-cn, one JSON file
per year, 2007-2026), the rules from the small hand-written table below, and every period is
walked ONE DAY AT A TIME. Readability beats speed; if this file needs an index, it is wrong.

Sections of docs/conventions.md implemented: 1 (start day), 2 and 10a (trigger on a day off,
receipt channel), 3-5 (working days, days, months, rollover), 6 (cutoff), 7 (hours),
8 (pauses), 9 (extension), 10 (restart), 10c (statutory "days" that are working days), 13
(verdicts). Decisions this file had to make where the text is silent are marked ASSUMPTION.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "DATA",
    "FIRST",
    "LAST",
    "RULES",
    "Invalid",
    "OutsideCalendar",
    "RefDeadline",
    "RefRule",
    "RefVerdict",
    "is_workday",
    "reference_check",
    "reference_due",
]

ONE_DAY = dt.timedelta(days=1)
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "holiday-cn"
FIRST, LAST = dt.date(2007, 1, 1), dt.date(2026, 12, 31)


class OutsideCalendar(LookupError):
    """A date outside the years the holiday-cn files cover."""


class Invalid(ValueError):
    """Impossible facts: the engine must answer ``invalid`` (check) / raise InvalidFacts (due)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# -- the calendar -----------------------------------------------------------------------------


@functools.cache
def _listed_days() -> dict[dt.date, bool]:
    """Every date the files list -> is it a day off? (A year file may list neighbouring days.)"""
    listed: dict[dt.date, bool] = {}
    for year in range(FIRST.year, LAST.year + 1):
        for entry in json.loads((DATA / f"{year}.json").read_text(encoding="utf-8"))["days"]:
            day = dt.date.fromisoformat(entry["date"])
            if listed.get(day, entry["isOffDay"]) != entry["isOffDay"]:
                raise ValueError(f"holiday-cn files disagree about {day}")
            listed[day] = entry["isOffDay"]
    return listed


def is_workday(d: dt.date) -> bool:
    """A listed day as listed; any other day Monday-Friday. Outside 2007-2026: an error."""
    if not FIRST <= d <= LAST:
        raise OutsideCalendar(f"{d} is outside the reference calendar ({FIRST}..{LAST})")
    listed = _listed_days()
    if d in listed:
        return not listed[d]
    return d.weekday() < 5


def next_workday(d: dt.date) -> dt.date:
    """The first working day strictly after d."""
    d += ONE_DAY
    while not is_workday(d):
        d += ONE_DAY
    return d


def days_in(a: dt.date, b: dt.date) -> list[dt.date]:
    """The days in (a, b]."""
    return [a + k * ONE_DAY for k in range(1, (b - a).days + 1)]


def plus_months(d: dt.date, n: int) -> dt.date:
    """The corresponding day n months later, else that month's last day (民法典 Art. 202)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, _stdlib_calendar.monthrange(year, month)[1]))


# -- the rules, by hand from rules/data/*.toml ----------------------------------------------------


@dataclass(frozen=True)
class RefRule:
    """What a rule version says. ``max_extension`` None: no extension allowed."""

    amount: int
    unit: str  # "workdays", "days", "months", "hours"
    max_extension: int | None = None
    pauses: frozenset[str] = frozenset()
    restart: bool = False
    trigger_on_rest_day: str = "as_is"
    receipt: bool = False  # cites 条例 Art. 31: the channel decides a day-off trigger
    start: str = "next_day"
    rollover: bool = True
    cutoff: dt.time | None = None
    statute: str | None = None  # for 10c: a statute defining its short "days" as working days


# 10c: statute -> (in force from, lengths in 日 that mean working days).
DAY_DEFINITIONS = {
    "行政处罚法": (dt.date(2021, 7, 15), {2, 3, 5, 7}),  # Art. 85
    "行政复议法": (dt.date(2024, 1, 1), {3, 5, 7, 10}),  # Art. 88 ¶2
}

# rule id -> [(in force from, until (inclusive, None: open), version)]
RULES: dict[str, list[tuple[dt.date, dt.date | None, RefRule]]] = {
    "ogi.request.reply": [
        # 2007 条例: 15 working days, extension at most 15; only consulting a third party is not
        # counted; no restart; no receipt article.
        (
            dt.date(2008, 5, 1),
            dt.date(2019, 5, 14),
            RefRule(
                15,
                "workdays",
                max_extension=15,
                pauses=frozenset({"third_party_consultation"}),
                trigger_on_rest_day="next_workday",
            ),
        ),
        # 2019 条例 Arts. 30, 31, 33: 20 + at most 20 working days; third parties and other
        # agencies; restart on a corrected application; receipt by channel.
        (
            dt.date(2019, 5, 15),
            None,
            RefRule(
                20,
                "workdays",
                max_extension=20,
                pauses=frozenset({"third_party_consultation", "agency_consultation"}),
                restart=True,
                trigger_on_rest_day="next_workday",
                receipt=True,
            ),
        ),
    ],
    # 行政处罚法 Art. 48 "三日内撤回", Art. 85: "三日" is working days. Written here as the
    # statute writes it (3 日) so that 10c, not the table, makes it working days.
    "penalty.withdrawal": [
        (dt.date(2021, 7, 15), None, RefRule(3, "days", statute="行政处罚法")),
    ],
    # 行政处罚法 Art. 61 "七日内" (working days, Art. 85), Art. 67 "十五日内" (not listed in
    # Art. 85: calendar days, rolled over), Art. 71 "二日内" (working days).
    "penalty.service": [(dt.date(2021, 7, 15), None, RefRule(7, "days", statute="行政处罚法"))],
    "penalty.fine.payment": [
        (dt.date(2021, 7, 15), None, RefRule(15, "days", statute="行政处罚法"))
    ],
    "penalty.fine.handover": [
        (dt.date(2021, 7, 15), None, RefRule(2, "days", statute="行政处罚法"))
    ],
}

# 条例 Art. 31 (10a): channel -> a trigger on a day off is kept (as_is) or deemed next workday.
CHANNELS = {
    "in_person": "as_is",
    "mail": "as_is",
    "online": "next_workday",
    "fax": "next_workday",
    "email": "next_workday",
}


def _version(rule: str | Any, trigger: dt.date) -> tuple[RefRule, bool]:
    """(the rule version in force on trigger, is it a catalogued rule?)"""
    if not isinstance(rule, str):  # an ad-hoc period: anything with .amount and .unit
        # ASSUMPTION: an ad-hoc period allows any extension (no maximum), any pause and restart.
        return RefRule(rule.amount, rule.unit, max_extension=None, restart=True), False
    for since, until, version in RULES[rule]:
        if since <= trigger and (until is None or trigger <= until):
            return version, True
    raise Invalid("rule_not_in_force")


# -- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefDeadline:
    due: dt.date
    base: dt.date  # the excluded start day: counting starts the day after it
    unit: str  # the unit counted in, after 10c
    paused: int  # counted units the pauses moved the due date by
    counted: Callable[[dt.date], bool]  # is this day counted (after base)?
    used_pauses: tuple[tuple[dt.date, dt.date], ...]
    due_at: dt.datetime | None = None
    cutoff: dt.time | None = None


CHINA = dt.timezone(dt.timedelta(hours=8))


def _as_date(value: dt.date) -> dt.date:
    """The day in Beijing: an aware datetime is converted to UTC+8 first (7, time zones)."""
    if isinstance(value, dt.datetime):
        return (value.astimezone(CHINA) if value.tzinfo else value).date()
    return value


def _pause_parts(p: Sequence[Any]) -> tuple[dt.date, dt.date, str | None]:
    start, end, *kind = p
    return _as_date(start), _as_date(end), (kind[0] if kind else None)


def reference_due(
    rule: str | Any,
    trigger: dt.date,
    *,
    pauses: Iterable[Sequence[Any]] = (),
    extension: int | None = None,
    restart: dt.date | None = None,
    channel: str | None = None,
    start: str | None = None,
    trigger_on_rest_day: str | None = None,
    rollover: bool | None = None,
    cutoff: dt.time | None = None,
) -> RefDeadline:
    """The due date, walking one day at a time. Raises Invalid or OutsideCalendar."""
    pauses = [_pause_parts(p) for p in pauses]
    trigger_day = _as_date(trigger)
    r, catalogued = _version(rule, trigger_day)
    for p_start, p_end, _ in pauses:
        if p_end < p_start:
            raise Invalid("pause_reversed")
        if p_end < trigger_day:
            raise Invalid("pause_outside_case")
    unit, amount = r.unit, r.amount
    # 10c: a statute's short "days" are working days.
    if unit == "days" and r.statute is not None:
        since, lengths = DAY_DEFINITIONS[r.statute]
        if trigger_day >= since and amount in lengths:
            unit = "workdays"

    # 9: extension, in the period's unit, capped; none without a maximum (rules only).
    if extension:
        amount += extension if not catalogued else min(extension, r.max_extension or 0)

    # 7: hour periods, from the exact time; no pauses, no rollover, no deeming.
    if unit == "hours":
        if pauses:
            raise Invalid("pause_in_hours")
        if not isinstance(trigger, dt.datetime):
            raise Invalid("hours_need_time")
        due_at = trigger + dt.timedelta(hours=amount)
        return RefDeadline(_as_date(due_at), trigger_day, unit, 0, lambda d: True, (), due_at)

    # 10: restart (allowed rules and ad-hoc periods), then 2 / 10a: deeming a day-off trigger.
    counted_from = trigger_day
    if restart is not None:
        if restart < trigger_day:
            raise Invalid("restart_before_trigger")
        if r.restart:
            counted_from = restart
    on_rest = r.trigger_on_rest_day
    if r.receipt and channel is not None:
        on_rest = CHANNELS[channel]
    if trigger_on_rest_day is not None:  # an explicit argument beats the channel
        on_rest = trigger_on_rest_day
    if on_rest == "next_workday" and not is_workday(counted_from):
        counted_from = next_workday(counted_from)

    # 1: the start day is not counted (same_day: the day before is the excluded one).
    same_day = (start or r.start) == "same_day"
    base = counted_from - ONE_DAY if same_day else counted_from

    # 8: pauses of an allowed kind (ASSUMPTION: a pause without a kind is allowed whenever
    # the rule allows some pause; ad-hoc periods allow every pause).
    def allowed(kind: str | None) -> bool:
        if not catalogued:
            return True
        return bool(r.pauses) and (kind is None or kind in r.pauses)

    used = tuple((a, b) for a, b, kind in pauses if allowed(kind))

    def paused(d: dt.date) -> bool:
        return any(a <= d <= b for a, b in used)

    if unit == "workdays":

        def counted(d: dt.date) -> bool:
            return is_workday(d) and not paused(d)

        n = amount
    else:

        def counted(d: dt.date) -> bool:
            return not paused(d)

        if unit == "months":
            # 4 + 8: the period is its length in days from the start day. same_day (1): the day
            # before the corresponding day, or the month's last day when it has none.
            last = plus_months(counted_from, amount)
            if same_day and last.day == counted_from.day:
                last -= ONE_DAY
            n = (last - base).days
        else:
            n = amount

    day, left = base, n
    while left > 0:
        day += ONE_DAY
        if counted(day):
            left -= 1
    moved_by = sum(
        1 for d in days_in(base, day) if paused(d) and (unit != "workdays" or is_workday(d))
    )

    # 5: rollover for day and month periods; no calendar lookup when it is off.
    roll = r.rollover if rollover is None else rollover
    if unit in ("days", "months") and roll and not is_workday(day):
        day = next_workday(day)
    return RefDeadline(
        day, base, unit, moved_by, counted, used, cutoff=cutoff if cutoff is not None else r.cutoff
    )


# -- verdicts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefVerdict:
    status: str
    due: dt.date | None = None
    workdays_late: int | None = None
    days_late: int | None = None
    workdays_left: int | None = None
    reason: str | None = None
    due_at: dt.datetime | None = None
    hours_late: float | None = None  # exact; hour periods with a done datetime only


def _workdays_in(a: dt.date, b: dt.date) -> int:
    return sum(1 for d in days_in(a, b) if is_workday(d))


def reference_check(
    rule: str | Any,
    trigger: dt.date,
    done: dt.date | None = None,
    as_of: dt.date | None = None,
    **facts: Any,
) -> RefVerdict:
    """The verdict (13). Impossible facts give status "invalid" with the reason."""
    trigger_day = _as_date(trigger)
    done_day = _as_date(done) if done is not None else None
    try:
        if done_day is not None and done_day < trigger_day:
            raise Invalid("done_before_trigger")
        if done_day is None and as_of is not None and as_of < trigger_day:
            raise Invalid("as_of_before_trigger")
        restart = facts.get("restart")
        if restart is not None and done_day is not None and restart > done_day:
            raise Invalid("restart_after_done")
        last = done_day if done_day is not None else as_of
        for p in facts.get("pauses", ()):
            if last is not None and _as_date(p[0]) > last:
                raise Invalid("pause_outside_case")
        d = reference_due(rule, trigger, **facts)
    except Invalid as exc:
        return RefVerdict("invalid", reason=exc.code)

    if done is not None:
        if d.due_at is not None:  # hours: to the minute (a datetime done is required)
            on_time = done <= d.due_at
        elif done_day != d.due:
            on_time = done_day < d.due
        else:  # 6: on the due day, a datetime after the cutoff is late
            on_time = (
                d.cutoff is None or not isinstance(done, dt.datetime) or done.time() <= d.cutoff
            )
        if on_time:
            return RefVerdict("on_time", d.due, due_at=d.due_at)
        hours_late = None
        if d.due_at is not None and isinstance(done, dt.datetime):
            hours_late = (done - d.due_at) / dt.timedelta(hours=1)
        return RefVerdict(
            "late",
            d.due,
            workdays_late=_workdays_in(d.due, done_day),
            days_late=(done_day - d.due).days,
            due_at=d.due_at,
            hours_late=hours_late,
        )
    if as_of is not None:
        if as_of > d.due:
            return RefVerdict(
                "overdue",
                d.due,
                workdays_late=_workdays_in(d.due, as_of),
                days_late=(as_of - d.due).days,
            )
        # counted working days still to come: after the start day, in no pause
        left = sum(
            1
            for day in days_in(as_of, d.due)
            if day > d.base and is_workday(day) and not any(a <= day <= b for a, b in d.used_pauses)
        )
        return RefVerdict("pending", d.due, workdays_left=left)
    return RefVerdict("pending", d.due, due_at=d.due_at)
