"""What a year file may speak for, and how much of a hostile file is read (issue 9, part A)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gov_deadlines import WorkCalendar
from gov_deadlines.calendar.sources import MAX_FILE_BYTES, load_json, read_holiday_cn
from gov_deadlines.errors import CalendarDataConflict, CalendarDataError

CAL = WorkCalendar.default()


def _year(*days: tuple[str, str, bool], year: int = 2027) -> dict[str, object]:
    return {
        "year": year,
        "papers": [],
        "days": [{"name": n, "date": d, "isOffDay": off} for n, d, off in days],
    }


def test_december_day_outside_the_new_year_break_conflicts() -> None:
    """A 2027 file listing 2026-12-01 as 元旦 is a conflict, not a silent change of 2026."""
    data = _year(("元旦", "2026-12-01", True), ("元旦", "2027-01-01", True))
    with pytest.raises(CalendarDataConflict, match="2026-12-01"):
        CAL.with_years(data)


def test_december_day_not_named_new_year_conflicts() -> None:
    """A December day of another holiday is the December year's business."""
    data = _year(("春节", "2026-12-31", True), ("元旦", "2027-01-01", True))
    with pytest.raises(CalendarDataConflict, match="not named 元旦"):
        CAL.with_years(data)


def test_next_year_day_conflicts() -> None:
    """A 2027 file cannot speak for 2028."""
    with pytest.raises(CalendarDataConflict, match="a day of 2028"):
        CAL.with_years(_year(("元旦", "2028-01-01", True)))


def test_new_year_break_in_december_accepted() -> None:
    """2026-12-31 (Thursday) off, joined to 1 January 2027: part of the 2027 元旦 break."""
    cal = CAL.with_years(_year(("元旦", "2026-12-31", True), ("元旦", "2027-01-01", True)))
    assert not cal.is_workday(dt.date(2026, 12, 31))


def test_december_without_new_years_day_off_conflicts() -> None:
    """December 元旦 days need 1 January listed as a day off to belong to its break."""
    with pytest.raises(CalendarDataConflict, match="2026-12-31"):
        CAL.with_years(_year(("元旦", "2026-12-31", True)))


@pytest.mark.parametrize("year", [2007, 2008, 2012, 2019, 2023])
def test_holiday_cn_files_with_december_days_load(shared_dir: Path, year: int) -> None:
    """holiday-cn's files that list December 元旦 days (2006-12-30/31 make-up workdays in the
    2007 file, 2018-12-29..31 in the 2019 file) load as before."""
    path = shared_dir / "data" / "holiday-cn" / f"{year}.json"
    data = read_holiday_cn(path)
    december = [d for d in data.days if d.year == year - 1]
    assert december
    cal = CAL.with_years(path)
    for d in december:
        assert cal.is_workday(d) is not data.days[d][0]


def test_json_nested_too_deep() -> None:
    """Nesting beyond the limit is a CalendarDataError, not a RecursionError."""
    with pytest.raises(CalendarDataError, match="nested more than"):
        load_json(b"[" * 100_000 + b"]" * 100_000, "x.json")


def test_brackets_inside_strings_do_not_count() -> None:
    """Only structure counts toward the depth: a name full of brackets is fine."""
    assert load_json(b'{"a": "' + b"[" * 1000 + b'"}', "x.json") == {"a": "[" * 1000}


def test_file_too_large(tmp_path: Path) -> None:
    """A file over the size limit is refused before it is read."""
    path = tmp_path / "2027.json"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(CalendarDataError, match="too large"):
        CAL.with_years(path)
