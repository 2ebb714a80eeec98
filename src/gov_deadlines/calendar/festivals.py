"""Festival dates and the statutory days (法定节假日) of each version of the holiday rules.

Two kinds of data, kept apart:

- **Festival dates** (节日日期): the Gregorian dates of 春节 (正月初一) and 除夕, 端午
  (五月初五), 中秋 (八月十五) and the 清明 solar term, 2004-2060, in ``data/festivals.json``.
  The file is generated at development time by ``scripts/make_festivals.py`` (lunardate,
  cross-checked against chinese-calendar and an astronomical computation); nothing here computes
  a lunar date, so the package needs no lunar-calendar library at run time. The file is read on
  first use.
- **Holiday rules** (《全国年节及纪念日放假办法》 Art. 2): which days of each holiday are statutory,
  in each version of the rules, with its citation and the dates it was in force, in
  ``data/holiday_rules.toml``.

:func:`statutory_days` combines them: the statutory days a year's notice must give off.

>>> [f"{d:%m-%d} {label}" for d, label, _ in statutory_days(2025).days["春节"]]
['01-28 除夕', '01-29 正月初一', '01-30 正月初二', '01-31 正月初三']
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

import attrs

__all__ = [
    "Festivals",
    "HolidayRules",
    "StatutoryDays",
    "festival_years",
    "festivals",
    "holiday_rules",
    "statutory_days",
]


@attrs.frozen
class Festivals:
    """The festival dates of one Gregorian year.

    ``eve`` (除夕) is the last day of the 12th lunar month, the day before ``spring_festival``;
    ``eve_lunar_day`` says whether that is 腊月二十九 (29) or 腊月三十 (30).

    >>> festivals(2026).eve, festivals(2026).eve_lunar_day
    (datetime.date(2026, 2, 16), 29)
    """

    year: int
    spring_festival: dt.date
    eve: dt.date
    eve_lunar_day: int
    dragon_boat: dt.date
    mid_autumn: dt.date
    qingming: dt.date

    def by_key(self, key: str) -> dt.date:
        """The date of a festival day key: ``"eve"``, ``"spring+N"`` (正月初一 + N days),
        ``"qingming"``, ``"dragon_boat"``, ``"mid_autumn"``.

        >>> festivals(2026).by_key("spring+2")
        datetime.date(2026, 2, 19)
        """
        if key.startswith("spring+"):
            return self.spring_festival + dt.timedelta(days=int(key[7:]))
        named = {
            "eve": self.eve,
            "qingming": self.qingming,
            "dragon_boat": self.dragon_boat,
            "mid_autumn": self.mid_autumn,
        }
        return named[key]

    def lunar(self, month: int, day: int) -> dt.date | None:
        """The Gregorian date of a lunar day near a festival, or None if the table cannot tell.

        Month 1 (正月) and 12 (腊月, of the lunar year before) are counted from 春节, month 5 from
        端午 and month 8 from 中秋; other months are not known here.

        >>> festivals(2026).lunar(12, 28), festivals(2026).lunar(1, 7)
        (datetime.date(2026, 2, 15), datetime.date(2026, 2, 23))
        """
        if not 1 <= day <= 30:
            return None
        if month == 1 and day <= 29:
            return self.spring_festival + dt.timedelta(days=day - 1)
        if month == 12 and day <= self.eve_lunar_day:
            return self.eve - dt.timedelta(days=self.eve_lunar_day - day)
        if month == 5 and day <= 29:
            return self.dragon_boat + dt.timedelta(days=day - 5)
        if month == 8 and day <= 29:
            return self.mid_autumn + dt.timedelta(days=day - 15)
        return None


@functools.cache
def _table() -> tuple[int, int, Mapping[int, Festivals]]:
    import json  # deferred: the table is only needed when a notice is checked
    from importlib.resources import files

    raw = json.loads(files("gov_deadlines.calendar").joinpath("data/festivals.json").read_text())
    table = {
        int(year): Festivals(
            int(year),
            dt.date.fromisoformat(v["spring_festival"]),
            dt.date.fromisoformat(v["eve"]),
            int(v["eve_lunar_day"]),
            dt.date.fromisoformat(v["dragon_boat"]),
            dt.date.fromisoformat(v["mid_autumn"]),
            dt.date.fromisoformat(v["qingming"]),
        )
        for year, v in raw["years"].items()
    }
    return int(raw["first_year"]), int(raw["last_year"]), table


def festival_years() -> tuple[int, int]:
    """The first and last year of the festival table.

    >>> festival_years()
    (2004, 2060)
    """
    first, last, _ = _table()
    return first, last


def festivals(year: int) -> Festivals | None:
    """The festival dates of ``year``, or None outside :func:`festival_years`."""
    return _table()[2].get(year)


#: Day keys of the rules: fixed dates ``"M-D"``, or a festival (``"spring+N"`` is 正月初一 + N).
_LABELS = {
    "eve": ("除夕", "Spring Festival Eve"),
    "spring+0": ("正月初一", "1st day of the 1st lunar month"),
    "spring+1": ("正月初二", "2nd day of the 1st lunar month"),
    "spring+2": ("正月初三", "3rd day of the 1st lunar month"),
    "qingming": ("清明", "Qingming solar term"),
    "dragon_boat": ("五月初五", "5th day of the 5th lunar month"),
    "mid_autumn": ("八月十五", "15th day of the 8th lunar month"),
}


@attrs.frozen
class HolidayRules:
    """One version of 《全国年节及纪念日放假办法》 Art. 2: the statutory days of each holiday.

    ``days`` maps the holiday's name to day keys (``"1-1"``, ``"eve"``, ``"spring+0"``,
    ``"qingming"``, ...); ``effective`` and ``until`` bound the dates the version was in force.
    """

    citation: str
    effective: dt.date
    until: dt.date | None
    days: Mapping[str, tuple[str, ...]]

    def in_force(self, year: int) -> bool:
        """Whether this version was in force on 1 January of ``year`` (notices cover a year)."""
        jan1 = dt.date(year, 1, 1)
        return self.effective <= jan1 and (self.until is None or jan1 <= self.until)


@functools.cache
def holiday_rules() -> tuple[HolidayRules, ...]:
    """Every version of the rules a notice from 2000 on can fall under, oldest first, read from
    ``data/holiday_rules.toml``."""
    import tomllib
    from importlib.resources import files

    text = files("gov_deadlines.calendar").joinpath("data/holiday_rules.toml").read_text("utf-8")
    return tuple(
        HolidayRules(
            v["citation"],
            v["effective"],
            v.get("until"),
            {name: tuple(keys) for name, keys in v["days"].items()},
        )
        for v in tomllib.loads(text)["version"]
    )


@attrs.frozen
class StatutoryDays:
    """The statutory days of one year's holidays under the rules in force.

    ``days`` maps each holiday to ``(date, label_zh, label_en)`` triples; ``unknown`` lists the
    holidays whose dates could not be worked out (a lunar or solar-term holiday in a year outside
    the festival table): their check is skipped, never guessed.
    """

    year: int
    rules: HolidayRules
    days: Mapping[str, tuple[tuple[dt.date, str, str], ...]]
    unknown: tuple[str, ...]


def statutory_days(year: int) -> StatutoryDays | None:
    """The statutory days of ``year``, or None when no known version of the rules covers it.

    >>> sd = statutory_days(2019)
    >>> sd.days["劳动节"], sd.unknown
    (((datetime.date(2019, 5, 1), '5月1日', '1 May'),), ())
    """
    rules = next((r for r in holiday_rules() if r.in_force(year)), None)
    if rules is None:
        return None
    fest = festivals(year)
    days: dict[str, tuple[tuple[dt.date, str, str], ...]] = {}
    unknown: list[str] = []
    for holiday, keys in rules.days.items():
        out: list[tuple[dt.date, str, str]] = []
        for key in keys:
            if key[0].isdigit():
                m, d = (int(x) for x in key.split("-"))
                when = dt.date(year, m, d)
                out.append((when, f"{m}月{d}日", f"{d} {when:%B}"))
                continue
            if fest is None:
                break
            out.append((fest.by_key(key), *_LABELS[key]))
        else:
            days[holiday] = tuple(out)
            continue
        unknown.append(holiday)
    return StatutoryDays(year, rules, days, tuple(unknown))
