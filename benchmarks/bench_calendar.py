"""Benchmark gov_deadlines' working-day arithmetic against chinese-calendar, workalendar and numpy.

Run from the project root after ``python -m pip install -e ".[test]"``::

    python benchmarks/bench_calendar.py            # about a minute
    python benchmarks/bench_calendar.py --quick    # smaller samples, a smoke run

Everything runs in this one process, except the start-up measurements, which need fresh
interpreters. Every peer gets the same pre-generated random dates (uniform in 2004-01-01 ..
2026-11-30, fixed seed), or the part of that list inside the years the peer supports. Before
anything is timed, our answers are checked against chinese-calendar's, so no wrong answer is timed.

Timings use ``time.perf_counter_ns`` with the garbage collector off, repeat each loop and print the
best run and the median run, as ns per call. Loop and call overhead (~20-30 ns) is in every figure,
ours and the peers' alike. Machines are noisy: trust the ratios more than the absolute numbers.
The script exits with status 1 if a correctness check or a target fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

SEED = 20240208
FIRST, LAST = dt.date(2004, 1, 1), dt.date(2026, 11, 30)
# workalendar.asia.China ships data for 2018-2023 only (it raises CalendarError for other years).
WK_FIRST, WK_LAST = dt.date(2018, 1, 1), dt.date(2023, 12, 31)
WK_ADD_LAST = dt.date(2023, 11, 30)  # so that d + 20 working days stays inside 2023

TARGET_RATIO = 1000  # x faster than chinese_calendar.find_workday(20, d)
TARGET_ADD_NS = 1000  # ns per add_workdays(d, 20) call
TARGET_BUILD_MS = 20.0  # index build, chinese_calendar already imported
TARGET_IMPORT_MS = 60.0  # wall time of `python -c "import gov_deadlines"`

Run = Callable[[], object]


# -- measuring ---------------------------------------------------------------------------------


class Timing:
    """ns per call of every repetition of one loop over ``calls`` inputs."""

    def __init__(self, label: str, calls: int, runs_ns: Sequence[int]) -> None:
        self.label = label
        self.calls = calls
        self.per_call = sorted(t / calls for t in runs_ns)

    @property
    def best(self) -> float:
        return self.per_call[0]

    @property
    def median(self) -> float:
        return statistics.median(self.per_call)


def measure(label: str, run: Run, calls: int, repeat: int) -> Timing:
    """Time ``run()`` (one loop over ``calls`` inputs) ``repeat`` times, gc off."""
    runs: list[int] = []
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter_ns()
            run()
            runs.append(time.perf_counter_ns() - t0)
    finally:
        if gc_was_on:
            gc.enable()
    return Timing(label, calls, runs)


def fmt_ns(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:9.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:9.1f} µs"
    return f"{ns:9.1f} ns"


def makeup_in(mk: Any, a: Any, b: Any) -> Any:
    """Per element: are there make-up workdays in (min(a, b), max(a, b)]? (numpy arrays)"""
    import numpy as np

    x, y = np.minimum(a, b), np.maximum(a, b)
    return np.searchsorted(mk, y, "right") > np.searchsorted(mk, x, "right")


def row(t: Timing, ours: Timing | None = None) -> None:
    ratio = f"{t.best / ours.best:10,.1f}x" if ours is not None and t is not ours else ""
    print(f"  {t.label:<48}{t.calls:>8,} {fmt_ns(t.best)} {fmt_ns(t.median)} {ratio}")


def columns() -> None:
    print(f"  {'':<48}{'calls':>8} {'best':>12} {'median':>12} {'vs ours':>11}")


def heading(text: str) -> None:
    print()
    print(text)
    print("-" * len(text))


# -- loops (one per call shape, so the loop body is the same for ours and the peer) -------------


def loop_add(f: Callable[[dt.date, int], object], dates: Sequence[dt.date], n: int) -> Run:
    def run() -> None:
        for d in dates:
            f(d, n)

    return run


def loop_find(f: Callable[[int, dt.date], object], dates: Sequence[dt.date], n: int) -> Run:
    def run() -> None:
        for d in dates:
            f(n, d)

    return run


def loop_pairs(
    f: Callable[[dt.date, dt.date], object], pairs: Sequence[tuple[dt.date, dt.date]]
) -> Run:
    def run() -> None:
        for a, b in pairs:
            f(a, b)

    return run


# -- independent reference from chinese-calendar's own tables ------------------------------------


def brute_between(a: dt.date, b: dt.date, off: set[dt.date], on: set[dt.date]) -> int:
    """Working days in (a, b] by walking day by day over chinese-calendar's raw tables."""
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    count = 0
    d = a + dt.timedelta(1)
    while d <= b:
        if d in on or (d.weekday() < 5 and d not in off):
            count += 1
        d += dt.timedelta(1)
    return sign * count


def brute_add(d: dt.date, n: int, off: set[dt.date], on: set[dt.date]) -> dt.date:
    """The n-th working day strictly after d (n > 0), walking chinese-calendar's raw tables."""
    while n:
        d += dt.timedelta(1)
        if d in on or (d.weekday() < 5 and d not in off):
            n -= 1
    return d


# -- start-up measurements in fresh interpreters ------------------------------------------------


def wall_ms(code: str, env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter_ns()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return (time.perf_counter_ns() - t0) / 1e6


def startup(runs: int, env: dict[str, str] | None) -> tuple[list[float], list[float]]:
    """Wall ms of `python -c pass` and `python -c "import gov_deadlines"`, interleaved runs."""
    for _ in range(2):  # warm the OS file cache (and the bytecode cache, if one is in use)
        wall_ms("pass", env)
        wall_ms("import gov_deadlines", env)
    bare, imp = [], []
    for _ in range(runs):  # interleaved, so drift hits both alike
        bare.append(wall_ms("pass", env))
        imp.append(wall_ms("import gov_deadlines", env))
    return bare, imp


COLD_BUILD = """
import datetime as dt, sys, time
from gov_deadlines import WorkCalendar
from gov_deadlines.calendar.sources import bundled_national
assert "chinese_calendar" not in sys.modules
t0 = time.perf_counter_ns()
cal = WorkCalendar([bundled_national()])   # first import of chinese_calendar happens here
cal.is_workday(dt.date(2024, 1, 2))        # forces the lazy index
print(time.perf_counter_ns() - t0)
"""


def machine_note() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = ", ".join(
        f"{p} {metadata.version(p)}"
        for p in ("gov-deadlines", "chinese-calendar", "workalendar", "numpy")
    )
    return (
        f"{dt.datetime.now():%Y-%m-%d %H:%M}  Python {platform.python_version()} "
        f"({platform.python_implementation()}) on {platform.system()} {platform.machine()}, "
        f"{cpu}, {os.cpu_count()} CPUs\n{versions}"
    )


# -- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples (a smoke run)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    import chinese_calendar as cc
    import numpy as np
    from workalendar.asia import China

    from gov_deadlines import WorkCalendar
    from gov_deadlines.calendar.sources import bundled_national

    big = 10_000 if args.quick else 100_000
    slow = 200 if args.quick else 1_000
    rep_fast, rep_slow = (3, 2) if args.quick else (7, 3)
    failures: list[str] = []

    print("gov_deadlines calendar benchmark")
    print(machine_note())

    # ---- inputs, generated once -------------------------------------------------------------
    rng = random.Random(args.seed)
    lo, hi = FIRST.toordinal(), LAST.toordinal()
    dates = [dt.date.fromordinal(rng.randint(lo, hi)) for _ in range(big)]
    pairs = [
        (dt.date.fromordinal(rng.randint(lo, hi)), dt.date.fromordinal(rng.randint(lo, hi)))
        for _ in range(big)
    ]
    wk_dates = [d for d in dates if WK_FIRST <= d <= WK_ADD_LAST]
    wk_pairs = [(a, b) for a, b in pairs if min(a, b) >= WK_FIRST and max(a, b) <= WK_LAST]
    print(f"\nseed {args.seed}: {big:,} dates and {big:,} (a, b) pairs, uniform in {FIRST}..{LAST}")

    cal = WorkCalendar.default()
    cal.is_workday(dt.date(2024, 1, 2))  # build the index outside the timings
    add, between = cal.add_workdays, cal.workdays_between
    off, on = set(cc.holidays), set(cc.workdays)
    # Our bundled errata: the 2006 notice made Saturday 2005-12-31 a working day, which
    # chinese-calendar's tables miss. The reference walks take it into account; find_workday
    # cannot, so answers whose range holds that day are left out of its comparison.
    erratum = dt.date(2005, 12, 31)
    on.add(erratum)

    # ---- correctness before timing ------------------------------------------------------------
    heading("Correctness (checked before anything is timed)")
    ours_add = [add(d, 20) for d in dates]
    ours_between = [between(a, b) for a, b in pairs]
    bad = []
    compared = 0
    for d, got in zip(dates[:2000], ours_add[:2000], strict=True):
        if d <= erratum <= got:
            continue
        compared += 1
        # find_workday(k, d) first rolls d forward to a workday, then takes k more; our start
        # day never counts, so from a day off our 20th is its 19th.
        ref = cc.find_workday(20 if cc.is_workday(d) else 19, d)
        if got != ref:
            bad.append((d, got, ref))
    print(
        f"  add_workdays(d, 20) == chinese_calendar.find_workday reference: "
        f"{compared - len(bad):,}/{compared:,} (dates whose answer spans the erratum left out)"
    )
    bad_b = []
    for (a, b), got in zip(pairs[:500], ours_between[:500], strict=True):
        ref = brute_between(a, b, off, on)
        if got != ref:
            bad_b.append((a, b, got, ref))
    print(
        f"  workdays_between(a, b) == day-by-day count over chinese_calendar's tables: "
        f"{500 - len(bad_b):,}/500"
    )
    bad_add = sum(brute_add(d, 20, off, on) != got for d, got in zip(dates, ours_add, strict=True))
    print(
        f"  add_workdays(d, 20) == day-by-day walk over chinese_calendar's tables: "
        f"{big - bad_add:,}/{big:,}"
    )
    if bad or bad_b or bad_add:
        print("  WRONG ANSWERS -- not timing. First differences:", bad[:3], bad_b[:3])
        return 1

    # ---- ours ---------------------------------------------------------------------------------
    heading("gov_deadlines, WorkCalendar.default() (index already built)")
    t_add = measure("add_workdays(d, 20)", loop_add(add, dates, 20), big, rep_fast)
    t_between = measure("workdays_between(a, b)", loop_pairs(between, pairs), big, rep_fast)
    columns()
    row(t_add)
    row(t_between)

    heading("Cost against n (ours is index arithmetic: constant in n)")
    early = [d for d in dates if d.year == 2004]
    room = cal.workdays_between(dt.date(2004, 12, 31), dt.date(2026, 12, 31))
    print(f"  starts: the {len(early):,} sample dates in 2004, so that d + n stays in the data")
    print(f"  ({room:,} working days follow 2004).")
    print("  n = 10,000 is not measured: 10,000 working days are about 40 years, more than the")
    print(
        f"  {cal.workdays_between(dt.date(2003, 12, 31), dt.date(2026, 12, 31)):,} working "
        "days of the bundled 2004-2026 data, so from any start the result lies outside the"
    )
    print("  data and add_workdays raises CalendarDataMissing. 5,000 is the largest round n that")
    print("  fits; it is checked against a day-by-day walk first.")
    for d in early[:50]:
        if add(d, 5000) != brute_add(d, 5000, off, on):
            print(f"  WRONG: add_workdays({d}, 5000)")
            return 1
    scaling = {}
    columns()
    for n in (1, 20, 250, 1000, 5000):
        scaling[n] = measure(f"add_workdays(d, {n})", loop_add(add, early, n), len(early), rep_fast)
        row(scaling[n])
    spread = max(t.best for t in scaling.values()) / min(t.best for t in scaling.values())
    print(f"  slowest / fastest n: {spread:.2f}x")
    # n = 10,000 needs more years than the data has: give the index room with filler years
    # 2027-2045 that have no day off (their answers mean nothing; the cost is the point).
    filler = [{"year": y, "papers": ["benchmark filler"], "days": []} for y in range(2027, 2046)]
    long_add = cal.with_years(*filler).add_workdays
    print("  n = 1 and n = 10,000 on the same calendar extended with filler years 2027-2045")
    print("  (no days off; the cost is the point, not the answers):")
    columns()
    long_scaling = {
        n: measure(
            f"add_workdays(d, {n}), 2004-2045", loop_add(long_add, early, n), len(early), rep_fast
        )
        for n in (1, 10_000)
    }
    for t in long_scaling.values():
        row(t)
    print(f"  n = 10,000 / n = 1: {long_scaling[10_000].best / long_scaling[1].best:.2f}x")
    for n, k in ((1, 200), (20, 100), (250, 20)):
        k = max(5, k // 5) if args.quick else k
        t = measure(
            f"chinese_calendar.find_workday({n}, d)", loop_find(cc.find_workday, early[:k], n), k, 1
        )
        row(t)
    print("  (chinese_calendar walks day by day: its cost grows with n.)")

    # ---- chinese-calendar ---------------------------------------------------------------------
    heading(f"chinese_calendar {cc.__version__}: find_workday(20, d), first {slow:,} dates")
    sub = dates[:slow]
    t_cc = measure(
        "chinese_calendar.find_workday(20, d)", loop_find(cc.find_workday, sub, 20), slow, rep_slow
    )
    t_ours_sub = measure(
        "ours add_workdays(d, 20), same dates", loop_add(add, sub, 20), slow, rep_fast * 20
    )
    columns()
    row(t_ours_sub)
    row(t_cc, t_ours_sub)
    ratio_cc = t_cc.best / t_add.best
    print(f"  vs ours on all {big:,} dates: {ratio_cc:,.0f}x")
    print("  (find_workday(20, d) from a day off returns the 21st working day after d: it rolls d")
    print("  forward first. Same work per call, different convention; the check above allows it.)")

    # ---- workalendar --------------------------------------------------------------------------
    heading(
        f"workalendar {metadata.version('workalendar')} workalendar.asia.China "
        f"(data for {WK_FIRST.year}-{WK_LAST.year} only)"
    )
    wk = China()
    with warnings.catch_warnings():
        # It warns "Support years 2018-2023 currently" whenever it computes a year's holidays.
        warnings.simplefilter("ignore")
        for y in range(WK_FIRST.year, WK_LAST.year + 1):
            wk.holidays(y)  # fills its per-year cache: lunar dates and holiday lists
        wk_sub = wk_dates[: 2 * slow]
        wk_psub = wk_pairs[: max(20, slow // 5)]
        wk_add = [wk.add_working_days(d, 20) for d in wk_sub]
        wk_delta = [wk.get_working_days_delta(a, b) for a, b in wk_psub]
        print("  Caches warmed first: wk.holidays(y) for every supported year. Its")
        print("  is_working_day() still rebuilds a set of the year's holidays on every call")
        print("  (holidays_set): that is its per-call cost, not a cold cache.")
        print(f"  inputs: sample dates in {WK_FIRST}..{WK_ADD_LAST} ({len(wk_sub):,} used), pairs")
        print(f"  with both dates in {WK_FIRST.year}-{WK_LAST.year} ({len(wk_psub):,} used).")
        covid = (dt.date(2020, 1, 31), dt.date(2020, 2, 1))  # 国办发明电〔2020〕1号

        def spans_covid(a: dt.date, b: dt.date) -> bool:
            return any(min(a, b) < c <= max(a, b) for c in covid)

        diff_add = [d for d, x in zip(wk_sub, wk_add, strict=True) if x != add(d, 20)]
        diff_delta = [
            (a, b) for (a, b), x in zip(wk_psub, wk_delta, strict=True) if x != abs(between(a, b))
        ]
        unexplained = sum(not spans_covid(d, add(d, 20)) for d in diff_add) + sum(
            not spans_covid(a, b) for a, b in diff_delta
        )
        print(
            f"  agreement with ours: add_working_days {len(wk_sub) - len(diff_add):,}/"
            f"{len(wk_sub):,}, get_working_days_delta {len(wk_psub) - len(diff_delta):,}/"
            f"{len(wk_psub):,}."
        )
        print("  Its data lacks the 2020 Spring Festival extension (2020-01-31 and 2020-02-01 off,")
        print(f"  国办发明电〔2020〕1号); differences in ranges without those days: {unexplained}.")
        print("  get_working_days_delta counts (min, max]: it never returns a negative number,")
        print("  so it is compared with abs(workdays_between(a, b)).")
        t_wk_add = measure(
            "workalendar China.add_working_days(d, 20)",
            loop_add(wk.add_working_days, wk_sub, 20),
            len(wk_sub),
            rep_slow,
        )
        t_wk_delta = measure(
            "workalendar China.get_working_days_delta(a, b)",
            loop_pairs(wk.get_working_days_delta, wk_psub),
            len(wk_psub),
            rep_slow,
        )
    t_o1 = measure(
        "ours add_workdays(d, 20), same dates", loop_add(add, wk_sub, 20), len(wk_sub), rep_fast * 5
    )
    t_o2 = measure(
        "ours workdays_between(a, b), same pairs",
        loop_pairs(between, wk_psub),
        len(wk_psub),
        rep_fast * 20,
    )
    columns()
    row(t_o1)
    row(t_wk_add, t_o1)
    row(t_o2)
    row(t_wk_delta, t_o2)

    # ---- numpy --------------------------------------------------------------------------------
    heading(f"numpy {np.__version__}: busday_offset / busday_count with a busdaycalendar")
    holidays = np.array(sorted(cc.holidays), dtype="datetime64[D]")
    bdc = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    makeup = sorted(cc.workdays)
    print(f"  busdaycalendar(weekmask='1111100', holidays=<the {len(holidays):,} days off of")
    print(f"  chinese_calendar 2004-2026>). The {len(makeup):,} make-up workdays (调休上班日, all")
    print("  Saturdays or Sundays) cannot be given: numpy has a 7-day weekmask and a holiday list,")
    print("  nothing that turns a weekend day into a working day, so it counts them as days off.")
    print("  Its results are therefore WRONG whenever a make-up workday lies in the range:")
    a64 = np.array(dates, dtype="datetime64[D]")
    pa = np.array([a for a, _ in pairs], dtype="datetime64[D]")
    pb = np.array([b for _, b in pairs], dtype="datetime64[D]")
    mk = np.array(makeup, dtype="datetime64[D]")
    want_add = np.array(ours_add, dtype="datetime64[D]")
    want_between = np.array(ours_between)
    fwd = np.busday_offset(a64, 20, roll="forward", busdaycal=bdc)
    bwd = np.busday_offset(a64, 20, roll="backward", busdaycal=bdc)
    # Ours counts (a, b], negated when b < a. busday_count(begin, end) counts [begin, end) when
    # begin <= end but -(end, begin] when begin > end: shift both ends by one day only forwards.
    fwd_pair = pa <= pb
    pbegin, pend = np.where(fwd_pair, pa + 1, pa), np.where(fwd_pair, pb + 1, pb)
    cnt = np.busday_count(pbegin, pend, busdaycal=bdc)
    start_off = ~np.is_busday(a64, busdaycal=bdc)  # a day off, or a make-up workday
    mk_add = makeup_in(mk, a64, want_add)
    mk_pair = makeup_in(mk, pa, pb)
    for label, wrong, why, because in (
        ("busday_offset(d, 20, roll='forward')", fwd != want_add, mk_add | start_off,
         "a make-up workday in (d, answer] or d is off for numpy (*)"),
        ("busday_offset(d, 20, roll='backward')", bwd != want_add, mk_add,
         "a make-up workday in (d, answer]"),
        ("busday_count(begin, end)", cnt != want_between, mk_pair,
         "a make-up workday in (a, b]"),
    ):  # fmt: skip
        print(f"    {label:<38} wrong {int(wrong.sum()):>7,}/{big:,}")
        print(f"      {int((wrong & why).sum()):>7,} of them have {because}")
    print("  (*) roll='forward' takes the working day a start rolls to as day 0, so from a start")
    print(
        "      that is off for numpy (a day off or a make-up workday: "
        f"{int(start_off.sum()):,} of the starts) it"
    )
    print("      returns the 21st working day: find_workday's convention. roll='backward' matches")
    print("      our rule (the start day never counts) and is wrong only through make-up workdays.")
    print("  busday_count(begin, end) counts [begin, end) forwards but -(end, begin] backwards;")
    print("  begin, end = (a + 1, b + 1) when a <= b, else (a, b), gives our (a, b] convention.")
    print("  numpy is timed as a speed reference only: it cannot represent this calendar.")
    per_add = list(a64)  # numpy.datetime64 scalars, converted before timing
    per_pa, per_pb = list(pbegin), list(pend)
    f_off, f_cnt = np.busday_offset, np.busday_count

    def np_add_loop() -> None:
        for d in per_add:
            f_off(d, 20, roll="forward", busdaycal=bdc)

    def np_count_loop() -> None:
        for a, b in zip(per_pa, per_pb, strict=True):
            f_cnt(a, b, busdaycal=bdc)

    print("\n  per call (one Python call per date, datetime64 scalars in, like ours):")
    t_np_add = measure("busday_offset(d, 20, roll='forward'), per call", np_add_loop, big, rep_slow)
    t_np_cnt = measure("busday_count(begin, end), per call", np_count_loop, big, rep_slow)
    columns()
    row(t_np_add, t_add)
    row(t_np_cnt, t_between)
    print("\n  VECTORISED (one call over the whole array; ns per element -- a different thing):")
    t_np_vadd = measure(
        "busday_offset(array, 20, roll='forward')",
        lambda: f_off(a64, 20, roll="forward", busdaycal=bdc),
        big,
        rep_fast,
    )
    t_np_vcnt = measure(
        "busday_count(begin_array, end_array)",
        lambda: f_cnt(pbegin, pend, busdaycal=bdc),
        big,
        rep_fast,
    )
    columns()
    row(t_np_vadd, t_add)
    row(t_np_vcnt, t_between)
    print("  (ratios above: numpy time / ours per call; below 1x means numpy is faster.)")

    # ---- index build --------------------------------------------------------------------------
    heading("Index build")

    def build() -> None:
        fresh = WorkCalendar([bundled_national()])
        fresh.is_workday(dt.date(2024, 1, 2))  # forces the lazy index

    t_build = measure(
        "WorkCalendar([bundled_national()]) + first query", build, 1, 5 if args.quick else 21
    )
    columns()
    row(t_build)
    cold = [
        int(
            subprocess.run(
                [sys.executable, "-c", COLD_BUILD], check=True, capture_output=True, text=True
            ).stdout
        )
        / 1e6
        for _ in range(3 if args.quick else 7)
    ]
    print(
        f"  the same in a fresh interpreter, with the first import of chinese_calendar:\n"
        f"  median {statistics.median(cold):.2f} ms, best {min(cold):.2f} ms ({len(cold)} runs)"
    )

    # ---- import time --------------------------------------------------------------------------
    heading("Start-up: wall time of a fresh interpreter")
    runs = 5 if args.quick else 15
    # An installed package has bytecode (.pyc) files: pip writes them at install time. This
    # checkout may not (PYTHONDONTWRITEBYTECODE=1 makes every start compile gov_deadlines from
    # source), so the import is measured twice: with a private bytecode cache, warmed first
    # (PYTHONPYCACHEPREFIX, the source tree stays clean), and in the environment as it is.
    cache_dir = tempfile.mkdtemp(prefix="bench-pycache-")
    try:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache_dir
        bare, imp = startup(runs, env)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    bare_env, imp_env = startup(runs, None)
    m_bare, m_imp = statistics.median(bare), statistics.median(imp)
    m_bare_env, m_imp_env = statistics.median(bare_env), statistics.median(imp_env)
    dont_write = os.environ.get("PYTHONDONTWRITEBYTECODE", "")
    print(f"  {runs} runs each, median (best). With bytecode cache, as after pip install:")
    print(f"    python -c pass                    {m_bare:6.1f} ms ({min(bare):.1f})")
    print(
        f'    python -c "import gov_deadlines"  {m_imp:6.1f} ms ({min(imp):.1f})'
        f"   +{m_imp - m_bare:.1f} ms for the import"
    )
    print(f"  Environment as it is (PYTHONDONTWRITEBYTECODE={dont_write!r}):")
    print(f"    python -c pass                    {m_bare_env:6.1f} ms ({min(bare_env):.1f})")
    print(
        f'    python -c "import gov_deadlines"  {m_imp_env:6.1f} ms ({min(imp_env):.1f})'
        f"   +{m_imp_env - m_bare_env:.1f} ms for the import"
    )

    # ---- summary ------------------------------------------------------------------------------
    heading("Summary")
    print(f"  ours add_workdays(d, 20)      {fmt_ns(t_add.best)}")
    print(f"  ours workdays_between(a, b)   {fmt_ns(t_between.best)}")
    for label, peer, ours in (
        ("chinese_calendar.find_workday(20, d)", t_cc, t_add),
        ("workalendar add_working_days(d, 20)", t_wk_add, t_o1),
        ("workalendar get_working_days_delta", t_wk_delta, t_o2),
        ("numpy busday_offset per call", t_np_add, t_add),
        ("numpy busday_count per call", t_np_cnt, t_between),
        ("numpy busday_offset vectorised, per elt", t_np_vadd, t_add),
        ("numpy busday_count vectorised, per elt", t_np_vcnt, t_between),
    ):
        r = peer.best / ours.best
        x = f"{r:,.0f}" if r >= 100 else f"{r:.1f}"
        verdict = f"ours is {x}x faster" if r >= 1 else f"numpy is {1 / r:.1f}x faster"
        print(f"  {label:<40} {fmt_ns(peer.best)}   {verdict}")

    heading("Targets")

    def target(ok: bool, text: str) -> None:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
        if not ok:
            failures.append(text)

    target(
        ratio_cc >= TARGET_RATIO,
        f">= {TARGET_RATIO:,}x faster than chinese_calendar.find_workday at n = 20: "
        f"{ratio_cc:,.0f}x",
    )
    target(
        t_add.best <= TARGET_ADD_NS,
        f"<= 1 µs per add_workdays call: {t_add.best:.0f} ns (median run {t_add.median:.0f} ns)",
    )
    target(
        t_build.median / 1e6 <= TARGET_BUILD_MS,
        f"index build <= {TARGET_BUILD_MS:.0f} ms: {t_build.median / 1e6:.2f} ms (median)",
    )
    target(
        m_imp <= TARGET_IMPORT_MS,
        f'python -c "import gov_deadlines" <= {TARGET_IMPORT_MS:.0f} ms: {m_imp:.1f} ms '
        f"(median, bytecode cached; bare {m_bare:.1f} ms)",
    )
    ok_env = m_imp_env <= TARGET_IMPORT_MS
    print(
        f"  {'pass' if ok_env else 'fail'}  (not counted) the same without bytecode cache, "
        f"environment as it is: {m_imp_env:.1f} ms"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
