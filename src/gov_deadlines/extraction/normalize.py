"""Normalisation with a position map back to the original text.

The extractor reads a normalised copy of the document: traditional characters made simplified
(OpenCC ``t2s`` when installed), full-width digits, letters and punctuation made half-width
(``，`` -> ``,``), spaces removed (``听取 1 次`` -> ``听取1次``), the pinyin some scrapers insert
after characters removed (``興慶區(qū)`` -> ``兴庆区``) and page chrome removed (see
``data/chrome.toml``).
Every character of the copy knows the position of the character it came from, so spans found in
the copy are reported in the original.

>>> n = normalize("區(qū)政府　１５個工作日內")
>>> n.text
'区政府15个工作日内'
>>> n.original_span(3, 10)
(8, 15)
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from gov_deadlines.extraction._data import load_data

__all__ = ["Normalized", "has_traditional", "normalize", "t2s_available"]

# Full-width ASCII (！ to ～) to half-width: digits, letters and the punctuation the patterns use.
_HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_SPACE = re.compile(r"[ \t\r\f\v\xa0\u2000-\u200b\u3000\ufeff]+")
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-zü{_TONES}]*[{_TONES}])[a-zü{_TONES}]{{1,8}}\)")
# Characters that exist only in traditional script and are frequent in plans: a cheap check for
# a warning when OpenCC is missing.
_TRADITIONAL = re.compile("[們個關區開門時發內於後與應當這為對經過實現辦機構務體條據報計劃]")


@attrs.frozen
class Normalized:
    """The normalised text and, per run of kept characters, where it sits in the original.

    ``starts``: the start of each run in ``text``; ``origins``: the same run's start in the
    original (runs are copied one to one)."""

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    original_length: int
    #: Pinyin annotations removed, as ``(start, end)`` in the original: a span ending on the
    #: character they follow takes them in (``發(fā)``, not ``發``).
    annotations: tuple[tuple[int, int], ...] = ()

    def original(self, i: int) -> int:
        """The original position of the character at ``i`` of the normalised text."""
        if i >= len(self.text):
            return self.original_length
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covering the normalised ``[start, end)``."""
        if end <= start:
            o = self.original(start)
            return o, o
        stop = self.original(end - 1) + 1
        k = bisect.bisect_left(self.annotations, (stop, -1))
        if k < len(self.annotations) and self.annotations[k][0] == stop:
            stop = self.annotations[k][1]
        return self.original(start), stop


@functools.cache
def _converter() -> Callable[[str], str] | None:
    try:
        import opencc
    except ImportError:
        return None
    cc: Any = opencc.OpenCC("t2s")
    return cc.convert  # type: ignore[no-any-return]


def t2s_available() -> bool:
    """Whether traditional characters can be converted (the ``extract`` extra's OpenCC)."""
    return _converter() is not None


def has_traditional(text: str) -> bool:
    """Whether ``text`` holds characters written only in traditional script."""
    return _TRADITIONAL.search(text) is not None


def _simplified(text: str) -> str:
    """``text`` in simplified characters, one character for one (length kept for the map)."""
    convert = _converter()
    if convert is None or text.isascii():
        return text
    out = []
    for line in text.splitlines(keepends=True):
        simple = convert(line)
        if len(simple) != len(line):  # a phrase changed length: convert character by character
            simple = "".join(c if len(s := convert(c)) != 1 else s for c in line)
        out.append(simple)
    return "".join(out)


@functools.cache
def _chrome() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load_data("chrome")
    return (
        re.compile("|".join(f"(?:{p})" for p in data["lines"])),
        re.compile("|".join(f"(?:{p})" for p in data["tail"])),
        re.compile("|".join(f"(?:{p})" for p in data["inline"])),
    )


def _runs(keep: bytearray) -> Iterable[tuple[int, int]]:
    for m in re.finditer(b"\x01+", keep):
        yield m.start(), m.end()


def _build(
    work: str, keep: bytearray, length: int, notes: tuple[tuple[int, int], ...]
) -> Normalized:
    starts, origins, parts, n = [], [], [], 0
    for a, b in _runs(keep):
        starts.append(n)
        origins.append(a)
        parts.append(work[a:b])
        n += b - a
    return Normalized("".join(parts), tuple(starts), tuple(origins), length, notes)


def normalize(text: str, *, chrome: bool = True) -> Normalized:
    """The normalised copy of ``text`` with its position map (see the module's docstring)."""
    work = _simplified(text.translate(_HALF))
    keep = bytearray(b"\x01") * len(text)
    notes = tuple((m.start(), m.end()) for m in _PINYIN.finditer(work))
    for a, b in (*((m.start(), m.end()) for m in _SPACE.finditer(work)), *notes):
        keep[a:b] = b"\x00" * (b - a)
    first = _build(work, keep, len(text), notes)
    if not chrome:
        return first
    lines, tail, inline = _chrome()
    cut: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", first.text):
        line = m.group()
        if tail.search(line):
            cut.append((m.start(), len(first.text)))
            break
        if lines.search(line):
            cut.append((m.start(), m.end()))
            continue
        cut.extend((m.start() + i.start(), m.start() + i.end()) for i in inline.finditer(line))
    if not cut:
        return first
    for a, b in cut:
        oa, ob = first.original_span(a, b)
        # Keep the line ends inside a cut: lines still separate what they separated.
        keep[oa:ob] = b"\x00" * (ob - oa)
        for i in re.finditer("\n", text[oa:ob]):
            keep[oa + i.start()] = 1
    return _build(work, keep, len(text), notes)
