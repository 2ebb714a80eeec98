"""Differential tests: every day of the calendar against two independent transcriptions.

chinese-calendar's ``is_workday`` (2004-2026) and the holiday-cn JSON files in
``../shared/data/holiday-cn`` (2007-2026) were written by different people from the same State
Council notices; the calendar must agree with both on every single day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import chinese_calendar
import pytest

from gov_deadlines import WorkCalendar

CAL = WorkCalendar.default()
HOLIDAY_CN_YEARS = range(2007, 2027)


def every_day(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Each date from ``first`` to ``last`` inclusive."""
    for o in range(first.toordinal(), last.toordinal() + 1):
        yield dt.date.fromordinal(o)


def first_mismatches(rows: list[tuple[dt.date, object, object]]) -> str:
    """The first few (date, expected, actual) rows, for a readable failure message."""
    return "\n".join(f"{d} ({d:%a}): expected {e}, got {a}" for d, e, a in rows[:10])


@pytest.fixture(scope="module")
def holiday_cn(shared_dir: Path) -> dict[dt.date, tuple[bool, str]]:
    """Every listed day of every holiday-cn file, merged: date -> (is_off, file that lists it).

    A year file may list days of a neighbouring year (2019.json holds 2018-12-29), so the files
    are merged before anything is compared; two files disagreeing about a date fails here.
    """
    merged: dict[dt.date, tuple[bool, str]] = {}
    for year in HOLIDAY_CN_YEARS:
        path = shared_dir / "data" / "holiday-cn" / f"{year}.json"
        for entry in json.loads(path.read_text(encoding="utf-8"))["days"]:
            d, off = dt.date.fromisoformat(entry["date"]), entry["isOffDay"]
            if d in merged:
                assert merged[d][0] == off, f"{d}: {merged[d][1]} and {path.name} disagree"
            merged[d] = (off, path.name)
    return merged


# Days where chinese-calendar 1.11.0 contradicts the State Council notice, with the notice's
# meaning (True: working). Written out here from the notice, independent of the package's errata.
NOTICE_ERRATA = {
    # 2006 notice: "12月31日（星期六）上班" (chinese-calendar issue #125)
    dt.date(2005, 12, 31): True,
}


def test_is_workday_equals_chinese_calendar_on_every_day_2004_to_2026() -> None:
    """is_workday equals chinese_calendar.is_workday on each day of 2004-01-01..2026-12-31,
    except the known errata, where it follows the notice."""
    rows = [
        (d, expected, actual)
        for d in every_day(dt.date(2004, 1, 1), dt.date(2026, 12, 31))
        if (expected := NOTICE_ERRATA.get(d, chinese_calendar.is_workday(d)))
        != (actual := CAL.is_workday(d))
    ]
    assert not rows, first_mismatches(rows)


def test_errata_are_real_disagreements_with_chinese_calendar() -> None:
    """Each erratum is a day chinese-calendar gets wrong (else it should be dropped)."""
    for d, working in NOTICE_ERRATA.items():
        assert chinese_calendar.is_workday(d) != working
        assert CAL.day(d).source.label == "errata.json"


def test_is_workday_equals_holiday_cn_on_every_day_2007_to_2026(
    holiday_cn: dict[dt.date, tuple[bool, str]],
) -> None:
    """is_workday equals the merged holiday-cn files on each day of 2007-01-01..2026-12-31."""
    rows = []
    for d in every_day(dt.date(2007, 1, 1), dt.date(2026, 12, 31)):
        listed = holiday_cn.get(d)
        expected = not listed[0] if listed else d.weekday() < 5  # unlisted: Monday-Friday
        if expected != (actual := CAL.is_workday(d)):
            rows.append((d, expected, actual))
    assert not rows, first_mismatches(rows)


def test_day_agrees_with_is_workday_on_every_day() -> None:
    """day(d).is_workday equals is_workday(d), and each kind fits its weekday, every day."""
    rows = []
    for d in every_day(dt.date(2004, 1, 1), dt.date(2026, 12, 31)):
        day, weekend = CAL.day(d), d.weekday() >= 5
        consistent = (
            day.date == d
            and day.is_workday == CAL.is_workday(d)
            and (day.kind != "weekend" or (weekend and day.name is None))
            and (day.kind != "makeup_workday" or (weekend and day.name is not None))
            and (day.kind != "holiday" or day.name is not None)
            and not day.provisional
        )
        if not consistent:
            rows.append((d, CAL.is_workday(d), day))
    assert not rows, first_mismatches(rows)
