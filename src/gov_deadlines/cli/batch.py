"""``gov-deadlines check REGISTER``: the auditor's batch over a register (台账) of cases.

Every input record comes out, in order, with all its cells and the result columns appended; a
record that cannot be evaluated carries the reason in the error column. Reading and writing are
streamed (:mod:`gov_deadlines.io`), so memory stays flat however long the register is.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import operator
import os
import sys
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, cast

import attrs

from gov_deadlines import (
    GovDeadlinesError,
    Pause,
    Period,
    UnknownRule,
    Verdict,
    check,
)
from gov_deadlines.cli.check_outputs import RunOutputs
from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.text import COLUMNS, t
from gov_deadlines.cli.verdicts import (
    NONE_VALUES,
    VIOLATING,
    parse_channel,
    parse_extension,
    parse_pauses,
    short_explanation,
)
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.explain import status_word
from gov_deadlines.io.readers import Formula

if TYPE_CHECKING:
    from gov_deadlines.cli.batch_columns import ColumnsPath
    from gov_deadlines.io.writers import OutputFormat

__all__ = ["cmd_check"]


class RowError(Exception):
    """A record that cannot be evaluated; the message goes into the error column."""


@attrs.frozen
class _Columns:
    trigger: int
    rule: int | None
    done: int | None
    pause: int | None
    extension: int | None
    restart: int | None
    channel: int | None = None


def _fold(text: str) -> str:  # full-width brackets and spaces, and case, do not matter
    import unicodedata

    return unicodedata.normalize("NFKC", text).strip().casefold()


def _find(header: list[str], name: str | None, label: str, lang: str) -> int | None:
    if name is None:
        return None
    wanted = name.strip()
    found = [i for i, h in enumerate(header) if h.strip() == wanted]
    if not found:
        found = [i for i, h in enumerate(header) if _fold(h) == _fold(wanted)]
    if len(found) == 1:
        return found[0]
    if found:  # the register repeats the name: refuse to pick one
        from gov_deadlines.io._ooxml import letters as _letters

        positions = ", ".join(f"{i + 1} ({_letters(i)})" for i in found)
        raise UsageError(
            t("ambiguous_column", lang, file=label, col=name, n=len(found), positions=positions)
        )
    have = ", ".join(h for h in header if h) or "-"
    message = t("no_column", lang, file=label, col=name, have=have)
    if sum(1 for h in header if h) <= 1:  # one name at most: a title row above the header?
        message += t("title_row_hint", lang)
    raise UsageError(message)


def _result_names(header: list[str], names: list[str]) -> list[str]:
    """The appended columns' names, each suffixed (``status_2``) if the register has it."""
    taken = {_fold(h) for h in header}
    out = []
    for name in names:
        new, n = name, 1
        while _fold(new) in taken:
            n += 1
            new = f"{name}_{n}"
        taken.add(_fold(new))
        out.append(new)
    return out


class _FormulaCell(Exception):
    """A key cell holds a formula without a saved value."""

    def __init__(self, index: int, formula: str) -> None:
        self.index, self.formula = index, formula


#: A row whose first non-empty cell starts with one of these is a footer (after folding).
_FOOTERS = ("合计", "小计", "总计", "备注:", "注:")


def _cell(cells: list[Any], i: int | None) -> Any:
    if i is None or i >= len(cells):
        return None
    value = cells[i]
    if type(value) is str:
        value = value.strip()
        return value or None
    if isinstance(value, Formula):
        raise _FormulaCell(i, str(value))
    if isinstance(value, str):
        return value.strip() or None
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@functools.lru_cache(maxsize=1 << 16)  # registers repeat dates; parsing is the costlier part
def _parse_text(text: str) -> dt.date:
    return parse_date(text)


class _Row:
    """Turns one record's cells into a :func:`check` call and result columns."""

    def __init__(self, ctx: Context, args: argparse.Namespace, cols: _Columns, header: list[str]):
        self.ctx = ctx
        self.lang = ctx.lang
        self.cols = cols
        self.header = header
        self.as_of = ctx.date(args.as_of, "--as-of") if args.as_of else None
        self.fixed_rule: str | Period | None = ctx.rule(args.rule) if args.rule else None
        self.explain = args.explain
        self.trace = args.explain == "full"
        self.violated = False  # the last row had a violation (late, extension over limit, ...)
        self.provisional = False  # the last row's result used days without data
        self.as_text = False  # produce CSV-ready text rather than typed values
        self.none = _none_values(getattr(args, "none_values", None))
        self.xlsx = False  # the output is XLSX: note cells whose characters it cannot hold
        self.max_chars: int | None = None  # the output cuts longer cells (a plain workbook)
        self.columns: ColumnsPath | None = None  # runs of records judged as columns
        self.plain_input = False  # no cell of the run starts with a formula character

    def _unless_none(self, value: Any) -> Any:
        """None for a "not done" marker (``-``, ``无``, ``未答复``...; --none-values)."""
        if type(value) is str and value in self.none:
            return None
        return value

    def _date(self, cells: list[Any], i: int | None, required: bool = False) -> dt.date | None:
        value = _cell(cells, i)
        if not required:
            value = self._unless_none(value)
        if value is None:
            if not required:
                return None
            if all(_blank(v) for v in cells):
                raise RowError(t("empty_row", self.lang))
            what = t("column", self.lang, col=self.header[i] if i is not None else "?")
            raise RowError(t("empty_value", self.lang, what=what))
        try:
            return _parse_text(value) if type(value) is str else parse_date(value)
        except DateParseError as exc:
            name = self.header[i] if i is not None else "?"
            where = t("column", self.lang, col=name)
            message = exc.message(self.lang)
            raise RowError(t("about_option", self.lang, option=where, message=message)) from None

    def _rule(self, cells: list[Any]) -> str | Period:
        text = _cell(cells, self.cols.rule)
        if text is None:
            if all(_blank(v) for v in cells):
                raise RowError(t("empty_row", self.lang))
            what = t("column", self.lang, col=self.header[self.cols.rule or 0])
            raise RowError(t("empty_value", self.lang, what=what))
        return self.ctx.rule(str(text))

    def _pauses(self, cells: list[Any]) -> list[Pause]:
        text = self._unless_none(_cell(cells, self.cols.pause))
        if text is None:
            return []
        try:
            return parse_pauses(str(text), self.lang)
        except ValueError as exc:
            raise RowError(str(exc)) from None

    def _channel(self, cells: list[Any]) -> str | None:
        text = _cell(cells, self.cols.channel)
        try:
            return None if text is None else parse_channel(str(text), self.lang)
        except ValueError as exc:
            raise RowError(str(exc)) from None

    def _extension(self, cells: list[Any]) -> int | Period | None:
        value = self._unless_none(_cell(cells, self.cols.extension))
        if value is None:
            return None
        try:
            return parse_extension(value, self.lang)
        except ValueError as exc:
            name = self.header[self.cols.extension or 0]
            where = t("column", self.lang, col=name)
            raise RowError(t("about_option", self.lang, option=where, message=exc)) from None

    def skippable(self, cells: list[Any]) -> bool:
        """A blank row, or a footer (合计, 小计, 总计, 备注:) whose trigger cell is no date."""
        first = next((v for v in cells if not _blank(v)), None)
        if first is None:
            return True
        if not isinstance(first, str) or not _fold(first).replace(" ", "").startswith(_FOOTERS):
            return False
        i = self.cols.trigger
        trigger = cells[i] if i < len(cells) else None
        if _blank(trigger) or trigger is first:
            return True
        try:
            parse_date(trigger)
        except (DateParseError, TypeError):
            return True
        return False

    def evaluate(self, cells: list[Any]) -> tuple[list[Any], str]:
        """The result columns for a record, and its status ('' on error)."""
        c = self.cols
        self.violated = self.provisional = False
        try:
            rule = self.fixed_rule or self._rule(cells)
            trigger = self._date(cells, c.trigger, required=True)
            assert trigger is not None
            v = check(
                rule,
                trigger,
                done=self._date(cells, c.done) if c.done is not None else None,
                as_of=self.as_of,
                pauses=self._pauses(cells) if c.pause is not None else (),
                extension=self._extension(cells) if c.extension is not None else None,
                restart=self._date(cells, c.restart) if c.restart is not None else None,
                channel=self._channel(cells) if c.channel is not None else None,
                calendar=self.ctx.calendar,
                catalog=self.ctx.catalog,
                trace=self.trace,
            )
        except Exception as exc:  # every cell-level problem is a row error; the batch goes on
            if self.skippable(cells):
                return self._skipped(), "skipped"
            return self._error(self._reason(exc)), ""
        self.violated = bool(v.violations)
        self.provisional = v.provisional
        return self._columns(v), v.status

    def _reason(self, exc: Exception) -> str:
        if isinstance(exc, RowError):
            return str(exc)
        if isinstance(exc, _FormulaCell):
            what = t("column", self.lang, col=self.header[exc.index])
            return t("formula_cell", self.lang, what=what, formula=exc.formula)
        if isinstance(exc, UnknownRule | ValueError | GovDeadlinesError):
            # an unknown rule id in a row, a bad period, a year whose arrangement is not loaded
            return self.ctx.error(exc)
        return t("row_failed", self.lang, error=f"{type(exc).__name__}: {exc}")

    def _skipped(self) -> list[Any]:
        blank = "" if self.as_text else None
        return [blank, "skipped", t("skipped", self.lang)] + [blank] * 9

    def _columns(self, v: Verdict) -> list[Any]:
        """The appended columns, in the order of :data:`~gov_deadlines.cli.text.COLUMNS`."""
        lang, d, rule = self.lang, v.deadline, v.rule
        if self.explain == "short":
            explanation = short_explanation(v, lang)
        else:
            explanation = v.explain(lang) if self.explain == "full" else ""
        if rule is not None:
            rule_id, citation = rule.id, rule.citation_text(lang)
        else:
            rule_id, citation = (str(d.period) if d and d.period else ""), ""
        due = (d.due_at or d.due) if d is not None else None
        if self.as_text:  # CSV: text now, so the writer's per-cell conversion has nothing to do
            return [
                "" if due is None else str(due),
                v.status,
                status_word(v.status, lang),
                _text(v.workdays_late),
                _text(v.days_late),
                _text(v.workdays_left),
                "true" if v.provisional else "false",
                rule_id,
                citation,
                explanation,
                "",
                v.fingerprint,
            ]
        return [
            due,
            v.status,
            status_word(v.status, lang),
            _number(v.workdays_late),
            _number(v.days_late),
            _number(v.workdays_left),
            v.provisional,
            rule_id,
            citation,
            explanation,
            "",
            v.fingerprint,
        ]

    def _error(self, message: str) -> list[Any]:
        blank = "" if self.as_text else None
        return [blank] * 10 + [message, self.ctx.calendar.fingerprint]


def _none_values(option: str | None) -> frozenset[str]:
    """The "not done" markers: ``--none-values`` (comma-separated), else the usual ones."""
    if option is None:
        return frozenset(NONE_VALUES)
    return frozenset(v.strip() for v in option.replace("，", ",").split(",") if v.strip())


def _text(value: int | None) -> str:
    return "" if value is None else str(int(value))


def _number(value: int | None) -> int | None:
    # A plain int: ProvisionalInt's marking is carried by the provisional column.
    return None if value is None else int(value)


def _progress(lang: str, reg: Any) -> Callable[[int], None] | None:
    """A progress line on stderr -- rows done, and the share of the file read with a bar when
    the register can tell -- only for a person watching a terminal (never in CI or pipes)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(n: int) -> None:
        line = t("progress", lang, n=n)
        fraction = reg.fraction_read()
        if fraction is not None:
            filled = int(fraction * 20)
            line = f"[{'#' * filled}{'.' * (20 - filled)}] {fraction:4.0%}  {line}"
        sys.stderr.write("\r" + line)
        sys.stderr.flush()

    return show


_CHUNK = 2000  # records per task sent to a worker process
_COLUMNS_CHUNK = 20_000  # records per run of the columns path (arrays pay off; memory stays flat)


def _jobs(args: argparse.Namespace) -> int:
    """Worker processes: ``--jobs``, or automatically all cores (up to 4) for big registers."""
    if args.jobs:
        return max(1, int(args.jobs))
    try:
        big = os.path.getsize(args.register) >= 8 << 20  # about 100k rows
    except OSError:
        big = False
    return min(os.cpu_count() or 1, 4) if big else 1


def _output_row(cells: list[Any], width: int, result: list[Any]) -> list[Any]:
    """The record's cells padded to the header, the results, then any cells past the header
    (a ragged row keeps them: nothing is lost)."""
    if len(cells) > width:
        return cells[:width] + result + cells[width:]
    return cells + [""] * (width - len(cells)) + result


class _Done:
    """What evaluating a run of records gave: per record its status ('' on error) and error
    message, the rows with violations, and the output (rows, or text already encoded)."""

    __slots__ = (
        "cut", "errors", "plain_from", "provisional", "replaced", "rows", "statuses", "text",
        "violated",
    )  # fmt: skip

    def __init__(self) -> None:
        self.replaced = 0  # rows with characters XLSX cannot hold
        self.cut = 0  # rows with cells longer than the output holds
        self.statuses: list[str] = []
        self.errors: list[str] = []
        self.violated = 0
        self.provisional = 0
        self.rows: list[list[Any]] = []
        self.text = ""
        self.plain_from: int | None = None  # cells from here on need no test by the writer


#: Per record of a run (its index): the cells filled from merged ranges (column, top-left).
_Notes = dict[int, list[tuple[int, str]]]


def _has_illegal(cells: list[Any]) -> bool:
    from gov_deadlines.io.writers import xlsx_illegal

    return any(type(v) is str and xlsx_illegal(v) for v in cells)


def _too_long(cells: list[Any], header: list[str]) -> list[str]:
    """The columns whose text a plain XLSX output cuts at its 32,767 characters."""
    from gov_deadlines.io.writers import xlsx_too_long

    return [
        header[i] if i < len(header) else str(i + 1)
        for i, v in enumerate(cells)
        if type(v) is str and xlsx_too_long(v)
    ]


def _note(
    row: _Row, result: list[Any], merged: Any, *, xlsx_chars: bool = False, cut: Any = ()
) -> None:
    """A note about how the record was read or written, appended to its explanation column."""
    lang = row.lang
    if xlsx_chars:
        text = t("xlsx_chars_note", lang, cols=t("column", lang, col="*"))
    elif cut:
        cols = "、".join(t("column", lang, col=name) for name in cut)
        text = t("xlsx_long_note", lang, cols=cols)
    else:
        refs: dict[str, list[str]] = {}
        for col, ref in merged:
            name = row.header[col] if col < len(row.header) else str(col + 1)
            refs.setdefault(ref, []).append(t("column", lang, col=name))
        if not refs:
            return
        text = "; ".join(t("merged_note", lang, cols="、".join(c), ref=r) for r, c in refs.items())
    i = len(COLUMNS["en"]) - 3  # the explanation column
    result[i] = f"{result[i]}\n{text}" if result[i] else text


def _evaluate_chunk(
    row: _Row, chunk: list[list[Any]], width: int, encoder: Any, notes: _Notes | None = None
) -> _Done:
    done = _Done()
    judged = row.columns.judge(chunk) if row.columns is not None else None
    if judged is not None and notes is None and not row.xlsx and row.max_chars is None:
        _plain_chunk(row, chunk, width, judged, done)
    else:
        for k, cells in enumerate(chunk):
            got = judged[k] if judged is not None else None
            if got is None or got[0] is None:  # not judged, or judged as text only
                result, status = row.evaluate(cells)
                violated, provisional = row.violated, row.provisional
            else:  # the columns path: a plain verdict, violated only by lateness
                result, status = list(got[0]), got[1]  # shared by equal records: a copy
                violated, provisional = status in ("late", "overdue"), False
            done.statuses.append(status)
            done.errors.append("" if status else result[-2])
            done.violated += violated
            done.provisional += provisional
            if notes is not None:
                _note(row, result, notes.get(k, ()))
            if row.xlsx and _has_illegal(cells):
                _note(row, result, (), xlsx_chars=True)
                done.replaced += 1
            if row.max_chars is not None and (cut := _too_long(cells, row.header)):
                _note(row, result, (), cut=cut)
                done.cut += 1
            done.rows.append(_output_row(cells, width, result))
    if encoder is not None:  # text travels back from a worker far cheaper than rows
        done.text, done.rows = encoder(done.rows), []
    return done


def _plain_chunk(
    row: _Row,
    chunk: list[list[Any]],
    width: int,
    judged: list[tuple[Any, ...] | None],
    done: _Done,
) -> None:
    """The loop of :func:`_evaluate_chunk` without notes to add (no merged cells, no XLSX):
    the few records left to the row path first, then every record in one pass."""
    from gov_deadlines.cli.batch_columns import safe_cells

    got = list(judged)
    errors = [""] * len(got)
    columns = row.columns
    safe = columns is not None and columns.safe
    by_rows = [k for k, g in enumerate(got) if g is None]
    for k in by_rows:
        result, status = row.evaluate(chunk[k])
        done.violated += row.violated
        done.provisional += row.provisional
        if not status:
            errors[k] = result[-2]
        elif status == "late" or status == "overdue":
            done.violated -= 1  # counted with the others below
        tail = columns.tails([result])[0] if columns is not None else None
        got[k] = (result, status, tail)
        safe = safe and safe_cells(result)
    full = cast("list[tuple[list[Any], str, str | None]]", got)
    statuses = list(map(operator.itemgetter(1), full))  # map() in C: no Python step per row
    done.statuses.extend(statuses)
    done.errors.extend(errors)
    done.violated += statuses.count("late") + statuses.count("overdue")
    same_width = set(map(len, chunk)) == {width}
    if same_width and width >= 2 and columns is not None and columns.csv is not None:
        # CSV out: the register's cells written by the csv module, each result's text made
        # once per distinct result: the same bytes as whole rows, without 12 cells a row.
        tails = list(map(operator.itemgetter(2), full))
        if None not in tails:
            from gov_deadlines.io.writers import _csv_rows

            heads = columns.csv.pieces(chunk if row.plain_input else _csv_rows(chunk))
            if heads is not None:
                done.text = "".join(map(operator.add, heads, tails))
                return
    for k, g in enumerate(full):  # judged as text only: the row path makes the cells
        if g[0] is None:
            full[k] = (row.evaluate(chunk[k])[0], g[1], g[2])
    if same_width:  # each record's cells + its result cells
        done.rows.extend(map(operator.add, chunk, map(operator.itemgetter(0), full)))
    else:
        done.rows.extend(
            [_output_row(cells, width, g[0]) for cells, g in zip(chunk, full, strict=True)]
        )
    if safe:  # the results: texts checked as they were made; the register's cells: read
        done.plain_from = 0 if row.plain_input else width


def _evaluated(
    reg: Any, row: _Row, width: int, jobs: int, args: argparse.Namespace, encoder: Any
) -> Generator[tuple[list[Any], _Done], None, None]:
    """Runs of records (their raw line numbers) with what evaluating them gave, in input order.

    With ``jobs > 1`` worker processes evaluate and encode the runs; at most a few runs are in
    flight, so memory stays flat, and ``imap`` keeps the order.
    """

    def runs() -> Iterator[tuple[list[Any], list[list[Any]], _Notes | None]]:
        chunks = getattr(reg, "chunks", None)
        if chunks is not None and reg.sheet is None and row.columns is not None:
            # No sheet, no merged cells to note: runs straight from the reader. Workers get
            # smaller runs (a few are in flight at once).
            # To standard output, runs of the row path's size: a register that cannot be read
            # to its end stops after the same rows.
            size = _COLUMNS_CHUNK if jobs <= 1 and args.output else _CHUNK
            for run in chunks(size):
                row.plain_input = jobs <= 1 and reg.plain_run  # read where the run is judged
                yield run[0], run[1], None
            row.plain_input = False
            return
        lines: list[Any] = []
        chunk: list[list[Any]] = []
        notes: _Notes | None = None
        merged = reg.merged  # XLSX: cells filled from merged ranges, by row
        for rec in reg:
            if merged:
                filled = merged.pop(rec.raw_line, None)
                if filled:
                    notes = notes or {}
                    notes[len(chunk)] = filled
            lines.append(rec.raw_line)
            chunk.append(list(rec.cells))
            if len(chunk) == _CHUNK:
                yield lines, chunk, notes
                lines, chunk, notes = [], [], None
        if chunk:
            yield lines, chunk, notes

    if jobs <= 1:
        for lines, chunk, notes in runs():
            yield lines, _evaluate_chunk(row, chunk, width, None, notes)
        return
    import multiprocessing
    import threading
    from collections import deque

    in_flight = threading.BoundedSemaphore(4 * jobs)
    stop = threading.Event()
    waiting: deque[list[Any]] = deque()

    def feed() -> Iterator[tuple[list[list[Any]], _Notes | None]]:
        # Runs in the pool's feeder thread: the semaphore stops it reading ahead without bound.
        # It must also notice a run that ended early (Ctrl-C, SIGTERM, an error): the pool's
        # terminate() joins this thread, which would otherwise wait on the semaphore forever.
        for lines, chunk, notes in runs():
            while not in_flight.acquire(timeout=0.1):
                if stop.is_set():
                    return
            waiting.append(lines)
            yield chunk, notes

    init = (args, row.cols, row.header, row.as_text, width, encoder, row.xlsx, row.max_chars)
    with multiprocessing.Pool(jobs, initializer=_init_worker, initargs=init) as pool:
        try:
            for done in pool.imap(_work, feed()):
                lines = waiting.popleft()
                in_flight.release()
                yield lines, done
        finally:
            stop.set()


_WORKER: tuple[_Row, int, Any] | None = None


def _init_worker(
    args: argparse.Namespace,
    cols: _Columns,
    header: list[str],
    as_text: bool,
    width: int,
    encoder: Any,
    xlsx: bool = False,
    max_chars: int | None = None,
) -> None:
    global _WORKER
    import signal
    import warnings

    # Ctrl-C reaches the whole process group; the parent unwinds (exit 130) and ends the pool,
    # so a worker that raised KeyboardInterrupt would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Pool.terminate() -- at the end of every run -- ends the workers with SIGTERM. The CLI's
    # Python-level SIGTERM handler, inherited through fork, may never run in a worker that the
    # signal caught just before it blocked on the task queue's lock: the worker would wait there
    # for ever and the run would hang. The default action ends it at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    from gov_deadlines import ProvisionalDataWarning

    warnings.simplefilter("ignore", ProvisionalDataWarning)  # marked in the provisional column
    row = _Row(Context.from_args(args), args, cols, header)
    row.as_text = as_text
    row.xlsx = xlsx
    row.max_chars = max_chars
    from gov_deadlines.cli.batch_columns import columns_path

    row.columns = columns_path(row, args.register)
    _WORKER = (row, width, encoder)


def _work(task: tuple[list[list[Any]], _Notes | None]) -> _Done:
    assert _WORKER is not None
    return _evaluate_chunk(_WORKER[0], task[0], _WORKER[1], _WORKER[2], task[1])


def _refuse_same_file(register: str, output: str | None, lang: str) -> None:
    """Writing over the register would destroy it (its other sheets, formats, formulas): refuse
    an output that is the same file, by name, symbolic link or hard link."""
    if not output:
        return
    try:
        a, b = os.stat(register), os.stat(output)
    except OSError:  # no output file yet (or no register: reported when it is opened)
        return
    if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
        raise UsageError(t("same_file", lang, output=output, register=register))


class _Tally:
    """What the run's rows came to: counts by status ("error" for rows that failed) and the
    rows with a violation, provisional days, characters or lengths XLSX cannot hold."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.violated = self.provisional = self.replaced = self.cut = 0

    def add(self, done: _Done) -> None:
        counted = Counter(done.statuses)  # in C; "" (a row that failed) is "error"
        if "" in counted:
            counted["error"] = counted.pop("")
        self.counts.update(counted)
        self.violated += done.violated
        self.provisional += done.provisional
        self.replaced += done.replaced
        self.cut += done.cut

    def status(self, args: argparse.Namespace) -> int:
        """The exit status: 1 if a row failed (or, with --fail-on-violation, violated)."""
        counts = self.counts
        violations = self.violated or any(counts[s] for s in VIOLATING)
        return 1 if counts["error"] or (args.fail_on_violation and violations) else 0

    def tell(self, ctx: Context, output: str | None) -> None:
        """The summary lines on stderr."""
        lang, counts = ctx.lang, self.counts
        statuses = ("on_time", "late", "pending", "overdue", "too_short", "invalid")
        lines = [
            t(
                "summary", lang, rows=sum(counts.values()), errors=counts["error"],
                calendar=ctx.calendar.fingerprint, **{k: counts[k] for k in statuses},
            )
        ]  # fmt: skip
        for key, n in (
            ("skipped_note", counts["skipped"]),
            ("xlsx_chars_summary", self.replaced),
            ("xlsx_long_summary", self.cut),
            ("provisional_note", self.provisional),
        ):
            if n:
                lines.append(t(key, lang, n=n))
        if output:
            lines.append(t("written", lang, path=output))
        sys.stderr.write("".join(line + "\n" for line in lines))


def _open(ctx: Context, args: argparse.Namespace) -> tuple[OutputFormat, Any]:
    """The output format and the register, opened (header found by the columns named)."""
    from gov_deadlines.io import RegisterError, open_register, output_format

    _refuse_same_file(args.register, args.output, ctx.lang)
    names = (
        args.trigger_col, args.rule_col, args.done_col, args.pause_col,
        args.extension_col, args.restart_col, args.channel_col,
    )  # fmt: skip
    try:
        fmt: OutputFormat = "jsonl"
        if not (ctx.json and args.output is None):
            fmt = output_format(args.output)
        reader = open_register(
            args.register, encoding=args.encoding, sheet=args.sheet,
            header_row=args.header_row, header_names=[n for n in names if n],
        )  # fmt: skip
    except RegisterError as exc:
        raise UsageError(ctx.error(exc)) from None
    return fmt, reader


def _columns(header: list[str], args: argparse.Namespace, label: str, lang: str) -> _Columns:
    def find(name: str | None) -> int | None:
        return _find(header, name, label, lang)

    return _Columns(
        trigger=find(args.trigger_col),  # type: ignore[arg-type]
        rule=find(args.rule_col),
        done=find(args.done_col),
        pause=find(args.pause_col),
        extension=find(args.extension_col),
        restart=find(args.restart_col),
        channel=find(args.channel_col),
    )


def _tell_errors(lines: list[Any], done: _Done, label: str, lang: str) -> None:
    if not any(done.errors):  # most runs: no row failed
        return
    for line, message in zip(lines, done.errors, strict=True):
        if message:
            where = t("row", lang, file=label, n=line)
            text = t("about_option", lang, option=where, message=message)
            sys.stderr.write(t("about_option", lang, option="gov-deadlines", message=text) + "\n")


#: The type of each appended column in a typed output (Parquet), in the order of COLUMNS.
_RESULT_TYPES = (
    "date", "string", "string", "int", "int", "int", "bool", "string", "string", "string",
    "string", "string",
)  # fmt: skip


def _types(reg: Any, width: int) -> list[object]:
    """The output's column types: a Parquet register's own, text for other registers' cells,
    then the appended columns'."""
    own = list(getattr(reg, "arrow_types", None) or ["string"] * width)
    return [*own, *_RESULT_TYPES]


def _bom(args: argparse.Namespace, fmt: str, header: list[str], lang: str) -> bool:
    # Excel reads a CSV without a BOM as the local code page and garbles Chinese: files
    # meant for it get one (--excel; any .csv file under --lang zh or with Chinese headers).
    to_csv_file = fmt == "csv" and str(args.output or "").lower().endswith(".csv")
    return bool(args.excel or (to_csv_file and (lang == "zh" or not "".join(header).isascii())))


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    """Run the batch; returns 1 if a row failed (or, with --fail-on-violation, violated)."""
    from gov_deadlines.cli.workbook import summary_spec
    from gov_deadlines.io import open_writer

    lang = ctx.lang
    fmt, reader = _open(ctx, args)
    tally = _Tally()
    with reader as reg:
        header = [str(h) for h in reg.header]
        row = _Row(ctx, args, _columns(header, args, reg.label, lang), header)
        extra = RunOutputs(ctx, args, header)  # --report, --summary-json: checked up front
        show = _progress(lang, reg)
        row.as_text, row.xlsx = fmt == "csv", fmt == "xlsx"
        from gov_deadlines.cli.batch_columns import columns_path

        row.columns = columns_path(row, args.register)
        if row.columns is not None:
            row.columns.text_only = reg.encoding is not None  # CSV: every cell is text
            import gc

            # Runs of records are many small lists and no cycles: the collector's default pace
            # (a pass every 700 allocations) costs a tenth of the run for nothing.
            gc.set_threshold(50_000, 20, 100)
        out_header = header + _result_names(header, list(COLUMNS[lang]))
        jobs = _jobs(args)
        extra.start(out_header)
        with open_writer(
            args.output, out_header, fmt=fmt, bom=_bom(args, fmt, header, lang),
            preamble=reg.preamble, source=reg.source,
            summary=summary_spec(lang) if fmt == "xlsx" else None,
            types=_types(reg, len(header)) if fmt == "parquet" else None,
        ) as out:  # fmt: skip
            row.max_chars = out.max_chars
            if out.note:  # the register's workbook could not be copied
                reason = t(f"xlsx_unsupported.{out.note}", lang)
                sys.stderr.write(t("xlsx_plain_note", lang, reason=reason) + "\n")
            # The report renders the rows, so they come back from the workers unencoded.
            encoder = out.encoder() if jobs > 1 and not extra.collecting else None
            if row.columns is not None and fmt == "csv" and jobs <= 1 and not extra.collecting:
                row.columns.csv = out.encoder()  # runs may go out as text
            # closing(): an exception here (Ctrl-C in a write) must end the worker pool now, in
            # the generator's finally, not at interpreter exit, where the pool's finaliser waits
            # for a feeder thread that nothing tells to stop.
            results = _evaluated(reg, row, len(header), jobs, args, encoder)
            with contextlib.closing(results):
                for lines, done in results:
                    tally.add(done)
                    _tell_errors(lines, done, reg.label, lang)
                    if encoder is not None or done.text:
                        out.write_encoded(done.text, len(lines))
                    else:
                        out.write_rows(done.rows, lines, plain_from=done.plain_from)
                        extra.add(done.rows)
                    if show:
                        show(out.count)
    if show:
        sys.stderr.write("\r\033[K")  # clear the progress line
    tally.tell(ctx, args.output)
    status = tally.status(args)
    extra.finish(tally.counts, tally.violated, tally.provisional, status)
    return status
