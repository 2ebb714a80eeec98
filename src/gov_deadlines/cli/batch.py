"""``gov-deadlines check REGISTER``: the auditor's batch over a register (台账) of cases.

Every input record comes out, in order, with all its cells and the result columns appended; a
record that cannot be evaluated carries the reason in the error column. Reading and writing are
streamed (:mod:`gov_deadlines.io`), so memory stays flat however long the register is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from gov_deadlines import (
    GovDeadlinesError,
    Pause,
    Period,
    UnknownRule,
    Verdict,
    check,
)
from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.text import COLUMNS, t
from gov_deadlines.cli.verdicts import VIOLATING, parse_channel, parse_pauses, short_explanation
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.explain import status_word

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


def _find(header: list[str], name: str | None, label: str, lang: str) -> int | None:
    if name is None:
        return None
    import unicodedata

    def fold(text: str) -> str:  # full-width brackets and spaces, and case, do not matter
        return unicodedata.normalize("NFKC", text).strip().casefold()

    wanted = name.strip()
    for i, h in enumerate(header):
        if h.strip() == wanted:
            return i
    for i, h in enumerate(header):
        if fold(h) == fold(wanted):
            return i
    have = ", ".join(h for h in header if h) or "-"
    message = t("no_column", lang, file=label, col=name, have=have)
    if sum(1 for h in header if h) <= 1:  # one name at most: a title row above the header?
        message += t("title_row_hint", lang)
    raise UsageError(message)


def _cell(cells: list[Any], i: int | None) -> Any:
    if i is None or i >= len(cells):
        return None
    value = cells[i]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


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

    def _date(self, cells: list[Any], i: int | None, required: bool = False) -> dt.date | None:
        value = _cell(cells, i)
        if value is None:
            if not required:
                return None
            if all(_cell(cells, k) is None for k in range(len(cells))):
                raise RowError(t("empty_row", self.lang))
            what = t("column", self.lang, col=self.header[i] if i is not None else "?")
            raise RowError(t("empty_value", self.lang, what=what))
        try:
            return _parse_text(value) if type(value) is str else parse_date(value)
        except DateParseError as exc:
            name = self.header[i] if i is not None else "?"
            where = t("column", self.lang, col=name)
            raise RowError(f"{where}: {exc.message(self.lang)}") from None

    def _rule(self, cells: list[Any]) -> str | Period:
        text = _cell(cells, self.cols.rule)
        if text is None:
            if all(_cell(cells, k) is None for k in range(len(cells))):
                raise RowError(t("empty_row", self.lang))
            what = t("column", self.lang, col=self.header[self.cols.rule or 0])
            raise RowError(t("empty_value", self.lang, what=what))
        return self.ctx.rule(str(text))

    def _pauses(self, cells: list[Any]) -> list[Pause]:
        text = _cell(cells, self.cols.pause)
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

    def _extension(self, cells: list[Any]) -> int | None:
        value = _cell(cells, self.cols.extension)
        if value is None:
            return None
        try:
            return int(float(value))
        except ValueError:
            raise RowError(t("bad_int", self.lang, value=value)) from None

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
        except RowError as exc:
            return self._error(str(exc)), ""
        except (UnknownRule, ValueError) as exc:  # an unknown rule id in a row, a bad period
            return self._error(self.ctx.error(exc)), ""
        except GovDeadlinesError as exc:  # e.g. a year whose arrangement is not loaded
            return self._error(self.ctx.error(exc)), ""
        self.violated = bool(v.violations)
        self.provisional = v.provisional
        return self._columns(v), v.status

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

    __slots__ = ("errors", "provisional", "rows", "statuses", "text", "violated")

    def __init__(self) -> None:
        self.statuses: list[str] = []
        self.errors: list[str] = []
        self.violated = 0
        self.provisional = 0
        self.rows: list[list[Any]] = []
        self.text = ""


def _evaluate_chunk(row: _Row, chunk: list[list[Any]], width: int, encoder: Any) -> _Done:
    done = _Done()
    for cells in chunk:
        result, status = row.evaluate(cells)
        done.statuses.append(status)
        done.errors.append("" if status else result[-2])
        done.violated += row.violated
        done.provisional += row.provisional
        done.rows.append(_output_row(cells, width, result))
    if encoder is not None:  # text travels back from a worker far cheaper than rows
        done.text, done.rows = encoder(done.rows), []
    return done


def _evaluated(
    reg: Any, row: _Row, width: int, jobs: int, args: argparse.Namespace, encoder: Any
) -> Iterator[tuple[list[Any], _Done]]:
    """Runs of records (their raw line numbers) with what evaluating them gave, in input order.

    With ``jobs > 1`` worker processes evaluate and encode the runs; at most a few runs are in
    flight, so memory stays flat, and ``imap`` keeps the order.
    """

    def runs() -> Iterator[tuple[list[Any], list[list[Any]]]]:
        lines: list[Any] = []
        chunk: list[list[Any]] = []
        for rec in reg:
            lines.append(rec.raw_line)
            chunk.append(list(rec.cells))
            if len(chunk) == _CHUNK:
                yield lines, chunk
                lines, chunk = [], []
        if chunk:
            yield lines, chunk

    if jobs <= 1:
        for lines, chunk in runs():
            yield lines, _evaluate_chunk(row, chunk, width, None)
        return
    import multiprocessing
    import threading
    from collections import deque

    in_flight = threading.BoundedSemaphore(4 * jobs)
    waiting: deque[list[Any]] = deque()

    def feed() -> Iterator[list[list[Any]]]:
        # Runs in the pool's feeder thread: the semaphore stops it reading ahead without bound.
        for lines, chunk in runs():
            in_flight.acquire()
            waiting.append(lines)
            yield chunk

    init = (args, row.cols, row.header, row.as_text, width, encoder)
    with multiprocessing.Pool(jobs, initializer=_init_worker, initargs=init) as pool:
        for done in pool.imap(_work, feed()):
            lines = waiting.popleft()
            in_flight.release()
            yield lines, done


_WORKER: tuple[_Row, int, Any] | None = None


def _init_worker(
    args: argparse.Namespace,
    cols: _Columns,
    header: list[str],
    as_text: bool,
    width: int,
    encoder: Any,
) -> None:
    global _WORKER
    import warnings

    from gov_deadlines import ProvisionalDataWarning

    warnings.simplefilter("ignore", ProvisionalDataWarning)  # marked in the provisional column
    row = _Row(Context.from_args(args), args, cols, header)
    row.as_text = as_text
    _WORKER = (row, width, encoder)


def _work(chunk: list[list[Any]]) -> _Done:
    assert _WORKER is not None
    return _evaluate_chunk(_WORKER[0], chunk, _WORKER[1], _WORKER[2])


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    """Run the batch; returns 1 if a row failed (or, with --fail-on-violation, violated)."""
    from gov_deadlines.io import RegisterError, open_register, open_writer, output_format

    lang = ctx.lang
    try:
        fmt = "jsonl" if ctx.json and args.output is None else output_format(args.output)
        reader = open_register(
            args.register, encoding=args.encoding, sheet=args.sheet, header_row=args.header_row
        )
    except RegisterError as exc:
        raise UsageError(str(exc)) from None
    counts: Counter[str] = Counter()  # rows by status ("error" for rows that failed)
    violated = 0  # rows with a violation, whatever their status
    provisional = 0  # rows whose result used days without data
    show: Callable[[int], None] | None = None
    with reader as reg:
        header = [str(h) for h in reg.header]
        cols = _Columns(
            trigger=_find(header, args.trigger_col, reg.label, lang),  # type: ignore[arg-type]
            rule=_find(header, args.rule_col, reg.label, lang),
            done=_find(header, args.done_col, reg.label, lang),
            pause=_find(header, args.pause_col, reg.label, lang),
            extension=_find(header, args.extension_col, reg.label, lang),
            restart=_find(header, args.restart_col, reg.label, lang),
            channel=_find(header, args.channel_col, reg.label, lang),
        )
        show = _progress(lang, reg)
        row = _Row(ctx, args, cols, header)
        row.as_text = fmt == "csv"
        width = len(header)
        names = list(COLUMNS[lang])
        # Excel reads a CSV without a BOM as the local code page and garbles Chinese: files
        # meant for it get one (--excel; any .csv file under --lang zh or with Chinese headers).
        to_csv_file = fmt == "csv" and str(args.output or "").lower().endswith(".csv")
        bom = args.excel or (to_csv_file and (lang == "zh" or not "".join(header).isascii()))
        jobs = _jobs(args)
        with open_writer(
            args.output, header + names, fmt=fmt, bom=bom, preamble=reg.preamble
        ) as out:
            encoder = out.encoder() if jobs > 1 else None
            for lines, done in _evaluated(reg, row, width, jobs, args, encoder):
                counts.update(s or "error" for s in done.statuses)
                violated += done.violated
                provisional += done.provisional
                for line, message in zip(lines, done.errors, strict=True):
                    if message:
                        where = t("row", lang, file=reg.label, n=line)
                        sys.stderr.write(f"gov-deadlines: {where}: {message}\n")
                if encoder is not None:
                    out.write_encoded(done.text, len(lines))
                else:
                    for cells in done.rows:
                        out.write(cells)
                if show:
                    show(out.count)
    total = sum(counts.values())
    if show:
        sys.stderr.write("\r\033[K")  # clear the progress line
    sys.stderr.write(
        t(
            "summary",
            lang,
            rows=total,
            errors=counts["error"],
            calendar=ctx.calendar.fingerprint,
            **{
                k: counts[k]
                for k in ("on_time", "late", "pending", "overdue", "too_short", "invalid")
            },
        )
        + "\n"
    )
    if provisional:
        sys.stderr.write(t("provisional_note", lang) + "\n")
    if args.output:
        sys.stderr.write(t("written", lang, path=args.output) + "\n")
    if counts["error"]:
        return 1
    if args.fail_on_violation and (violated or any(counts[s] for s in VIOLATING)):
        return 1
    return 0
