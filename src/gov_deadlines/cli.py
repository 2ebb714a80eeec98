"""Command-line entry point ``gov-deadlines`` (the full CLI arrives with its own issue)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 success, 1 a failed computation, 2 usage error)."""
    from gov_deadlines import GovDeadlinesError, WorkCalendar, __version__

    parser = argparse.ArgumentParser(
        prog="gov-deadlines",
        description="Chinese government deadlines in working days (工作日).",
    )
    parser.add_argument("--version", action="version", version=f"gov-deadlines {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="the N-th working day after DATE (工作日后推)")
    add.add_argument("date", type=_date)
    add.add_argument("n", type=int)
    between = sub.add_parser("between", help="working days in (START, END]")
    between.add_argument("start", type=_date)
    between.add_argument("end", type=_date)
    args = parser.parse_args(argv)

    cal = WorkCalendar.default()
    try:
        if args.command == "add":
            print(cal.add_workdays(args.date, args.n).isoformat())
        else:
            print(cal.workdays_between(args.start, args.end))
    except (GovDeadlinesError, ValueError) as exc:
        print(f"gov-deadlines: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
