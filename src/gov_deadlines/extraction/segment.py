"""A normalised document cut into blocks (lines), headings, sentences, unit lines and table rows.

Plans come in three shapes, all read here: numbered sections (一、 (一) 1. (1)), a 分工方案 whose
items are followed by ``牵头单位:``/``责任单位:`` lines, and a table scraped one cell per line whose
rows end with a unit cell and a 完成时限 cell.

>>> doc = segment("一、总则\\n(一)公开。各部门要及时公开。\\n牵头单位:区办公室\\n")
>>> [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
[('heading', '一、总则'), ('body', '(一)公开。各部门要及时公开。'), ('lead', '牵头单位:区办公室')]
>>> [doc.text[a:b] for a, b in doc.blocks[1].headings]
['一、总则', '(一)公开']
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import attrs

from gov_deadlines.extraction._data import load_data

__all__ = ["Block", "Segmented", "segment", "sentences", "split_units"]

BlockKind = Literal["heading", "body", "lead", "units", "time", "unit_cell"]

_LEVELS = (
    re.compile(r"[一二三四五六七八九十]{1,3}、"),
    re.compile(r"\([一二三四五六七八九十]{1,3}\)"),
    re.compile(r"\d{1,2}[.、](?!\d)"),
    re.compile(r"\(\d{1,2}\)"),
    re.compile(r"[①-⑳]"),
)
_SENTENCE = re.compile(r"[^。;!?\n]+")
_UNIT_SEP = re.compile(r"[^、,;/]+")


@attrs.frozen
class Block:
    """One line of the normalised text, ``[start, end)``, and what it is.

    ``headings``: the heading path it sits under (spans in the normalised text; a block with
    an inline heading, ``(一)落实主动公开。围绕…``, includes its own); ``inline_heading``: that
    heading's end, so its sentence is not read as a clause; ``lead``/``units``: the unit
    spans of its item's ``牵头单位``/``责任单位`` lines or of its table row's unit cell;
    ``row_task``: the first body block of its table row (for a 完成时限 cell)."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    headings: tuple[tuple[int, int], ...] = ()
    inline_heading: int | None = None
    lead: tuple[tuple[int, int], ...] = ()
    units: tuple[tuple[int, int], ...] = ()
    row_task: tuple[int, int] | None = None


@attrs.frozen
class Segmented:
    """The normalised text and its blocks, in order."""

    text: str
    blocks: tuple[Block, ...]


@functools.cache
def _vocab() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = load_data("vocabulary")
    strip = "|".join(map(re.escape, sorted(v["unit_strip"], key=len, reverse=True)))
    return (
        re.compile(v["lead_label"]),
        re.compile(v["units_label"]),
        re.compile(v["time_cell"]),
        re.compile(f"(?:{strip})+$"),
    )


def split_units(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The units named in ``text[start:end]``, split at 、 , ; / and without 等, 按职能分工落实."""
    strip = _vocab()[3]
    out = []
    for m in _UNIT_SEP.finditer(text, start, end):
        a, b = m.start(), m.end()
        tail = strip.search(text, a, b)
        if tail is not None:
            b = tail.start()
        if b > a:
            out.append((a, b))
    return tuple(out)


def _heading(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The heading level of a block and where its title ends, or None for a plain block."""
    for level, pattern in enumerate(_LEVELS, 1):
        if pattern.match(text, start, end):
            stop = text.find("。", start, end)
            if stop == -1:
                return (level, end) if end - start <= 60 else None
            return level, stop
    return None


def segment(text: str) -> Segmented:
    """Blocks of the normalised ``text``, with heading paths, unit lines and table rows read."""
    lead_re, units_re, time_re, _ = _vocab()
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    kinds: list[BlockKind] = []
    info: list[tuple[int, int | None]] = []
    for a, b in lines:
        line = text[a:b]
        head = _heading(text, a, b)
        if lead_re.match(line):
            kinds.append("lead")
        elif units_re.match(line):
            kinds.append("units")
        elif time_re.match(line):
            kinds.append("time")
        elif head is not None and head[1] >= b - 1:  # the title is the whole line
            kinds.append("heading")
        else:
            kinds.append("body")
        info.append(head if head is not None else (0, None))
    # Table rows: a 完成时限 cell follows the row's unit cell (a short line with no 。) inside
    # the body (after the first heading); any other date on a line of its own is plain text.
    body_from = next((i for i, (level, _) in enumerate(info) if level), len(lines))
    for i, kind in enumerate(kinds):
        if kind != "time":
            continue
        a, b = lines[i - 1] if i else (0, 0)
        if i > body_from and kinds[i - 1] == "body" and b - a <= 80 and "。" not in text[a:b] \
                and info[i - 1][0] == 0:  # fmt: skip
            kinds[i - 1] = "unit_cell"
        else:
            kinds[i] = "body"
    blocks: list[Block] = []
    stack: list[tuple[int, tuple[int, int]]] = []
    for (a, b), kind, (level, stop) in zip(lines, kinds, info, strict=True):
        inline = None
        if level:
            title_end = stop if stop is not None else b
            if kind == "heading" and text[title_end - 1 : title_end] == "。":
                title_end -= 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, (a, title_end)))
            if kind == "body":
                inline = title_end
        blocks.append(Block(kind, a, b, level, tuple(s for _, s in stack), inline))
    return Segmented(text, tuple(_attach_units(text, blocks, lead_re, units_re)))


def _attach_units(
    text: str, blocks: list[Block], lead_re: re.Pattern[str], units_re: re.Pattern[str]
) -> list[Block]:
    out = list(blocks)
    # 分工方案: the lead/units lines after an item belong to the body blocks since the last
    # heading or unit line.
    group: list[int] = []
    i = 0
    while i < len(out):
        kind = out[i].kind
        if kind in ("lead", "units"):
            lead: tuple[tuple[int, int], ...] = ()
            units: tuple[tuple[int, int], ...] = ()
            while i < len(out) and out[i].kind in ("lead", "units"):
                b = out[i]
                label = (lead_re if b.kind == "lead" else units_re).match(text[b.start : b.end])
                assert label is not None  # the block's kind says it matched
                found = split_units(text, b.start + label.end(), b.end)
                if b.kind == "lead":
                    lead += found
                else:
                    units += found
                i += 1
            for j in group:
                out[j] = attrs.evolve(out[j], lead=lead, units=units)
            group = []
            continue
        if kind == "heading" or kind == "time":
            group = []
        elif kind == "body":
            group.append(i)
        i += 1
    # Tables: the body blocks of a row take the unit cell; the time cell takes it and the task.
    row: list[int] = []
    for i, b in enumerate(out):
        if b.kind == "body":
            row.append(i)
        elif b.kind == "heading":
            row = []
        elif b.kind == "time":
            cell = out[i - 1] if i and out[i - 1].kind == "unit_cell" else None
            units = split_units(text, cell.start, cell.end) if cell else ()
            for j in row:
                if not out[j].units and not out[j].lead:
                    out[j] = attrs.evolve(out[j], units=units)
            task = (out[row[0]].start, out[row[0]].end) if row else None
            out[i] = attrs.evolve(b, units=units, row_task=task)
            row = []
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]``: split at 。 ; ! ? and line ends."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text, start, end)]
