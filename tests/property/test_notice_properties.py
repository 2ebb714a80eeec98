"""Round trip: random valid arrangements, written as notice text, parse back unchanged.

An arrangement is a set of holiday blocks around each holiday's statutory days (法定节假日) under
the rules in force that year, with make-up workdays (调休上班日) on nearby weekend days. It is
written the ways notices and the people pasting them write: 周 or 星期, full- or half-width
punctuation and digits, with or without weekday and lunar annotations, 放假调休 or 放假, 共N天 or
not, with or without a title. Parsing the text gives back exactly the days that were written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gov_deadlines.calendar.festivals import festivals, statutory_days
from gov_deadlines.calendar.notice import parse_notice

D = dt.date
CN = "〇一二三四五六七八九十"
WEEKDAYS = "一二三四五六日"
FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

Day = tuple[dt.date, bool, str]  # (date, is_off, name)


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 28 -> 二十八."""
    if n <= 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def lunar_label(d: dt.date) -> str | None:
    """The lunar name a notice writes beside ``d`` (除夕, 正月初三, 腊月二十八, ...), if any."""
    f = festivals(d.year)
    if f is None:
        return None
    if d == f.eve:
        return "农历除夕"
    k = (d - f.spring_festival).days
    if 0 <= k < 10:
        return f"农历正月初{cn_number(k + 1)}"
    k = (f.eve - d).days
    if 0 < k < 8:
        return f"农历腊月{cn_number(f.eve_lunar_day - k)}"
    if d == f.dragon_boat:
        return "农历五月初五"
    if d == f.mid_autumn:
        return "农历八月十五"
    if d == f.qingming:
        return "清明"
    return None


@st.composite
def arrangements(draw: Any) -> tuple[int, list[tuple[str, dt.date, dt.date, list[dt.date]]]]:
    """A year and its blocks: (name, first day off, last day off, make-up workdays)."""
    year = draw(st.integers(2004, 2060))
    sd = statutory_days(year)
    assert sd is not None and not sd.unknown
    chosen = draw(st.lists(st.sampled_from(sorted(sd.days)), min_size=1, max_size=7, unique=True))
    spans: list[tuple[list[str], dt.date, dt.date]] = []
    for holiday in sorted(chosen, key=lambda h: sd.days[h][0][0]):
        stat = [d for d, _, _ in sd.days[holiday]]
        start = min(stat) - dt.timedelta(days=draw(st.integers(0, 3)))
        end = max(stat) + dt.timedelta(days=draw(st.integers(0, 3)))
        if spans and start <= spans[-1][2] + dt.timedelta(days=1):
            names, a, b = spans[-1]
            if {*names, holiday} == {"中秋节", "国庆节"}:  # one combined block, as in 2009/2025
                order = [*names, holiday] if draw(st.booleans()) else [holiday, *names]
                spans[-1] = (order, min(a, start), max(b, end))
            continue  # other holidays never touch: this one is left out
        spans.append(([holiday], start, end))
    off = {a + dt.timedelta(days=k) for _, a, b in spans for k in range((b - a).days + 1)}
    used: set[dt.date] = set()
    blocks = []
    for names, a, b in spans:
        near = [a + dt.timedelta(days=k) for k in range(-20, (b - a).days + 21)]
        weekend = [
            d
            for d in near
            if d.weekday() >= 5 and d not in off and d not in used and D(year - 1, 12, 1) <= d
            if d <= D(year, 12, 31)
        ]
        makeups = (
            draw(st.lists(st.sampled_from(weekend), max_size=2, unique=True)) if weekend else []
        )
        used.update(makeups)
        blocks.append(("、".join(names), a, b, sorted(makeups)))
    return year, blocks


@st.composite
def notices(draw: Any) -> tuple[str, int | None, set[Day]]:
    """A notice text, the year to pass (None when the title says it), and the days it means."""
    year, blocks = draw(arrangements())
    full = draw(st.booleans())
    p = (
        dict(zip("():,.", "（）：，。", strict=True))
        if full
        else dict(zip("():,.", "():,.", strict=True))
    )
    week = draw(st.sampled_from(["周", "星期"]))
    weekday_notes = draw(st.booleans())
    lunar_notes = draw(st.booleans())
    range_mark = draw(st.sampled_from(["至", "—", "——", "~"]))

    def when(d: dt.date, prev: dt.date | None) -> str:
        """The date as written: the year only when needed (or sometimes anyway)."""
        notes = []
        lunar = lunar_label(d) if lunar_notes else None
        if lunar:
            notes.append(lunar)
        if weekday_notes:
            notes.append(week + WEEKDAYS[d.weekday()])
        note = p["("] + "、".join(notes) + p[")"] if notes else ""
        explicit = d.year != year or draw(st.integers(0, 9)) == 0
        if prev is not None and prev.year == d.year and prev.month == d.month and not explicit:
            return f"{d.day}日{note}"  # a bare day continuing the month
        return (f"{d.year}年" if explicit else "") + f"{d.month}月{d.day}日{note}"

    lines = []
    expected: set[Day] = set()
    for i, (name, a, b, makeups) in enumerate(blocks):
        n = (b - a).days + 1
        text = f"{cn_number(i + 1)}、{name}{p[':']}"
        if n == 1:
            text += when(a, None) + "放假"
            text += draw(st.sampled_from(["", "1天", f"{p[',']}与周末连休", f"{p[',']}共1天"]))
        else:
            text += when(a, None) + range_mark + when(b, a)
            text += draw(st.sampled_from(["放假调休", "放假"]))
            text += draw(st.sampled_from(["", f"{p[',']}共{n}天"]))
        text += p["."]
        if makeups:
            written = [when(d, prev) for prev, d in zip([None, *makeups], makeups, strict=False)]
            text += "、".join(written) + "上班" + p["."]
        lines.append(text)
        expected |= {(a + dt.timedelta(days=k), True, name) for k in range(n)}
        expected |= {(d, False, name) for d in makeups}
    body = "\n\n".join(lines)
    if draw(st.booleans()):
        body = body.translate(FULL_DIGITS)
    if draw(st.booleans()):
        title = f"国务院办公厅关于{year}年部分节假日安排的通知\n\n"
        return title + body + f"\n\n国务院办公厅\n{year - 1}年11月4日\n", None, expected
    return body, year, expected


@given(notices())
def test_written_arrangements_parse_back_unchanged(case: tuple[str, int | None, set[Day]]) -> None:
    """Every day written into the text, and no other, comes back with its meaning and name."""
    text, year, expected = case
    n = parse_notice(text, year=year)
    assert {(d.date, d.is_off, d.name) for d in n.days} == expected
    assert [d.date for d in n.days] == sorted(d.date for d in n.days)


@given(notices())
def test_year_file_round_trips(case: tuple[str, int | None, set[Day]]) -> None:
    """to_holiday_cn() lists the same days, as the schema WorkCalendar.with_years reads."""
    text, year, expected = case
    data = parse_notice(text, year=year).to_holiday_cn()
    got = {(D.fromisoformat(e["date"]), e["isOffDay"], e["name"]) for e in data["days"]}
    assert got == expected
