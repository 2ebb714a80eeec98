"""Never crash, never destroy (issue 9, part A): hostile arguments and files given to the real
command. Each test checks the exit status, the message (never a traceback) and that nothing was
written where nothing should be."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import CLI, write_csv

NOTICE = """\
国务院办公厅关于2027年部分节假日安排的通知

一、元旦：1月1日（周五）至3日（周日）放假，共3天。

二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。\
2月14日（周日）、2月20日（周六）上班。

国务院办公厅
2026年11月20日
"""


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "Error:" not in stderr  # no Python exception name at the start of a line


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        # the date arithmetic leaves 0001-01-01..9999-12-31
        (["add", "2024-02-08", "99999999"], 1, "0001-01-01 to 9999-12-31"),
        (["add", "2024-02-08", "-99999999"], 1, "0001-01-01 to 9999-12-31"),
        (["add", "2024-02-08", "9" * 40], 1, "0001-01-01 to 9999-12-31"),
        (["add", "2024-02-08", "99999999", "--unit", "days"], 1, "9999-12-31"),
        (["add", "2024-02-08", "99999999", "--unit", "months"], 1, "9999-12-31"),
        (["add", "2024-02-08", "99999999", "--unit", "years"], 1, "9999-12-31"),
        (["due", "99999999wd", "2024-02-08"], 1, "9999-12-31"),
        (["due", "99999999d", "2024-02-08"], 1, "9999-12-31"),
        (["due", "99999999m", "2024-02-08"], 1, "9999-12-31"),
        (["due", "ogi.request.reply", "2024-02-08", "--pause", "0001-01-01..9999-12-31"], 1, ""),
        # dates at and past the ends of the calendar
        (["is-workday", "0001-01-01"], 1, "no holiday arrangement"),
        (["is-workday", "9999-12-31"], 1, "no holiday arrangement"),
        (["is-workday", "9999-12-31T23:59-01:00"], 2, "DATE"),
        (["between", "0001-01-01", "9999-12-31"], 1, "no holiday arrangement"),
        (["add", "9999-12-31", "1"], 1, "9999-12-31"),
        (["calendar", "0000"], 2, "between 1 and 9999"),
        (["calendar", "0000-01"], 2, "between 1 and 9999"),
        # options that name nothing
        (["--region", "Atlantis", "is-workday", "2024-01-01"], 2, "Atlantis"),
        (["is-workday", "2024-01-01", "--region", ""], 2, "unknown region"),
        (["add", "2024-02-08", "20", "--unit", "weeks"], 2, "invalid choice"),
        (["rules", "no.such.rule"], 2, "no.such.rule"),
    ],
)
def test_odd_arguments(cli: CLI, args: list[str], status: int, message: str) -> None:
    """Odd arguments give a message and a consistent exit status, never a traceback."""
    r = cli(*args)
    _no_traceback(r.stderr)
    assert r.returncode == status, r.stderr
    assert message in r.stderr


def test_add_stdin_out_of_range_line(cli: CLI) -> None:
    """A pasted line past the last date is an error line; the other lines are answered."""
    r = cli("add", "-", "1", stdin="9999-12-31T23:59-01:00\n2024-02-08\n")
    _no_traceback(r.stderr)
    assert r.returncode == 1
    assert r.lines == ["", "2024-02-09"]


def test_out_of_range_in_chinese(cli: CLI) -> None:
    """The message says what to do, in Chinese under --lang zh."""
    r = cli("add", "2024-02-08", "99999999", "--unit", "days", "--lang", "zh")
    _no_traceback(r.stderr)
    assert r.returncode == 1
    assert "超出可表示的日期范围" in r.stderr


# -- --calendar files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[1, 2]", "expected a JSON object, got list"),
        (b"[" * 100_000 + b"]" * 100_000, "nested more than"),
        (b'{"year": 2027, "days": ' + b"[" * 50 + b"]" * 50 + b"}", "nested more than"),
        (b" " * (5 * 1024 * 1024), "too large"),
        (b"\xff\xfe\x00", "not a UTF-8 JSON file"),
        (b'{"year": 2027', "not a UTF-8 JSON file"),
        (b'{"year": 1e400, "days": []}', "year"),
    ],
    ids=["list", "deep", "deep-inside", "huge", "binary", "truncated", "inf-year"],
)
def test_hostile_calendar_file(cli: CLI, tmp_path: Path, content: bytes, message: str) -> None:
    """A --calendar file that is not a year file is a usage error naming the file."""
    path = tmp_path / "year.json"
    path.write_bytes(content)
    r = cli("--calendar", path, "is-workday", "2024-01-01")
    _no_traceback(r.stderr)
    assert r.returncode == 2
    assert "--calendar" in r.stderr and message in r.stderr


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_calendar_file_not_a_file(cli: CLI, tmp_path: Path, kind: str) -> None:
    """A missing --calendar file, or a directory, is a usage error."""
    path = tmp_path / "year.json"
    if kind == "directory":
        path.mkdir()
    r = cli("--calendar", path, "is-workday", "2024-01-01")
    _no_traceback(r.stderr)
    assert r.returncode == 2
    assert "cannot read calendar file" in r.stderr


def test_year_file_may_not_change_another_december(cli: CLI, tmp_path: Path) -> None:
    """A 2027 file listing 2026-12-01 as 元旦 is refused; the bundled day stays a workday."""
    path = tmp_path / "2027.json"
    days = [
        {"name": "元旦", "date": "2026-12-01", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
    ]
    path.write_text(json.dumps({"year": 2027, "papers": [], "days": days}), encoding="utf-8")
    r = cli("--calendar", path, "is-workday", "2026-12-01")
    _no_traceback(r.stderr)
    assert r.returncode == 2
    assert "2026-12-01" in r.stderr and "New Year" in r.stderr
    assert cli("is-workday", "2026-12-01").lines == ["true workday"]


def test_year_file_new_year_december_days_accepted(cli: CLI, tmp_path: Path) -> None:
    """December days joined to 1 January by the 元旦 break belong to the next year's file."""
    path = tmp_path / "2027.json"
    days = [
        {"name": "元旦", "date": "2026-12-31", "isOffDay": True},  # Thursday
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
    ]
    path.write_text(json.dumps({"year": 2027, "papers": [], "days": days}), encoding="utf-8")
    r = cli("--calendar", path, "is-workday", "2026-12-31")
    assert r.returncode == 0, r.stderr
    assert r.lines == ["false holiday 元旦"]


def test_deeply_nested_rules_file(cli: CLI, tmp_path: Path) -> None:
    """A --rules TOML nested 100,000 deep is a usage error, not a RecursionError."""
    path = tmp_path / "rules.toml"
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    r = cli("rules", "--rules", path)
    _no_traceback(r.stderr)
    assert r.returncode == 2
    assert "--rules" in r.stderr


# -- calendar import ---------------------------------------------------------------------------


def _import(cli: CLI, tmp_path: Path, text: str, *extra: str) -> tuple[object, Path]:
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    out = tmp_path / "2027.json"
    return cli("calendar", "import", notice, "-o", out, *extra), out


def test_import_to_missing_directory(cli: CLI, tmp_path: Path) -> None:
    """-o in a directory that does not exist: exit 2 before anything is printed or written."""
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    r = cli("calendar", "import", notice, "-o", tmp_path / "missing" / "dir" / "x.json")
    _no_traceback(r.stderr)
    assert r.returncode == 2
    assert "does not exist" in r.stderr
    assert r.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.txt"]


def test_import_to_a_directory(cli: CLI, tmp_path: Path) -> None:
    """-o naming a directory: exit 2, the directory untouched, no temporary file."""
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    (tmp_path / "out").mkdir()
    r = cli("calendar", "import", notice, "-o", tmp_path / "out")
    _no_traceback(r.stderr)
    assert r.returncode == 2
    assert "is a directory" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.txt", "out"]
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("共3天", "共十十天"), "十十"),
        (("共3天", "共计4天"), "共计4天"),
        (("共8天", "（共9天）"), "共9天"),
        (("共8天", "连休七天"), "连休七天"),
        (("2月20日（周六）上班。", "2月20日（周六）值班。"), "值班"),
    ],
    ids=["bad-numeral", "gongji", "parenthesised", "lianxiu", "unknown-verb"],
)
def test_import_refused_writes_nothing(
    cli: CLI, tmp_path: Path, change: tuple[str, str], named: str
) -> None:
    """A notice sentence not fully understood (or miscounted) is refused: exit 1, the sentence
    quoted, no file and no temporary file written."""
    r, out = _import(cli, tmp_path, NOTICE.replace(*change))
    _no_traceback(r.stderr)
    assert r.returncode == 1
    assert named in r.stderr and "「" in r.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.txt"]


@pytest.mark.parametrize("verb", ["需上班", "正常上班"])
def test_import_reads_makeup_day_phrasings(cli: CLI, tmp_path: Path, verb: str) -> None:
    """2月20日（周六）需上班 is read as a make-up workday, not dropped."""
    r, out = _import(cli, tmp_path, NOTICE.replace("2月20日（周六）上班", f"2月20日（周六）{verb}"))
    assert r.returncode == 0, r.stderr
    days = json.loads(out.read_text(encoding="utf-8"))["days"]
    assert {"name": "春节", "date": "2027-02-20", "isOffDay": False} in days


# -- temporary files ---------------------------------------------------------------------------


def _register(path: Path, rows: int) -> Path:
    body = [["编号", "收到日期", "答复日期"]]
    body += [[str(i), "2024-02-08", "2024-03-01"] for i in range(rows)]
    return write_csv(path, body)


def _start(cli: CLI, *args: str | os.PathLike[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [cli.exe, *map(str, args)],
        cwd=cwd,
        env=cli.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_temp(folder: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".gov-deadlines.") for p in folder.iterdir()):
            time.sleep(0.3)  # well inside the run
            return
        time.sleep(0.05)
    pytest.fail("the run ended before its temporary output appeared: make the register larger")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_leaves_no_temp_file(cli: CLI, tmp_path: Path, sig: signal.Signals) -> None:
    """Ctrl-C or kill during a check with -o: no output, no temporary file, a message."""
    _register(tmp_path / "台账.csv", 400_000)
    proc = _start(
        cli, "check", "台账.csv", "--rule", "20wd", "--trigger-col", "收到日期",
        "--done-col", "答复日期", "-o", "out.csv", "--jobs", "1", cwd=tmp_path,
    )  # fmt: skip
    _wait_for_temp(tmp_path, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    stderr = err.decode("utf-8")
    _no_traceback(stderr)
    assert proc.returncode == (130 if sig == signal.SIGINT else 143)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.csv"]


@pytest.mark.slow
@pytest.mark.xfail(
    reason="known rare hang (about 1 run in 20 under load): after Ctrl-C the parent sometimes "
    "waits in the pool's shutdown and needs a second Ctrl-C; not yet diagnosed (see the issue 9 "
    "closing note). When it does not hang, every assertion below holds.",
    raises=subprocess.TimeoutExpired,
    strict=False,
)
def test_ctrl_c_with_workers(cli: CLI, tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) during
    check --jobs 2: no traceback from the workers, no temporary file."""
    _register(tmp_path / "台账.csv", 400_000)
    proc = subprocess.Popen(
        [cli.exe, "check", "台账.csv", "--rule", "20wd", "--trigger-col", "收到日期",
         "--done-col", "答复日期", "-o", "out.csv", "--jobs", "2"],
        cwd=tmp_path, env=cli.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    _wait_for_temp(tmp_path, proc)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the test stops what it started
        proc.communicate()
        raise
    stderr = err.decode("utf-8")
    _no_traceback(stderr)
    assert proc.returncode == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.csv"]


def test_stale_temp_files_removed(cli: CLI, tmp_path: Path) -> None:
    """A temporary output of a run that died (its process gone, older than 15 minutes) is
    removed by the next run writing there; a recent one and other files are kept."""
    _register(tmp_path / "台账.csv", 3)
    stale = tmp_path / ".gov-deadlines.999999999.0badf00d.out.csv.tmp"
    recent = tmp_path / ".gov-deadlines.999999998.0badf00d.out.csv.tmp"
    other = tmp_path / ".out.csv.0badf00d.tmp"  # not ours by its name
    for p in (stale, recent, other):
        p.write_bytes(b"x" * 1000)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    r = cli(
        "check", "台账.csv", "--rule", "20wd", "--trigger-col", "收到日期", "-o", "out.csv",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["台账.csv", "out.csv", recent.name, other.name]
    )


def test_help_lists_exit_statuses(cli: CLI) -> None:
    """The top-level --help says what each exit status means."""
    r = cli("--help")
    assert r.returncode == 0
    assert "exit status:" in r.stdout
    for line in ("0  success", "1  a computation", "2  usage or file error"):
        assert line in r.stdout


def test_console_script_on_path() -> None:
    """(sanity) the tests above ran the installed script."""
    assert shutil.which("gov-deadlines")
