"""Regional overlays shipped with the package, region names, provenance and the fingerprint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gov_deadlines import CalendarDataMissing, Period, WorkCalendar, check, due
from gov_deadlines.calendar.regions import resolve_region

D = dt.date
DATA = Path(__file__).resolve().parents[2] / "src/gov_deadlines/calendar/data/regions"


@pytest.mark.parametrize("name", ["宁夏", "宁夏回族自治区", "Ningxia", "ningxia", "CN-NX", "cn-nx"])
def test_region_names_resolve_to_one_region(name: str) -> None:
    """Chinese short and full names, pinyin and ISO 3166-2 codes name the same region."""
    assert resolve_region(name).code == "CN-NX"


def test_shaanxi_and_shanxi_are_different_regions() -> None:
    """陕西 (Shaanxi, CN-SN) is not 山西 (Shanxi, CN-SX)."""
    assert resolve_region("Shaanxi").name == "陕西"
    assert resolve_region("Shanxi").name == "山西"


def test_unknown_region_is_refused_with_how_to_name_one() -> None:
    """A misspelt region is an error that shows the accepted forms."""
    with pytest.raises(ValueError, match="CN-NX"):
        WorkCalendar.default(region="Ningxai")


def test_guangxi_sanyuesan_2024_is_off_in_guangxi_only() -> None:
    """壮族三月三 2024: Thu 4/11 and Fri 4/12 off in 广西, working days nationally."""
    gx = WorkCalendar.default(region="广西")
    assert not gx.is_workday(D(2024, 4, 11))
    assert WorkCalendar.default().is_workday(D(2024, 4, 11))
    # From Wed 4/10: 4/11 and 4/12 off, 4/13-14 weekend, Mon 4/15 (1)
    assert gx.add_workdays(D(2024, 4, 10), 1) == D(2024, 4, 15)
    day = gx.day(D(2024, 4, 12))
    assert (day.kind, day.name, day.source.region) == ("holiday", "壮族三月三", "广西")
    assert day.source.reported  # taken from a reproduction of the notice: flagged


def test_guangxi_2017_regional_makeup_saturday_overrides_the_national_one() -> None:
    """In 2017 广西 took Saturday 4/1 off (a national make-up day) and worked Saturday 4/8."""
    gx = WorkCalendar.default(region="CN-GX")
    national = WorkCalendar.default()
    assert national.is_workday(D(2017, 4, 1)) and not gx.is_workday(D(2017, 4, 1))
    assert not national.is_workday(D(2017, 4, 8)) and gx.is_workday(D(2017, 4, 8))


def test_ningxia_eid_days_move_a_deadline() -> None:
    """开斋节 2020 (Mon 5/25, Tue 5/26) adds two days to a 3-workday period in 宁夏."""
    nx = WorkCalendar.default(region="宁夏")
    # From Fri 5/22: 5/25 and 5/26 off, 5/27 (1), 5/28 (2), 5/29 (3)
    assert due(Period(3, "workdays"), D(2020, 5, 22), calendar=nx).due == D(2020, 5, 29)
    # Nationally: 5/25 (1), 5/26 (2), 5/27 (3)
    assert due(Period(3, "workdays"), D(2020, 5, 22)).due == D(2020, 5, 27)


def test_region_year_without_overlay_is_missing_for_that_region() -> None:
    """宁夏 has overlays for 2019-2021 only: 2024 is not silently answered nationally."""
    nx = WorkCalendar.default(region="宁夏")
    with pytest.raises(CalendarDataMissing) as info:
        nx.is_workday(D(2024, 5, 6))
    assert (info.value.year, info.value.region) == (2024, "宁夏")
    assert "with_overlay" in str(info.value)


def test_region_without_bundled_data_raises_for_every_year() -> None:
    """北京 has no bundled overlay: every question raises for the region."""
    bj = WorkCalendar.default(region="北京")
    with pytest.raises(CalendarDataMissing) as info:
        bj.add_workdays(D(2024, 3, 1), 5)
    assert info.value.region == "北京"


def test_user_overlay_extends_a_bundled_region() -> None:
    """A local government's own overlay file adds a year to the bundled ones."""
    nx = WorkCalendar.default(region="宁夏").with_overlay(
        {"year": 2024, "papers": ["test"], "days": []}, region="CN-NX"
    )
    assert 2024 in nx.years and nx.is_workday(D(2024, 5, 6))


def test_bundled_overlays_are_valid_and_carry_their_basis() -> None:
    """Every shipped overlay names a legal basis, says it is reported, and uses real weekdays."""
    files = sorted(DATA.glob("CN-*/*.json"))
    assert files
    for path in files:
        data = json.loads(path.read_text("utf-8"))
        assert data["year"] == int(path.stem)
        assert data["papers"] and data["region"] == resolve_region(path.parent.name).name
        assert data["reported"] is True and data["note"]
        for day in data["days"]:
            d = D.fromisoformat(day["date"])
            if not day["isOffDay"]:
                assert d.weekday() >= 5, f"{path.name}: make-up day {d} is not a weekend day"


def test_fingerprint_is_stable_and_tracks_the_data() -> None:
    """Same data, same fingerprint; another year or region or mode, another fingerprint."""
    a = WorkCalendar.default()
    b = WorkCalendar([*a._national])  # a fresh calendar built from the same data
    assert a.fingerprint == b.fingerprint and len(a.fingerprint) == 12
    more = a.with_years({"year": 2027, "papers": [], "days": []})
    assert more.fingerprint != a.fingerprint
    assert WorkCalendar.default(region="广西").fingerprint != a.fingerprint
    assert WorkCalendar.default(unknown_years="weekends").fingerprint != a.fingerprint


def test_fingerprint_ignores_names_but_not_meanings() -> None:
    """Renaming a holiday keeps the fingerprint; turning a day off into a working day does not."""
    base = {"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01",
                                                  "isOffDay": True}]}  # fmt: skip
    renamed = {**base, "days": [{**base["days"][0], "name": "New Year"}]}
    flipped = {**base, "days": [{**base["days"][0], "isOffDay": False}]}
    cal = WorkCalendar.default()
    assert cal.with_years(base).fingerprint == cal.with_years(renamed).fingerprint
    assert cal.with_years(base).fingerprint != cal.with_years(flipped).fingerprint


def test_results_carry_the_fingerprint() -> None:
    """Deadlines and verdicts say which calendar data they were computed with."""
    cal = WorkCalendar.default(region="广西")
    assert due("ogi.proactive", D(2024, 4, 1), calendar=cal).fingerprint == cal.fingerprint
    v = check("ogi.proactive", D(2024, 4, 1), done=D(2024, 4, 30), calendar=cal)
    assert v.fingerprint == cal.fingerprint


def test_year_sources_name_the_bundled_data_and_overlays() -> None:
    """year_sources() lists the national source first, then the region's overlay."""
    sources = WorkCalendar.default(region="广西").year_sources()
    assert list(sources) == [2017, 2023, 2024]
    national, overlay = sources[2024]
    assert national.label.startswith("chinese-calendar") and national.kind == "bundled"
    assert overlay.label == "2024.json" and overlay.sha256 and overlay.papers


def test_export_year_round_trips_through_with_years() -> None:
    """A year exported and loaded again (replace) changes no answer."""
    cal = WorkCalendar.default()
    again = cal.with_years(cal.export_year(2020), replace=True)
    for o in range(D(2020, 1, 1).toordinal(), D(2020, 12, 31).toordinal() + 1):
        d = D.fromordinal(o)
        assert again.is_workday(d) == cal.is_workday(d)
