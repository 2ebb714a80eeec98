"""Worker processes (--jobs) change the speed of a batch, never its output."""

from __future__ import annotations

import random

import pytest

from .conftest import write_csv


def _register(path, rows: int) -> None:
    rng = random.Random(7)
    body = [["序号", "收到申请日期", "答复日期", "备注"]]
    for i in range(1, rows + 1):
        day = 1 + rng.randrange(28)
        trigger = rng.choice([f"2024-02-{day:02d}", f"2024/3/{day}", f"2024年9月{day}日"])
        done = rng.choice(["", f"2024-04-{day:02d}", "2024-02-30", "=1+1"])
        note = rng.choice(["", "多行\n备注", 'say "hi"', "-"])
        row = [str(i), trigger, done, note]
        if i % 101 == 0:
            row = row[:2]  # ragged, short
        if i % 103 == 0:
            row = [*row, "extra"]  # ragged, long
        if i % 107 == 0:
            row = []  # a blank record
        body.append(row)
    write_csv(path, body)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_jobs_give_the_same_output_and_messages(cli, tmp_path, fmt) -> None:
    """--jobs 2 (chunks of 2,000 rows in worker processes) writes what --jobs 1 writes, byte
    for byte, with the same error lines and summary, in the same order."""
    reg = tmp_path / "台账.csv"
    _register(reg, 5_500)  # three chunks, the last one partial
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.{fmt}"
        r = cli(
            "check",
            reg,
            "--rule",
            "ogi.request.reply",
            "--trigger-col",
            "收到申请日期",
            "--done-col",
            "答复日期",
            "--as-of",
            "2024-12-31",
            "-o",
            out,
            "--jobs",
            jobs,
        )
        assert r.returncode == 1  # the impossible dates and blank records are error rows
        outs.append((out.read_bytes(), r.stderr.replace(out.name, "OUT")))
    assert outs[0][0] == outs[1][0]
    assert outs[0][1] == outs[1][1]
    assert "5500 rows" in outs[0][1]


def test_workers_end_on_sigterm_without_the_cli_handler() -> None:
    """Pool.terminate() ends every run's workers with SIGTERM. A worker must take the default
    action, not the CLI's Python-level handler it inherits through fork: a signal caught just
    before the worker blocks on the task queue's lock would never run that handler, and the run
    hung (2 runs in 25 of this file's tests, once in 56 plain --jobs 2 runs, before the fix)."""
    import subprocess
    import sys

    code = (
        "import signal\n"
        "from gov_deadlines.cli import _parser, _terminate_as_interrupt\n"
        "from gov_deadlines.cli.batch import _Columns, _init_worker\n"
        "_terminate_as_interrupt()\n"
        "assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL\n"
        "args = _parser('en').parse_args(['check', 'r.csv', '--rule', '20wd',"
        " '--trigger-col', 'a'])\n"
        "for k, v in dict(json=False, lang='en', calendar=[], region=None,"
        " unknown_years='error').items():\n"
        "    setattr(args, k, getattr(args, k, v))  # as main() fills them\n"
        "_init_worker(args, _Columns(0, None, None, None, None, None), ['a'], True, 1, None)\n"
        "assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL\n"
        "assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
