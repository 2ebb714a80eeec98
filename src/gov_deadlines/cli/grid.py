"""``gov-deadlines calendar YYYY-MM``: a month grid marking holidays and make-up workdays."""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import datetime as dt
import sys

from gov_deadlines import Day, messages
from gov_deadlines.cli.context import Context, UsageError
from gov_deadlines.cli.text import t

__all__ = ["cmd_calendar", "month_grid"]

_COLOURS = {"holiday": "\033[1;31m", "makeup_workday": "\033[1;34m", "weekend": "\033[2m"}
_RESET = "\033[0m"


def _cell(day: Day, colour: bool) -> str:
    n = f"{day.date.day:>2}"
    text = {"holiday": f"[{n}]", "makeup_workday": f"({n})"}.get(day.kind, f" {n} ")
    if colour and day.kind in _COLOURS:
        return f"{_COLOURS[day.kind]}{text}{_RESET}"
    return text


def _spans(dates: list[dt.date]) -> list[str]:
    """Consecutive dates folded into ranges: ``2/10-2/17``."""
    runs: list[list[dt.date]] = []
    for d in dates:
        if runs and (d - runs[-1][1]).days == 1:
            runs[-1][1] = d
        else:
            runs.append([d, d])
    return [f"{a.month}/{a.day}" + (f"-{b.month}/{b.day}" if b != a else "") for a, b in runs]


def month_grid(days: list[Day], year: int, month: int, lang: str, colour: bool) -> list[str]:
    """The lines of one month: title, weekday header, weeks, then the named days.

    ``[10]`` marks a statutory holiday, ``(18)`` a make-up workday.
    """
    title = t("grid.title", lang, year=year, month=messages.text(f"words.month.{month}", lang))
    lines = [title.center(28).rstrip(), " " + t("grid.head", lang)]
    row = ["    "] * days[0].date.weekday()
    for day in days:
        row.append(_cell(day, colour))
        if len(row) == 7:
            lines.append("".join(row).rstrip())
            row = []
    if row:
        lines.append("".join(row).rstrip())
    named: dict[tuple[str, str], list[dt.date]] = {}
    for day in days:
        if day.name and day.kind in ("holiday", "makeup_workday"):
            named.setdefault((day.kind, day.name), []).append(day.date)
    for (kind, name), dates in named.items():
        spans = ", ".join(_spans(dates))
        lines.append(t(f"grid.named.{kind}", lang, name=name, spans=spans))
    return lines


def cmd_calendar(ctx: Context, args: argparse.Namespace) -> int:
    """Print the month (or each month of the year) with a legend."""
    text = args.what
    try:
        if len(text) == 4:
            months = [(int(text), m) for m in range(1, 13)]
        else:
            y, m = text.replace("/", "-").split("-")
            months = [(int(y), int(m))]
            dt.date(int(y), int(m), 1)
    except ValueError:
        raise UsageError(f"calendar: {t('bad_month', ctx.lang, value=text)}") from None
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    out: list[str] = []
    for year, month in months:
        last = _stdlib_calendar.monthrange(year, month)[1]
        days = list(ctx.calendar.days(dt.date(year, month, 1), dt.date(year, month, last)))
        if ctx.json:
            for day in days:
                ctx.emit_json(
                    {
                        "date": day.date,
                        "kind": day.kind,
                        "name": day.name,
                        "workday": day.is_workday,
                        "provisional": day.provisional,
                    }
                )
            continue
        out += month_grid(days, year, month, ctx.lang, colour)
        if any(d.provisional for d in days):
            out.append(f"  ({t('provisional', ctx.lang)})")
        out.append("")
    if not ctx.json:
        out.append(t("legend", ctx.lang))
        print("\n".join(out))
    return 0
