"""``extract``: a document in, an :class:`Extraction` out (load, normalise, segment, read).

>>> ex = extract_text("各部门要在本通知下发15个工作日内制定实施方案。")
>>> c = ex.clauses[0]
>>> c.kind, str(c.period), c.trigger.text, [u.text for u in c.units], c.obligation.text
('deadline', '15wd', '本通知下发', ['各部门'], '制定实施方案')
"""

from __future__ import annotations

import bisect
import os
from pathlib import Path

import attrs

from gov_deadlines.extraction.meta import read_meta
from gov_deadlines.extraction.model import (
    Clause,
    DocumentMeta,
    Extraction,
    Note,
    Span,
    VagueClause,
)
from gov_deadlines.extraction.normalize import Normalized, has_traditional, normalize, t2s_available
from gov_deadlines.extraction.patterns import Limit, find_limits
from gov_deadlines.extraction.reading import obligation, subject_units, trigger, vague_markers
from gov_deadlines.extraction.segment import Block, segment, sentences
from gov_deadlines.periods import Period
from gov_deadlines.rules.model import Schedule

__all__ = ["extract", "extract_file", "extract_text"]

_TRIGGERED = ("deadline", "hours", "window", "before_event")


def extract(source: str | os.PathLike[str], *, name: str | None = None) -> Extraction:
    """Read a plan from a path (``Path`` or ``os.PathLike``; a ``str`` naming an existing file
    with no line break) or from its text (any other ``str``).

    >>> extract("每年至少召开1次会议。").clauses[0].count
    1
    """
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096
        and os.path.isfile(source)
    ):  # fmt: skip
        return extract_file(source)
    return extract_text(source, source=name or "<text>")


def extract_file(path: str | os.PathLike[str]) -> Extraction:
    """Read a plan from a file: text (UTF-8, GBK), HTML, .docx or PDF (see :mod:`.load`)."""
    from gov_deadlines.extraction.load import load

    text, warnings = load(path)
    ex = extract_text(text, source=Path(os.fspath(path)).name)
    if warnings:
        ex = attrs.evolve(ex, warnings=tuple(warnings) + ex.warnings)
    return ex


class _Reader:
    """The state of one extraction: the original, its normalised copy and the spans made."""

    def __init__(self, original: str, norm: Normalized) -> None:
        self.original, self.norm, self.text = original, norm, norm.text

    def span(self, a: int, b: int) -> Span:
        oa, ob = self.norm.original_span(a, b)
        return Span(oa, ob, self.original[oa:ob])

    def spans(self, pairs: tuple[tuple[int, int], ...]) -> tuple[Span, ...]:
        return tuple(self.span(a, b) for a, b in pairs)


def extract_text(text: str, *, source: str = "<text>") -> Extraction:
    """Read a plan from its text (as scraped: page chrome, traditional characters and pinyin
    annotations are dealt with)."""
    warnings: list[str] = []
    if not t2s_available() and has_traditional(text):
        warnings.append(
            "traditional characters found but OpenCC is not installed: install the extract "
            "extra (pip install 'gov-deadlines[extract]') to read them"
        )
    norm = normalize(text)
    r = _Reader(text, norm)
    doc = segment(norm.text)
    raw = read_meta(norm.text, doc)
    meta = DocumentMeta(
        title=r.span(*raw.title) if raw.title else None,
        issuer=r.span(*raw.issuer) if raw.issuer else None,
        number=r.span(*raw.number) if raw.number else None,
        date=r.span(*raw.date) if raw.date else None,
        date_value=raw.date_value,
        year=raw.year,
    )
    clauses: list[Clause] = []
    vague: list[VagueClause] = []
    limits = find_limits(norm.text)  # each pattern scans the text once
    at = [lim.start for lim in limits]
    for block in doc.blocks:
        if block.kind == "time":
            _time_cell(r, block, clauses, vague)
        elif block.kind in ("body", "heading"):
            i, j = bisect.bisect_left(at, block.start), bisect.bisect_left(at, block.end)
            _body(r, block, limits[i:j], clauses, vague)
    return Extraction(source, text, meta, tuple(clauses), tuple(vague), tuple(warnings))


def _units(r: _Reader, block: Block, a: int, b: int) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    own = subject_units(r.text, a, b)
    if own:
        return (), r.spans(own)
    return r.spans(block.lead), r.spans(block.units)


def _body(
    r: _Reader, block: Block, found: list[Limit], clauses: list[Clause], vague: list[VagueClause]
) -> None:
    """The clauses of a block; ``found``: the limits inside it, positions in the whole text."""
    text = r.text
    section = r.spans(block.headings)
    for a, b in sentences(text, block.start, block.end):
        is_heading = block.kind == "heading" or (
            block.inline_heading is not None and a == block.start
        )
        limits = [lim for lim in found if a <= lim.start and lim.end <= b]
        if not limits:
            if is_heading:
                continue
            markers = vague_markers(text, a, b)
            if markers:
                lead, units = _units(r, block, a, b)
                vague.append(VagueClause(len(vague) + 1, r.span(a, b), r.span(*markers[0]),
                                         lead + units, section))  # fmt: skip
            continue
        lead, units = _units(r, block, a, b)
        previous_trigger: tuple[int, int] | None = None
        for i, lim in enumerate(limits):
            la, lb = lim.start, lim.end
            nxt = limits[i + 1].start if i + 1 < len(limits) else b
            trig = None
            notes: list[Note] = []
            if lim.kind in _TRIGGERED:
                own = trigger(text, a, b, la)
                trig = own or previous_trigger
                if own is None and trig is not None:
                    notes.append(Note("trigger_shared"))
                previous_trigger = trig
            if lim.kind == "frequency" and lim.verb_start is not None:
                ob = obligation(text, lim.verb_start, nxt)
            else:
                ob = obligation(text, lb, nxt)
                if ob is None:  # the limit ends the sentence: what it limits stands before it
                    start = trig[1] if trig else max(a, text.rfind(",", a, la) + 1)
                    ob = obligation(text, start, la)
            start = min(la, trig[0]) if trig else la
            piece = max(a, text.rfind(",", a, la) + 1)
            if "原则上" in text[piece:la]:  # a usual limit; the maximum may follow
                notes.append(Note("principle"))
            start = min(start, piece)
            end = max(lb, ob[1]) if ob else lb
            clauses.append(_clause(r, len(clauses) + 1, lim, (start, end), (la, lb), trig, ob,
                                   lead, units, section, tuple(notes)))  # fmt: skip


def _time_cell(r: _Reader, block: Block, clauses: list[Clause], vague: list[VagueClause]) -> None:
    text = r.text
    a, b = block.start, block.end
    section = r.spans(block.headings)
    units = r.spans(block.units)
    limits = find_limits(text[a:b])
    if not limits:  # a completion-time cell means "by": 2023年10月 is 2023年10月前
        limits = [
            attrs.evolve(lim, end=min(lim.end, b - a), text=lim.text[: b - a - lim.start],
                         notes=(*lim.notes, Note("by_cell")))
            for lim in find_limits(text[a:b] + "前")
        ]  # fmt: skip
    if not limits:  # 长期推进: a cell with no measurable time
        vague.append(VagueClause(len(vague) + 1, r.span(a, b), r.span(a, b), units, section))
        return
    task = None
    if block.row_task is not None:
        ta, tb = block.row_task
        first = sentences(text, ta, tb)
        task = obligation(text, *first[0]) if first else None
    for lim in limits:
        la, lb = a + lim.start, a + lim.end
        clauses.append(_clause(r, len(clauses) + 1, lim, (la, lb), (la, lb), None, task, (),
                               units, section))  # fmt: skip


def _clause(
    r: _Reader,
    number: int,
    lim: Limit,
    span: tuple[int, int],
    limit: tuple[int, int],
    trig: tuple[int, int] | None,
    ob: tuple[int, int] | None,
    lead: tuple[Span, ...],
    units: tuple[Span, ...],
    section: tuple[Span, ...],
    notes: tuple[Note, ...] = (),
) -> Clause:
    missing = []
    if lim.kind in _TRIGGERED and trig is None:
        missing.append("trigger")
    if ob is None:
        missing.append("obligation")
    if not lead and not units:
        missing.append("units")
    schedule = None
    if lim.schedule:
        every, month, day = lim.schedule
        schedule = Schedule(every, month, day)  # type: ignore[arg-type]  # from patterns.py
    return Clause(
        number=number,
        kind=lim.kind,  # type: ignore[arg-type]  # the pattern file's kinds are ClauseKind's
        span=r.span(*span),
        limit=r.span(*limit),
        period=Period.parse(lim.period) if lim.period else None,
        count=lim.count,
        schedule=schedule,
        year=lim.year,
        trigger=r.span(*trig) if trig else None,
        obligation=r.span(*ob) if ob else None,
        lead=lead,
        units=units,
        section=section,
        missing=tuple(missing),
        notes=lim.notes + notes,
    )
