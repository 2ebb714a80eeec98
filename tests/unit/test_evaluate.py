"""Evaluation (evaluate.check / evaluate.due): one behaviour per test, counts written out by hand.

Holiday arrangements used below (State Council notices, shared/data/notices):
2024 春节 2-10..2-17 off, make-up Sundays 2-4 and 2-18; 2024 清明 4-4..4-6 off, make-up Sunday 4-7;
2023 春节 1-21..1-27 off, make-up 1-28 (Sat) and 1-29 (Sun); 2025 春节 1-28..2-4 off, make-up
1-26 (Sun) and 2-8 (Sat); 2026 春节 2-15..2-23 off, make-up 2-14 and 2-28 (Saturdays);
2019 端午 6-7 off.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pytest

from gov_deadlines import (
    CalendarDataMissing,
    Catalog,
    InvalidFacts,
    Pause,
    Period,
    ProvisionalDataWarning,
    UnknownRule,
    WorkCalendar,
    check,
    due,
    due_dates,
)

D = dt.date
REPLY = "ogi.request.reply"


def codes(trace: object) -> list[str]:
    """The step codes of a trace, in order."""
    return [s.code for s in trace]  # type: ignore[attr-defined]


def step(trace: object, code: str) -> dict[str, object]:
    """The params of the one step with this code."""
    found = [s for s in trace if s.code == code]  # type: ignore[attr-defined]
    assert len(found) == 1, codes(trace)
    return dict(found[0].params)


# -- the start day (民法典 Art. 201) -----------------------------------------------


def test_trigger_day_is_not_counted() -> None:
    """The trigger day is not counted: one working day / one day after Wed 2024-03-06 is Thu."""
    assert due(Period(1, "workdays"), D(2024, 3, 6)).due == D(2024, 3, 7)
    assert due(Period(1, "days"), D(2024, 3, 6)).due == D(2024, 3, 7)


def test_same_day_start_counts_the_trigger_day() -> None:
    """start="same_day" counts the trigger day as day 1."""
    assert due(Period(1, "workdays"), D(2024, 3, 6), start="same_day").due == D(2024, 3, 6)
    assert due(Period(1, "days"), D(2024, 3, 6), start="same_day").due == D(2024, 3, 6)


def test_same_day_start_shortens_a_workday_period_by_one() -> None:
    """start="same_day" on ogi.request.reply: 2/8(1) 2/9(2) 2/18(3) ... 3/12(20)."""
    assert due(REPLY, D(2024, 2, 8), start="same_day").due == D(2024, 3, 12)


def test_start_step_cites_civil_code_art_201() -> None:
    """The start-day step carries the citation of 民法典 Art. 201."""
    s = next(x for x in due(REPLY, D(2024, 2, 8)).trace if x.code == "start")
    assert s.citation is not None and s.citation.articles == ("201",)
    assert "民法典" in s.citation.law


# -- a trigger on a day off -----------------------------------------------------


def test_request_on_a_saturday_is_deemed_received_next_workday() -> None:
    """ogi.request.* deem a Saturday request received on Monday: from 3/11, 20wd -> 4/9.

    3/12-15(1-4) 3/18-22(5-9) 3/25-29(10-14) 4/1-3(15-17) 4/4-6 清明 off 4/7 make-up Sun(18)
    4/8(19) 4/9(20).
    """
    d = due(REPLY, D(2024, 3, 9))
    assert d.trigger == D(2024, 3, 11)
    assert d.due == D(2024, 4, 9)
    assert step(d.trace, "trigger_deemed")["deemed"] == D(2024, 3, 11)


def test_request_in_spring_festival_is_deemed_received_on_the_makeup_sunday() -> None:
    """A request on 2024-02-10 (春节) is deemed received on the next working day, Sun 2/18."""
    assert due(REPLY, D(2024, 2, 10)).trigger == D(2024, 2, 18)


def test_a_makeup_workday_trigger_is_not_moved() -> None:
    """A request on the make-up Sunday 2024-02-04 is received that day (a working day)."""
    d = due(REPLY, D(2024, 2, 4))
    assert d.trigger == D(2024, 2, 4)
    assert "trigger_deemed" not in codes(d.trace)


def test_other_rules_keep_a_rest_day_trigger() -> None:
    """ogi.consultation.reply keeps a Saturday trigger: 3/11-15(1-5) 3/18-22(6-10) 3/25-29(11-15)"""
    d = due("ogi.consultation.reply", D(2024, 3, 9))
    assert d.trigger == D(2024, 3, 9)
    assert d.due == D(2024, 3, 29)


def test_trigger_on_rest_day_can_be_set_per_call() -> None:
    """trigger_on_rest_day="next_workday" on an ad-hoc period: Sat 3/9 -> 3/11, 1wd -> 3/12."""
    assert due(Period(1, "workdays"), D(2024, 3, 9)).due == D(2024, 3, 11)
    d = due(Period(1, "workdays"), D(2024, 3, 9), trigger_on_rest_day="next_workday")
    assert d.due == D(2024, 3, 12)


# -- working days ---------------------------------------------------------------


def test_workdays_skip_the_holiday_block_and_count_the_makeup_sunday() -> None:
    """20wd from 2024-02-08: 2/9(1) 2/18 make-up Sun(2) 2/19-23(3-7) ... 3/13(20)."""
    d = due(REPLY, D(2024, 2, 8))
    assert d.due == D(2024, 3, 13)
    counted = step(d.trace, "count_workdays")
    assert counted["holidays"] == [(D(2024, 2, 10), D(2024, 2, 17), "春节")]
    assert counted["makeup"] == [(D(2024, 2, 18), "春节")]


def test_workday_due_date_is_not_rolled() -> None:
    """A working-day period ends on a working day: no rollover step is recorded."""
    assert "rollover" not in codes(due(REPLY, D(2024, 2, 8)).trace)


# -- calendar days, months, years (民法典 Arts. 202-203) ---------------------------


def test_calendar_days_do_not_deduct_days_off() -> None:
    """30 days after Mon 2024-03-04 is Wed 4/3 (a working day), weekends inside included."""
    d = due(Period(30, "days"), D(2024, 3, 4))
    assert d.due == D(2024, 4, 3)
    assert "rollover" not in codes(d.trace)


def test_last_day_on_a_weekend_rolls_to_the_next_workday() -> None:
    """10 days after 2024-03-06 is Sat 3/16: rolled over to Mon 3/18."""
    assert due(Period(10, "days"), D(2024, 3, 6)).due == D(2024, 3, 18)


def test_last_day_in_a_holiday_rolls_onto_a_makeup_workday() -> None:
    """7 days after 2023-01-20 is 1/27 (春节): rolled to 1/28, a make-up Saturday (Art. 203)."""
    d = due(Period(7, "days"), D(2023, 1, 20))
    assert d.due == D(2023, 1, 28)
    rolled = next(s for s in d.trace if s.code == "rollover")
    assert rolled.params["date"] == D(2023, 1, 27)
    assert rolled.citation is not None and rolled.citation.articles == ("203",)


def test_rollover_can_be_switched_off() -> None:
    """rollover=False keeps the last day on 1/27 (春节) and records that it was not rolled."""
    d = due(Period(7, "days"), D(2023, 1, 20), rollover=False)
    assert d.due == D(2023, 1, 27)
    assert "day_off_no_rollover" in codes(d.trace)


def test_months_end_on_the_corresponding_day() -> None:
    """One month after 2024-09-07 is 10/7 (国庆), rolled to 10/8."""
    assert due(Period(1, "months"), D(2024, 9, 7)).due == D(2024, 10, 8)


def test_months_clamp_to_the_month_end() -> None:
    """One month after 1-31 is 2-29 in 2024 and 2-28 in 2023 (Art. 202)."""
    d = due(Period(1, "months"), D(2024, 1, 31))
    assert d.due == D(2024, 2, 29)
    assert step(d.trace, "count_days")["month_end"] is True
    assert due(Period(1, "months"), D(2023, 1, 31)).due == D(2023, 2, 28)


def test_month_end_on_a_makeup_saturday_is_not_rolled() -> None:
    """One month after 2026-01-31 is 2-28, a make-up Saturday: a working day, kept."""
    assert due(Period(1, "months"), D(2026, 1, 31)).due == D(2026, 2, 28)


def test_years_clamp_to_the_month_end() -> None:
    """One year after 2024-02-29 is 2025-02-28 (no 29 February in 2025)."""
    assert due(Period(1, "years"), D(2024, 2, 29)).due == D(2025, 2, 28)


# -- hours and cutoff -----------------------------------------------------------


def test_hour_period_runs_from_the_exact_trigger_time() -> None:
    """24 hours from 2024-02-09 10:00 end at 2024-02-10 10:00, in 春节 and not rolled."""
    d = due(Period(24, "hours"), dt.datetime(2024, 2, 9, 10, 0))
    assert d.due_at == dt.datetime(2024, 2, 10, 10, 0)
    assert d.due == D(2024, 2, 10)


def test_hour_period_compares_the_completion_time() -> None:
    """Done at 10:00 is on time, at 10:01 late."""
    trigger = dt.datetime(2024, 2, 9, 10, 0)
    assert check(Period(24, "hours"), trigger, dt.datetime(2024, 2, 10, 10, 0)).status == "on_time"
    assert check(Period(24, "hours"), trigger, dt.datetime(2024, 2, 10, 10, 1)).status == "late"


def test_hour_period_without_a_trigger_time_is_invalid() -> None:
    """An hour period from a bare date: check() says invalid (hours_need_time)."""
    v = check(Period(24, "hours"), D(2024, 2, 9))
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == "hours_need_time"


CUTOFF_RULE = """
[[rule]]
id = "local.test.cutoff"
title_zh = "测试：业务时间截止"
title_en = "Test: close of business"
kind = "deadline"
period = "5wd"
cutoff = "17:30"

[[rule.citation]]
law = "测试规则"
articles = ["1"]
"""


@pytest.fixture
def cutoff_catalog(tmp_path: Path) -> Catalog:
    """A catalog holding one 5-working-day rule whose last day ends at 17:30."""
    path = tmp_path / "cutoff.toml"
    path.write_text(CUTOFF_RULE, encoding="utf-8")
    return Catalog.from_file(path)


def test_cutoff_is_compared_with_the_completion_time(cutoff_catalog: Catalog) -> None:
    """5wd from Mon 2024-03-04 is Mon 3/11 (3/5-8, 3/11); done 17:30 is on time, 17:31 late."""
    rule = "local.test.cutoff"
    d = due(rule, D(2024, 3, 4), catalog=cutoff_catalog)
    assert (d.due, d.cutoff) == (D(2024, 3, 11), dt.time(17, 30))
    at = lambda h, m: dt.datetime(2024, 3, 11, h, m)  # noqa: E731
    assert check(rule, D(2024, 3, 4), at(17, 30), catalog=cutoff_catalog).status == "on_time"
    late = check(rule, D(2024, 3, 4), at(17, 31), catalog=cutoff_catalog)
    assert (late.status, late.workdays_late) == ("late", 0)


def test_cutoff_does_not_apply_to_a_bare_completion_date(cutoff_catalog: Catalog) -> None:
    """Done on the due date without a time is on time."""
    v = check("local.test.cutoff", D(2024, 3, 4), D(2024, 3, 11), catalog=cutoff_catalog)
    assert v.status == "on_time"


# -- pauses ---------------------------------------------------------------------


def test_pause_moves_the_due_date_by_its_workdays() -> None:
    """A pause 2/19-23 (5 working days): 3/13 -> 3/14 3/15 3/18 3/19 3/20."""
    pause = Pause(D(2024, 2, 19), D(2024, 2, 23), "third_party_consultation")
    d = due(REPLY, D(2024, 2, 8), pauses=[pause])
    assert d.due == D(2024, 3, 20)
    assert step(d.trace, "pause")["workdays"] == 5


def test_pause_across_the_holiday_block_counts_only_its_workdays() -> None:
    """A pause 2/9-2/18 holds 2 working days (2/9 and the make-up Sunday 2/18): 3/13 -> 3/15."""
    d = due(REPLY, D(2024, 2, 8), pauses=[(D(2024, 2, 9), D(2024, 2, 18))])
    assert d.due == D(2024, 3, 15)
    assert step(d.trace, "pause")["workdays"] == 2


def test_pause_straddling_the_due_date_keeps_counting() -> None:
    """A pause 3/12-15 over the original due date 3/13: ... 3/11(18) 3/18(19) 3/19(20)."""
    assert due(REPLY, D(2024, 2, 8), pauses=[(D(2024, 3, 12), D(2024, 3, 15))]).due == D(
        2024, 3, 19
    )


def test_pause_of_a_kind_the_rule_does_not_list_is_not_deducted() -> None:
    """license.decision lists Art. 45's kinds only: a third-party consultation is not deducted."""
    pause = Pause(D(2025, 2, 10), D(2025, 2, 14), "third_party_consultation")
    d = due("license.decision", D(2025, 1, 27), pauses=[pause])
    assert d.due == D(2025, 3, 3)
    assert [f.code for f in d.violations] == ["pause_not_allowed"]


# -- extensions -----------------------------------------------------------------


def test_extension_runs_on_from_the_original_due_date() -> None:
    """20wd more after 3/13: 3/14 3/15 3/18-22 3/25-29 4/1-3 (15) 4/7 make-up Sun(16) 4/8-11."""
    d = due(REPLY, D(2024, 2, 8), extension=20)
    assert d.due == D(2024, 4, 11)
    assert d.violations == ()


def test_extension_may_be_given_as_a_period() -> None:
    """extension=Period(20, "workdays") is the same as extension=20."""
    assert due(REPLY, D(2024, 2, 8), extension=Period(20, "workdays")).due == D(2024, 4, 11)


def test_extension_over_the_maximum_is_a_violation_and_the_maximum_is_used() -> None:
    """Asking 30wd where at most 20wd is allowed: extension_over_limit, due as with 20."""
    v = check(REPLY, D(2024, 2, 8), done=D(2024, 4, 11), extension=30)
    assert v.due == D(2024, 4, 11)
    assert v.status == "on_time"
    found = [f for f in v.violations if f.code == "extension_over_limit"]
    assert found and (found[0].params["asked"], found[0].params["max"]) == (30, 20)


def test_extension_where_the_rule_allows_none_is_ignored() -> None:
    """penalty.withdrawal has no extension: 3wd from 2023-01-20 stays 1/30, with a violation."""
    d = due("penalty.withdrawal", D(2023, 1, 20), extension=2)
    assert d.due == D(2023, 1, 30)
    assert [f.code for f in d.violations] == ["extension_not_allowed"]


def test_extension_in_another_unit_is_invalid() -> None:
    """An extension in days for a working-day rule: invalid (extension_unit)."""
    v = check(REPLY, D(2024, 2, 8), extension=Period(5, "days"))
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == "extension_unit"


# -- restart --------------------------------------------------------------------


def test_restart_moves_the_trigger() -> None:
    """A corrected application received 2/8 (Art. 30): counted from 2/8, due 3/13."""
    d = due(REPLY, D(2024, 2, 1), restart=D(2024, 2, 8))
    assert (d.trigger, d.due) == (D(2024, 2, 8), D(2024, 3, 13))


def test_restart_is_ignored_where_the_rule_has_none() -> None:
    """The 2007 text had no restart: counted from 5/14 (due 6/4), restart_not_allowed."""
    d = due(REPLY, D(2019, 5, 14), restart=D(2019, 5, 20))
    assert d.due == D(2019, 6, 4)
    assert [f.code for f in d.violations] == ["restart_not_allowed"]


OUTSIDE = "pause_outside_case"


# -- impossible facts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"done": D(2024, 2, 7)}, "done_before_trigger"),
        ({"done": D(2024, 3, 1), "pauses": [(D(2024, 1, 2), D(2024, 1, 5))]}, OUTSIDE),
        ({"done": D(2024, 3, 1), "pauses": [(D(2024, 3, 4), D(2024, 3, 5))]}, OUTSIDE),
        ({"as_of": D(2024, 3, 1), "pauses": [(D(2024, 3, 4), D(2024, 3, 5))]}, OUTSIDE),
        ({"pauses": [(D(2024, 3, 5), D(2024, 3, 4))]}, "pause_reversed"),
        ({"restart": D(2024, 2, 1)}, "restart_before_trigger"),
    ],
    ids=["done-first", "pause-before", "pause-after-done", "pause-after-as-of", "reversed",
         "restart-first"],
)  # fmt: skip
def test_impossible_facts_give_an_invalid_verdict(kwargs: dict[str, object], code: str) -> None:
    """check() returns an invalid verdict with the reason, never an exception."""
    v = check(REPLY, D(2024, 2, 8), **kwargs)  # type: ignore[arg-type]
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == code
    assert v.due is None


def test_rule_not_in_force_on_the_trigger_date_is_invalid() -> None:
    """ogi.request.correction_notice is new in the 2019 text: a trigger on 2019-05-14 is invalid."""
    v = check("ogi.request.correction_notice", D(2019, 5, 14))
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == "rule_not_in_force"


def test_a_rule_version_passed_in_is_checked_against_the_trigger_date() -> None:
    """The 2007 version (to 2019-05-14) given as a Rule for a 2024 trigger: invalid, not 15wd."""
    old = Catalog.default().get(REPLY, on=D(2019, 5, 14))
    v = check(old, D(2024, 2, 8))
    assert v.status == "invalid"
    assert v.reason is not None and v.reason.code == "rule_not_in_force"


def test_invalid_verdict_is_explained() -> None:
    """The explanation of an invalid verdict says why, in both languages."""
    v = check(REPLY, D(2024, 2, 8), done=D(2024, 2, 7))
    assert "办结日早于起算日" in v.explain("zh")
    assert "done before the trigger" in v.explain("en")


@pytest.mark.parametrize(
    ("rule", "trigger", "kwargs"),
    [
        (REPLY, D(2024, 2, 8), {"restart": D(2024, 2, 1)}),
        (REPLY, D(2024, 2, 8), {"pauses": [(D(2024, 3, 5), D(2024, 3, 4))]}),
        ("ogi.request.correction_notice", D(2019, 5, 14), {}),
        (Period(24, "hours"), D(2024, 2, 9), {}),
    ],
    ids=["restart-first", "reversed-pause", "not-in-force", "hours-without-time"],
)
def test_due_raises_invalid_facts(
    rule: object, trigger: dt.date, kwargs: dict[str, object]
) -> None:
    """due() raises InvalidFacts (a ValueError) for facts check() calls invalid."""
    with pytest.raises(InvalidFacts) as info:
        due(rule, trigger, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert check(rule, trigger, **kwargs).reason.code == info.value.code  # type: ignore[arg-type,union-attr]


def test_due_refuses_a_pause_before_the_trigger() -> None:
    """A pause that ended before the trigger is impossible without knowing `done`: due() raises."""
    with pytest.raises(InvalidFacts):
        due(REPLY, D(2024, 2, 8), pauses=[(D(2024, 1, 2), D(2024, 1, 5))])


# -- windows --------------------------------------------------------------------


def test_window_of_exactly_n_days_is_on_time() -> None:
    """major_decision.comment_period 9/20 -> 10/20: 10 + 20 = 30 days, on time."""
    v = check("major_decision.comment_period", D(2024, 9, 20), done=D(2024, 10, 20))
    assert v.status == "on_time"
    assert v.violations == ()


def test_window_one_day_short_is_too_short() -> None:
    """9/20 -> 10/19 is 29 days: too_short, with a violation citing 重大行政决策程序暂行条例."""
    v = check("major_decision.comment_period", D(2024, 9, 20), done=D(2024, 10, 19))
    assert v.status == "too_short"
    found = [f for f in v.violations if f.code == "too_short"]
    assert found and (found[0].params["counted"], found[0].params["required"]) == (29, 30)
    assert found[0].citation is not None and "重大行政决策" in found[0].citation.law


def test_window_in_february_counts_calendar_days() -> None:
    """regulation.comment_period 2023-01-31 -> 3-01 is 28 + 1 = 29 days: too short."""
    v = check("regulation.comment_period", D(2023, 1, 31), done=D(2023, 3, 1))
    assert v.status == "too_short"


def test_workday_window_counts_working_days() -> None:
    """legality_review 2/7 -> 2/19: 2/8 2/9 2/18 2/19 = 4 working days < 7; to 2/22 = 7."""
    rule = "major_decision.legality_review"
    assert check(rule, D(2024, 2, 7), done=D(2024, 2, 19)).status == "too_short"
    assert check(rule, D(2024, 2, 7), done=D(2024, 2, 22)).status == "on_time"


def test_open_window_is_pending() -> None:
    """A window not yet closed is pending."""
    assert check("major_decision.comment_period", D(2024, 9, 20)).status == "pending"


def test_window_over_spring_festival_warns() -> None:
    """A 30-day window 2026-01-30 -> 3-01 spans 春节 2/15-23: on time, with a caution."""
    v = check("normative_doc.comment_period.market", D(2026, 1, 30), done=D(2026, 3, 1))
    assert v.status == "on_time"
    spans = [w for w in v.warnings if w.code == "window_spans_break"]
    assert spans and spans[0].params["holidays"] == ["春节"]


# -- fixed dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [(D(2024, 1, 1), D(2025, 1, 31)), (D(2024, 12, 31), D(2025, 1, 31)),
     (D(2025, 1, 1), D(2026, 1, 31))],
)  # fmt: skip
def test_fixed_date_is_the_deadline_of_the_trigger_period(
    trigger: dt.date, expected: dt.date
) -> None:
    """A department's annual report for the year of the trigger is due 31 January next year."""
    assert due("ogi.annual_report.department", trigger).due == expected


def test_fixed_date_before_2019_follows_the_2007_text() -> None:
    """Report year 2018 (2007 text): due 31 March 2019 (a Sunday, not rolled)."""
    assert due("ogi.annual_report.department", D(2018, 6, 1)).due == D(2019, 3, 31)


# -- late, overdue, pending -----------------------------------------------------


def test_workdays_late_counts_working_days_after_the_due_date() -> None:
    """Due 3/13, done Mon 3/18: 3/14 3/15 3/18 = 3 working days, 5 calendar days late."""
    v = check(REPLY, D(2024, 2, 8), done=D(2024, 3, 18))
    assert (v.status, v.workdays_late, v.days_late) == ("late", 3, 5)
    assert not v.ok


def test_lateness_across_the_holiday_block_counts_makeup_days() -> None:
    """20wd from 2024-01-10 is due 2/6; done 2/19: 2/7 2/8 2/9 2/18 2/19 = 5 (13 days)."""
    v = check(Period(20, "workdays"), D(2024, 1, 10), done=D(2024, 2, 19))
    assert (v.due, v.workdays_late, v.days_late) == (D(2024, 2, 6), 5, 13)


def test_done_on_the_due_date_is_on_time() -> None:
    """Done on the due date is on time, with nothing late."""
    v = check(REPLY, D(2024, 2, 8), done=D(2024, 3, 13))
    assert (v.status, v.workdays_late, v.days_late) == ("on_time", None, None)
    assert v.ok


def test_overdue_as_of_after_the_due_date() -> None:
    """Due 2026-03-18; as of 3/20 not done: overdue by 3/19 3/20 = 2 working days."""
    v = check(REPLY, D(2026, 2, 12), as_of=D(2026, 3, 20))
    assert (v.status, v.due, v.workdays_late) == ("overdue", D(2026, 3, 18), 2)


def test_pending_as_of_before_the_due_date_counts_workdays_left() -> None:
    """Due 2026-03-18; as of 3/10: 3/11 3/12 3/13 3/16 3/17 3/18 = 6 working days left."""
    v = check(REPLY, D(2026, 2, 12), as_of=D(2026, 3, 10))
    assert (v.status, v.workdays_left, v.workdays_late) == ("pending", 6, None)


def test_pending_on_the_due_date_has_no_workdays_left() -> None:
    """As of the due date itself the case is still pending, with 0 working days left."""
    v = check(REPLY, D(2026, 2, 12), as_of=D(2026, 3, 18))
    assert (v.status, v.workdays_left) == ("pending", 0)


def test_without_done_or_as_of_the_case_is_pending() -> None:
    """Neither done nor as_of: pending, and no clock is read."""
    v = check(REPLY, D(2024, 2, 8))
    assert (v.status, v.due, v.workdays_left) == ("pending", D(2024, 3, 13), None)


# -- explanation and trace ------------------------------------------------------


def test_explain_zh_names_the_skipped_block_the_makeup_sunday_and_the_citations() -> None:
    """The Chinese explanation names 春节 2/10-17 skipped, the 2/18 调休 counted, and the laws."""
    text = check(REPLY, D(2024, 2, 8), done=D(2024, 3, 14)).explain("zh")
    assert "2024-02-10..2024-02-17 春节休假不计" in text
    assert "2024-02-18（春节调休）调休上班计入" in text
    assert "《中华人民共和国民法典》第201条" in text
    assert "《中华人民共和国政府信息公开条例》第33条" in text
    assert "逾期1个工作日" in text


def test_explain_en_names_the_skipped_block_the_makeup_sunday_and_the_citations() -> None:
    """The English explanation says the same, citations in their Chinese names."""
    text = check(REPLY, D(2024, 2, 8), done=D(2024, 3, 14)).explain("en")
    assert "2024-02-10..2024-02-17 春节 skipped" in text
    assert "2024-02-18 (春节) make-up workday counted" in text
    assert "民法典 Art. 201" in text
    assert "政府信息公开条例 Art. 33" in text


def test_explain_rollover_cites_art_203() -> None:
    """A rolled-over last day is explained with 民法典 Art. 203."""
    text = due(Period(7, "days"), D(2023, 1, 20)).explain("zh")
    assert "顺延至2023-01-28" in text
    assert "第203条" in text


@pytest.mark.parametrize(
    "verdict",
    [
        lambda: check(REPLY, D(2024, 2, 8), done=D(2024, 4, 12), extension=30,
                      pauses=[Pause(D(2024, 2, 19), D(2024, 2, 20), "agency_consultation")]),
        lambda: check(Period(24, "hours"), dt.datetime(2024, 2, 9, 10), dt.datetime(2024, 2, 11)),
        lambda: check("normative_doc.comment_period.market", D(2026, 1, 30), D(2026, 2, 20)),
        lambda: check("ogi.annual_report.department", D(2024, 6, 30), as_of=D(2025, 2, 5)),
        lambda: check(REPLY, D(2024, 2, 8), done=D(2024, 2, 7)),
    ],
    ids=["pauses-extension-late", "hours", "window", "fixed-date", "invalid"],
)  # fmt: skip
def test_trace_json_is_json_serialisable(verdict: object) -> None:
    """Trace.to_json() is a list of plain dicts json.dumps accepts, dates as ISO strings."""
    v = verdict()  # type: ignore[operator]
    data = json.loads(json.dumps(v.trace.to_json(), ensure_ascii=False))
    assert [s["code"] for s in data] == codes(v.trace)
    assert all(isinstance(s["params"], dict) for s in data)


def test_trace_json_keeps_dates_and_citations() -> None:
    """The JSON steps carry ISO dates and the short citation."""
    data = due(REPLY, D(2024, 2, 8)).trace.to_json()
    assert data[0]["citation"] == "《中华人民共和国政府信息公开条例》第33条"
    assert data[-1] == {"code": "due", "params": {"due": "2024-03-13", "due_at": None,
                                                  "cutoff": None}}  # fmt: skip


def test_trace_can_be_switched_off() -> None:
    """trace=False records no steps and gives the same due date."""
    d = due(REPLY, D(2024, 2, 8), trace=False)
    assert d.due == D(2024, 3, 13)
    assert len(d.trace) == 0


# -- Period ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20wd", Period(20, "workdays")), ("20workdays", Period(20, "workdays")),
        (" 20 WD ", Period(20, "workdays")), ("15个工作日", Period(15, "workdays")),
        ("7工作日", Period(7, "workdays")), ("30d", Period(30, "days")),
        ("30日", Period(30, "days")), ("30天", Period(30, "days")),
        ("24h", Period(24, "hours")), ("24小时", Period(24, "hours")),
        ("3m", Period(3, "months")), ("3个月", Period(3, "months")),
        ("1y", Period(1, "years")), ("1年", Period(1, "years")), ("0d", Period(0, "days")),
    ],
)  # fmt: skip
def test_period_parse_reads_the_written_forms(text: str, expected: Period) -> None:
    """Period.parse reads English suffixes and Chinese units."""
    assert Period.parse(text) == expected


@pytest.mark.parametrize("text", ["", "20", "wd", "20 weeks", "-5d", "1.5d", "20wd20", "d20"])
def test_period_parse_rejects_other_text(text: str) -> None:
    """Anything else is a ValueError that shows an example."""
    with pytest.raises(ValueError, match="20wd"):
        Period.parse(text)


def test_period_parse_rejects_non_strings() -> None:
    """A number is a TypeError."""
    with pytest.raises(TypeError):
        Period.parse(20)  # type: ignore[arg-type]


def test_period_validates_amount_and_unit() -> None:
    """A negative or non-int amount is a TypeError, an unknown unit a ValueError."""
    with pytest.raises(TypeError):
        Period(-1, "days")
    with pytest.raises(TypeError):
        Period(True, "days")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="workdays"):
        Period(1, "weeks")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["20wd", "30d", "24h", "3m", "1y"])
def test_period_str_round_trips(text: str) -> None:
    """str(Period.parse(text)) gives the text back."""
    assert str(Period.parse(text)) == text


# -- rules and versions ---------------------------------------------------------


def test_unknown_rule_id_raises_with_a_suggestion() -> None:
    """A misspelt id raises UnknownRule (a LookupError) suggesting the close id."""
    with pytest.raises(UnknownRule, match=r"did you mean ogi\.request\.reply") as info:
        due("ogi.request.replay", D(2024, 2, 8))
    assert isinstance(info.value, LookupError)


def test_check_raises_for_an_unknown_rule_id() -> None:
    """check() raises for an unknown id too: that is a caller's mistake, not a case's fact."""
    with pytest.raises(UnknownRule):
        check("ogi.request.replay", D(2024, 2, 8))


def test_rule_version_switches_on_2019_05_15() -> None:
    """The 2007 text (15wd + 15) applies to 2019-05-14, the 2019 text (20wd + 20) from 5/15."""
    cat = Catalog.default()
    old, new = cat.get(REPLY, on=D(2019, 5, 14)), cat.get(REPLY, on=D(2019, 5, 15))
    assert (old.period, old.max_extension) == (Period(15, "workdays"), Period(15, "workdays"))
    assert (new.period, new.max_extension) == (Period(20, "workdays"), Period(20, "workdays"))


def test_due_date_follows_the_version_in_force_on_the_trigger() -> None:
    """5/14: 5/15-17 5/20-24 5/27-31 6/3 6/4 (15). 5/15: ... 6/6 (16) 6/7 端午 6/10-13 (20)."""
    assert due(REPLY, D(2019, 5, 14)).due == D(2019, 6, 4)
    assert due(REPLY, D(2019, 5, 15)).due == D(2019, 6, 13)
    assert check(REPLY, D(2019, 5, 14)).rule.period == Period(15, "workdays")  # type: ignore[union-attr]


def test_result_carries_the_rule_citation() -> None:
    """The verdict's rule is the version applied, with its citation (Art. 33, 国务院令第711号)."""
    rule = check(REPLY, D(2024, 2, 8)).rule
    assert rule is not None
    assert rule.citations[0].articles == ("33",)
    assert rule.citations[0].document == "国务院令第711号"


# -- years without data ---------------------------------------------------------


def test_a_case_running_into_an_unloaded_year_raises_by_default() -> None:
    """20wd from 2026-12-20 needs 2027, which the default calendar does not have."""
    with pytest.raises(CalendarDataMissing) as info:
        check(Period(20, "workdays"), D(2026, 12, 20))
    assert info.value.year == 2027


def test_a_case_running_into_an_unloaded_year_is_provisional_on_request() -> None:
    """With unknown_years="weekends": 12/21-25(1-5) 12/28-31(6-9) 2027-01-01 assumed(10) ...

    1/4-8(11-15) 1/11-15(16-20): due 2027-01-15, provisional, one warning.
    """
    cal = WorkCalendar.default(unknown_years="weekends")
    with pytest.warns(ProvisionalDataWarning) as record:
        v = check(Period(20, "workdays"), D(2026, 12, 20), calendar=cal)
    assert v.due == D(2027, 1, 15)
    assert v.provisional and v.deadline is not None and v.deadline.provisional
    assert [w.code for w in v.warnings] == ["provisional"]
    assert len([w for w in record if w.category is ProvisionalDataWarning]) == 1


def test_a_case_inside_loaded_years_is_not_provisional() -> None:
    """The same calendar gives a plain result, and no warning, for a case inside 2004-2026."""
    cal = WorkCalendar.default(unknown_years="weekends")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProvisionalDataWarning)
        v = check(REPLY, D(2024, 2, 8), calendar=cal)
    assert (v.due, v.provisional, v.warnings) == (D(2024, 3, 13), False, ())


# -- planning -------------------------------------------------------------------


def _rule_or_skip(rule_id: str) -> str:
    if rule_id not in Catalog.default():
        pytest.skip(f"{rule_id} is not in the catalog")
    return rule_id


def test_due_dates_lists_a_departments_annual_reports() -> None:
    """Department reports fall on 31 January: 2024-01-31 and 2025-01-31 in 2024-2025."""
    rule = _rule_or_skip("ogi.annual_report.department")
    assert due_dates(rule, D(2024, 1, 1), D(2025, 12, 31)) == [D(2024, 1, 31), D(2025, 1, 31)]


def test_due_dates_lists_a_governments_annual_reports() -> None:
    """Government reports fall on 31 March: 2024-03-31 (Sunday, not rolled) and 2025-03-31."""
    rule = _rule_or_skip("ogi.annual_report.government")
    assert due_dates(rule, D(2024, 1, 1), D(2025, 12, 31)) == [D(2024, 3, 31), D(2025, 3, 31)]


def test_due_dates_refuses_a_period_rule() -> None:
    """due_dates is for fixed and recurring rules only."""
    with pytest.raises(ValueError, match="due"):
        due_dates(REPLY, D(2024, 1, 1), D(2024, 12, 31))
