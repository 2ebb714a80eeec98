"""Hypothesis strategies for the working-day calendar (工作日历).

Most dates are drawn from the weeks where the calendar is hard -- around Spring Festival (春节),
New Year (元旦), National Day (国庆节) and the extended Spring Festival of 2020 -- and the rest
uniformly from the years the bundled data covers (2004-2026). Every drawn date lies in that
coverage; steps (``n``) may still walk out of it, and tests must expect ``CalendarDataMissing``.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

__all__ = [
    "FIRST",
    "LAST",
    "SPRING_FESTIVAL",
    "covered_dates",
    "dates_near",
    "positive_steps",
    "steps",
]

FIRST = dt.date(2004, 1, 1)
LAST = dt.date(2026, 12, 31)

# 正月初一 of each year, from the lunar calendar (checked against chinese-calendar's 春节 days,
# never against the code under test).
SPRING_FESTIVAL = tuple(
    dt.date(y, m, d)
    for y, m, d in [
        (2004, 1, 22), (2005, 2, 9), (2006, 1, 29), (2007, 2, 18), (2008, 2, 7),
        (2009, 1, 26), (2010, 2, 14), (2011, 2, 3), (2012, 1, 23), (2013, 2, 10),
        (2014, 1, 31), (2015, 2, 19), (2016, 2, 8), (2017, 1, 28), (2018, 2, 16),
        (2019, 2, 5), (2020, 1, 25), (2021, 2, 12), (2022, 2, 1), (2023, 1, 22),
        (2024, 2, 10), (2025, 1, 29), (2026, 2, 17),
    ]
)  # fmt: skip
NEW_YEAR = tuple(dt.date(y, 1, 1) for y in range(FIRST.year, LAST.year + 1))
NATIONAL_DAY = tuple(dt.date(y, 10, 1) for y in range(FIRST.year, LAST.year + 1))
# 2020: 1-24..30 off, extended to 2-2 by 国办发明电〔2020〕1号, back to work 2-3.
EXTENDED_2020 = (dt.date(2020, 1, 24), dt.date(2020, 2, 3))


def _clamp(d: dt.date) -> dt.date:
    return min(max(d, FIRST), LAST)


def dates_near(anchors: tuple[dt.date, ...], days: int = 21) -> st.SearchStrategy[dt.date]:
    """A date within ``days`` of one of ``anchors``, clamped to 2004-2026."""
    return st.builds(
        lambda a, k: _clamp(a + dt.timedelta(days=k)),
        st.sampled_from(anchors),
        st.integers(-days, days),
    )


def covered_dates() -> st.SearchStrategy[dt.date]:
    """A date in 2004-2026, four times in five from the weeks around a long holiday."""
    return st.one_of(
        dates_near(SPRING_FESTIVAL),
        dates_near(NEW_YEAR, days=14),
        dates_near(NATIONAL_DAY, days=14),
        st.dates(*EXTENDED_2020) | dates_near(EXTENDED_2020, days=10),
        st.dates(FIRST, LAST),
    )


def steps(limit: int = 60) -> st.SearchStrategy[int]:
    """A number of working days ``n`` in ``[-limit, limit]``, often small, zero included."""
    return st.integers(-5, 5) | st.integers(-limit, limit)


def positive_steps(limit: int = 60) -> st.SearchStrategy[int]:
    """A number of working days ``n`` in ``[1, limit]``."""
    return st.integers(1, 5) | st.integers(1, limit)
