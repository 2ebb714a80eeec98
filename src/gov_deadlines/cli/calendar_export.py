"""``gov-deadlines calendar export``: the calendar as a table file (CSV, JSON, SQL, iCalendar).

Arguments in, :func:`~gov_deadlines.calendar.table.date_table` and
:mod:`gov_deadlines.io.calendar_export` called, the file written atomically (or stdout), and a
summary on stderr: the range, the counts, the fingerprint, the region and the sources -- the only
place CSV's metadata can go (``--json``: the same as one JSON object).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from gov_deadlines.calendar.table import DateTable, date_table
from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.text import t
from gov_deadlines.errors import RegisterError

__all__ = ["cmd_export"]

#: The options only ``calendar export`` takes (dest, option), refused elsewhere.
EXPORT_OPTIONS = (
    ("date_from", "--from"),
    ("date_to", "--to"),
    ("format", "--format"),
    ("excel", "--excel"),
)


def _day(ctx: Context, text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    d = ctx.date(text, option)
    return d.date() if isinstance(d, dt.datetime) else d


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist (or cannot be looked at): not the same file
        return False


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    """Export the days of ``--from``..``--to`` (default: every loaded year) in the chosen format."""
    from gov_deadlines.io.calendar_export import export_calendar, export_format

    lang = ctx.lang
    if args.notice is not None:
        raise UsageError(t("export.extra_argument", lang, value=args.notice))
    try:
        fmt = export_format(args.output, args.format)
    except RegisterError as exc:
        raise UsageError(ctx.error(exc)) from None
    if args.output is not None:
        for path in args.calendar:  # the data read must never be replaced by the export
            if _same_file(args.output, path):
                raise UsageError(t("export.overwrites_input", lang, path=args.output))
    if args.excel and fmt != "csv":
        raise UsageError(t("export.excel_csv_only", lang))
    start = _day(ctx, args.date_from, "--from")
    end = _day(ctx, args.date_to, "--to")
    if start is not None and end is not None and end < start:
        raise UsageError(t("export.range_order", lang, start=start, end=end))
    if (start is None) != (end is None):  # the other end from the calendar's coverage
        first, last = ctx.calendar.coverage
        start, end = start or first, end or last
        if end < start:
            raise UsageError(t("export.range_order", lang, start=start, end=end))
    table = date_table(ctx.calendar, start, end)  # CalendarDataMissing: reported, exit 1
    stamp = dt.datetime.now(dt.UTC) if fmt == "ics" else None  # the file's DTSTAMP
    text = export_calendar(table, fmt, stamp=stamp, bom=args.excel)
    if args.output is None:
        binary = getattr(sys.stdout, "buffer", None)  # a replaced stdout may take text only
        sys.stdout.flush()
        if binary is None:
            sys.stdout.write(text)
        else:
            binary.write(text.encode("utf-8"))  # bytes: CRLF stays CRLF on Windows too
            binary.flush()
    else:
        from gov_deadlines.io.writers import write_text_file

        try:
            write_text_file(args.output, text)
        except RegisterError as exc:
            raise UsageError(ctx.error(exc)) from None
    _summary(ctx, table, fmt, args.output)
    return 0


def _summary(ctx: Context, table: DateTable, fmt: str, output: str | None) -> None:
    """The export's metadata on stderr: words, or with ``--json`` one JSON object."""
    from gov_deadlines.io.calendar_export import metadata

    lang = ctx.lang
    if ctx.json:
        info = {"format": fmt, "output": output, **metadata(table)}
        sys.stderr.write(json.dumps(info, ensure_ascii=False) + "\n")
        return
    lines = [
        t(
            "export.summary",
            lang,
            start=table.start,
            end=table.end,
            days=len(table.rows),
            workdays=table.workdays,
            fmt=fmt,
            fingerprint=table.fingerprint,
            region=table.region or t("info.national", lang),
            sources="; ".join(str(s) for s in table.sources),
        )
    ]
    if table.provisional:
        lines.append(t("provisional_note", lang))
    if output is not None:
        lines.append(t("written", lang, path=Path(output)))
    sys.stderr.write("\n".join(lines) + "\n")
