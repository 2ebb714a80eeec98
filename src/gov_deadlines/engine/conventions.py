"""The conventions of one case, resolved once from the rule, the call's options and the data.

Which counting rules apply -- the start day, a trigger on a day off (by the channel of receipt),
rollover, cutoff, what a "day" means (a statute may define its days as working days) and which
era's Civil Code articles are cited -- is decided here, before anything is counted.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import attrs

from gov_deadlines.engine.facts import Facts
from gov_deadlines.errors import InvalidFacts
from gov_deadlines.periods import Period, Start, TriggerOnRestDay
from gov_deadlines.rules import Citation, Rule
from gov_deadlines.rules.conventions import receipt_reading, statutory_workdays

__all__ = ["Conventions", "Options", "resolve"]


class Options(NamedTuple):
    """The conventions a call overrides (None: the rule's). A tuple: it keys the deadline cache."""

    start: Start | None = None
    trigger_on_rest_day: TriggerOnRestDay | None = None
    rollover: bool | None = None
    cutoff: dt.time | None = None


NO_OPTIONS = Options()


@attrs.frozen
class Conventions:
    """How this case's period is counted.

    ``period`` is the period as counted (``5d`` of 行政复议法 becomes ``5wd``, ``statutory``
    citing Art. 88); ``extension`` is the extension asked for, in that unit; ``on_rest`` how a
    start day off is read, ``receipt`` the article that decided it from the channel; ``era`` the
    date whose Civil Code conventions are cited (the original trigger's).
    """

    rule: Rule | None
    period: Period
    start: Start
    on_rest: TriggerOnRestDay
    rollover: bool
    cutoff: dt.time | None
    era: dt.date
    statutory: Citation | None = None
    receipt: Citation | None = None
    channel: str | None = None
    extension: int | None = None


def resolve(rule: Rule | Period, facts: Facts, opts: Options) -> Conventions:
    """The conventions for ``facts`` under ``rule`` and the call's ``opts``."""
    r = rule if isinstance(rule, Rule) else None
    period = rule if isinstance(rule, Period) else rule.period
    day = facts.day
    assert period is not None, "scheduled rules are resolved without a period"
    statutory = statutory_workdays(r, period, day) if r is not None else None
    counted = Period(period.amount, "workdays") if statutory else period
    on_rest, receipt = _on_rest(r, facts.channel, opts.trigger_on_rest_day)
    return Conventions(
        rule=r,
        period=counted,
        start=opts.start or (r.start if r else "next_day"),
        on_rest=on_rest,
        rollover=opts.rollover if opts.rollover is not None else (r.rollover if r else True),
        cutoff=opts.cutoff if opts.cutoff is not None else (r.cutoff if r else None),
        era=day,
        statutory=statutory,
        receipt=receipt,
        channel=facts.channel,
        extension=_extension(facts.extension, period, counted),
    )


def _on_rest(
    r: Rule | None, channel: str | None, forced: TriggerOnRestDay | None
) -> tuple[TriggerOnRestDay, Citation | None]:
    if forced is not None:
        return forced, None
    if r is None:
        return "as_is", None
    if r.receipt is None:
        return r.trigger_on_rest_day, None
    return receipt_reading(r.receipt, channel)


def _extension(extension: int | Period | None, period: Period, counted: Period) -> int | None:
    """The extension's amount in the counted unit; a Period in another unit is refused."""
    if not isinstance(extension, Period):
        return extension
    if extension.unit not in (period.unit, counted.unit):
        raise InvalidFacts(
            "extension_unit",
            f"the extension {extension} is not in the period's unit ({counted.unit})",
            unit=counted.unit,
        )
    return extension.amount
