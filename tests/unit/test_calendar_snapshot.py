"""The calendar snapshot behind the CLI's fast start: rebuilt from chinese-calendar, the errata and
the catalog it equals the committed file; the fast path answers as the full command line does, byte
for byte, and steps aside whenever it cannot be sure (a changed input, other options, other
spellings, days outside the bundled years)."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import gov_deadlines._calendar_snapshot as data
from gov_deadlines import WorkCalendar
from gov_deadlines.calendar.snapshot import input_files, render
from gov_deadlines.cli import fast, main

SNAPSHOT = Path(data.__file__)


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast, "_CACHE", [])
    monkeypatch.delenv("GOV_DEADLINES_DATA", raising=False)


def test_committed_file_is_current() -> None:
    """The committed snapshot is what the generator makes from today's sources
    (python scripts/make_calendar_snapshot.py writes it)."""
    assert SNAPSHOT.read_text("utf-8") == render()


def test_fingerprint_unchanged() -> None:
    """The snapshot was made from the calendar the library builds: same fingerprint."""
    assert WorkCalendar.default(data_dir="").fingerprint == data.FINGERPRINT


def test_every_day_matches_the_calendar() -> None:
    """Every day of the bundled years: working or not, kind and name as WorkCalendar.day says."""
    cal = WorkCalendar.default(data_dir="")
    first, last, days, flags = fast._snapshot() or pytest.fail("snapshot not used")
    assert (dt.date.fromordinal(first), dt.date.fromordinal(last)) == cal.coverage
    kinds = {".": "workday", ":": "weekend"}
    for i, code in enumerate(days):
        day = cal.day(dt.date.fromordinal(first + i))
        assert data.OTHER_SOURCES.get(i, data.SOURCE) == str(day.source)
        kind = kinds.get(code) or ("holiday" if code.isupper() else "makeup_workday")
        name = None if code in kinds else data.NAMES[ord(code.upper()) - ord("A")]
        assert (kind, name, flags[i] == "1") == (day.kind, day.name, day.is_workday), day


CASES = [
    ["add", "2024-02-08", "20"],
    ["add", "2024-02-09", "1"],  # 2/10-17 春节, 2/18 调休上班
    ["add", "2025-01-24", "5"],
    ["add", "2004-01-01", "1"],
    ["add", "2026-12-30", "1"],
    ["add", "2004-01-01", "5600"],
    ["between", "2024-02-08", "2024-02-19"],
    ["between", "2024-02-19", "2024-02-08"],
    ["between", "2024-02-08", "2024-02-08"],
    ["between", "2004-01-01", "2026-12-31"],
    ["is-workday", "2024-02-18"],
    ["is-workday", "2024-02-17"],
    ["is-workday", "2015-09-05"],  # a Saturday inside the 70th anniversary break
    ["is-workday", "2009-10-03"],  # errata: 国庆节、中秋节
    ["is-workday", "2005-12-31"],  # errata: a working Saturday
    ["is-workday", "2024-02-19"],
    ["is-workday", "2024-02-24"],
    ["add", "2024/2/8", "20"],
    ["add", "2024.2.8", "020"],
    ["add", "20240208", "20", "--json"],
    ["add", "2024年2月8日", "20"],
    ["between", "2024年2月8号", "2024/02/19", "--json"],
    ["between", "2024-02-19", "2024-02-08", "--json"],
    ["is-workday", "2024年2月18日"],
    ["is-workday", "2024-02-18", "--json"],
    ["is-workday", "2024-02-24", "--json"],  # a weekend: name null
    ["is-workday", "2009-10-03", "--json"],  # source errata.json
    ["is-workday", "2015-09-05", "--json"],  # a weekend in a break: the break's source
    ["is-workday", "2005-12-31", "-q", "--json"],
]


@pytest.mark.parametrize("argv", CASES, ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fast_equals_full(argv: list[str], lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The fast answer is the full command line's: status, stdout and stderr."""
    argv = [*argv, "--lang", lang]
    fast._CACHE.clear()
    quick = (fast.run(argv), *capsys.readouterr())
    assert quick[0] is not None, "the fast path declined"
    # With the option before the command, main() takes the full path (fast.run declines it).
    full = (main(["--lang", lang, *argv]), *capsys.readouterr())
    assert quick == full


@pytest.mark.parametrize("quiet", ["-q", "--quiet"])
@pytest.mark.parametrize("day", ["2024-02-18", "2024-02-17"])
def test_quiet(quiet: str, day: str, capsys: pytest.CaptureFixture[str]) -> None:
    """is-workday -q: the exit status alone, as the full path gives it."""
    quick = (fast.run(["is-workday", day, quiet]), *capsys.readouterr())
    full = (main(["--lang", "en", "is-workday", day, quiet]), *capsys.readouterr())
    assert quick == full


def test_random_days_equal_full(capsys: pytest.CaptureFixture[str]) -> None:
    """Random add / between / is-workday over the bundled years equal the full command line."""
    rng = random.Random(20240208)
    cal = WorkCalendar.default(data_dir="")
    first, last = (d.toordinal() for d in cal.coverage)
    for _ in range(300):
        a = dt.date.fromordinal(rng.randint(first, last)).isoformat()
        b = dt.date.fromordinal(rng.randint(first, last)).isoformat()
        n = str(rng.choice([1, 2, 3, 5, 10, 15, 20, 30, 60, 250]))
        for argv in (["add", a, n], ["between", a, b], ["is-workday", a],
                     ["is-workday", b, "--json"]):  # fmt: skip
            quick = (fast.run(argv), *capsys.readouterr())
            if quick[0] is None:  # add past 2026: the full path answers (an error)
                assert argv[0] == "add"
                continue
            full = (main(["--lang", "en", *argv]), *capsys.readouterr())
            assert quick == full, argv


def test_spellings_read_as_parse_date_reads_them() -> None:
    """Every spelling the fast path accepts is the date parse_date gives; the ones it declines
    are spellings it does not know (parse_date may still read them, on the full path)."""
    from gov_deadlines.dates import DateParseError, parse_date

    rng = random.Random(8)
    years = ["2024", "2004", "2026", "1999", "0999", "202", "20240", "２０２４"]
    numbers = ["2", "02", "8", "08", "12", "13", "0", "00", "29", "30", "31", "123", "", "٢"]
    seps = ["-", "/", ".", "年", "月", "日", "号", "", " ", "T"]
    ends = ["", "", "日", "号", " ", ".", "日日", "星期四"]
    accepted = 0
    for _ in range(20_000):
        y, m, d = rng.choice(years), rng.choice(numbers), rng.choice(numbers)
        text = y + rng.choice(seps) + m + rng.choice(seps) + d + rng.choice(ends)
        o = fast._ordinal(text)
        if o is None:
            continue
        accepted += 1
        try:
            day = parse_date(text)
        except DateParseError:
            pytest.fail(f"fast path read {text!r}, parse_date refuses it")
        assert not isinstance(day, dt.datetime) and day.toordinal() == o, text
    assert accepted > 10
    for o in range(dt.date(2024, 1, 1).toordinal(), dt.date(2025, 1, 1).toordinal()):
        d = dt.date.fromordinal(o)
        for text in (
            d.isoformat(), f"{d:%Y%m%d}", f"{d.year}/{d.month}/{d.day}", f"{d:%Y.%m.%d}",
            f"{d.year}年{d.month}月{d.day}日", f"{d:%Y}年{d:%m}月{d:%d}号", f"{d:%Y-%m}-{d.day}",
        ):  # fmt: skip
            assert fast._ordinal(text) == o == parse_date(text).toordinal(), text


DECLINED = [
    [],
    ["due", "ogi.request.reply", "2024-02-08"],
    ["add", "2024-02-08", "20", "--unit", "days"],
    ["add", "2024-02-08", "-5"],
    ["add", "2024-02-08", "0"],
    ["add", "2024-02-08", "２０"],  # full-width digits: int() reads them, the full path decides
    ["add", "2024/2-8", "20"],
    ["add", "2024-02-08 ", "20"],
    ["add", "2024年2月8日 星期四", "20"],
    ["add", "2024-02-08T10:00", "20"],
    ["add", "45330", "20"],  # an Excel serial
    ["add", "２０２４-02-08", "20"],
    ["add", "2024-02-30", "20"],
    ["add", "-", "20"],
    ["add", "2003-12-31", "1"],
    ["add", "2026-12-31", "1"],  # the result lies in 2027: not loaded
    ["add", "2024-02-08"],
    ["add", "2024-02-08", "20", "30"],
    ["between", "2024-02-08", "2027-01-04"],
    ["between", "2024-02-08"],
    ["is-workday", "2027-01-04"],
    ["is-workday", "2024-02-18", "--region", "宁夏"],
    ["is-workday", "2024-02-18", "--lang", "fr"],
    ["is-workday", "2024-02-18", "--la", "zh"],
    ["between", "2024-02-08", "2024-02-19", "-q"],
    ["add", "--help"],
    ["--lang", "zh", "add", "2024-02-08", "20"],
]


@pytest.mark.parametrize("argv", DECLINED, ids=" ".join)
def test_declines(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Anything but the plain forms goes to the full command line, untouched."""
    assert fast.run(argv) is None
    assert capsys.readouterr() == ("", "")


def test_unencodable_output_goes_to_the_full_path(capsys: pytest.CaptureFixture[str]) -> None:
    """A console that cannot print the words: nothing is written, the full path reports it."""
    import io

    stdout = sys.stdout
    sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    try:
        assert fast.run(["is-workday", "2024-02-18", "--lang", "zh"]) is None
        sys.stdout.flush()
        assert sys.stdout.buffer.getvalue() == b""  # type: ignore[attr-defined]
    finally:
        sys.stdout = stdout


def test_a_raising_finder_goes_to_the_full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path never fails where the full path would answer."""

    class Raising:
        def find_spec(self, *args: object) -> None:
            raise ImportError("broken finder")

    monkeypatch.delitem(sys.modules, "chinese_calendar", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Raising(), *sys.meta_path])
    assert fast.run(["add", "2024-02-08", "20"]) is None


def test_declines_with_a_data_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A data directory may change any day: the full calendar answers."""
    monkeypatch.setenv("GOV_DEADLINES_DATA", "/nonexistent")
    assert fast.run(["add", "2024-02-08", "20"]) is None


@pytest.mark.parametrize("which", range(len(data.INPUTS)))
def test_stale_input_is_never_used(which: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed source file (an upgraded chinese-calendar, an edited errata file or catalog)
    makes the snapshot stale: it is not used, and the full calendar answers."""
    package, rel, size, crc = data.INPUTS[which]
    changed = list(data.INPUTS)
    changed[which] = (package, rel, size, crc ^ 1)
    monkeypatch.setattr(data, "INPUTS", tuple(changed))
    assert fast._snapshot() is None
    assert fast.run(["add", "2024-02-08", "20"]) is None


def test_missing_input_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source that cannot be found (chinese-calendar not installed) is stale too."""
    monkeypatch.setattr(data, "INPUTS", (("no_such_package_here", "x.py", 1, 0), *data.INPUTS))
    assert fast._snapshot() is None


def test_inputs_are_the_generator_inputs() -> None:
    """The files the fast path checks are the files the generator read."""
    assert [(p, r) for p, r, _ in input_files()] == [(p, r) for p, r, _, _ in data.INPUTS]
    for (package, rel, _), (_, _, size, _) in zip(input_files(), data.INPUTS, strict=True):
        assert fast._package_dir(package) is not None
        assert os.path.getsize(os.path.join(fast._package_dir(package) or "", rel)) == size


def test_console_script_imports_no_attrs() -> None:
    """The fast start stays lean: no attrs, typing, argparse, json or calendar build (beyond what
    the interpreter's own start loaded: a site .pth file may load typing, say)."""
    code = (
        "import sys; before = set(sys.modules); from gov_deadlines.cli import main;"
        "s = main(['add', '2024-02-08', '20']);"
        "heavy = {'attrs', 'attr', 'typing', 'argparse', 'json', 'chinese_calendar', 'tomllib',"
        " 'hashlib', 'importlib.resources', 'gov_deadlines.calendar', 'gov_deadlines.errors'}"
        " & (set(sys.modules) - before);"
        "print(s, sorted(heavy))"
    )
    env = {k: v for k, v in os.environ.items() if k != "GOV_DEADLINES_DATA"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.splitlines() == ["2024-03-13", "0 []"]


def test_import_is_lazy() -> None:
    """`import gov_deadlines` loads no calendar, attrs or typing; the names are there on use."""
    code = (
        "import sys; before = set(sys.modules); import gov_deadlines as g;"
        "heavy = {'attrs', 'typing', 'gov_deadlines.calendar'} & (set(sys.modules) - before);"
        "print(sorted(heavy)); print(g.WorkCalendar.__name__,"
        " g.errors.GovDeadlinesError.__name__, g.CalendarDataMissing.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "WorkCalendar GovDeadlinesError CalendarDataMissing"]
