"""Asking for the explanation never changes the answer.

``trace=True`` records what each step did; the steps also describe days (a holiday's name, the
kind of a day off) that the computation itself does not need. Those descriptions once marked a
result provisional, or looked a day up in a year that is not loaded, only when a trace was
asked for: ``check(..., trace=True)`` and ``trace=False`` then disagreed on ``provisional``
(found by the columns' differential tests: 宁夏, trigger 2018-12-31, weekends mode). Here both
modes must give the same verdict, field for field, or refuse with the same error -- for every
built-in rule, on calendars that refuse unloaded years, assume them, and a region whose overlay
covers only 2019-2021.

The hand-counted cases at the end say which answer is right, not only that both agree.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gov_deadlines import Catalog, Period, ProvisionalDataWarning, WorkCalendar, check, due

RULES = tuple(Catalog.default())
CALENDARS = {
    "national, error": WorkCalendar.default(),
    "national, weekends": WorkCalendar.default(unknown_years="weekends"),
    "宁夏, weekends": WorkCalendar.default(region="ningxia", unknown_years="weekends"),
}
# Dense around the ends of the loaded data and of the regional overlay, and around 春节.
ANCHORS = (
    dt.date(2018, 12, 31), dt.date(2019, 2, 5), dt.date(2021, 12, 31), dt.date(2024, 2, 10),
    dt.date(2026, 12, 20), dt.date(2027, 2, 6), dt.date(2008, 5, 1), dt.date(2019, 5, 15),
)  # fmt: skip


def days_near() -> st.SearchStrategy[dt.date]:
    near = st.tuples(st.sampled_from(ANCHORS), st.integers(-25, 25)).map(
        lambda p: p[0] + dt.timedelta(days=p[1])
    )
    return st.one_of(near, st.dates(dt.date(2004, 1, 1), dt.date(2028, 6, 30)))


def _outcome(**kw: Any) -> tuple[str, Any]:
    """The verdict as data, or the error's type and message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            return ("ok", check(**kw).to_dict(trace=False))
    except Exception as exc:  # compared, not hidden: both modes must fail alike
        return (type(exc).__name__, str(exc))


@example(rule="ogi.request.reply", calendar="宁夏, weekends", trigger=dt.date(2018, 12, 31),
         done_after=None, as_of_after=5, pause=None)  # fmt: skip  # the case that was found
@settings(max_examples=400)
@given(
    rule=st.sampled_from(RULES),
    calendar=st.sampled_from(sorted(CALENDARS)),
    trigger=days_near(),
    done_after=st.none() | st.integers(0, 80),
    as_of_after=st.none() | st.integers(0, 80),
    pause=st.none() | st.tuples(st.integers(0, 30), st.integers(0, 15)),
)
def test_trace_never_changes_the_verdict(
    rule: str, calendar: str, trigger: dt.date, done_after: int | None,
    as_of_after: int | None, pause: tuple[int, int] | None,
) -> None:  # fmt: skip
    def later(n: int | None) -> dt.date | None:
        return None if n is None else trigger + dt.timedelta(days=n)

    pauses = []
    if pause is not None:
        start = trigger + dt.timedelta(days=pause[0])
        pauses = [(start, start + dt.timedelta(days=pause[1]))]
    kw = {
        "rule": rule, "trigger": trigger, "done": later(done_after), "as_of": later(as_of_after),
        "pauses": pauses, "calendar": CALENDARS[calendar],
    }  # fmt: skip
    assert _outcome(trace=True, **kw) == _outcome(trace=False, **kw)


# -- hand-counted: which answer is right ----------------------------------------------------------


@pytest.mark.parametrize("trace", [True, False])
def test_a_trigger_on_an_assumed_day_is_provisional(trace: bool) -> None:
    """宁夏's overlay covers 2019-2021 only, so in weekends mode Monday 2018-12-31 is an assumed
    day (a national 元旦 holiday, but the region's own arrangement for 2018 is not loaded).
    Whether the request is deemed received on it decides the count: the answer rests on an
    assumption, so it is provisional -- with or without a trace."""
    cal = CALENDARS["宁夏, weekends"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        v = check("ogi.request.reply", dt.date(2018, 12, 31), as_of=dt.date(2019, 1, 5),
                  calendar=cal, trace=trace)  # fmt: skip
    assert v.provisional is True


@pytest.mark.parametrize("trace", [True, False])
def test_a_last_day_in_an_unloaded_year_is_provisional(trace: bool) -> None:
    """3 days after Monday 2027-03-01: 3/2 (1), 3/3 (2), 3/4 (3) -- Thursday 2027-03-04. No
    rollover happens only because 2027-03-04 is assumed to be a working day (2027 is not
    loaded here), so the due date is provisional."""
    cal = CALENDARS["national, weekends"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        d = due(Period(3, "days"), dt.date(2027, 3, 1), calendar=cal, trace=trace)
    assert (d.due, d.provisional) == (dt.date(2027, 3, 4), True)


@pytest.mark.parametrize("trace", [True, False])
def test_a_last_day_in_a_loaded_year_is_not_provisional(trace: bool) -> None:
    """3 days after Monday 2024-03-04: Thursday 2024-03-07, a working day of the 2024
    arrangement: nothing assumed, even on a calendar that would assume 2027."""
    cal = CALENDARS["national, weekends"]
    d = due(Period(3, "days"), dt.date(2024, 3, 4), calendar=cal, trace=trace)
    assert (d.due, d.provisional) == (dt.date(2024, 3, 7), False)
