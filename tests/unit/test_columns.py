"""gov_deadlines.columns: hand-counted answers, type round trips, nulls and errors.

Counts are written out from the State Council notices (国办发明电): 2024 春节 2-10..17 off with
make-up Sundays 2-4 and 2-18; 2024 国庆节 10-1..7 off with make-up days 9-29 (Sun) and 10-12
(Sat); 2019 端午节 6-7 off.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from gov_deadlines import (
    CalendarDataMissing,
    DateOutOfRange,
    InvalidArgument,
    Period,
    ProvisionalDataWarning,
    UnknownRule,
    WorkCalendar,
)
from gov_deadlines.columns import (
    CalendarDataMissingRows,
    Marked,
    add_period,
    add_workdays,
    check_columns,
    day_kind,
    is_workday,
    workdays_between,
)

D = "datetime64[D]"


def days(*values: str) -> np.ndarray:  # type: ignore[type-arg]
    return np.array(values, dtype=D)


# -- hand-counted answers ------------------------------------------------------------------------


def test_one_workday_across_spring_festival_2024() -> None:
    """The working day after 2024-02-09 is the make-up Sunday 2024-02-18."""
    # 2-10..17 春节 off; 2-18 (Sunday) 调休上班: the 1st working day after 2-9.
    assert add_workdays(days("2024-02-09"), 1).tolist() == [dt.date(2024, 2, 18)]
    # From 2-8: 2-9 (1), 2-18 (2).
    assert add_workdays(days("2024-02-08"), 2).tolist() == [dt.date(2024, 2, 18)]


def test_twenty_workdays_from_2024_02_08() -> None:
    """20 working days after 2024-02-08 end on 2024-03-13."""
    # 2-9 (1), 2-18 (2), 2-19..23 (3-7), 2-26..3-1 (8-12), 3-4..8 (13-17), 3-11..13 (18-20).
    assert add_workdays(days("2024-02-08"), 20).tolist() == [dt.date(2024, 3, 13)]


def test_zero_and_negative_steps() -> None:
    """n=0 keeps a working day and moves a day off forward; n<0 counts back."""
    got = add_workdays(days("2024-02-08", "2024-02-10", "2024-02-19", "2024-02-18"),
                       np.array([0, 0, -1, -1]))  # fmt: skip
    # 2-8 works; 2-10 is off, next working day 2-18; before 2-19: 2-18; before 2-18: 2-9.
    assert got.tolist() == [dt.date(2024, 2, d) for d in (8, 18, 18, 9)]


def test_workdays_between_sign_convention() -> None:
    """(a, b] counts b and not a; reversed, the count is negative."""
    a, b = days("2024-02-08"), days("2024-02-19")
    # 2-9, 2-18, 2-19: three working days.
    assert workdays_between(a, b).tolist() == [3]
    assert workdays_between(b, a).tolist() == [-3]
    assert workdays_between(a, a).tolist() == [0]


def test_national_day_2024_kinds() -> None:
    """Day kinds around National Day 2024, as WorkCalendar.day names them."""
    d = days("2024-09-29", "2024-10-01", "2024-10-05", "2024-10-12", "2024-10-19", "2024-10-08")
    assert day_kind(d).tolist() == [
        "makeup_workday", "holiday", "holiday", "makeup_workday", "weekend", "workday",
    ]  # fmt: skip
    assert is_workday(d).tolist() == [True, False, False, True, False, True]
    # 9-30 (Mon) works; 10-1..7 off: the next working day is 10-8.
    assert add_workdays(days("2024-09-30"), 1).tolist() == [dt.date(2024, 10, 8)]


def test_add_period_month_end_and_rollover() -> None:
    """Art. 202 month ends and Art. 203 rollover past a day off."""
    got = add_period(days("2024-01-31", "2023-01-31", "2024-09-01", "2024-09-20"), "1m")
    # 1-31 + 1 month: no 2-31, so the month's last day (2024-02-29, 2023-02-28); 9-1 + 1 month
    # = 10-1, 国庆节, rolled to 10-8; 9-20 + 1 month = 10-20 (Sunday), rolled to 10-21.
    assert got.tolist() == [
        dt.date(2024, 2, 29), dt.date(2023, 2, 28), dt.date(2024, 10, 8), dt.date(2024, 10, 21),
    ]  # fmt: skip
    # 30 days after 2024-09-20 is 10-20, a Sunday: rolled to Monday 10-21.
    assert add_period(days("2024-09-20"), Period(30, "days")).tolist() == [dt.date(2024, 10, 21)]
    # Working-day periods do not roll: 20wd from 2024-02-08 is 3-13, as add_workdays.
    assert add_period(days("2024-02-08"), "20wd").tolist() == [dt.date(2024, 3, 13)]


# -- type round trips ----------------------------------------------------------------------------


def test_numpy_in_numpy_out() -> None:
    """datetime64 in, datetime64[D] out; other units are read as their day."""
    got = add_workdays(np.array(["2024-02-09T23:59"], dtype="datetime64[m]"), 1)
    assert got.dtype == np.dtype(D) and got.tolist() == [dt.date(2024, 2, 18)]


def test_pandas_series_keeps_index_and_name() -> None:
    """A pandas Series comes back as a Series with the same index and name."""
    s = pd.Series(pd.to_datetime(["2024-02-09", None]), index=["a", "b"], name="收到申请日期")
    got = add_workdays(s, 1)
    assert isinstance(got, pd.Series)
    assert list(got.index) == ["a", "b"] and got.name == "收到申请日期"
    assert got.iloc[0] == pd.Timestamp("2024-02-18") and pd.isna(got.iloc[1])
    n = pd.Series([1, None], dtype="Int64")
    assert add_workdays(s, n).isna().tolist() == [False, True]


def test_pandas_nullable_results() -> None:
    """Counts with nulls are Int64, flags boolean, kinds categorical."""
    s = pd.Series(pd.to_datetime(["2024-02-18", None]))
    assert str(workdays_between(s, s).dtype) == "Int64"
    assert str(is_workday(s).dtype) == "boolean"
    assert day_kind(s).tolist()[0] == "makeup_workday"


def test_pandas_arrow_dtype_round_trip() -> None:
    """A pandas Series with an Arrow dtype keeps an Arrow dtype."""
    s = pd.Series(pa.array([dt.date(2024, 2, 9), None]), dtype=pd.ArrowDtype(pa.date32()))
    got = add_workdays(s, 1)
    assert isinstance(got.dtype, pd.ArrowDtype)
    assert got.tolist()[0] == dt.date(2024, 2, 18)


def test_arrow_in_arrow_out() -> None:
    """Arrow date32 with nulls in, Arrow date32 with nulls out; chunked stays chunked."""
    a = pa.array([dt.date(2024, 2, 9), None], pa.date32())
    got = add_workdays(a, 1)
    assert got.type == pa.date32() and got.to_pylist() == [dt.date(2024, 2, 18), None]
    chunked = pa.chunked_array([a, a])
    assert isinstance(add_workdays(chunked, 1), pa.ChunkedArray)
    assert is_workday(a).to_pylist() == [True, None]
    assert day_kind(a).to_pylist() == ["workday", None]


def test_aware_timestamps_are_read_in_china_time() -> None:
    """20:00 UTC on 2024-02-09 is 04:00 on 2024-02-10 in Beijing: a holiday."""
    a = pa.array([dt.datetime(2024, 2, 9, 20, tzinfo=dt.UTC)], pa.timestamp("s", "UTC"))
    assert is_workday(a).to_pylist() == [False]


def test_scalars_broadcast() -> None:
    """One date against a column of steps; all scalars give a plain value."""
    got = add_workdays(dt.date(2024, 2, 8), np.array([1, 2]))
    assert got.tolist() == [dt.date(2024, 2, 9), dt.date(2024, 2, 18)]
    assert add_workdays(dt.date(2024, 2, 9), 1) == dt.date(2024, 2, 18)
    assert workdays_between(dt.date(2024, 2, 8), dt.date(2024, 2, 19)) == 3


def test_polars_round_trip() -> None:
    """A polars Series comes back as a polars Series (skipped without polars)."""
    pl = pytest.importorskip("polars")
    s = pl.Series("d", [dt.date(2024, 2, 9), None])
    got = add_workdays(s, 1)
    assert isinstance(got, pl.Series) and got.to_list() == [dt.date(2024, 2, 18), None]


# -- nulls ---------------------------------------------------------------------------------------


def test_nulls_propagate_in_numpy() -> None:
    """NaT gives NaT; counts and flags of null rows are masked."""
    d = days("2024-02-09", "NaT")
    assert np.isnat(add_workdays(d, 1)[1])
    counted = workdays_between(d, d)
    assert isinstance(counted, np.ma.MaskedArray) and counted.mask.tolist() == [False, True]
    assert day_kind(d).tolist() == ["workday", None]


# -- coverage and errors -------------------------------------------------------------------------


def test_past_coverage_raises_naming_years_and_rows() -> None:
    """Rows needing 2027 raise CalendarDataMissing naming the year and the row count."""
    d = days("2026-12-30", "2026-12-31", "2024-02-09")
    with pytest.raises(CalendarDataMissing) as info:
        add_workdays(d, 5)
    err = info.value
    assert isinstance(err, CalendarDataMissingRows)
    assert err.years == (2027,) and err.rows == 2 and err.total == 3
    assert str(err).startswith("2 of 3 rows need days of years without holiday data (2027)")


def test_weekends_gives_a_provisional_mask() -> None:
    """With unknown_years='weekends': values, a provisional mask and one warning."""
    cal = WorkCalendar.default(unknown_years="weekends")
    d = days("2026-12-31", "2024-02-09")
    with pytest.warns(ProvisionalDataWarning, match="1 of 2 rows"):
        got = add_workdays(d, 1, calendar=cal, with_provisional=True)
    assert isinstance(got, Marked)
    # 2027-01-01 is a Friday, assumed a working day (no 2027 data): provisional.
    assert got.values.tolist() == [dt.date(2027, 1, 1), dt.date(2024, 2, 18)]
    assert got.provisional.tolist() == [True, False]


def test_bad_inputs_are_refused() -> None:
    """Floats, strings, mismatched lengths, hour periods and overflow are refused."""
    d = days("2024-02-09", "2024-02-10")
    with pytest.raises(InvalidArgument):
        add_workdays(d, np.array([1.5, 2.0]))
    with pytest.raises(InvalidArgument):
        add_workdays(np.array(["2024-02-09"]), 1)
    with pytest.raises(InvalidArgument):
        add_workdays(d, np.array([1, 2, 3]))
    with pytest.raises(InvalidArgument):
        add_period(d, "24h")
    cal = WorkCalendar.default(unknown_years="weekends")
    with pytest.raises(DateOutOfRange):
        add_workdays(days("9999-12-30"), 5, calendar=cal)


def test_import_gov_deadlines_does_not_import_numpy() -> None:
    """The columns extra is imported only when asked for."""
    code = "import sys, gov_deadlines; sys.exit('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- check_columns ---------------------------------------------------------------------------------


def test_check_columns_late_by_one_workday() -> None:
    """Received 2024-02-08, due 2024-03-13, answered 3-14: late by 1 working day."""
    v = check_columns("ogi.request.reply", days("2024-02-08"), done=days("2024-03-14"))
    assert v.due.tolist() == [dt.date(2024, 3, 13)]
    assert v.status.tolist() == ["late"]
    assert v.workdays_late.tolist() == [1] and v.days_late.tolist() == [1]


def test_check_columns_pending_counts_workdays_left() -> None:
    """As of 2024-03-01, 8 working days are left until 2024-03-13."""
    v = check_columns("ogi.request.reply", days("2024-02-08"), as_of=days("2024-03-01"))
    # 3-4..8 (5) and 3-11..13 (3).
    assert v.status.tolist() == ["pending"] and v.workdays_left.tolist() == [8]


def test_check_columns_uses_the_version_in_force() -> None:
    """The 2007 条例 (15 working days) until 2019-05-14, the 2019 条例 (20) from 5-15."""
    v = check_columns("ogi.request.reply", days("2019-05-14", "2019-05-15"))
    # From 5-14: 5-15..17 (3), 5-20..24 (8), 5-27..31 (13), 6-3 (14), 6-4 (15).
    # From 5-15: 5-16..17 (2), 5-20..24 (7), 5-27..31 (12), 6-3..6 (16), 6-7 端午节 off,
    # 6-10..13 (20).
    assert v.due.tolist() == [dt.date(2019, 6, 4), dt.date(2019, 6, 13)]


def test_check_columns_invalid_null_and_paused_rows() -> None:
    """No version in force gives invalid with the reason; a null trigger a null row; a pause
    takes the full engine."""
    pause = [(dt.date(2024, 3, 25), dt.date(2024, 4, 19), "third_party_consultation")]
    v = check_columns(
        "ogi.request.reply", pa.array([dt.date(2008, 4, 1), None, dt.date(2024, 3, 1)]),
        pauses=[None, None, pause],
    )  # fmt: skip
    assert v.status.to_pylist() == ["invalid", None, "pending"]
    assert "未生效" in v.error.to_pylist()[0]
    # 15 working days by 3-22, the pause 3-25..4-19 not counted, then 4-22..26 (16-20).
    assert v.due.to_pylist() == [None, None, dt.date(2024, 4, 26)]


def test_check_columns_refuses_years_without_data() -> None:
    """A trigger whose count runs into 2027 raises, naming the rows."""
    with pytest.raises(CalendarDataMissingRows, match="1 of 2 rows"):
        check_columns("ogi.request.reply", days("2026-12-20", "2024-02-08"))
    cal = WorkCalendar.default(unknown_years="weekends")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        v = check_columns("ogi.request.reply", days("2026-12-20", "2024-02-08"), calendar=cal)
    assert v.provisional.tolist() == [True, False]


def test_check_columns_makes_a_table() -> None:
    """VerdictColumns turn into a pandas DataFrame or an Arrow table."""
    v = check_columns("penalty.withdrawal", pa.array([dt.date(2024, 2, 8)]))
    table = pa.table(v._asdict())
    # 行政处罚法 Art. 85: 3 日 are working days: 2-9 (1), 2-18 (2), 2-19 (3).
    assert table.column("due").to_pylist() == [dt.date(2024, 2, 19)]
    frame = pd.DataFrame(
        check_columns("penalty.withdrawal", pd.Series(pd.to_datetime(["2024-02-08"])))._asdict()
    )
    assert frame["status"].tolist() == ["pending"]


def test_empty_columns() -> None:
    """Empty columns give empty results."""
    empty = np.array([], dtype=D)
    assert add_workdays(empty, 1).size == 0
    assert workdays_between(empty, empty).size == 0
    assert check_columns("ogi.request.reply", empty).status.size == 0


def test_check_columns_pandas_pauses_by_position() -> None:
    """A pandas column of pauses is read by position, whatever its index."""
    pause = [(dt.date(2024, 3, 25), dt.date(2024, 4, 19), "third_party_consultation")]
    trigger = pd.Series(pd.to_datetime(["2024-03-01", "2024-03-01"]), index=[10, 20])
    v = check_columns("ogi.request.reply", trigger, pauses=pd.Series([None, pause], index=[7, 3]))
    # Unpaused: 3-4..8 (5), 3-11..15 (10), 3-18..22 (15), 3-25..29 (20). Paused: 4-26.
    assert v.due.tolist() == [pd.Timestamp("2024-03-29"), pd.Timestamp("2024-04-26")]
    assert list(v.due.index) == [10, 20]


def test_check_columns_pause_boundaries() -> None:
    """A pause after the last counted day moves nothing; a kind the rule does not allow is not
    deducted; an allowed one is."""
    trigger = days("2024-03-01", "2024-03-01", "2024-03-01")
    after = [(dt.date(2024, 4, 1), dt.date(2024, 4, 10), "third_party_consultation")]
    hearing = [(dt.date(2024, 3, 25), dt.date(2024, 4, 19), "hearing")]
    allowed = [(dt.date(2024, 3, 25), dt.date(2024, 4, 19), "agency_consultation")]
    v = check_columns("ogi.request.reply", trigger, pauses=[after, hearing, allowed])
    # Unpaused: 3-4..8 (5), 3-11..15 (10), 3-18..22 (15), 3-25..29 (20): due 3-29, which the
    # pause from 4-1 does not reach; a hearing is not a pause of 条例 Art. 33; a consultation of
    # another agency is: 15 by 3-22, then 4-22..26 (16-20).
    assert v.due.tolist() == [dt.date(2024, 3, 29), dt.date(2024, 3, 29), dt.date(2024, 4, 26)]
    v = check_columns("ogi.request.reply", trigger, as_of=days("2024-04-22"),
                      pauses=[after, hearing, allowed])  # fmt: skip
    # As of 4-22 the third case has 4-23..26 left (4); the others are overdue.
    assert v.status.tolist() == ["overdue", "overdue", "pending"]
    assert v.workdays_left.tolist()[2] == 4


def test_check_columns_with_a_rule_column() -> None:
    """Each row under its own rule; an unknown id is that row's error; a null rule a null row."""
    rules = pa.array(["ogi.request.reply", "penalty.withdrawal", "no.such.rule", None])
    v = check_columns(rules, pa.array([dt.date(2024, 2, 8)] * 4))
    # 20 working days: 3-13 (counted above); 行政处罚法 Art. 85's 3 日: 2-9, 2-18, 2-19.
    assert v.due.to_pylist() == [dt.date(2024, 3, 13), dt.date(2024, 2, 19), None, None]
    assert v.status.to_pylist() == ["pending", "pending", None, None]
    assert "no.such.rule" in v.error.to_pylist()[2]
    with pytest.raises(UnknownRule):
        check_columns("no.such.rule", pa.array([dt.date(2024, 2, 8)]))
