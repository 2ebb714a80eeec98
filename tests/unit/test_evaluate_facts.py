"""Impossible or inapplicable facts give an invalid verdict, never a silent answer."""

from __future__ import annotations

import datetime as dt

import pytest

from gov_deadlines import InvalidFacts, check, due

D = dt.date


def test_as_of_before_the_trigger_is_invalid() -> None:
    """Asking about a case before it started is refused, not answered as 'pending'."""
    v = check("ogi.request.reply", D(2024, 3, 1), as_of=D(2024, 2, 20))
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == "as_of_before_trigger"


def test_restart_after_done_is_invalid() -> None:
    """A clock cannot restart after the reply was given."""
    v = check("ogi.request.reply", D(2024, 3, 1), done=D(2024, 3, 13), restart=D(2024, 3, 20))
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == "restart_after_done"


def test_deemed_trigger_does_not_count_as_a_restart() -> None:
    """A request on Saturday 2024-02-10 answered the same day is on time, not invalid."""
    v = check("ogi.request.reply", D(2024, 2, 10), done=D(2024, 2, 10))
    assert v.status == "on_time"


def test_pause_on_a_fixed_date_rule_is_refused() -> None:
    """Annual reports fall on a fixed date; a pause there is a mistake in the facts."""
    v = check(
        "ogi.annual_report.department",
        D(2024, 6, 1),
        pauses=[(D(2025, 1, 2), D(2025, 1, 3))],
    )
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == "not_applicable"
    with pytest.raises(InvalidFacts):
        due("ogi.annual_report.department", D(2024, 6, 1), extension=3)


def test_invalid_reason_is_worded_in_both_languages() -> None:
    """The reason renders in Chinese and English."""
    v = check("ogi.request.reply", D(2024, 3, 1), as_of=D(2024, 2, 20))
    assert v.reason is not None
    assert "查询日早于起算日" in v.reason.text("zh")
    assert "as_of is before the trigger" in v.reason.text("en")


def test_window_over_spring_festival_counts_its_days_off_and_warns() -> None:
    """A 30-day comment window 2024-02-01..03-02 is long enough but had 12 days off."""
    v = check("major_decision.comment_period", D(2024, 2, 1), done=D(2024, 3, 2))
    assert v.status == "on_time"  # 2/2..3/2: 30 days
    # Working: 2/2, Sun 2/4 (调休), 2/5-2/9, Sun 2/18 (调休), 2/19-2/23, 2/26-3/1 = 18 of 30
    [caution] = [w for w in v.warnings if w.code == "window_spans_break"]
    assert caution.params["holidays"] == ["春节"]
    assert caution.params["days_off"] == 12
