"""A check's XLSX output as a copy of the register's own workbook, with the results appended.

The workbook is copied part by part. Only what must change is rewritten: the register's sheet
(its rows streamed, result cells appended on the header row and on every record's row, at the
same row numbers), ``workbook.xml`` (the summary sheet, the filter's defined name), its
relationships, ``[Content_Types].xml`` and ``styles.xml`` (a date format, a percentage format,
the highlight). Everything else -- other sheets, column widths, merged title rows, formats,
formulas, data validations, pictures -- is copied byte for byte. Added: an autofilter over the
header and the records, a conditional format marking late and overdue rows (keyed on the status
column) and a summary sheet whose counts are ``COUNTIF`` formulas over that column, so they stay
live when the auditor edits.

Speed: openpyxl's full load and save of a 100,000-row workbook takes about a minute and holds it
all in memory; this streams the one sheet that changes (see README, Benchmarks). The XML is
scanned lexically; :mod:`gov_deadlines.io._ooxml` says why that is safe, and anything it does not
handle raises :class:`Unsupported` before a byte is written, so the caller writes a plain workbook.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING

import attrs

from gov_deadlines.errors import RegisterError
from gov_deadlines.io._ooxml import (
    ATTRS,
    MAIN_NS,
    REL_NS,
    Unsupported,
    append_child,
    attr,
    escape,
    letters,
    plain_markup,
    root_prefix,
    set_attr,
    start_tag,
)
from gov_deadlines.io.writers import RowWriter, neutralise

if TYPE_CHECKING:
    from gov_deadlines.io.writers import _FileTarget

__all__ = ["SourceSheet", "SummarySpec", "Unsupported", "XlsxCopyWriter"]

MAIN = MAIN_NS.decode()
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CHUNK = 1 << 20
_MAX_TAIL = 64 << 20  # what follows the rows (merges, validations...) is held in memory
_MAX_ROW = 64 << 20
# The elements that follow <autoFilter> and <conditionalFormatting> in CT_Worksheet's order:
# a new element goes before the first of these present, else before </worksheet>.
_AFTER_CF = (
    b"dataValidations", b"hyperlinks", b"printOptions", b"pageMargins", b"pageSetup",
    b"headerFooter", b"rowBreaks", b"colBreaks", b"customProperties", b"cellWatches",
    b"ignoredErrors", b"smartTags", b"drawing", b"legacyDrawing", b"legacyDrawingHF",
    b"drawingHF", b"picture", b"oleObjects", b"controls", b"webPublishItems", b"tableParts",
    b"extLst",
)  # fmt: skip
_AFTER_FILTER = (
    b"sortState", b"dataConsolidate", b"customSheetViews", b"mergeCells", b"phoneticPr",
    b"conditionalFormatting", *_AFTER_CF,
)  # fmt: skip


@attrs.frozen
class SourceSheet:
    """The register's sheet, as the reader found it: the workbook, the sheet's title, the row
    of the header (1-based) and the header's width in columns."""

    path: Path
    title: str
    header_line: int
    width: int


@attrs.frozen
class SummaryRow:
    """One line of the summary sheet: a label and the status code it counts."""

    label: str
    status: str


@attrs.frozen
class SummarySpec:
    """The words of the summary sheet (the CLI gives them in the user's language) and where the
    status and error columns are among the appended columns.

    ``rate`` is 按期率: on time / (on time + late), as in the HTML report. ``status_offset`` is
    the status column's place among the ``appended`` result columns.
    """

    sheet: str
    headings: tuple[str, str, str]
    rows: tuple[SummaryRow, ...]
    total: str
    errors: str
    rate: str
    status_offset: int = 1
    appended: int = 12  # the number of result columns
    widths: tuple[float, ...] = ()  # of the result columns, in Excel's character units


def _index(col: bytes) -> int:
    n = 0
    for b in col:
        n = n * 26 + (b - 64)
    return n - 1


def _sheet_ref(title: str) -> str:
    """A sheet name as a formula writes it: ``'台账 2024'!``."""
    return "'" + title.replace("'", "''") + "'!"


# ------------------------------------------------------------------------------- the package


@attrs.frozen
class _Package:
    """Where things are in the register's workbook, resolved before anything is written."""

    workbook: str
    rels: str
    sheet: str
    styles: str
    index: int  # the sheet's position among <sheets> (localSheetId)
    sheet_ids: tuple[int, ...]
    names: frozenset[str]  # sheet names, case-folded
    date1904: bool


def _resolve(base: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of a part's relationships (``_rels/x.xml.rels`` beside it)."""
    import posixpath
    import xml.etree.ElementTree as ET

    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    data = _read(zf, path)
    plain_markup(data, path)  # no DTD: ElementTree would expand its entities
    return [
        (e.get("Id", ""), e.get("Type", ""), e.get("Target", ""))
        for e in ET.fromstring(data).iter(f"{{{_PKG_REL}}}Relationship")
    ]


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        return zf.read(name)
    except KeyError:
        raise Unsupported(f"no part {name}") from None


def _package(zf: zipfile.ZipFile, title: str) -> _Package:
    import xml.etree.ElementTree as ET

    if any(n.lower().endswith("vbaproject.bin") for n in zf.namelist()):
        raise Unsupported("a macro workbook cannot be saved as .xlsx with its macros", "macro")
    main = [t for _, ty, t in _rels(zf, "") if ty == f"{_OFFICE_DOC}/officeDocument"]
    if len(main) != 1:
        raise Unsupported("no single workbook part")
    workbook = _resolve("", main[0])
    data = _read(zf, workbook)
    plain_markup(data, workbook)
    root_prefix(data, b"workbook", workbook)
    tree = ET.fromstring(data)
    ns = "{" + MAIN + "}"
    sheets = [(s.get("name", ""), s.get(f"{{{_OFFICE_DOC}}}id"), s.get("sheetId", "0"))
              for s in tree.iter(f"{ns}sheet")]  # fmt: skip
    rels = {rid: (ty, _resolve(workbook, t)) for rid, ty, t in _rels(zf, workbook)}
    styles = [t for ty, t in rels.values() if ty == f"{_OFFICE_DOC}/styles"]
    found = [i for i, s in enumerate(sheets) if s[0] == title]
    if len(found) != 1 or len(styles) != 1 or sheets[found[0]][1] not in rels:
        raise Unsupported(f"sheet {title!r} or the styles part not found")
    pr = tree.find(f"{ns}workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    return _Package(
        workbook=workbook,
        rels=_resolve(workbook, f"_rels/{workbook.rsplit('/', 1)[-1]}.rels"),
        sheet=rels[sheets[found[0]][1] or ""][1],
        styles=styles[0],
        index=found[0],
        sheet_ids=tuple(int(s[2]) if s[2].isdigit() else 0 for s in sheets),
        names=frozenset(s[0].casefold() for s in sheets),
        date1904=date1904,
    )


# ---------------------------------------------------------------------------- the pre-scan


@attrs.frozen
class _Scan:
    """What one pass over the sheet XML found, before writing."""

    prefix: bytes
    last_col: int  # the rightmost column holding a value, from the header row down (-1: none)
    last_row: int
    table: bool  # the sheet has a table (its own filter: no sheet autofilter then)


def _scan(zf: zipfile.ZipFile, part: str, header_line: int) -> _Scan:
    """Check the sheet is one the lexical rewrite handles, and find its extent."""
    with zf.open(part) as src:
        head = src.read(_CHUNK)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or re.match(
            rb"""<\?xml[^>]*encoding=["'](?!utf-?8["'])""", head, re.I
        ):
            raise Unsupported(f"{part} is not UTF-8", "encoding")
        prefix = root_prefix(head, b"worksheet", part)
        state = _ScanState(prefix, header_line)
        buf = head[head.find(b"?>") + 2 :] if head.startswith(b"<?xml") else head
        while True:
            chunk = src.read(_CHUNK)
            cut = len(buf) if not chunk else buf.rfind(b"<")  # tags before the last < are whole
            state.feed(buf[:cut])
            buf = buf[cut:] + chunk
            if not chunk:
                break
    return _Scan(prefix, state.last_col, state.last_row, state.table)


class _ScanState:
    def __init__(self, prefix: bytes, header_line: int) -> None:
        p = re.escape(prefix)
        # Group 3 is empty for a cell with content; "/>" or "></c>" for one that only carries
        # formatting (openpyxl writes the second form when lxml is installed).
        self.cell = re.compile(
            b"<" + p + rb'c\s(?:[^>]*?\s)?r="([A-Z]{1,3})([0-9]+)"[^>]*?(/>|>\s*</' + p + rb"c>|>)"
        )
        self.any_cell = re.compile(b"<" + p + rb"c[\s/>]")
        self.row = re.compile(b"<" + p + rb'row\s(?:[^>]*?\s)?r="([0-9]+)"')
        self.any_row = re.compile(b"<" + p + rb"row[\s/>]")
        self.merge = re.compile(b"<" + p + rb'mergeCell\s[^>]*?ref="[A-Z]+[0-9]+:([A-Z]+)([0-9]+)"')
        self.end, self.table_tag = b"</" + prefix + b"sheetData>", b"<" + prefix + b"tableParts"
        self.header_line = header_line
        self.last_col, self.last_row, self.tail, self.table = -1, 0, -1, False

    def feed(self, text: bytes) -> None:
        if b"<!" in text or b"<?" in text:
            raise Unsupported("the sheet holds a comment, CDATA section or DTD", "markup")
        if self.tail >= 0:
            self._tail(text)
            return
        end = text.find(self.end)
        rows = text if end < 0 else text[:end]
        cells = self.cell.findall(rows)
        if len(cells) != len(self.any_cell.findall(rows)):
            raise Unsupported("a cell without its reference (r attribute)", "references")
        numbers = self.row.findall(rows)
        if len(numbers) != len(self.any_row.findall(rows)):
            raise Unsupported("a row without its number (r attribute)", "references")
        if numbers:
            self.last_row = max(self.last_row, int(numbers[-1]))
        best = self.last_col
        for col, row, close in cells:
            if close == b">" and _index(col) > best and int(row) >= self.header_line:
                best = _index(col)
        self.last_col = best
        if end >= 0:
            self.tail = 0
            self._tail(text[end:])

    def _tail(self, text: bytes) -> None:
        self.tail += len(text)
        if self.tail > _MAX_TAIL:
            raise Unsupported("the sheet's settings after its rows are too large", "size")
        self.table = self.table or self.table_tag in text
        for col, bottom in self.merge.findall(text):
            if int(bottom) >= self.header_line:  # a merged range over the records' columns
                self.last_col = max(self.last_col, _index(col))


# ------------------------------------------------------------------------------ the cells


@attrs.frozen
class _Styles:
    """Indexes of the cell formats added to styles.xml, and of the highlight (a dxf)."""

    date: int
    datetime: int
    percent: int
    highlight: int


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_FIRST_SERIAL_DATE = dt.date(1900, 3, 1)  # before it, Excel's 1900 serials are off by one


class _Cells:
    """Result values as SpreadsheetML cells: the same types as the plain XLSX output (numbers,
    booleans, dates with a date format; text neutralised, as inline strings)."""

    def __init__(self, prefix: bytes, styles: _Styles, date1904: bool) -> None:
        p = prefix
        self.text = (b'" t="inlineStr"><' + p + b'is><' + p + b't xml:space="preserve">',
                     b"</" + p + b"t></" + p + b"is></" + p + b"c>")  # fmt: skip
        self.open = b"<" + p + b'c r="'
        self.value = (b"><" + p + b"v>", b"</" + p + b"v></" + p + b"c>")
        self.styles = styles
        self.epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        self.texts: dict[str, bytes] = {}

    def cell(self, ref: bytes, value: object) -> bytes:
        """One cell at ``ref`` (``b"H3"``), or ``b""`` for an empty value."""
        kind = type(value)
        if kind is str or isinstance(value, str):
            return self._text(ref, str(value)) if value else b""
        if value is None:
            return b""
        if kind is bool:
            return self._number(ref, b"1" if value else b"0", b' t="b"')
        if kind is int or isinstance(value, int | Decimal):
            return self._number(ref, str(value).encode(), b"")
        if isinstance(value, float):
            return self._number(ref, repr(value).encode(), b"") if math.isfinite(value) else (
                self._text(ref, str(value)))  # fmt: skip
        if isinstance(value, dt.date) and _serial_ok(value):
            return self._date(ref, value)
        text = value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)
        return self._text(ref, text)

    def _text(self, ref: bytes, text: str) -> bytes:
        # Most result texts repeat row after row (status, verdict, rule, citation, calendar):
        # their encoded form is cached; the cache is emptied when it grows large.
        safe = self.texts.get(text)
        if safe is None:
            if len(self.texts) > 4096:
                self.texts.clear()
            safe = self.texts[text] = escape(_ILLEGAL.sub("\ufffd", neutralise(text)))
        return self.open + ref + self.text[0] + safe + self.text[1]

    def _number(self, ref: bytes, number: bytes, kind: bytes) -> bytes:
        return self.open + ref + b'"' + kind + self.value[0] + number + self.value[1]

    def _date(self, ref: bytes, value: dt.date) -> bytes:
        if isinstance(value, dt.datetime):
            days = (value - self.epoch) / dt.timedelta(days=1)
            style = self.styles.datetime
        else:
            days = (value - self.epoch.date()).days
            style = self.styles.date
        kind = b' s="' + str(style).encode() + b'"'
        return self._number(ref, repr(days).encode(), kind)


def _serial_ok(value: dt.date) -> bool:
    """A date Excel's serial numbers hold the same in both systems; an aware date-time is a
    moment (Excel has no time zones) and is written as text, as the plain output does."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return False
    day = value.date() if isinstance(value, dt.datetime) else value
    return day >= _FIRST_SERIAL_DATE


# ------------------------------------------------------------------------------ the sheet


class _SheetCopy:
    """Streams the sheet XML from ``src`` to ``out``, appending cells to chosen rows.

    Rows are taken in the order of the file; :meth:`row` copies the rows before the one asked
    for as they are, and makes a row the file does not have (a blank line of the register).
    """

    def __init__(self, src: IO[bytes], out: IO[bytes], prefix: bytes, start: int) -> None:
        self.src, self.out, self.p, self.start = src, out, prefix, start
        self.buf, self.pos = b"", 0
        self.row_tag = start_tag(prefix, b"row")
        self.row_end = b"</" + prefix + b"row>"
        self.data_end = b"</" + prefix + b"sheetData>"
        self.cell_tag = start_tag(prefix, b"c")
        self.pending: list[bytes] = []
        self.size = 0

    def _fill(self) -> bool:
        chunk = self.src.read(_CHUNK)
        if self.pos > _CHUNK:
            self.buf, self.pos = self.buf[self.pos :], 0
        self.buf += chunk
        return bool(chunk)

    def emit(self, data: bytes) -> None:
        self.pending.append(data)
        self.size += len(data)
        if self.size >= _CHUNK:  # the zip stream compresses big blocks faster than many small
            self.out.write(b"".join(self.pending))
            self.pending, self.size = [], 0

    def flush(self) -> None:
        self.out.write(b"".join(self.pending))
        self.pending, self.size = [], 0

    def head(self, dimension: str, widths: Sequence[float] = ()) -> None:
        """Copy up to and including ``<sheetData>``, with the ``<dimension>`` widened and
        ``widths`` given to the appended columns (unless the sheet sets widths there)."""
        tag = start_tag(self.p, b"sheetData")
        while (m := tag.search(self.buf)) is None:
            if not self._fill():  # the pre-scan saw the rows: the file changed meanwhile
                raise ValueError("no <sheetData>")
        if m[2]:
            raise ValueError("an empty sheet")
        head = _widths(self.buf[: m.end()], self.p, self.start, widths)
        dim = start_tag(self.p, b"dimension").search(head)
        if dim is not None:
            new = set_attr(dim[1], b"ref", dimension.encode())
            head = (
                head[: dim.start()] + b"<" + self.p + b"dimension" + new + b"/>" + head[dim.end() :]
            )
        self.emit(head)
        self.pos = m.end()

    def _next(self) -> tuple[int, re.Match[bytes], int] | None:
        """The next row: its number, its start tag, and the end of its content (the start of
        ``</row>``; for ``<row/>`` the end of the tag). None at ``</sheetData>``."""
        while True:
            m = self.row_tag.search(self.buf, self.pos)
            # Only up to the next row: searching the whole buffer for each row is quadratic.
            stop = self.buf.find(self.data_end, self.pos, m.start() if m else len(self.buf))
            if stop >= 0 and (m is None or stop < m.start()):
                return None
            if m is not None:
                end = m.end() if m[2] else self.buf.find(self.row_end, m.end())
                if end >= 0:
                    return int(attr(m[1], b"r") or b"0"), m, end
            if len(self.buf) - self.pos > _MAX_ROW:
                raise ValueError("a row of the sheet is too long")
            if not self._fill():
                raise ValueError("the sheet ends inside its rows")

    def row(self, number: int, cells: bytes, style: bytes = b"") -> None:
        """Append ``cells`` to row ``number``, copying the rows before it as they are."""
        while (found := self._next()) is not None and found[0] < number:
            self._copy(found)
        if found is None or found[0] > number:
            tag = b"<" + self.p + b'row r="' + str(number).encode() + b'">'
            self.emit(tag + cells + self.row_end)
            return
        _, m, end = found
        content = b"" if m[2] else self.buf[m.end() : end]
        content = self._clear_from(content)
        attrs = re.sub(rb"""\sspans\s*=\s*("[^"]*"|'[^']*')""", b"", m[1])
        self.emit(b"<" + self.p + b"row" + attrs + b">" + content + cells + self.row_end)
        self.pos = end if m[2] else end + len(self.row_end)

    def _copy(self, found: tuple[int, re.Match[bytes], int]) -> None:
        _, m, end = found
        stop = end if m[2] else end + len(self.row_end)
        self.emit(self.buf[m.start() : stop])
        self.pos = stop

    def _last_cell(self, content: bytes) -> re.Match[bytes] | None:
        """The last cell's start tag: cells are in column order, so it is the rightmost."""
        tag, end = b"<" + self.p + b"c", len(content)
        while (i := content.rfind(tag, 0, end)) >= 0:
            m = self.cell_tag.match(content, i)  # not <condense> in rich text
            if m is not None:
                return m
            end = i
        return None

    def _clear_from(self, content: bytes) -> bytes:
        """The row's cells left of the appended columns; empty cells (formatting only) in the
        appended columns are dropped. The pre-scan put the columns right of every value."""
        last = self._last_cell(content)
        col = attr(last[1], b"r") if last else None
        if col is None or _index(col.rstrip(b"0123456789")) < self.start:
            return content
        cells = list(self.cell_tag.finditer(content))
        out = [content[: cells[0].start()]]
        for i, m in enumerate(cells):
            ref = attr(m[1], b"r") or b"A"
            stop = cells[i + 1].start() if i + 1 < len(cells) else len(content)
            if _index(ref.rstrip(b"0123456789")) < self.start:
                out.append(content[m.start() : stop])
            elif not (m[2] or content[m.end() : stop].strip() == b"</" + self.p + b"c>"):
                raise ValueError(f"cell {ref.decode()} is in the appended columns")
        return b"".join(out)

    def header_style(self, number: int) -> bytes:
        """The ``s`` attribute of the last cell of row ``number``; the rows above it are
        copied."""
        while (found := self._next()) is not None and found[0] < number:
            self._copy(found)
        if found is None or found[0] != number or found[1][2]:
            return b""
        m = self._last_cell(self.buf[found[1].end() : found[2]])
        style = attr(m[1], b"s") if m else None
        return b' s="' + style + b'"' if style else b""

    def tail(self) -> bytes:
        """Copy the rows left; returns ``</sheetData>`` and everything after it."""
        while (found := self._next()) is not None:
            self._copy(found)
        while self._fill():
            if len(self.buf) - self.pos > _MAX_TAIL:
                raise ValueError("the sheet's settings after its rows are too large")
        self.flush()
        return self.buf[self.pos :]


def _widths(head: bytes, p: bytes, start: int, widths: Sequence[float]) -> bytes:
    """``head`` with ``<col>`` widths for the appended columns, when the sheet sets none for
    them (a user's layout of those columns, such as a style over whole rows, is kept)."""
    if not widths:
        return head
    found = [int(n) for n in re.findall(b"<" + re.escape(p) + rb'col\s[^>]*?max="([0-9]+)"', head)]
    if any(n > start for n in found):  # <col max> is 1-based: it reaches an appended column
        return head
    cols = b"".join(
        b"<" + p + b'col min="%d" max="%d" width="%s" customWidth="1"/>' % (
            start + i + 1, start + i + 1, repr(float(w)).encode())
        for i, w in enumerate(widths)
    )  # fmt: skip
    return append_child(head, p, b"cols", cols, before=(b"sheetData",), root=b"worksheet")


# --------------------------------------------------------------------- the workbook's parts

_HIGHLIGHT = (b'<dxf><font><color rgb="FF9C0006"/></font><fill><patternFill>'
              b'<bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>')  # fmt: skip
_STYLE_ORDER = (b"fonts", b"fills", b"borders", b"cellStyleXfs", b"cellXfs", b"cellStyles",
                b"dxfs", b"tableStyles", b"colors", b"extLst")  # fmt: skip


def _styles(xml: bytes) -> tuple[bytes, _Styles]:
    """styles.xml with a date, a date-time and a percentage format and the highlight added."""
    plain_markup(xml, "styles.xml")
    p = root_prefix(xml, b"styleSheet", "styles.xml")
    ids = [int(i) for i in re.findall(rb'numFmtId\s*=\s*"([0-9]+)"', xml)]
    first = max([163, *ids]) + 1  # custom formats are numbered from 164
    fmts = (
        b"<"
        + p
        + b'numFmt numFmtId="%d" formatCode="yyyy-mm-dd"/>' % first
        + b"<"
        + p
        + b'numFmt numFmtId="%d" formatCode="yyyy-mm-dd h:mm:ss"/>' % (first + 1)
    )
    xml = append_child(
        xml, p, b"numFmts", fmts, count=True, before=_STYLE_ORDER, root=b"styleSheet"
    )
    xfs = _children(xml, p, b"cellXfs")
    new = b"".join(
        b"<" + p + b'xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" '
        b'applyNumberFormat="1"/>' % n
        for n in (first, first + 1, 10)  # 10: the built-in 0.00%
    )
    xml = append_child(xml, p, b"cellXfs", new, count=True, before=_STYLE_ORDER[5:],
                       root=b"styleSheet")  # fmt: skip
    dxfs = _children(xml, p, b"dxfs")
    dxf = _HIGHLIGHT.replace(b"<", b"<" + p).replace(b"<" + p + b"/", b"</" + p)
    xml = append_child(
        xml, p, b"dxfs", dxf, count=True, before=_STYLE_ORDER[7:], root=b"styleSheet"
    )
    return xml, _Styles(date=xfs, datetime=xfs + 1, percent=xfs + 2, highlight=dxfs)


def _children(xml: bytes, prefix: bytes, name: bytes) -> int:
    from gov_deadlines.io._ooxml import count_children, element

    found = element(xml, prefix, name)
    if found is None:
        return 0
    m = start_tag(prefix, name).match(xml, found[0])
    assert m is not None
    return count_children(xml[m.end() : found[1]])


def _workbook(xml: bytes, pkg: _Package, summary: str, rid: str, filter_ref: str | None) -> bytes:
    """workbook.xml with the summary sheet listed and the register's filter named."""
    p = root_prefix(xml, b"workbook", pkg.workbook)
    # Reuse the relationships prefix only where the root declares it: a declaration on another
    # element (openpyxl puts one on each <sheet> when lxml is installed) is out of scope here.
    root = start_tag(p, b"workbook").search(xml)
    head = xml[: root.end()] if root else b""
    m = re.search(rb"xmlns:([\w.-]+)\s*=\s*[\"']" + re.escape(REL_NS), head)
    r = m[1] if m else b"gdr"
    declare = b"" if m else b' xmlns:gdr="' + REL_NS + b'"'
    sheet_id = max([0, *pkg.sheet_ids]) + 1
    sheet = (b"<" + p + b'sheet name="' + escape(summary) + b'" sheetId="%d"' % sheet_id
             + declare + b" " + r + b':id="' + rid.encode() + b'"/>')  # fmt: skip
    xml = append_child(xml, p, b"sheets", sheet)
    if filter_ref is None:
        return xml
    xml = _drop_filter_name(xml, p, pkg.index)
    name = (
        b"<" + p + b'definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">'
        % pkg.index + escape(filter_ref) + b"</" + p + b"definedName>"
    )  # fmt: skip
    after = (b"calcPr", b"oleSize", b"customWorkbookViews", b"pivotCaches", b"smartTagPr",
             b"smartTagTypes", b"webPublishing", b"fileRecoveryPr", b"webPublishObjects",
             b"extLst")  # fmt: skip
    return append_child(xml, p, b"definedNames", name, before=after, root=b"workbook")


def _drop_filter_name(xml: bytes, p: bytes, index: int) -> bytes:
    pattern = re.compile(
        b"<" + re.escape(p) + b"definedName(" + ATTRS + rb")(?:/>|>[^<]*</" + re.escape(p)
        + rb"definedName>)"
    )  # fmt: skip

    def keep(m: re.Match[bytes]) -> bytes:
        own = attr(m[1], b"name") == b"_xlnm._FilterDatabase"
        return b"" if own and attr(m[1], b"localSheetId") == str(index).encode() else m[0]

    return pattern.sub(keep, xml)


def _append_to_root(xml: bytes, root: bytes, child: bytes, what: str) -> bytes:
    plain_markup(xml, what)
    m = re.search(b"</([\\w.-]+:)?" + root + b">", xml)
    if m is None:
        raise Unsupported(f"{what}: no </{root.decode()}>")
    p = m[1] or b""
    return xml[: m.start()] + child.replace(b"<", b"<" + p) + xml[m.start() :]


def _tail(tail: bytes, p: bytes, filter_ref: str | None, cf: bytes) -> bytes:
    """The sheet's end with the autofilter (replacing any) and the conditional format."""
    end = b"</" + p + b"worksheet>"
    old = re.compile(b"<" + re.escape(p) + b"autoFilter(" + ATTRS + rb")(?:/>|>.*?</"
                     + re.escape(p) + rb"autoFilter>)", re.S)  # fmt: skip
    if filter_ref is not None:
        tail = old.sub(b"", tail)
        new = b"<" + p + b'autoFilter ref="' + filter_ref.encode() + b'"/>'
        tail = _insert_before(tail, p, _AFTER_FILTER, end, new)
    return _insert_before(tail, p, _AFTER_CF, end, cf)


def _insert_before(xml: bytes, p: bytes, names: tuple[bytes, ...], end: bytes, new: bytes) -> bytes:
    at = [m.start() for n in names if (m := start_tag(p, n).search(xml)) is not None]
    pos = min(at) if at else xml.rfind(end)
    if pos < 0:
        raise ValueError("the sheet XML has no end")
    return xml[:pos] + new + xml[pos:]


def _summary_xml(
    spec: SummarySpec, rng: str, counts: Counter[str], rows: int, styles: _Styles
) -> bytes:
    """The summary sheet, made of :func:`summary_lines`."""
    lines = summary_lines(spec, rng, counts, rows)
    body = b"".join(_summary_row(i, line, styles) for i, line in enumerate(lines, 1))
    cols = b'<cols><col min="1" max="1" width="16" customWidth="1"/>' \
           b'<col min="2" max="2" width="12" customWidth="1"/></cols>'  # fmt: skip
    start = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="'
    return (
        start + MAIN.encode() + b'">' + cols + b"<sheetData>" + body + b"</sheetData></worksheet>"
    )


def summary_lines(
    spec: SummarySpec, rng: str, counts: Counter[str], rows: int
) -> list[list[tuple[str | None, object]]]:
    """The summary sheet's rows of (formula, value) cells: per status a COUNTIF over the status
    column ``rng`` (with the value it has now), the errors (rows without a status), the total
    and the on-time rate (按期率); with no records, values only."""
    lines: list[list[tuple[str | None, object]]] = [[(None, h) for h in spec.headings]]
    for row in spec.rows:
        formula = f'COUNTIF({rng},"{row.status}")' if rows else None
        lines.append([(None, row.label), (None, row.status), (formula, counts[row.status])])
    lines.append([(None, spec.errors), (None, ""), (f"COUNTBLANK({rng})" if rows else None,
                                                    counts[""])])  # fmt: skip
    lines.append([(None, spec.total), (None, ""), (f"ROWS({rng})" if rows else None, rows)])
    on, late = _position_of(spec, "on_time"), _position_of(spec, "late")
    decided = counts["on_time"] + counts["late"]
    rate = f'IF(C{on}+C{late}=0,"",C{on}/(C{on}+C{late}))' if on and late and rows else None
    lines.append(
        [(None, spec.rate), (None, ""), (rate, counts["on_time"] / decided if decided else "")]
    )
    return lines


def _position_of(spec: SummarySpec, status: str) -> int | None:
    found = [i for i, row in enumerate(spec.rows, 2) if row.status == status]
    return found[0] if found else None


def _summary_row(n: int, line: list[tuple[str | None, object]], styles: _Styles) -> bytes:
    out = []
    for i, (formula, value) in enumerate(line):
        ref = f"{letters(i)}{n}".encode()
        if formula is None:
            if isinstance(value, str):
                out.append(
                    b'<c r="' + ref + b'" t="inlineStr"><is><t>' + escape(value) + b"</t></is></c>"
                )
            else:
                out.append(b'<c r="' + ref + b'"><v>' + str(value).encode() + b"</v></c>")
            continue
        f = b"<f>" + escape(formula) + b"</f>"
        if isinstance(value, float):
            out.append(
                b'<c r="%s" s="%d">' % (ref, styles.percent)
                + f
                + b"<v>"
                + repr(value).encode()
                + b"</v></c>"
            )
        elif isinstance(value, str):
            out.append(b'<c r="' + ref + b'" t="str">' + f + b"<v></v></c>")
        else:
            out.append(b'<c r="' + ref + b'">' + f + b"<v>" + str(value).encode() + b"</v></c>")
    return b'<row r="%d">' % n + b"".join(out) + b"</row>"


# ------------------------------------------------------------------------------ the writer


def _free_name(name: str, taken: frozenset[str]) -> str:
    """``name``, or ``name 2``, ``name 3``... the first no sheet has (case does not count)."""
    new, n = name, 1
    while new.casefold() in taken:
        n += 1
        new = f"{name} {n}"
    return new


def _new_part(zf: zipfile.ZipFile, pkg: _Package) -> tuple[str, str, str]:
    """A free part name for the summary sheet, its target from the workbook, and a free rId."""
    import posixpath

    names = set(zf.namelist())
    folder = posixpath.dirname(pkg.workbook)
    k = 1
    while posixpath.join(folder, f"worksheets/sheet{k}.xml") in names:
        k += 1
    ids = {rid for rid, _, _ in _rels(zf, pkg.workbook)}
    n = len(ids) + 1
    while f"rId{n}" in ids:
        n += 1
    return posixpath.join(folder, f"worksheets/sheet{k}.xml"), f"worksheets/sheet{k}.xml", f"rId{n}"


class XlsxCopyWriter(RowWriter):
    """Writes a check's results into a copy of the register's workbook (see the module).

    Made by :func:`gov_deadlines.io.writers.open_writer` when the register is an XLSX workbook;
    raises :class:`Unsupported`, before writing anything, for a workbook it does not handle.
    Rows come with their row number in the register (``write(cells, line=n)``), in order.
    """

    def __init__(
        self, header: Sequence[str], target: _FileTarget, source: SourceSheet, spec: SummarySpec
    ) -> None:
        super().__init__(header, "xlsx", target)
        self._zin = zipfile.ZipFile(source.path)
        try:
            self._prepare(header, target, source, spec)
        except BaseException:
            self._zin.close()
            raise

    def _prepare(
        self, header: Sequence[str], target: _FileTarget, source: SourceSheet, spec: SummarySpec
    ) -> None:
        zin = self._zin
        self._pkg = pkg = _package(zin, source.title)
        self._scan = scan = _scan(zin, pkg.sheet, source.header_line)
        self._source, self._spec = source, spec
        self._start = start = max(source.width, scan.last_col + 1)
        self._n = len(header) - source.width
        self._cols = [letters(start + i).encode() for i in range(self._n)]
        styles_xml, self._styles = _styles(_read(zin, pkg.styles))
        self._summary = _free_name(spec.sheet, pkg.names)
        part, rel_target, self._rid = _new_part(zin, pkg)
        self._summary_part = part
        _workbook(_read(zin, pkg.workbook), pkg, self._summary, self._rid, "A1")  # check it
        rel = (b'<Relationship Id="' + self._rid.encode() + b'" Type="' + _OFFICE_DOC.encode()
               + b'/worksheet" Target="' + rel_target.encode() + b'"/>')  # fmt: skip
        changed = {
            pkg.styles: styles_xml,
            pkg.rels: _append_to_root(_read(zin, pkg.rels), b"Relationships", rel, pkg.rels),
            "[Content_Types].xml": _append_to_root(
                _read(zin, "[Content_Types].xml"), b"Types",
                b'<Override PartName="/' + part.encode() + b'" ContentType="'
                + _CT_WORKSHEET.encode() + b'"/>', "[Content_Types].xml"),
        }  # fmt: skip
        self._file = target
        self._zout = zipfile.ZipFile(target.binary, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._copy_parts(changed)
        self._out = self._zout.open(pkg.sheet, "w", force_zip64=True)
        self._src = zin.open(pkg.sheet)
        self._sheet = _SheetCopy(self._src, self._out, scan.prefix, start)
        self._cells = _Cells(scan.prefix, self._styles, pkg.date1904)
        self._head(list(header)[source.width :])

    def _copy_parts(self, changed: dict[str, bytes]) -> None:
        for info in self._zin.infolist():
            if info.filename in (self._pkg.sheet, self._pkg.workbook):
                continue  # written as the rows come, and at the end
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type, new.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            if info.filename in changed:
                self._zout.writestr(new, changed[info.filename])
                continue
            with self._zin.open(info) as src, self._zout.open(new, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, _CHUNK)

    def _head(self, names: list[str]) -> None:
        last_col = self._start + self._n - 1
        rows = max(self._scan.last_row, self._source.header_line)
        self._sheet.head(f"A1:{letters(last_col)}{rows}", self._spec.widths[: self._n])
        line = self._source.header_line
        style = self._sheet.header_style(line)
        cells = b"".join(
            self._cells.cell(col + str(line).encode(), name).replace(
                b'" t=', b'"' + style + b" t=", 1
            )
            for col, name in zip(self._cols, names, strict=True)
        )
        self._sheet.row(line, cells)
        self._last = line
        self._counts: Counter[str] = Counter()

    def write(self, cells: Sequence[object], *, line: int | None = None) -> None:
        """Append the results of the record on row ``line`` of the register's sheet."""
        if self._closed:
            raise ValueError(f"{self._file.label}: write() after close()")
        if line is None or line <= self._last:
            raise ValueError(f"{self._file.label}: rows must come with their row numbers, in order")
        width = self._source.width
        values = list(cells[width : width + self._n])
        status = (
            values[self._spec.status_offset] if len(values) > self._spec.status_offset else None
        )
        self._counts[status if isinstance(status, str) else ""] += 1
        ref = str(line).encode()
        cell = self._cells.cell
        xml = b"".join(
            [
                cell(col + ref, v)
                for col, v in zip(self._cols, values, strict=False)
                if v is not None
            ]
        )
        try:
            self._sheet.row(line, xml)
        except ValueError as exc:
            raise RegisterError.coded(
                "io.output.copy", name=self._source.path.name, detail=str(exc)
            ) from None
        self._last = line
        self.count += 1

    def _finish(self) -> None:
        try:
            tail = self._sheet.tail()
        except ValueError as exc:
            raise RegisterError.coded(
                "io.output.copy", name=self._source.path.name, detail=str(exc)
            ) from None
        h, last = self._source.header_line, self._last
        end = letters(self._start + self._n - 1)
        sheet = _sheet_ref(self._source.title)
        filter_ref = None if self._scan.table else f"A{h}:{end}{last}"
        status_col = letters(self._start + self._spec.status_offset)
        cf = b""
        if last > h:
            p = self._scan.prefix
            test = f'OR(${status_col}{h + 1}="late",${status_col}{h + 1}="overdue")'
            cf = (b"<" + p + b'conditionalFormatting sqref="A%d:' % (h + 1) + end.encode()
                  + b'%d"><' % last + p + b'cfRule type="expression" dxfId="%d" priority="%d">'
                  % (self._styles.highlight, _priority(tail)) + b"<" + p + b"formula>"
                  + escape(test) + b"</" + p + b"formula></" + p + b"cfRule></" + p
                  + b"conditionalFormatting>")  # fmt: skip
        self._out.write(_tail(tail, self._scan.prefix, filter_ref, cf))
        self._out.close()
        named = None if filter_ref is None else sheet + _absolute(filter_ref)
        xml = _workbook(_read(self._zin, self._pkg.workbook), self._pkg, self._summary,
                        self._rid, named)  # fmt: skip
        self._zout.writestr(self._info(self._pkg.workbook), xml)
        rng = f"{sheet}${status_col}${h + 1}:${status_col}${max(last, h + 1)}"
        summary = _summary_xml(self._spec, rng, self._counts, last - h, self._styles)
        self._zout.writestr(self._info(self._summary_part), summary)
        self._zout.close()
        self._zin.close()

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def _release(self) -> None:
        for thing in ("_src", "_out", "_zout", "_zin"):
            with contextlib.suppress(Exception):
                getattr(self, thing).close()


def _priority(tail: bytes) -> int:
    """A priority after every conditional format the sheet has."""
    found = [int(n) for n in re.findall(rb'priority\s*=\s*"([0-9]+)"', tail)]
    return max([0, *found]) + 1


def _absolute(ref: str) -> str:
    """``A2:S100`` -> ``$A$2:$S$100``."""
    return re.sub(r"([A-Z]+)([0-9]+)", r"$\1$\2", ref)
