"""Rendering trace steps and findings as Chinese or English text.

A dumb step by design: every decision was taken during evaluation and recorded in the step's
code and parameters; this module only words it. Unknown codes fall back to ``code: params``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from gov_deadlines.trace import Step

__all__ = ["render_step"]

_WEEKDAY_ZH = "一二三四五六日"
_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_KIND = {
    "zh": {
        "weekend": "周末",
        "holiday": "法定节假日",
        "workday": "工作日",
        "makeup_workday": "调休上班日",
    },
    "en": {
        "weekend": "weekend",
        "holiday": "statutory holiday (法定节假日)",
        "workday": "workday",
        "makeup_workday": "make-up workday (调休上班日)",
    },
}
_STATUS = {
    "zh": {
        "on_time": "按期",
        "late": "逾期",
        "pending": "未到期",
        "overdue": "已超期未办结",
        "too_short": "期限不足",
        "invalid": "事实有误",
    },
    "en": {
        "on_time": "on time",
        "late": "late",
        "pending": "pending",
        "overdue": "overdue",
        "too_short": "too short",
        "invalid": "invalid",
    },
}
_UNIT = {
    "zh": {"workdays": "个工作日", "days": "日", "hours": "小时", "months": "个月", "years": "年"},
    "en": {
        "workdays": " working days",
        "days": " days",
        "hours": " hours",
        "months": " months",
        "years": " years",
    },
}


def status_word(status: str, lang: str = "zh") -> str:
    """The verdict word for a status code: ``late`` -> ``逾期`` / ``late``."""
    return _STATUS["zh" if lang == "zh" else "en"].get(status, status)


def _d(value: Any, lang: str) -> str:
    """A date with its weekday: ``2024-02-18（周日）`` / ``2024-02-18 (Sunday)``."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        if lang == "zh":
            return f"{value.isoformat()}（周{_WEEKDAY_ZH[value.weekday()]}）"
        return f"{value.isoformat()} ({_WEEKDAY_EN[value.weekday()]})"
    return "" if value is None else str(value)


def _period(text: str | None, lang: str) -> str:
    from gov_deadlines.periods import Period

    return Period.parse(text).describe(lang) if text else ""


def _n(count: Any, word: str) -> str:
    """``1 working day`` / ``2 working days``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _short(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _range(a: dt.date, b: dt.date) -> str:
    return _short(a) if a == b else f"{_short(a)}..{_short(b)}"


def _count_workdays(p: Mapping[str, Any], zh: bool) -> str:
    n, base, due, paused = p["n"], p["base"], p["due"], p.get("paused", 0)
    if zh:
        extra = f"（另有{paused}个工作日处于中止期间，不计入）" if paused else ""
        head = f"自{_short(base)}次日起算{n}个工作日{extra}，截止日为{_d(due, 'zh')}"
    else:
        extra = f" (plus {_n(paused, 'paused working day')}, not counted)" if paused else ""
        head = f"Counted {n} working days{extra} after {_short(base)}: due {_d(due, 'en')}"
    parts = []
    for a, b, name in p.get("holidays", []):
        parts.append(f"{_range(a, b)} {name}休假不计" if zh else f"{_range(a, b)} {name} skipped")
    for d, name in p.get("makeup", []):
        label = f"（{name}调休）" if zh and name else f" ({name})" if name else ""
        parts.append(
            f"{_short(d)}{label}调休上班计入"
            if zh
            else f"{_short(d)}{label} make-up workday counted"
        )
    weekend = p.get("weekend_days", 0)
    if weekend:
        parts.append(f"周末{weekend}天不计" if zh else f"{weekend} weekend days skipped")
    if not parts:
        return head + ("。" if zh else ".")
    return head + ("：" + "；".join(parts) + "。" if zh else ": " + "; ".join(parts) + ".")


def _count_days(p: Mapping[str, Any], zh: bool) -> str:
    paused, due = p.get("paused", 0), p.get("due", p["end"])
    if zh:
        text = f"自{_short(p['base'])}起算{p['n']}{_UNIT['zh'][p['unit']]}，期间最后一日为{_d(p['end'], 'zh')}"
        text += "（到期月无对应日，以月末日为最后一日）" if p["month_end"] else ""
        if paused:
            text += f"；另有{paused}日处于中止期间不计入，最后一日为{_d(due, 'zh')}"
        return text + "；期间内的休息日不扣除。"
    text = f"{p['n']}{_UNIT['en'][p['unit']]} after {_short(p['base'])}: the last day is {_d(p['end'], 'en')}"
    text += " (no corresponding day: month end)" if p["month_end"] else ""
    if paused:
        text += f"; {_n(paused, 'paused day')} not counted: the last day is {_d(due, 'en')}"
    return text + "; days off inside the period are not deducted."


_CHANNEL = {
    "zh": {"in_person": "当面提交", "mail": "邮寄", "online": "互联网渠道", "fax": "传真", "email": "电子邮件"},
    "en": {"in_person": "in person", "mail": "by mail", "online": "online", "fax": "by fax", "email": "by e-mail"},
}


def _receipt(p: Mapping[str, Any], zh: bool) -> str:
    channel, kept = p.get("channel"), p["reading"] == "as_is"
    if zh:
        how = f"申请系{_CHANNEL['zh'][channel]}" if channel else "申请的提交方式未注明"
        then = "以该日为收到申请之日" if kept else "视为下一个工作日确认收到"
        return f"{_d(p['date'], 'zh')}为休息日；{how}，{then}。"
    how = f"the request came {_CHANNEL['en'][channel]}" if channel else "the channel of the request is not known"
    then = "that day is the day of receipt" if kept else "receipt is taken as confirmed on the next working day"
    return f"{_d(p['date'], 'en')} is a day off; {how}: {then}."


def _completed(p: Mapping[str, Any], zh: bool) -> str:
    status, hours = p["status"], p.get("hours_late")
    if zh:
        text = f"于{_d(p['done'], 'zh') if hours is not None else _short(p['done'])}办结：{status_word(status, 'zh')}"
        if status == "late":
            text += f"{hours}小时" if hours is not None else f"，逾期{p['workdays_late']}个工作日（{p['days_late']}个自然日）"
        return text + "。"
    text = f"Completed on {_d(p['done'], 'en') if hours is not None else _short(p['done'])}: {status_word(status, 'en')}"
    if status == "late":
        text += f" by {hours} hours" if hours is not None else f" by {_n(p['workdays_late'], 'working day')} ({_n(p['days_late'], 'day')})"
    return text + "."


_INVALID: dict[str, tuple[str, str]] = {
    "channel_unknown": ("申请提交方式无法识别", "unknown channel of submission"),
    "rule_not_in_force": ("规则在该日期未生效", "the rule was not in force on that date"),
    "restart_before_trigger": (
        "重新起算日早于起算日",
        "the restart date is before the trigger",
    ),
    "pause_reversed": ("中止期间的结束日早于开始日", "a pause ends before it starts"),
    "pause_outside_case": ("中止期间不在本案期间内", "a pause lies outside the case"),
    "pause_in_hours": ("按小时计算的期间不适用中止", "pauses do not apply to hour periods"),
    "hours_need_time": (
        "按小时计算的期间需要具体起算时刻",
        "an hour period needs the exact trigger time",
    ),
    "done_needs_time": (
        "按小时计算的期间需要办结的具体时刻",
        "an hour period needs the exact completion time",
    ),
    "done_before_trigger": ("办结日早于起算日", "done before the trigger"),
    "extension_unit": ("延长期限的单位与期间不同", "the extension is in another unit"),
    "no_occurrence": ("该期间内没有截止日", "no deadline in that period"),
    "as_of_before_trigger": ("查询日早于起算日", "as_of is before the trigger"),
    "restart_after_done": ("重新起算日晚于办结日", "the restart is after the case was done"),
    "not_applicable": (
        "固定日期的期限不适用中止、延长或重新起算",
        "pauses, extensions and restarts do not apply to a fixed date",
    ),
}


def _invalid(p: Mapping[str, Any], zh: bool) -> str:
    code = p.get("reason", "")
    text = _INVALID.get(code, (code, code))
    details = ", ".join(f"{k}={_short(v)}" for k, v in p.items() if k != "reason")
    if zh:
        return f"无法判断：{text[0]}（{details}）。"
    return f"Cannot evaluate: {text[1]} ({details})."


def _rollover(p: Mapping[str, Any], zh: bool) -> str:
    lang = "zh" if zh else "en"
    kind = _KIND[lang].get(p["kind"], p["kind"])
    name = p.get("name")
    what = f"{name}{kind}" if zh and name else f"{kind}, {name}" if name else kind
    if zh:
        return f"期间最后一日{_d(p['date'], lang)}为{what}，顺延至{_d(p['to'], lang)}。"
    return (
        f"The last day {_d(p['date'], lang)} is a {what}: rolled over (顺延) to "
        f"{_d(p['to'], lang)}."
    )


_Renderer = Callable[[Mapping[str, Any], bool], str]

_RENDER: dict[str, _Renderer] = {
    "rule": lambda p, zh: (
        f"适用规则 {p['id']}「{p['title_zh']}」"
        + (f"，期限{_period(p['period'], 'zh')}" if p["period"] else "")
        + (f"（{p['since']}起施行的版本）" if p["since"] else "")
        + "。"
        if zh
        else f"Rule {p['id']} ({p['title_en']})"
        + (f", period: {_period(p['period'], 'en')}" if p["period"] else "")
        + (f", version in force from {p['since']}" if p["since"] else "")
        + "."
    ),
    "adhoc": lambda p, zh: (
        f"期间：{_period(p['period'], 'zh')}。" if zh else f"Period: {_period(p['period'], 'en')}."
    ),
    "restart": lambda p, zh: (
        f"申请补正，期限自{_short(p['restart'])}重新起算（原起算日{_short(p['trigger'])}）。"
        if zh
        else f"Corrected application: the period restarts on {_short(p['restart'])} "
        f"(originally {_short(p['trigger'])})."
    ),
    "restart_not_allowed": lambda p, zh: (
        f"该规则不允许重新起算，{_short(p['restart'])}的重新起算不予采用。"
        if zh
        else f"This rule does not allow a restart; the restart on {_short(p['restart'])} is ignored."
    ),
    "trigger_deemed": lambda p, zh: (
        f"起算日{_d(p['trigger'], 'zh')}为{_KIND['zh'].get(p['kind'], p['kind'])}"
        f"{'（' + p['name'] + '）' if p.get('name') else ''}，视为在下一个工作日"
        f"{_d(p['deemed'], 'zh')}收到。"
        if zh
        else f"The trigger {_d(p['trigger'], 'en')} is a {_KIND['en'].get(p['kind'], p['kind'])}"
        f"{' (' + p['name'] + ')' if p.get('name') else ''}: deemed received on the next working "
        f"day, {_d(p['deemed'], 'en')}."
    ),
    "start": lambda p, zh: (
        (
            f"起算日{_short(p['trigger'])}当日不计入，自次日开始计算。"
            if zh
            else f"The trigger day {_short(p['trigger'])} is not counted; counting starts the next day."
        )
        if p["start"] == "next_day"
        else (
            f"按本地做法，起算日{_short(p['trigger'])}当日计入。"
            if zh
            else f"By local practice the trigger day {_short(p['trigger'])} counts as day 1."
        )
    ),
    "count_workdays": _count_workdays,
    "count_days": _count_days,
    "hours": lambda p, zh: (
        f"自{_d(p['trigger'], 'zh')}起算{p['hours']}小时，至{_d(p['due_at'], 'zh')}。"
        if zh
        else f"{p['hours']} hours from {_d(p['trigger'], 'en')}: until {_d(p['due_at'], 'en')}."
    ),
    "pause": lambda p, zh: (
        f"中止 {_range(p['start'], p['end'])}"
        + (f"（{p['kind']}）" if p.get("kind") else "")
        + (
            f"：{p['workdays']}个工作日不计算在期限内。"
            if "workdays" in p
            else f"：{p['days']}日不计算在期限内。"
        )
        if zh
        else f"Pause {_range(p['start'], p['end'])}"
        + (f" ({p['kind']})" if p.get("kind") else "")
        + (
            f": {p['workdays']} working days not counted."
            if "workdays" in p
            else f": {p['days']} days not counted."
        )
    ),
    "pause_not_allowed": lambda p, zh: (
        f"中止 {_range(p['start'], p['end'])}（{p.get('kind') or '未注明事由'}）不是该规则允许的"
        "不计算期限情形，不予扣除。"
        if zh
        else f"Pause {_range(p['start'], p['end'])} ({p.get('kind') or 'no kind given'}) is not one "
        "this rule allows; not deducted."
    ),
    "extension": lambda p, zh: (
        f"延长{p['amount']}{_UNIT['zh'][p['unit']]}"
        + (f"（最长{p['max']}）" if p.get("max") else "")
        + "，自原截止日起续算。"
        if zh
        else f"Extended by {p['amount']}{_UNIT['en'][p['unit']]}"
        + (f" (at most {p['max']})" if p.get("max") else "")
        + ", counted on from the original due date."
    ),
    "extension_over_limit": lambda p, zh: (
        f"延长{p['asked']}{_UNIT['zh'][p['unit']]}超过法定上限{p['max']}，按{p['max']}计算。"
        if zh
        else f"An extension of {p['asked']}{_UNIT['en'][p['unit']]} exceeds the maximum of "
        f"{p['max']}; the maximum is used."
    ),
    "extension_not_allowed": lambda p, zh: (
        "该规则不允许延长期限，延长不予采用。"
        if zh
        else "This rule allows no extension; the extension is ignored."
    ),
    "rollover": _rollover,
    "day_off_no_rollover": lambda p, zh: (
        f"{_d(p['date'], 'zh')}为{_KIND['zh'].get(p['kind'], p['kind'])}，该规则不顺延。"
        if zh
        else f"{_d(p['date'], 'en')} is a {_KIND['en'].get(p['kind'], p['kind'])}; this rule does "
        "not roll over."
    ),
    "scheduled": lambda p, zh: (
        f"起算日{_short(p['trigger'])}所属期间对应的截止日（{p['schedule_zh']}，期间"
        f"{_short(p['period_start'])}至{_short(p['period_end'])}）为{_short(p['date'])}"
        + ("；“前”不含当日" if p["before"] == "exclusive" else "；“前”含当日")
        + "。"
        if zh
        else f"The deadline for the period of {_short(p['trigger'])} ({p['schedule_en']}, period "
        f"{_short(p['period_start'])}..{_short(p['period_end'])}) is {_short(p['date'])}"
        + (
            "; 'before' excludes that day"
            if p["before"] == "exclusive"
            else "; 'before' (前) includes that day"
        )
        + "."
    ),
    "cutoff": lambda p, zh: (
        f"最后一日的截止时间为业务时间{p['time'].strftime('%H:%M')}。"
        if zh
        else f"The last day ends at the close of business, {p['time'].strftime('%H:%M')}."
    ),
    "due": lambda p, zh: (
        f"截止日：{_d(p['due_at'] or p['due'], 'zh')}"
        + (f" {p['cutoff'].strftime('%H:%M')}" if p.get("cutoff") else "")
        + "。"
        if zh
        else f"Due: {_d(p['due_at'] or p['due'], 'en')}"
        + (f" {p['cutoff'].strftime('%H:%M')}" if p.get("cutoff") else "")
        + "."
    ),
    "completed": _completed,
    "receipt": _receipt,
    "statutory_workdays": lambda p, zh: (
        f"法律规定该期间的“{p['n']}日”是指工作日，按{p['n']}个工作日计算。"
        if zh
        else f"The statute defines these {p['n']} days (日) as working days: {p['n']} working days are counted."
    ),
    "before_event": lambda p, zh: (
        f"事件日{_d(p['event'], 'zh')}（不计入）前{p['n']}{_UNIT['zh'][p['unit']]}，最晚应于{_d(p['latest'], 'zh')}作出；该日不顺延。"
        if zh
        else f"{p['n']}{_UNIT['en'][p['unit']]} before the event on {_d(p['event'], 'en')} (not counted): act by {_d(p['latest'], 'en')} at the latest; this day does not move."
    ),
    "pause_after_due": lambda p, zh: (
        f"中止 {_range(p['start'], p['end'])} 开始于截止日{_short(p['due'])}之后，期限已届满，不影响计算。"
        if zh
        else f"Pause {_range(p['start'], p['end'])} starts after the due date {_short(p['due'])}: the period had run out; no effect."
    ),
    "pause_before_start": lambda p, zh: (
        f"中止 {_range(p['start'], p['end'])} 在起算日{_short(p['base'])}之前结束，与计算无关。"
        if zh
        else f"Pause {_range(p['start'], p['end'])} ends before counting starts ({_short(p['base'])}): not relevant."
    ),
    "delay_beyond_extension": lambda p, zh: (
        f"延长{p['asked']}{_UNIT['zh'][p['unit']]}超过最长延长期限{p['max']}；超出部分只能依延迟答复的规定（说明理由并告知申请人）处理，请核查。"
        if zh
        else f"A delay of {p['asked']}{_UNIT['en'][p['unit']]} goes beyond the maximum extension of {p['max']}: only a reasoned delayed reply (延迟答复) notified to the applicant allows it; check for one."
    ),
    "receipt_reading_matters": lambda p, zh: (
        f"提示：申请的提交方式未注明，结论取决于收到日的认定：若以休息日当天为收到日，结论为“{status_word(p['as_is_status'], 'zh')}”（截止日{_short(p['as_is_due'])}）。"
        if zh
        else f"Caution: the channel of the request is not known and the verdict depends on it: with the day off itself as the day of receipt it would be {status_word(p['as_is_status'], 'en')} (due {_short(p['as_is_due'])})."
    ),
    "as_of": lambda p, zh: (
        f"截至{_short(p['as_of'])}未办结："
        + (
            f"已超期{p['workdays_late']}个工作日。"
            if p["status"] == "overdue"
            else f"尚余{p['workdays_left']}个工作日。"
        )
        if zh
        else f"Not done as of {_short(p['as_of'])}: "
        + (
            f"overdue by {_n(p['workdays_late'], 'working day')}."
            if p["status"] == "overdue"
            else f"{_n(p['workdays_left'], 'working day')} left."
        )
    ),
    "not_done": lambda p, zh: "尚未办结。" if zh else "Not done yet.",
    "provisional": lambda p, zh: (
        "注意：计算用到了尚未加载节假日安排的年份（按周一至周五推定），结果为临时结果。"
        if zh
        else "Note: the computation used days of a year whose holiday arrangement is not loaded "
        "(Monday-Friday assumed); the result is provisional (临时结果)."
    ),
    "window_open": lambda p, zh: (
        f"期间尚未结束；最早可于{_short(p['earliest'])}结束。"
        if zh
        else f"The window is still open; it may close on {_short(p['earliest'])} at the earliest."
    ),
    "window": lambda p, zh: (
        f"期间{_short(p['start'])}至{_short(p['end'])}：开始当日不计，共{p['counted']}"
        f"{_UNIT['zh'][p['unit']]}，要求不少于{p['required']}{_UNIT['zh'][p['unit']]}；"
        f"其中休息日{p['days_off']}天。"
        if zh
        else f"Window {_short(p['start'])}..{_short(p['end'])}: {p['counted']}"
        f"{_UNIT['en'][p['unit']]} after the opening day, at least {p['required']} required; "
        f"{p['days_off']} of them days off."
    ),
    "window_spans_break": lambda p, zh: (
        f"提示：期间跨越{'、'.join(p['holidays'])}长假，实际可用工作日较少。"
        if zh
        else f"Caution: the window spans the {', '.join(p['holidays'])} break; fewer working days "
        "were available."
    ),
    "invalid": _invalid,
    "late": lambda p, zh: (
        f"逾期：截止日{_short(p['due'])}，办结日{_short(p['done'])}。"
        if zh
        else f"Late: due {_short(p['due'])}, done {_short(p['done'])}."
    ),
    "overdue": lambda p, zh: (
        f"超期未办结：截止日{_short(p['due'])}。"
        if zh
        else f"Overdue: due {_short(p['due'])}, not done as of {_short(p['as_of'])}."
    ),
    "too_short": lambda p, zh: (
        f"期间不足：{p['counted']}{_UNIT['zh'][p['unit']]}，少于{p['required']}。"
        if zh
        else f"Too short: {p['counted']}{_UNIT['en'][p['unit']]}, fewer than {p['required']}."
    ),
}


def render_step(step: Step, lang: str = "zh") -> str:
    """One step (or finding) as a sentence in ``lang``, with its citation appended.

    >>> render_step(Step("not_done"), "en")
    'Not done yet.'
    """
    zh = lang == "zh"
    render = _RENDER.get(step.code)
    if render is not None:
        text = render(step.params, zh)
    elif step.code in _INVALID:  # the reason of an invalid verdict
        text = _invalid({"reason": step.code, **step.params}, zh)
    else:
        text = f"{step.code}: {dict(step.params)}"
    if step.citation is not None:
        basis = step.citation.short("zh" if zh else "en")
        text += f"（依据：{basis}）" if zh else f" [{basis}]"
    return text
