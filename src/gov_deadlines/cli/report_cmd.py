"""``gov-deadlines report RESULTS.jsonl -o report.html``: the audit report of a saved check."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gov_deadlines.cli.files import write_atomic
from gov_deadlines.cli.usage import UsageError

if TYPE_CHECKING:
    from gov_deadlines.cli.context import Context
from gov_deadlines.cli.text import os_error, t

__all__ = ["add_parser", "cmd_report"]


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add the ``report`` subcommand to ``sub`` (argparse's subparsers)."""
    p = sub.add_parser(
        "report",
        parents=parents,
        help="help.report.help",
        epilog="help.report.epilog",
    )
    p.add_argument("results", help="help.report.results")
    p.add_argument("-o", "--output", help="help.report.output")
    p.add_argument("--group-by", metavar="COL", help="help.report.group_by")
    p.add_argument("--trigger-col", help="help.report.trigger_col")
    p.add_argument("--done-col", help="help.report.done_col")
    p.add_argument("--pause-col", help="help.report.pause_col")
    p.add_argument("--restart-col", help="help.report.restart_col")
    p.add_argument("--as-of", help="help.report.as_of")
    p.add_argument("--title", help="help.report.title")
    p.add_argument(
        "--pictures", type=int, default=1000, metavar="N",
        help="help.report.pictures",
    )  # fmt: skip


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    """Read the results, render the report, write it whole (temporary file, then rename)."""
    from gov_deadlines.report import MissingExtra, ReportInputError, render_report

    records = _read(args.results, ctx.lang)
    as_of = ctx.date(args.as_of, "--as-of") if args.as_of else None
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    cols = {c: getattr(args, c) for c in ("trigger_col", "done_col", "pause_col", "restart_col")}
    if args.pictures < 0:
        raise UsageError(t("pictures_negative", ctx.lang, n=args.pictures))
    if records:
        for option, col in cols.items():
            if col is not None and col not in records[0]:
                have = ", ".join(records[0])
                flag = "--" + option.replace("_", "-")
                path = args.results
                raise UsageError(t("report_no_column", ctx.lang, flag=flag, path=path, col=col,
                                   have=have))  # fmt: skip
    try:
        html = render_report(
            records,
            lang=ctx.lang,
            group_by=args.group_by,
            title=args.title,
            as_of=as_of,
            source=os.path.basename(args.results) if args.results != "-" else None,
            calendar=ctx.calendar,
            max_pictures=args.pictures,
            **cols,
        )
    except (MissingExtra, ReportInputError) as exc:
        raise UsageError(ctx.error(exc)) from None
    if args.output is None:
        sys.stdout.write(html)
        return 0
    write_atomic(Path(args.output), html, ctx.lang)
    print(t("written", ctx.lang, path=args.output), file=sys.stderr)
    return 0


def _read(path: str, lang: str) -> list[dict[str, Any]]:
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8-sig")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"{path}: {os_error(exc, lang)}") from None
    records = []
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                raise UsageError(t("report_not_json", lang, path=path, n=n, detail=exc)) from None
            if not isinstance(value, dict):
                raise UsageError(t("report_not_object", lang, path=path, n=n, value=value))
            records.append(value)
    return records
