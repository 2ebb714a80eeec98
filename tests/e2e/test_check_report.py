"""``check --report`` and ``check --summary-json``: the audit report and the machine summary
written by the batch itself, against counts made by hand."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.e2e.conftest import CLI, write_csv

# Rule 20wd (20 working days, the start day not counted), as of 2024-12-01. Counted by hand:
# - trigger 2024-03-01 (Fri), no holiday in March 2024: Mar 4-8 (5), 11-15 (10), 18-22 (15),
#   25-29 (20) -> due Fri 2024-03-29.
# - trigger 2024-09-30 (Mon): Oct 1-7 National Day off (国务院办公厅 2024 notice), Sat Oct 12 a
#   make-up workday: Oct 8-11 (4), Oct 12 (5), 14-18 (10), 21-25 (15), 28-31 (19), Nov 1 (20)
#   -> due Fri 2024-11-01; Mon 2024-11-04 is 1 working day late.
# - trigger 2024-11-25 (Mon): due in December, after the as-of date -> pending.
REGISTER = [
    ["序号", "部门", "收到申请日期", "答复日期"],
    ["1", "甲局", "2024-03-01", "2024-03-29"],  # on time: the due day itself
    ["2", "乙局", "2024-03-01", "2024-04-01"],  # late: Mon Apr 1 is 1 working day late
    ["3", "甲局", "2024-09-30", "2024-11-01"],  # on time
    ["4", "乙局", "2024-09-30", "2024-11-04"],  # late by 1 working day
    ["5", "甲局", "2024-09-30", "未答复"],  # no reply by 2024-12-01: overdue
    ["6", "乙局", "2024-11-25", ""],  # pending
    ["7", "甲局", "2024-02-30", ""],  # no such date: a row error
    ["合计", "", "", ""],  # a footer: skipped
]
EXPECTED_COUNTS = {
    "on_time": 2,
    "late": 2,
    "pending": 1,
    "overdue": 1,
    "too_short": 0,
    "invalid": 0,
    "skipped": 1,
    "error": 1,
}
ARGS = ["--rule", "20wd", "--trigger-col", "收到申请日期", "--done-col", "答复日期"]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "台账.csv", REGISTER)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_summary_json_hand_counted(cli: CLI, register: Path) -> None:
    r = cli(
        "check", register.name, *ARGS, "--as-of", "2024-12-01", "-o", "out.csv",
        "--summary-json", "summary.json", cwd=register.parent,
    )  # fmt: skip
    assert r.returncode == 1, r.stderr  # the row error fails the run
    summary = json.loads((register.parent / "summary.json").read_text("utf-8"))
    assert summary["schema"] == "gov-deadlines/check-summary/1"
    assert summary["counts"] == EXPECTED_COUNTS
    assert summary["rows"] == 8
    assert summary["violations"] == 3  # the two late rows and the overdue one
    assert summary["on_time_rate"] == 0.5  # 2 on time of 4 decided (pending/overdue undecided)
    assert summary["as_of"] == "2024-12-01"
    assert summary["rule"] == "20wd"
    assert summary["exit_status"] == 1
    assert summary["provisional_rows"] == 0
    assert len(summary["calendar"]) == 12


def test_summary_json_on_stdout_with_output_file(cli: CLI, register: Path) -> None:
    r = cli(
        "check", register.name, *ARGS, "--as-of", "2024-12-01", "-o", "out.jsonl",
        "--summary-json", "-", cwd=register.parent,
    )  # fmt: skip
    assert json.loads(r.stdout)["counts"] == EXPECTED_COUNTS
    lines = (register.parent / "out.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == len(REGISTER) - 1  # every record came out as well


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_report_is_the_report_of_its_results(cli: CLI, register: Path, jobs: str) -> None:
    """check --report gives the same page as 'report' over the same run's saved results."""
    folder = register.parent
    common = ["--as-of", "2024-12-01", "--group-by", "部门"]
    r = cli(
        "check", register.name, *ARGS, *common, "-o", "results.jsonl", "--report", "a.html",
        "--jobs", jobs, "--lang", "zh", cwd=folder,
    )  # fmt: skip
    assert r.returncode == 1, r.stderr
    r = cli(
        "report", "results.jsonl", "--trigger-col", "收到申请日期", "--done-col", "答复日期",
        *common, "-o", "b.html", "--lang", "zh", cwd=folder,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    a = (folder / "a.html").read_text("utf-8").replace(register.name, "SOURCE")
    b = (folder / "b.html").read_text("utf-8").replace("results.jsonl", "SOURCE")
    assert a == b
    assert "按期率" in a and "甲局" in a and "乙局" in a


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--report", "台账.csv"], "same file"),
        (["-o", "x.csv", "--summary-json", "x.csv"], "same file"),
        (["--group-by", "部门"], "--report"),
        (["--report", "r.html", "--group-by", "科室"], "科室"),
        (["--summary-json", "-"], "-o"),
        (["--report", "r.html", "--pictures", "-1"], "--pictures"),
    ],
)
def test_refused_before_any_row(
    cli: CLI, register: Path, options: list[str], message: str
) -> None:
    """Clashing paths and options are usage errors (exit 2) before the run: nothing written,
    the register untouched."""
    before = _digest(register)
    r = cli("check", register.name, *ARGS, *options, "--lang", "en", cwd=register.parent)
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert r.raw == b""
    assert _digest(register) == before
    assert sorted(p.name for p in register.parent.iterdir()) == [register.name]


def test_check_report_pictures(cli: CLI, register: Path) -> None:
    """--pictures 1: one violation drawn, the other two (of the 3 counted by hand) in the
    appendix -- the same page as report --pictures 1 over the saved results."""
    folder = register.parent
    r = cli(
        "check", register.name, *ARGS, "--as-of", "2024-12-01", "-o", "results.jsonl",
        "--report", "a.html", "--pictures", "1", cwd=folder,
    )  # fmt: skip
    assert r.returncode == 1, r.stderr
    r = cli(
        "report", "results.jsonl", "--trigger-col", "收到申请日期", "--done-col", "答复日期",
        "--as-of", "2024-12-01", "--pictures", "1", "-o", "b.html", cwd=folder,
    )  # fmt: skip
    a = (folder / "a.html").read_text("utf-8").replace(register.name, "SOURCE")
    b = (folder / "b.html").read_text("utf-8").replace("results.jsonl", "SOURCE")
    assert a == b
    assert a.count('<figure class="picture">') == 1
    assert 'data-key="violations">3<' in a
