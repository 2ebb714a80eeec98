"""What ``check`` writes besides its rows: the audit report (``--report report.html``) and the
summary for machines (``--summary-json summary.json``).

Both are decided before the first row is read (a missing extra, a bad path or an unknown
``--group-by`` column is a usage error then, not after a long run) and written whole at the end,
through a temporary file renamed into place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.text import t

__all__ = ["SUMMARY_SCHEMA", "RunOutputs"]

#: Names the layout of ``--summary-json``; a change that breaks readers gets a new number.
SUMMARY_SCHEMA = "gov-deadlines/check-summary/1"

#: Every count the summary carries, in its order: the statuses, then rows skipped and failed.
_COUNTED = ("on_time", "late", "pending", "overdue", "too_short", "invalid", "skipped", "error")


class RunOutputs:
    """Collects what the report needs while the rows stream past, then writes the files."""

    def __init__(self, ctx: Context, args: argparse.Namespace, header: list[str]) -> None:
        self.ctx, self.args = ctx, args
        self.records: list[dict[str, Any]] | None = None
        self._keys: list[str] = []
        _refuse_clashes(args, ctx.lang)
        if args.pictures < 0:
            raise UsageError(t("pictures_negative", ctx.lang, n=args.pictures))
        if args.report:
            _check_report_extra(ctx.lang)
            _check_group_by(args.group_by, header, args.register, ctx.lang)
            self.records = []
        elif args.group_by:
            raise UsageError(t("group_by_needs_report", ctx.lang))

    @property
    def collecting(self) -> bool:
        """Whether the output rows must come back from workers (the report renders them)."""
        return self.records is not None

    def start(self, out_header: Sequence[str]) -> None:
        from gov_deadlines.io.writers import json_keys

        self._keys = json_keys(out_header)

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        if self.records is None:
            return
        from gov_deadlines.io.writers import json_record

        self.records.extend(json_record(self._keys, cells) for cells in rows)

    def finish(self, counts: Counter[str], violated: int, provisional: int, status: int) -> None:
        """Write the report and the summary (``status`` is the run's exit status)."""
        args = self.args
        if self.records is not None:
            self._write(args.report, self._report())
        if args.summary_json:
            summary = self._summary(counts, violated, provisional, status)
            text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
            if args.summary_json == "-":
                sys.stdout.write(text)
            else:
                self._write(args.summary_json, text)

    def _report(self) -> str:
        from gov_deadlines.report import MissingExtra, ReportInputError, render_report

        args = self.args
        try:
            return render_report(
                self.records or [],
                lang=self.ctx.lang,
                group_by=args.group_by,
                trigger_col=args.trigger_col,
                done_col=args.done_col,
                pause_col=args.pause_col,
                restart_col=args.restart_col,
                title=args.title,
                as_of=self._as_of(),
                source=os.path.basename(args.register),
                calendar=self.ctx.calendar,
                max_pictures=args.pictures,
            )
        except (MissingExtra, ReportInputError) as exc:
            raise UsageError(self.ctx.error(exc)) from None

    def _as_of(self) -> dt.date | None:
        if not self.args.as_of:
            return None
        value = self.ctx.date(self.args.as_of, "--as-of")
        return value.date() if isinstance(value, dt.datetime) else value

    def _summary(
        self, counts: Counter[str], violated: int, provisional: int, status: int
    ) -> dict[str, Any]:
        from gov_deadlines import __version__

        args = self.args
        decided = counts["on_time"] + counts["late"]
        as_of = self._as_of()
        return {
            "schema": SUMMARY_SCHEMA,
            "register": args.register,
            "sheet": args.sheet,
            "output": args.output,
            "rule": args.rule,
            "rule_col": args.rule_col,
            "as_of": as_of.isoformat() if as_of else None,
            "rows": sum(counts.values()),
            "counts": {k: counts[k] for k in _COUNTED},
            "violations": violated,
            # 按期率, as the report defines it: pending and overdue cases are not decided yet.
            "on_time_rate": round(counts["on_time"] / decided, 6) if decided else None,
            "provisional_rows": provisional,
            "calendar": self.ctx.calendar.fingerprint,
            "version": __version__,
            "exit_status": status,
        }

    def _write(self, path: str, text: str) -> None:
        from gov_deadlines.io.readers import RegisterError
        from gov_deadlines.io.writers import write_text_file

        try:
            write_text_file(path, text)
        except RegisterError as exc:
            raise UsageError(self.ctx.error(exc)) from None
        sys.stderr.write(t("written", self.ctx.lang, path=path) + "\n")


def _refuse_clashes(args: argparse.Namespace, lang: str) -> None:
    """The report and the summary must not replace the register, the output or each other."""
    paths = {"--report": args.report, "--summary-json": args.summary_json}
    if args.summary_json == "-" and not args.output:
        raise UsageError(t("summary_stdout_taken", lang))
    taken = {os.path.realpath(args.register): args.register}
    if args.output:
        taken[os.path.realpath(args.output)] = args.output
    for option, path in paths.items():
        if not path or path == "-":
            continue
        real = os.path.realpath(path)
        if real in taken:
            raise UsageError(t("output_clash", lang, option=option, path=path, other=taken[real]))
        taken[real] = path


def _check_report_extra(lang: str) -> None:
    import importlib.util

    if importlib.util.find_spec("jinja2") is None:
        raise UsageError(t("report_extra_missing", lang))


def _check_group_by(group_by: str | None, header: list[str], register: str, lang: str) -> None:
    if not group_by:
        return
    column = group_by[len("month:") :] if group_by.startswith("month:") else group_by
    if column not in header:
        found = t("no_column", lang, file=register, col=column, have=", ".join(header))
        raise UsageError(f"--group-by: {found}")
