"""The service against two independent answers: a naive day-by-day count and the library.

``/v1/add`` and ``/v1/between`` are compared with a walk ONE DAY AT A TIME over
``reference.is_workday`` (the holiday-cn files in ../shared, 2007-2026; it shares no code with
gov_deadlines) and with :class:`WorkCalendar` itself: the service is a thin adapter and must add
nothing. Where the reference has no data (2004-2006, from chinese-calendar in the package) the
library alone is the answer; where a walk leaves 2004-2026 the service must refuse (409, naming
the first year it needed) and never guess. ``/v1/check`` is compared with
``gov_deadlines.check(...).to_dict(trace=False)`` for random cases.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_deadlines import CalendarDataMissing, WorkCalendar, check
from gov_deadlines.service.app import create_app
from gov_deadlines.service.state import Settings
from tests.property import reference
from tests.property.strategies import NATIONAL_DAY, SPRING_FESTIVAL, covered_dates, dates_near

pytestmark = pytest.mark.skipif(
    not reference.DATA.is_dir(), reason=f"holiday-cn data not found at {reference.DATA}"
)

ONE_DAY = dt.timedelta(days=1)
LOADED = (dt.date(2004, 1, 1), dt.date(2026, 12, 31))  # what the bundled calendar covers
CALENDAR = WorkCalendar.default()

# Few examples: each one is an HTTP round trip through the whole app (the file runs in seconds).
FEW = settings(max_examples=80)


class Unloaded(LookupError):
    """The walk needed a day of a year no calendar has: the service must refuse."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(day)
        self.year = day.year


class NoReference(LookupError):
    """The walk needed a day the reference files do not cover (2004-2006)."""


def naive_is_workday(d: dt.date) -> bool:
    if not LOADED[0] <= d <= LOADED[1]:
        raise Unloaded(d)
    if d < reference.FIRST:
        raise NoReference(d)
    return reference.is_workday(d)


def naive_add(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d (before it for n < 0; n == 0: d or the next working day)."""
    if n == 0:
        while not naive_is_workday(d):
            d += ONE_DAY
        return d
    step = ONE_DAY if n > 0 else -ONE_DAY
    left = abs(n)
    while left:
        d += step
        if naive_is_workday(d):
            left -= 1
    return d


def naive_between(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b]; minus those in (b, a] when b < a."""
    if b < a:
        return -naive_between(b, a)
    count, d = 0, a
    while d < b:
        d += ONE_DAY
        count += naive_is_workday(d)
    return count


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(access_log=False)))


def _refused(response: Any, year: int) -> None:
    assert response.status_code == 409, response.text
    assert response.json()["year"] == year


@FEW
@given(d=covered_dates(), n=st.integers(-20, 20) | st.integers(-300, 300))
def test_add_agrees_with_a_day_by_day_count(client: TestClient, d: dt.date, n: int) -> None:
    """``/v1/add`` = the naive walk = ``WorkCalendar.add_workdays``, or all refuse."""
    response = client.get("/v1/add", params={"date": d.isoformat(), "n": n})
    try:
        expected: dt.date | None = naive_add(d, n)
    except Unloaded as exc:
        _refused(response, exc.year)
        with pytest.raises(CalendarDataMissing):
            CALENDAR.add_workdays(d, n)
        return
    except NoReference:
        expected = None  # 2004-2006: the library is the only other answer
    assert response.status_code == 200, response.text
    got = dt.date.fromisoformat(response.json()["due"])
    assert got == CALENDAR.add_workdays(d, n)
    if expected is not None:
        assert got == expected


@FEW
@given(a=covered_dates(), days=st.integers(-30, 30) | st.integers(-450, 450))
def test_between_agrees_with_a_day_by_day_count(client: TestClient, a: dt.date, days: int) -> None:
    """``/v1/between`` = the naive count = ``WorkCalendar.workdays_between``, or all refuse."""
    b = a + dt.timedelta(days=days)
    response = client.get("/v1/between", params={"start": a.isoformat(), "end": b.isoformat()})
    try:
        expected: int | None = naive_between(a, b)
    except Unloaded as exc:
        _refused(response, exc.year)
        return
    except NoReference:
        expected = None
    assert response.status_code == 200, response.text
    got = response.json()["workdays"]
    assert got == CALENDAR.workdays_between(a, b)
    if expected is not None:
        assert got == expected


RULES = ["ogi.request.reply", "penalty.withdrawal", "penalty.fine.payment", "license.decision",
         "petition.acceptance", "20wd", "15日", "1个月"]  # fmt: skip
PAUSE_KINDS = [None, "third_party_consultation", "agency_consultation"]
CHANNELS = [None, "in_person", "mail", "online", "email"]
# Most catalogued rules are in force from 2021-07-15 (the revised 行政处罚法) or earlier: half
# the triggers are drawn after it, half anywhere (a rule not yet in force is an invalid verdict).
RECENT = st.dates(dt.date(2021, 7, 15), dt.date(2026, 10, 31)) | dates_near(
    SPRING_FESTIVAL[-4:] + NATIONAL_DAY[-5:]
)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A case as ``POST /v1/check`` takes it, impossible facts included now and then."""
    trigger = draw(covered_dates() | RECENT)
    case: dict[str, Any] = {"rule": draw(st.sampled_from(RULES)), "trigger": trigger}
    end = draw(st.sampled_from(["done", "as_of", None]))
    if end is not None:
        case[end] = trigger + dt.timedelta(days=draw(st.integers(-3, 90)))
    if draw(st.booleans()):
        start = trigger + dt.timedelta(days=draw(st.integers(-2, 40)))
        case["pauses"] = [
            (start, start + dt.timedelta(days=draw(st.integers(0, 20))),
             draw(st.sampled_from(PAUSE_KINDS)))
        ]  # fmt: skip
    if draw(st.booleans()):
        case["extension"] = draw(st.integers(0, 25))
    case["channel"] = draw(st.sampled_from(CHANNELS))
    return case


def _json(case: dict[str, Any]) -> dict[str, Any]:
    out = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in case.items()}
    if "pauses" in case:
        out["pauses"] = [
            {"start": a.isoformat(), "end": b.isoformat(), "kind": kind}
            for a, b, kind in case["pauses"]
        ]
    return out


@FEW
@given(case=cases())
def test_check_agrees_with_the_library(client: TestClient, case: dict[str, Any]) -> None:
    """``/v1/check`` answers ``check(...).to_dict(trace=False)``, or 409 where it raises."""
    response = client.post("/v1/check", json=_json(case))
    facts = {k: v for k, v in case.items() if k not in ("rule", "trigger")}
    try:
        verdict = check(case["rule"], case["trigger"], trace=False, **facts)
    except CalendarDataMissing as exc:
        _refused(response, exc.year)
        return
    assert response.status_code == 200, response.text
    expected = json.loads(json.dumps(verdict.to_dict(trace=False)))
    got = response.json()
    assert {k: got.get(k, "<absent>") for k in expected} == expected
