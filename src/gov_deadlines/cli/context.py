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
from gov_deadlines.cli.usage import UsageError
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.errors import (
    CalendarDataError,
    CalendarDataMissing,
    DataDirError,
    GovDeadlinesError,
    RuleDataError,
)

if TYPE_CHECKING:  # the rules and periods load only for the commands that use them
    from gov_deadlines.datadir import DataDir
    from gov_deadlines.periods import Period
    from gov_deadlines.rules import Catalog

__all__ = ["Context", "UsageError", "report_error"]


@attrs.define
class Context:
    """Options shared by every command, with the calendar and catalog they select."""

    lang: str
    json: bool
    calendar: WorkCalendar
    rule_files: tuple[str, ...] = ()
    _catalog: Catalog | None = None
    #: The data directory in use (``--data-dir`` or ``GOV_DEADLINES_DATA``), and which named it.
    data_dir: DataDir | None = None
    data_dir_option: str = "--data-dir"

    @property
    def catalog(self) -> Catalog:
        """The built-in rules plus the data directory's and ``--rules`` files, loaded on first
        use (``add`` never needs them, and parsing the TOML would cost its start-up). A broken
        rule file in the data directory is a :class:`UsageError` naming the directory."""
        if self._catalog is None:
            from gov_deadlines.rules import Catalog

            if self.data_dir is None:
                catalog = Catalog.default("")
            else:
                try:
                    catalog = Catalog.from_data_dir(self.data_dir)
                except (RuleDataError, RecursionError) as exc:  # RecursionError: [[[[... TOML
                    what = f"{self.data_dir_option} {self.data_dir.path}"
                    raise UsageError(_about_files(what, self.data_dir, exc, self.lang)) from None
            for path in self.rule_files:
                catalog = catalog.with_file(path)
            self._catalog = catalog
        return self._catalog

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Build the calendar (``--data-dir``, ``--calendar``, ``--unknown-years``) and catalog
        (``--data-dir``, ``--rules``)."""
        from gov_deadlines.datadir import DATA_ENV, from_env, scan

        # --data-dir wins over the environment; --data-dir "" means none, whatever it says.
        raw, option = getattr(args, "data_dir", None), "--data-dir"
        if raw is None:
            raw, option = from_env(), DATA_ENV
        data: DataDir | None = None
        if raw:
            try:
                data = scan(raw)
            except DataDirError as exc:
                raise UsageError(_message(exc, args.lang)) from None
        try:
            if data is None:
                cal = WorkCalendar.default(
                    region=args.region, unknown_years=args.unknown_years, data_dir=""
                )
            else:  # read now, not cached: this process reads the directory once anyway
                cal = WorkCalendar.from_data_dir(
                    data, region=args.region, unknown_years=args.unknown_years
                )
        except CalendarDataError as exc:  # a file of the data directory
            assert data is not None
            raise UsageError(_about_files(f"{option} {data.path}", data, exc, args.lang)) from None
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
        rules = tuple(getattr(args, "rules", ()))
        context = cls(args.lang, args.json, cal, rules, data_dir=data, data_dir_option=option)
        # A broken rule file is a usage error, found now by the commands that use rules (the
        # ones with --rules); the others never read the catalog.
        if context.rule_files or (data and data.rule_files and hasattr(args, "rules")):
            try:
                context.catalog  # noqa: B018
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


def _about_files(what: str, data: DataDir, exc: BaseException, lang: str) -> str:
    """An error in a file of the data directory, after ``what`` (the option and directory)."""
    if isinstance(exc, RecursionError):
        message = t("too_deep", lang, what=", ".join(map(str, data.rule_files)))
    else:
        message = _message(exc, lang)
    return _about(what, message, lang)


def _about(option: str, message: str, lang: str) -> str:
    """``message`` about ``option``, joined as the language punctuates (：under zh)."""
    return t("about_option", lang, option=option, message=message)


def report_error(ctx_lang: str, message: str) -> None:
    """An error line on stderr, prefixed in the chosen language."""
    sys.stderr.write(t("error_line", ctx_lang, message=message) + "\n")
