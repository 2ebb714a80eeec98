"""The data directory (数据目录): yearly data and local rules picked up without a release.

The directory used is ``tests/answers/data-dir``, written by hand: ``2027.json`` is an invented
TEST arrangement (no 2027 notice existed; see its ``note``): 元旦 Fri 1/1-Sun 1/3 off; 春节
Fri 2/5-Fri 2/12 off, Sun 2/14 and Sat 2/20 make-up workdays; 国庆节 Fri 10/1-Thu 10/7 off, Sun 9/26
and Sat 10/9 make-up workdays. ``ningxia-2027.json`` (宁夏) gives Wed 2027-03-10 off,
``guangxi-2027.json`` (CN-GX) Fri 2027-04-09; ``local-rules.toml`` one rule, ``local.test.reply``
(5 working days). Expected dates are counted by hand in the comments, never by the code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_deadlines import Catalog, WorkCalendar, check
from gov_deadlines.datadir import DATA_ENV, DataDir, from_env, scan
from gov_deadlines.errors import (
    CalendarDataConflict,
    CalendarDataError,
    CalendarDataMissing,
    DataDirError,
    RuleDataError,
)

SAMPLE = Path(__file__).resolve().parents[1] / "answers" / "data-dir"
D = dt.date


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A fresh copy of the hand-written data directory (tests may change it)."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "data"))


# -- scan -----------------------------------------------------------------------------------------


def test_scan_lists_year_and_rule_files_sorted(data: Path) -> None:
    """scan lists the *.json and *.toml files directly in the directory, sorted by name."""
    listing = scan(data)
    assert listing.path == data
    assert [p.name for p in listing.calendar_files] == [
        "2027.json", "guangxi-2027.json", "ningxia-2027.json",
    ]  # fmt: skip
    assert [p.name for p in listing.rule_files] == ["local-rules.toml"]
    assert all(p.parent == data for p in listing.files)


def test_scan_ignores_hidden_backup_and_subdirectory_entries(data: Path) -> None:
    """Hidden files, editor backups, temporary and other files, subdirectories: left out."""
    ignored = [".2027.json", "2027.json~", ".2027.json.swp", "2027.json.swp", "x.tmp",
               ".gov-deadlines.123.ab.2028.json.tmp", "notice.txt", "rules.toml.bak"]  # fmt: skip
    for name in ignored:
        (data / name).write_text("{not json", encoding="utf-8")
    (data / "old").mkdir()
    (data / "old" / "2026.json").write_text("{}", encoding="utf-8")
    (data / "dir.json").mkdir()  # a directory named like a file
    listing = scan(data)
    assert [p.name for p in listing.calendar_files] == [
        "2027.json", "guangxi-2027.json", "ningxia-2027.json",
    ]  # fmt: skip
    assert [p.name for p in listing.rule_files] == ["local-rules.toml"]
    assert {name for name, _, _ in listing.signature} == {
        "2027.json", "guangxi-2027.json", "ningxia-2027.json", "local-rules.toml",
    }  # fmt: skip


_STEMS = st.sampled_from(["2027", "2028", "local-rules", "宁夏 2027", "a.b"])
_SUFFIXES = st.sampled_from(
    [".json", ".JSON", ".toml", ".Toml", ".txt", "", ".json~", ".json.swp", ".tmp", ".toml.tmp"]
)
_PREFIXES = st.sampled_from(["", "", "", ".", "#"])


@settings(max_examples=40)
@given(st.sets(st.tuples(_PREFIXES, _STEMS, _SUFFIXES, st.booleans()), max_size=12))
def test_scan_takes_exactly_the_visible_json_and_toml_files(entries: set) -> None:  # type: ignore[type-arg]
    """Of any mix of names, files and directories, scan keeps the visible *.json / *.toml files."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        made: dict[str, bool] = {}
        for prefix, stem, suffix, is_dir in entries:
            name = prefix + stem + suffix
            if name in made:
                continue
            made[name] = is_dir
            (root / name).mkdir() if is_dir else (root / name).write_bytes(b"x")
        files = [n for n, is_dir in made.items() if not is_dir and not n.startswith(".")]
        want_json = sorted(n for n in files if n.lower().endswith(".json"))
        want_toml = sorted(n for n in files if n.lower().endswith(".toml"))
        listing = scan(root)
        assert [p.name for p in listing.calendar_files] == want_json
        assert [p.name for p in listing.rule_files] == want_toml
        assert sorted(n for n, _, _ in listing.signature) == sorted(want_json + want_toml)


def test_signature_changes_when_a_file_changes(data: Path) -> None:
    """A file rewritten, added or removed changes the signature; an ignored file does not."""
    first = scan(data).signature
    assert scan(data).signature == first  # nothing changed: the same
    (data / "notes.txt").write_text("ignored", encoding="utf-8")
    (data / "2027.json~").write_text("ignored", encoding="utf-8")
    assert scan(data).signature == first
    year = data / "2027.json"
    st_before = year.stat()
    year.write_bytes(year.read_bytes().replace(b"2027-10-09", b"2027-10-10"))  # same size
    os.utime(year, ns=(st_before.st_atime_ns, st_before.st_mtime_ns + 1_000_000_000))
    second = scan(data).signature
    assert second != first
    (data / "2028.json").write_text("{}", encoding="utf-8")
    third = scan(data).signature
    assert third != second
    (data / "2028.json").unlink()
    assert scan(data).signature == second


def _file(folder: Path) -> Path:
    (folder / "file.json").write_text("{}", encoding="utf-8")
    return folder / "file.json"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p / "missing", "errors.data_dir.missing"),
        (lambda p: _file(p), "errors.data_dir.not_a_directory"),
        (lambda p: _file(p) / "x", "errors.data_dir.missing"),
    ],
    ids=["missing", "a file", "under a file"],
)
def test_scan_refuses_what_is_not_a_directory(tmp_path: Path, make, code: str) -> None:  # type: ignore[no-untyped-def]
    """A missing path or a file is a DataDirError (a CalendarDataError) naming it, in zh and en."""
    path = make(tmp_path)
    with pytest.raises(DataDirError) as info:
        scan(path)
    exc = info.value
    assert isinstance(exc, CalendarDataError) and isinstance(exc, ValueError)
    assert exc.message_key == code and exc.path == path
    assert str(path) in str(exc) and "GOV_DEADLINES_DATA" in str(exc)
    assert str(path) in exc.message("zh") and "数据目录" in exc.message("zh")


def test_a_dangling_link_is_an_error_not_skipped(data: Path) -> None:
    """A symlink named 2028.json pointing nowhere is reported, naming it."""
    (data / "2028.json").symlink_to(data / "nowhere.json")
    with pytest.raises(DataDirError, match=re.escape("2028.json")):
        scan(data)


# -- the environment variable ---------------------------------------------------------------------


def test_from_env_reads_the_variable_empty_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """from_env gives the variable's value; unset or empty is None."""
    assert DATA_ENV == "GOV_DEADLINES_DATA"
    assert from_env() is None  # unset by the suite's fixture
    monkeypatch.setenv(DATA_ENV, "")
    assert from_env() is None
    monkeypatch.setenv(DATA_ENV, "/srv/数据")
    assert from_env() == "/srv/数据"
    assert from_env({}) is None
    assert from_env({DATA_ENV: ""}) is None
    assert from_env({DATA_ENV: "x"}) == "x"
    monkeypatch.delenv(DATA_ENV)
    assert from_env() is None


def test_from_env_follows_a_replaced_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """A program (or test) that replaces os.environ itself is still read correctly."""
    monkeypatch.setattr(os, "environ", {DATA_ENV: "/elsewhere"})
    assert from_env() == "/elsewhere"


# -- the calendar ---------------------------------------------------------------------------------


def test_year_file_counts_through_from_data_dir(data: Path) -> None:
    """add_workdays over the directory's 2027, counted by hand."""
    cal = WorkCalendar.from_data_dir(data)
    assert cal.coverage == (D(2004, 1, 1), D(2027, 12, 31))
    # Thu 2/4; 2/5-2/12 off; Sat 2/13; Sun 2/14 make-up workday (1)
    assert cal.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 14)
    # 2/14 (1), Mon 2/15 (2), 2/16 (3), 2/17 (4), Thu 2/18 (5)
    assert cal.add_workdays(D(2027, 2, 4), 5) == D(2027, 2, 18)
    # ... Fri 2/19 (6), Sat 2/20 make-up (7), Sun 2/21 off, Mon 2/22 (8)
    assert cal.add_workdays(D(2027, 2, 4), 8) == D(2027, 2, 22)
    # Wed 2026-12-30 (bundled 2026): Thu 12/31 (1); 1/1-1/3 off; Mon 2027-01-04 (2)
    assert cal.add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 4)
    # Fri 9/24; Sat 9/25 off; Sun 9/26 make-up workday (1)
    assert cal.add_workdays(D(2027, 9, 24), 1) == D(2027, 9, 26)
    # Thu 9/30; 10/1-10/7 off; Fri 10/8 (1); Sat 10/9 make-up (2)
    assert cal.add_workdays(D(2027, 9, 30), 2) == D(2027, 10, 9)
    # the year's notice names the day; the file is the source
    day = cal.day(D(2027, 2, 20))
    assert (day.kind, day.name, day.source.label) == ("makeup_workday", "春节", "2027.json")


def test_without_the_directory_2027_is_unknown() -> None:
    """The bundled data stops at 2026: the same question without the directory is refused."""
    with pytest.raises(CalendarDataMissing):
        WorkCalendar.default().add_workdays(D(2027, 2, 4), 1)


def test_a_file_in_the_directory_corrects_the_bundled_year(data: Path, shared_dir: Path) -> None:
    """A 2026 file in the directory overrides the bundled 2026 on the dates it decides."""
    year = json.loads((shared_dir / "data" / "holiday-cn" / "2026.json").read_text("utf-8"))
    # An invented correction for the test: Tue 2026-03-03 declared a day off.
    year["days"].append({"name": "测试更正", "date": "2026-03-03", "isOffDay": True})
    (data / "2026.json").write_text(json.dumps(year, ensure_ascii=False), encoding="utf-8")
    bundled = WorkCalendar.default()
    # Mon 3/2 -> Tue 3/3 (1) as bundled
    assert bundled.add_workdays(D(2026, 3, 2), 1) == D(2026, 3, 3)
    corrected = WorkCalendar.from_data_dir(data)
    # Mon 3/2; Tue 3/3 off (correction); Wed 3/4 (1)
    assert corrected.add_workdays(D(2026, 3, 2), 1) == D(2026, 3, 4)
    assert corrected.day(D(2026, 3, 3)).source.label == "2026.json"
    # the rest of 2026 unchanged: Fri 2026-02-13 -> Sat 2/14 make-up workday (1) in both
    assert corrected.add_workdays(D(2026, 2, 13), 1) == bundled.add_workdays(D(2026, 2, 13), 1)


def test_overlays_of_the_selected_region_only(data: Path) -> None:
    """With region=宁夏 the Ningxia overlay applies and the Guangxi one is skipped; on the
    national calendar both are skipped."""
    national = WorkCalendar.from_data_dir(data)
    ningxia = WorkCalendar.from_data_dir(data, region="CN-NX")
    guangxi = WorkCalendar.from_data_dir(data, region="广西")
    # Tue 3/9 -> Wed 3/10 (1) nationally; in Ningxia 3/10 is off: Thu 3/11 (1)
    assert national.add_workdays(D(2027, 3, 9), 1) == D(2027, 3, 10)
    assert ningxia.add_workdays(D(2027, 3, 9), 1) == D(2027, 3, 11)
    assert guangxi.add_workdays(D(2027, 3, 9), 1) == D(2027, 3, 10)
    # Thu 4/8 -> Fri 4/9 (1); in Guangxi 4/9 is off: Sat, Sun, Mon 4/12 (1)
    assert ningxia.add_workdays(D(2027, 4, 8), 1) == D(2027, 4, 9)
    assert guangxi.add_workdays(D(2027, 4, 8), 1) == D(2027, 4, 12)
    names = {s.label for s in ningxia.sources}
    assert "ningxia-2027.json" in names and "guangxi-2027.json" not in names
    assert not any(s.region for s in national.sources)


def test_an_invalid_file_is_an_error_naming_it(data: Path) -> None:
    """A broken year file raises CalendarDataError naming the file, never skipped."""
    (data / "2028.json").write_text('{"year": 2028, "days": [{"date": "2028/1/1"}]}', "utf-8")
    with pytest.raises(CalendarDataError, match=re.escape("2028.json")):
        WorkCalendar.from_data_dir(data)


def test_a_broken_overlay_of_another_region_is_still_an_error(data: Path) -> None:
    """An overlay that would be skipped is read and checked all the same."""
    (data / "guangxi-2027.json").write_text('{"year": 2027, "region": "CN-GX"', "utf-8")
    with pytest.raises(CalendarDataError, match=re.escape("guangxi-2027.json")):
        WorkCalendar.from_data_dir(data, region="宁夏")
    with pytest.raises(CalendarDataError, match=re.escape("guangxi-2027.json")):
        WorkCalendar.from_data_dir(data)


def test_two_files_of_the_directory_that_disagree_are_refused(data: Path) -> None:
    """Two files giving one date different meanings: CalendarDataConflict naming both."""
    other = json.loads((data / "2027.json").read_text("utf-8"))
    other["days"] = [d for d in other["days"] if d["date"] != "2027-02-20"]  # 2/20 a plain Sat
    (data / "2027-copy.json").write_text(json.dumps(other, ensure_ascii=False), "utf-8")
    with pytest.raises(CalendarDataConflict) as info:
        WorkCalendar.from_data_dir(data)
    assert "2027.json" in str(info.value) and "2027-copy.json" in str(info.value)
    assert "2027-02-20" in str(info.value)


def test_a_missing_directory_is_a_data_dir_error(tmp_path: Path) -> None:
    """from_data_dir of a missing directory raises DataDirError naming it."""
    with pytest.raises(DataDirError, match=re.escape("nowhere")):
        WorkCalendar.from_data_dir(tmp_path / "nowhere")


def test_default_reads_the_environment_variable(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WorkCalendar.default() with GOV_DEADLINES_DATA set includes the directory's years."""
    monkeypatch.setenv("GOV_DEADLINES_DATA", str(data))
    # Thu 2/4; 2/5-2/12 off; Sat 2/13; Sun 2/14 make-up workday (1)
    assert WorkCalendar.default().add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 14)
    # check() without a calendar uses WorkCalendar.default(): the 5th working day after Thu 2/4
    # is Thu 2/18 (2/14, 2/15, 2/16, 2/17, 2/18), so done on 2/19 is 1 working day late
    verdict = check("5wd", D(2027, 2, 4), done=D(2027, 2, 19))
    assert (verdict.due, verdict.workdays_late) == (D(2027, 2, 18), 1)
    # data_dir="" ignores the environment
    assert WorkCalendar.default(data_dir="").years[-1] == 2026


def test_default_is_cached_per_directory_from_data_dir_is_not(data: Path) -> None:
    """default() reads a directory once per process; from_data_dir reads it again."""
    first = WorkCalendar.default(data_dir=data)
    assert WorkCalendar.default(data_dir=str(data)) is first
    assert WorkCalendar.default(data_dir=scan(data)) is first
    assert WorkCalendar.default(data_dir=data / ".") is first  # the same directory, another name
    assert WorkCalendar.default(data_dir=data, region="宁夏") is not first
    (data / "2027.json").unlink()
    assert WorkCalendar.default(data_dir=data) is first  # not seen: read once
    assert WorkCalendar.from_data_dir(data).years[-1] == 2026  # seen


def test_default_without_a_directory_is_the_bundled_calendar() -> None:
    """No directory set: the very same cached bundled calendar as before."""
    assert WorkCalendar.default() is WorkCalendar.default(data_dir="")
    assert WorkCalendar.default().years == tuple(range(2004, 2027))


# -- the catalog ----------------------------------------------------------------------------------


def test_catalog_includes_the_directory_rules(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory's *.toml rules join the built-in ones, by argument or by the environment."""
    assert "local.test.reply" not in Catalog.default()
    catalog = Catalog.from_data_dir(data)
    assert "local.test.reply" in catalog and "ogi.request.reply" in catalog
    assert catalog.get("local.test.reply").source == str(data / "local-rules.toml")
    assert Catalog.default(data) is Catalog.default(str(data))  # cached
    monkeypatch.setenv("GOV_DEADLINES_DATA", str(data))
    assert "local.test.reply" in Catalog.default()
    assert "local.test.reply" not in Catalog.default("")
    # 5 working days after Thu 2027-02-04: 2/14, 2/15, 2/16, 2/17, Thu 2/18
    assert check("local.test.reply", D(2027, 2, 4), done=D(2027, 2, 18)).status == "on_time"


def test_an_invalid_rule_file_is_an_error_naming_it(data: Path) -> None:
    """A broken *.toml raises RuleDataError naming the file."""
    (data / "more.toml").write_text("[[rule]\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match=re.escape("more.toml")):
        Catalog.from_data_dir(data)


def test_a_rule_id_already_built_in_is_refused(data: Path) -> None:
    """A directory rule cannot silently replace a built-in one."""
    text = (data / "local-rules.toml").read_text("utf-8")
    (data / "local-rules.toml").write_text(
        text.replace("local.test.reply", "ogi.request.reply"), "utf-8"
    )
    with pytest.raises(RuleDataError, match=re.escape("ogi.request.reply")):
        Catalog.from_data_dir(data)


def test_data_dir_is_frozen(data: Path) -> None:
    """A DataDir is a value: it cannot be changed."""
    listing = scan(data)
    assert isinstance(listing, DataDir)
    with pytest.raises(AttributeError):
        listing.path = Path("/")  # type: ignore[misc]
