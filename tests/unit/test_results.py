"""The result values: keyword-only, frozen, a short repr, JSON output that round-trips."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

from gov_deadlines import (
    InvalidArgument,
    InvalidFacts,
    Period,
    Verdict,
    check,
    due,
)
from gov_deadlines.engine.count import merge

D = dt.date


def test_verdict_is_keyword_only() -> None:
    """Positional construction is refused: fields may be added without breaking callers."""
    with pytest.raises(TypeError):
        Verdict("late", D(2024, 3, 13))  # type: ignore[misc]


def test_results_are_frozen() -> None:
    """A verdict cannot be changed after the fact."""
    v = check("20wd", D(2024, 2, 8))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        v.status = "late"  # type: ignore[misc]


def test_short_repr() -> None:
    """The repr shows the verdict, not every field."""
    v = check("ogi.request.reply", D(2024, 2, 8), done=D(2024, 3, 14))
    assert repr(v) == "<Verdict late due=2024-03-13 workdays_late=1 rule=ogi.request.reply>"
    expected = "<Deadline due=2024-03-13 period=20wd trigger=2024-02-08>"
    assert repr(due("20wd", D(2024, 2, 8))) == expected


def test_invalid_repr_names_the_reason() -> None:
    """An invalid verdict says why in its repr."""
    v = check("20wd", D(2024, 2, 8), done=D(2024, 2, 1))
    assert repr(v) == "<Verdict invalid reason=done_before_trigger>"


def test_verdict_json_round_trips() -> None:
    """to_json is valid JSON with ISO dates, the findings, and the trace steps."""
    v = check("ogi.request.reply", D(2024, 2, 8), done=D(2024, 3, 14))
    data = json.loads(v.to_json())
    assert data["status"] == "late" and data["due"] == "2024-03-13"
    assert data["workdays_late"] == 1 and data["rule"] == "ogi.request.reply"
    assert [f["code"] for f in data["violations"]] == ["late"]
    assert data["trace"][0]["code"] == "rule"
    assert "trace" not in v.to_dict(trace=False)


def test_deadline_json_has_the_pauses() -> None:
    """A deadline's JSON lists the merged pauses and how far they moved the date."""
    d = due("20wd", D(2024, 3, 1), pauses=[(D(2024, 3, 25), D(2024, 4, 19))])
    data = d.to_dict(trace=False)
    assert data["paused_spans"] == [["2024-03-25", "2024-04-19"]]
    # 3/25-4/19 holds 19 working days: 3/25-29 (5), 4/1-3 (3), 4/7 make-up Sun (1),
    # 4/8-12 (5), 4/15-19 (5); 4/4-6 清明 off.
    assert data["paused"] == 19


@pytest.mark.parametrize("text", ["20wd", "20个工作日", "二十个工作日"])
def test_period_strings_work_where_a_rule_goes(text: str) -> None:
    """A period string is accepted by due() as an ad-hoc period."""
    assert due(text, D(2024, 2, 8)).due == D(2024, 3, 13)


def test_unknown_rule_and_bad_period_are_typed_errors() -> None:
    """Neither a rule id nor a period: UnknownRule (a LookupError) naming it."""
    from gov_deadlines import UnknownRule

    with pytest.raises(UnknownRule, match=r"ogi\.request\.replly"):
        due("ogi.request.replly", D(2024, 2, 8))
    with pytest.raises(InvalidArgument):
        Period.parse("20 weeks")


def test_due_raises_what_check_reports() -> None:
    """due() and check() agree on invalid facts: a pause that ends before the trigger."""
    pause = [(D(2024, 1, 1), D(2024, 1, 5))]
    with pytest.raises(InvalidFacts) as exc:
        due("20wd", D(2024, 2, 8), pauses=pause)
    v = check("20wd", D(2024, 2, 8), pauses=pause)
    assert v.status == "invalid" and v.reason is not None
    assert v.reason.code == exc.value.code == "pause_outside_case"


def test_merge_overlapping_adjacent_unsorted_and_clipped() -> None:
    """Pauses are clipped to after the base day, sorted, and merged when they overlap or touch."""
    base = D(2024, 3, 1)
    spans = [
        (D(2024, 3, 20), D(2024, 3, 22)),
        (D(2024, 2, 25), D(2024, 3, 2)),  # clipped to 3/2
        (D(2024, 3, 10), D(2024, 3, 12)),
        (D(2024, 3, 13), D(2024, 3, 14)),  # touches the one before
        (D(2024, 3, 11), D(2024, 3, 11)),  # inside another
        (D(2024, 2, 1), D(2024, 2, 10)),  # ends before the base: dropped
    ]
    assert merge(spans, base) == (
        (D(2024, 3, 2), D(2024, 3, 2)),
        (D(2024, 3, 10), D(2024, 3, 14)),
        (D(2024, 3, 20), D(2024, 3, 22)),
    )


def test_aware_trigger_is_read_in_china_time() -> None:
    """2024-02-08 20:00 UTC is 2024-02-09 04:00 in Beijing: 24 hours later is 2/10 04:00."""
    d = due("24h", dt.datetime(2024, 2, 8, 20, 0, tzinfo=dt.UTC))
    assert d.due_at == dt.datetime(2024, 2, 10, 4, 0)


def test_hours_late() -> None:
    """Done 5 h 30 min after an hour deadline: hours_late 5.5."""
    v = check("24h", dt.datetime(2024, 2, 8, 9, 0), done=dt.datetime(2024, 2, 9, 14, 30))
    assert (v.status, v.hours_late) == ("late", 5.5)
    assert "5.5" in v.explain("en") and "次日" not in v.explain("zh")


def test_rollover_off_needs_no_data_past_the_end() -> None:
    """Without rollover, a period ending on the last loaded day needs nothing after it."""
    d = due("10d", D(2026, 12, 21), rollover=False)
    assert d.due == D(2026, 12, 31)
