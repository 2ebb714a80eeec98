"""gov_deadlines.duckdb: the gd_* SQL functions against the scalar library, row by row.

Registers are written to real Parquet files with pyarrow and read by DuckDB; every answer is
compared with :func:`gov_deadlines.check` or the :class:`WorkCalendar` method of the same name on
the same row (nulls, rule versions, windows, extensions, days past the loaded years included).
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from gov_deadlines import (  # noqa: E402 -- after the skips
    CalendarDataMissing,
    GovDeadlinesError,
    Period,
    ProvisionalDataWarning,
    WorkCalendar,
    check,
    due,
)
from gov_deadlines.calendar.table import date_table  # noqa: E402
from gov_deadlines.duckdb import FUNCTIONS, register  # noqa: E402
from tests.property.strategies import covered_dates  # noqa: E402

CAL = WorkCalendar.default()
WEEKENDS = WorkCalendar.default(unknown_years="weekends")
FIELDS = ("due", "status", "workdays_late", "days_late", "workdays_left", "provisional", "error")

# Plain periods of each unit, a rule that changed (15wd -> 20wd on 2019-05-15, not in force
# before 2008-05-01), a window, an event deadline, a yearly fixed date and an ad-hoc period.
RULES = (
    "ogi.request.reply", "penalty.withdrawal", "license.decision.joint", "litigation.direct",
    "reconsideration.application.cap", "admin_regulation.comment_period",
    "license.hearing.notice", "ogi.annual_report.department", "20wd",
)  # fmt: skip


@pytest.fixture(scope="module")
def con() -> Any:
    c = duckdb.connect()
    register(c)
    yield c
    c.close()


@pytest.fixture(scope="module")
def con_weekends() -> Any:
    c = duckdb.connect()
    with pytest.warns(ProvisionalDataWarning):
        register(c, calendar=WEEKENDS)
    yield c
    c.close()


def _date(days: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=days)


def expected(
    rule: str, trigger: dt.date | None, done: dt.date | None, as_of: dt.date | None,
    extension: int | None = None, cal: WorkCalendar = CAL,
) -> tuple[Any, ...] | None:  # fmt: skip
    """check()'s answer for one row as the gd_check fields; None when check() needs a year
    without data (the query must fail)."""
    if trigger is None:
        return (None,) * 7
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            v = check(rule, trigger, done, as_of, extension=extension, calendar=cal)
    except CalendarDataMissing:
        return None
    except GovDeadlinesError as exc:  # the row's error, as check_columns words it
        return (None, None, None, None, None, False, exc.message("zh"))
    reason = v.reason.text("zh") if v.reason is not None else None
    return (v.due, v.status, v.workdays_late, v.days_late, v.workdays_left, v.provisional,
            reason)  # fmt: skip


def register_rows(seed: int, n: int, *, past: bool = False) -> dict[str, list[Any]]:
    """Random cases: triggers over 2004-2026 (a third near Spring Festival; with ``past``, some
    in the months around the end of the data), done and as_of near them or null, extensions."""
    rng = np.random.default_rng(seed)
    lo, hi = dt.date(2004, 1, 1).toordinal(), dt.date(2026, 12, 31).toordinal()
    base = rng.integers(lo, hi + 1, n)
    feasts = np.array([dt.date(y, 2, 1).toordinal() for y in range(2004, 2027)])
    near = rng.random(n) < 0.35
    base[near] = rng.choice(feasts, near.sum()) + rng.integers(-25, 25, near.sum())
    if past:
        edge = rng.random(n) < 0.3
        base[edge] = dt.date(2026, 11, 1).toordinal() + rng.integers(0, 150, edge.sum())
    done = base + rng.integers(-4, 90, n)
    as_of = base + rng.integers(-3, 70, n)
    ext = rng.integers(-2, 25, n)
    trig_null, done_null = rng.random(n) < 0.04, rng.random(n) < 0.3
    as_of_null, ext_null = rng.random(n) < 0.4, rng.random(n) < 0.85

    def days(o: np.ndarray, null: np.ndarray) -> list[dt.date | None]:
        return [None if z else dt.date.fromordinal(int(x)) for x, z in zip(o, null, strict=True)]

    return {
        "trigger": days(base, trig_null), "done": days(done, done_null),
        "as_of": days(as_of, as_of_null),
        "ext": [None if z else int(x) for x, z in zip(ext, ext_null, strict=True)],
    }  # fmt: skip


def write_parquet(path: Path, cols: dict[str, list[Any]]) -> Path:
    n = len(cols["trigger"])
    table = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "rule": pa.array(cols.get("rule", ["x"] * n), pa.string()),
        "trigger": pa.array(cols["trigger"], pa.date32()),
        "done": pa.array(cols["done"], pa.date32()),
        "as_of": pa.array(cols["as_of"], pa.date32()),
        "ext": pa.array(cols["ext"], pa.int64()),
    })  # fmt: skip
    pq.write_table(table, path, row_group_size=1000)  # several row groups: parallel scans
    return path


def select_checks(con: Any, path: Path, rule: str, *, with_ext: bool) -> list[tuple[Any, ...]]:
    ext = "ext" if with_ext else "NULL"
    rows = con.execute(
        f"SELECT gd_check(?, trigger, done, as_of, {ext}) AS v FROM read_parquet(?) ORDER BY id",
        [rule, str(path)],
    ).fetchall()
    return [tuple(r[0][f] for f in FIELDS) for r in rows]


# -- the query ---------------------------------------------------------------------------


def test_due_over_a_parquet_register(con: Any, tmp_path: Path) -> None:
    """SELECT *, gd_due('ogi.request.reply', 收到日期) FROM 'requests.parquet' works as written."""
    path = tmp_path / "requests.parquet"
    pq.write_table(pa.table({
        "编号": ["A1", "A2", "A3"],
        "收到日期": pa.array([dt.date(2024, 2, 8), None, dt.date(2019, 5, 14)], pa.date32()),
    }), path)  # fmt: skip
    con.execute(f"SET file_search_path = '{tmp_path}'")
    rows = con.sql(
        "SELECT *, gd_due('ogi.request.reply', 收到日期) FROM 'requests.parquet' ORDER BY 编号"
    ).fetchall()
    # 2024-02-08 + 20wd: 2/9, 2/18 (调休), 2/19..3/13 -> 2024-03-13; 2019-05-14: the 2008
    # version (15 working days): 5/15..6/5 less 端午 6/7 -> 2019-06-04.
    assert rows == [
        ("A1", dt.date(2024, 2, 8), dt.date(2024, 3, 13)),
        ("A2", None, None),
        ("A3", dt.date(2019, 5, 14), dt.date(2019, 6, 4)),
    ]


def test_every_listed_function_is_registered(con: Any) -> None:
    """FUNCTIONS lists what register() adds, macros included."""
    names = {r[0] for r in con.sql("SELECT DISTINCT function_name FROM duckdb_functions() "
                                   "WHERE function_name LIKE 'gd_%'").fetchall()}  # fmt: skip
    assert set(FUNCTIONS) <= names


# -- verdicts, row by row --------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES)
def test_gd_check_equals_check_row_by_row(con: Any, tmp_path: Path, rule: str) -> None:
    """gd_check over a 3,000-row Parquet file equals check() on every row (nulls, extensions,
    done before the trigger, as_of before it, versions by trigger date)."""
    cols = register_rows(RULES.index(rule), 3000)
    want = [expected(rule, *row, cal=CAL) for row in zip(*cols.values(), strict=True)]
    keep = [w is not None for w in want]  # rows needing 2027 are tested apart (they raise)
    cols = {k: [x for x, ok in zip(v, keep, strict=True) if ok] for k, v in cols.items()}
    path = write_parquet(tmp_path / "r.parquet", cols)
    assert select_checks(con, path, rule, with_ext=True) == [w for w in want if w is not None]


@pytest.mark.parametrize(
    "rule",
    ["ogi.request.reply", "license.decision.joint", "litigation.direct",
     "admin_regulation.comment_period"],
)  # fmt: skip
def test_single_fields_equal_check(con: Any, tmp_path: Path, rule: str) -> None:
    """gd_status, gd_workdays_late, gd_days_late, gd_workdays_left, gd_provisional and gd_error
    are the fields of check() (no extension); gd_due(rule, trigger) is the due date of
    check(rule, trigger), which reads no other fact."""
    cols = register_rows(7, 2500)
    cols["ext"] = [None] * len(cols["trigger"])
    want = []
    for t, d, a in zip(cols["trigger"], cols["done"], cols["as_of"], strict=True):
        row, alone = expected(rule, t, d, a), expected(rule, t, None, None)
        want.append(None if row is None or alone is None else (alone[0], *row[1:]))
    keep = [w is not None for w in want]
    cols = {k: [x for x, ok in zip(v, keep, strict=True) if ok] for k, v in cols.items()}
    want = [w for w in want if w is not None]
    path = write_parquet(tmp_path / "r.parquet", cols)
    got = con.execute(
        "SELECT gd_due($1, trigger), gd_status($1, trigger, done, as_of), "
        "gd_workdays_late($1, trigger, done, as_of), gd_days_late($1, trigger, done, as_of), "
        "gd_workdays_left($1, trigger, done, as_of), gd_provisional($1, trigger, done, as_of), "
        "gd_error($1, trigger, done, as_of) FROM read_parquet($2) ORDER BY id",
        [rule, str(path)],
    ).fetchall()
    assert got == want


def test_rule_per_row(con: Any, tmp_path: Path) -> None:
    """A rule column: each row under its own rule; a null rule gives a null verdict."""
    cols = register_rows(11, 2400)
    cols["ext"] = [None] * 2400
    rules = [RULES[i % 4] if i % 97 else None for i in range(2400)]
    want = []
    for r, t, d, a in zip(rules, cols["trigger"], cols["done"], cols["as_of"], strict=True):
        want.append((None,) * 7 if r is None else expected(r, t, d, a))
    keep = [w is not None for w in want]
    cols = {k: [x for x, ok in zip(v, keep, strict=True) if ok] for k, v in cols.items()}
    cols["rule"] = [r for r, ok in zip(rules, keep, strict=True) if ok]
    path = write_parquet(tmp_path / "r.parquet", cols)
    got = con.execute("SELECT gd_check(rule, trigger, done, as_of) AS v FROM read_parquet(?) "
                      "ORDER BY id", [str(path)]).fetchall()  # fmt: skip
    assert [tuple(r[0][f] for f in FIELDS) for r in got] == [w for w in want if w is not None]


facts = st.tuples(
    st.none() | covered_dates(), st.none() | st.integers(-5, 70), st.none() | st.integers(-5, 70)
)


@settings(max_examples=60)
@given(rule=st.sampled_from(RULES), rows=st.lists(facts, min_size=1, max_size=40))
def test_hypothesis_rows_equal_check(con: Any, rule: str, rows: list[Any]) -> None:
    """Drawn rows (dates near long holidays, nulls, done/as_of before or after the trigger)."""
    trig = [r[0] for r in rows]
    done = [None if t is None or k is None else t + dt.timedelta(k) for t, k, _ in rows]
    as_of = [None if t is None or k is None else t + dt.timedelta(k) for t, _, k in rows]
    want = [expected(rule, t, d, a) for t, d, a in zip(trig, done, as_of, strict=True)]
    table = pa.table({
        "i": range(len(rows)), "t": pa.array(trig, pa.date32()),
        "d": pa.array(done, pa.date32()), "a": pa.array(as_of, pa.date32()),
    })  # fmt: skip
    con.register("drawn", table)
    try:
        query = "SELECT gd_check(?, t, d, a) FROM drawn ORDER BY i"
        if any(w is None for w in want):
            with pytest.raises(duckdb.Error, match="years without holiday data"):
                con.execute(query, [rule]).fetchall()
            return
        got = [tuple(r[0][f] for f in FIELDS) for r in con.execute(query, [rule]).fetchall()]
    finally:
        con.unregister("drawn")
    assert got == want


# -- coverage: refuse, or mark --------------------------------------------------------------------


def test_a_row_past_the_data_fails_the_query_clearly(con: Any) -> None:
    """One row needing 2027 fails the query with a one-line DuckDB error naming the year, the
    function and both ways out; no Python traceback in it."""
    with pytest.raises(duckdb.InvalidInputException) as info:
        con.sql("SELECT gd_due('ogi.request.reply', d) FROM (VALUES (DATE '2024-02-08'), "
                "(DATE '2026-12-20')) t(d)").fetchall()  # fmt: skip
    text = str(info.value)
    assert "gd_due: rows of this query need days of years without holiday data" in text
    assert "2027" in text and "Loaded: 2004-2026" in text
    assert "with_years('2027.json')" in text and "unknown_years='weekends'" in text
    assert "Traceback" not in text and 'File "' not in text and "\n" not in text.strip()


@pytest.mark.parametrize(
    ("sql", "needle"),
    [
        ("SELECT gd_add_workdays(DATE '2026-12-30', 5)", "gd_add_workdays"),
        ("SELECT gd_workdays_between(DATE '2026-01-01', DATE '2027-02-01')", "gd_workdays_between"),
        ("SELECT gd_is_workday(DATE '2003-05-01')", "2003"),
        (
            "SELECT gd_status('penalty.withdrawal', DATE '2026-12-01', DATE '2027-01-10', NULL)",
            "gd_status",
        ),
    ],
)
def test_every_function_refuses_years_without_data(con: Any, sql: str, needle: str) -> None:
    """Calendar arithmetic and verdicts alike refuse to guess."""
    with pytest.raises(duckdb.InvalidInputException, match="without holiday data") as info:
        con.sql(sql).fetchall()
    assert needle in str(info.value)


def test_unknown_rule_is_a_clear_error(con: Any) -> None:
    """A mistyped rule id names close ids and where to list them."""
    with pytest.raises(duckdb.InvalidInputException) as info:
        con.sql("SELECT gd_due('ogi.request.replyy', DATE '2024-01-02')").fetchall()
    text = str(info.value)
    assert "SQLFunctionError: gd_due:" in text and "ogi.request.reply" in text
    assert "gd_rules" in text


@pytest.mark.parametrize("rule", ["ogi.request.reply", "license.decision.joint",
                                  "admin_regulation.comment_period"])  # fmt: skip
def test_weekends_calendar_marks_rows_as_check_does(
    con_weekends: Any, tmp_path: Path, rule: str
) -> None:
    """With unknown_years='weekends', rows past 2026 are answered and gd_check(...).provisional
    is check()'s provisional flag, row by row."""
    cols = register_rows(5, 2500, past=True)
    want = [expected(rule, *row, cal=WEEKENDS) for row in zip(*cols.values(), strict=True)]
    assert any(w is not None and w[5] for w in want)  # the data reaches past 2026
    path = write_parquet(tmp_path / "r.parquet", cols)
    assert select_checks(con_weekends, path, rule, with_ext=True) == want


@settings(max_examples=60)
@given(st.lists(st.tuples(st.none() | st.dates(dt.date(2026, 9, 1), dt.date(2027, 4, 30)),
                          st.none() | st.integers(-40, 40)), min_size=1, max_size=30))  # fmt: skip
def test_provisional_calendar_functions(con_weekends: Any, rows: list[Any]) -> None:
    """gd_add_workdays(_provisional), gd_workdays_between(_provisional) and gd_is_provisional
    near the end of the data: the scalar answer and whether it is provisional."""
    from gov_deadlines import is_provisional

    table = pa.table({"i": range(len(rows)), "d": pa.array([r[0] for r in rows], pa.date32()),
                      "n": pa.array([r[1] for r in rows], pa.int64())})  # fmt: skip
    con_weekends.register("drawn", table)
    try:
        got = con_weekends.sql(
            "SELECT gd_add_workdays(d, n), gd_add_workdays_provisional(d, n), "
            "gd_workdays_between(DATE '2026-11-20', d), "
            "gd_workdays_between_provisional(DATE '2026-11-20', d), gd_is_provisional(d) "
            "FROM drawn ORDER BY i"
        ).fetchall()
    finally:
        con_weekends.unregister("drawn")
    start = dt.date(2026, 11, 20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for (d, n), row in zip(rows, got, strict=True):
            if d is None:
                assert row == (None, None, None, None, None)
                continue
            added = None if n is None else WEEKENDS.add_workdays(d, n)
            between = WEEKENDS.workdays_between(start, d)
            assert row[0] == added
            assert row[1] == (None if n is None else is_provisional(added))
            assert row[2] == between
            assert row[3] == is_provisional(between)
            assert row[4] == (d.year > 2026)


# -- calendar functions ---------------------------------------------------------------------------


@settings(max_examples=80)
@given(st.lists(st.tuples(st.none() | covered_dates(), st.none() | st.integers(-60, 60),
                          st.none() | covered_dates()), min_size=1, max_size=40))  # fmt: skip
def test_calendar_functions_equal_work_calendar(con: Any, rows: list[Any]) -> None:
    """gd_add_workdays, gd_workdays_between, gd_is_workday, gd_day_kind: the WorkCalendar
    methods, nulls propagated."""
    table = pa.table({"i": range(len(rows)), "d": pa.array([r[0] for r in rows], pa.date32()),
                      "n": pa.array([r[1] for r in rows], pa.int64()),
                      "e": pa.array([r[2] for r in rows], pa.date32())})  # fmt: skip
    wants = []
    for d, n, e in rows:
        try:
            add = None if d is None or n is None else CAL.add_workdays(d, n)
        except CalendarDataMissing:
            return  # a step past 2026 or before 2004: covered by the refusal tests
        wants.append((
            add, None if d is None or e is None else CAL.workdays_between(d, e),
            None if d is None else CAL.is_workday(d), None if d is None else CAL.day(d).kind,
        ))  # fmt: skip
    con.register("drawn", table)
    try:
        got = con.sql("SELECT gd_add_workdays(d, n), gd_workdays_between(d, e), gd_is_workday(d), "
                      "gd_day_kind(d) FROM drawn ORDER BY i").fetchall()  # fmt: skip
    finally:
        con.unregister("drawn")
    assert got == wants


@pytest.mark.parametrize("period", ["30d", "3m", "1y", "20wd", "15d"])
def test_add_period_equals_due_of_the_period(con: Any, period: str) -> None:
    """gd_add_period(d, p) is due(p, d).due: month ends (Art. 202) and rollover (Art. 203)."""
    days = [dt.date(2024, 1, 31), dt.date(2023, 12, 31), dt.date(2024, 2, 29), None,
            dt.date(2024, 9, 13), dt.date(2019, 5, 14), dt.date(2025, 1, 28)]  # fmt: skip
    con.register("drawn", pa.table({"i": range(len(days)), "d": pa.array(days, pa.date32())}))
    try:
        got = [r[0] for r in con.execute(
            "SELECT gd_add_period(d, ?) FROM drawn ORDER BY i", [period]).fetchall()]  # fmt: skip
    finally:
        con.unregister("drawn")
    assert got == [None if d is None else due(Period.parse(period), d).due for d in days]


def test_gd_calendar_is_the_exported_table(con: Any) -> None:
    """gd_calendar holds every day of the coverage as calendar.table exports it."""
    rows = con.sql("SELECT * FROM gd_calendar ORDER BY date").fetchall()
    want = date_table(CAL).rows
    assert len(rows) == len(want) == 8401
    assert rows == [(r.date, r.kind, r.name, r.workday, r.workday_seq, r.source, r.provisional)
                    for r in want]  # fmt: skip


def test_pure_sql_join_peer_equals_gd_add_workdays(con: Any) -> None:
    """The N-th working day after d is the working day whose workday_seq is seq(d) + N: the
    plain-SQL peer of the benchmark answers as gd_add_workdays does."""
    got = con.execute("""
        WITH t AS (SELECT d::DATE AS d FROM range(DATE '2019-01-01', DATE '2025-12-01',
                                                   INTERVAL 3 DAY) r(d))
        SELECT count(*) FILTER (WHERE c2.date <> gd_add_workdays(t.d, 20)), count(*)
        FROM t JOIN gd_calendar c1 ON c1.date = t.d
               JOIN gd_calendar c2 ON c2.workday AND c2.workday_seq = c1.workday_seq + 20
    """).fetchall()[0]  # fmt: skip
    assert got[0] == 0 and got[1] > 800


def test_fingerprint_and_rules(con: Any) -> None:
    """gd_fingerprint() is the calendar's; gd_rules lists every version with its citation."""
    assert con.execute("SELECT gd_fingerprint()").fetchall()[0] == (CAL.fingerprint,)
    rows = con.sql("SELECT period, effective_from FROM gd_rules WHERE id = 'ogi.request.reply' "
                   "ORDER BY effective_from").fetchall()  # fmt: skip
    assert rows == [("15wd", dt.date(2008, 5, 1)), ("20wd", dt.date(2019, 5, 15))]


def test_register_again_replaces_the_calendar() -> None:
    """A second register() on one connection swaps the calendar (here: 2027 loaded)."""
    c = duckdb.connect()
    register(c)
    year_2027 = {
        "year": 2027,
        "papers": [],
        "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": True}],
    }  # illustrative only
    register(c, calendar=CAL.with_years(year_2027))
    # 2026-12-31 (Thu) + 1: 2027-01-01 is off, so Monday 2027-01-04.
    assert c.execute("SELECT gd_add_workdays(DATE '2026-12-31', 1)").fetchall()[0] == (
        dt.date(2027, 1, 4),
    )
    c.close()


def test_english_error_column() -> None:
    """lang='en' words the error column in English."""
    c = duckdb.connect()
    register(c, lang="en")
    (text,) = c.execute(
        "SELECT gd_error('ogi.request.reply', DATE '2024-02-08', DATE '2024-01-01', NULL)"
    ).fetchall()[0]
    want = check("ogi.request.reply", dt.date(2024, 2, 8), dt.date(2024, 1, 1))
    assert want.reason is not None and text == want.reason.text("en")
    c.close()


def test_rule_column_of_equal_length_ids(con: Any) -> None:
    """Two rule ids of one length alternating in a column are told apart (not taken for one
    repeated literal)."""
    rules = ["license.decision", "penalty.decision"] * 1500  # 16 characters each
    day = dt.date(2024, 2, 8)
    con.register("drawn", pa.table({"i": range(3000), "r": rules}))
    try:
        got = con.execute("SELECT gd_due(r, DATE '2024-02-08') FROM drawn ORDER BY i").fetchall()
    finally:
        con.unregister("drawn")
    want = {r: check(r, day).due for r in set(rules)}
    assert [g[0] for g in got] == [want[r] for r in rules]
    assert len(set(want.values())) == 2
