"""Readers that turn calendar data into :class:`YearData` records.

Two inputs exist: the national tables bundled with chinese-calendar, and files (or mappings) in
the holiday-cn JSON schema -- ``{"year": 2027, "papers": [...], "days": [{"name": "春节",
"date": "2027-02-06", "isOffDay": true}]}`` -- used for new years, corrections and regional
overlays (which may add ``"region"``). Only exceptions to the Monday-Friday week are stored.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Union

import attrs

from gov_deadlines.calendar.day import DataSource
from gov_deadlines.errors import CalendarDataError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_JSON_DEPTH",
    "DataInput",
    "YearData",
    "bundled_errata",
    "bundled_national",
    "load_json",
    "read_holiday_cn",
]

#: A path to a holiday-cn JSON file, or the already-parsed mapping.
DataInput = Union[str, "os.PathLike[str]", Mapping[str, Any]]


@attrs.frozen
class YearData:
    """The arrangement of one or more years from one source.

    ``years`` are the years the source defines completely (every day not listed follows the
    Monday-Friday week); ``days`` maps each listed date to ``(is_off, name)``. A listed date may lie
    in a neighbouring year (holiday-cn's 2019.json lists 2018-12-29, a day of the 2019 notice: see
    :func:`~gov_deadlines.calendar.blocks.notice_year`): it is used, but that year is not thereby
    covered. A record with no ``years`` is a correction layer (the errata): it overrides the
    meaning and name of the days it lists and defines nothing else.
    """

    source: DataSource
    years: frozenset[int]
    days: Mapping[dt.date, tuple[bool, str]]


# The names of 《全国年节及纪念日放假办法》 Art. 2, for chinese-calendar's Holiday members.
_OFFICIAL_NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
}


#: A year file is a few kilobytes (holiday-cn's largest is under 10 KB); one far larger is not a
#: year file, and reading it whole would only cost memory.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: holiday-cn nests three deep ({"days": [{...}]}); the limit leaves room and stops a hostile
#: file ("[[[[...") before the JSON decoder's recursion does.
MAX_JSON_DEPTH = 32


def _too_big(label: str, size: int) -> CalendarDataError:
    return CalendarDataError.coded(
        "errors.calendar_data.too_big", label=label, size=size, limit=MAX_FILE_BYTES
    )


def load_json(blob: bytes, label: str) -> Any:
    """Parse a calendar file's bytes: UTF-8 JSON, at most :data:`MAX_FILE_BYTES` and nested at
    most :data:`MAX_JSON_DEPTH` deep; otherwise a :class:`CalendarDataError` naming ``label``.

    >>> load_json(b"[" * 100 + b"]" * 100, "x.json")
    Traceback (most recent call last):
    ...
    gov_deadlines.errors.CalendarDataError: x.json: JSON nested more than 32 deep; ...
    """
    import json
    import re

    if len(blob) > MAX_FILE_BYTES:
        raise _too_big(label, len(blob))
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CalendarDataError.coded(
            "errors.calendar_data.utf8", label=label, reason=exc.reason, start=exc.start
        ) from None
    depth = 0
    # Brackets outside strings, in one pass of the regex engine.
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|([\[{])|([\]}])', text):
        if m.group(1):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise CalendarDataError.coded(
                    "errors.calendar_data.depth", label=label, limit=MAX_JSON_DEPTH
                )
        elif m.group(2):
            depth -= 1
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise CalendarDataError.coded(
            "errors.calendar_data.json", label=label, detail=str(exc)
        ) from None


def bundled_errata() -> YearData:
    """Corrections to the bundled tables, each from the notice that arranged the day.

    ``errata.json`` holds one holiday-cn mapping per notice under ``"notices"``. The layer lists
    days but defines no year: it overrides what it lists, meaning and name, and nothing else
    (chinese-calendar 1.11.0 misses the working Saturday 2005-12-31 of the 2006 notice, and names
    the 2009 国庆节、中秋节 break's days as two holidays).
    """
    import hashlib
    import json
    from importlib import resources

    path = resources.files("gov_deadlines.calendar") / "data" / "national" / "errata.json"
    blob = path.read_bytes()
    raw = json.loads(blob.decode("utf-8"))
    days: dict[dt.date, tuple[bool, str]] = {}
    papers: list[str] = []
    for i, notice in enumerate(raw["notices"]):
        try:
            data = read_holiday_cn(notice)
        except CalendarDataError as exc:
            raise CalendarDataError(f"{path.name}: notices[{i}]: {exc}") from exc
        days.update(data.days)
        papers.extend(data.source.papers)
    source = DataSource(
        path.name,
        "bundled",
        path=str(path),
        sha256=hashlib.sha256(blob).hexdigest(),
        papers=tuple(papers),
        note=raw.get("note"),
    )
    return YearData(source, frozenset(), days)


def bundled_national() -> YearData:
    """The national arrangement from chinese-calendar's tables (2004 to its last year).

    Reads the package's ``holidays`` and ``workdays`` dicts directly: calling its ``is_workday``
    day by day would cost far more than the whole index build.
    """
    import chinese_calendar  # deferred: its tables cost a few ms to import

    zh = {h.value: _OFFICIAL_NAMES.get(h.name, h.chinese) for h in chinese_calendar.Holiday}
    days: dict[dt.date, tuple[bool, str]] = {}
    for d, name in chinese_calendar.holidays.items():
        days[d] = (True, zh.get(name, name))
    for d, name in chinese_calendar.workdays.items():
        days[d] = (False, zh.get(name, name))
    first = min(chinese_calendar.holidays).year
    last = max(chinese_calendar.holidays).year
    source = DataSource(f"chinese-calendar {chinese_calendar.__version__}", "bundled")
    return YearData(source, frozenset(range(first, last + 1)), days)


def read_holiday_cn(
    data: DataInput | Traversable, *, region: str | None = None, bundled: bool = False
) -> YearData:
    """Read one year in the holiday-cn JSON schema from a path or a mapping.

    Errors name the source, the field and the entry, e.g.
    ``2027.json: days[3].date: expected an ISO date like "2027-02-06", got "2027/2/6"``.

    >>> yd = read_holiday_cn({"year": 2027, "papers": [], "days": [
    ...     {"name": "元旦", "date": "2027-01-01", "isOffDay": True}]})
    >>> sorted(yd.years), yd.days[dt.date(2027, 1, 1)]
    ([2027], (True, '元旦'))
    """
    if isinstance(data, Mapping):
        raw: Any = data
        label = f"mapping for {data.get('year', '?')}"
        path = digest = None
        kind: Any = "mapping"
    else:
        import hashlib  # deferred: only files need it, and start-up stays cheap

        p = data if isinstance(data, Traversable) else Path(os.fspath(data))
        label, path, kind = p.name, str(p), ("bundled" if bundled else "file")
        try:
            if isinstance(p, Path) and p.is_file() and p.stat().st_size > MAX_FILE_BYTES:
                raise _too_big(str(p), p.stat().st_size)
            blob = p.read_bytes()
        except OSError as exc:
            raise CalendarDataError.coded(
                "errors.calendar_data.unreadable", path=p, reason=exc
            ) from exc
        digest = hashlib.sha256(blob).hexdigest()
        raw = load_json(blob, str(p))

    def fail(field: str, code: str, **fields: object) -> CalendarDataError:
        # field: where in the file (days[3].date), as the file spells it, in either language
        key = f"errors.calendar_data.{code}"
        return CalendarDataError.coded(key, label=label, field=field, **fields)

    if not isinstance(raw, Mapping):
        raise fail("top level", "top_level", type=type(raw).__name__)
    year = raw.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise fail("year", "year", value=year)
    papers = raw.get("papers", [])
    if not isinstance(papers, list) or not all(isinstance(x, str) for x in papers):
        raise fail("papers", "papers")
    file_region = raw.get("region")
    if file_region is not None and not isinstance(file_region, str):
        raise fail("region", "string", value=file_region)
    if region and file_region and region != file_region:
        raise fail("region", "region", file_region=file_region, region=region)
    entries = raw.get("days")
    if not isinstance(entries, list):
        raise fail("days", "days")

    days: dict[dt.date, tuple[bool, str]] = {}
    for i, entry in enumerate(entries):
        where = f"days[{i}]"
        if not isinstance(entry, Mapping):
            raise fail(where, "entry")
        name, when, off = entry.get("name"), entry.get("date"), entry.get("isOffDay")
        if not isinstance(name, str) or not name:
            raise fail(f"{where}.name", "name", value=name)
        if not isinstance(off, bool):
            raise fail(f"{where}.isOffDay", "bool", value=off)
        try:
            d = dt.date.fromisoformat(when) if isinstance(when, str) and len(when) == 10 else None
        except ValueError:
            d = None
        if d is None:
            raise fail(f"{where}.date", "date", year=year, value=when)
        if abs(d.year - year) > 1:
            raise fail(f"{where}.date", "date_year", when=when, year=year)
        if d in days and days[d][0] != off:
            raise fail(f"{where}.date", "date_both", when=when)
        days[d] = (off, name)

    reported = raw.get("reported", False)
    if not isinstance(reported, bool):
        raise fail("reported", "bool", value=reported)
    note = raw.get("note")
    source = DataSource(
        label,
        kind,
        region=region or file_region,
        path=path,
        sha256=digest,
        papers=tuple(papers),
        reported=reported,
        note=note if isinstance(note, str) else None,
    )
    return YearData(source, frozenset({year}), days)
