"""Reading an auditor's register (台账): CSV or XLSX, one record at a time.

Only the shape of the file is handled here: encodings, quoting, sheets, row numbers. What the
columns mean is the CLI's business. Reading streams: memory stays flat however long the file is.

>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "台账.csv"
>>> _ = path.write_bytes("案号,立案日期\\nA-1,2024-03-01\\n".encode("gbk"))
>>> with open_register(path) as reg:
...     print(reg.header, reg.encoding, [rec.cells for rec in reg])
['案号', '立案日期'] gb18030 [['A-1', '2024-03-01']]
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, cast

import attrs

# RegisterError lives in errors.py with the other errors; importable from here as before.
from gov_deadlines.errors import RegisterError
from gov_deadlines.io._ooxml import letters as _letters

if TYPE_CHECKING:
    from gov_deadlines.io.xlsx_copy import SourceSheet

__all__ = [
    "CSV_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "Formula",
    "Record",
    "Register",
    "RegisterError",
    "detect_encoding",
    "open_register",
]

#: Extensions read as delimited text; ``.tsv`` defaults to a tab delimiter, the others to a comma.
CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
#: Extensions read as Excel workbooks.
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
#: Old Excel 97-2003 workbooks, read with python-calamine (:mod:`gov_deadlines.io.xls`).
XLS_EXTENSIONS = (".xls",)

# Detection judges this much text from the first non-ASCII byte; files are read in chunks.
_DETECT_PREFIX = 1 << 20
_READ_CHUNK = 1 << 16
# A "line" longer than this is not a register line (binary file, or no line breaks at all).
_MAX_LINE = 1 << 26
_NEWLINE = re.compile(r"\r\n|\r|\n")
# With no header row given, the first of this many rows that holds every wanted name is it.
_HEADER_SEARCH = 10

# Bounds for hostile workbooks (a zip bomb must be a clear error, in bounded memory). The sheet
# is streamed, so it may be large; shared strings and styles are held in memory whole.
_MAX_MEMBER = 1 << 30  # any part of the workbook, uncompressed
_MAX_HELD = 256 << 20  # a part openpyxl reads whole (sharedStrings.xml, styles.xml...)
_MAX_RATIO = 500  # uncompressed / compressed: registers 10-100x; deflate's most is ~1000x
_RATIO_FROM = 16 << 20  # ... judged only for parts bigger than this
_MAX_MERGES = 100_000


class Formula(str):
    """The text of a formula cell that has no saved value (a workbook written by a script and
    never opened in Excel/WPS), such as ``"=B3+20"``: kept in the output as text, and never taken
    for the value it would compute.

    >>> Formula("=B3+20")
    Formula('=B3+20')
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Formula({str.__repr__(self)})"


@attrs.frozen
class Record:
    """One data row of a register.

    ``number`` counts data records from 1 (the header is not one); ``raw_line`` is where the record
    starts in the file (CSV physical line, XLSX row), for messages. A blank line is a record whose
    ``cells`` is empty, so it survives into the output.

    >>> Record(1, ["A-1", "2024-03-01"], 2).raw_line
    2
    """

    number: int
    cells: list[object]
    raw_line: int


class Register:
    """An opened register: ``header``, then :class:`Record` objects by iteration (once).

    Made by :func:`open_register`; close it, or use it as a context manager. ``encoding`` is the
    text encoding of a CSV file (``None`` for XLSX); ``label`` names the file (and sheet) in
    messages.

    >>> reg = Register("x.csv", ["a"], iter([(2, ["1"])]))
    >>> [(r.number, r.cells, r.raw_line) for r in reg]
    [(1, ['1'], 2)]
    """

    def __init__(
        self,
        label: str,
        header: list[str],
        rows: Iterator[tuple[int, list[object]]],
        *,
        encoding: str | None = None,
        sheet: str | None = None,
        on_close: Callable[[], None] | None = None,
        preamble: list[list[object]] | None = None,
        fraction: Callable[[], float | None] | None = None,
        merged: dict[int, list[tuple[int, str]]] | None = None,
    ) -> None:
        self.label = label
        #: XLSX: per raw row, the cells filled from a merged range above (column index, and
        #: the range's top-left cell such as ``"B3"``); entries appear as rows are read.
        self.merged: dict[int, list[tuple[int, str]]] = merged if merged is not None else {}
        self.header = header
        self.encoding = encoding
        self.sheet = sheet
        self._rows = rows
        self._on_close = on_close
        self.preamble = preamble or []
        #: XLSX: the workbook, sheet and header row, for an output that copies the workbook.
        self.source: SourceSheet | None = None
        self._fraction = fraction
        self._number = 0
        #: Whether no cell of the last run from :meth:`chunks` starts with a formula character
        #: (CSV; False when not known).
        self.plain_run = False
        #: CSV: runs of records straight from the csv reader (see :meth:`chunks`).
        self._chunker: Callable[[int], Iterator[tuple[list[int], list[list[object]]]]] | None
        self._chunker = None

    def fraction_read(self) -> float | None:
        """How much of the file has been read, 0.0 to 1.0, or None when it cannot be told."""
        return None if self._fraction is None else self._fraction()

    def __iter__(self) -> Register:
        return self

    def __next__(self) -> Record:
        raw_line, cells = next(self._rows)
        self._number += 1
        return Record(self._number, cells, raw_line)

    def chunks(self, size: int) -> Iterator[tuple[list[int], list[list[object]]]]:
        """The records ``size`` at a time: their raw lines and their cells (what iterating
        gives, without a :class:`Record` per row)."""
        if self._chunker is not None and self._number == 0:
            for lines, cells in self._chunker(size):
                self._number += len(cells)
                yield lines, cells
            return
        import itertools

        rows = self._rows
        while True:
            part = list(itertools.islice(rows, size))
            if not part:
                return
            self._number += len(part)
            yield [p[0] for p in part], [p[1] for p in part]

    def close(self) -> None:
        """Release the file; safe to call twice."""
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close()

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def detect_encoding(source: str | os.PathLike[str] | bytes, *, prefix: int = _DETECT_PREFIX) -> str:
    """The text encoding of a CSV file (path) or of its bytes.

    A byte order mark decides (``utf-8-sig``, ``utf-16``); otherwise text that decodes as strict
    UTF-8 is ``utf-8`` and anything else ``gb18030`` (a superset of GBK, which Excel and WPS write
    on Chinese Windows). ASCII reads the same either way, so the judgement starts at the first
    non-ASCII byte and covers the ``prefix`` bytes from there (all of it, for bytes). The file is
    read in chunks; a character split between two chunks is judged whole, and memory stays
    bounded however long the file is.

    >>> detect_encoding("立案日期".encode("gbk"))
    'gb18030'
    >>> detect_encoding("立案日期".encode("utf-8"))
    'utf-8'
    >>> detect_encoding(codecs.BOM_UTF8 + b"a,b")
    'utf-8-sig'
    """
    if isinstance(source, bytes):
        return _detect([source], len(source))
    with open(source, "rb") as f:
        return _detect(_chunks(f, min(prefix, _READ_CHUNK)), prefix)


def _chunks(f: IO[bytes], size: int) -> Iterator[bytes]:
    return iter(lambda: f.read(size), b"")


def _detect(chunks: Iterable[bytes], prefix: int) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    checked = -1  # bytes judged since non-ASCII text appeared; -1 while all is ASCII
    for i, chunk in enumerate(chunks):
        if i == 0:
            if chunk.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
        try:
            text = decoder.decode(chunk)  # an incomplete last character waits for the next chunk
        except UnicodeDecodeError:
            return "gb18030"
        if checked < 0 and not text.isascii():
            checked = 0
        if checked >= 0:
            checked += len(chunk)
            if checked >= prefix:
                return "utf-8"
    # Valid UTF-8 to the end, all ASCII (both readings agree), or UTF-8 cut inside its last
    # character: reading as UTF-8 reports that honestly instead of making GB18030 mojibake of it.
    return "utf-8"


def open_register(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = 1,
    header_names: Iterable[str] = (),
) -> Register:
    """Open a register for reading; the format follows the extension.

    CSV (``.csv``, ``.txt``, ``.tsv``): ``encoding`` is detected with :func:`detect_encoding`
    unless given; ``delimiter`` defaults to a tab for ``.tsv`` and a comma otherwise.
    XLSX (``.xlsx``, ``.xlsm``): ``sheet`` names the worksheet (default: the first); cell values
    keep their types (``datetime``, ``int``, ``float``, ``str``, ``None``) and formulas give
    their last computed value. Empty rows at the very end of a sheet (formatting left behind)
    are not records; empty rows before the last non-empty one are.

    The header is row ``header_row`` (default 1: the first), its names stripped; rows above it
    (a title such as "2024年行政处罚台账") are kept in ``Register.preamble``. With
    ``header_row=None`` the header is the first of the first 10 rows that holds every name of
    ``header_names`` (compared after folding full-width forms and case), else row 1.

    XLSX cells merged over several rows are read as the merged value in each row (the cells
    filled are listed in ``Register.merged``); a formula cell without a saved value is read as
    a :class:`Formula` holding its text. Workbooks whose parts decompress beyond fixed bounds
    (1 GiB a part, 256 MiB for parts held in memory, or a 1000:1 ratio) are refused. Raises
    :class:`RegisterError` naming the file for a missing file, an unsupported extension, an
    unknown sheet, an empty file or a header row without names, and text that does not decode.

    >>> open_register("missing.csv")
    Traceback (most recent call last):
    ...
    gov_deadlines.errors.RegisterError: register missing.csv: file not found
    """
    from gov_deadlines.io.parquet import PARQUET_EXTENSIONS

    p = Path(path)
    ext = p.suffix.lower()
    known = CSV_EXTENSIONS + XLSX_EXTENSIONS + XLS_EXTENSIONS + PARQUET_EXTENSIONS
    if ext not in known:
        supported = ", ".join(known)
        code = "io.unsupported_extension" if ext else "io.no_extension"
        raise RegisterError.coded(code, name=p.name, ext=ext, supported=supported)
    if not p.exists():
        raise RegisterError.coded("io.not_found", path=path)
    if p.is_dir():
        raise RegisterError.coded("io.is_directory", path=path)
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise RegisterError.coded("io.header_row", name=p.name, value=header_row)
    wanted = [_fold(n) for n in header_names if n]
    if ext in PARQUET_EXTENSIONS or (ext in CSV_EXTENSIONS and _is_parquet(p)):
        if encoding is not None or delimiter is not None or sheet is not None:
            raise RegisterError.coded("io.parquet.options", name=p.name)
        from gov_deadlines.io.parquet import open_parquet

        return cast(Register, open_parquet(p, header_row))
    if ext in XLSX_EXTENSIONS + XLS_EXTENSIONS:
        if encoding is not None or delimiter is not None:
            raise RegisterError.coded("io.csv_options", name=p.name)
        if ext in XLS_EXTENSIONS:
            from gov_deadlines.io.xls import open_xls

            return cast(Register, open_xls(p, sheet, header_row, wanted))
        return _open_xlsx(p, sheet, header_row, wanted)
    if sheet is not None:
        raise RegisterError.coded("io.sheet_option", name=p.name, sheet=sheet)
    sep = delimiter or ("\t" if ext == ".tsv" else ",")
    return _open_csv(p, encoding, sep, header_row, wanted)


def _is_parquet(path: Path) -> bool:
    """Whether the file starts with Parquet's magic bytes (a register saved under .csv)."""
    from gov_deadlines.io.parquet import PARQUET_MAGIC

    try:
        with open(path, "rb") as f:
            return f.read(4) == PARQUET_MAGIC
    except OSError:  # reported when it is opened
        return False


def _fold(text: str) -> str:
    """A column name as compared: full-width forms, spaces at the ends and case do not matter."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).strip().casefold()


def _preamble(
    rows: Iterator[tuple[int, list[object]]], header_row: int | None, wanted: list[str]
) -> tuple[list[list[object]], tuple[int, list[object]] | None, Iterator[tuple[int, list[object]]]]:
    """The rows above the header, the header row (None if the file ends first), and the rows
    after it. ``header_row=None`` looks for ``wanted`` in the first rows (else row 1)."""
    if header_row is None:
        import itertools

        seen: list[tuple[int, list[object]]] = []
        for row in itertools.islice(rows, _HEADER_SEARCH):
            seen.append(row)
            names = {_fold(n) for n in _header(row[1])}
            if wanted and all(w in names for w in wanted):
                return [r[1] for r in seen[:-1]], row, rows
        if not seen:
            return [], None, rows
        return [], seen[0], itertools.chain(seen[1:], rows)  # not found: row 1, as before
    preamble: list[list[object]] = []
    for _ in range(header_row - 1):
        above = next(rows, None)
        if above is None:
            return preamble, None, rows
        preamble.append(above[1])
    return preamble, next(rows, None), rows


def _header(cells: list[object]) -> list[str]:
    names = ["" if c is None else str(c).strip() for c in cells]
    if names:
        names[0] = names[0].lstrip("\ufeff").strip()  # a BOM read with a BOM-less codec
    return names


# ----------------------------------------------------------------------------------------- CSV


def _open_csv(
    path: Path, encoding: str | None, delimiter: str, header_row: int | None, wanted: list[str]
) -> Register:
    label = path.name
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed by Register.close or below
    except OSError as exc:
        raise RegisterError.coded("io.cannot_open", path=path, reason=exc) from exc
    try:
        magic = f.read(8)
        if magic.startswith(b"PK\x03\x04"):
            raise RegisterError.coded("io.is_xlsx", label=label)
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise RegisterError.coded("io.is_xls", label=label)
        f.seek(0)
        if encoding is None:
            enc, explicit = _detect(_chunks(f, _READ_CHUNK), _DETECT_PREFIX), False
        else:
            enc, explicit = _checked_encoding(label, encoding, magic), True
        f.seek(0)
        marks = _Marks(delimiter)
        lines = _decoded_lines(f, enc, label, explicit, marks)
        reader = _csv_reader(lines, delimiter)
        rows = plain = _csv_rows(reader, label)
        preamble, first, rows = _preamble(rows, header_row, wanted)
        if first is None:
            n = header_row or 1
            raise RegisterError.coded("io.csv.empty", label=label, n=n)
        header = _header(first[1])
        if not any(header):
            raise RegisterError.coded("io.csv.no_names", label=label, line=first[0])
    except BaseException:
        f.close()
        raise
    size = os.fstat(f.fileno()).st_size

    def fraction() -> float | None:
        return min(1.0, f.tell() / size) if size and not f.closed else None

    reg = Register(
        label, header, rows, encoding=enc, on_close=f.close, preamble=preamble, fraction=fraction
    )
    if rows is plain:  # no record read ahead (while looking for the header): runs may start
        reg._chunker = _CsvChunks(reader, label, marks, reg)
    return reg


def _checked_encoding(label: str, encoding: str, magic: bytes) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise RegisterError.coded(
            "io.csv.unknown_encoding", label=label, encoding=encoding
        ) from None
    if name == "utf-8" and magic.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"  # same text, and the BOM stays out of the first header name
    return encoding


def _decoded_lines(
    f: IO[bytes], encoding: str, label: str, explicit: bool, marks: _Marks | None = None
) -> Iterator[str]:
    """Lines with their endings (``\\r\\n``, ``\\n`` or a lone ``\\r``), as csv.reader wants."""
    import itertools

    return itertools.chain.from_iterable(_decoded_blocks(f, encoding, label, explicit, marks))


#: Line ends str.splitlines() knows besides \r, \n and \r\n; text without them splits there
#: exactly as _NEWLINE does.
_OTHER_ENDS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


class _Marks:
    """Where a cell may start with a formula character (``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return): the line ranges of the decoded blocks whose text has one after a line
    start, a delimiter or a quote. A run of records outside them has no such cell, so a writer
    need not test its cells one by one. Any match marks its block: a false alarm only costs the
    per-cell test."""

    def __init__(self, delimiter: str) -> None:
        # Substring tests, each a fast scan in C (a regex over the text is several times slower
        # than the csv module's own reading): "=", "+", "@", a tab anywhere; "-" (common inside
        # dates) and a carriage return only where a cell starts.
        self.always = delimiter in '=+@-\t\r\n"'
        self.pairs = [a + "-" for a in (delimiter, "\n", "\r", '"')] + ['"\r']
        self.ranges: list[tuple[int, int]] = []

    def see(self, text: str, first: int, last: int) -> None:
        if (
            self.always or "=" in text or "+" in text or "@" in text or "\t" in text
            or text[:1] == "-" or any(pair in text for pair in self.pairs)
        ):  # fmt: skip
            self.ranges.append((first, last))

    def clean(self, first: int, last: int) -> bool:
        """Whether lines ``first`` to ``last`` hold no marked block (older marks are dropped)."""
        self.ranges = [r for r in self.ranges if r[1] >= first]
        return not any(a <= last for a, _ in self.ranges)


def _decoded_blocks(
    f: IO[bytes], encoding: str, label: str, explicit: bool, marks: _Marks | None = None
) -> Iterator[list[str]]:
    """The lines of :func:`_decoded_lines`, a list per chunk read (chained in C, not resumed
    line by line)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    done = 0  # lines yielded
    pending = ""
    while True:
        chunk = f.read(_READ_CHUNK)
        final = not chunk
        try:
            text = pending + decoder.decode(chunk, final=final)
        except UnicodeDecodeError as exc:
            raise _decode_error(exc, encoding, label, explicit, done, pending) from None
        # A "\r" at the end may be the first half of "\r\n": keep it for the next chunk.
        stop = len(text) - 1 if not final and text.endswith("\r") else len(text)
        body = text[:stop]
        if _OTHER_ENDS.search(body) is None:
            lines = body.splitlines(True)
            if lines and not final and not lines[-1].endswith(("\n", "\r")):
                pending = lines.pop() + text[stop:]
            else:
                pending = text[stop:]
        else:
            lines, pos = [], 0
            for m in _NEWLINE.finditer(text, 0, stop):
                lines.append(text[pos : m.end()])
                pos = m.end()
            pending = text[pos:]
            if final and pending:
                lines.append(pending)
                pending = ""
        if marks is not None:  # the text, with the partial lines at both ends: a superset
            marks.see(text, done + 1, done + len(lines) + 1)
        done += len(lines)
        if lines:
            yield lines
        if final:
            if pending:
                yield [pending]
            return
        if len(pending) > _MAX_LINE:
            raise RegisterError.coded(
                "io.csv.long_line", label=label, line=done + 1, limit=_MAX_LINE
            )


def _decode_error(
    exc: UnicodeDecodeError, encoding: str, label: str, explicit: bool, done: int, pending: str
) -> RegisterError:
    good = exc.object[: exc.start].decode(encoding, errors="replace")
    line = done + len(_NEWLINE.findall(pending + good)) + 1
    bad = bytes(exc.object[exc.start : exc.end])
    code = "io.csv.decode_given" if explicit else "io.csv.decode_detected"
    return RegisterError.coded(code, label=label, line=line, bad=bad, encoding=encoding)


def _csv_reader(lines: Iterator[str], delimiter: str) -> Any:
    # strict: a quote left open must not swallow the rest of the file into one cell unnoticed.
    # A cell may be as long as a line may (a long memo); csv's own limit is 131,072 characters.
    if csv.field_size_limit() < _MAX_LINE:
        csv.field_size_limit(_MAX_LINE)
    return csv.reader(lines, delimiter=delimiter, strict=True)


def _csv_rows(reader: Any, label: str) -> Iterator[tuple[int, list[object]]]:
    start = 1
    try:
        for cells in reader:
            yield start, cast("list[object]", cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RegisterError.coded(
            "io.csv.malformed", label=label, line=start, detail=str(exc)
        ) from None


class _CsvChunks:
    """Runs of records read straight from the csv reader (no generator step per record); their
    lines from the reader's count when every record is one line, else from the line breaks in
    their cells. What :func:`_csv_rows` gives, and the same errors; a run that meets one is
    not given (a batch writes no part of a run it could not read)."""

    def __init__(self, reader: Any, label: str, marks: _Marks, reg: Register) -> None:
        self.reader, self.label, self.marks, self.reg = reader, label, marks, reg

    def __call__(self, size: int) -> Iterator[tuple[list[int], list[list[object]]]]:
        reader = self.reader
        while True:
            before = reader.line_num
            rows: list[list[object]] = []
            append = rows.append
            failed: BaseException | None = None
            try:
                for cells in reader:
                    append(cells)
                    if len(rows) >= size:
                        break
            except (csv.Error, RegisterError) as exc:
                failed = exc
            lines = self._lines(before, reader.line_num, rows) if rows else []
            if failed is not None:  # the run read so far is dropped, as a batch's runs are
                if isinstance(failed, RegisterError):
                    raise failed
                start = lines[-1] + _span(rows[-1]) if rows else before + 1
                raise RegisterError.coded(
                    "io.csv.malformed", label=self.label, line=start, detail=str(failed)
                ) from None
            if rows:
                self.reg.plain_run = self.marks.clean(before + 1, reader.line_num)
                yield lines, rows
            if len(rows) < size:
                return

    @staticmethod
    def _lines(before: int, after: int, rows: list[list[object]]) -> list[int]:
        if after - before == len(rows):  # one line each (the common case): no cell to read
            return list(range(before + 1, after + 1))
        lines, start = [], before + 1
        for cells in rows:
            lines.append(start)
            start += _span(cells)
        return lines


def _span(cells: list[object]) -> int:
    """How many lines of the file a record took: one, plus its cells' line breaks."""
    return 1 + len(_NEWLINE.findall("\x00".join(cast("list[str]", cells))))


# ---------------------------------------------------------------------------------------- XLSX


def _open_xlsx(
    path: Path, sheet: str | None, header_row: int | None, wanted: list[str]
) -> Register:
    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401 - the extra is installed
    except ImportError:
        raise RegisterError.coded("io.needs_openpyxl", name=path.name) from None
    _check_zip(path)
    from gov_deadlines.io._xlsx_fast import load_read_only

    try:
        wb = load_read_only(path)  # openpyxl's, with its shared strings read faster
    except Exception as exc:
        raise _unreadable(path, exc) from exc
    try:
        ws = _worksheet(wb, path.name, sheet)
        label = f"{path.name} [{ws.title}]"
        merges = _merged_ranges(wb, ws, label)
        merged: dict[int, list[tuple[int, str]]] = {}
        rows = _xlsx_rows(_sheet_values(wb, ws), label, merges, merged)
        preamble, first, rows = _preamble(rows, header_row, wanted)
        if first is None:
            raise RegisterError.coded("io.sheet.empty", label=label, n=header_row or 1)
        if not any(_header(first[1])):
            raise RegisterError.coded("io.sheet.no_names", label=label, row=first[0])
        # Ranges that start at or above the header (a merged title, merged names) fill nothing.
        for m in [m for m in merges if m[0] <= first[0]]:
            merges.remove(m)
    except BaseException:
        wb.close()
        raise
    reg = Register(
        label,
        _header(first[1]),
        rows,
        sheet=ws.title,
        on_close=wb.close,
        preamble=preamble,
        merged=merged,
    )
    from gov_deadlines.io.xlsx_copy import SourceSheet

    reg.source = SourceSheet(path, ws.title, first[0], len(reg.header))
    return reg


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose parts would decompress beyond the bounds (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    for info in infos:
        held = not info.filename.startswith("xl/worksheets/")
        limit = _MAX_HELD if held else _MAX_MEMBER
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or (info.file_size > _RATIO_FROM and ratio > _MAX_RATIO):
            raise RegisterError.coded(
                "io.xlsx.zip_bomb", name=path.name, part=info.filename, size=info.file_size,
                ratio=ratio, limit=limit, max_ratio=_MAX_RATIO,
            )  # fmt: skip


_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"'
)


def _column_index(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + (b - 64)
    return n - 1


def _merged_ranges(wb: Any, ws: Any, label: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges spanning more than one row: (top row, bottom row, first column
    index, top-left column letters' index), read from the sheet XML in chunks (openpyxl's
    read-only mode does not read them)."""
    try:
        source = wb._archive.open(ws._worksheet_path)
    except Exception:  # an unusual workbook: read it without merged ranges
        return []
    found: list[tuple[int, int, int, int]] = []
    buf = b""
    with source:
        while True:
            chunk = source.read(1 << 20)
            final = not chunk
            buf += chunk
            limit = len(buf) if final else max(0, len(buf) - 512)
            for m in _MERGE.finditer(buf):
                if m.start() >= limit:
                    break
                top, bottom = int(m[2]), int(m[4])
                if bottom > top:
                    found.append((top, bottom, _column_index(m[1]), _column_index(m[3])))
                if len(found) > _MAX_MERGES:
                    raise RegisterError.coded("io.xlsx.merges", label=label, limit=_MAX_MERGES)
            if final:
                return found
            buf = buf[limit:]


def _sheet_values(wb: Any, ws: Any) -> Iterator[tuple[object, ...]]:
    """The sheet's rows as value tuples, every row from 1 (missing rows empty), with formula
    cells that have no saved value as :class:`Formula`. Falls back to openpyxl's own
    ``iter_rows`` if its parser is not the one this was written against."""
    try:
        from openpyxl.worksheet._reader import (  # type: ignore[import-untyped]
            FORMULA_TAG,
            INLINE_STRING,
            VALUE_TAG,
            WorkSheetParser,
            _cast_number,
        )

        shared = ws._shared_strings
        options = {
            "epoch": wb.epoch,
            "date_formats": wb._date_formats,
            "timedelta_formats": wb._timedelta_formats,
        }
    except (ImportError, AttributeError):  # pragma: no cover - another openpyxl
        ws.reset_dimensions()
        yield from ws.iter_rows(values_only=True)
        return

    plain_text = INLINE_STRING[:-2] + "t"  # {main namespace}t
    slow = object()

    class _Parser(WorkSheetParser):  # type: ignore[misc]
        def fast(self, element: Any) -> Any:
            """The value of the commonest cells -- a number that is no date, a shared string,
            an inline string of one plain <t> -- read as openpyxl does but without its general
            path (half the reading time of a large sheet); ``slow`` for any other cell."""
            kind = element.get("t", "n")
            if kind == "inlineStr":
                child = element.find(INLINE_STRING)
                if child is not None and len(child) == 1 and child[0].tag == plain_text:
                    return child[0].text or ""
                return slow
            value = element.findtext(VALUE_TAG) if kind in ("n", "s") else None
            if not value:  # empty, or a formula without a saved value
                return slow
            if kind == "s":
                return self.shared_strings[int(value)]
            style = element.get("s")
            return slow if style and int(style) in self.date_formats else _cast_number(value)

        def parse_cell(self, element: Any) -> Any:
            ref = element.get("r")
            if ref and (value := self.fast(element)) is not slow:
                self.col_counter = column = _column_index(ref.rstrip("0123456789").encode()) + 1
                return {"column": column, "value": value}
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                text = self.parse_formula(element)
                cell["value"] = Formula(
                    text if isinstance(text, str) else getattr(text, "text", "=")
                )
            return cell

    with ws._get_source() as src:
        parser = _Parser(src, shared, data_only=True, **options)
        expected = 1
        for idx, cells in parser.parse():
            while expected < idx:  # rows absent from the XML are empty
                expected += 1
                yield ()
            expected = idx + 1
            if not cells:
                yield ()
                continue
            values: list[object] = [None] * max(c["column"] for c in cells)
            for c in cells:
                values[c["column"] - 1] = c["value"]
            yield tuple(values)


def _worksheet(wb: Any, name: str, sheet: str | None) -> Any:
    sheets = wb.worksheets  # chart sheets excluded
    if sheet is None:
        if not sheets:
            raise RegisterError.coded("io.sheet.none", name=name)
        return sheets[0]
    for ws in sheets:
        if ws.title == sheet:
            return ws
    raise unknown_sheet(name, sheet, [ws.title for ws in sheets])


_MIDNIGHT = dt.time()


def unknown_sheet(name: str, sheet: str, titles: list[str]) -> RegisterError:
    """The error for a sheet the workbook ``name`` lacks, listing the ones it has."""
    if not titles:
        return RegisterError.coded("io.sheet.unknown_none", name=name, sheet=sheet)
    available = ", ".join(repr(title) for title in titles)
    return RegisterError.coded("io.sheet.unknown", name=name, sheet=sheet, available=available)


def _detail(exc: BaseException) -> dict[str, str]:
    # What another library said (English): kept for the English message and for logs.
    return {"kind": type(exc).__name__, "detail": str(exc)}


def _unreadable(path: Path, exc: BaseException) -> RegisterError:
    return RegisterError.coded("io.xlsx.unreadable", name=path.name, **_detail(exc))


def _xlsx_rows(
    rows: Iterator[tuple[object, ...]],
    label: str,
    merges: list[tuple[int, int, int, int]],
    merged: dict[int, list[tuple[int, str]]],
) -> Iterator[tuple[int, list[object]]]:
    blank_from, blanks = 0, 0  # a run of empty rows, yielded only once data follows it
    number = 0
    tops: dict[tuple[int, int], object] = {}  # (top row, column) -> the merged range's value
    while True:
        try:
            values = next(rows, None)
        except RegisterError:
            raise
        except Exception as exc:  # openpyxl's errors on a damaged sheet say nothing about where
            raise RegisterError.coded(
                "io.xlsx.rows_unreadable", label=label, row=number, **_detail(exc)
            ) from exc
        if values is None:
            return
        number += 1
        # Excel stores a date as a date-time at midnight; give it back as the date it shows.
        cells = [
            v.date() if isinstance(v, dt.datetime) and v.time() == _MIDNIGHT and not v.tzinfo else v
            for v in values
        ]
        if merges:
            _fill_merged(cells, number, merges, tops, merged)
        while cells and cells[-1] is None:
            cells.pop()
        if not cells:
            if not blanks:
                blank_from = number
            blanks += 1
            continue
        for n in range(blank_from, blank_from + blanks):
            yield n, []
        blanks = 0
        yield number, cells


def _fill_merged(
    cells: list[object],
    number: int,
    merges: list[tuple[int, int, int, int]],
    tops: dict[tuple[int, int], object],
    merged: dict[int, list[tuple[int, str]]],
) -> None:
    """Give the rows under a merged range's first row its value (the first column only)."""
    for top, bottom, col, _ in merges:
        if number == top:
            tops[(top, col)] = cells[col] if col < len(cells) else None
        elif top < number <= bottom:
            value = tops.get((top, col))
            if value is None:
                continue
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            if cells[col] is None:
                cells[col] = value
                merged.setdefault(number, []).append((col, f"{_letters(col)}{top}"))
            if number == bottom:
                tops.pop((top, col), None)
