"""gov_deadlines.columns against the scalar library and a day-by-day reference, row by row.

Every drawn column is checked twice: against the scalar :class:`WorkCalendar` method (same
library, other code path) and against ``tests/property/reference.py`` (holiday-cn files walked
one day at a time, no shared code) where its 2007-2026 data reaches. Columns mix dates from the
weeks around long holidays with nulls and steps that are negative, zero or large.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_deadlines import (
    CalendarDataMissing,
    Catalog,
    GovDeadlinesError,
    Period,
    ProvisionalDataWarning,
    WorkCalendar,
    check,
    due,
    is_provisional,
)
from gov_deadlines.columns import (
    VerdictColumns,
    add_period,
    add_workdays,
    check_columns,
    day_kind,
    is_workday,
    workdays_between,
)
from tests.property import reference as ref
from tests.property.strategies import covered_dates, steps

CAL = WorkCalendar.default()
WEEKENDS = WorkCalendar.default(unknown_years="weekends")
ONE_DAY = dt.timedelta(days=1)

# Near both ends of the data, where counting walks out of it; and a regional calendar whose
# loaded years (2019-2021) leave gaps inside the index span.
EDGES = st.dates(dt.date(2026, 10, 1), dt.date(2027, 3, 31)) | st.dates(
    dt.date(2003, 10, 1), dt.date(2004, 3, 31)
)
NINGXIA = WorkCalendar.default(region="CN-NX", unknown_years="weekends")

maybe_dates = st.one_of(st.none(), covered_dates(), covered_dates())
big_steps = steps() | st.integers(-400, 400) | st.sampled_from([0, 1, -1, 250, -250])


def col(values: list[dt.date | None]) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array([np.datetime64("NaT") if v is None else v for v in values], "datetime64[D]")


def out(value: Any) -> dt.date | None:
    return None if np.isnat(value) else value.astype(dt.date)


def scalar_rows(fn: Callable[..., Any], *rows: Any) -> list[Any]:
    """The scalar answer per row: None for a null row, the exception class where it raises."""
    answers = []
    for args in zip(*rows, strict=True):
        if any(a is None for a in args):
            answers.append(None)
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            try:
                answers.append(fn(*args))
            except CalendarDataMissing:
                answers.append(CalendarDataMissing)
    return answers


def expect_same(vector: Callable[[], Any], answers: list[Any]) -> Any:
    """The vectorised call raises CalendarDataMissing iff some row does, else returns."""
    if CalendarDataMissing in answers:
        with pytest.raises(CalendarDataMissing):
            vector()
        return None
    return vector()


# -- the naive reference -------------------------------------------------------------------------


def ref_add(d: dt.date, n: int) -> dt.date:
    """Walk one day at a time (reference.is_workday raises outside 2007-2026)."""
    if n == 0:
        return d if ref.is_workday(d) else ref.next_workday(d)
    step, left = (ONE_DAY, n) if n > 0 else (-ONE_DAY, -n)
    while left:
        d += step
        left -= ref.is_workday(d)
    return d


def ref_between(a: dt.date, b: dt.date) -> int:
    lo, hi = min(a, b), max(a, b)
    counted = sum(1 for d in ref.days_in(lo, hi) if ref.is_workday(d))
    return counted if b >= a else -counted


def ref_or_none(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except ref.OutsideCalendar:
        return None


# -- add_workdays ------------------------------------------------------------------------------


@given(st.lists(st.tuples(maybe_dates, big_steps), min_size=1, max_size=40))
def test_add_workdays_equals_scalar_and_reference(rows: list[tuple[dt.date | None, int]]) -> None:
    """add_workdays equals WorkCalendar.add_workdays and a day-by-day walk, row by row."""
    dates, ns = [r[0] for r in rows], [r[1] for r in rows]
    answers = scalar_rows(CAL.add_workdays, dates, ns)
    got = expect_same(lambda: add_workdays(col(dates), np.array(ns)), answers)
    if got is None:
        return
    for d, n, want, value in zip(dates, ns, answers, got, strict=True):
        assert out(value) == want
        naive = None if d is None else ref_or_none(ref_add, d, n)
        if naive is not None:
            assert out(value) == naive


@given(maybe_dates, st.lists(big_steps, min_size=1, max_size=20))
def test_add_workdays_broadcasts_a_date(d: dt.date | None, ns: list[int]) -> None:
    """One date and a column of steps: every row as the scalar call."""
    answers = scalar_rows(CAL.add_workdays, [d] * len(ns), ns)
    got = expect_same(lambda: add_workdays(d, np.array(ns)), answers)
    if got is not None:
        assert [out(v) for v in got] == answers


@given(st.lists(st.tuples(EDGES, big_steps), min_size=1, max_size=30))
def test_add_workdays_past_coverage(rows: list[tuple[dt.date, int]]) -> None:
    """Near the ends of the data: raise where any row would, else the scalar answers; with
    unknown_years='weekends' the provisional mask is exactly where the scalar result is marked."""
    dates, ns = [r[0] for r in rows], [r[1] for r in rows]
    answers = scalar_rows(CAL.add_workdays, dates, ns)
    got = expect_same(lambda: add_workdays(col(dates), np.array(ns)), answers)
    if got is not None:
        assert [out(v) for v in got] == answers
    marked = scalar_rows(WEEKENDS.add_workdays, dates, ns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        values, provisional = add_workdays(
            col(dates), np.array(ns), calendar=WEEKENDS, with_provisional=True
        )
    assert [out(v) for v in values] == marked
    assert provisional.tolist() == [is_provisional(m) for m in marked]


@given(st.lists(st.tuples(st.dates(dt.date(2017, 6, 1), dt.date(2023, 6, 30)), big_steps),
                min_size=1, max_size=30))  # fmt: skip
def test_add_workdays_with_gaps_in_the_data(rows: list[tuple[dt.date, int]]) -> None:
    """A regional calendar (Ningxia, 2019-2021 loaded): unknown years inside the index span."""
    dates, ns = [r[0] for r in rows], [r[1] for r in rows]
    marked = scalar_rows(NINGXIA.add_workdays, dates, ns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        values, provisional = add_workdays(
            col(dates), np.array(ns), calendar=NINGXIA, with_provisional=True
        )
    assert [out(v) for v in values] == marked
    assert provisional.tolist() == [is_provisional(m) for m in marked]


# -- workdays_between, is_workday, day_kind --------------------------------------------------------


@given(st.lists(st.tuples(maybe_dates, maybe_dates), min_size=1, max_size=40))
def test_workdays_between_equals_scalar_and_reference(
    rows: list[tuple[dt.date | None, dt.date | None]],
) -> None:
    """workdays_between equals the scalar count and a day-by-day count, sign included."""
    a, b = [r[0] for r in rows], [r[1] for r in rows]
    answers = scalar_rows(CAL.workdays_between, a, b)
    got = workdays_between(col(a), col(b))
    values = got.filled(-(10**9)).tolist() if np.ma.isMaskedArray(got) else got.tolist()
    for x, y, want, value in zip(a, b, answers, values, strict=True):
        assert (None if want is None else value) == want
        if x is not None and y is not None:
            naive = ref_or_none(ref_between, x, y)
            assert naive is None or value == naive


@given(st.lists(st.tuples(EDGES, EDGES | covered_dates()), min_size=1, max_size=30))
def test_workdays_between_past_coverage(rows: list[tuple[dt.date, dt.date]]) -> None:
    """Raises where a row would; provisional exactly where the scalar count is marked."""
    a, b = [r[0] for r in rows], [r[1] for r in rows]
    answers = scalar_rows(CAL.workdays_between, a, b)
    got = expect_same(lambda: workdays_between(col(a), col(b)), answers)
    if got is not None:
        assert got.tolist() == answers
    for cal in (WEEKENDS, NINGXIA):
        marked = scalar_rows(cal.workdays_between, a, b)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            values, prov = workdays_between(col(a), col(b), calendar=cal, with_provisional=True)
        assert values.tolist() == marked
        assert prov.tolist() == [is_provisional(m) for m in marked]


@given(st.lists(maybe_dates | EDGES, min_size=1, max_size=40))
def test_is_workday_and_day_kind_equal_scalar(dates: list[dt.date | None]) -> None:
    """is_workday and day_kind equal the scalar answers; nulls stay null."""
    flags = scalar_rows(CAL.is_workday, dates)
    kinds = scalar_rows(lambda d: CAL.day(d).kind, dates)
    got = expect_same(lambda: is_workday(col(dates)), flags)
    if got is not None:
        assert np.ma.masked_array(got).tolist() == flags
        assert day_kind(col(dates)).tolist() == kinds
        for d, f in zip(dates, flags, strict=True):
            assert d is None or ref_or_none(ref.is_workday, d) in (None, f)
    for cal in (WEEKENDS, NINGXIA):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            want = scalar_rows(lambda d, c=cal: c.day(d), dates)
            k, prov = day_kind(col(dates), calendar=cal, with_provisional=True)
        assert k.tolist() == [None if w is None else w.kind for w in want]
        assert prov.tolist() == [w is not None and w.provisional for w in want]


# -- add_period -----------------------------------------------------------------------------------

PERIODS = st.builds(
    Period, st.integers(0, 400) | st.sampled_from([1, 3, 6, 12]),
    st.sampled_from(["workdays", "days", "months", "years"]),
).filter(lambda p: p.unit not in ("months", "years") or p.amount <= 30)  # fmt: skip


@settings(max_examples=150)
@given(st.lists(maybe_dates | EDGES, min_size=1, max_size=25), PERIODS)
def test_add_period_equals_due(dates: list[dt.date | None], period: Period) -> None:
    """add_period equals due(period, d).due -- month ends and rollover included -- and its
    provisional mask equals due(...).provisional."""
    answers = scalar_rows(lambda d: due(period, d).due, dates)
    got = expect_same(lambda: add_period(col(dates), period), answers)
    if got is not None:
        assert [out(v) for v in got] == answers
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        deadlines = scalar_rows(lambda d: due(period, d, calendar=WEEKENDS), dates)
        values, prov = add_period(col(dates), period, calendar=WEEKENDS, with_provisional=True)
    assert [out(v) for v in values] == [None if x is None else x.due for x in deadlines]
    assert prov.tolist() == [x is not None and x.provisional for x in deadlines]


# -- check_columns ------------------------------------------------------------------------------

RULE_IDS = sorted(Catalog.default())
offsets = st.none() | st.integers(-5, 90)
verdict_rows = st.lists(
    st.tuples(maybe_dates, offsets, offsets, st.none() | st.integers(0, 25) | st.just(-1)),
    min_size=1, max_size=12,
)  # fmt: skip
KINDS = [None, "third_party_consultation", "agency_consultation", "hearing"]
# Pauses relative to the trigger: (days after it, length - 1, kind); reversed and early ones too.
pause_specs = st.lists(
    st.tuples(st.integers(-10, 60), st.integers(-2, 30), st.sampled_from(KINDS)), max_size=5
)


def shifted(d: dt.date | None, k: int | None) -> dt.date | None:
    return None if d is None or k is None else d + dt.timedelta(days=k)


def pauses_of(trig: dt.date | None, specs: list[Any]) -> list[Any] | None:
    if trig is None or not specs:
        return None
    return [(shifted(trig, k), shifted(trig, k + length), kind) for k, length, kind in specs]


def scalar_verdicts(
    rule: str, rows: list[Any], cal: WorkCalendar, channel: str | None = None,
    pauses: list[Any] | None = None,
) -> list[Any]:  # fmt: skip
    """check() per row: a dict of the columns, None for a null trigger, or the error class."""
    found: list[Any] = []
    for i, (trig, done_k, as_of_k, ext) in enumerate(rows):
        if trig is None:
            found.append(None)
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            try:
                v = check(rule, trig, shifted(trig, done_k), shifted(trig, as_of_k),
                          extension=ext, calendar=cal, channel=channel,
                          pauses=(pauses[i] or ()) if pauses else ())  # fmt: skip
            except CalendarDataMissing:
                found.append(CalendarDataMissing)
                continue
            except GovDeadlinesError as exc:
                found.append({"status": None, "error": exc.message("zh"), "due": None,
                              "workdays_late": None, "days_late": None, "workdays_left": None,
                              "provisional": False})  # fmt: skip
                continue
        found.append({
            "due": v.due, "status": v.status, "workdays_late": v.workdays_late,
            "days_late": v.days_late, "workdays_left": v.workdays_left,
            "provisional": v.provisional, "error": v.reason.text("zh") if v.reason else None,
        })  # fmt: skip
    return found


def vector_verdicts(
    rule: str, rows: list[Any], cal: WorkCalendar, channel: str | None = None,
    pauses: list[Any] | None = None,
) -> list[Any]:  # fmt: skip
    trig = [r[0] for r in rows]
    ints = np.ma.masked_invalid(np.array([np.nan if r[3] is None else r[3] for r in rows]))
    ext = pa.array([r[3] for r in rows], type=pa.int64()) if ints.mask.any() else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        v = check_columns(
            rule, pa.array(trig, pa.date32()),
            done=pa.array([shifted(r[0], r[1]) for r in rows], pa.date32()),
            as_of=pa.array([shifted(r[0], r[2]) for r in rows], pa.date32()),
            extension=ext if ext is not None else np.array([r[3] for r in rows]),
            calendar=cal,
            channel=channel,
            pauses=pauses,
        )  # fmt: skip
    columns = {k: getattr(v, k).to_pylist() for k in VerdictColumns._fields}
    out: list[Any] = []
    for i, t in enumerate(trig):
        row = {k: columns[k][i] for k in VerdictColumns._fields}
        out.append(None if t is None else row)
    return out


def assert_same_verdicts(rule: str, rows: list[Any], channel: str | None = None) -> None:
    """Raises where check() would, else equal row by row; and equal under 'weekends'."""
    want = scalar_verdicts(rule, rows, CAL, channel)
    if CalendarDataMissing in want:
        with pytest.raises(CalendarDataMissing):
            vector_verdicts(rule, rows, CAL, channel)
    else:
        assert vector_verdicts(rule, rows, CAL, channel) == want
    weekends = scalar_verdicts(rule, rows, WEEKENDS, channel)
    assert vector_verdicts(rule, rows, WEEKENDS, channel) == weekends


@settings(max_examples=120)
@given(st.sampled_from(RULE_IDS), verdict_rows)
def test_check_columns_equals_check_for_every_rule(rule: str, rows: list[Any]) -> None:
    """check_columns equals check() row by row, for every built-in rule, the version in
    force by trigger date, invalid facts and extensions included."""
    assert_same_verdicts(rule, rows)


@pytest.mark.parametrize("rule", RULE_IDS)
def test_check_columns_every_rule_at_once(rule: str) -> None:
    """One fixed column per rule, 2004-2026 through eras and holidays: every row as check()."""
    days = [dt.date(2004, 1, 1) + dt.timedelta(days=37 * k) for k in range(226)]
    rows = [(d, (k * 7) % 50 - 3, (k * 11) % 45, (k % 4) * 5 if k % 3 else None)
            for k, d in enumerate(days)]  # fmt: skip
    assert_same_verdicts(rule, rows)


@settings(max_examples=60)
@given(
    st.sampled_from(RULE_IDS),
    st.lists(
        st.tuples(EDGES, offsets, offsets, st.none() | st.integers(0, 25)), min_size=1, max_size=8
    ),
)
def test_check_columns_past_coverage(rule: str, rows: list[Any]) -> None:
    """Near the ends of the data: raises where check() would; with unknown_years='weekends'
    the provisional column equals Verdict.provisional row by row."""
    assert_same_verdicts(rule, rows)


@settings(max_examples=60)
@given(
    st.sampled_from(["ogi.request.reply", "ogi.request.correction_notice", "penalty.withdrawal"]),
    verdict_rows,
    st.sampled_from(["in_person", "mail", "online", "fax", "email", "carrier pigeon"]),
)
def test_check_columns_with_a_channel(rule: str, rows: list[Any], channel: str) -> None:
    """A channel of receipt (条例 Art. 31) decides a day-off trigger as check() decides it; an
    unknown channel is invalid, as there."""
    assert_same_verdicts(rule, rows, channel)


@settings(max_examples=150)
@given(
    st.sampled_from(
        ["ogi.request.reply", "ogi.consultation.reply", "license.decision", "penalty.withdrawal",
         "license.decision.joint", "reconsideration.decision", "20wd", "30d"]
    ),
    st.lists(st.tuples(maybe_dates | EDGES, offsets, offsets, st.none() | st.integers(0, 25),
                       pause_specs), min_size=1, max_size=10),
)  # fmt: skip
def test_check_columns_with_pauses(rule: str, rows: list[Any]) -> None:
    """Pauses (admitted or not by kind, overlapping, before the start, reversed, after the
    case) give check()'s verdicts row by row; raising and provisional as there."""
    facts = [r[:4] for r in rows]
    pauses = [pauses_of(r[0], r[4]) for r in rows]
    want = scalar_verdicts(rule, facts, CAL, pauses=pauses)
    if CalendarDataMissing in want:
        with pytest.raises(CalendarDataMissing):
            vector_verdicts(rule, facts, CAL, pauses=pauses)
    else:
        assert vector_verdicts(rule, facts, CAL, pauses=pauses) == want
    weekends = scalar_verdicts(rule, facts, WEEKENDS, pauses=pauses)
    assert vector_verdicts(rule, facts, WEEKENDS, pauses=pauses) == weekends


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from([*RULE_IDS, "20wd", None, "no.such.rule"]),
                          covered_dates(), offsets, offsets), min_size=1, max_size=15))  # fmt: skip
def test_check_columns_with_a_rule_column(rows: list[Any]) -> None:
    """A column of rules: each row as check() with its own rule; an unknown id fills error as
    check() would raise; a null rule gives a null row."""
    want = [
        None if rule is None else scalar_verdicts(rule, [(trig, d, a, None)], WEEKENDS)[0]
        for rule, trig, d, a in rows
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        v = check_columns(
            pa.array([r[0] for r in rows], pa.string()),
            pa.array([r[1] for r in rows], pa.date32()),
            done=pa.array([shifted(r[1], r[2]) for r in rows], pa.date32()),
            as_of=pa.array([shifted(r[1], r[3]) for r in rows], pa.date32()),
            calendar=WEEKENDS,
        )
    columns = {k: getattr(v, k).to_pylist() for k in VerdictColumns._fields}
    got = [{k: columns[k][i] for k in VerdictColumns._fields} for i in range(len(rows))]
    for row, w, g in zip(rows, want, got, strict=True):
        if w is None:  # a null rule: a null row
            assert set(g.values()) == {None}, row
        else:
            assert g == w, row
