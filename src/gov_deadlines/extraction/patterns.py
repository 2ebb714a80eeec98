"""Time limits in normalised text: the patterns of ``data/patterns.toml`` and Chinese numerals.

>>> [(f.kind, f.period, f.text) for f in find_limits("应当在十五个工作日内答复")]
[('deadline', '15wd', '十五个工作日内')]
>>> chinese_number("二十"), chinese_number("两"), chinese_number("一百八十")
(20, 2, 180)
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

import attrs

from gov_deadlines.extraction._data import load_data
from gov_deadlines.extraction.model import Note
from gov_deadlines.periods import chinese_number as numeral

__all__ = ["Limit", "chinese_number", "find_limits"]

_NUM = r"(?:(?<![\d.])\d{1,3}(?![\d.])|[零〇一二两三四五六七八九十百半]{1,4})"


def chinese_number(text: str) -> int | None:
    """``"20"`` or a Chinese numeral (``十五``, ``两``, ``一百八十``) as an int, read as the rule
    catalog reads periods (:func:`gov_deadlines.periods.chinese_number`); None for ``半``."""
    return None if "半" in text else numeral(text)


@attrs.frozen
class Limit:
    """A time limit found in the normalised text: ``[start, end)`` there, its kind and reading.

    ``period`` is a string :meth:`Period.parse` reads (``"20wd"``, ``"24h"``, ``"6m"``) or None;
    ``schedule`` ``(every, month, day)`` for dates; ``year`` a dated task's year; ``count`` a
    frequency's; ``verb_start`` where a frequency's verb begins (the obligation starts there);
    ``notes`` doubts for the reviewer.
    """

    kind: str
    start: int
    end: int
    text: str
    period: str | None = None
    count: int | None = None
    schedule: tuple[str, int | None, int] | None = None
    year: int | None = None
    verb_start: int | None = None
    notes: tuple[Note, ...] = ()


@functools.cache
def _compiled() -> tuple[dict[str, str], tuple[tuple[str, str, re.Pattern[str]], ...]]:
    data = load_data("patterns")
    units: dict[str, str] = data["units"]
    unit_re = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    out = []
    for p in data["pattern"]:
        regex = p["regex"].replace("{NUM}", _NUM).replace("{UNIT}", f"(?:{unit_re})")
        out.append((p["name"], p["kind"], re.compile(regex)))
    return units, tuple(out)


def _period(n_text: str, unit_text: str, units: dict[str, str]) -> tuple[str | None, list[Note]]:
    unit = units[unit_text]
    notes: list[Note] = []
    n = chinese_number(n_text)
    if n is None:  # 半: half a year is six months, half a month fifteen days
        if unit == "y":
            return "6m", notes
        if unit == "m":
            notes.append(Note("half_month"))
            return "15d", notes
        return None, notes  # half a day, an hour, a week: no period to read
    if unit == "w":
        return f"{n * 7}d", notes
    return f"{n}{unit}", notes


def _month(value: str | None) -> int | None:
    return None if value is None else chinese_number(value)


def _read(name: str, kind: str, m: re.Match[str], units: dict[str, str]) -> Limit | None:
    g: dict[str, Any] = m.groupdict()
    notes: list[Note] = []
    period = schedule = year = count = verb = None
    if kind in ("deadline", "window", "before_event"):
        n_text, unit_text = g.get("n") or g.get("n2"), g.get("unit") or g.get("unit2")
        if n_text is None or unit_text is None:
            return None
        period, more = _period(n_text, unit_text, units)
        notes += more
        if period is None:
            return None
        if period.endswith("h"):
            kind = "hours" if kind == "deadline" else kind
        if name == "range":
            notes.append(Note("range", (("lo", g["lo"]), ("hi", n_text))))
    elif kind == "frequency":
        count = chinese_number(g["count"])
        every = g["every"]
        period = {"年": "1y", "年度": "1y", "半年": "6m", "季度": "3m", "季": "3m", "月": "1m",
                  "周": "7d"}[every]  # fmt: skip
        verb = m.start("verb")
        if count is None:
            return None
    elif kind == "recurring":
        every = "quarter" if g["every"] in ("季度", "季") else "month"
        day = chinese_number(g["d"])
        month = None
        if every == "quarter":
            month = 3 if g.get("last") else (_month(g.get("qm")) or 1)
            if not g.get("last") and not g.get("qm"):
                notes.append(Note("quarter_month"))
        if day is None or not 1 <= day <= 31:
            return None
        schedule = (every, month, day)
    else:  # fixed_date, dated_task
        if g.get("yearend"):
            schedule = ("year", 12, -1)
        else:
            month = _month(g.get("m"))
            if month is None or not 1 <= month <= 12:
                return None
            if g.get("d"):
                day = chinese_number(g["d"])
                if day is None or not 1 <= day <= 31:
                    return None
            elif g.get("end"):
                day = -1
            else:
                day = -1
                notes.append(Note("no_day", (("words", m.group()), ("month", str(month)))))
            schedule = ("year", month, day)
        if g.get("y"):
            year = int(g["y"])
            kind = "dated_task"
    return Limit(kind, m.start(), m.end(), m.group(), period, count, schedule, year, verb,
                 tuple(notes))  # fmt: skip


def find_limits(text: str) -> list[Limit]:
    """Every time limit in ``text`` (normalised), in order, none overlapping another.

    Each pattern scans the whole text once; a match overlapping one of an earlier pattern is
    dropped (kept intervals are sorted, so the check is two comparisons after a bisection)."""
    units, patterns = _compiled()
    starts: list[int] = []
    ends: list[int] = []
    found: list[Limit] = []
    for name, kind, pattern in patterns:
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            k = bisect.bisect_right(starts, a)
            if (k and ends[k - 1] > a) or (k < len(starts) and starts[k] < b):
                continue
            limit = _read(name, kind, m, units)
            if limit is not None:
                starts.insert(k, a)
                ends.insert(k, b)
                found.append(limit)
    found.sort(key=lambda f: f.start)
    return found
