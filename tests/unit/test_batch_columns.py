"""The batch's columns path writes what the row path writes, byte for byte.

Each test runs ``gov-deadlines check`` in this process twice, ``GOV_DEADLINES_BATCH=rows`` and
``=columns``, on the same register, and compares the output files' bytes, the words on stderr
and the exit status. Runs are cut to a few records so that chunk boundaries, runs mixing both
paths and the columns path's smallest runs are all crossed.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from gov_deadlines.cli import batch, batch_columns, main

ANSWERS = Path(__file__).resolve().parents[1] / "answers"


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    path: str,
    args: list[str],
) -> tuple[int, bytes, str]:
    """The exit status, the output file's bytes (stdout's when there is no -o) and stderr."""
    monkeypatch.setenv("GOV_DEADLINES_BATCH", path)
    monkeypatch.delenv("CI", raising=False)
    capsys.readouterr()
    status = main(["check", *args])
    out, err = capsys.readouterr()
    if "-o" in args:
        target = Path(args[args.index("-o") + 1])
        data = target.read_bytes()
        target.unlink()
    else:
        data = out.encode("utf-8")
    return status, data, err


def same(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    *,
    chunk: int = 7,
) -> bytes:
    """Run both paths; assert they agree; return the output."""
    monkeypatch.setattr(batch_columns, "MIN_ROWS", 1)
    monkeypatch.setattr(batch, "_COLUMNS_CHUNK", chunk)
    rows = run(monkeypatch, capsys, "rows", args)
    cols = run(monkeypatch, capsys, "columns", args)
    assert cols[0] == rows[0], "exit status"
    assert cols[2] == rows[2], "stderr"
    if cols[1] != rows[1]:  # show the first differing line, not two blobs
        a, b = rows[1].splitlines(), cols[1].splitlines()
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            assert y == x, f"line {i + 1} differs"
        assert len(b) == len(a)
    return cols[1]


def used_columns(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the records the columns path answered (to show a test exercises it)."""
    answered: list[int] = []
    judge = batch_columns.ColumnsPath.judge

    def counting(self: batch_columns.ColumnsPath, chunk: list[list[object]]) -> object:
        got = judge(self, chunk)
        answered.append(sum(1 for g in got or () if g is not None))
        return got

    monkeypatch.setattr(batch_columns.ColumnsPath, "judge", counting)
    return answered


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8", sep: str = ",") -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return str(path)


# -- registers -------------------------------------------------------------------------------

SPELLINGS = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: d.strftime("%Y%m%d"),
    lambda d: f" {d.isoformat()} ",
)
NASTY = [
    "", " ", "-", "无", "未答复", "2024-02-30", "明天", "=1+1", "2024-03-01 10:00",
    "2024-03-01T09:00", "0", "-5", "+3", "@x", "\t2024-03-01", "a\x00b", "2024-02-08\n", "合计",
    "2030-01-01", "1969-12-30", "1969-12-31", "1970-01-01",
]  # fmt: skip


def generated(rows: int, seed: int, *, nasty: float = 0.1) -> list[list[str]]:
    """A register like the benchmark's, with cells only the row path reads mixed in."""
    import datetime as dt

    rng = random.Random(seed)
    first = dt.date(2018, 12, 1)
    out = [["序号", "收到日期", "答复日期", "备注"]]
    for i in range(rows):
        d = first + dt.timedelta(days=rng.randrange(2950))
        trigger = rng.choice(SPELLINGS)(d)
        done = (
            "" if rng.random() < 0.2 else rng.choice(SPELLINGS)(d + dt.timedelta(rng.randrange(50)))
        )
        if rng.random() < nasty:
            trigger = rng.choice(NASTY)
        if rng.random() < nasty:
            done = rng.choice(NASTY)
        note = rng.choice(["", "邮寄", "=HYPERLINK(1)", "-", "-3", "a,b", 'say "x"', "x\ny"])
        row = [str(i + 1), trigger, done, note]
        if rng.random() < nasty / 3:
            row = row[: rng.randrange(5)] if rng.random() < 0.5 else [*row, "extra"]
        out.append(row)
    return out


BASE = ["--trigger-col", "收到日期", "--done-col", "答复日期"]


# -- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("explain", ["short", "none"])
def test_generated_register_csv(monkeypatch, capsys, tmp_path, lang, explain) -> None:
    """A register of mixed spellings, blanks and odd cells: the same CSV from both paths."""
    reg = write(tmp_path / "台账.csv", generated(300, 1))
    answered = used_columns(monkeypatch)
    args = [reg, "--rule", "ogi.request.reply", *BASE, "--lang", lang, "--explain", explain]
    same(monkeypatch, capsys, [*args, "-o", str(tmp_path / "out.csv")])
    assert sum(answered) > 150  # most records took the columns path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl"])
def test_every_output_format(monkeypatch, capsys, tmp_path, suffix) -> None:
    """CSV, TSV and JSON Lines outputs are the same bytes from both paths (XLSX: below, its
    cells, as the file's bytes carry the time it was written)."""
    reg = write(tmp_path / "台账.csv", generated(120, 2))
    args = [reg, "--rule", "ogi.request.reply", *BASE, "--lang", "zh"]
    assert same(monkeypatch, capsys, [*args, "-o", str(tmp_path / f"out{suffix}")])


def test_xlsx_output_cells(monkeypatch, capsys, tmp_path) -> None:
    """XLSX output: the same cells, types included, from both paths."""
    openpyxl = pytest.importorskip("openpyxl")
    reg = write(tmp_path / "台账.csv", generated(120, 3))
    monkeypatch.setattr(batch_columns, "MIN_ROWS", 1)
    monkeypatch.setattr(batch, "_COLUMNS_CHUNK", 7)
    cells = []
    for path in ("rows", "columns"):
        out = tmp_path / f"{path}.xlsx"
        args = [reg, "--rule", "ogi.request.reply", *BASE, "--lang", "en", "-o", str(out)]
        monkeypatch.setenv("GOV_DEADLINES_BATCH", path)
        main(["check", *args])
        wb = openpyxl.load_workbook(out)
        cells.append([[(type(c.value), c.value) for c in r] for ws in wb for r in ws.iter_rows()])
    assert cells[0] == cells[1]


def test_stdout_and_as_of(monkeypatch, capsys, tmp_path) -> None:
    """CSV on stdout, judged as of a day (pending, overdue, days left)."""
    reg = write(tmp_path / "台账.csv", generated(150, 4))
    args = [reg, "--rule", "ogi.request.reply", *BASE, "--as-of", "2024-03-01", "--lang", "en"]
    same(monkeypatch, capsys, args)


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_encodings_and_excel_bom(monkeypatch, capsys, tmp_path, encoding) -> None:
    """Registers in GBK, UTF-16 and UTF-8 with a BOM; --excel output."""
    reg = write(tmp_path / "台账.csv", generated(80, 5), encoding=encoding)
    args = [reg, "--rule", "ogi.request.reply", *BASE, "--excel", "-o", str(tmp_path / "o.csv")]
    same(monkeypatch, capsys, args)


def test_tab_separated_register(monkeypatch, capsys, tmp_path) -> None:
    """A .tsv register (tab-delimited) to a .tsv output."""
    reg = write(tmp_path / "台账.tsv", generated(80, 6), sep="\t")
    same(
        monkeypatch,
        capsys,
        [reg, "--rule", "ogi.request.reply", *BASE, "-o", str(tmp_path / "o.tsv")],
    )


def test_none_values_option(monkeypatch, capsys, tmp_path) -> None:
    """--none-values replaces the "not done" markers: '-' becomes a bad date, 'x' none."""
    rows = generated(80, 7, nasty=0.3)
    reg = write(tmp_path / "台账.csv", rows)
    args = [reg, "--rule", "ogi.request.reply", *BASE, "--none-values", "x,无"]
    same(monkeypatch, capsys, args)


def test_unknown_years_weekends(monkeypatch, capsys, tmp_path) -> None:
    """Provisional rows (years without data, assumed Monday-Friday) and the summary's note."""
    import datetime as dt

    rows = [["n", "收到日期", "答复日期", "备注"]]
    for i in range(90):
        d = dt.date(2026, 10, 1) + dt.timedelta(days=5 * i)
        rows.append([str(i), d.isoformat(), (d + dt.timedelta(days=30)).isoformat(), ""])
    reg = write(tmp_path / "台账.csv", rows)
    args = [reg, "--rule", "ogi.request.reply", *BASE, "--unknown-years", "weekends"]
    same(monkeypatch, capsys, args)
    args = [reg, "--rule", "ogi.request.reply", *BASE]  # errors: the years are not loaded
    same(monkeypatch, capsys, args)


def test_rule_column_and_every_fact_column(monkeypatch, capsys) -> None:
    """tests/answers/facts.csv: a rule per row, pauses, extensions, restarts, channels."""
    reg = str(ANSWERS / "facts.csv")
    args = [
        reg, "--rule-col", "rule", "--trigger-col", "trigger", "--done-col", "done",
        "--pause-col", "pauses", "--extension-col", "extension", "--restart-col", "restart",
        "--channel-col", "channel", "--lang", "en",
    ]  # fmt: skip
    same(monkeypatch, capsys, args, chunk=5)


def test_hand_checked_deadlines(monkeypatch, capsys) -> None:
    """tests/answers/deadlines.csv with its rule column and fact columns."""
    reg = str(ANSWERS / "deadlines.csv")
    args = [
        reg, "--rule-col", "rule", "--trigger-col", "trigger", "--done-col", "done",
        "--pause-col", "pauses", "--extension-col", "extension", "--restart-col", "restart",
    ]  # fmt: skip
    same(monkeypatch, capsys, args, chunk=3)


def test_rule_column_of_many_rules(monkeypatch, capsys, tmp_path) -> None:
    """Deadlines in days, months and years, windows, fixed dates, ad-hoc periods, unknown ids."""
    rules = [
        "ogi.request.reply", "penalty.decision", "litigation.direct", "litigation.direct.cap",
        "reconsideration.application", "admin_regulation.comment_period", "20wd", "15d", "2m",
        "ogi.annual_report.government", "license.hearing.notice", "no.such.rule", "",
        "enforcement.publicity.license_penalty", "1y",
    ]  # fmt: skip
    rows = generated(240, 8, nasty=0.05)
    rng = random.Random(8)
    rows[0].append("规则")
    for r in rows[1:]:
        r.append(rng.choice(rules))
    reg = write(tmp_path / "台账.csv", rows)
    args = [reg, "--rule-col", "规则", *BASE, "--lang", "zh"]
    same(monkeypatch, capsys, [*args, "-o", str(tmp_path / "o.csv")])
    same(monkeypatch, capsys, [*args, "--as-of", "2023-06-30", "-o", str(tmp_path / "o.jsonl")])


def test_summary_json_and_fail_on_violation(monkeypatch, capsys, tmp_path) -> None:
    """The summary (counts, violations) and the exit status agree."""
    reg = write(tmp_path / "台账.csv", generated(100, 9))
    summary = tmp_path / "s.json"
    args = [reg, "--rule", "ogi.request.reply", *BASE, "--fail-on-violation",
            "--summary-json", str(summary), "-o", str(tmp_path / "o.csv")]  # fmt: skip
    texts = []
    for path in ("rows", "columns"):
        monkeypatch.setattr(batch_columns, "MIN_ROWS", 1)
        run(monkeypatch, capsys, path, args)
        texts.append(summary.read_text("utf-8"))
    assert texts[0] == texts[1]


def test_full_explanations_take_the_row_path(monkeypatch, capsys, tmp_path) -> None:
    """--explain full is the trace: the columns path steps aside."""
    reg = write(tmp_path / "台账.csv", generated(40, 10))
    answered = used_columns(monkeypatch)
    same(monkeypatch, capsys, [reg, "--rule", "ogi.request.reply", *BASE, "--explain", "full"])
    assert answered == []


def test_without_numpy_the_row_path_runs(monkeypatch, tmp_path) -> None:
    """The core install (no numpy): columns_path() says no."""
    import builtins

    real = builtins.__import__

    def no_numpy(name: str, *args: object, **kwargs: object) -> object:
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_numpy)
    monkeypatch.setenv("GOV_DEADLINES_BATCH", "columns")

    class Row:
        explain, as_of = "short", None

    assert batch_columns.columns_path(Row(), None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_parquet_register(monkeypatch, capsys, tmp_path, suffix) -> None:
    """A typed Parquet register (dates as date32, nulls, text dates too) to Parquet and CSV."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime as dt

    rows = generated(200, 11)[1:]
    days = [dt.date(2019, 1, 1) + dt.timedelta(days=17 * i % 2400) for i in range(len(rows))]
    table = pa.table(
        {
            "序号": pa.array(range(len(rows)), pa.int64()),
            "收到日期": pa.array(days, pa.date32()),
            "答复日期": pa.array([r[2] if len(r) > 2 else None for r in rows], pa.string()),
        }
    )
    reg = tmp_path / "台账.parquet"
    pq.write_table(table, reg)
    args = [str(reg), "--rule", "ogi.request.reply", *BASE, "-o", str(tmp_path / f"o{suffix}")]
    answered = used_columns(monkeypatch)
    same(monkeypatch, capsys, args)
    assert sum(answered) > 100


def test_malformed_register_fails_at_the_same_line(monkeypatch, capsys, tmp_path) -> None:
    """A quote left open in record 30 (after multi-line cells): the same rows, the same line."""
    rows = generated(40, 12, nasty=0.0)
    for r in rows[5:9]:
        r[-1] = "two\r\nlines"
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows[:30])
    text = buf.getvalue() + '31,"2024-02-08,2024-03-01,x\r\n' + "32,2024-02-08,,y\r\n" * 5
    reg = tmp_path / "台账.csv"
    reg.write_bytes(text.encode("utf-8"))
    monkeypatch.setattr(batch, "_CHUNK", 8)  # runs on stdout: 8 records, 3 written
    out = same(monkeypatch, capsys, [str(reg), "--rule", "ogi.request.reply", *BASE], chunk=4)
    assert out.count(b"\n") >= 24


@pytest.mark.parametrize("risky", ["=cmd()", "-x", "+1+1", "@SUM(1)", "\tx", "\rx", "-", "-5"])
def test_formula_cells_far_into_a_long_register(monkeypatch, capsys, tmp_path, risky) -> None:
    """Runs whose text has no cell starting with a formula character skip the writer's per-cell
    test; a cell that needs it, 150 KB into the file, is still made safe the same way."""
    rows = generated(3000, 13, nasty=0.0)
    for r in rows[1:]:
        r[-1] = "备注" if r[-1][:1] in "=+-@\t\r" else r[-1]
    rows[2000][-1] = risky
    reg = write(tmp_path / "台账.csv", rows)
    args = [reg, "--rule", "ogi.request.reply", *BASE, "-o", str(tmp_path / "o.csv")]
    out = same(monkeypatch, capsys, args, chunk=500)
    assert (b"'" + risky.encode() in out) == (risky not in ("-", "-5"))
