"""Reading a sentence around a time limit: its trigger, its obligation, the unit it names.

Positions are in the normalised text; the caller maps them to the original.

>>> s = "作出执法决定后,要在决定作出之日起20个工作日内,向社会公布执法结论"
>>> t = trigger(s, 0, len(s), s.index("20"))
>>> s[t[0]:t[1]]
'决定作出之日起'
>>> o = obligation(s, s.index("内") + 1, len(s))
>>> s[o[0]:o[1]]
'向社会公布执法结论'
>>> s = "各乡镇(街道),县政府各部门要制定方案"
>>> [s[a:b] for a, b in subject_units(s, 0, len(s))]
['各乡镇(街道)', '县政府各部门']
"""

from __future__ import annotations

import functools
import re

from gov_deadlines.extraction._data import load_data
from gov_deadlines.extraction.segment import split_units

__all__ = ["obligation", "subject_units", "trigger", "vague_markers"]

_PIECE_SEP = ","
_LEADING = re.compile(r"[,:、]+")
_MODAL = re.compile(r"^(?:并|均|须|要|应当|应|必须|需|务必|一律|原则上|最迟|及时)+")


@functools.cache
def _vocab() -> dict[str, re.Pattern[str]]:
    v = load_data("vocabulary")
    return {
        "unit": re.compile(f"{v['unit_suffix']}$"),
        "subject_end": re.compile(v["subject_end"]),
        "trigger_end": re.compile(v["trigger_end"]),
        "event_end": re.compile(v["event_end"]),
        "trigger_start": re.compile(v["trigger_start"]),
        "vague": re.compile("|".join(v["vague"])),
        "vague_not": re.compile("|".join(v["vague_not"])),
    }


def _piece_start(text: str, start: int, at: int) -> int:
    return max(start, text.rfind(_PIECE_SEP, start, at) + 1)


def trigger(text: str, start: int, end: int, at: int) -> tuple[int, int] | None:
    """The trigger of the limit at ``at`` in the sentence ``text[start:end]``: the words after
    在/自/于 and before the number (``在本通知下发15个工作日内``), words ending in 之日起/后/起
    (``收到申请后15日内``), or the piece before ending in 的/后/时
    (``…重新作出的,应当在3个工作日内``)."""
    v = _vocab()
    piece = _piece_start(text, start, at)
    prefix = text[piece:at]
    starts = list(v["trigger_start"].finditer(prefix))
    if starts:
        a = piece + starts[-1].end()
        if a < at:
            return a, at
        # 被撤销的应当在3个工作日内: the condition stands before the modal and 在
        before = prefix[: starts[-1].start()]
        if before and v["trigger_end"].search(before):
            return _after_subject(prefix, before, piece, v)
    elif prefix and v["event_end"].search(prefix):
        return _after_subject(prefix, prefix, piece, v)
    # The piece before, when it ends like a condition or an event.
    if piece > start:
        before_start = _piece_start(text, start, piece - 1)
        words = text[before_start : piece - 1]
        if words and v["trigger_end"].search(words):
            return before_start, piece - 1
    return None


def _after_subject(
    prefix: str, words: str, piece: int, v: dict[str, re.Pattern[str]]
) -> tuple[int, int] | None:
    """``words`` (the start of ``prefix``) without the subject and modal before them."""
    cut = 0
    for m in v["subject_end"].finditer(words):
        cut = m.end()
    return (piece + cut, piece + len(words)) if cut < len(words) else None


def obligation(text: str, after: int, end: int) -> tuple[int, int] | None:
    """What must be done: the words from ``after`` (the limit's end) to ``end``, without the
    comma and modal words in front."""
    a = after
    m = _LEADING.match(text, a, end)
    if m:
        a = m.end()
    m = _MODAL.match(text[a:end])
    if m:
        a += m.end()
    b = end
    while b > a and text[b - 1] in ",、:":
        b -= 1
    return (a, b) if b > a else None


def subject_units(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The units that open the sentence ``text[start:end]`` as its subject (``各部门要…``), when
    every name before 要/应/须/负责 ends like a unit's; else none."""
    v = _vocab()
    m = v["subject_end"].search(text, start, min(end, start + 41))
    if m is None or m.start() == start:
        return ()
    names = split_units(text, start, m.start())
    if not names:
        return ()
    for a, b in names:
        bare = re.sub(r"\([^)]*\)", "", text[a:b])
        if not v["unit"].search(bare) or len(bare) > 24:
            return ()
    return names


def vague_markers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Markers of a deadline without a measure (及时, 定期, 长期推进) in ``text[start:end]``,
    except those inside a phrase that is no obligation (不及时, 便于群众及时)."""
    v = _vocab()
    nots = [(m.start(), m.end()) for m in v["vague_not"].finditer(text, start, end)]
    return [
        (m.start(), m.end())
        for m in v["vague"].finditer(text, start, end)
        if not any(a <= m.start() and m.end() <= b for a, b in nots)
    ]
