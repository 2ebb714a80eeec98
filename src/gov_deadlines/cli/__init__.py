"""The ``gov-deadlines`` command: arguments in, :mod:`gov_deadlines` calls, text or JSON out.

Exit status: 0 success; 1 a computation, line or row failed (or, with ``--fail-on-violation``, a
violation was found); 2 usage error. Errors go to stderr in the chosen language.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

TYPE_CHECKING = False  # typing itself costs the start-up more than the fast path's answer
if TYPE_CHECKING:
    import argparse

__all__ = ["main"]


def _parser(lang: str) -> argparse.ArgumentParser:
    """The command line parser, its help in ``lang`` (texts in messages/data/help.toml)."""
    import argparse

    from gov_deadlines import __version__
    from gov_deadlines.cli.parsing import Parser

    # Shared options are accepted before or after the command; SUPPRESS keeps a subcommand from
    # overwriting one given before it, and _COMMON_DEFAULTS fills in the rest after parsing.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--json", action="store_true", help="help.common.json")
    common.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="help.common.lang",
    )
    common.add_argument(
        "--calendar",
        action="append",
        metavar="FILE",
        help="help.common.calendar",
    )
    common.add_argument(
        "--region",
        help="help.common.region",
    )
    common.add_argument("--data-dir", metavar="DIR", help="help.common.data_dir")
    common.add_argument(
        "--unknown-years",
        choices=("error", "weekends"),
        help="help.common.unknown_years",
    )
    rules = argparse.ArgumentParser(add_help=False)
    rules.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="help.common.rules",
    )
    verdict = argparse.ArgumentParser(add_help=False)
    verdict.add_argument(
        "--fail-on-violation",
        action="store_true",
        help="help.common.fail_on_violation",
    )

    parser = Parser(
        prog="gov-deadlines",
        lang=lang,
        parents=[common],
        description="help.main.description",
        epilog="help.main.epilog",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"gov-deadlines {__version__}",
        help="help.main.version",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "add",
        parents=[common],
        help="help.add.help",
        epilog="help.add.epilog",
    )
    p.add_argument("date", help="help.add.date")
    p.add_argument("n", help="help.add.n")
    p.add_argument(
        "--unit",
        choices=("workdays", "days", "hours", "months", "years"),
        default="workdays",
        help="help.add.unit",
    )
    p.add_argument("--encoding", help="help.add.encoding")

    p = sub.add_parser("between", parents=[common], help="help.between.help")
    p.add_argument("start", help="help.between.start")
    p.add_argument("end", help="help.between.end")

    p = sub.add_parser(
        "is-workday",
        parents=[common],
        help="help.is_workday.help",
    )
    p.add_argument("date", help="help.is_workday.date")
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="help.is_workday.quiet",
    )

    p = sub.add_parser(
        "due",
        parents=[common, rules, verdict],
        help="help.due.help",
        epilog="help.due.epilog",
    )
    p.add_argument("rule", help="help.due.rule")
    p.add_argument("trigger", help="help.due.trigger")
    p.add_argument("--done", help="help.due.done")
    p.add_argument("--as-of", help="help.due.as_of")
    p.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="A..B[:KIND]",
        help="help.due.pause",
    )
    p.add_argument("--extension", help="help.due.extension")
    p.add_argument("--restart", help="help.due.restart")
    p.add_argument(
        "--channel",
        help="help.due.channel",
    )
    p.add_argument("--explain", action="store_true", help="help.due.explain")

    p = sub.add_parser("rules", parents=[common, rules], help="help.rules.help")
    p.add_argument("rule", nargs="?", help="help.rules.rule")

    p = sub.add_parser(
        "calendar",
        parents=[common],
        help="help.calendar.help",
        epilog="help.calendar.epilog",
    )
    p.add_argument("what", metavar="YYYY-MM|YYYY|info|import|export", help="help.calendar.what")
    p.add_argument("notice", nargs="?", help="help.calendar.notice")
    p.add_argument("-o", "--output", help="help.calendar.output")
    p.add_argument("--into", metavar="DIR", help="help.calendar.into")
    p.add_argument("--force", action="store_true", help="help.calendar.force")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="help.calendar.from")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="help.calendar.to")
    p.add_argument("--format", choices=("csv", "json", "sql", "ics"), help="help.calendar.format")
    p.add_argument("--excel", action="store_true", help="help.calendar.excel")
    p.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="help.calendar.color"
    )

    p = sub.add_parser(
        "check",
        parents=[common, rules, verdict],
        help="help.check.help",
        epilog="help.check.epilog",
    )
    p.add_argument("register", help="help.check.register")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--rule", help="help.check.rule")
    how.add_argument("--rule-col", help="help.check.rule_col")
    p.add_argument("--trigger-col", required=True, help="help.check.trigger_col")
    p.add_argument("--done-col", help="help.check.done_col")
    p.add_argument("--pause-col", help="help.check.pause_col")
    p.add_argument("--extension-col", help="help.check.extension_col")
    p.add_argument("--restart-col", help="help.check.restart_col")
    p.add_argument("--channel-col", help="help.check.channel_col")
    p.add_argument("--as-of", help="help.check.as_of")
    p.add_argument("-o", "--output", help="help.check.output")
    p.add_argument("--encoding", help="help.check.encoding")
    p.add_argument("--sheet", help="help.check.sheet")
    p.add_argument(
        "--header-row",
        type=int,
        default=None,
        metavar="N",
        help="help.check.header_row",
    )
    p.add_argument(
        "--none-values",
        metavar="A,B,...",
        help="help.check.none_values",
    )
    p.add_argument("--excel", action="store_true", help="help.check.excel")
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="help.check.jobs",
    )
    p.add_argument(
        "--explain",
        choices=("short", "full", "none"),
        default="short",
        help="help.check.explain",
    )
    p.add_argument(
        "--report",
        metavar="FILE.html",
        help="help.check.report",
    )
    p.add_argument(
        "--group-by",
        metavar="COL",
        help="help.check.group_by",
    )
    p.add_argument("--title", help="help.check.title")
    p.add_argument("--pictures", type=int, default=1000, metavar="N", help="help.check.pictures")
    p.add_argument(
        "--summary-json",
        metavar="FILE",
        help="help.check.summary_json",
    )
    from gov_deadlines.cli.report_cmd import add_parser as add_report_parser

    add_report_parser(sub, [common])
    from gov_deadlines.cli.serve_cmd import add_parser as add_serve_parser

    add_serve_parser(sub, [common])
    from gov_deadlines.cli.extract_cmd import add_arguments as add_extract_arguments

    p = sub.add_parser(
        "rules-extract",
        parents=[common],
        prog="gov-deadlines rules extract",
        help="help.rules_extract.help",
        epilog="help.rules_extract.epilog",
    )
    add_extract_arguments(p)
    return parser


_COMMANDS = ("add", "between", "is-workday", "due", "calendar", "check", "report", "serve")


def _rules_extract(argv: Sequence[str]) -> list[str]:
    """``rules extract ...`` spelt ``rules-extract ...``: ``rules [RULE]`` takes a positional of
    its own, so extraction has its own subcommand, reached by either spelling."""
    out = list(argv)
    for i, word in enumerate(out[:-1]):
        if word == "rules" and out[i + 1] == "extract":
            return [*out[:i], "rules-extract", *out[i + 2 :]]
        if word in _COMMANDS or word == "rules":  # the command is another one
            break
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    if argv is None:
        argv = sys.argv[1:]
    # The plain add / between / is-workday, answered from the calendar snapshot before anything
    # else is imported: a spreadsheet macro runs one per cell (see cli/fast.py).
    from gov_deadlines.cli.fast import run as run_fast

    status = run_fast(argv)
    if status is not None:
        return status
    from gov_deadlines.cli.parsing import pre_scan_lang
    from gov_deadlines.cli.text import default_lang

    argv = _rules_extract(argv)
    parser = _parser(pre_scan_lang(argv) or default_lang())
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    defaults = {
        "json": False,
        "lang": default_lang(),
        "calendar": [],
        "region": None,
        "data_dir": None,  # then GOV_DEADLINES_DATA (cli.context)
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
