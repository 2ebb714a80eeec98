"""What every command shares: the calendar and catalog the options ask for, reading arguments,
and reporting errors in the chosen language."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

import attrs

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.calendar.sources import read_holiday_cn
from gov_deadlines.cli.text import os_error, t
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.errors import (
    CalendarDataError,
    CalendarDataMissing,
    GovDeadlinesError,
    RuleDataError,
)

if TYPE_CHECKING:  # the rules and periods load only for the commands that use them
    from gov_deadlines.periods import Period
    from gov_deadlines.rules import Catalog

__all__ = ["Context", "UsageError", "report_error"]


class UsageError(Exception):
    """A wrong argument or option: reported on stderr, exit status 2."""


@attrs.define
class Context:
    """Options shared by every command, with the calendar and catalog they select."""

    lang: str
    json: bool
    calendar: WorkCalendar
    rule_files: tuple[str, ...] = ()
    _catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        """The built-in rules plus ``--rules`` files, loaded on first use (``add`` never needs
        them, and parsing the TOML would cost its start-up)."""
        if self._catalog is None:
            from gov_deadlines.rules import Catalog

            catalog = Catalog.default()
            for path in self.rule_files:
                catalog = catalog.with_file(path)
            self._catalog = catalog
        return self._catalog

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Build the calendar (``--calendar``, ``--unknown-years``) and catalog (``--rules``)."""
        try:
            cal = WorkCalendar.default(region=args.region, unknown_years=args.unknown_years)
        except ValueError as exc:  # an unknown region name
            raise UsageError(_about("--region", _message(exc, args.lang), args.lang)) from None
        for path in args.calendar:
            try:
                # Read (bounded: size, nesting) and checked once to learn whether it is an overlay.
                region = read_holiday_cn(path).source.region
                cal = cal.with_overlay(path, region=region) if region else cal.with_years(path)
            except (OSError, ValueError) as exc:  # CalendarDataError included
                what = f"--calendar {path}"
                raise UsageError(_about(what, _message(exc, args.lang), args.lang)) from None
        context = cls(args.lang, args.json, cal, tuple(getattr(args, "rules", ())))
        if context.rule_files:
            try:
                context.catalog  # noqa: B018  # a broken --rules file is a usage error, found now
            except RuleDataError as exc:
                raise UsageError(_about("--rules", _message(exc, args.lang), args.lang)) from None
            except RecursionError:  # a hostile TOML file: [[[[...
                what = ", ".join(context.rule_files)
                raise UsageError(f"--rules: {t('too_deep', args.lang, what=what)}") from None
        return context

    def date(self, text: str, what: str) -> dt.date:
        """A command-line date argument, or a :class:`UsageError` naming it."""
        try:
            return parse_date(text)
        except DateParseError as exc:
            raise UsageError(f"{what}: {exc.message(self.lang)}") from None
        except (OverflowError, ValueError):  # 9999-12-31T23:59-01:00 is past the last date in China
            raise UsageError(f"{what}: {t('out_of_range', self.lang)}") from None

    def integer(self, text: str, what: str) -> int:
        """A command-line whole number, or a :class:`UsageError` naming it."""
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"{what}: {t('bad_int', self.lang, value=text)}") from None

    def rule(self, text: str) -> str | Period:
        """A rule id from the catalog, or an ad-hoc period such as ``20wd``."""
        from gov_deadlines.periods import Period

        if text in self.catalog:
            return text
        try:
            return Period.parse(text)
        except ValueError:
            self.catalog.get(text)  # raises UnknownRule with suggestions
            raise

    def error(self, exc: BaseException) -> str:
        """An exception as a one-line message in the chosen language."""
        if isinstance(exc, DateParseError):
            return exc.message(self.lang)
        if isinstance(exc, CalendarDataMissing):  # say it in options, not in Python
            key = "calendar_missing.region" if exc.region else "calendar_missing.national"
            return t(key, self.lang, year=exc.year, region=exc.region)
        return _message(exc, self.lang)

    def emit_json(self, obj: Any) -> None:
        """One JSON object on one line of stdout."""
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_jsonable) + "\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if type(value).__name__ == "Period":  # without importing the periods module for it
        return str(value)
    raise TypeError(f"not JSON serialisable: {value!r}")


def _message(exc: BaseException, lang: str) -> str:
    """An exception in ``lang``: the library's errors word themselves, a file error by its
    errno; anything else as Python says it."""
    if isinstance(exc, CalendarDataError) and isinstance(exc.__cause__, OSError):
        cause = exc.__cause__  # a calendar file that cannot be read: say why by errno
        return t("calendar_unreadable", lang, path=cause.filename, reason=os_error(cause, lang))
    if isinstance(exc, GovDeadlinesError):
        return exc.message(lang)
    if isinstance(exc, OSError):
        return os_error(exc, lang)
    return str(exc)


def _about(option: str, message: str, lang: str) -> str:
    """``message`` about ``option``, joined as the language punctuates (：under zh)."""
    return t("about_option", lang, option=option, message=message)


def report_error(ctx_lang: str, message: str) -> None:
    """An error line on stderr, prefixed in the chosen language."""
    sys.stderr.write(t("error_line", ctx_lang, message=message) + "\n")
