"""Benchmark gov_deadlines.dask on a local cluster: 2 worker processes, one thread each.

Run from the project root after ``python -m pip install -e ".[test]"``::

    python benchmarks/bench_dask.py            # 10,000,000 rows in 40 partitions
    python benchmarks/bench_dask.py --quick    # 1,000,000 rows in 8 partitions

The register is made where it is used: each partition is generated from its number by a pure
function (ids ``k * size ..``, a received day 2009-2025, an answer 0-60 days later or none),
on the workers for the cluster runs and in this process for the one-process baseline, so no
run pays for shipping 10 million rows from here. Each partition is reduced to one summary row
(rows, whether its ids are exactly its own range in order, status counts, the sum of due days)
and only the summaries come back. Timed, each the median of ``--runs``:

(a) floor: generating and summarising the partitions on the cluster, no verdicts;
(b) ``gov_deadlines.dask.check`` on the cluster, then the same summary; (a) and (b) run twice,
    on a cluster as distributed starts it and on one whose workers do not get the Nanny's
    ``MALLOC_TRIM_THRESHOLD_=65536`` (which makes glibc map and unmap every large temporary
    array: check_columns ran ~1.8x slower with it in one process too);
(c) one process: every partition generated, given to ``check_partition`` (check_columns) and
    summarised here in turn -- the baseline the cluster is compared with, measured before and
    after the clusters (a shared machine's load drifts) and averaged.

Checks (exit 1 when one fails): every partition has its rows, in order (no row lost, none
reordered), and the cluster's status counts and due-date sum equal the one-process run's.
Prints absolute times, rows per second and the ratios. The cluster listens on 127.0.0.1 only,
without a dashboard, and is closed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from typing import Any

import dask
import dask.dataframe as dd
import distributed
import numpy as np
import pandas as pd

from gov_deadlines.dask import check, check_partition

SEED = 20240208
RULE = "ogi.request.reply"
AS_OF = dt.date(2025, 12, 31)
STATUSES = ("on_time", "late", "pending", "overdue", "invalid", "too_short")


def make_partition(k: int, size: int) -> pd.DataFrame:
    """Partition ``k``: the same rows wherever and whenever it is made."""
    rng = np.random.default_rng([SEED, k])
    lo, hi = np.datetime64("2009-01-01").astype(int), np.datetime64("2025-10-01").astype(int)
    t = rng.integers(lo, hi, size)
    done = (t + rng.integers(0, 61, size)).astype("datetime64[D]").astype("datetime64[s]")
    done[rng.random(size) < 0.1] = np.datetime64("NaT")
    return pd.DataFrame({
        "id": np.arange(k * size, (k + 1) * size, dtype=np.int64),
        "收到日期": t.astype("datetime64[D]").astype("datetime64[s]"),
        "答复日期": done,
    })  # fmt: skip


def summary(df: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """One row for a partition: its size, whether ids run k*size.. in order, the verdicts'."""
    ids = df["id"].to_numpy()
    run = np.arange(ids[0], ids[0] + ids.size) if ids.size else ids
    ordered = bool(ids.size == 0 or (ids[0] % ids.size == 0 and np.array_equal(ids, run)))
    row: dict[str, Any] = {"first": int(ids[0]) if ids.size else -1, "rows": len(df),
                           "ordered": ordered}  # fmt: skip
    if "status" in df:
        counts = df["status"].value_counts()
        for s in STATUSES:
            row[s] = int(counts.get(s, 0))
        due = df["due"].dropna().to_numpy().astype("datetime64[D]").astype(np.int64)
        row["due_sum"] = int(due.sum())
    return pd.DataFrame([row])


def summary_meta(with_verdicts: bool) -> pd.DataFrame:
    cols: dict[str, Any] = {"first": [0], "rows": [0], "ordered": [True]}
    if with_verdicts:
        cols |= {s: [0] for s in STATUSES} | {"due_sum": [0]}
    return pd.DataFrame(cols).iloc[:0]


def timed(fn: Any, runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=None, help="rows (default 10,000,000)")
    ap.add_argument("--partitions", type=int, default=None, help="default 40 (quick: 8)")
    ap.add_argument("--quick", action="store_true", help="1,000,000 rows")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = ap.parse_args()
    rows = args.rows or (1_000_000 if args.quick else 10_000_000)
    parts = args.partitions or (8 if args.quick else 40)
    size = rows // parts
    rows = size * parts
    print(f"gov_deadlines.dask benchmark: {rows:,} rows in {parts} partitions of {size:,}, "
          f"{args.runs} runs (median)")  # fmt: skip
    print(f"python {platform.python_version()}, dask {dask.__version__}, distributed "
          f"{distributed.__version__}, pandas {pd.__version__}, {os.cpu_count()} CPUs")  # fmt: skip

    def one_process() -> pd.DataFrame:
        out = []
        for k in range(parts):
            df = make_partition(k, size)
            out.append(summary(check_partition(df, rule=RULE, trigger="收到日期", done="答复日期",
                                               as_of=AS_OF)))  # fmt: skip
        return pd.concat(out, ignore_index=True)

    base_s, base = timed(one_process, args.runs)
    print(f"  one process (check_partition)   {base_s:8.2f} s  {rows / base_s / 1e6:6.2f} M rows/s")

    def on_cluster(trim: bool) -> tuple[float, float, pd.DataFrame]:
        """(floor, check) medians and the summaries, on a fresh 2-worker cluster; ``trim``
        False removes the Nanny's MALLOC_TRIM_THRESHOLD_=65536 from the workers' environment."""
        env = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
        if not trim:
            env.pop("MALLOC_TRIM_THRESHOLD_", None)
        with dask.config.set({"distributed.nanny.pre-spawn-environ": env}):
            cluster = distributed.LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                dashboard_address=None, worker_dashboard_address=None, silence_logs=40,
            )  # fmt: skip
        try:
            client = distributed.Client(cluster, timeout=60)
            client.wait_for_workers(2, timeout=60)
            ddf = dd.from_map(make_partition, range(parts), size=size,
                              meta=make_partition(0, 0), enforce_metadata=False)  # fmt: skip

            def floor() -> pd.DataFrame:
                s = ddf.map_partitions(summary, meta=summary_meta(False))
                return client.compute(s).result(timeout=600)

            def verdicts() -> pd.DataFrame:
                out = check(ddf, rule=RULE, trigger="收到日期", done="答复日期", as_of=AS_OF)
                s = out.map_partitions(summary, meta=summary_meta(True))
                return client.compute(s).result(timeout=600)

            floor()  # workers warm: imports, the calendar, the first partition
            verdicts()
            floor_s, _ = timed(floor, args.runs)
            dask_s, got = timed(verdicts, args.runs)
            client.close(timeout=30)
        finally:
            cluster.close(timeout=30)
        return floor_s, dask_s, got

    ok = True
    runs = {}
    for trim in (True, False):
        label = "default Nanny env" if trim else "MALLOC_TRIM_THRESHOLD_ unset"
        floor_s, dask_s, got = on_cluster(trim)
        runs[label] = (floor_s, dask_s, got)
        print(f"  cluster floor ({label}) {floor_s:6.2f} s  {rows / floor_s / 1e6:6.2f} M rows/s")
        print(f"  cluster check ({label}) {dask_s:6.2f} s  {rows / dask_s / 1e6:6.2f} M rows/s")

    # The machine's load drifts: the baseline again after the clusters, and the two averaged.
    after_s, _ = timed(one_process, args.runs)
    print(
        f"  one process again, after them   {after_s:8.2f} s  {rows / after_s / 1e6:6.2f} M rows/s"
    )
    base_s = (base_s + after_s) / 2

    print("\nratios (same run; one process: the mean of before and after):")
    for label, (floor_s, dask_s, _) in runs.items():
        speed = f"(speed-up {base_s / dask_s:.2f}x)"
        print(f"  {label:<29} cluster / one process {dask_s / base_s:5.2f}x {speed}, "
              f"/ its floor {dask_s / floor_s:5.2f}x")  # fmt: skip

    print("\nchecks:")
    firsts = [k * size for k in range(parts)]
    for label, (_, _, got) in runs.items():
        got = got.sort_values("first").reset_index(drop=True)
        whole = (got["first"].tolist() == firsts and got["rows"].tolist() == [size] * parts
                 and bool(got["ordered"].all()))  # fmt: skip
        same = got.drop(columns="ordered").equals(base.drop(columns="ordered"))
        print(f"  {label}: every partition complete and in order ({rows:,} rows, none lost "
              f"or moved): {whole}; counts and due sums equal one process's: {same}")  # fmt: skip
        ok &= whole and same
    totals = {s: int(base[s].sum()) for s in STATUSES if base[s].sum()}
    print(f"  statuses: {totals}")
    best = min(dask_s for _, dask_s, _ in runs.values())
    print(
        f"\n{'PASS' if ok else 'FAIL'}: no row lost or reordered; best throughput "
        f"{rows / best / 1e6:.2f} M rows/s on 2 workers"
    )
    print(f"  ({base_s / best:.2f}x one process's)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
