"""SVG pictures of a report: the calendar picture of a count and the bar chart of on-time rates.

Built as an element tree and serialised by :mod:`xml.etree.ElementTree`, so every text (a
register's cell, a group name) is escaped by the serialiser, never pasted into markup. The
words (weekday names, the month label) come in as arguments: no language branches here.

A page of calendar pictures holds :func:`month_defs` once and :data:`CSS` in its ``<style>``;
each :func:`calendar_picture` then shows the shared month grids with ``<use>`` and draws only
its own case's marks, so 1,000 pictures are about 3 MB, not 25.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence

from gov_deadlines.report.picture import Cell, Month, Picture

__all__ = ["CSS", "bar_chart", "calendar_picture", "legend", "month_defs"]

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


#: The look of the calendar pictures, once per page (in the page's ``<style>``): the pictures
#: carry class names instead of the same attributes on every day, which made a 1,000-picture
#: page 25 MB.
CSS = (
    "svg.gd text{font-family:sans-serif}"
    ".gd-t{font-size:12px;font-weight:bold;fill:#333;text-anchor:middle}"
    ".gd-wd{font-size:9px;fill:#666;text-anchor:middle}"
    ".gd-c{fill:#fff;stroke:#c8c8c8}"
    + "".join(f".gd-c.gd-{k}{{fill:{v}}}.gd-i-{k}{{fill:{_INK[k]}}}" for k, v in _FILL.items())
    + ".gd-d{font-size:8px}.gd-mk{font-size:7px;text-anchor:end}"
    ".gd-n{font-size:10px;font-weight:bold;text-anchor:middle;fill:#111}"
    f".gd-l{{font-size:9px;font-weight:bold;text-anchor:middle;fill:{DUE}}}"
    ".gd-p{fill:url(#gd-pause)}"
    f".gd-tr{{fill:none;stroke:{TRIGGER};stroke-width:2}}.gd-rs{{stroke-dasharray:3 2}}"
    f".gd-due{{fill:none;stroke:{DUE};stroke-width:2}}"
    f".gd-done{{fill:none;stroke:{DONE};stroke-width:2;stroke-dasharray:4 2}}"
    ".gd-gap{font-size:16px;font-weight:bold;fill:#333;text-anchor:middle}"
)


def _month_id(month: Month) -> str:
    return f"gd-{month.year:04d}-{month.month:02d}"


def month_defs(
    months: Iterable[Month],
    *,
    weekdays: Sequence[str],
    month_label: str,
    marks: Mapping[str, str],
) -> str:
    """One hidden ``<svg>`` with what every picture of the page shares: the pause hatching and
    each month's grid (title, weekdays, days by kind, holiday names), drawn once and shown by
    ``<use>`` in :func:`calendar_picture`. ``weekdays`` are seven short names, Monday first;
    ``month_label`` a format with ``{year}`` and ``{month}``; ``marks`` the one-character mark
    of ``makeup_workday``."""
    # Not display:none: browsers do not paint patterns defined inside a display:none <svg>.
    root = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "width": "0",
                              "height": "0", "aria-hidden": "true",
                              "style": "position:absolute"})  # fmt: skip
    defs = _el(root, "defs")
    pattern = _el(
        defs, "pattern", id="gd-pause", width=6, height=6,
        patternUnits="userSpaceOnUse", patternTransform="rotate(45)",
    )  # fmt: skip
    _el(pattern, "rect", width=3, height=6, fill="#8d6e63", fill_opacity="0.45")
    seen: set[str] = set()
    for month in months:
        if _month_id(month) not in seen:
            seen.add(_month_id(month))
            _month_grid(defs, month, weekdays, month_label, marks)
    return ET.tostring(root, encoding="unicode")


def _month_grid(
    defs: ET.Element,
    month: Month,
    weekdays: Sequence[str],
    month_label: str,
    marks: Mapping[str, str],
) -> None:
    g = _el(defs, "g", id=_month_id(month))
    _el(g, "text", month_label.format(year=month.year, month=month.month), x=_GRID_W // 2,
        y=12, class_="gd-t")  # fmt: skip
    for i, name in enumerate(weekdays):
        _el(g, "text", name, x=i * CELL + CELL // 2, y=26, class_="gd-wd")
    cells = [(cell, i * CELL, _HEAD + w * CELL) for w, week in enumerate(month.weeks)
             for i, cell in enumerate(week) if cell is not None]  # fmt: skip
    by_kind: dict[str, list[tuple[Cell, int, int]]] = {}
    for item in cells:
        by_kind.setdefault(item[0].kind, []).append(item)
    for kind, items in by_kind.items():
        named = [it for it in items if it[0].name]
        plain = "".join(f"M{x} {y}h{CELL}v{CELL}h-{CELL}z" for c, x, y in items if not c.name)
        if plain:
            _el(g, "path", d=plain, class_=f"gd-c gd-{kind}")
        for c, x, y in named:  # a holiday's name shows when the day is pointed at
            rect = _el(g, "rect", x=x, y=y, width=CELL, height=CELL, class_=f"gd-c gd-{kind}")
            _el(rect, "title", f"{c.date.isoformat()} {c.name}")
    for kind, items in by_kind.items():
        ink = _el(g, "g", class_=f"gd-d gd-i-{kind}")
        for c, x, y in items:
            _el(ink, "text", str(c.date.day), x=x + 3, y=y + 9)
            if kind == "makeup_workday":
                _el(ink, "text", marks["makeup_workday"], x=x + CELL - 3, y=y + 9,
                    class_="gd-mk")  # fmt: skip


def calendar_picture(pic: Picture, *, label: str) -> str:
    """The month grids of ``pic`` as one ``<svg>`` element (text): each month's grid shown by
    ``<use>`` from :func:`month_defs` (which must be on the same page), with this case's own
    marks on top — count numbers, days late, pauses, trigger, due and done. ``label`` is the
    accessible title. Styled by :data:`CSS`."""
    rows = (len(pic.months) + _PER_ROW - 1) // _PER_ROW
    heights = [
        max(len(m.weeks) for m in pic.months[r * _PER_ROW : (r + 1) * _PER_ROW]) * CELL + _HEAD
        for r in range(rows)
    ]
    cols = min(len(pic.months), _PER_ROW)
    width = cols * _GRID_W + (cols - 1) * _GAP + 2
    height = sum(heights) + (rows - 1) * _GAP + 2
    root = _svg(width, height, label)
    root.set("class", "gd")
    y = 1
    for r in range(rows):
        for c, month in enumerate(pic.months[r * _PER_ROW : (r + 1) * _PER_ROW]):
            g = _el(root, "g", transform=f"translate({1 + c * (_GRID_W + _GAP)},{y})")
            _el(g, "use", href="#" + _month_id(month))
            _marks(g, month)
            if pic.gap_after is not None and r * _PER_ROW + c == pic.gap_after + 1:
                _el(g, "text", "…", x=-_GAP // 2, y=_HEAD + CELL, class_="gd-gap")
        y += heights[r] + _GAP
    return ET.tostring(root, encoding="unicode")


def _marks(g: ET.Element, month: Month) -> None:
    """One case's marks on one month: few elements, the look in :data:`CSS`."""
    cells = [(cell, i * CELL, _HEAD + w * CELL) for w, week in enumerate(month.weeks)
             for i, cell in enumerate(week) if cell is not None]  # fmt: skip
    paused = "".join(f"M{x} {y}h{CELL}v{CELL}h-{CELL}z" for c, x, y in cells if c.paused)
    if paused:
        _el(g, "path", d=paused, class_="gd-p")
    # One <text> per week and a <tspan> per day: the numbers are most of a picture's bytes.
    lines: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for c, x, y in cells:
        if c.number is not None:
            lines.setdefault(("gd-n", y), []).append((x, str(c.number)))
        elif c.late is not None:
            lines.setdefault(("gd-l", y), []).append((x, f"+{c.late}"))
    groups = {cls: _el(g, "g", class_=cls) for cls in dict.fromkeys(k for k, _ in lines)}
    for (cls, y), items in lines.items():
        text = _el(groups[cls], "text", y=y + 21)
        for x, label in items:
            _el(text, "tspan", label, x=x + CELL // 2)
    for c, x, y in cells:
        if c.trigger or c.restart:
            _el(g, "rect", x=x + 1.5, y=y + 1.5, width=CELL - 3, height=CELL - 3,
                class_="gd-tr gd-rs" if c.restart else "gd-tr")  # fmt: skip
        if c.due:
            _el(g, "circle", cx=x + CELL // 2, cy=y + CELL // 2, r=CELL / 2 - 1.5,
                class_="gd-due")  # fmt: skip
        if c.done:
            _el(g, "circle", cx=x + CELL // 2, cy=y + CELL // 2,
                r=CELL / 2 - (4.5 if c.due else 1.5), class_="gd-done")  # fmt: skip


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
