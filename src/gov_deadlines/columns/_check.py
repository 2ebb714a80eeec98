"""check_columns: verdicts for whole columns, the same answers as :func:`~gov_deadlines.check`.

The work is split by what a row needs. Every distinct trigger day is resolved once (per rule),
by the library's own functions, into the rule version in force and its conventions (a
:class:`_Plan`); rows whose plan is a plain period (working days, days, months, years) and whose
facts are plain (no restart, a non-negative extension, done or as_of not before the trigger;
plain pauses in working-day periods, see :mod:`._pauses`) are counted with index arithmetic, a
group of rows per plan, each lookup mirroring one the scalar engine makes. Rows of a day on which
no version was in force get one ``check()`` per day. Every other row -- windows, events, fixed
dates, hours, restarts, other pauses, invalid facts -- is given to ``check()`` itself, one row at
a time: slower, exact, and never approximated.
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.columns._arith import count, is_work, nth, unknown
from gov_deadlines.columns._arrays import EPOCH, CalendarArrays, arrays_for
from gov_deadlines.columns._convert import Column, Shape, broadcast, read_dates, read_ints
from gov_deadlines.columns._coverage import missing, warn
from gov_deadlines.columns._pauses import (
    MAX_PAUSES,
    SENT,
    Paused,
    merge,
    pending_left,
    walk,
)
from gov_deadlines.columns._period import plain_end, shift_months
from gov_deadlines.engine.api import resolve_rule
from gov_deadlines.engine.conventions import Options, resolve
from gov_deadlines.engine.facts import Facts
from gov_deadlines.errors import (
    CalendarDataMissing,
    GovDeadlinesError,
    InvalidArgument,
    InvalidFacts,
    ProvisionalDataWarning,
    UnknownRule,
)
from gov_deadlines.periods import Period, Start, TriggerOnRestDay
from gov_deadlines.rules import Catalog, Rule
from gov_deadlines.rules.conventions import CHANNELS

__all__ = ["STATUSES", "VerdictColumns", "check_columns"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

#: Status codes in code order.
STATUSES = ("on_time", "late", "pending", "overdue", "invalid", "too_short")
_CODE = {s: i for i, s in enumerate(STATUSES)}
_NOT_IN_FORCE = -2  # the plan of a day on which no version of the rule was in force
_NEVER = dt.date.min  # for mypy: rows with a null trigger never reach check()


class VerdictColumns(NamedTuple):
    """The verdict of every row, one column per field, each in the kind of the input columns.

    ``status`` is ``on_time``, ``late``, ``pending``, ``overdue``, ``invalid`` or ``too_short``
    (as :attr:`Verdict.status <gov_deadlines.Verdict.status>`); ``error`` is the reason of an
    ``invalid`` verdict in words, or the message of an error ``check()`` would raise for that
    row alone (status null then). A row whose trigger is null is null throughout.
    ``pd.DataFrame(v._asdict())`` or ``pa.table(v._asdict())`` makes a table of it.
    """

    due: Any
    status: Any
    workdays_late: Any
    days_late: Any
    workdays_left: Any
    provisional: Any
    error: Any


class _Plan(NamedTuple):
    """How a plain row is counted, resolved from the rule version and the trigger's era."""

    unit: str
    amount: int
    same_day: bool
    deem: bool  # a trigger on a day off is deemed received on the next working day
    asks: bool  # the trigger's day is looked up (deeming, or a receipt article)
    rollover: bool
    limit: int | None  # the longest extension admitted (None: any, for an ad-hoc period)
    pauses: tuple[str, ...] | None  # the kinds of pause admitted (None: any, ad-hoc period)


class _Out:
    """The result columns as arrays, filled group by group."""

    def __init__(self, n: int) -> None:
        self.due = np.zeros(n, dtype=np.int64)
        self.due_null = np.ones(n, dtype=bool)
        self.status = np.full(n, -1, dtype=np.int8)
        self.late = np.zeros(n, dtype=np.int64)
        self.late_null = np.ones(n, dtype=bool)
        self.days = np.zeros(n, dtype=np.int64)
        self.left = np.zeros(n, dtype=np.int64)
        self.left_null = np.ones(n, dtype=bool)
        self.provisional = np.zeros(n, dtype=bool)
        self.error = np.full(n, None, dtype=object)
        self.has_error = np.zeros(n, dtype=bool)

    def fail(self, i: int, text: str) -> None:
        self.error[i], self.has_error[i] = text, True


class _Coverage:
    """Rows that used days of years without data: raised together, or marked provisional."""

    def __init__(self, arr: CalendarArrays, n: int) -> None:
        self.arr = arr
        self.need = np.zeros(n, dtype=bool)
        self.marked = np.zeros(n, dtype=bool)
        self.ranges: list[tuple[I64, I64]] = []

    def use(self, rows: I64, a: I64, b: I64, where: Mask, marks: bool = True) -> None:
        """Rows ``rows[where]`` used ``[a, b]``; ``marks``: would the scalar answer be marked."""
        u = unknown(self.arr, a, b) & where
        if u.any():
            self.need[rows[u]] = True
            self.ranges.append((a[u], b[u]))
            if marks:
                self.marked[rows[u]] = True

    def missing_year(self, row: int, exc: CalendarDataMissing) -> None:
        first = dt.date(exc.year, 1, 1).toordinal() - EPOCH
        self.need[row] = True
        self.ranges.append((np.array([first]), np.array([first])))

    def settle(self, n: int) -> None:
        if not self.need.any():
            return
        if self.arr.cal.unknown_years == "error":
            a = np.concatenate([r[0] for r in self.ranges])
            b = np.concatenate([r[1] for r in self.ranges])
            raise missing(self.arr, a, b, n, rows=int(self.need.sum()))


def check_columns(
    rule: Any,
    trigger: Any,
    done: Any = None,
    as_of: Any = None,
    extension: Any = None,
    *,
    pauses: Any = None,
    restart: Any = None,
    channel: str | None = None,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    start: Start | None = None,
    trigger_on_rest_day: TriggerOnRestDay | None = None,
    rollover: bool | None = None,
    lang: str = "zh",
) -> VerdictColumns:
    """Verdicts for columns of cases: row ``i`` is ``check(rule, trigger[i], done[i], as_of[i],
    extension=extension[i], ...)``, the rule version chosen by each trigger.

    ``rule`` is one rule (an id, a period such as ``"20wd"``, a :class:`Rule` or a
    :class:`Period`) or a column of them, one per row (a null makes a null row; an unknown id
    fills ``error`` for its rows, where a single unknown rule raises).

    ``done``, ``as_of``, ``extension`` and ``restart`` are columns or single values (null: not
    given); ``pauses`` is None or a sequence with one iterable of ``(start, end[, kind])`` per
    row. Dates are read as days (a datetime's date, in China time when aware). Rows that need
    years without data raise :class:`CalendarDataMissingRows` naming them, or with
    ``unknown_years="weekends"`` come back with ``provisional`` set. ``lang`` words ``error``.

    >>> import numpy as np
    >>> v = check_columns("ogi.request.reply", np.array(["2024-02-08"], "datetime64[D]"),
    ...                   done=np.array(["2024-03-14"], "datetime64[D]"))
    >>> v.due.tolist(), v.status.tolist(), v.workdays_late.tolist()
    ([datetime.date(2024, 3, 13)], ['late'], [1])
    """
    cal = calendar or WorkCalendar.default()
    arr = arrays_for(cal)
    cols = [read_dates(trigger, "trigger"), read_dates(done, "done"),
            read_dates(as_of, "as_of"), _ints_or_none(extension, "extension"),
            read_dates(restart, "restart")]  # fmt: skip
    shape, n, cols = broadcast(*cols)
    trig, dn, ao, ext, _ = cols
    out, cov = _Out(n), _Coverage(arr, n)
    opts = Options(start, trigger_on_rest_day, rollover, None)
    kwargs = dict(catalog=catalog, channel=channel, start=start, rollover=rollover,
                  trigger_on_rest_day=trigger_on_rest_day)  # fmt: skip
    ext_period = extension if isinstance(extension, Period) else None
    pause_list = _pause_list(pauses, n)
    valid = np.zeros(n, dtype=bool)
    for one, rows_of in _rules(rule, n):
        try:
            route = _route(one, cols, pause_list, channel, extension, catalog, opts, rows_of)
        except (UnknownRule, InvalidArgument) as exc:
            if rows_of is None:
                raise  # one rule for every row: the call is wrong
            failed = rows_of & _not_null(trig, n)
            _unknown_rule(out, failed, exc.message(lang))
            valid |= failed  # answered, with an error, as rows check() raises for
            continue
        valid |= route.valid
        for p, plan in enumerate(route.plans):
            rows = np.flatnonzero(route.fast & (route.row_plan == p))
            if rows.size:
                _count_group(arr, plan, rows, trig, dn, ao, ext, route.paused, out, cov)
        _scalar_rows(np.flatnonzero(route.slow), cal, one, tuple(cols), route.pauses,
                     ext_period, kwargs, lang, out, cov)  # fmt: skip
        _not_in_force(np.flatnonzero(route.idle), trig.values, cal, one, kwargs, lang, out)
    cov.settle(n)
    out.provisional |= cov.marked
    _warn(out.provisional, n)
    return _columns(shape, out, ~valid)


def _rules(rule: Any, n: int) -> list[tuple[Any, Mask | None]]:
    """The rule of every row: one rule (rows None: all), or each distinct value of a column of
    rule ids with its rows (a null rule makes a null row)."""
    if isinstance(rule, str | Rule | Period):
        return [(rule, None)]
    items = _as_list(rule)
    if len(items) != n:
        raise InvalidArgument(f"rule must have one entry per row ({n}), got {len(items)}")
    index: dict[Any, int] = {}
    codes = np.fromiter(
        (-1 if r is None else index.setdefault(r, len(index)) for r in items), np.int64, n
    )
    return [(r, codes == k) for r, k in index.items()]


def _unknown_rule(out: _Out, rows: Mask, message: str) -> None:
    """Rows whose rule id is unknown: the error check() would raise for them."""
    out.error[rows] = message
    out.has_error[rows] = True


class _Route(NamedTuple):
    """Which rows take which path: ``fast`` (arrays, by ``row_plan``), ``slow`` (check() per
    row), ``idle`` (no rule version in force: one check() per day); ``valid``: a trigger."""

    valid: Mask
    fast: Mask
    slow: Mask
    idle: Mask
    plans: list[_Plan]
    row_plan: I64
    paused: Paused
    pauses: list[Any] | None


def _route(
    rule: str | Rule | Period, cols: list[Column], pauses: list[Any] | None,
    channel: str | None, extension: Any, catalog: Catalog | None, opts: Options,
    within: Mask | None,
) -> _Route:  # fmt: skip
    """The paths of the rows ``within`` (None: all) under ``rule``."""
    trig, dn, ao, ext, rs = cols
    n = trig.values.size
    valid = _not_null(trig, n) if within is None else _not_null(trig, n) & within
    slow = valid & _slow_facts(n, dn, ao, ext, rs, trig, channel, extension)
    plans, row_plan = _plans(rule, trig.values, valid, catalog, opts, channel)
    slow |= valid & (row_plan == -1)
    idle = valid & (row_plan == _NOT_IN_FORCE)
    slow &= ~idle
    paused = Paused(n)
    if pauses is not None:  # rows with pauses the arrays do not cover go to check()
        has = np.fromiter((bool(p) for p in pauses), dtype=bool, count=n)
        paused = _plain_pauses(pauses, has & valid & ~slow, plans, row_plan, trig, dn, ao)
        slow |= valid & has & (paused.pos < 0)
    fast = valid & ~slow & ~idle
    return _Route(valid, fast, slow, idle, plans, row_plan, paused, pauses)


# -- reading ---------------------------------------------------------------------------------------


def _ints_or_none(x: Any, name: str) -> Column:
    return read_ints(None if isinstance(x, Period) else x, name)


def _not_null(c: Column, n: int) -> Mask:
    return np.ones(n, dtype=bool) if c.nulls is None else ~c.nulls


def _slow_facts(
    n: int, dn: Column, ao: Column, ext: Column, rs: Column, trig: Column, channel: str | None,
    extension: Any,
) -> Mask:  # fmt: skip
    """Rows whose facts the plain counting does not cover (they go to ``check()``)."""
    slow = _not_null(rs, n) | (_not_null(ext, n) & (ext.values < 0))
    has_done = _not_null(dn, n)
    slow |= has_done & (dn.values < trig.values)
    slow |= ~has_done & _not_null(ao, n) & (ao.values < trig.values)
    # An unknown channel is an invalid verdict, which check() words; a Period extension is
    # checked against the period's unit there too.
    if (channel is not None and channel not in CHANNELS) or isinstance(extension, Period):
        slow[:] = True
    return slow


def _as_list(values: Any) -> list[Any]:
    """A column as Python values, by position: a pandas Series' index or an Arrow array's
    scalars play no part."""
    if hasattr(values, "to_pylist"):  # Arrow
        return list(values.to_pylist())
    if hasattr(values, "to_list"):  # pandas, polars
        return list(values.to_list())
    if isinstance(values, np.ndarray):
        return list(values.tolist())
    return list(values)


def _pause_list(pauses: Any, n: int) -> list[Any] | None:
    """One entry per row (None or an iterable of pauses), read once."""
    if pauses is None:
        return None
    items = _as_list(pauses)
    if len(items) != n:
        raise InvalidArgument(f"pauses must have one entry per row ({n}), got {len(items)}")
    return items


def _row_pauses(pauses: list[Any] | None, i: int) -> Iterable[Any]:
    return (pauses[i] or ()) if pauses is not None else ()


# -- plans -----------------------------------------------------------------------------------------


def _plans(
    rule: str | Rule | Period, days: I64, valid: Mask, catalog: Catalog | None, opts: Options,
    channel: str | None,
) -> tuple[list[_Plan], I64]:  # fmt: skip
    """The plan of every row, resolved per distinct day: -1, the row goes to ``check()``;
    ``_NOT_IN_FORCE``, no version of the rule was in force on its trigger day."""
    row_plan = np.full(days.size, -1, dtype=np.int64)
    if not valid.any():
        return [], row_plan
    uniq, inverse = _distinct(days[valid])
    plans: list[_Plan] = []
    found: dict[_Plan, int] = {}
    of_day = np.full(uniq.size, -1, dtype=np.int64)
    for k, d in enumerate(uniq.tolist()):
        plan = _plan(rule, dt.date.fromordinal(d + EPOCH), catalog, opts, channel)
        if isinstance(plan, _Plan):
            of_day[k] = found.setdefault(plan, len(found))
        elif plan == _NOT_IN_FORCE:
            of_day[k] = _NOT_IN_FORCE
    plans = list(found)
    row_plan[valid] = of_day[inverse]
    return plans, row_plan


def _distinct(days: I64) -> tuple[I64, I64]:
    """Distinct days and each row's position among them; O(n) over a dense range of days."""
    lo, hi = int(days.min()), int(days.max())
    if hi - lo > 4 * days.size + 100_000:
        u, inv = np.unique(days, return_inverse=True)
        return u, inv.reshape(-1)
    present = np.zeros(hi - lo + 1, dtype=bool)
    present[days - lo] = True
    uniq = np.flatnonzero(present)
    position = np.cumsum(present) - 1
    return uniq + lo, position[days - lo]


@functools.lru_cache(maxsize=1 << 16)  # audits ask for the same rule on the same days again
def _plan(
    rule: str | Rule | Period, day: dt.date, catalog: Catalog | None, opts: Options,
    channel: str | None,
) -> _Plan | int | None:  # fmt: skip
    """The plan of a plain period under the version in force on ``day``; ``_NOT_IN_FORCE``
    when no version was; None for anything else."""
    try:  # an unknown rule or period raises: the call is wrong, not a row
        resolved = resolve_rule(rule, day, catalog)
    except InvalidFacts:
        return _NOT_IN_FORCE
    period = resolved if isinstance(resolved, Period) else resolved.period
    if isinstance(resolved, Rule) and (
        resolved.kind != "deadline" or resolved.schedule is not None or not resolved.in_force(day)
    ):
        return None
    if period is None or period.unit == "hours":
        return None
    if channel is not None and channel not in CHANNELS:
        return None  # an invalid verdict, worded by check()
    conv = resolve(resolved, Facts(day, channel=channel), opts)
    r = conv.rule
    limit = None if r is None else (r.max_extension.amount if r.max_extension else 0)
    deem = conv.on_rest == "next_workday"
    kinds = None if r is None else tuple(sorted(r.pauses))
    return _Plan(conv.period.unit, conv.period.amount, conv.start == "same_day", deem,
                 deem or conv.receipt is not None, conv.rollover, limit, kinds)  # fmt: skip


# -- counting a group of plain rows --------------------------------------------------------------


def _plain_pauses(
    pauses: list[Any], plain: Mask, plans: list[_Plan], row_plan: I64, trig: Column,
    dn: Column, ao: Column,
) -> Paused:  # fmt: skip
    """The pauses the arrays count: plain ones, on plain rows of working-day periods."""
    n = plain.size
    workdays = np.array([-3] + [p for p, plan in enumerate(plans) if plan.unit == "workdays"])
    rows = np.flatnonzero(plain & np.isin(row_plan, workdays))
    paused = Paused.read(pauses, rows, n)
    rows = rows[paused.pos[rows] >= 0]
    has_done = ~dn.nulls[rows] if dn.nulls is not None else np.ones(rows.size, dtype=bool)
    has_as_of = ~ao.nulls[rows] if ao.nulls is not None else np.ones(rows.size, dtype=bool)
    last = np.where(has_done, dn.values[rows], ao.values[rows])
    lines = paused.pos[rows]
    ok_lines = paused.valid_lines(lines, trig.values[rows], last, has_done | has_as_of)
    paused.pos[rows[~ok_lines]] = -1
    return paused


def _count_group(
    arr: CalendarArrays, plan: _Plan, rows: I64, trig: Column, dn: Column, ao: Column,
    ext: Column, paused: Paused, out: _Out, cov: _Coverage,
) -> None:  # fmt: skip
    """Due dates and verdicts of plain rows under one plan, with the scalar engine's lookups."""
    every = np.ones(rows.size, dtype=bool)
    day = trig.values[rows]
    if plan.asks:
        cov.use(rows, day, day, every)  # is_workday(trigger)
    if plan.deem:
        off = ~is_work(arr, day)
        nxt = nth(arr, count(arr, day) + 1)
        cov.use(rows, day + 1, nxt, off)  # next_workday(trigger)
        day = np.where(off, nxt, day)
    asked = ext.values[rows]
    if ext.nulls is not None:  # no extension asked
        asked = np.where(ext.nulls[rows], 0, asked)
    if plan.limit is not None:
        asked = np.minimum(asked, plan.limit)
    amount = plan.amount + asked
    base = day - 1 if plan.same_day else day
    spans = _spans(paused, rows, base, plan)
    due = _due(arr, plan, base, amount, rows, cov)
    if spans is not None:
        due = _past_pauses(arr, base, amount, due, spans, rows, cov)
    out.due[rows], out.due_null[rows] = due, False
    _judge(arr, rows, base, due, dn, ao, spans, out, cov)


def _spans(paused: Paused, rows: I64, base: I64, plan: _Plan) -> tuple[I64, I64] | None:
    """The merged admitted pauses of the group's rows (empty slots SENT), or None."""
    lines = paused.pos[rows]
    has = lines >= 0
    if not has.any():
        return None
    a = np.full((rows.size, MAX_PAUSES), SENT, dtype=np.int64)
    b = a.copy()
    admitted = paused.admitted(lines[has], plan.pauses)
    a[has], b[has] = merge(paused.start[lines[has]], paused.end[lines[has]], admitted, base[has])
    return a, b


def _past_pauses(
    arr: CalendarArrays, base: I64, amount: I64, due: I64, spans: tuple[I64, I64], rows: I64,
    cov: _Coverage,
) -> I64:  # fmt: skip
    """Due dates of rows with pauses (``count_workdays``), and the lookup of how many working
    days the pauses moved them by (``workdays_between(base, due)``, marked)."""
    a, b = spans
    has = a[:, 0] != SENT
    walkers = has & (amount > 0)
    if walkers.any():
        due = np.where(walkers, walk(arr, base, amount, a, b, rows, walkers, cov), due)
    cov.use(rows, base + 1, due, has)
    return due


def _due(
    arr: CalendarArrays, plan: _Plan, base: I64, amount: I64, rows: I64, cov: _Coverage
) -> I64:
    every = np.ones(rows.size, dtype=bool)
    if plan.unit == "workdays":  # amount >= 0: add_workdays(base, amount), no rollover
        t = count(arr, base) + amount + ((amount == 0) & ~is_work(arr, base))
        end = nth(arr, t)
        cov.use(rows, np.minimum(base + (amount > 0), end), end, every)
        return end
    end = _plain(base, amount, plan)
    if not plan.rollover:
        return end
    work = is_work(arr, end)
    rolled = np.where(work, end, nth(arr, count(arr, end) + 1))
    cov.use(rows, end, end, every)  # is_workday(end)
    cov.use(rows, end, rolled, ~work)  # day(end), next_workday(end)
    return rolled


def _plain(base: I64, amount: I64, plan: _Plan) -> I64:
    """The period's last day before rollover (as steps._plain_end): same_day months end the
    day before the corresponding day, or on the month's last day when there is none."""
    if plan.unit == "days" or not plan.same_day:
        return plain_end(base, amount, plan.unit)
    months = amount * 12 if plan.unit == "years" else amount
    first = base + 1
    end = shift_months(first, months)
    same = _day_of_month(end) == _day_of_month(first)
    return np.where(same, end - 1, end)


def _day_of_month(days: I64) -> I64:
    d = days.astype("datetime64[D]")
    dom: I64 = (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    return dom


def _judge(
    arr: CalendarArrays, rows: I64, base: I64, due: I64, dn: Column, ao: Column,
    spans: tuple[I64, I64] | None, out: _Out, cov: _Coverage,
) -> None:  # fmt: skip
    """Status and counts as engine.verdict.judge, for rows done or judged as of a day."""
    n = rows.size
    has_done = np.ones(n, dtype=bool) if dn.nulls is None else ~dn.nulls[rows]
    has_as_of = (np.ones(n, dtype=bool) if ao.nulls is None else ~ao.nulls[rows]) & ~has_done
    done, as_of = dn.values[rows], ao.values[rows]
    late = has_done & (done > due)
    overdue = has_as_of & (as_of > due)
    pending_as_of = has_as_of & ~overdue
    end = np.where(late, done, np.where(overdue, as_of, due))  # lateness counted up to it
    behind = late | overdue
    cov.use(rows, due + 1, end, behind)
    first = np.maximum(as_of, base)
    ahead = pending_as_of & (due > first)
    first = np.where(ahead, first, due)
    cov.use(rows, first + 1, due, ahead)
    status = np.full(n, _CODE["pending"], dtype=np.int8)
    status[has_done & ~late] = _CODE["on_time"]
    status[late] = _CODE["late"]
    status[overdue] = _CODE["overdue"]
    out.status[rows] = status
    counted = count(arr, end) - count(arr, due)
    out.late[rows], out.late_null[rows] = counted, ~behind
    out.days[rows] = end - due
    if spans is None:
        left = np.where(ahead, count(arr, due) - count(arr, first), 0)
    else:  # working days inside a pause are not left to count
        left = pending_left(arr, first, due, *spans, rows, pending_as_of, cov)
    out.left[rows], out.left_null[rows] = left, ~pending_as_of


# -- rows for check() ----------------------------------------------------------------------------


def _scalar_rows(
    rows: I64, cal: WorkCalendar, rule: str | Rule | Period, cols: tuple[Column, ...],
    pauses: list[Any] | None, ext_period: Period | None, kwargs: dict[str, Any], lang: str,
    out: _Out, cov: _Coverage,
) -> None:  # fmt: skip
    """Rows the plain counting does not cover, each given to ``check()`` as it is."""
    if not rows.size:
        return
    from gov_deadlines.engine import check

    trig, dn, ao, ext, rs = cols
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for i in rows.tolist():
            try:
                v = check(rule, _day(trig, i) or _NEVER, _day(dn, i), _day(ao, i),
                          pauses=_row_pauses(pauses, i), extension=ext_period or _int(ext, i),
                          restart=_day(rs, i), calendar=cal, trace=False, **kwargs)  # fmt: skip
            except CalendarDataMissing as exc:
                cov.missing_year(i, exc)
                continue
            except GovDeadlinesError as exc:
                out.fail(i, exc.message(lang))
                continue
            _fill(out, i, v, lang)


def _not_in_force(
    rows: I64, days: I64, cal: WorkCalendar, rule: str | Rule | Period, kwargs: dict[str, Any],
    lang: str, out: _Out,
) -> None:  # fmt: skip
    """Rows whose trigger day no rule version covers: ``check()`` refuses them before reading
    any other fact, so one verdict per distinct day answers them all."""
    if not rows.size:
        return
    from gov_deadlines.engine import check

    uniq, inverse = _distinct(days[rows])
    status = np.empty(uniq.size, dtype=np.int8)
    texts = np.empty(uniq.size, dtype=object)
    for k, d in enumerate(uniq.tolist()):
        v = check(rule, dt.date.fromordinal(d + EPOCH), calendar=cal, **kwargs)
        status[k] = _CODE[v.status]
        texts[k] = v.reason.text(lang) if v.reason is not None else None
    out.status[rows] = status[inverse]
    out.error[rows] = texts[inverse]
    out.has_error[rows] = texts[inverse] != None  # noqa: E711 -- elementwise


def _day(c: Column, i: int) -> dt.date | None:
    if c.nulls is not None and c.nulls[i]:
        return None
    return dt.date.fromordinal(int(c.values[i]) + EPOCH)


def _int(c: Column, i: int) -> int | None:
    return None if c.nulls is not None and c.nulls[i] else int(c.values[i])


def _fill(out: _Out, i: int, v: Any, lang: str) -> None:
    out.status[i] = _CODE[v.status]
    if v.due is not None:
        out.due[i], out.due_null[i] = v.due.toordinal() - EPOCH, False
    if v.workdays_late is not None:
        out.late[i], out.late_null[i] = int(v.workdays_late), False
        out.days[i] = int(v.days_late)
    if v.workdays_left is not None:
        out.left[i], out.left_null[i] = int(v.workdays_left), False
    out.provisional[i] = v.provisional
    if v.reason is not None:
        out.fail(i, v.reason.text(lang))


# -- results ------------------------------------------------------------------------------------


def _warn(provisional: Mask, n: int) -> None:
    if provisional.any():
        warn(
            f"{int(provisional.sum())} of {n} verdicts depend on days whose holiday arrangement "
            "is not loaded; they are provisional (临时结果): see the provisional column"
        )


def _columns(shape: Shape, out: _Out, null_rows: Mask) -> VerdictColumns:
    def nulls(m: Mask) -> Mask | None:
        return m if m.any() else None

    status_null = out.status < 0
    codes = np.where(status_null, 0, out.status).astype(np.int8)
    error_null = ~out.has_error
    return VerdictColumns(
        due=shape.dates(out.due, nulls(out.due_null)),
        status=shape.labels(codes, STATUSES, nulls(status_null)),
        workdays_late=shape.ints(out.late, nulls(out.late_null)),
        days_late=shape.ints(out.days, nulls(out.late_null)),
        workdays_left=shape.ints(out.left, nulls(out.left_null)),
        provisional=shape.bools(out.provisional, nulls(null_rows)),
        error=_strings(shape, out.error, error_null),
    )


def _strings(shape: Shape, values: NDArray[Any], nulls: Mask) -> Any:
    """The error column: distinct messages as labels (most rows have none)."""
    if nulls.all():
        codes = np.zeros(values.size, dtype=np.int8)
        return shape.labels(codes, ("",), nulls)
    at = np.flatnonzero(~nulls)
    texts = sorted(set(values[at].tolist()))
    index = {t: k for k, t in enumerate(texts)}
    codes = np.zeros(values.size, dtype=np.int32)
    codes[at] = [index[v] for v in values[at].tolist()]
    return shape.labels(codes, tuple(texts), nulls if nulls.any() else None)
