"""Hypothesis: for any register, the batch's columns path writes the row path's bytes.

Registers are drawn cell by cell from dates in every spelling the parser reads (dense around
Spring Festival and National Day, where make-up workdays and deemed receipt days are), "not
done" markers, cells only the row path reads, rule ids of every kind, pauses and extensions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_deadlines.cli import batch, batch_columns, main

_SPELL = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: d.strftime("%Y%m%d"),
    lambda d: f" {d.isoformat()}",
    lambda d: f"{d.isoformat()} 09:30",
)
_HOLIDAYS = [dt.date(y, 2, 1) for y in range(2019, 2027)] + [
    dt.date(y, 9, 25) for y in range(2019, 2026)
]


@st.composite
def dates(draw: st.DrawFn) -> dt.date:
    if draw(st.booleans()):
        return draw(st.sampled_from(_HOLIDAYS)) + dt.timedelta(days=draw(st.integers(0, 25)))
    return dt.date(2018, 1, 1) + dt.timedelta(days=draw(st.integers(0, 3300)))


@st.composite
def date_cells(draw: st.DrawFn, near: dt.date | None = None) -> str:
    odd = st.sampled_from(["", " ", "-", "无", "x", "2024-02-30", "=1", "0", "\t2024-03-01"])
    if draw(st.integers(0, 9)) == 0:
        return draw(odd)
    d = near + dt.timedelta(days=draw(st.integers(-3, 60))) if near else draw(dates())
    return draw(st.sampled_from(_SPELL))(d)


RULES = st.sampled_from([
    "ogi.request.reply", "ogi.request.reply", "penalty.decision", "litigation.direct", "20wd",
    "10d", "1m", "admin_regulation.comment_period", "license.hearing.notice", "no.such", "",
    "ogi.annual_report.government", "reconsideration.application",
])  # fmt: skip
PAUSES = st.sampled_from(
    ["", "", "", "-", "无", "2024-03-01..2024-03-08", "bad", "2019-02-01至2019-02-20"]
)
EXTENSIONS = st.sampled_from(["", "", "", "-", "5", "20", "-5", "20个工作日", "1.5"])


@st.composite
def registers(draw: st.DrawFn) -> list[list[str]]:
    rows = [["收到日期", "答复日期", "规则", "中止", "延长", "备注"]]
    for _ in range(draw(st.integers(1, 40))):
        trigger = draw(dates())
        spelt = draw(st.sampled_from(_SPELL))(trigger)
        rows.append([
            spelt if draw(st.integers(0, 7)) else draw(date_cells()),
            "" if draw(st.integers(0, 4)) == 0 else draw(date_cells(trigger)),
            draw(RULES), draw(PAUSES), draw(EXTENSIONS),
            draw(st.sampled_from(["", "-1", "=A1", "a\nb", "合计"])),
        ])  # fmt: skip
    return rows


def _run(tmp: Path, path: str, args: list[str]) -> tuple[int, bytes]:
    import os

    os.environ["GOV_DEADLINES_BATCH"] = path
    try:
        status = main(["check", *args])
    finally:
        del os.environ["GOV_DEADLINES_BATCH"]
    out = tmp / "out.csv"
    data = out.read_bytes()
    out.unlink()
    return status, data


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reg=registers(),
    facts=st.booleans(),
    as_of=st.sampled_from([None, "2024-03-01", "2020-02-10"]),
    lang=st.sampled_from(["zh", "en"]),
    chunk=st.integers(1, 9),
)
def test_columns_path_writes_the_row_paths_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reg, facts, as_of, lang, chunk
) -> None:
    """Both paths: the same exit status and the same output bytes."""
    monkeypatch.setattr(batch_columns, "MIN_ROWS", 1)
    monkeypatch.setattr(batch, "_COLUMNS_CHUNK", chunk)
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(reg)
    path = tmp_path / "台账.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    args = [str(path), "--rule-col", "规则", "--trigger-col", "收到日期", "--done-col", "答复日期",
            "--lang", lang, "--unknown-years", "weekends",
            "-o", str(tmp_path / "out.csv")]  # fmt: skip
    if facts:
        args += ["--pause-col", "中止", "--extension-col", "延长"]
    if as_of:
        args += ["--as-of", as_of]
    rows = _run(tmp_path, "rows", args)
    cols = _run(tmp_path, "columns", args)
    assert cols[0] == rows[0]
    assert cols[1].decode("utf-8") == rows[1].decode("utf-8")
