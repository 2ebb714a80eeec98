"""Writing a register back out: CSV, XLSX or JSONL, one row at a time, atomically.

A file is written under a temporary name in its own directory and renamed over the real name only
when complete, so a crash never leaves half a report where the old one was. CSV and XLSX cells are
made safe to open in a spreadsheet (:func:`neutralise`); JSONL is data and is written as given.

>>> import sys
>>> with open_writer(None, ["案号", "结论"], stream=sys.stdout) as w:
...     w.write(["A-1", "=1+1"])
案号,结论
A-1,'=1+1
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
import re
import secrets
import shutil
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar, cast

from gov_deadlines.io.readers import RegisterError

if TYPE_CHECKING:
    from gov_deadlines.io.xlsx_copy import SourceSheet, SummarySpec

__all__ = [
    "OUTPUT_EXTENSIONS",
    "XLSX_MAX_CHARS",
    "Encoder",
    "OutputFormat",
    "RowWriter",
    "json_keys",
    "json_record",
    "neutralise",
    "open_writer",
    "output_format",
    "write_text_file",
    "xlsx_illegal",
    "xlsx_too_long",
]

OutputFormat = Literal["csv", "xlsx", "jsonl", "parquet"]

#: Output extensions and the format each one means.
OUTPUT_EXTENSIONS: dict[str, OutputFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
# Extensions people try, each with its own message saying what to write instead.
_HINTS = {
    ".xls": "io.output.extension_xls",
    ".xlsm": "io.output.extension_xlsm",
    ".json": "io.output.extension_json",
}

# Spreadsheets read a cell starting with one of these as a formula (OWASP "CSV injection").
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_CHARS = frozenset("".join(_TRIGGERS))
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Characters an XLSX file cannot hold: control characters (openpyxl refuses them), and what XML
# 1.0 forbids besides (U+FFFE, U+FFFF, lone surrogates), which openpyxl writes but no reader
# -- Excel, WPS, openpyxl itself -- can then open.
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XLSX_MAX_ROWS = 1_048_576
#: The most characters an XLSX cell holds (Excel's limit; openpyxl cuts longer text silently).
XLSX_MAX_CHARS = 32_767


def xlsx_illegal(text: str) -> bool:
    """Whether ``text`` holds characters an XLSX cell cannot (written as U+FFFD instead).

    >>> xlsx_illegal("a\uffffb"), xlsx_illegal("台账")
    (True, False)
    """
    return _XLSX_ILLEGAL.search(text) is not None


def xlsx_too_long(text: str) -> bool:
    """Whether ``text``, as an XLSX output cell holds it (see :func:`neutralise`), is longer
    than :data:`XLSX_MAX_CHARS` and so is cut there.

    >>> xlsx_too_long("x" * 32_767), xlsx_too_long("=" + "x" * 32_766)
    (False, True)
    """
    return len(text) >= XLSX_MAX_CHARS and len(neutralise(text)) > XLSX_MAX_CHARS


_T = TypeVar("_T")


def neutralise(value: _T) -> _T:
    """``value``, made safe to open in Excel or WPS: a string that a spreadsheet would run as a
    formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
    ``'``. Plain numbers such as ``-5`` or ``+3.2``, a lone ``-`` (registers' "not applicable")
    and all non-strings are returned unchanged.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("-5"), neutralise(-5), neutralise("-"), neutralise("逾期")
    ('-5', -5, '-', '逾期')
    """
    if (
        isinstance(value, str)
        and value.startswith(_TRIGGERS)
        and value != "-"
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return cast(_T, "'" + value)
    return value


def output_format(path: str | os.PathLike[str] | None) -> OutputFormat:
    """The output format an output path asks for by its extension; ``None`` (stdout) is CSV.

    >>> output_format("结果.xlsx"), output_format(None), output_format("out.jsonl")
    ('xlsx', 'csv', 'jsonl')
    """
    if path is None:
        return "csv"
    p = Path(path)
    ext = p.suffix.lower()
    try:
        return OUTPUT_EXTENSIONS[ext]
    except KeyError:
        code = _HINTS.get(ext, "io.output.extension") if ext else "io.output.no_extension"
        supported = ", ".join(OUTPUT_EXTENSIONS)
        raise RegisterError.coded(code, name=p.name, ext=ext, supported=supported) from None


class RowWriter:
    """Writes rows to one output; made by :func:`open_writer`.

    :meth:`write` one row at a time; :meth:`close` completes the output (a file is renamed into
    place); :meth:`abort` discards a file output. As a context manager it closes on success and
    aborts on an exception, which then propagates. ``count`` is the number of rows written
    (header excluded).

    >>> import io
    >>> w = open_writer(None, ["a"], fmt="jsonl", stream=io.StringIO())
    >>> w.write([1]); w.count
    1
    """

    def __init__(self, header: Sequence[str], fmt: OutputFormat, target: _Target) -> None:
        self.header = list(header)
        self.format = fmt
        self.count = 0
        self._target = target
        self._closed = False

    #: Cells longer than this are cut (a plain workbook: XLSX_MAX_CHARS); None: kept whole.
    max_chars: int | None = None
    #: Why the register's own workbook could not be copied (a plain workbook was written): a
    #: word such as ``"markup"`` (see :class:`gov_deadlines.io.xlsx_copy.Unsupported`).
    note: str | None = None

    def write(self, cells: Sequence[object], *, line: int | None = None) -> None:
        """Write one row: a record's cells in order (fewer or more than the header is fine).
        ``line`` is its row in the register; only a copy of the register's workbook uses it."""
        if self._closed:
            raise ValueError(f"{self._target.label}: write() after close()")
        self._write(cells)
        self.count += 1

    def close(self) -> None:
        """Finish the output; a file appears under its real name only now."""
        if self._closed:
            return
        self._closed = True
        try:
            self._finish()
            self._target.commit()
        except BaseException:
            self._release()
            self._target.discard()
            raise

    def abort(self) -> None:
        """Give up: a file output's temporary file is removed and the real name left untouched."""
        if not self._closed:
            self._closed = True
            self._release()
            self._target.discard()

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def write_rows(
        self,
        rows: Sequence[Sequence[object]],
        lines: Sequence[int | None] | None = None,
        *,
        plain_from: int | None = None,
    ) -> None:
        """Write rows as :meth:`write` writes each (``lines``: their rows in the register).
        ``plain_from``: the cells from this index on are known to be text that :func:`neutralise`
        leaves as it is (a hint that spares testing them; the output is the same)."""
        if lines is None:
            for cells in rows:
                self.write(cells)
        else:
            for cells, line in zip(rows, lines, strict=True):
                self.write(cells, line=line)

    def encoder(self) -> Encoder | None:
        """A picklable function turning rows into this output's text, or None (XLSX).

        Worker processes use it to format rows in parallel; :meth:`write_encoded` then appends
        the text. The result is byte for byte what :meth:`write` would have written.
        """
        return None

    def write_encoded(self, text: str, rows: int) -> None:
        """Append ``text`` made by :meth:`encoder` for ``rows`` rows."""
        if self._closed:
            raise ValueError(f"{self._target.label}: write() after close()")
        stream = getattr(self, "_text", None)
        if stream is None:
            raise TypeError(f"{self.format} output takes rows, not text: use write()")
        stream.write(text)
        self.count += rows

    def _write(self, cells: Sequence[object]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Flush what the format buffers; the target's stream is closed by the target."""

    def _release(self) -> None:
        """Free what the format holds besides the target, when giving up."""


def open_writer(
    path: str | os.PathLike[str] | None,
    header: Sequence[str],
    *,
    fmt: OutputFormat | None = None,
    bom: bool = False,
    stream: IO[str] | None = None,
    delimiter: str | None = None,
    preamble: Sequence[Sequence[object]] = (),
    source: SourceSheet | None = None,
    summary: SummarySpec | None = None,
    types: Sequence[object] | None = None,
) -> RowWriter:
    """Open an output for the rows of a register and write its header (CSV, XLSX).

    Parquet (``.parquet``, the ``parquet`` extra) writes one row group at a time; ``types``
    gives each column's type -- a pyarrow type, or ``"date"``, ``"int"``, ``"bool"``,
    ``"string"`` -- and a column without one is text. The preamble has no place there.

    XLSX with ``source`` and ``summary`` (the register is an XLSX workbook) is a copy of the
    register's workbook with the results appended (:mod:`gov_deadlines.io.xlsx_copy`); rows are
    then written with their row number, ``write(cells, line=n)``. A workbook the copy does not
    handle gets a plain workbook instead, the reason (a word) in the writer's ``note``.

    ``preamble`` rows (a register's title rows above its header) are written first, as they
    were, in CSV and XLSX; JSON Lines has no place for them and leaves them out.

    ``fmt`` defaults to :func:`output_format` of ``path``. ``path=None`` writes CSV or JSONL to
    ``stream`` (default ``sys.stdout``), which is flushed but not closed; ``stream`` is ignored
    when there is a path. ``bom=True`` starts CSV with a UTF-8 byte order mark so Excel reads
    Chinese text right. ``delimiter`` defaults to a tab for ``.tsv``, else a comma.

    CSV writes ``str(value)`` (``""`` for ``None``); XLSX writes values with their types; both
    pass strings through :func:`neutralise`. JSONL writes one object per row keyed by the header
    names (an empty or repeated name becomes ``col_N`` or ``name_N``, N the column number; cells
    past the header go under ``"_extra"``), dates as ISO strings.

    >>> import io
    >>> out = io.StringIO()
    >>> with open_writer(None, ["案号", ""], fmt="jsonl", stream=out) as w:
    ...     w.write(["A-1", dt.date(2024, 3, 1), "x"])
    >>> out.getvalue()
    '{"案号": "A-1", "col_2": "2024-03-01", "_extra": ["x"]}\\n'
    """
    fmt = fmt or output_format(path)
    if fmt not in ("csv", "xlsx", "jsonl", "parquet"):
        raise RegisterError.coded("io.output.format", fmt=fmt)
    if path is None:
        if fmt == "xlsx":
            raise RegisterError.coded("io.output.xlsx_stream")
        if fmt == "parquet":
            raise RegisterError.coded("io.output.parquet_stream")
        target: _Target = _StreamTarget(stream if stream is not None else sys.stdout)
    else:
        target = _FileTarget(Path(path))
    try:
        if fmt == "xlsx":
            return _xlsx_writer(header, target, preamble, source, summary)
        if fmt == "parquet":
            return _ParquetRowWriter(header, target, types)
        text = target.text(bom=bom and fmt == "csv")
        if fmt == "jsonl":
            return _JsonlWriter(header, target, text)
        suffix = "" if path is None else Path(path).suffix.lower()
        sep = delimiter or ("\t" if suffix == ".tsv" else ",")
        return _CsvWriter(header, target, text, sep, preamble)
    except BaseException:
        target.discard()
        raise


# ------------------------------------------------------------------------------------- targets


class _Target:
    """Where the bytes go: a stream, or a temporary file renamed into place on commit."""

    label = "<stdout>"

    def text(self, *, bom: bool) -> IO[str]:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def discard(self) -> None:
        raise NotImplementedError


class _StreamTarget(_Target):
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def text(self, *, bom: bool) -> IO[str]:
        if bom:
            self.stream.write("\ufeff")
        return self.stream

    def commit(self) -> None:
        self.stream.flush()

    def discard(self) -> None:
        # What went out cannot be taken back; make sure it is at least all out.
        with contextlib.suppress(Exception):
            self.stream.flush()


#: Temporary outputs are named ``.gov-deadlines.<pid>.<random>.<name>.tmp``: the prefix says
#: whose they are, the process id whether their writer still runs.
TEMP_PREFIX = ".gov-deadlines."
#: A temporary output older than this whose process is gone was left by a killed run
#: (SIGKILL, a power cut) and is removed by the next run writing to the same directory.
STALE_AFTER_SECONDS = 15 * 60


def remove_stale_temps(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove this tool's temporary outputs in ``folder`` left by runs that died; returns them.

    Only files named with :data:`TEMP_PREFIX` and ``.tmp``, older than
    :data:`STALE_AFTER_SECONDS`, whose process (by the id in the name) no longer runs on this
    machine. Errors are ignored: cleaning up never stops a run.
    """
    import time

    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = [
            p
            for p in folder.iterdir()
            if p.name.startswith(TEMP_PREFIX) and p.name.endswith(".tmp")
        ]
    except OSError:
        return removed
    for p in candidates:
        pid = p.name[len(TEMP_PREFIX) :].split(".", 1)[0]
        try:
            info = p.lstat()
            if not _is_regular(info.st_mode) or now - info.st_mtime < STALE_AFTER_SECONDS:
                continue
            if pid.isdigit() and _alive(int(pid)):
                continue
            p.unlink()
            removed.append(p)
        except OSError:
            continue
    return removed


def _is_regular(mode: int) -> bool:
    import stat

    return stat.S_ISREG(mode)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs here. On Windows ``os.kill`` would end it, so there only
    the age of the file counts."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return False
    try:
        os.kill(pid, 0)  # signal 0: asks, sends nothing
    except PermissionError:  # another user's process
        return True
    except (OSError, OverflowError, ValueError):  # no such process, or no such id
        return False
    return True


class _FileTarget(_Target):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = path.name
        if path.is_dir():
            raise RegisterError.coded("io.output.is_directory", path=path)
        if not path.parent.is_dir():
            raise RegisterError.coded("io.output.no_directory", path=path, parent=path.parent)
        remove_stale_temps(path.parent)
        self.tmp, self.binary = self._create()
        self._text: io.TextIOWrapper | None = None

    def _create(self) -> tuple[Path, IO[bytes]]:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            token = f"{os.getpid()}.{secrets.token_hex(4)}"
            tmp = self.path.parent / f"{TEMP_PREFIX}{token}.{self.path.name}.tmp"
            try:
                fd = os.open(tmp, flags, 0o666)  # the umask applies, as for any new file
            except FileExistsError:
                continue
            except OSError as exc:
                raise RegisterError.coded(
                    "io.output.cannot_write", path=self.path, reason=exc
                ) from exc
            return tmp, os.fdopen(fd, "wb")

    def text(self, *, bom: bool) -> IO[str]:
        # The BOM as bytes, then plain UTF-8: the same bytes as "utf-8-sig", whose encoder is
        # Python code called on every write, where UTF-8's is C.
        if bom:
            self.binary.write(codecs.BOM_UTF8)
        self._text = io.TextIOWrapper(self.binary, encoding="utf-8", newline="")
        return self._text

    def commit(self) -> None:
        stream: IO[Any] = self._text if self._text is not None else self.binary
        stream.flush()
        os.fsync(self.binary.fileno())
        stream.close()
        if self.path.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(self.path, self.tmp)  # replacing a file keeps its permissions
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        stream: IO[Any] = self._text if self._text is not None else self.binary
        with contextlib.suppress(Exception):
            stream.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()


def write_text_file(path: str | os.PathLike[str], text: str) -> None:
    """Write a whole UTF-8 text file through a temporary file renamed into place, so an
    interrupted run leaves the old file (or none), never half of one. RegisterError when the
    path cannot be written."""
    target = _FileTarget(Path(path))
    try:
        target.text(bom=False).write(text)
        target.commit()
    except BaseException:
        target.discard()
        raise


# ------------------------------------------------------------------------------------- formats


class _CsvWriter(RowWriter):
    def __init__(
        self,
        header: Sequence[str],
        target: _Target,
        text: IO[str],
        sep: str,
        preamble: Sequence[Sequence[object]] = (),
    ) -> None:
        super().__init__(header, "csv", target)
        self._text = text
        # Files get RFC 4180 line ends; a text stream translates "\n" itself.
        end = "\n" if isinstance(target, _StreamTarget) else "\r\n"
        self._csv = csv.writer(text, delimiter=sep, lineterminator=end)
        self._csv.writerows(_csv_row(row) for row in preamble)
        self._csv.writerow([_csv_cell(name) for name in self.header])

        self._sep, self._end = sep, end

    def _write(self, cells: Sequence[object]) -> None:
        self._csv.writerow(_csv_row(cells))

    def write_rows(
        self,
        rows: Sequence[Sequence[object]],
        lines: Sequence[int | None] | None = None,
        *,
        plain_from: int | None = None,
    ) -> None:
        if self._closed:
            raise ValueError(f"{self._target.label}: write() after close()")
        self._csv.writerows(_csv_rows(rows, plain_from))
        self.count += len(rows)

    def encoder(self) -> Encoder:
        return _CsvEncoder(self._sep, self._end)


#: After a NUL, in a column joined by NULs: a cell that may need neutralise() (one regex pass,
#: which finds the literal NUL in C, where six substring tests are six passes).
_STARTS = re.compile("\x00[-=+@\t\r]")


def _csv_rows(
    rows: Sequence[Sequence[object]], plain_from: int | None = None
) -> Sequence[Sequence[object]]:
    """The rows as :func:`_csv_row` makes each (cells from ``plain_from`` on are known not to
    need it). Rows of text cells of one width (most runs of a batch) are tested a column at a
    time, in C: joined by NULs, a cell that may need
    :func:`neutralise` starts the text or follows a NUL; only the rows of such cells (or of a
    cell holding a NUL, which blurs where cells start) get the per-cell test, which decides."""
    if not rows:
        return rows
    width = len(rows[0])
    if len(set(map(len, rows))) != 1:
        return [_csv_row(cells) for cells in rows]
    first = _TRIGGER_CHARS
    flagged: set[int] = set()
    for j in range(width if plain_from is None else min(width, plain_from)):
        col = [cells[j] for cells in rows]
        try:
            text = "\x00".join(col)  # type: ignore[arg-type]
        except TypeError:  # a cell that is not text: None, a number, a date
            return [_csv_row(cells) for cells in rows]
        if (
            text[:1] in first
            or _STARTS.search(text) is not None
            or text.count("\x00") != len(col) - 1
        ):
            flagged.update(
                k
                for k, v in enumerate(col)
                if v[:1] in first or "\x00" in v  # type: ignore[index,operator]
            )
    if not flagged:
        return rows
    out = list(rows)
    for k in flagged:
        out[k] = _csv_row(rows[k])
    return out


def _csv_row(cells: Sequence[object]) -> list[object]:
    # The hot loop of a batch: a first-character test spares neutralise() for most cells.
    return [
        value
        if type(value) is str and (not value or value[0] not in _TRIGGER_CHARS)
        else _csv_cell(value)
        for value in cells
    ]


class Encoder:
    """Rows to output text, outside the writer (see :meth:`RowWriter.encoder`)."""

    def __call__(self, rows: Sequence[Sequence[object]]) -> str:
        raise NotImplementedError


class _CsvEncoder(Encoder):
    def __init__(self, sep: str, end: str) -> None:
        self.sep, self.end = sep, end

    def __call__(self, rows: Sequence[Sequence[object]]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.sep, lineterminator=self.end)
        writer.writerows(_csv_rows(rows))
        return buffer.getvalue()

    def pieces(self, rows: Sequence[Sequence[str]]) -> list[str] | None:
        """Each row's text without its line end, its cells written as given (already safe, at
        least two a row, so no row is a lone empty cell); None when a cell holds a NUL. Rows cut
        into parts this way join into the text a whole row makes: the csv module quotes each
        cell on its own (by the delimiter, the quote and the line end's characters)."""
        if not rows:
            return []
        mark = "\x00" + self.end  # a NUL no cell holds marks where each row ends
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=self.sep, lineterminator=mark).writerows(rows)
        text = buffer.getvalue()
        if text.count("\x00") != len(rows):
            return None
        parts = text.split(mark)
        parts.pop()  # after the last line end
        return parts


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # spreadsheets and scripts read true/false, not Python's True
        return "true" if value else "false"
    return neutralise(str(value))


class _JsonlWriter(RowWriter):
    def __init__(self, header: Sequence[str], target: _Target, text: IO[str]) -> None:
        super().__init__(header, "jsonl", target)
        self._text = text
        self._keys = json_keys(self.header)

    def _write(self, cells: Sequence[object]) -> None:
        self._text.write(_json_line(self._keys, cells))

    def encoder(self) -> Encoder:
        return _JsonlEncoder(self._keys)


def json_record(keys: Sequence[str], cells: Sequence[object]) -> dict[str, object]:
    """One output row as the JSON Lines output holds it (keys from :func:`json_keys`): what
    ``check --report`` renders, the same as ``report`` reading that output back.

    >>> import datetime as dt
    >>> json_record(["a", "b"], [dt.date(2024, 2, 8), 1, "x"])
    {'a': '2024-02-08', 'b': 1, '_extra': ['x']}
    """
    row: dict[str, object] = {}
    for i, key in enumerate(keys):
        row[key] = _json_value(cells[i]) if i < len(cells) else None
    if len(cells) > len(keys):
        row["_extra"] = [_json_value(v) for v in cells[len(keys) :]]
    return row


def _json_line(keys: Sequence[str], cells: Sequence[object]) -> str:
    row = json_record(keys, cells)
    return json.dumps(row, ensure_ascii=False, default=_json_default, allow_nan=False) + "\n"


class _JsonlEncoder(Encoder):
    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(keys)

    def __call__(self, rows: Sequence[Sequence[object]]) -> str:
        return "".join(_json_line(self.keys, cells) for cells in rows)


def json_keys(header: Sequence[str]) -> list[str]:
    """JSON keys for header names: unique, never empty, never ``"_extra"``.

    >>> json_keys(["日期", "", "日期", "_extra"])
    ['日期', 'col_2', '日期_3', '_extra_4']
    """
    keys: list[str] = []
    seen = {"_extra"}
    for i, name in enumerate(header, 1):
        key = name if name else f"col_{i}"
        if key in seen:
            key = f"{name}_{i}" if name else f"col_{i}"
            while key in seen:
                key += "_"
        seen.add(key)
        keys.append(key)
    return keys


def _json_default(value: object) -> object:
    """For values nested in a cell (a list, a dict) that json cannot write itself."""
    converted = _json_value(value)
    return str(value) if converted is value else converted


def _json_value(value: object) -> object:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Decimal | dt.timedelta):
        return str(value)
    return value


class _ParquetRowWriter(RowWriter):
    def __init__(
        self, header: Sequence[str], target: _Target, types: Sequence[object] | None
    ) -> None:
        super().__init__(header, "parquet", target)
        from gov_deadlines.io.parquet import ParquetWriter

        assert isinstance(target, _FileTarget)  # open_writer refuses Parquet to a stream
        self._parquet = ParquetWriter(header, types, target.binary, target.label)

    def _write(self, cells: Sequence[object]) -> None:
        self._parquet.add(cells)

    def write_rows(
        self,
        rows: Sequence[Sequence[object]],
        lines: Sequence[int | None] | None = None,
        *,
        plain_from: int | None = None,
    ) -> None:
        if self._closed:
            raise ValueError(f"{self._target.label}: write() after close()")
        add = self._parquet.add
        for cells in rows:
            add(cells)
        self.count += len(rows)

    def _finish(self) -> None:
        self._parquet.close()

    def _release(self) -> None:
        self._parquet.discard()


class _XlsxWriter(RowWriter):
    def __init__(
        self,
        header: Sequence[str],
        target: _Target,
        preamble: Sequence[Sequence[object]] = (),
        summary: SummarySpec | None = None,
    ) -> None:
        super().__init__(header, "xlsx", target)
        self.max_chars = XLSX_MAX_CHARS
        # With a summary: the status column, counted for the summary sheet (io/xlsx_plain.py).
        self._summary = summary
        self._status = len(header) - summary.appended + summary.status_offset if summary else -1
        self._counts: collections.Counter[str] = collections.Counter()
        try:
            import openpyxl  # type: ignore[import-untyped]
        except ImportError:
            raise RegisterError.coded("io.output.needs_openpyxl", name=target.label) from None
        assert isinstance(target, _FileTarget)  # open_writer refuses XLSX to a stream
        self._file = target
        self._preamble = len(preamble)
        self._wb = openpyxl.Workbook(write_only=True)  # rows go to a temporary file, not memory
        self._ws = self._wb.create_sheet("Sheet1")
        self._ws.freeze_panes = f"A{len(preamble) + 2}"  # below the header row
        if summary is not None:  # the result columns' widths, before any row is written
            from gov_deadlines.io._ooxml import letters

            first = len(header) - summary.appended
            for i, width in enumerate(summary.widths):
                self._ws.column_dimensions[letters(first + i)].width = width
        for row in preamble:
            self._ws.append([_xlsx_cell(value) for value in row])
        self._ws.append([_xlsx_cell(name) for name in self.header])

    def _write(self, cells: Sequence[object]) -> None:
        if self.count + 2 + self._preamble > _XLSX_MAX_ROWS:
            raise RegisterError.coded(
                "io.output.xlsx_rows", name=self._file.label, limit=_XLSX_MAX_ROWS
            )
        self._ws.append([_xlsx_cell(value) for value in cells])
        if self._status >= 0:
            status = cells[self._status] if self._status < len(cells) else None
            self._counts[status if isinstance(status, str) else ""] += 1

    def _finish(self) -> None:
        if self._summary is not None:
            from gov_deadlines.io.xlsx_plain import decorate

            header_line = self._preamble + 1
            decorate(self._wb, self._ws, self._summary, len(self.header), header_line, self._counts)
        self._wb.save(self._file.binary)

    def _release(self) -> None:
        # openpyxl keeps the rows in a temporary file of its own until save(); remove it now
        # rather than at interpreter exit.
        with contextlib.suppress(Exception):
            if not self._ws.closed:
                self._ws.close()
            self._ws._writer.cleanup()


def _xlsx_writer(
    header: Sequence[str],
    target: _Target,
    preamble: Sequence[Sequence[object]],
    source: SourceSheet | None,
    summary: SummarySpec | None,
) -> RowWriter:
    note = None
    if source is not None and summary is not None:
        from gov_deadlines.io.xlsx_copy import Unsupported, XlsxCopyWriter

        assert isinstance(target, _FileTarget)
        try:
            return XlsxCopyWriter(header, target, source, summary)
        except Unsupported as exc:  # nothing written yet: a plain workbook instead
            note = exc.code
    writer = _XlsxWriter(header, target, preamble, summary)
    writer.note = note
    return writer


def _xlsx_cell(value: object) -> object:
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        value = value.isoformat()  # Excel has no time zones
    elif isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    text = neutralise(str(value))[:XLSX_MAX_CHARS]  # what openpyxl would do, said aloud
    return _XLSX_ILLEGAL.sub("\ufffd", text)
