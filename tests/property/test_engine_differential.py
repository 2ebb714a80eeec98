"""The engine against a naive day-by-day reference (tests/property/reference.py).

The reference shares no code with gov_deadlines: its calendar is the holiday-cn data in
../shared, its rules a hand-written table, its periods walked one day at a time, all written from
docs/conventions.md. Hypothesis draws cases with every unit, 0-4 pauses (overlapping, unsorted,
adjacent, on the trigger, past the due date, around 春节), extensions, restarts, triggers on days
off, both start conventions, rollover on and off and every receipt channel, and the two must
agree on the due date, the status, workdays_late, days_late, workdays_left and invalid-ness.

Examples leaving 2007-2026 (the reference's data) are rejected. Keywords an engine does not take
yet (``channel=``, ``cutoff=``) are passed only when drawn, so only the tests using them fail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st

from gov_deadlines import CalendarDataMissing, InvalidFacts, Period, UnknownRule, check, due
from tests.property import reference as ref
from tests.property.strategies import NATIONAL_DAY, NEW_YEAR, SPRING_FESTIVAL, dates_near

pytestmark = pytest.mark.skipif(
    not ref.DATA.is_dir(), reason=f"holiday-cn data not found at {ref.DATA}"
)

T = TypeVar("T")
ONE_DAY = dt.timedelta(days=1)
LOW, HIGH = dt.date(2007, 2, 1), dt.date(2026, 9, 30)
RULE_LOW = dt.date(2008, 5, 1)  # ogi.request.reply first in force
REPLY = "ogi.request.reply"
KINDS = ("third_party_consultation", "agency_consultation", "hearing", None)
CHANNELS = (None, "in_person", "mail", "online", "fax", "email")


# -- strategies --------------------------------------------------------------------------------


def triggers(low: dt.date = LOW) -> st.SearchStrategy[dt.date]:
    """Mostly within three weeks of 春节, 元旦 or 国庆节 (and 2020's extended break)."""
    anchors = tuple(
        a for a in (*SPRING_FESTIVAL, *NEW_YEAR, *NATIONAL_DAY, dt.date(2020, 1, 31))
        if low <= a <= HIGH
    )  # fmt: skip
    return st.one_of(dates_near(anchors), st.dates(low, HIGH)).filter(lambda d: low <= d <= HIGH)


def periods() -> st.SearchStrategy[Period]:
    return st.one_of(
        st.integers(1, 45).map(lambda n: Period(n, "workdays")),
        st.integers(1, 60).map(lambda n: Period(n, "days")),
        st.integers(1, 3).map(lambda n: Period(n, "months")),
    )


@st.composite
def pause_lists(draw: st.DrawFn, trigger: dt.date, kinds: tuple[str | None, ...]) -> list[Any]:
    """0-4 pauses near the trigger: on it, inside or past the period, overlapping, adjacent
    (one starting the day after another ends), out of order, rarely impossible."""
    out: list[Any] = []
    for _ in range(draw(st.integers(0, 4))):
        if out and draw(st.booleans()):  # adjacent to, or overlapping, the previous one
            start = out[-1][1] + dt.timedelta(days=draw(st.integers(-3, 1)))
        else:
            start = trigger + dt.timedelta(days=draw(st.integers(-3, 70) | st.just(0)))
        end = start + dt.timedelta(days=draw(st.integers(0, 35) | st.just(-1)))  # -1: reversed
        kind = draw(st.sampled_from(kinds))
        out.append((start, end) if kind is None and draw(st.booleans()) else (start, end, kind))
    return draw(st.permutations(out))


@st.composite
def cases(draw: st.DrawFn, rule: bool) -> tuple[Any, dt.date, dict[str, Any]]:
    """(rule or period, trigger, keyword facts) -- only facts that were drawn are present."""
    trigger = draw(triggers(RULE_LOW if rule else LOW))
    what: Any = REPLY if rule else draw(periods())
    facts: dict[str, Any] = {
        "pauses": draw(pause_lists(trigger, KINDS if rule else (None, "hearing"))),
        "extension": draw(st.none() | st.integers(0, 25)),
        "restart": draw(st.none() | st.integers(-2, 30).map(lambda k: trigger + dt.timedelta(k))),
        "start": draw(st.sampled_from([None, "next_day", "same_day"])),
        "trigger_on_rest_day": draw(st.sampled_from([None, "as_is", "next_workday"])),
        "rollover": draw(st.sampled_from([None, True, False])),
    }
    if rule:
        facts["channel"] = draw(st.sampled_from(CHANNELS))
        if draw(st.booleans()):  # the rule's own receipt reading, most of the time
            facts["trigger_on_rest_day"] = None
    return what, trigger, {k: v for k, v in facts.items() if v is not None and v != []}


def outcomes(trigger: dt.date) -> st.SearchStrategy[dict[str, dt.date]]:
    """done, or as_of, or neither; rarely before the trigger."""
    day = st.integers(-2, 160).map(lambda k: trigger + dt.timedelta(k))
    return st.one_of(
        st.builds(lambda d: {"done": d}, day),
        st.builds(lambda d: {"as_of": d}, day),
        st.just({}),
    )


# -- helpers -----------------------------------------------------------------------------------


def covered(f: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """f(...), rejecting the example when it needs a year outside 2007-2026."""
    try:
        return f(*args, **kwargs)
    except (CalendarDataMissing, ref.OutsideCalendar):
        reject()


def engine_due(what: Any, trigger: dt.date, facts: dict[str, Any]) -> dt.date | str:
    """The engine's due date, or "invalid"."""
    try:
        return covered(due, what, trigger, **facts).due
    except InvalidFacts:
        return "invalid"


def reference_due(what: Any, trigger: dt.date, facts: dict[str, Any]) -> dt.date | str:
    try:
        return covered(ref.reference_due, what, trigger, **facts).due
    except ref.Invalid:
        return "invalid"


FIELDS = ("status", "due", "workdays_late", "days_late", "workdays_left")


def summary(v: Any) -> dict[str, Any]:
    if v.status == "invalid":
        return {"status": "invalid"}
    return {f: getattr(v, f) for f in FIELDS}


def assert_same_verdict(what: Any, trigger: dt.date, facts: dict[str, Any]) -> None:
    expected = covered(ref.reference_check, what, trigger, **facts)
    got = covered(check, what, trigger, **facts)
    assert summary(got) == summary(expected), (
        f"reason: engine {getattr(got.reason, 'code', None)}, reference {expected.reason}"
    )


# -- due dates ---------------------------------------------------------------------------------


@given(cases(rule=False))
def test_due_matches_the_reference_for_ad_hoc_periods(case: Any) -> None:
    """due(Period) agrees with the day-by-day walk (or both find the facts impossible)."""
    what, trigger, facts = case
    assert engine_due(what, trigger, facts) == reference_due(what, trigger, facts)


@given(cases(rule=True))
def test_due_matches_the_reference_for_the_request_rule(case: Any) -> None:
    """due("ogi.request.reply") too: versions, allowed pauses, capped extension, channel."""
    what, trigger, facts = case
    assert engine_due(what, trigger, facts) == reference_due(what, trigger, facts)


# -- verdicts ----------------------------------------------------------------------------------


@given(cases(rule=False), st.data())
def test_check_matches_the_reference_for_ad_hoc_periods(case: Any, data: st.DataObject) -> None:
    """check(Period) gives the same status, due date, lateness and days left."""
    what, trigger, facts = case
    assert_same_verdict(what, trigger, {**facts, **data.draw(outcomes(trigger), label="outcome")})


@given(cases(rule=True), st.data())
def test_check_matches_the_reference_for_the_request_rule(case: Any, data: st.DataObject) -> None:
    """check("ogi.request.reply") likewise."""
    what, trigger, facts = case
    assert_same_verdict(what, trigger, {**facts, **data.draw(outcomes(trigger), label="outcome")})


@given(triggers(dt.date(2019, 5, 15)), st.data())
def test_receipt_reading_matters_warns_exactly_when_the_readings_differ(
    trigger: dt.date, data: st.DataObject
) -> None:
    """No channel, a day-off trigger, and a status that differs under "as_is": a warning."""
    outcome = data.draw(outcomes(trigger), label="outcome")
    assume(outcome)
    deemed = covered(ref.reference_check, REPLY, trigger, **outcome)
    kept = covered(ref.reference_check, REPLY, trigger, trigger_on_rest_day="as_is", **outcome)
    v = covered(check, REPLY, trigger, **outcome)
    assume(v.status != "invalid")
    codes = {w.code for w in v.warnings}
    assert ("receipt_reading_matters" in codes) == (deemed.status != kept.status)


@given(periods().filter(lambda p: p.unit != "months"), triggers(), st.data())
def test_cutoff_makes_a_completion_after_it_on_the_due_day_late(
    period: Period, trigger: dt.date, data: st.DataObject
) -> None:
    """cutoff=17:30: done on the due day at 17:31 is late by 0 working days; 17:30 is on time."""
    cutoff = dt.time(17, 30)
    d = covered(ref.reference_due, period, trigger).due
    offset = data.draw(st.integers(-1, 2), label="day offset")
    minute = data.draw(st.integers(0, 24 * 60 - 1), label="minute")
    done = dt.datetime.combine(d + dt.timedelta(offset), dt.time()) + dt.timedelta(minutes=minute)
    assert_same_verdict(period, trigger, {"cutoff": cutoff, "done": done})


@given(
    st.sampled_from(["days", "months"]),
    st.integers(1, 60),
    st.dates(dt.date(2026, 11, 1), dt.date(2026, 12, 31)),
)
def test_without_rollover_day_and_month_periods_need_no_calendar(
    unit: str, n: int, trigger: dt.date
) -> None:
    """Rollover off, trigger kept: no calendar lookup, so a due date in 2027 (no data) is fine."""
    period = Period(n if unit == "days" else 1 + n % 3, unit)
    expected = ref.reference_due(period, trigger, rollover=False).due  # never opens a year file
    assert due(period, trigger, rollover=False).due == expected


# -- hours -------------------------------------------------------------------------------------


ZONES = (
    None,
    dt.UTC,
    dt.timezone(dt.timedelta(hours=8)),
    dt.timezone(dt.timedelta(hours=-5)),
)


def moment(t: dt.datetime | None) -> dt.datetime | None:
    """An instant to compare: a naive datetime is China time (UTC+8)."""
    if t is None or t.tzinfo is not None:
        return t
    return t.replace(tzinfo=ref.CHINA)


@given(
    st.datetimes(dt.datetime(2007, 2, 1), dt.datetime(2026, 9, 30)),
    st.sampled_from(ZONES),
    st.integers(1, 240),
    st.none() | st.integers(0, 48),
    st.integers(-600, 600),
)
def test_hour_periods_run_from_the_exact_time(
    naive: dt.datetime, zone: dt.tzinfo | None, n: int, extension: int | None, minutes: int
) -> None:
    """N hours (+ extension) after the trigger time, its day taken in Beijing; done compared to
    the minute, late by hours_late hours; no rollover."""
    trigger = naive.replace(tzinfo=zone)
    facts: dict[str, Any] = {} if extension is None else {"extension": extension}
    expected = ref.reference_due(Period(n, "hours"), trigger, **facts)
    assert expected.due_at is not None
    got = due(Period(n, "hours"), trigger, **facts)
    assert (got.due, moment(got.due_at)) == (expected.due, moment(expected.due_at))
    done = expected.due_at + dt.timedelta(minutes=minutes)
    v_ref = ref.reference_check(Period(n, "hours"), trigger, done=done, **facts)
    v = check(Period(n, "hours"), trigger, done=done, **facts)
    assert v.status == v_ref.status
    assert v.hours_late == (
        None if v_ref.hours_late is None else pytest.approx(v_ref.hours_late, abs=0.01)
    )


@given(st.dates(LOW, HIGH), st.integers(1, 72), st.integers(0, 5))
def test_hour_periods_refuse_a_bare_date_and_pauses(day: dt.date, n: int, k: int) -> None:
    """A trigger without a time, or any pause, makes an hour period invalid."""
    with pytest.raises(InvalidFacts):
        due(Period(n, "hours"), day)
    at = dt.datetime.combine(day, dt.time(9, 30))
    pause = (day, day + dt.timedelta(k))
    with pytest.raises(InvalidFacts):
        due(Period(n, "hours"), at, pauses=[pause])
    assert check(Period(n, "hours"), at, pauses=[pause]).status == "invalid"


# -- what the pauses did -----------------------------------------------------------------------


@given(st.one_of(cases(rule=False), cases(rule=True)))
def test_paused_is_what_the_pauses_moved_and_the_trace_agrees(case: Any) -> None:
    """Deadline.paused is the counted units the pauses moved the due date by, and the trace's
    pause steps add up to it.

    ASSUMES the engine's trace step for a (merged) pause has code "pause" and its count in
    params["workdays"] (working-day periods) or params["days"]; adjust here if renamed.
    """
    what, trigger, facts = case
    try:
        expected = covered(ref.reference_due, what, trigger, **facts)
    except ref.Invalid:
        reject()
    got = covered(due, what, trigger, **facts)
    assert got.paused == expected.paused
    steps = [s for s in got.trace if s.code == "pause"]
    assert sum(s.params.get("workdays", s.params.get("days", 0)) for s in steps) == got.paused


# -- statutory "days" (10c) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    ["penalty.withdrawal", "penalty.service", "penalty.fine.handover", "penalty.fine.payment"],
)
@given(triggers(dt.date(2021, 7, 15)), st.none() | st.integers(0, 5), outcomes(dt.date(2022, 1, 1)))
def test_penalty_periods_follow_the_statutes_own_day_definition(
    rule: str, trigger: dt.date, extension: int | None, outcome: dict[str, dt.date]
) -> None:
    """行政处罚法 Art. 85: its 二日/三日/五日/七日 are working days, its 十五日 calendar days; these
    rules allow no extension. (A rule id missing from the catalog skips.)"""
    facts: dict[str, Any] = {} if extension is None else {"extension": extension}
    try:
        got = covered(due, rule, trigger, **facts).due
    except UnknownRule:
        pytest.skip(f"{rule} is not in the catalog")
    assert got == covered(ref.reference_due, rule, trigger, **facts).due
    shift = trigger - dt.date(2022, 1, 1)  # outcomes were drawn around a fixed day
    outcome = {k: v + shift for k, v in outcome.items()}
    assert_same_verdict(rule, trigger, {**facts, **outcome})


# -- the cases the engine was known to get wrong ------------------------------------------------


def test_reply_with_a_pause_of_four_weeks() -> None:
    """2024-03-01 + 20 working days, 3/25..4/19 paused (18 working days, 4/4-4/6 清明): 4/26."""
    pauses = [(dt.date(2024, 3, 25), dt.date(2024, 4, 19))]
    assert ref.reference_due(REPLY, dt.date(2024, 3, 1), pauses=pauses).due == dt.date(2024, 4, 26)
    assert due(REPLY, dt.date(2024, 3, 1), pauses=pauses).due == dt.date(2024, 4, 26)


def test_workdays_with_a_pause_over_national_day() -> None:
    """2017-08-18 + 7 working days, 8/25..10/2 paused: 8/21-24 (1-4), 10/9-11 (5-7): 10/11."""
    pauses = [(dt.date(2017, 8, 25), dt.date(2017, 10, 2))]
    expected = dt.date(2017, 10, 11)
    assert ref.reference_due(Period(7, "workdays"), dt.date(2017, 8, 18), pauses=pauses).due == (
        expected
    )
    assert due(Period(7, "workdays"), dt.date(2017, 8, 18), pauses=pauses).due == expected


def test_days_with_a_pause() -> None:
    """2019-08-02 + 15 days, 8/14..8/29 paused: 8/3-13 (1-11), 8/30-9/2 (12-15): Monday 9/2."""
    pauses = [(dt.date(2019, 8, 14), dt.date(2019, 8, 29))]
    expected = dt.date(2019, 9, 2)
    assert ref.reference_due(Period(15, "days"), dt.date(2019, 8, 2), pauses=pauses).due == (
        expected
    )
    assert due(Period(15, "days"), dt.date(2019, 8, 2), pauses=pauses).due == expected
