"""gov_deadlines.dask on a real dask.distributed LocalCluster: two worker processes on loopback.

Every row's verdict equals :func:`gov_deadlines.check` on the same row; partitions of uneven
sizes, an empty one among them, come back with every row in its place; the calendar reaches each
worker once, however many partitions there are. The cluster listens on 127.0.0.1 only, has no
dashboard, and every computation is bounded by a timeout; it is closed at the end of the module.
"""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from typing import Any

import numpy as np
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask  # noqa: E402 -- after the skips

from gov_deadlines import (  # noqa: E402
    CalendarDataMissing,
    GovDeadlinesError,
    InvalidArgument,
    ProvisionalDataWarning,
    WorkCalendar,
    check,
)
from gov_deadlines.dask import FIELDS, check_partition  # noqa: E402
from gov_deadlines.dask import check as dask_check  # noqa: E402

TIMEOUT = 120  # seconds for any one computation: the suite never hangs on a lost worker
CAL = WorkCalendar.default()
WEEKENDS = WorkCalendar.default(unknown_years="weekends")
RULE = "ogi.request.reply"


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
        dashboard_address=None, worker_dashboard_address=None, silence_logs=40,
    )  # fmt: skip
    c = distributed.Client(cluster, timeout=60)
    c.wait_for_workers(2, timeout=60)
    yield c
    c.close(timeout=30)
    cluster.close(timeout=30)


def frame(seed: int, n: int, *, past: bool = False) -> Any:
    """A register: triggers over 2008-2026 (some past 2026 with ``past``), done and as_of near
    them or missing, an extension column mostly empty."""
    rng = np.random.default_rng(seed)
    lo, hi = np.datetime64("2008-01-01").astype(int), np.datetime64("2026-10-01").astype(int)
    t = rng.integers(lo, hi, n)
    if past:
        t[rng.random(n) < 0.3] = np.datetime64("2026-11-01").astype(int) + rng.integers(0, 120)
    done = t + rng.integers(-3, 80, n)
    as_of = t + rng.integers(-3, 60, n)
    ext = rng.integers(0, 25, n)

    def days(v: np.ndarray, null_share: float) -> Any:
        out = v.astype("datetime64[D]").astype("datetime64[s]")
        out[rng.random(n) < null_share] = np.datetime64("NaT")
        return out

    return pd.DataFrame({
        "编号": [f"R{i:06d}" for i in range(n)],
        "收到日期": days(t, 0.03), "答复日期": days(done, 0.3), "as_of": days(as_of, 0.4),
        "延期": pd.array(np.where(rng.random(n) < 0.8, None, ext), dtype="Int64"),
    }, index=pd.RangeIndex(1000, 1000 + n))  # fmt: skip


def _day(x: Any) -> dt.date | None:
    return None if pd.isna(x) else pd.Timestamp(x).date()


def expected(df: Any, cal: WorkCalendar = CAL, as_of: Any = "as_of") -> list[tuple[Any, ...]]:
    """check() row by row, as the appended columns (error: the zh words check_columns uses)."""
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for row in df.itertuples(index=False):
            t, d = _day(row.收到日期), _day(row.答复日期)
            a = _day(row.as_of) if as_of == "as_of" else as_of
            e = None if pd.isna(row.延期) else int(row.延期)
            if t is None:
                out.append((None,) * 7)
                continue
            try:
                v = check(RULE, t, d, a, extension=e, calendar=cal)
            except GovDeadlinesError as exc:
                assert not isinstance(exc, CalendarDataMissing)
                out.append((None, None, None, None, None, False, exc.message("zh")))
                continue
            reason = v.reason.text("zh") if v.reason is not None else None
            out.append((v.due, v.status, v.workdays_late, v.days_late, v.workdays_left,
                        v.provisional, reason))  # fmt: skip
    return out


def answers(out: Any, names: dict[str, str] | None = None) -> list[tuple[Any, ...]]:
    names = names or {f: f for f in FIELDS}
    rows = []
    for rec in out[[names[f] for f in FIELDS]].itertuples(index=False):
        vals = [None if pd.isna(x) else x for x in rec]
        vals[0] = None if vals[0] is None else pd.Timestamp(vals[0]).date()
        vals[2:5] = [None if x is None else int(x) for x in vals[2:5]]
        vals[5] = None if vals[5] is None else bool(vals[5])
        rows.append(tuple(vals))
    return rows


def uneven(df: Any, cuts: list[int]) -> Any:
    """A Dask frame whose partitions are df[cuts[k]:cuts[k+1]] (equal cuts: an empty one)."""
    parts = [dask.delayed(df.iloc[a:b]) for a, b in itertools.pairwise(cuts)]
    return dd.from_delayed(parts, meta=df.iloc[:0], verify_meta=False)


def test_verdicts_equal_check_rows_kept_in_order(client: Any) -> None:
    """Uneven partitions (1 row, empty, 1,499, 1, 2,499 rows): every row back in its place with
    check()'s verdict; the frame's own columns untouched."""
    df = frame(1, 4000)
    ddf = uneven(df, [0, 1, 1, 1500, 1501, 4000])
    assert ddf.npartitions == 5
    out = client.compute(
        dask_check(
            ddf, rule=RULE, trigger="收到日期", done="答复日期", as_of="as_of", extension="延期"
        )
    ).result(timeout=TIMEOUT)
    assert len(out) == len(df)
    assert out.index.equals(df.index)
    pd.testing.assert_frame_equal(out[df.columns], df)
    assert answers(out) == expected(df)
    assert {c: str(out[c].dtype) for c in FIELDS} == FIELDS


def test_calendar_reaches_each_worker_once(client: Any) -> None:
    """24 partitions, two workers: the calendar is unpickled at most once per worker."""
    df = frame(2, 2400)
    cal = CAL.with_years({"year": 2027, "papers": [], "days": []})  # a fingerprint of its own
    before = client.run(lambda: dict(__import__("gov_deadlines._dask").__dict__["_dask"].ARRIVALS))
    out = client.compute(
        dask_check(
            dd.from_pandas(df, npartitions=24),
            rule=RULE,
            trigger="收到日期",
            done="答复日期",
            as_of=dt.date(2026, 12, 31),
            calendar=cal,
        )
    ).result(timeout=TIMEOUT)
    after = client.run(lambda: dict(__import__("gov_deadlines._dask").__dict__["_dask"].ARRIVALS))
    fp = cal.fingerprint
    arrivals = {w: after[w].get(fp, 0) - before[w].get(fp, 0) for w in after}
    assert all(n <= 1 for n in arrivals.values()), arrivals
    assert sum(arrivals.values()) >= 1
    tasks = client.run(lambda dask_worker: len(dask_worker.state.log) > 0)
    assert all(tasks.values())  # both workers took part
    assert len(out) == len(df)


def test_the_drivers_calendar_is_used(client: Any) -> None:
    """Rows in 2027 are answered on the workers from the calendar given to check() (a 2027
    year file the workers' own default calendar lacks), as check() answers them there."""
    year = {
        "year": 2027,
        "papers": [],
        "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": True}],
    }  # illustrative only
    cal = CAL.with_years(year)
    df = frame(3, 300)
    df["收到日期"] = pd.Timestamp("2026-12-31") + pd.to_timedelta(np.arange(300) % 40, unit="D")
    df["答复日期"] = pd.NaT
    out = client.compute(
        dask_check(
            dd.from_pandas(df, npartitions=3),
            rule=RULE,
            trigger="收到日期",
            as_of=dt.date(2027, 3, 1),
            extension="延期",
            calendar=cal,
        )
    ).result(timeout=TIMEOUT)
    df["答复日期"] = pd.NaT
    assert answers(out) == expected(df, cal, as_of=dt.date(2027, 3, 1))


def test_years_without_data_fail_the_computation(client: Any) -> None:
    """A row needing 2027 with the default calendar raises the columns' error on the driver."""
    df = frame(4, 200)
    df.loc[df.index[7], "收到日期"] = pd.Timestamp("2026-12-25")
    fut = client.compute(
        dask_check(dd.from_pandas(df, npartitions=2), rule=RULE, trigger="收到日期")
    )
    with pytest.raises(CalendarDataMissing, match="2027"):
        fut.result(timeout=TIMEOUT)


def test_weekends_calendar_marks_provisional_rows(client: Any) -> None:
    """unknown_years='weekends': rows past 2026 answered and marked as check() marks them."""
    df = frame(5, 1200, past=True)
    out = client.compute(
        dask_check(
            dd.from_pandas(df, npartitions=4),
            rule=RULE,
            trigger="收到日期",
            done="答复日期",
            as_of="as_of",
            extension="延期",
            calendar=WEEKENDS,
        )
    ).result(timeout=TIMEOUT)
    want = expected(df, WEEKENDS)
    assert any(w[5] for w in want)
    assert answers(out) == want


def test_output_names_are_configurable() -> None:
    """names= renames the appended columns; a name already in the frame is refused (no compute:
    the threaded scheduler is enough)."""
    df = frame(6, 50)
    names = {"due": "到期日", "status": "结论"}
    out = dask_check(dd.from_pandas(df, npartitions=2), rule=RULE, trigger="收到日期",
                     done="答复日期", names=names)  # fmt: skip
    full = {f: names.get(f, f) for f in FIELDS}
    assert list(out.columns) == [*df.columns, *full.values()]
    assert list(out._meta.dtypes.astype(str))[-7:] == list(FIELDS.values())
    with dask.config.set(scheduler="synchronous"):
        got = out.compute()
    no_ext = pd.array([None] * len(df), dtype="Int64")
    assert answers(got, full) == expected(df.assign(as_of=pd.NaT, 延期=no_ext))
    with pytest.raises(InvalidArgument, match="already in the frame"):
        dask_check(dd.from_pandas(df, npartitions=2), rule=RULE, trigger="收到日期",
                   names={"due": "答复日期"})  # fmt: skip
    with pytest.raises(InvalidArgument, match="not in the frame"):
        dask_check(dd.from_pandas(df, npartitions=2), rule=RULE, trigger="收到")


def test_check_partition_on_an_empty_frame() -> None:
    """An empty partition gets the declared columns and dtypes."""
    out = check_partition(frame(7, 3).iloc[:0], rule=RULE, trigger="收到日期", done="答复日期")
    assert len(out) == 0
    assert {c: str(out[c].dtype) for c in FIELDS} == FIELDS


def test_check_partition_reads_python_dates() -> None:
    """Columns of datetime.date objects (Spark's DateType in pandas) give check()'s answers."""
    days = [dt.date(2024, 2, 8), None, dt.date(2019, 5, 14)]
    done = [dt.date(2024, 3, 14), None, None]
    df = pd.DataFrame({"t": pd.Series(days, dtype=object), "d": pd.Series(done, dtype=object)})
    out = check_partition(df, rule=RULE, trigger="t", done="d", as_of=dt.date(2019, 6, 30))
    got = [None if pd.isna(x) else pd.Timestamp(x).date() for x in out["due"]]
    assert got == [dt.date(2024, 3, 13), None, dt.date(2019, 6, 4)]
    assert out["status"].tolist()[0::2] == ["late", "overdue"]  # 2019-06-04 < 06-30
