"""Rendering trace steps and findings as Chinese or English text.

A dumb step by design: every decision was taken during evaluation and recorded in the step's
code and parameters; this module only fills them into the sentences of the message catalog
(``messages/data/explain.toml``). Unknown codes fall back to ``code: params``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from gov_deadlines.messages import has, text
from gov_deadlines.trace import Step

__all__ = ["render_step", "status_word"]


def status_word(status: str, lang: str = "zh") -> str:
    """The verdict word for a status code: ``late`` -> ``逾期`` / ``late``."""
    key = f"words.status.{status}"
    return text(key, lang) if has(key) else status


def _x(key: str, lang: str, **fields: object) -> str:
    return text(f"explain.{key}", lang, **fields)


def _count(key: str, n: Any, lang: str, **fields: object) -> str:
    """The entry ``key.one`` for a count of 1, ``key.other`` for any other: English plurals."""
    return _x(f"{key}.{'one' if n == 1 else 'other'}", lang, n=n, **fields)


def _d(value: Any, lang: str) -> str:
    """A date with its weekday: ``2024-02-18（周日）`` / ``2024-02-18 (Sunday)``."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        weekday = text(f"words.weekday.{value.weekday()}", lang)
        return text("words.date_weekday", lang, date=value.isoformat(), weekday=weekday)
    return "" if value is None else str(value)


def _amount(n: Any, unit: str, lang: str) -> str:
    """``20个工作日`` / ``20 working days``."""
    return text("words.amount", lang, n=n, unit=text(f"words.unit.{unit}", lang))


def _kind(kind: str, lang: str) -> str:
    return text(f"words.kind.{kind}", lang) if has(f"words.kind.{kind}") else kind


def _period(period: str | None, lang: str) -> str:
    from gov_deadlines.periods import Period

    return Period.parse(period).describe(lang) if period else ""


def _short(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _range(a: dt.date, b: dt.date) -> str:
    return _short(a) if a == b else f"{_short(a)}..{_short(b)}"


def _name(p: Mapping[str, Any], lang: str) -> str:
    return _x("paren_name", lang, name=p["name"]) if p.get("name") else ""


def _count_workdays(p: Mapping[str, Any], lang: str) -> str:
    paused = p.get("paused", 0)
    extra = _count("count_workdays.paused", paused, lang) if paused else ""
    head = _x("count_workdays.head", lang, base=_short(p["base"]), n=p["n"], paused=extra,
              due=_d(p["due"], lang))  # fmt: skip
    parts = [
        _x("count_workdays.holiday", lang, range=_range(a, b), name=name)
        for a, b, name in p.get("holidays", [])
    ]
    for d, name in p.get("makeup", []):
        label = _x("count_workdays.makeup_label", lang, name=name) if name else ""
        parts.append(_x("count_workdays.makeup", lang, date=_short(d), label=label))
    if p.get("weekend_days", 0):
        parts.append(_x("count_workdays.weekend", lang, n=p["weekend_days"]))
    if not parts:
        return _x("sentence", lang, text=head)
    return _x("with_parts", lang, head=head, parts=text("words.sep.list", lang).join(parts))


def _count_days(p: Mapping[str, Any], lang: str) -> str:
    paused = p.get("paused", 0)
    due = _d(p.get("due", p["end"]), lang)
    return _x(
        "count_days.text", lang, base=_short(p["base"]), amount=_amount(p["n"], p["unit"], lang),
        end=_d(p["end"], lang),
        month_end=_x("count_days.month_end", lang) if p["month_end"] else "",
        paused=_count("count_days.paused", paused, lang, due=due) if paused else "",
    )  # fmt: skip


def _receipt(p: Mapping[str, Any], lang: str) -> str:
    channel = p.get("channel")
    how = (
        _x("receipt.channel", lang, channel=text(f"words.channel.{channel}", lang))
        if channel
        else _x("receipt.no_channel", lang)
    )
    then = _x("receipt.as_is" if p["reading"] == "as_is" else "receipt.next_workday", lang)
    return _x("receipt.text", lang, date=_d(p["date"], lang), how=how, then=then)


def _completed(p: Mapping[str, Any], lang: str) -> str:
    status, hours = p["status"], p.get("hours_late")
    late = ""
    if status == "late" and hours is not None:
        late = _x("completed.late_hours", lang, hours=hours)
    elif status == "late":
        workdays = _count("n_workdays", p["workdays_late"], lang)
        days = _count("n_calendar_days", p["days_late"], lang)
        late = _x("completed.late_days", lang, workdays=workdays, days=days)
    done = _d(p["done"], lang) if hours is not None else _short(p["done"])
    return _x("completed.text", lang, done=done, status=status_word(status, lang), late=late)


def _invalid(p: Mapping[str, Any], lang: str) -> str:
    code = p.get("reason", "")
    reason = _x(f"invalid.reason.{code}", lang) if has(f"explain.invalid.reason.{code}") else code
    details = ", ".join(f"{k}={_short(v)}" for k, v in p.items() if k != "reason")
    return _x("invalid.text", lang, reason=reason, details=details)


def _rollover(p: Mapping[str, Any], lang: str) -> str:
    kind = _kind(p["kind"], lang)
    name = p.get("name")
    what = _x("rollover.named", lang, name=name, kind=kind) if name else kind
    return _x("rollover.text", lang, date=_d(p["date"], lang), what=what, to=_d(p["to"], lang))


def _rule(p: Mapping[str, Any], lang: str) -> str:
    period = _x("rule.period", lang, period=_period(p["period"], lang)) if p["period"] else ""
    since = _x("rule.since", lang, since=p["since"]) if p["since"] else ""
    return _x("rule.text", lang, id=p["id"], title_zh=p["title_zh"], title_en=p["title_en"],
              period=period, since=since)  # fmt: skip


def _pause(p: Mapping[str, Any], lang: str) -> str:
    kind = _x("paren_name", lang, name=p["kind"]) if p.get("kind") else ""
    amount = (
        _amount(p["workdays"], "workdays", lang)
        if "workdays" in p
        else _amount(p["days"], "days", lang)
    )
    return _x("pause", lang, range=_range(p["start"], p["end"]), kind=kind, amount=amount)


def _extension(p: Mapping[str, Any], lang: str) -> str:
    most = _x("extension.max", lang, max=p["max"]) if p.get("max") else ""
    return _x("extension.text", lang, amount=_amount(p["amount"], p["unit"], lang), max=most)


def _scheduled(p: Mapping[str, Any], lang: str) -> str:
    before = "exclusive" if p["before"] == "exclusive" else "inclusive"
    return _x(
        "scheduled.text", lang, trigger=_short(p["trigger"]), schedule_zh=p["schedule_zh"],
        schedule_en=p["schedule_en"], start=_short(p["period_start"]),
        end=_short(p["period_end"]), date=_short(p["date"]),
        before=_x(f"scheduled.before.{before}", lang),
    )  # fmt: skip


def _due(p: Mapping[str, Any], lang: str) -> str:
    cutoff = f" {p['cutoff'].strftime('%H:%M')}" if p.get("cutoff") else ""
    return _x("due", lang, due=_d(p["due_at"] or p["due"], lang), cutoff=cutoff)


def _as_of(p: Mapping[str, Any], lang: str) -> str:
    overdue = p["status"] == "overdue"
    n = p["workdays_late"] if overdue else p["workdays_left"]
    key = "as_of.overdue" if overdue else "as_of.pending"
    return _x(key, lang, as_of=_short(p["as_of"]), workdays=_count("n_workdays", n, lang))


_Renderer = Callable[[Mapping[str, Any], str], str]

#: Steps whose sentence takes only dates (short form) and plain values from the params:
#: code -> (the params shown as short dates, the params shown as they are).
_PLAIN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "restart": (("restart", "trigger"), ()),
    "restart_not_allowed": (("restart",), ()),
    "late": (("due", "done"), ()),
    "overdue": (("due", "as_of"), ()),
    "window_open": (("earliest",), ()),
    "pause_after_due": (("due",), ()),
    "pause_before_start": (("base",), ()),
    "statutory_workdays": ((), ("n",)),
    "extension_not_allowed": ((), ()),
    "not_done": ((), ()),
    "provisional": ((), ()),
}


def _plain(code: str) -> _Renderer:
    dates, values = _PLAIN[code]

    def render(p: Mapping[str, Any], lang: str) -> str:
        fields = {k: _short(p[k]) for k in dates} | {k: p[k] for k in values}
        if "start" in p and "end" in p and code.startswith("pause"):
            fields["range"] = _range(p["start"], p["end"])
        return _x(code, lang, **fields)

    return render


_RENDER: dict[str, _Renderer] = {code: _plain(code) for code in _PLAIN} | {
    "rule": _rule,
    "adhoc": lambda p, lang: _x("adhoc", lang, period=_period(p["period"], lang)),
    "trigger_deemed": lambda p, lang: _x(
        "trigger_deemed",
        lang,
        trigger=_d(p["trigger"], lang),
        kind=_kind(p["kind"], lang),
        name=_name(p, lang),
        deemed=_d(p["deemed"], lang),
    ),
    "start": lambda p, lang: _x(
        "start.next_day" if p["start"] == "next_day" else "start.same_day",
        lang,
        trigger=_short(p["trigger"]),
    ),
    "count_workdays": _count_workdays,
    "count_days": _count_days,
    "hours": lambda p, lang: _x(
        "hours",
        lang,
        trigger=_d(p["trigger"], lang),
        hours=p["hours"],
        due_at=_d(p["due_at"], lang),
    ),
    "pause": _pause,
    "pause_not_allowed": lambda p, lang: _x(
        "pause_not_allowed.text",
        lang,
        range=_range(p["start"], p["end"]),
        kind=p.get("kind") or _x("pause_not_allowed.no_kind", lang),
    ),
    "extension": _extension,
    "extension_over_limit": lambda p, lang: _x(
        "extension_over_limit", lang, amount=_amount(p["asked"], p["unit"], lang), max=p["max"]
    ),
    "rollover": _rollover,
    "day_off_no_rollover": lambda p, lang: _x(
        "day_off_no_rollover", lang, date=_d(p["date"], lang), kind=_kind(p["kind"], lang)
    ),
    "scheduled": _scheduled,
    "cutoff": lambda p, lang: _x("cutoff", lang, time=p["time"].strftime("%H:%M")),
    "due": _due,
    "completed": _completed,
    "receipt": _receipt,
    "before_event": lambda p, lang: _x(
        "before_event",
        lang,
        event=_d(p["event"], lang),
        amount=_amount(p["n"], p["unit"], lang),
        latest=_d(p["latest"], lang),
    ),
    "delay_beyond_extension": lambda p, lang: _x(
        "delay_beyond_extension", lang, amount=_amount(p["asked"], p["unit"], lang), max=p["max"]
    ),
    "receipt_reading_matters": lambda p, lang: _x(
        "receipt_reading_matters",
        lang,
        status=status_word(p["as_is_status"], lang),
        due=_short(p["as_is_due"]),
    ),
    "as_of": _as_of,
    "window": lambda p, lang: _x(
        "window",
        lang,
        start=_short(p["start"]),
        end=_short(p["end"]),
        counted=_amount(p["counted"], p["unit"], lang),
        required=_amount(p["required"], p["unit"], lang),
        days_off=p["days_off"],
    ),
    "window_spans_break": lambda p, lang: _x(
        "window_spans_break", lang, holidays=text("words.sep.enum", lang).join(p["holidays"])
    ),
    "invalid": _invalid,
    "too_short": lambda p, lang: _x(
        "too_short", lang, counted=_amount(p["counted"], p["unit"], lang), required=p["required"]
    ),
}


def render_step(step: Step, lang: str = "zh") -> str:
    """One step (or finding) as a sentence in ``lang``, with its citation appended.

    >>> render_step(Step("not_done"), "en")
    'Not done yet.'
    """
    render = _RENDER.get(step.code)
    if render is not None:
        sentence = render(step.params, lang)
    elif has(f"explain.invalid.reason.{step.code}"):  # the reason of an invalid verdict
        sentence = _invalid({"reason": step.code, **step.params}, lang)
    else:
        sentence = _x("unknown", lang, code=step.code, params=dict(step.params))
    if step.citation is not None:
        basis = step.citation.short(lang)
        sentence = _x("cite", lang, text=sentence, basis=basis)
    return sentence
