"""Benchmark gov_deadlines.duckdb as an auditor uses it: SQL over a large Parquet register.

Run from the project root after ``python -m pip install -e ".[test]"``::

    python benchmarks/bench_duckdb.py            # 10,000,000 rows (a few minutes with set-up)
    python benchmarks/bench_duckdb.py --quick    # 1,000,000 rows

A register is generated into a temporary directory as Parquet (pyarrow, row groups of 122,880
rows): a case id, the day a request was received (2005-2025, every day of the year), the day
it was answered (0-60 days later, 10% not yet answered) and a per-row rule column (95%
``ogi.request.reply``, 5% ``license.decision``). It is deleted at the end. Each query runs
``--runs`` times on one DuckDB connection (its default threads) and the median is reported:

(a) floor: ``count(*)``, ``max`` of the same columns without our functions (DuckDB reading and
    scanning them);
(b) ``gd_due`` + ``gd_status`` of every row (the issue's target: <= 10 s for 10,000,000 rows)
    -- and each alone, and ``gd_check`` (all seven fields) with a per-row rule column;
(b') ``gd_due`` + ``gd_status`` again with ``SET threads = 1`` (Python functions hold the GIL);
(c) ``gd_add_workdays(d, 20)`` against its pure-SQL peer: two joins to ``gd_calendar`` by
    ``workday_seq`` (exact for n > 0), and the same gd_ function on the same rows.

Every result is aggregated (max, counts) so that the time is the functions', not the fetch of
10 million rows into Python; the aggregates of (c) are checked equal, and (b)'s counts against
a sample of 20,000 rows computed by ``gov_deadlines.check``. Prints absolute times, rows per
second and ratios to the floor, then PASS/FAIL per target; exits 1 when a check or target fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from gov_deadlines import ProvisionalDataWarning, check
from gov_deadlines.duckdb import register

SEED = 20240208
TARGET_DUE_STATUS_S = 10.0  # gd_due + gd_status over 10,000,000 rows
AS_OF = "DATE '2025-12-31'"


def make_register(path: Path, rows: int) -> None:
    """The register, written in slices so that memory stays small."""
    rng = np.random.default_rng(SEED)
    lo, hi = np.datetime64("2005-01-01").astype(int), np.datetime64("2025-10-01").astype(int)
    writer = None
    step = 1_000_000
    for start in range(0, rows, step):
        n = min(step, rows - start)
        t = rng.integers(lo, hi, n)
        done = t + rng.integers(0, 61, n)
        rule = np.where(rng.random(n) < 0.95, "ogi.request.reply", "license.decision")
        table = pa.table({
            "id": pa.array(np.arange(start, start + n, dtype=np.int64)),
            "rule": pa.array(rule, pa.string()),
            "收到日期": pa.array(t.astype(np.int32)).view(pa.date32()),
            "答复日期": pa.array(done.astype(np.int32), mask=rng.random(n) < 0.1).view(pa.date32()),
        })  # fmt: skip
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=122_880)
    assert writer is not None
    writer.close()


def timed(con: Any, sql: str, runs: int) -> tuple[float, list[Any]]:
    times, result = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = con.execute(sql).fetchall()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def sample_counts(path: Path) -> dict[str, int]:
    """Status counts of the first 20,000 rows by check(), one row at a time."""
    table = pq.read_table(path).slice(0, 20_000).to_pylist()
    counts: dict[str, int] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for row in table:
            v = check(row["rule"], row["收到日期"], row["答复日期"], dt.date(2025, 12, 31))
            counts[v.status] = counts.get(v.status, 0) + 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=None, help="rows (default 10,000,000)")
    ap.add_argument("--quick", action="store_true", help="1,000,000 rows")
    ap.add_argument("--runs", type=int, default=3, help="runs per query (median reported)")
    args = ap.parse_args()
    rows = args.rows or (1_000_000 if args.quick else 10_000_000)
    print(f"gov_deadlines.duckdb benchmark: {rows:,} rows, {args.runs} runs per query (median)")
    print(f"python {platform.python_version()}, duckdb {duckdb.__version__}, pyarrow "
          f"{pa.__version__}, numpy {np.__version__}, {os.cpu_count()} CPUs")  # fmt: skip
    tmp = Path(tempfile.mkdtemp(prefix="bench_duckdb_"))
    ok = True
    try:
        path = tmp / "requests.parquet"
        t0 = time.perf_counter()
        make_register(path, rows)
        print(f"register written in {time.perf_counter() - t0:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB Parquet)")  # fmt: skip
        con = duckdb.connect()
        t0 = time.perf_counter()
        register(con)
        con.execute("SELECT gd_due('ogi.request.reply', DATE '2024-01-02'), "
                    "gd_due('license.decision', DATE '2024-01-02')").fetchall()  # fmt: skip
        print(f"register(con) + first use of both rules: {time.perf_counter() - t0:.2f} s "
              "(per connection, not per query)")  # fmt: skip
        src = f"read_parquet('{path}')"
        rule = "'ogi.request.reply'"
        queries = {
            "floor": f"SELECT count(*), max(收到日期), max(答复日期), count(答复日期) FROM {src}",
            "gd_due": f"SELECT max(gd_due({rule}, 收到日期)) FROM {src}",
            "gd_status": f"SELECT count(*) FILTER (WHERE gd_status({rule}, 收到日期, 答复日期, "
            f"{AS_OF}) = 'late') FROM {src}",
            "gd_due+gd_status": f"SELECT max(gd_due({rule}, 收到日期)), count(*) FILTER (WHERE "
            f"gd_status({rule}, 收到日期, 答复日期, {AS_OF}) = 'late') FROM {src}",
            "gd_check (rule column)": f"SELECT v.status, count(*), max(v.due), sum(v.workdays_late)"
            f" FROM (SELECT gd_check(rule, 收到日期, 答复日期, {AS_OF}) AS v FROM {src}) "
            "GROUP BY ALL ORDER BY 1",
            "gd_add_workdays(d, 20)": "SELECT max(x), count(DISTINCT x) FROM (SELECT "
            f"gd_add_workdays(收到日期, 20) AS x FROM {src})",
            "SQL join on gd_calendar": f"SELECT max(c2.date), count(DISTINCT c2.date) FROM {src} t "
            "JOIN gd_calendar c1 ON c1.date = t.收到日期 JOIN gd_calendar c2 "
            "ON c2.workday AND c2.workday_seq = c1.workday_seq + 20",
        }
        results: dict[str, tuple[float, list[Any]]] = {}
        for name, sql in queries.items():
            results[name] = timed(con, sql, args.runs)
            secs = results[name][0]
            print(f"  {name:<26} {secs:8.2f} s  {rows / secs / 1e6:8.2f} M rows/s", flush=True)
        # The UDFs hold the GIL: DuckDB's threads take turns. The same query on one thread:
        threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
        con.execute("SET threads = 1")
        name = "gd_due+gd_status, 1 thread"
        results[name] = timed(con, queries["gd_due+gd_status"], args.runs)
        secs = results[name][0]
        print(f"  {name:<26} {secs:8.2f} s  {rows / secs / 1e6:8.2f} M rows/s "
              f"(default: {threads} threads)", flush=True)  # fmt: skip
        con.execute(f"SET threads = {threads}")
        floor = results["floor"][0]
        print("\nratios (same run):")
        for name, (secs, _) in results.items():
            print(f"  {name:<26} {secs / floor:8.1f}x the floor")
        peer = results["SQL join on gd_calendar"][0]
        ours = results["gd_add_workdays(d, 20)"][0]
        print(f"  gd_add_workdays / SQL join: {ours / peer:.2f}x")

        print("\nchecks:")
        same = results["gd_add_workdays(d, 20)"][1] == results["SQL join on gd_calendar"][1]
        print(f"  gd_add_workdays aggregates equal the SQL join's: {same}")
        ok &= same
        head = con.execute(
            f"SELECT s, count(*) FROM (SELECT gd_status(rule, 收到日期, 答复日期, {AS_OF}) AS s "
            f"FROM {src} WHERE id < 20000) GROUP BY s"
        ).fetchall()  # fmt: skip
        want = sample_counts(path)
        agree = dict(head) == want
        print(f"  status counts of the first 20,000 rows equal check(): {agree} {want}")
        ok &= agree

        print("\ntargets:")
        both = min(results["gd_due+gd_status"][0], results["gd_due+gd_status, 1 thread"][0])
        scaled = both * 10_000_000 / rows
        verdict = scaled <= TARGET_DUE_STATUS_S
        ok &= verdict
        note = "" if rows == 10_000_000 else f" (scaled to 10,000,000 rows from {rows:,})"
        print(f"  {'PASS' if verdict else 'FAIL'} gd_due + gd_status: {scaled:.2f} s <= "
              f"{TARGET_DUE_STATUS_S:.0f} s{note}")  # fmt: skip
        print("    (the faster of the default threads and one thread)")
        con.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
