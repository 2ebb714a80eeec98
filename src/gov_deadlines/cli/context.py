"""What every command shares: the calendar and catalog the options ask for, reading arguments,
reporting errors in the chosen language, and verdicts as plain data."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import sys
from typing import Any

import attrs

from gov_deadlines import (
    CalendarDataMissing,
    Catalog,
    Pause,
    Period,
    Rule,
    RuleDataError,
    Verdict,
    WorkCalendar,
)
from gov_deadlines.cli.text import t
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.explain import status_word

__all__ = [
    "Context",
    "UsageError",
    "parse_pauses",
    "report_error",
    "short_explanation",
    "verdict_record",
]


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
            raise UsageError(f"--region: {exc}") from None
        for path in args.calendar:
            try:
                with open(path, encoding="utf-8-sig") as fh:
                    region = json.load(fh).get("region")
                cal = cal.with_overlay(path, region=region) if region else cal.with_years(path)
            except (OSError, ValueError, AttributeError) as exc:  # CalendarDataError included
                raise UsageError(f"--calendar {path}: {exc}") from None
        context = cls(args.lang, args.json, cal, tuple(getattr(args, "rules", ())))
        if context.rule_files:
            try:
                context.catalog  # noqa: B018  # a broken --rules file is a usage error, found now
            except RuleDataError as exc:
                raise UsageError(f"--rules: {exc}") from None
        return context

    def date(self, text: str, what: str) -> dt.date:
        """A command-line date argument, or a :class:`UsageError` naming it."""
        try:
            return parse_date(text)
        except DateParseError as exc:
            raise UsageError(f"{what}: {exc.message(self.lang)}") from None

    def integer(self, text: str, what: str) -> int:
        """A command-line whole number, or a :class:`UsageError` naming it."""
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"{what}: {t('bad_int', self.lang, value=text)}") from None

    def rule(self, text: str) -> str | Period:
        """A rule id from the catalog, or an ad-hoc period such as ``20wd``."""
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
            y = exc.year
            if self.lang == "zh":
                if exc.region:
                    return (
                        f"未加载{exc.region}{y}年的地方节假日安排。请用 --calendar 加载该地区"
                        f"{y}年的补充数据文件，或去掉 --region 只用全国安排，或使用 "
                        "--unknown-years weekends 得到按周一至周五推定的临时结果。"
                    )
                return (
                    f"未加载{y}年的节假日安排。请先用 calendar import 导入国务院办公厅关于{y}年"
                    f"部分节假日安排的通知，再用 --calendar {y}.json 加载；或使用 "
                    "--unknown-years weekends 得到按周一至周五推定的临时结果。"
                )
            if exc.region:
                return (
                    f"no holiday arrangement of {exc.region} is loaded for {y}: load the region's "
                    f"file for {y} with --calendar FILE, drop --region to use the national "
                    "calendar alone, or use --unknown-years weekends for provisional results."
                )
            return (
                f"no holiday arrangement is loaded for {y}: import the State Council notice "
                f"with 'calendar import NOTICE.txt -o {y}.json', load it with --calendar {y}.json, "
                "or use --unknown-years weekends for provisional (Monday-Friday) results."
            )
        return str(exc)

    def emit_json(self, obj: Any) -> None:
        """One JSON object on one line of stdout."""
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_jsonable) + "\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Period):
        return str(value)
    raise TypeError(f"not JSON serialisable: {value!r}")


#: What registers write in a pause column when there was none.
_NO_PAUSE = ("", "-", "—", "无", "否", "/", "N/A", "n/a")


def parse_pauses(text: str, lang: str) -> list[Pause]:
    """Pauses written ``2024-03-01..2024-03-08[:kind]`` (or with 至, ~), several separated by
    ``;`` or ``,``; ``-`` or ``无`` for none."""
    pauses = []
    if text.strip() in _NO_PAUSE:
        return []
    for part in text.replace("；", ";").replace("，", ";").replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        span, _, kind = part.partition(":") if part.count(":") == 1 else (part, "", "")
        for sep_text in ("..", "至", "~", "～", "—", "－"):
            a, sep, b = span.partition(sep_text)
            if sep:
                break
        try:
            if not sep:
                raise DateParseError("unrecognised", part)
            pauses.append(Pause(parse_date(a.strip()), parse_date(b.strip()), kind.strip() or None))
        except DateParseError:
            raise ValueError(t("bad_pause", lang, value=part)) from None
    return [Pause(_day(p.start), _day(p.end), p.kind) for p in pauses]


def _day(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def verdict_record(v: Verdict, lang: str, *, explain: str = "full") -> dict[str, Any]:
    """A verdict as plain data: codes, numbers, the rule, its citation, findings, explanation."""
    rule: Rule | None = v.rule
    deadline = v.deadline
    record: dict[str, Any] = {
        "due": deadline.due_at if deadline and deadline.due_at else v.due,
        "status": v.status,
        "verdict": status_word(v.status, lang),
        "workdays_late": v.workdays_late,
        "days_late": v.days_late,
        "workdays_left": v.workdays_left,
        "provisional": v.provisional,
        "rule": rule.id
        if rule
        else (str(deadline.period) if deadline and deadline.period else None),
        "citation": rule.citation_text(lang) if rule else None,
        "violations": [f.code for f in v.violations],
        "warnings": [f.code for f in v.warnings],
        "reason": v.reason.text(lang) if v.reason else None,
        "calendar": v.fingerprint,
    }
    if explain == "full":
        record["explanation"] = v.explain(lang)
    elif explain == "short":
        record["explanation"] = short_explanation(v, lang)
    return record


def short_explanation(v: Verdict, lang: str) -> str:
    """One line for a spreadsheet cell: the period, the due date, the outcome, the findings."""
    if v.reason is not None:
        return v.reason.text(lang)
    d = v.deadline
    line = _short_line(
        d.period if d is not None else None,
        d.extended if d is not None else 0,
        d.paused if d is not None else 0,
        d.trigger if d is not None else None,
        v.due,
        v.status,
        v.workdays_late,
        v.workdays_left,
        lang,
    )
    extra = [f.text(lang).rstrip("。.") for f in v.violations if f.code not in ("late", "overdue")]
    extra += [f.text(lang).rstrip("。.") for f in v.warnings]
    return ("；" if lang == "zh" else "; ").join([line, *extra]) if extra else line


@functools.lru_cache(maxsize=1 << 14)  # batches repeat these few values over and over
def _short_line(
    period: Period | None,
    extended: int,
    paused: int,
    trigger: dt.date | None,
    due: dt.date | None,
    status: str,
    late: int | None,
    left: int | None,
    lang: str,
) -> str:
    zh = lang == "zh"
    parts = []
    if period is not None:
        desc = period.describe(lang)
        if extended:
            desc += f"+延长{extended}" if zh else f" + {extended} extension"
        if paused:
            desc += f"+中止{paused}" if zh else f" + {paused} paused"
        parts.append(f"{desc}，自{trigger}次日起算" if zh else f"{desc} after {trigger}")
    if due is not None:
        parts.append(f"截止{due}" if zh else f"due {due}")
    parts.append(status_word(status, lang))
    if late:
        parts.append(f"逾期{late}个工作日" if zh else f"{late} workday{'s' * (late != 1)} late")
    if left is not None:
        parts.append(f"剩余{left}个工作日" if zh else f"{left} workday{'s' * (left != 1)} left")
    return ("；" if zh else "; ").join(parts)


def report_error(ctx_lang: str, message: str) -> None:
    """An error line on stderr, prefixed in the chosen language."""
    sys.stderr.write(f"gov-deadlines: {t('error', ctx_lang)}: {message}\n")
