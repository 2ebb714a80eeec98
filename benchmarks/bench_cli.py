"""Benchmark the ``gov-deadlines`` command as a user runs it: start-up, and a large batch check.

Run from the project root after ``python -m pip install -e ".[test]"``::

    python benchmarks/bench_cli.py                 # 1,000,000-row register (about a minute)
    python benchmarks/bench_cli.py --rows 100000   # a quicker run

Four measurements, each in a fresh subprocess of this same interpreter:

(a) start-up (issue 10): ``import gov_deadlines``, ``gov-deadlines add 2024-02-08 20``,
    ``between``, ``is-workday`` and ``--help``, each the median (and min) wall time over
    ``--runs`` runs and its ratio to ``python -c pass`` run in the same rounds (interleaved, in a
    shuffled order each round, so that machine noise hits all alike); then, where valgrind is
    installed, each one's instruction count under ``valgrind --tool=callgrind``, which the load of
    a shared machine does not disturb. Targets: the three commands <= 2.5x a bare interpreter,
    the import <= 2x (``--only startup`` runs this section alone);
(b) batch: a generated register (Chinese headers, mixed date formats, about 20% of cases not yet
    answered, triggers spread over 2019-2025) through ``gov-deadlines check ... -o out.csv``:
    wall time and the child's peak resident memory (from ``os.wait4``, which reports that one
    child's resource usage);
(c) the I/O floor: the same file read and written by the plain csv module, with as many columns
    appended as ``check`` appends, to show what share of (b) is the work of the tool itself;
(d) the HTML audit report of a ``--report-rows`` (100,000) row check, next to its peers in one
    process: JSON Lines parsing of the same results, a json dump and a plain Jinja2 table of
    every cell (``--only report`` runs this section alone);
(e) XLSX in, XLSX out: a ``--xlsx-rows`` (100,000) row workbook (merged title, a second sheet)
    through ``check ... -o 结果.xlsx`` (a copy of the register's workbook): wall time and peak
    RSS, next to the same check to CSV, the CSV register to CSV (the floor) and openpyxl's full
    ``load_workbook`` + ``save`` of the register (the peer); ``--only xlsx`` runs it alone.

The output row count of (b) is verified before any timing is printed. The script prints PASS or
FAIL for each target and exits with status 1 if a check or a target fails.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
from importlib import metadata
from pathlib import Path

SEED = 20240208
TARGET_COMMAND_X = 2.5  # add / between / is-workday, as a multiple of `python -c pass`
TARGET_IMPORT_X = 2.0  # `import gov_deadlines`, the same
TARGET_CHECK_S = 15.0  # 1,000,000 rows, CSV in and out
TARGET_RSS_MB = 200.0  # peak resident memory of the check process
TARGET_REPORT_S = 20.0  # `gov-deadlines report` of a 100,000-row check
TARGET_REPORT_MB = 10.0  # size of that HTML file

HEADER = ["序号", "案号", "申请人", "收到申请日期", "答复日期", "承办处室", "备注"]
OFFICES = ["办公室", "政策法规处", "信息公开科", "行政审批处", "执法监督处", "综合科"]
NOTES = ["", "", "", "邮寄送达", "当面领取", "需征求第三方意见", "补正后重新起算", "电子邮件答复"]


# -- measuring ---------------------------------------------------------------------------------


def script_path() -> str:
    """The console script installed beside this interpreter (not a version-manager shim)."""
    name = "gov-deadlines" + (".exe" if os.name == "nt" else "")
    beside = Path(sysconfig.get_path("scripts")) / name
    if beside.exists():
        return str(beside)
    found = shutil.which("gov-deadlines")
    if found is None:
        sys.exit("gov-deadlines is not installed: python -m pip install -e .")
    return found


def clean_env(pycache: Path) -> dict[str, str]:
    """The child environment: English messages, no CI, and a bytecode cache.

    An installed package has its ``.pyc`` files; without them (PYTHONDONTWRITEBYTECODE, or an
    editable install whose sources just changed) every start compiles the sources again and the
    start-up measurement is of the compiler. The cache goes to a private directory
    (PYTHONPYCACHEPREFIX), so nothing is written beside the sources.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.pop("CI", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["LANG"] = "C.UTF-8"
    return env


def run_measured(
    cmd: list[str], stderr_path: Path, env: dict[str, str]
) -> tuple[float, float, int]:
    """Run ``cmd``; returns (wall seconds, peak RSS in MB, exit status) of that one child."""
    with open(stderr_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen.wait()
    # ru_maxrss is KiB on Linux, bytes on macOS.
    rss = usage.ru_maxrss / (1 << 20) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return wall, rss, proc.returncode


#: The start-up commands: label, arguments after the script (None: a python -c program), the
#: expected stdout, and the target as a multiple of ``python -c pass`` (None: shown, no target).
#: 2024-02-08 + 20 workdays is 2024-03-13 (国办发明电〔2023〕7号: 2/10-17 off, 2/18 worked);
#: (2024-02-08, 2024-02-19] holds 2/9, 2/18 and 2/19.
STARTUP = [
    ("python -c pass", None, "pass", "", None),
    ("import gov_deadlines", None, "import gov_deadlines", "", TARGET_IMPORT_X),
    ("add 2024-02-08 20", ["add", "2024-02-08", "20"], None, "2024-03-13\n", TARGET_COMMAND_X),
    ("between 2024-02-08 2024-02-19", ["between", "2024-02-08", "2024-02-19"], None, "3\n",
     TARGET_COMMAND_X),
    ("is-workday 2024-02-18", ["is-workday", "2024-02-18"], None, "true makeup_workday 春节\n",
     TARGET_COMMAND_X),
    ("--help", ["--help"], None, None, None),
    # The full path (the fast one declines --unit): what any other form of a command costs.
    ("add 2024-02-08 20 --unit days", ["add", "2024-02-08", "20", "--unit", "days"], None,
     "2024-02-28\n", None),
]  # fmt: skip


def _startup_cmd(args: list[str] | None, code: str | None) -> list[str]:
    return [sys.executable, "-c", code] if args is None else [script_path(), *args]


def startup(runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times (ms) of every STARTUP command, run in the same rounds; exits if one prints
    something other than what it should."""
    for label, args, code, expected, _ in STARTUP:
        cmd = _startup_cmd(args, code)
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        if out.returncode != 0 or (expected is not None and out.stdout != expected):
            sys.exit(f"start-up check failed: {label} -> {out.returncode} {out.stdout!r} "
                     f"{out.stderr[-500:]!r}")  # fmt: skip
    times: dict[str, list[float]] = {label: [] for label, *_ in STARTUP}
    order = list(STARTUP)
    rng = random.Random(SEED)
    for i in range(runs + 2):
        rng.shuffle(order)
        for label, args, code, _, _ in order:
            cmd = _startup_cmd(args, code)
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=True)
            if i >= 2:  # two warm-up rounds fill the OS caches (and the bytecode cache)
                times[label].append((time.perf_counter() - start) * 1000)
    return times


def instructions(env: dict[str, str], folder: Path) -> dict[str, int] | None:
    """Instructions executed by every STARTUP command under callgrind; None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counts: dict[str, int] = {}
    for label, args, code, _, _ in STARTUP:
        cmd = [valgrind, "--tool=callgrind", f"--callgrind-out-file={folder / 'callgrind.out'}",
               *_startup_cmd(args, code)]  # fmt: skip
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        found = re.search(r"Collected : (\d+)", out.stderr)
        if out.returncode != 0 or found is None:
            print(f"    callgrind failed for {label}: {out.stderr[-300:]}")
            return None
        counts[label] = int(found.group(1))
    return counts


def bench_startup(runs: int, env: dict[str, str], folder: Path) -> bool:
    """Section (a); True if a target failed."""
    probe = "import sys; print(sorted({'typing', 're', 'importlib.resources'} & set(sys.modules)))"
    preloaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                               env=env, check=True).stdout.strip()  # fmt: skip
    if preloaded != "[]":
        print(f"note: this interpreter loads {preloaded} before any code (a site .pth file): "
              "python -c pass is slower than usual and the ratios look better than they are; "
              "a clean virtual environment gives the honest ones")  # fmt: skip
    times = startup(runs, env)
    base = times["python -c pass"]
    m_base, min_base = statistics.median(base), min(base)
    failed = False
    print(f"\n(a) start-up, {runs} runs each, interleaved: median (min .. max), ratio of medians "
          "(ratio of minimums) to python -c pass")  # fmt: skip
    for label, _, _, _, target in STARTUP:
        t = times[label]
        m = statistics.median(t)
        ratio = m / m_base
        if target is None:
            mark = "" if label == "python -c pass" else "(no target)"
        else:
            ok = ratio <= target
            failed |= not ok
            mark = f"target <= {target}x: {verdict(ok)}"
        print(f"    {label:<32} {m:6.1f} ms ({min(t):5.1f} .. {max(t):6.1f})  {ratio:5.2f}x "
              f"({min(t) / min_base:4.2f}x)  {mark}")  # fmt: skip
    counts = instructions(env, folder)
    if counts is None:
        print("    instruction counts: valgrind not installed (or failed): skipped")
        return failed
    print("    instructions (valgrind --tool=callgrind, undisturbed by load), ratio to "
          "python -c pass:")  # fmt: skip
    for label, _, _, _, target in STARTUP:
        ratio = counts[label] / counts["python -c pass"]
        mark = "" if target is None else f"target <= {target}x: {verdict(ratio <= target)}"
        print(f"    {label:<32} {counts[label] / 1e6:7.1f} M  {ratio:5.2f}x  {mark}")
    return failed


# -- the register ------------------------------------------------------------------------------


def generate(path: Path, rows: int) -> None:
    """A realistic register: mixed date formats, ~20% not answered yet, 2019-2025 triggers."""
    rng = random.Random(SEED)
    first = dt.date(2019, 1, 1)
    days = (dt.date(2025, 12, 31) - first).days + 1
    # Every date in four spellings, made once: formatting a million dates is slower than the
    # random numbers.
    spellings = []
    for k in range(days + 60):
        d = first + dt.timedelta(days=k)
        spellings.append(
            (
                d.isoformat(),
                f"{d.year}/{d.month}/{d.day}",
                f"{d.year}年{d.month}月{d.day}日",
                d.strftime("%Y%m%d"),
            )
        )
    randrange, random_ = rng.randrange, rng.random
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(1, rows + 1):
            k = randrange(days)
            trigger = spellings[k][randrange(4)]
            done = "" if random_() < 0.2 else spellings[k + randrange(45)][randrange(4)]
            w.writerow(
                [
                    i,
                    f"依申请〔{2019 + k // 366}〕{i}号",
                    f"申请人{randrange(5000)}",
                    trigger,
                    done,
                    OFFICES[i % len(OFFICES)],
                    NOTES[randrange(len(NOTES))],
                ]
            )


TARGET_FLOOR_X = 1.5  # check (columns path, one process) / the csv floor of its output bytes

# The floor: the register read by the csv module and written back with the appended cells of
# the check's first output row (given as JSON) on every row -- as many output bytes as the
# check writes, give or take the explanations' lengths (both sizes are printed).
FLOOR = textwrap.dedent(
    """
    import csv, json, sys
    src, dst, fill = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    with open(src, encoding="utf-8", newline="") as a, \\
         open(dst, "w", encoding="utf-8-sig", newline="") as b:
        r, w = csv.reader(a), csv.writer(b)
        header = next(r)
        w.writerow(header + ["c%d" % i for i in range(len(fill))])
        for row in r:
            w.writerow(row + fill)
    """
)

# The Parquet floor: pyarrow reads the register a batch at a time and writes each batch with
# the check's appended columns (taken from its output, read before the clock starts).
PARQUET_FLOOR = textwrap.dedent(
    """
    import sys, time
    import pyarrow as pa
    import pyarrow.parquet as pq
    src, out, dst = sys.argv[1], sys.argv[2], sys.argv[3]
    done = pq.read_table(out)
    names = pq.ParquetFile(src).schema_arrow.names
    appended = done.drop_columns(names)
    start = time.perf_counter()
    f = pq.ParquetFile(src)
    writer = None
    at = 0
    for batch in f.iter_batches(batch_size=100_000):
        t = pa.Table.from_batches([batch])
        part = appended.slice(at, t.num_rows)
        for name in part.column_names:
            t = t.append_column(part.schema.field(name), part.column(name))
        at += t.num_rows
        writer = writer or pq.ParquetWriter(dst, t.schema)
        writer.write_table(t)
    writer.close()
    print(time.perf_counter() - start)
    """
)


def to_parquet(csv_path: Path, path: Path) -> None:
    """The generated register as Parquet: ids as int64, dates as date32 (parsed once per
    spelling by the library's parser), text as text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from gov_deadlines.dates import parse_date

    days: dict[str, object] = {"": None}

    def day(text: str) -> object:
        if text not in days:
            days[text] = parse_date(text)
        return days[text]

    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        writer = None
        while True:
            rows = [row for _, row in zip(range(100_000), reader, strict=False)]
            if not rows:
                break
            cols = list(zip(*rows, strict=True))
            table = pa.table({
                header[0]: pa.array([int(v) for v in cols[0]], pa.int64()),
                header[1]: pa.array(cols[1], pa.string()),
                header[2]: pa.array(cols[2], pa.string()),
                header[3]: pa.array([day(v) for v in cols[3]], pa.date32()),
                header[4]: pa.array([day(v) for v in cols[4]], pa.date32()),
                header[5]: pa.array(cols[5], pa.string()),
                header[6]: pa.array(cols[6], pa.string()),
            })  # fmt: skip
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
        assert writer is not None
        writer.close()


def bench_batch(rows: int, folder: Path, env: dict[str, str]) -> bool | None:
    """(b) the batch in one process (--jobs 1), the row path and the columns path in the same
    run (GOV_DEADLINES_BATCH=rows / =columns), outputs compared byte for byte; (c) the csv floor
    of the same output bytes; Parquet in -> Parquet out. True if a target failed, None if a
    check failed."""
    import filecmp
    import json

    reg = folder / "台账.csv"
    start = time.perf_counter()
    generate(reg, rows)
    gen_s = time.perf_counter() - start
    size_mb = reg.stat().st_size / 1e6
    print(f"\n(b) register: {rows:,} rows, {size_mb:.1f} MB, generated in {gen_s:.1f} s")
    # Warm-up: the children share a fresh bytecode cache (PYTHONPYCACHEPREFIX); without this the
    # first columns-path run would also compile numpy's and pyarrow's modules.
    small = folder / "warm.csv"
    generate(small, 1000)
    for path in ("rows", "columns"):
        warm = [script_path(), "check", str(small), "--rule", "ogi.request.reply",
                "--trigger-col", "收到申请日期", "--done-col", "答复日期",
                "-o", str(folder / "warm-out.csv")]  # fmt: skip
        run_measured(warm, folder / "warm.err", {**env, "GOV_DEADLINES_BATCH": path})
    runs: dict[str, tuple[float, float]] = {}
    for path in ("rows", "columns"):
        out = folder / f"结果-{path}.csv"
        cmd = [script_path(), "check", str(reg), "--rule", "ogi.request.reply",
               "--trigger-col", "收到申请日期", "--done-col", "答复日期", "--lang", "zh",
               "--jobs", "1", "-o", str(out)]  # fmt: skip
        err_path = folder / f"check-{path}.err"
        wall, rss, status = run_measured(cmd, err_path, {**env, "GOV_DEADLINES_BATCH": path})
        err = err_path.read_text("utf-8", errors="replace")
        if status != 0 or not out.exists():
            print(f"    check ({path} path) FAILED with exit status {status}:\n{err[-2000:]}")
            return None
        out_header, out_rows = count_records(out)
        if out_rows != rows:
            print(f"    row count FAILED ({path} path): {out_rows:,} output rows for {rows:,}")
            return None
        runs[path] = (wall, rss)
    if not filecmp.cmp(folder / "结果-rows.csv", folder / "结果-columns.csv", shallow=False):
        print("    FAILED: the row path and the columns path wrote different bytes")
        return None
    out = folder / "结果-columns.csv"
    extra = len(out_header) - len(HEADER)
    print(f"    outputs verified: {rows:,} rows, {extra} columns appended, "
          f"the two paths' files identical ({out.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
    print(f"    stderr: {err.strip().splitlines()[0]}")

    # (c) the I/O floor of the same output bytes
    with open(out, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        fill = next(reader)[len(HEADER) :]
    floor_out = folder / "floor.csv"
    floor_cmd = [sys.executable, "-c", FLOOR, str(reg), str(floor_out), json.dumps(fill)]
    f_wall, f_rss, f_status = run_measured(floor_cmd, folder / "floor.err", env)
    if f_status != 0 or count_records(floor_out)[1] != rows:
        print("    floor FAILED:\n" + (folder / "floor.err").read_text("utf-8", "replace"))
        return None
    print(f"\n(c) I/O floor (csv module read + write, {extra} columns appended): "
          f"{f_wall:.2f} s wall, {rows / f_wall:,.0f} rows/s, peak RSS {f_rss:.0f} MB, "
          f"{floor_out.stat().st_size / 1e6:.1f} MB written")  # fmt: skip
    scale = rows / 1_000_000
    target_s = TARGET_CHECK_S * scale  # the target is per million rows
    failed = False
    for path, (wall, rss) in runs.items():
        ratio = wall / f_wall
        print(f"    {path + ' path':13s} {wall:6.2f} s wall, {rows / wall:9,.0f} rows/s, "
              f"{ratio:.2f}x the floor, {(wall - f_wall) / rows * 1e6:5.2f} µs per row above "
              f"it, peak RSS {rss:.0f} MB")  # fmt: skip
    wall, rss = runs["columns"]
    ok_x = wall / f_wall <= TARGET_FLOOR_X
    ok_time = wall <= target_s
    ok_rss = all(r <= TARGET_RSS_MB for _, r in runs.values())
    failed |= not (ok_x and ok_time and ok_rss)
    print(f"    columns path / floor <= {TARGET_FLOOR_X}x: {verdict(ok_x)}")
    scaled = f" (scaled from {TARGET_CHECK_S:.0f} s per 1M rows)" if scale != 1 else ""
    print(f"    columns path <= {target_s:.1f} s{scaled}: {verdict(ok_time)}")
    print(f"    peak RSS of both <= {TARGET_RSS_MB:.0f} MB (memory flat): {verdict(ok_rss)}")
    print(f"    row path -> columns path: {runs['rows'][0] / wall:.1f}x faster")

    # Parquet in -> Parquet out
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print("\n(b') Parquet: skipped (pyarrow is not installed: pip install -e '.[parquet]')")
        return failed
    preg, pout = folder / "台账.parquet", folder / "结果.parquet"
    to_parquet(reg, preg)
    cmd = [script_path(), "check", str(preg), "--rule", "ogi.request.reply",
           "--trigger-col", "收到申请日期", "--done-col", "答复日期", "--lang", "zh",
           "--jobs", "1", "-o", str(pout)]  # fmt: skip
    p_wall, p_rss, status = run_measured(cmd, folder / "parquet.err", env)
    if status != 0:
        err = (folder / "parquet.err").read_text("utf-8", "replace")
        print(f"    Parquet check FAILED:\n{err[-2000:]}")
        return None
    import pyarrow.parquet as pq

    if pq.ParquetFile(pout).metadata.num_rows != rows:
        print("    Parquet row count FAILED")
        return None
    floor = subprocess.run(
        [sys.executable, "-c", PARQUET_FLOOR, str(preg), str(pout), str(folder / "pfloor.parquet")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    print(f"\n(b') Parquet in -> Parquet out ({preg.stat().st_size / 1e6:.1f} MB in, "
          f"{pout.stat().st_size / 1e6:.1f} MB out, typed columns): {p_wall:.2f} s wall, "
          f"{rows / p_wall:,.0f} rows/s, peak RSS {p_rss:.0f} MB")  # fmt: skip
    if floor.returncode == 0:
        pf = float(floor.stdout.strip().splitlines()[-1])
        print(f"    floor (pyarrow reads the register by batches and writes them with the "
              f"appended columns): {pf:.2f} s; check / floor {p_wall / pf:.1f}x")  # fmt: skip
    else:
        print(f"    Parquet floor failed: {floor.stderr[-500:]}")
    return failed


def count_records(path: Path) -> tuple[list[str], int]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, sum(1 for _ in reader)


# -- main --------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="register rows (1,000,000)")
    parser.add_argument("--runs", type=int, default=20, help="start-up runs (20)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--report-rows", type=int, default=100_000, help="rows of the report benchmark (100,000)"
    )
    parser.add_argument(
        "--only",
        choices=["startup", "batch", "report", "xlsx"],
        help="run one section only: startup = (a), batch = (b)-(c), report = (d), xlsx = (e)",
    )
    parser.add_argument(
        "--xlsx-rows", type=int, default=100_000, help="rows of the XLSX benchmark (100,000)"
    )
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"script: {script_path()}")
    with contextlib.suppress(Exception):
        print(f"gov-deadlines {metadata.version('gov-deadlines')}")
    folder = Path(tempfile.mkdtemp(prefix="bench_cli_"))
    try:
        failed = run(args, folder)
    finally:
        if args.keep:
            print(f"\nkept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if failed is None:
        return 1
    print("\n" + ("some target FAILED" if failed else "all targets PASS"))
    return 1 if failed else 0


def run(args: argparse.Namespace, folder: Path) -> bool | None:
    """The three measurements; True if a target failed, None if a check failed."""
    env = clean_env(folder / "pycache")
    failed = False
    if args.only == "report":
        return bench_report(args.report_rows, folder, env)
    if args.only == "xlsx":
        return bench_xlsx(args.xlsx_rows, folder, env)

    # (a) start-up
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set here; the children get a bytecode cache in "
              "a temporary PYTHONPYCACHEPREFIX instead")  # fmt: skip
    if args.only != "batch":
        failed |= bench_startup(args.runs, env, folder)
    if args.only == "startup":
        return failed

    # (b) the batch, row path and columns path; (c) the I/O floor; Parquet in and out
    batch_failed = bench_batch(args.rows, folder, env)
    if batch_failed is None:
        return None
    failed |= batch_failed
    if args.only == "batch":
        return failed
    report_failed = bench_report(args.report_rows, folder, env)
    xlsx_failed = bench_xlsx(args.xlsx_rows, folder, env)
    if report_failed is None or xlsx_failed is None:
        return None
    return failed or report_failed or xlsx_failed


# The peers of (d), in one process of their own: parse the same JSON Lines, json-dump the
# records, and render a plain Jinja2 table (autoescaped, every cell of every record) -- what any
# HTML of all the rows costs, whatever the report adds.
REPORT_PEERS = textwrap.dedent(
    """
    import json, sys, time, jinja2
    t = time.perf_counter()
    records = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
    parse = time.perf_counter() - t
    t = time.perf_counter()
    dumped = json.dumps(records, ensure_ascii=False)
    dump = time.perf_counter() - t
    env = jinja2.Environment(autoescape=True)
    table = env.from_string(
        "<table>{% for r in rows %}<tr>{% for v in r.values() %}<td>{{ v }}</td>"
        "{% endfor %}</tr>\\n{% endfor %}</table>")
    t = time.perf_counter()
    html = table.render(rows=records)
    render = time.perf_counter() - t
    print(parse, dump, render, len(html.encode()))
    """
)


def report_peers(results: Path, env: dict[str, str]) -> tuple[float, float, float, float]:
    """Seconds to parse, json-dump and render a plain table of ``results``; the table's bytes."""
    peers = subprocess.run([sys.executable, "-c", REPORT_PEERS, str(results)], env=env,
                           capture_output=True, text=True, check=True)  # fmt: skip
    parse, dump, render, table_bytes = (float(x) for x in peers.stdout.split())
    return parse, dump, render, table_bytes


def report_counts(text: str) -> dict[str, int]:
    """Pictures, appendix rows and error rows of a report, and the counts it states."""
    appendix = text[text.find('<section id="appendix"') : text.index('<section id="errors"')]
    errors = text[text.index('<section id="errors"') :]
    stated = re.search(r'data-key="violations">(\d+)<', text)
    return {
        "pictures": text.count('<figure class="picture">'),
        "cards": text.count('<article class="card'),
        "appendix": len(re.findall(r"^<tr><td>\d+<td>", appendix, re.M)),
        "errors": len(re.findall(r"^<tr><td>\d+<td>", errors, re.M)),
        "violations": int(stated.group(1)) if stated else -1,
    }


def bench_report(rows: int, folder: Path, env: dict[str, str]) -> bool | None:
    """(d) ``gov-deadlines report`` of a ``rows``-row check (JSON Lines, grouped by office, with
    calendar pictures): wall time, peak RSS and HTML size, next to its peers (JSON Lines parsing,
    a json dump and a plain Jinja2 table of the same records). Every violation is verified to be
    in the page, with a picture or in the appendix. True if a target failed, None if a check
    failed."""
    reg = folder / "report-台账.csv"
    generate(reg, rows)
    results = folder / "results.jsonl"
    cmd = [script_path(), "check", str(reg), "--rule", "ogi.request.reply",
           "--trigger-col", "收到申请日期", "--done-col", "答复日期", "--as-of", "2026-01-31",
           "--lang", "zh", "-o", str(results)]  # fmt: skip
    _, _, status = run_measured(cmd, folder / "report-check.err", env)
    if status != 0:
        print(f"\n(d) report: the check FAILED ({status})")
        return None
    html = folder / "report.html"
    cmd = [script_path(), "report", str(results), "--group-by", "承办处室",
           "--trigger-col", "收到申请日期", "--done-col", "答复日期", "--as-of", "2026-01-31",
           "--lang", "zh", "-o", str(html)]  # fmt: skip
    wall, rss, status = run_measured(cmd, folder / "report.err", env)
    if status != 0 or not html.exists():
        err = (folder / "report.err").read_text("utf-8", "replace")
        print(f"\n(d) report FAILED with exit status {status}:\n{err[-2000:]}")
        return None
    n = report_counts(html.read_text("utf-8"))
    if n["cards"] + n["appendix"] != n["violations"] or n["pictures"] > 1000:
        print(f"\n(d) report FAILED: violations missing from the page: {n}")
        return None
    parse, dump, render, table_bytes = report_peers(results, env)
    size_mb = html.stat().st_size / 1e6
    ok_time, ok_size = wall <= TARGET_REPORT_S, size_mb <= TARGET_REPORT_MB
    print(f"\n(d) report of {rows:,} results ({results.stat().st_size / 1e6:.1f} MB JSON Lines): "
          f"{wall:.2f} s wall, peak RSS {rss:.0f} MB, HTML {size_mb:.1f} MB")  # fmt: skip
    print(f"    {n['violations']:,} violations: {n['pictures']:,} with pictures, "
          f"{n['appendix']:,} in the appendix; {n['errors']:,} error rows")  # fmt: skip
    print(f"    peers (one process): JSON Lines parsing {parse:.2f} s, json dump {dump:.2f} s, "
          f"plain Jinja2 table of every cell {render:.2f} s "
          f"({table_bytes / 1e6:.1f} MB)")  # fmt: skip
    print(f"    report / (parsing + plain table): {wall / (parse + render):.1f}x the time; "
          f"report / plain table: {size_mb * 1e6 / table_bytes:.2f}x the bytes")  # fmt: skip
    print(f"    target <= {TARGET_REPORT_S:.0f} s: {verdict(ok_time)}")
    print(f"    target <= {TARGET_REPORT_MB:.0f} MB: {verdict(ok_size)}")
    return not (ok_time and ok_size)


# -- (e) XLSX in, XLSX out -----------------------------------------------------------------------

TARGET_XLSX_S = 25.0  # `check` of a 100,000-row XLSX register to a copy of its workbook
TARGET_XLSX_MB = 200.0

XLSX_PEER = (
    "import sys, openpyxl\n"
    "wb = openpyxl.load_workbook(sys.argv[1])\n"
    "wb.save(sys.argv[2])\n"
)


def generate_xlsx(csv_path: Path, path: Path) -> None:
    """The CSV register as an office keeps it in Excel: a merged title row above the header,
    a column width, and a second sheet; written with openpyxl's write-only mode."""
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.column_dimensions["D"].width = 16
    ws.merged_cells.add(CellRange("A1:G1"))
    ws.append(["2019-2025年政府信息公开申请台账"])
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            ws.append([int(row[0]), *row[1:]] if i else row)
    wb.create_sheet("说明").append(["本表由信息公开科维护"])
    wb.save(path)


def bench_xlsx(rows: int, folder: Path, env: dict[str, str]) -> bool | None:
    """(e) ``check`` of a ``rows``-row XLSX register to ``-o 结果.xlsx`` (a copy of its own
    workbook): wall time and peak RSS, next to the same check to CSV, the CSV register checked to
    CSV (the floor), and openpyxl's full load and save of the register (the peer)."""
    source, reg = folder / "xlsx-台账.csv", folder / "台账.xlsx"
    generate(source, rows)
    start = time.perf_counter()
    generate_xlsx(source, reg)
    print(f"\n(e) XLSX register: {rows:,} rows, {reg.stat().st_size / 1e6:.1f} MB, written by "
          f"openpyxl in {time.perf_counter() - start:.1f} s")  # fmt: skip
    runs = {}
    for name, register, out in (("xlsx", reg, "结果.xlsx"), ("xlsx->csv", reg, "结果2.csv"),
                                ("csv", source, "结果3.csv")):  # fmt: skip
        cmd = [script_path(), "check", str(register), "--rule", "ogi.request.reply",
               "--trigger-col", "收到申请日期", "--done-col", "答复日期", "--as-of",
               "2026-01-31", "--lang", "zh", "-o", str(folder / out)]  # fmt: skip
        wall, rss, status = run_measured(cmd, folder / "xlsx.err", env)
        if status != 0:
            err = (folder / "xlsx.err").read_text("utf-8", "replace")
            print(f"    check ({name}) FAILED with exit status {status}:\n{err[-2000:]}")
            return None
        runs[name] = (wall, rss)
    if not xlsx_verified(folder / "结果.xlsx", rows):
        return None
    peer = [sys.executable, "-c", XLSX_PEER, str(reg), str(folder / "peer.xlsx")]
    p_wall, p_rss, p_status = run_measured(peer, folder / "peer.err", env)
    wall, rss = runs["xlsx"]
    print(f"    check -o 结果.xlsx (the workbook copied): {wall:.2f} s, peak RSS {rss:.0f} MB")
    for name, label in (("xlsx->csv", "the same register -o 结果.csv"),
                        ("csv", "the CSV register -o 结果.csv (floor)")):  # fmt: skip
        w, r = runs[name]
        print(f"    {label}: {w:.2f} s, peak RSS {r:.0f} MB; xlsx out / this: {wall / w:.2f}x")
    if p_status == 0:
        print(f"    peer, openpyxl load_workbook + save of the register: {p_wall:.2f} s, "
              f"peak RSS {p_rss:.0f} MB; check / peer: {wall / p_wall:.2f}x")  # fmt: skip
    scale = rows / 100_000
    ok_time, ok_rss = wall <= TARGET_XLSX_S * max(scale, 1.0), rss <= TARGET_XLSX_MB
    print(f"    target <= {TARGET_XLSX_S * max(scale, 1.0):.0f} s: {verdict(ok_time)}")
    print(f"    target <= {TARGET_XLSX_MB:.0f} MB: {verdict(ok_rss)}")
    return not (ok_time and ok_rss)


def xlsx_verified(path: Path, rows: int) -> bool:
    """The output keeps both sheets, adds the summary, and has a status on every record."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        names = wb.sheetnames
        ws = wb["台账"]
        header = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
        col = list(header).index("状态")
        statuses = sum(1 for r in ws.iter_rows(min_row=3, values_only=True) if r[col])
    finally:
        wb.close()
    ok = names == ["台账", "说明", "汇总"] and statuses == rows
    if not ok:
        print(f"    output check FAILED: sheets {names}, {statuses:,} statuses for {rows:,} rows")
    return ok


if __name__ == "__main__":
    sys.exit(main())
