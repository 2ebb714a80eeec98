"""Properties of working-day arithmetic (工作日计算), checked on hypothesis-drawn dates.

The reference for "is this a working day" is chinese-calendar's own ``is_workday``, walked day by
day: a second, naive implementation that shares nothing with the O(1) index under test.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import example, given, reject
from hypothesis import strategies as st

from gov_deadlines import CalendarDataMissing, WorkCalendar
from tests.property.strategies import FIRST, LAST, covered_dates, positive_steps, steps

CAL = WorkCalendar.default()
ONE_DAY = dt.timedelta(days=1)

# chinese-calendar lists Saturday 2005-12-31 as a day off, but 国办发明电〔2005〕35号 (the 2006
# arrangement, ../shared/data/notices/2006.txt) says "12月31日（星期六）上班": a working day
# (chinese-calendar issue #125). Hard-coded, so the reference stays independent of the library.
ERRATA = {dt.date(2005, 12, 31): True}


def reference_is_workday(d: dt.date) -> bool:
    """chinese-calendar's answer, with the erratum above."""
    return ERRATA[d] if d in ERRATA else bool(chinese_calendar.is_workday(d))


def naive_add_workdays(d: dt.date, n: int) -> dt.date | None:
    """Walk day by day with the reference; None if the walk leaves 2004-2026."""
    step = ONE_DAY if n >= 0 else -ONE_DAY
    remaining = abs(n) or 1
    current = d - ONE_DAY if n == 0 else d  # n == 0: the first working day on or after d
    while remaining:
        current += step
        if not FIRST <= current <= LAST:
            return None
        remaining -= reference_is_workday(current)
    return current


def add(d: dt.date, n: int, cal: WorkCalendar = CAL) -> dt.date:
    """add_workdays, rejecting the example when the walk leaves the loaded years."""
    try:
        return cal.add_workdays(d, n)
    except CalendarDataMissing:
        reject()


def outcome(f, *args):  # type: ignore[no-untyped-def]
    """The value of ``f(*args)``, or the missing year when it raises CalendarDataMissing."""
    try:
        return f(*args)
    except CalendarDataMissing as exc:
        return ("missing", exc.year)


@given(covered_dates(), steps())
def test_add_workdays_agrees_with_a_day_by_day_walk(d: dt.date, n: int) -> None:
    """add_workdays equals a naive walk, and raises exactly when the walk leaves 2004-2026."""
    expected = naive_add_workdays(d, n)
    if expected is None:
        with pytest.raises(CalendarDataMissing):
            CAL.add_workdays(d, n)
    else:
        assert CAL.add_workdays(d, n) == expected


@example(dt.date(2005, 12, 30), 2)  # across the erratum: 12/31 worked, 2006-01-01 off
@given(covered_dates(), st.integers(0, 60))
def test_workdays_between_agrees_with_a_day_by_day_count(a: dt.date, days: int) -> None:
    """workdays_between(a, b) counts the working days of (a, b] one by one."""
    b = a + dt.timedelta(days=days)
    if b > LAST:
        reject()
    expected = sum(reference_is_workday(a + k * ONE_DAY) for k in range(1, days + 1))
    assert CAL.workdays_between(a, b) == expected


@given(covered_dates(), steps().filter(bool))
def test_result_is_a_working_day_on_the_right_side(d: dt.date, n: int) -> None:
    """For n != 0 the result is a working day, after d for n > 0 and before d for n < 0."""
    r = add(d, n)
    assert CAL.is_workday(r)
    assert (r > d) if n > 0 else (r < d)


@given(covered_dates(), positive_steps())
def test_workdays_between_undoes_a_positive_step(d: dt.date, n: int) -> None:
    """workdays_between(d, add_workdays(d, n)) == n for n > 0."""
    assert CAL.workdays_between(d, add(d, n)) == n


@given(covered_dates(), positive_steps())
def test_workdays_between_undoes_a_negative_step(d: dt.date, k: int) -> None:
    """For n < 0 the count back is n from a working day, and one less (n + 1) from a day off."""
    # (r, d] holds the |n| - 1 working days between r and d, plus d itself if it is worked.
    n = -k
    expected = n if CAL.is_workday(d) else n + 1
    assert CAL.workdays_between(d, add(d, n)) == expected


@given(covered_dates(), covered_dates())
def test_workdays_between_is_antisymmetric(a: dt.date, b: dt.date) -> None:
    """workdays_between(a, b) == -workdays_between(b, a)."""
    assert CAL.workdays_between(a, b) == -CAL.workdays_between(b, a)


@given(covered_dates(), covered_dates(), covered_dates())
def test_workdays_between_adds_up(a: dt.date, b: dt.date, c: dt.date) -> None:
    """Counts over (a, b] and (b, c] add up to the count over (a, c], in any order."""
    between = CAL.workdays_between
    assert between(a, b) + between(b, c) == between(a, c)


@given(covered_dates(), st.integers(0, 10), steps())
def test_add_workdays_is_monotonic_in_the_start_date(d: dt.date, gap: int, n: int) -> None:
    """A later start never gives an earlier result."""
    later = d + dt.timedelta(days=gap)
    if later > LAST:
        reject()
    assert add(d, n) <= add(later, n)


@given(covered_dates(), steps(), steps())
def test_add_workdays_is_monotonic_in_n(d: dt.date, n1: int, n2: int) -> None:
    """More working days never give an earlier result; strictly later unless 0 is involved."""
    # add_workdays(d, 0) == add_workdays(d, 1) when d is a day off: the only tie allowed.
    n1, n2 = sorted((n1, n2))
    r1, r2 = add(d, n1), add(d, n2)
    assert r1 <= r2
    if n1 < n2 and 0 not in (n1, n2):
        assert r1 < r2


@given(covered_dates(), positive_steps(30), positive_steps(30))
def test_steps_compose(d: dt.date, a: int, b: int) -> None:
    """add_workdays(add_workdays(d, a), b) == add_workdays(d, a + b) for a, b > 0."""
    assert add(add(d, a), b) == add(d, a + b)


@given(covered_dates())
def test_zero_steps_is_the_day_itself_or_the_next_working_day(d: dt.date) -> None:
    """n == 0 gives d when d is worked, else the next working day."""
    expected = d if CAL.is_workday(d) else add(d, 1)
    assert add(d, 0) == expected


@given(covered_dates())
def test_next_and_previous_workday_are_one_step(d: dt.date) -> None:
    """next_workday and previous_workday are add_workdays with n = 1 and n = -1."""
    assert outcome(CAL.next_workday, d) == outcome(CAL.add_workdays, d, 1)
    assert outcome(CAL.previous_workday, d) == outcome(CAL.add_workdays, d, -1)


@functools.cache
def _reloaded(path: Path) -> WorkCalendar:
    return WorkCalendar.default().with_years(path)


@pytest.mark.parametrize("year", range(2007, 2027))
@given(offset=st.integers(-45, 410), n=steps(40))
def test_reloading_a_bundled_year_changes_no_answer(
    shared_dir: Path, year: int, offset: int, n: int
) -> None:
    """with_years(holiday-cn file of a bundled year) changes no is_workday/add_workdays answer."""
    # Both sources transcribe the same State Council notice, so they must agree: no conflict.
    reloaded = _reloaded(shared_dir / "data" / "holiday-cn" / f"{year}.json")
    d = dt.date(year, 1, 1) + dt.timedelta(days=offset)
    assert outcome(reloaded.is_workday, d) == outcome(CAL.is_workday, d)
    assert outcome(reloaded.add_workdays, d, n) == outcome(CAL.add_workdays, d, n)
