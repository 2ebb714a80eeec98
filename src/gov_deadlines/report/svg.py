"""SVG pictures of a report: the calendar picture of a count and the bar chart of on-time rates.

Built as an element tree and serialised by :mod:`xml.etree.ElementTree`, so every text (a
register's cell, a group name) is escaped by the serialiser, never pasted into markup. The
words (weekday names, the month label) come in as arguments: no language branches here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from gov_deadlines.report.picture import Cell, Month, Picture

__all__ = ["bar_chart", "calendar_picture", "legend"]

CELL = 26  # one day, in px
_GRID_W = 7 * CELL
_HEAD = 30  # month title and weekday row
_GAP = 14
_PER_ROW = 3  # month grids side by side (fits A4 portrait)

_FILL = {
    "workday": "#ffffff",
    "weekend": "#e9e9e9",
    "holiday": "#f9d3cf",
    "makeup_workday": "#d3e6f8",
}
_INK = {
    "workday": "#222222",
    "weekend": "#888888",
    "holiday": "#a31515",
    "makeup_workday": "#0d47a1",
}
TRIGGER = "#1565c0"
DUE = "#c62828"
DONE = "#2e7d32"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in
                                     attrs.items()})
    if text is not None:
        el.text = text
    return el


def _svg(width: int, height: int, label: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
        },
    )
    _el(root, "title", label)
    return root


def calendar_picture(
    pic: Picture,
    *,
    uid: str,
    weekdays: Sequence[str],
    month_label: str,
    marks: Mapping[str, str],
    label: str,
) -> str:
    """The month grids of ``pic`` as one ``<svg>`` element (text).

    ``uid`` makes the hatch pattern's id unique in the page; ``weekdays`` are seven short names,
    Monday first; ``month_label`` a format with ``{year}`` and ``{month}``; ``marks`` the
    one-character marks of ``makeup_workday`` and ``late``; ``label`` the accessible title.
    """
    rows = (len(pic.months) + _PER_ROW - 1) // _PER_ROW
    heights = [
        max(len(m.weeks) for m in pic.months[r * _PER_ROW : (r + 1) * _PER_ROW]) * CELL + _HEAD
        for r in range(rows)
    ]
    cols = min(len(pic.months), _PER_ROW)
    width = cols * _GRID_W + (cols - 1) * _GAP + 2
    height = sum(heights) + (rows - 1) * _GAP + 2
    root = _svg(width, height, label)
    defs = _el(root, "defs")
    pattern = _el(
        defs, "pattern", id=f"pause-{uid}", width=6, height=6,
        patternUnits="userSpaceOnUse", patternTransform="rotate(45)",
    )  # fmt: skip
    _el(pattern, "rect", width=3, height=6, fill="#8d6e63", fill_opacity="0.45")
    y = 1
    for r in range(rows):
        for c, month in enumerate(pic.months[r * _PER_ROW : (r + 1) * _PER_ROW]):
            x = 1 + c * (_GRID_W + _GAP)
            index = r * _PER_ROW + c
            gap = pic.gap_after is not None and index == pic.gap_after + 1
            _month(root, month, x, y, uid, weekdays, month_label, marks, gap)
        y += heights[r] + _GAP
    return ET.tostring(root, encoding="unicode")


def _month(
    root: ET.Element,
    month: Month,
    x: int,
    y: int,
    uid: str,
    weekdays: Sequence[str],
    month_label: str,
    marks: Mapping[str, str],
    gap: bool,
) -> None:
    g = _el(root, "g", transform=f"translate({x},{y})", font_family="sans-serif")
    # The count numbers share one style, set once per month (attributes repeated on 30 cells
    # would make up most of a 1,000-picture report).
    _el(g, "style", ".gd-n{font-size:10px;font-weight:bold;text-anchor:middle;fill:#111}"
        f".gd-late{{font-size:9px;font-weight:bold;text-anchor:middle;fill:{DUE}}}")  # fmt: skip
    title = month_label.format(year=month.year, month=month.month)
    _el(g, "text", ("… " if gap else "") + title, x=_GRID_W / 2, y=12, text_anchor="middle",
        font_size=12, font_weight="bold", fill="#333")  # fmt: skip
    for i, name in enumerate(weekdays):
        _el(g, "text", name, x=i * CELL + CELL / 2, y=26, text_anchor="middle", font_size=9,
            fill="#666")  # fmt: skip
    for w, week in enumerate(month.weeks):
        for i, cell in enumerate(week):
            if cell is not None:
                _day(g, cell, i * CELL, _HEAD + w * CELL, uid, marks)


def _day(g: ET.Element, cell: Cell, x: int, y: int, uid: str, marks: Mapping[str, str]) -> None:
    ink = _INK.get(cell.kind, "#222")
    box = g  # no group or title per plain day: a 1,000-picture report must stay small
    if cell.name:
        _el(box, "title", f"{cell.date.isoformat()} {cell.name}")
    _el(box, "rect", x=x, y=y, width=CELL, height=CELL, fill=_FILL.get(cell.kind, "#fff"),
        stroke="#c8c8c8")  # fmt: skip
    if cell.paused:
        _el(box, "rect", x=x + 0.5, y=y + 0.5, width=CELL - 1, height=CELL - 1,
            fill=f"url(#pause-{uid})")  # fmt: skip
    if cell.trigger or cell.restart:
        _el(box, "rect", x=x + 1.5, y=y + 1.5, width=CELL - 3, height=CELL - 3, fill="none",
            stroke=TRIGGER, stroke_width=2, stroke_dasharray="3 2" if cell.restart else "none")
    _el(box, "text", str(cell.date.day), x=x + 3, y=y + 9, font_size=8, fill=ink)
    if cell.kind == "makeup_workday":
        _el(box, "text", marks["makeup_workday"], x=x + CELL - 3, y=y + 9, font_size=7,
            text_anchor="end", fill=ink)  # fmt: skip
    if cell.number is not None:
        _el(box, "text", str(cell.number), x=x + CELL // 2, y=y + 21, class_="gd-n")
    elif cell.late is not None:
        _el(box, "text", f"+{cell.late}", x=x + CELL // 2, y=y + 21, class_="gd-late")
    r = CELL / 2 - 1.5
    if cell.due:
        _el(box, "circle", cx=x + CELL / 2, cy=y + CELL / 2, r=r, fill="none", stroke=DUE,
            stroke_width=2)  # fmt: skip
    if cell.done:
        _el(box, "circle", cx=x + CELL / 2, cy=y + CELL / 2, r=r - (3 if cell.due else 0),
            fill="none", stroke=DONE, stroke_width=2, stroke_dasharray="4 2")  # fmt: skip


def legend(words: Mapping[str, str], marks: Mapping[str, str]) -> str:
    """The key to the calendar pictures, one ``<svg>`` for the whole section."""
    items = [
        ("workday", words["legend_workday"]),
        ("weekend", words["legend_weekend"]),
        ("holiday", words["legend_holiday"]),
        ("makeup_workday", words["legend_makeup"]),
        ("pause", words["legend_pause"]),
        ("trigger", words["legend_trigger"]),
        ("due", words["legend_due"]),
        ("done", words["legend_done"]),
        ("late", words["legend_late"]),
    ]
    step = 150
    per_row = 4
    rows = (len(items) + per_row - 1) // per_row
    root = _svg(per_row * step, rows * 26, words["legend"])
    defs = _el(root, "defs")
    pattern = _el(
        defs, "pattern", id="pause-legend", width=6, height=6,
        patternUnits="userSpaceOnUse", patternTransform="rotate(45)",
    )  # fmt: skip
    _el(pattern, "rect", width=3, height=6, fill="#8d6e63", fill_opacity="0.45")
    for i, (key, text) in enumerate(items):
        x, y = (i % per_row) * step + 1, (i // per_row) * 26 + 2
        g = _el(root, "g", font_family="sans-serif")
        fill = _FILL.get(key, "#fff")
        _el(g, "rect", x=x, y=y, width=20, height=20, fill=fill, stroke="#c8c8c8")
        if key == "pause":
            _el(g, "rect", x=x, y=y, width=20, height=20, fill="url(#pause-legend)")
        elif key == "trigger":
            _el(g, "rect", x=x + 1, y=y + 1, width=18, height=18, fill="none", stroke=TRIGGER,
                stroke_width=2)  # fmt: skip
        elif key in ("due", "done"):
            _el(g, "circle", cx=x + 10, cy=y + 10, r=8, fill="none",
                stroke=DUE if key == "due" else DONE, stroke_width=2,
                stroke_dasharray="none" if key == "due" else "4 2")  # fmt: skip
        elif key == "late":
            _el(g, "text", "+1", x=x + 10, y=y + 14, font_size=9, font_weight="bold",
                text_anchor="middle", fill=DUE)  # fmt: skip
        elif key == "makeup_workday":
            _el(g, "text", marks["makeup_workday"], x=x + 10, y=y + 14, font_size=9,
                text_anchor="middle", fill=_INK[key])  # fmt: skip
        _el(g, "text", text, x=x + 26, y=y + 14, font_size=11, fill="#333")
    return ET.tostring(root, encoding="unicode")


def bar_chart(
    bars: Sequence[tuple[str, float | None, str]], *, label: str, none_text: str
) -> str:
    """Horizontal bars, one per group: ``(name, rate 0..1 or None, caption)``."""
    name_w, bar_w, row_h = 190, 320, 22
    width = name_w + bar_w + 110
    root = _svg(width, row_h * len(bars) + 24, label)
    g = _el(root, "g", font_family="sans-serif", font_size=11)
    for pct in (0, 50, 100):
        px = name_w + bar_w * pct / 100
        _el(g, "line", x1=px, y1=0, x2=px, y2=row_h * len(bars), stroke="#ccc",
            stroke_dasharray="2 2")  # fmt: skip
        _el(g, "text", f"{pct}%", x=px, y=row_h * len(bars) + 14, text_anchor="middle",
            fill="#666")  # fmt: skip
    for i, (name, rate, caption) in enumerate(bars):
        y = i * row_h
        short = name if len(name) <= 14 else name[:13] + "…"
        t = _el(g, "text", short, x=name_w - 8, y=y + 15, text_anchor="end", fill="#222")
        _el(t, "title", name)
        if rate is None:
            _el(g, "text", none_text, x=name_w + 4, y=y + 15, fill="#888")
            continue
        _el(g, "rect", x=name_w, y=y + 4, width=round(bar_w * rate, 1), height=row_h - 8,
            fill="#2e7d32" if rate >= 0.9 else "#f9a825" if rate >= 0.6 else "#c62828")
        _el(g, "text", caption, x=name_w + bar_w + 6, y=y + 15, fill="#222")
    return ET.tostring(root, encoding="unicode")
