"""The ``gov-deadlines`` command: arguments in, :mod:`gov_deadlines` calls, text or JSON out.

Exit status: 0 success; 1 a computation, line or row failed (or, with ``--fail-on-violation``, a
violation was found); 2 usage error. Errors go to stderr in the chosen language.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gov_deadlines.cli.text import default_lang

__all__ = ["main"]

_EPILOG = """\
exit status:
  0  success (is-workday -q: a working day)
  1  a computation, line or row failed; a notice import refused; a violation with
     --fail-on-violation (is-workday -q: a day off)
  2  usage or file error: a bad option, date, rule id, column name, file or output path
  130/143  interrupted by Ctrl-C / terminated; no output file is written

examples:
  gov-deadlines add 2024-02-08 20                 # 20 working days later: 2024-03-13
  gov-deadlines add 2024/1/11 30 --unit days      # 30 days, rolled past 春节: 2024-02-18
  pbpaste | gov-deadlines add - 20                # one result per pasted line
  gov-deadlines between 2024-02-08 2024-03-13     # working days in (start, end]: 20
  gov-deadlines is-workday 2024-02-18             # true makeup_workday 春节
  gov-deadlines due ogi.request.reply 2024-02-08 --done 2024-03-14 --explain
  gov-deadlines rules ogi.request.reply
  gov-deadlines calendar 2024-02
  gov-deadlines check 台账.xlsx --rule ogi.request.reply --trigger-col 收到申请日期 \\
      --done-col 答复日期 -o 结果.xlsx
  gov-deadlines report results.jsonl --trigger-col 收到申请日期 -o report.html
"""


def _parser() -> argparse.ArgumentParser:
    from gov_deadlines import __version__

    # Shared options are accepted before or after the command; SUPPRESS keeps a subcommand from
    # overwriting one given before it, and _COMMON_DEFAULTS fills in the rest after parsing.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    common.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of messages (default: zh under a Chinese locale, else en)",
    )
    common.add_argument(
        "--calendar",
        action="append",
        metavar="FILE",
        help="extra year (holiday-cn JSON) or regional overlay; repeatable",
    )
    common.add_argument(
        "--region",
        help="a provincial-level region's own days off too: 宁夏, Guangxi or CN-GX "
        "(bundled overlays; others via --calendar)",
    )
    common.add_argument(
        "--unknown-years",
        choices=("error", "weekends"),
        help="'weekends': assume Monday-Friday for years without data and mark "
        "results provisional (临时); default: error",
    )
    rules = argparse.ArgumentParser(add_help=False)
    rules.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="your own rule catalog (TOML); repeatable",
    )
    verdict = argparse.ArgumentParser(add_help=False)
    verdict.add_argument(
        "--fail-on-violation",
        action="store_true",
        help="exit 1 when a verdict is late, overdue, too short or invalid",
    )

    parser = argparse.ArgumentParser(
        prog="gov-deadlines",
        parents=[common],
        description="Chinese government deadlines in working days (工作日): due dates, verdicts "
        "and explanations with legal citations.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gov-deadlines {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    raw = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser(
        "add",
        parents=[common],
        formatter_class=raw,
        help="the due date N working days (or days, hours, months) after DATE",
        epilog="DATE may be '-': one date per line on standard input, one result "
        "per line out (blank line for an unreadable one).",
    )
    p.add_argument(
        "date", help="2024-02-08, 2024/2/8, 2024年2月8日, 20240208, an Excel serial, or -"
    )
    p.add_argument("n", help="how many units (negative: before DATE, workdays only)")
    p.add_argument(
        "--unit", choices=("workdays", "days", "hours", "months", "years"), default="workdays"
    )

    p = sub.add_parser("between", parents=[common], help="working days in (START, END]")
    p.add_argument("start")
    p.add_argument("end")

    p = sub.add_parser(
        "is-workday",
        parents=[common],
        help="whether DATE is a working day; prints true/false, kind and name",
    )
    p.add_argument("date")
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing; exit 0 for a working day, 1 otherwise",
    )

    p = sub.add_parser(
        "due",
        parents=[common, rules, verdict],
        formatter_class=raw,
        help="the due date of a rule (or a period such as 20wd) for a trigger, and "
        "with --done/--as-of the verdict",
        epilog="example: gov-deadlines due ogi.request.reply 2024-02-08 "
        "--pause 2024-03-01..2024-03-08:third_party_consultation --extension 20",
    )
    p.add_argument("rule", help="rule id (see 'rules') or an ad-hoc period: 20wd, 30d, 24h, 3m")
    p.add_argument("trigger")
    p.add_argument("--done", help="when it was done (window rules: the day the window closed)")
    p.add_argument("--as-of", help="today's date, to tell pending from overdue")
    p.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="A..B[:KIND]",
        help="time not counted (不计算在期限内); repeatable",
    )
    p.add_argument("--extension", help="extension (延长) in the rule's unit")
    p.add_argument("--restart", help="date the clock restarted (补正后重新起算)")
    p.add_argument(
        "--channel",
        help="how the request came in (条例 Art. 31): in_person, mail, online, fax, email "
        "(当面/邮寄/网上/传真/电子邮件)",
    )
    p.add_argument("--explain", action="store_true", help="print the explanation (计算过程)")

    p = sub.add_parser("rules", parents=[common, rules], help="list the rule catalog, or show one")
    p.add_argument("rule", nargs="?")

    p = sub.add_parser(
        "calendar",
        parents=[common],
        formatter_class=raw,
        help="month grid (YYYY-MM or YYYY); 'info': loaded data; 'import NOTICE.txt': a new year",
        epilog="examples:\n"
        "  gov-deadlines calendar 2026-02          # month grid, holidays marked\n"
        "  gov-deadlines calendar info             # loaded years, sources, fingerprint\n"
        "  gov-deadlines calendar import 2027.txt -o 2027.json   # State Council notice -> data\n"
        "  gov-deadlines --calendar 2027.json ...  # then use it everywhere",
    )
    p.add_argument("what", metavar="YYYY-MM|YYYY|info|import", help="what to show or do")
    p.add_argument("notice", nargs="?", help="with import: the notice's text file")
    p.add_argument("-o", "--output", help="with import: the JSON file to write (default: stdout)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    p = sub.add_parser(
        "check",
        parents=[common, rules, verdict],
        formatter_class=raw,
        help="check a register (台账, CSV/XLSX): due dates and verdicts per row",
        epilog="Output: every input row, in order, with all its columns, plus "
        "result columns (due, status, verdict, ... / 截止日期, 状态, 结论, ...).\n"
        "example: gov-deadlines check 台账.csv --rule ogi.request.reply "
        "--trigger-col 收到申请日期 --done-col 答复日期 -o 结果.xlsx",
    )
    p.add_argument("register", help="CSV (UTF-8, UTF-8 BOM, GBK) or XLSX file")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--rule", help="one rule id (or period such as 20wd) for every row")
    how.add_argument("--rule-col", help="column holding each row's rule id")
    p.add_argument("--trigger-col", required=True, help="column of trigger dates (起算日)")
    p.add_argument("--done-col", help="column of completion dates (办结日)")
    p.add_argument("--pause-col", help="column of pauses, 'A..B[:KIND]; C..D'")
    p.add_argument("--extension-col", help="column of extensions (in the rule's unit)")
    p.add_argument("--restart-col", help="column of restart dates")
    p.add_argument("--channel-col", help="column of how each request came in (当面/邮寄/网上...)")
    p.add_argument("--as-of", help="today's date, to tell pending from overdue")
    p.add_argument(
        "-o", "--output", help="output file: .csv, .xlsx or .jsonl (default: CSV on stdout)"
    )
    p.add_argument("--encoding", help="input CSV encoding (default: detect UTF-8/BOM/GBK)")
    p.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    p.add_argument(
        "--header-row",
        type=int,
        default=None,
        metavar="N",
        help="the row holding the column names (default: the first of rows 1-10 holding every "
        "column named in the options, else 1); the rows above are copied as they are",
    )
    p.add_argument(
        "--none-values",
        metavar="A,B,...",
        help="what the done, extension and pause columns write for 'not done / none' "
        "(default: -,—,/,无,未答复,未办结; a blank cell always)",
    )
    p.add_argument("--excel", action="store_true", help="CSV with a BOM, for Excel")
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default: all cores, up to 4, for registers over 8 MB; else 1)",
    )
    p.add_argument(
        "--explain",
        choices=("short", "full", "none"),
        default="short",
        help="explanation column: one line (default), the full trace, or none",
    )
    p.add_argument(
        "--report",
        metavar="FILE.html",
        help="also write the HTML audit report (审计报告附件) of this run; needs the report extra",
    )
    p.add_argument(
        "--group-by",
        metavar="COL",
        help="with --report: per group, a column (部门, 承办单位) or month:COL (month of a date)",
    )
    p.add_argument("--title", help="with --report: the report's title")
    p.add_argument(
        "--summary-json",
        metavar="FILE",
        help="also write the run's counts, 按期率 and calendar as JSON (- for stdout with -o)",
    )
    from gov_deadlines.cli.report_cmd import add_parser as add_report_parser

    add_report_parser(sub, [common])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    defaults = {
        "json": False,
        "lang": default_lang(),
        "calendar": [],
        "region": None,
        "unknown_years": "error",
    }
    for name, value in defaults.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    from gov_deadlines.cli import commands

    _terminate_as_interrupt()
    return commands.run(args)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so the same clean-up runs (temporary files removed)."""

    signal = "SIGTERM"


def _terminate_as_interrupt() -> None:
    """Make SIGTERM (``kill``, a CI timeout) unwind like Ctrl-C instead of killing the process
    where it stands, which would leave an output's temporary file behind."""
    import os
    import signal

    me = os.getpid()

    def handler(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it at once
        if os.getpid() != me:  # a forked worker (check --jobs) inherited this: die quietly,
            os.kill(os.getpid(), signal.SIGTERM)  # as Pool.terminate() expects
            return
        raise _Terminated

    import contextlib

    # ValueError: not the main thread (main() called from a library's worker thread).
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, handler)


if __name__ == "__main__":
    sys.exit(main())
