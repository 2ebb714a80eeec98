"""Verdicts as plain data for the CLI: records for JSON, a one-line explanation for a cell, and
the pause cells of a register."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Any

from gov_deadlines import messages
from gov_deadlines.cli.text import t
from gov_deadlines.dates import DateParseError, parse_date
from gov_deadlines.explain import status_word
from gov_deadlines.periods import Period
from gov_deadlines.results import Pause, Verdict
from gov_deadlines.rules import Rule

__all__ = [
    "NONE_VALUES",
    "VIOLATING",
    "parse_channel",
    "parse_extension",
    "parse_pauses",
    "short_explanation",
    "verdict_record",
]

#: Statuses that --fail-on-violation turns into exit status 1.
VIOLATING = ("late", "overdue", "too_short", "invalid")


#: What registers write in a pause column when there was none.
_NO_PAUSE = ("", "-", "—", "无", "否", "/", "N/A", "n/a")

#: What registers write in the done, extension and pause columns for "not done" / "none"
#: (``check --none-values`` replaces it; a blank cell is always none).
NONE_VALUES = ("-", "—", "/", "无", "未答复", "未办结")

_WHOLE = re.compile(r"[0-9]+(?:\.0+)?", re.ASCII)


#: How registers write the channel of a request (条例 Art. 31), folded to the engine's codes.
_CHANNEL_WORDS = {
    "in_person": ("in_person", "当面", "当面提交", "现场", "现场提交", "窗口"),
    "mail": ("mail", "邮寄", "信函", "挂号信", "快递", "ems"),
    "online": ("online", "网上", "网络", "互联网", "在线", "网上申请", "政府网站", "网站"),
    "fax": ("fax", "传真"),
    "email": ("email", "e-mail", "电子邮件", "电子邮箱", "邮件"),
}
_CHANNELS = {w: code for code, words in _CHANNEL_WORDS.items() for w in words}


def parse_channel(text: str, lang: str) -> str | None:
    """The channel code for a register's cell (``邮寄`` -> ``mail``); None for an empty cell."""
    word = text.strip().casefold()
    if word in _NO_PAUSE:
        return None
    if word not in _CHANNELS:
        raise ValueError(t("bad_channel", lang, value=text))
    return _CHANNELS[word]


def parse_extension(value: object, lang: str) -> int | Period:
    """An extension cell: a whole number of the rule's units (``20``, an XLSX ``20.0``) or a
    period with its unit (``20个工作日``, ``二十个工作日``, ``20wd``), which the engine checks
    against the rule's unit. Anything else -- ``-5``, ``1.9``, ``inf``, an XLSX ``TRUE`` --
    raises ``ValueError`` with the message for the row; nothing is truncated or guessed.

    >>> parse_extension("20", "en"), parse_extension("二十个工作日", "en")
    (20, Period(amount=20, unit='workdays'))
    """
    if isinstance(value, bool):  # an XLSX TRUE/FALSE is no number of days
        raise ValueError(t("bad_extension", lang, value="TRUE" if value else "FALSE"))
    if isinstance(value, int):
        if value >= 0:
            return value
    elif isinstance(value, float):
        if math.isfinite(value) and value >= 0 and value == int(value):
            return int(value)
    else:
        import unicodedata

        text = unicodedata.normalize("NFKC", str(value)).strip()
        if _WHOLE.fullmatch(text):
            return int(text.split(".")[0])
        if text and text[0] not in "+-":
            try:
                return Period.parse(text)
            except ValueError:
                pass
    raise ValueError(t("bad_extension", lang, value=value))


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
    return messages.text("words.sep.list", lang).join([line, *extra]) if extra else line


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
    parts = [*short_head(period, extended, paused, trigger, due, lang)]
    parts += short_tail(status, late, left, lang)
    return messages.text("words.sep.list", lang).join(parts)


def short_head(
    period: Period | None,
    extended: int,
    paused: int,
    trigger: dt.date | None,
    due: dt.date | None,
    lang: str,
) -> list[str]:
    """The parts of a short explanation fixed by the deadline: the period and the due date
    (the batch's columns path words them once per deadline)."""
    parts = []
    if period is not None:
        desc = period.describe(lang)
        if extended:
            desc += t("short.extended", lang, n=extended)
        if paused:
            desc += t("short.paused", lang, n=paused)
        parts.append(t("short.period", lang, period=desc, trigger=trigger))
    if due is not None:
        parts.append(t("short.due", lang, due=due))
    return parts


def short_tail(status: str, late: int | None, left: int | None, lang: str) -> list[str]:
    """The parts of a short explanation fixed by the outcome: the verdict word and the working
    days late or left."""
    parts = [status_word(status, lang)]
    if late:
        parts.append(t(f"short.late.{'one' if late == 1 else 'other'}", lang, n=late))
    if left is not None:
        parts.append(t(f"short.left.{'one' if left == 1 else 'other'}", lang, n=left))
    return parts
