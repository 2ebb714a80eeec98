"""Benchmark: ``check()`` on 100k random cases, against a bare ``add_workdays`` call.

Run: ``python benchmarks/bench_rules.py [--cases N]``. The cases mix rules (workday, natural-day
and month periods, a window, a fixed date), pauses, extensions, and done / as_of facts, drawn
with a fixed seed. Prints µs per case with the trace off (``trace=False``, the batch setting) and
on, and the ratio to one ``WorkCalendar.add_workdays`` call -- the floor any deadline computation
pays. Target: <= 15 µs per case with the trace off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from typing import Any

from gov_deadlines import Catalog, Period, WorkCalendar, check, evaluate

RULES: list[Any] = [
    "ogi.request.reply",
    "ogi.proactive",
    "ogi.request.correction_notice",
    "penalty.withdrawal",
    "license.decision",
    "major_decision.comment_period",
    "ogi.annual_report.department",
    Period(30, "days"),
    Period(1, "months"),
]


def make_cases(n: int, seed: int = 20240208) -> list[dict[str, Any]]:
    """Random but reproducible cases inside the bundled coverage (triggers 2010-2025, each on a
    date when its rule was in force)."""
    rng = random.Random(seed)
    catalog = Catalog.default()
    last = dt.date(2025, 12, 31).toordinal()
    cases = []
    for _ in range(n):
        rule = rng.choice(RULES)
        since = dt.date(2010, 1, 1)
        if isinstance(rule, str):
            since = max(since, catalog.versions(rule)[0].effective_from or since)
        trigger = dt.date.fromordinal(rng.randrange(since.toordinal(), last))
        case: dict[str, Any] = {"rule": rule, "trigger": trigger}
        roll = rng.random()
        if roll < 0.6:
            case["done"] = trigger + dt.timedelta(days=rng.randrange(1, 60))
        elif roll < 0.9:
            case["as_of"] = trigger + dt.timedelta(days=rng.randrange(1, 60))
        if case["rule"] in ("ogi.request.reply", "license.decision") and rng.random() < 0.3:
            a = trigger + dt.timedelta(days=rng.randrange(1, 10))
            case["pauses"] = [(a, a + dt.timedelta(days=rng.randrange(0, 7)))]
            if "done" in case:  # a pause inside the case
                case["done"] = max(case["done"], case["pauses"][0][1])
        if case["rule"] == "ogi.request.reply" and rng.random() < 0.2:
            case["extension"] = rng.randrange(1, 25)
        cases.append(case)
    return cases


def time_per_call(fn: Any, items: list[Any], repeat: int) -> float:
    """Best-of-``repeat`` seconds per item."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(items)
        best = min(best, time.perf_counter() - t0)
    return best / len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    cal = WorkCalendar.default()
    cases = make_cases(args.cases)
    # Warm every cache (catalog, calendar index) and make sure no case errors out, so the timing
    # is of real answers, not of exceptions.
    statuses = [check(calendar=cal, trace=False, **c).status for c in cases]
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}

    def run_checks(items: list[dict[str, Any]], trace: bool) -> None:
        for c in items:
            check(calendar=cal, trace=trace, **c)

    def run_add(items: list[dict[str, Any]]) -> None:
        add = cal.add_workdays
        for c in items:
            add(c["trigger"], 20)

    # check(trace=False) caches the deadline of a (rule, trigger, facts) key, as a batch repeats
    # them: time it warm (as used), and cold -- the cache emptied before every case.
    t_off = time_per_call(lambda x: run_checks(x, False), cases, args.repeat)
    cached = evaluate._cached_deadline

    def run_cold(items: list[dict[str, Any]]) -> None:
        for c in items:
            cached.cache_clear()
            check(calendar=cal, trace=False, **c)

    cold_sample = cases[: max(1, len(cases) // 5)]
    t_clear = time_per_call(lambda x: [cached.cache_clear() for _ in x], cold_sample, args.repeat)
    t_cold = time_per_call(run_cold, cold_sample, args.repeat) - t_clear
    t_add = time_per_call(run_add, cases, args.repeat)
    sample = cases[: max(1, len(cases) // 5)]
    t_on = time_per_call(lambda x: run_checks(x, True), sample, args.repeat)
    med_add = statistics.median([time_per_call(run_add, cases, 1) for _ in range(args.repeat)])

    print(f"cases: {len(cases):,} (statuses: {counts})")
    print(
        f"bare add_workdays(d, 20):      {t_add * 1e9:10.0f} ns/call (median {med_add * 1e9:.0f})"
    )
    print(
        f"check(), trace=False:          {t_off * 1e6:10.2f} µs/case "
        f"= {t_off / t_add:6.1f}x add_workdays"
    )
    print(
        f"check(), trace=False, cold ({len(cold_sample):,} cases, deadline cache emptied "
        f"before each): {t_cold * 1e6:.2f} µs/case = {t_cold / t_add:.1f}x add_workdays"
    )
    print(
        f"check(), trace=True ({len(sample):,} cases): {t_on * 1e6:7.2f} µs/case "
        f"= {t_on / t_add:6.1f}x add_workdays, {t_on / t_off:.1f}x trace=False"
    )
    verdict = "PASS" if t_off <= 15e-6 else "FAIL"
    print(
        f"target check(trace=False) <= 15 µs/case: {verdict} ({t_off * 1e6:.2f} µs warm, "
        f"{t_cold * 1e6:.2f} µs cold)"
    )


if __name__ == "__main__":
    main()
