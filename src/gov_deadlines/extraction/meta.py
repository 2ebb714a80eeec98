"""The document's own data: title, issuing body, document number (文号), date and year.

Read from the lines before the first heading (the header), positions in the normalised text.

>>> m = read_meta("发布机构:某市数据局\\n某市2023年政务公开工作要点\\n2023年3月1日\\n一、总则\\n")
>>> t = "发布机构:某市数据局\\n某市2023年政务公开工作要点\\n2023年3月1日\\n一、总则\\n"
>>> t[slice(*m.title)], t[slice(*m.issuer)], m.date_value, m.year
('某市2023年政务公开工作要点', '某市数据局', datetime.date(2023, 3, 1), 2023)
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from gov_deadlines.extraction.segment import Segmented, segment

__all__ = ["RawMeta", "read_meta"]

_TITLE = re.compile(r"(要点|方案|通知|意见|办法|计划|规定|细则|安排)$")
_TRAILING_PAREN = re.compile(r"\([^()]*\)$")
_ISSUER = re.compile(r"(?:发布机构|发文机关|发文单位|印发机关|来源)[:：]")
_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[(【]\d{4}[〕\])】]\d{1,4}号$")
_CN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_ISO_DATE = re.compile(
    r"(?:发布日期|发布时间|时间|日期|成文日期)?[:：]?(\d{4})-(\d{1,2})-(\d{1,2})"
)
_YEAR = re.compile(r"(\d{4})年")


@attrs.frozen
class RawMeta:
    """Spans in the normalised text (``(start, end)``) and the values read from them."""

    title: tuple[int, int] | None = None
    issuer: tuple[int, int] | None = None
    number: tuple[int, int] | None = None
    date: tuple[int, int] | None = None
    date_value: dt.date | None = None
    year: int | None = None


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def read_meta(text: str, doc: Segmented | None = None) -> RawMeta:
    """The metadata of the normalised ``text`` (segmented already when ``doc`` is given)."""
    doc = doc or segment(text)
    title = issuer = number = own_date = page_date = None
    own_value = page_value = None
    for block in doc.blocks:
        if block.kind == "heading" or block.level:
            break
        a, b = block.start, block.end
        while a < b and text[a] in "•·*-":
            a += 1
        line = text[a:b]
        core_end = b
        paren = _TRAILING_PAREN.search(line)
        if paren:
            core_end = a + paren.start()
        if b - a <= 60 and "《" not in line and _TITLE.search(text, a, core_end):
            title = (a, core_end)
        if (m := _ISSUER.match(line)) and (issuer is None or not m.group().startswith("来源")):
            issuer = (a + m.end(), b)
        if number is None and _NUMBER.match(line):
            number = (a, b)
        if (m := _CN_DATE.match(line)) and (v := _date(*m.groups())):
            own_date, own_value = (a, b), v
        elif page_date is None and (m := _ISO_DATE.match(line)) and (v := _date(*m.groups())):
            page_date, page_value = (a + m.start(1), a + m.end(3)), v
    year = None
    if title is not None and (m := _YEAR.search(text, *title)):
        year = int(m.group(1))
    if own_date is not None:
        return RawMeta(title, issuer, number, own_date, own_value, year)
    return RawMeta(title, issuer, number, page_date, page_value, year)
