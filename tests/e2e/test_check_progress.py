"""The progress bar appears for a person at a terminal, and only there."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import write_csv


def _register(path, rows: int) -> None:
    write_csv(path, [["收到申请日期"], *([["2024-02-08"]] * rows)])


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux 'script' for a pty")
def test_progress_bar_on_a_terminal(cli, tmp_path) -> None:
    """Under a pseudo-terminal, stderr shows a bar with the share of the file read."""
    reg = tmp_path / "r.csv"
    _register(reg, 5_000)  # progress is shown after each run of 2,000 rows
    out = tmp_path / "o.csv"
    command = f"{cli.exe} check {reg} --rule ogi.request.reply --trigger-col 收到申请日期 -o {out}"
    done = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        env=cli.env(),
        timeout=60,
        check=False,
    )
    screen = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, screen
    assert "rows processed" in screen and "%" in screen and "[#" in screen


def test_no_progress_in_a_pipe(cli, tmp_path) -> None:
    """Piped stderr (a script, CI) gets the summary only: no carriage returns, no bar."""
    reg = tmp_path / "r.csv"
    _register(reg, 5_000)
    r = cli(
        "check",
        reg,
        "--rule",
        "ogi.request.reply",
        "--trigger-col",
        "收到申请日期",
        "-o",
        tmp_path / "o.csv",
    )
    assert r.returncode == 0
    assert "\r" not in r.stderr and "rows processed" not in r.stderr
