"""A 100,000-row register through the real CLI: every record comes out and the statuses add up.

The expected counts come from how the register was generated (which rows have a completion date,
which triggers are unreadable), never from the code under test.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import random
import re

import pytest

from .conftest import COLUMNS_ZH

ROWS = 100_000


def _write_register(path, rows: int, seed: int = 20240208) -> dict[str, int]:
    """A realistic register; returns how many rows are unreadable, done, and not done."""
    rng = random.Random(seed)
    first, span = dt.date(2019, 1, 1), (dt.date(2025, 12, 31) - dt.date(2019, 1, 1)).days
    formats = ("{:%Y-%m-%d}", "{d.year}/{d.month}/{d.day}", "{d.year}年{d.month}月{d.day}日",
               "{:%Y%m%d}")  # fmt: skip
    counts = collections.Counter()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["序号", "申请人", "收到申请日期", "答复日期", "备注"])
        for i in range(1, rows + 1):
            trigger = first + dt.timedelta(days=rng.randrange(span + 1))
            fmt = rng.choice(formats)
            text = fmt.format(trigger, d=trigger)
            if i % 997 == 0:
                text, kind = "日期待补", "unreadable"
            elif rng.random() < 0.2:
                kind = "not_done"
            else:
                kind = "done"
            done = ""
            if kind == "done":
                when = trigger + dt.timedelta(days=rng.randrange(0, 45))
                done = rng.choice(formats).format(when, d=when)
            counts[kind] += 1
            w.writerow([i, f"申请人{i % 313}", text, done, "，".join(["备注"] * (i % 3))])
    return counts


@pytest.mark.slow
def test_100k_rows(cli, tmp_path):
    """100k records in, 100k out in order; on time + late = done rows, pending = open rows."""
    reg = tmp_path / "台账.csv"
    expected = _write_register(reg, ROWS)
    out = tmp_path / "结果.csv"
    r = cli("check", reg, "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
            "--done-col", "答复日期", "-o", out, "--lang", "zh", timeout=60)  # fmt: skip
    assert r.returncode == 1  # the unreadable rows are errors
    statuses: collections.Counter[str] = collections.Counter()
    with open(reg, encoding="utf-8", newline="") as a, open(out, encoding="utf-8-sig",
                                                            newline="") as b:  # fmt: skip
        inp, got = csv.reader(a), csv.reader(b)
        header = next(inp)
        out_header = next(got)
        assert out_header == header + COLUMNS_ZH
        status_col = len(header) + 1
        n = 0
        for n, (x, y) in enumerate(zip(inp, got, strict=True), 1):  # strict: same record count
            assert y[: len(header)] == x, f"record {n}"
            statuses[y[status_col] or "error"] += 1
    assert n == ROWS
    assert statuses["error"] == expected["unreadable"] == ROWS // 997
    assert statuses["pending"] == expected["not_done"]
    assert statuses["on_time"] + statuses["late"] == expected["done"]
    assert sum(statuses.values()) == ROWS
    m = re.search(r"共(\d+)行：按期(\d+)，逾期(\d+)，未到期(\d+)，超期未办结(\d+)，"
                  r"期限不足(\d+)，事实有误(\d+)，错误(\d+)", r.stderr)  # fmt: skip
    assert m, r.stderr
    rows, on_time, late, pending, overdue, too_short, invalid, errors = map(int, m.groups())
    assert rows == ROWS
    assert (on_time, late, pending, errors) == (
        statuses["on_time"],
        statuses["late"],
        statuses["pending"],
        statuses["error"],
    )
    assert overdue == too_short == invalid == 0
    assert on_time > 0 and late > 0
