"""Properties of evaluation (check / due), on triggers drawn around 春节 and 国庆节.

Expected values come from chinese-calendar's own ``is_workday`` (with one erratum, 2005-12-31,
hard-coded from the 2006 notice), walked day by day, and from the
standard library's ``calendar.monthrange``: neither shares code with the evaluation under test.
Triggers stay in 2004-01-15..2026-10-20, away from the end of the loaded data; an example whose
computation still leaves it (CalendarDataMissing) is rejected.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import chinese_calendar
from hypothesis import given, reject
from hypothesis import strategies as st

from gov_deadlines import CalendarDataMissing, Period, check, due
from tests.property.strategies import SPRING_FESTIVAL, dates_near

T = TypeVar("T")
ONE_DAY = dt.timedelta(days=1)
LOW, HIGH = dt.date(2004, 1, 15), dt.date(2026, 10, 20)
SWITCH = dt.date(2019, 5, 15)  # the 2019 政府信息公开条例 takes effect
REPLY = "ogi.request.reply"

NATIONAL_DAY = tuple(dt.date(y, 10, 1) for y in range(2004, 2027))
EXTENDED_2020 = (dt.date(2020, 1, 24), dt.date(2020, 2, 2))


def triggers(low: dt.date = LOW) -> st.SearchStrategy[dt.date]:
    """Trigger dates, mostly within three weeks of 春节 or 国庆节, between ``low`` and HIGH."""
    near = [a for a in (*SPRING_FESTIVAL, *NATIONAL_DAY) if low <= a <= HIGH]
    extended = [dates_near(EXTENDED_2020, days=14)] if low.year <= 2020 else []
    return st.one_of(dates_near(tuple(near)), *extended, st.dates(low, HIGH)).filter(
        lambda d: low <= d <= HIGH
    )


def workday_periods(limit: int = 40) -> st.SearchStrategy[Period]:
    """A number of working days, 1..limit."""
    return st.integers(1, limit).map(lambda n: Period(n, "workdays"))


def periods() -> st.SearchStrategy[Period]:
    """A working-day, calendar-day or month period."""
    return st.one_of(
        workday_periods(),
        st.integers(1, 60).map(lambda n: Period(n, "days")),
        st.integers(1, 2).map(lambda n: Period(n, "months")),
    )


# chinese-calendar lists Saturday 2005-12-31 as a day off, but 国办发明电〔2005〕35号 (the 2006
# arrangement, ../shared/data/notices/2006.txt) says "12月31日（星期六）上班": a working day.
# chinese-calendar issue #125. Hard-coded here so the reference stays independent of the library.
ERRATA = {dt.date(2005, 12, 31): True}


def is_workday(d: dt.date) -> bool:
    """The reference: chinese-calendar's own answer, with the erratum above."""
    if d in ERRATA:
        return ERRATA[d]
    return bool(chinese_calendar.is_workday(d))


def walk(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d, walking one day at a time (n = 0: d itself)."""
    while n:
        d += ONE_DAY
        n -= is_workday(d)
    return d


def first_workday_from(d: dt.date) -> dt.date:
    """d if it is a working day, else the next working day."""
    while not is_workday(d):
        d += ONE_DAY
    return d


def workdays_in(a: dt.date, b: dt.date) -> int:
    """Working days in [a, b], both ends included."""
    return sum(is_workday(a + k * ONE_DAY) for k in range((b - a).days + 1))


def covered(f: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """f(*args, **kwargs), rejecting the example if it needs a year without data."""
    try:
        return f(*args, **kwargs)
    except CalendarDataMissing:
        reject()


def plus_months(d: dt.date, n: int) -> dt.date:
    """d + n months, on the month's last day when it has no such day (民法典 Art. 202)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@given(periods(), triggers(), st.integers(0, 40))
def test_due_is_monotonic_in_the_trigger(period: Period, t1: dt.date, gap: int) -> None:
    """A later trigger never gives an earlier due date."""
    t2 = t1 + dt.timedelta(days=gap)
    assert covered(due, period, t1).due <= covered(due, period, t2).due


@given(triggers(dt.date(2008, 5, 1)), st.integers(0, 40))
def test_rule_due_is_monotonic_in_the_trigger(t1: dt.date, gap: int) -> None:
    """For ogi.request.reply (rest-day triggers deemed, versions switching) too."""
    t2 = t1 + dt.timedelta(days=gap)
    assert covered(due, REPLY, t1).due <= covered(due, REPLY, t2).due


@given(
    st.sampled_from([None, REPLY]),
    workday_periods().filter(lambda p: p.amount >= 3),
    triggers(SWITCH),
    st.data(),
)
def test_a_pause_inside_the_period_moves_the_due_date_by_its_workdays(
    rule: str | None, period: Period, trigger: dt.date, data: st.DataObject
) -> None:
    """A pause of k working days strictly inside the period moves the due date k working days."""
    what = period if rule is None else rule
    plain = covered(due, what, trigger)
    first, last = plain.trigger + ONE_DAY, plain.due - ONE_DAY  # strictly inside
    if first > last:
        reject()
    span = (last - first).days
    start = first + dt.timedelta(days=data.draw(st.integers(0, span), label="start"))
    end = start + dt.timedelta(days=data.draw(st.integers(0, (last - start).days), label="len"))
    k = workdays_in(start, end)
    paused = covered(due, what, trigger, pauses=[(start, end, "third_party_consultation")])
    assert paused.due == walk(plain.due, k)


@given(
    st.sampled_from([REPLY, "license.decision", "penalty.withdrawal", None]),
    triggers(dt.date(2021, 7, 15)),
    st.integers(0, 30),
)
def test_an_extension_never_moves_the_due_date_earlier(
    rule: str | None, trigger: dt.date, extension: int
) -> None:
    """Any extension, allowed, over the maximum or not allowed at all, never makes it earlier."""
    what = Period(20, "workdays") if rule is None else rule
    plain = covered(due, what, trigger).due
    assert covered(due, what, trigger, extension=extension).due >= plain


@given(
    st.sampled_from(
        [REPLY, "ogi.consultation.reply", "license.decision", "penalty.withdrawal", None]
    ),
    periods(),
    triggers(dt.date(2021, 7, 15)),
)
def test_done_on_the_due_date_is_on_time_and_a_workday_later_is_late_by_one(
    rule: str | None, period: Period, trigger: dt.date
) -> None:
    """check(done=due) is on time; done on the next working day is late by exactly 1 workday."""
    what = period if rule is None else rule
    d = covered(due, what, trigger).due
    assert covered(check, what, trigger, done=d).status == "on_time"
    after = walk(d, 1)
    v = covered(check, what, trigger, done=after)
    assert (v.status, v.workdays_late, v.days_late) == ("late", 1, (after - d).days)


@given(st.integers(1, 60), triggers())
def test_natural_day_due_is_the_first_workday_from_trigger_plus_n(n: int, trigger: dt.date) -> None:
    """With rollover the due date is a working day, never before trigger + N, and the first one."""
    end = trigger + dt.timedelta(days=n)
    d = covered(due, Period(n, "days"), trigger).due
    assert is_workday(d)
    assert d >= end
    assert d == first_workday_from(end)


@given(st.integers(1, 60), triggers())
def test_natural_day_due_without_rollover_is_trigger_plus_n(n: int, trigger: dt.date) -> None:
    """With rollover off the due date is trigger + N, working day or not."""
    assert covered(due, Period(n, "days"), trigger, rollover=False).due == trigger + dt.timedelta(n)


@given(st.integers(1, 2), triggers())
def test_month_periods_clamp_to_the_month_end(n: int, trigger: dt.date) -> None:
    """N months end on the corresponding day or the month's last day, then roll to a workday."""
    end = plus_months(trigger, n)
    assert covered(due, Period(n, "months"), trigger, rollover=False).due == end
    assert covered(due, Period(n, "months"), trigger).due == first_workday_from(end)


@given(st.dates(dt.date(2019, 3, 1), dt.date(2019, 7, 31)))
def test_rule_version_switches_on_2019_05_15(trigger: dt.date) -> None:
    """ogi.request.reply is 15 working days before 2019-05-15 and 20 from that day on."""
    v = check(REPLY, trigger)
    n = 15 if trigger < SWITCH else 20
    assert v.rule is not None and v.rule.period == Period(n, "workdays")
    assert v.due == walk(first_workday_from(trigger), n)
