"""A case's facts as one frozen value, checked before anything is computed.

:func:`validate` raises :class:`~gov_deadlines.InvalidFacts` for facts that cannot all be true
(a pause ending before the trigger, a restart before it ...). ``due()`` and ``check()`` run the
same checks; ``check()`` adds those that need the completion (:func:`validate_outcome`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import attrs

from gov_deadlines.errors import InvalidArgument, InvalidFacts
from gov_deadlines.periods import Period
from gov_deadlines.results import Pause, as_date, china_moment
from gov_deadlines.rules import Rule
from gov_deadlines.rules.conventions import CHANNELS

__all__ = ["Facts", "Outcome", "moment", "pauses_of", "validate", "validate_outcome"]


def moment(value: object, what: str) -> dt.date:
    """A date, or a datetime as naive China time (an aware datetime is a moment in time)."""
    if isinstance(value, dt.datetime):
        return china_moment(value)
    return as_date(value, what)


def pauses_of(values: Iterable[Pause | Sequence[Any]]) -> tuple[Pause, ...]:
    """Pauses from :class:`Pause` values or ``(start, end[, kind])`` tuples, in the order given."""
    return tuple(map(Pause.coerce, values)) if values else ()


@attrs.frozen
class Facts:
    """What happened in a case, as far as the deadline depends on it.

    ``trigger`` is a date, or a datetime (China time) for hour periods; ``restart`` the day a
    corrected application arrived (补正); ``channel`` how a request was submitted (条例 Art. 31).
    """

    trigger: dt.date
    pauses: tuple[Pause, ...] = ()
    extension: int | Period | None = None
    restart: dt.date | None = None
    channel: str | None = None
    #: The trigger's day (its date, for a datetime).
    day: dt.date = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "day", as_date(self.trigger, "trigger"))


class Outcome(NamedTuple):
    """What became of the case: ``done`` (date or China-time datetime) or, not done, ``as_of``.
    A named tuple: built on every ``check()``, it must be cheap."""

    done: dt.date | None = None
    as_of: dt.date | None = None

    @property
    def done_day(self) -> dt.date | None:
        done = self.done
        return done.date() if isinstance(done, dt.datetime) else done

    @property
    def last(self) -> dt.date | None:
        """The last day the case was open: the done day, else ``as_of``."""
        return self.done_day or self.as_of


def validate(facts: Facts, rule: Rule | Period) -> None:
    """Raise :class:`InvalidFacts` for facts that contradict each other or the rule."""
    day = facts.day
    if isinstance(rule, Rule) and not rule.in_force(day):
        since, until = rule.effective_from or "…", rule.effective_until or ""
        raise InvalidFacts(
            "rule_not_in_force",
            f"this version of {rule.id} ({since}..{until}) was not in force on {day}",
            rule=rule.id,
            date=day,
            versions=f"{since}..{until}",
        )
    _check_extension(facts.extension)
    _check_pauses(facts.pauses, day)
    _check_restart(facts.restart, day)
    _check_channel(facts.channel)
    _check_kind(facts, rule)


def validate_outcome(facts: Facts, outcome: Outcome, rule: Rule | Period) -> None:
    """The checks that need the completion: nothing happens before the trigger or after done."""
    day, done = facts.day, outcome.done
    if type(done) is dt.date and done >= day and not facts.pauses and facts.restart is None:
        return  # the common case, decided at once
    done = outcome.done_day
    before_event = isinstance(rule, Rule) and rule.kind == "before_event"
    if done is not None and done < day and not before_event:
        raise InvalidFacts(
            "done_before_trigger", f"done ({done}) is before the trigger ({day})", done=done,
            trigger=day,
        )  # fmt: skip
    if done is None and outcome.as_of is not None and outcome.as_of < day and not before_event:
        raise InvalidFacts(
            "as_of_before_trigger", f"as_of ({outcome.as_of}) is before the trigger ({day})",
            as_of=outcome.as_of, trigger=day,
        )  # fmt: skip
    if done is not None and facts.restart is not None and facts.restart > done:
        raise InvalidFacts(
            "restart_after_done",
            f"the clock restarted on {facts.restart}, after the case was done ({done})",
            restart=facts.restart, done=done,
        )  # fmt: skip
    last = outcome.last
    for p in facts.pauses:
        if last is not None and p.start > last:
            raise InvalidFacts(
                "pause_outside_case",
                f"pause {p.start}..{p.end} starts after the case ({day}..{last})",
                start=p.start, end=p.end,
            )  # fmt: skip


def _check_extension(extension: object) -> None:
    if extension is None or isinstance(extension, Period):
        return
    if isinstance(extension, bool) or not isinstance(extension, int) or extension < 0:
        raise InvalidArgument(
            f"extension must be a whole number of the period's units (0 or more) or a Period, "
            f"got {extension!r}"
        )


def _check_pauses(pauses: tuple[Pause, ...], day: dt.date) -> None:
    for p in pauses:
        if p.end < p.start:
            raise InvalidFacts(
                "pause_reversed", f"pause {p.start}..{p.end} ends before it starts",
                start=p.start, end=p.end,
            )  # fmt: skip
        if p.end < day:
            raise InvalidFacts(
                "pause_outside_case", f"pause {p.start}..{p.end} ends before the trigger {day}",
                start=p.start, end=p.end,
            )  # fmt: skip


def _check_restart(restart: dt.date | None, day: dt.date) -> None:
    if restart is not None and restart < day:
        raise InvalidFacts(
            "restart_before_trigger", f"the restart date {restart} is before the trigger {day}",
            restart=restart, trigger=day,
        )  # fmt: skip


def _check_channel(channel: str | None) -> None:
    if channel is not None and channel not in CHANNELS:
        raise InvalidFacts(
            "channel_unknown",
            f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)} (or none)",
            channel=channel,
        )


def _check_kind(facts: Facts, rule: Rule | Period) -> None:
    period = rule if isinstance(rule, Period) else rule.period
    fixed = isinstance(rule, Rule) and rule.kind in ("fixed_date", "recurring", "before_event")
    if fixed and (facts.pauses or facts.extension is not None or facts.restart is not None):
        assert isinstance(rule, Rule)
        raise InvalidFacts(
            "not_applicable",
            f"{rule.id} falls on a date fixed by the text or by an event: pauses, extensions "
            "and restarts do not apply",
            rule=rule.id,
        )
    if period is None or period.unit != "hours":
        return
    if facts.pauses:
        raise InvalidFacts("pause_in_hours", "pauses apply to day-based periods only")
    if not isinstance(facts.trigger, dt.datetime):
        raise InvalidFacts(
            "hours_need_time",
            f"an hour period runs from the exact trigger time; give {facts.trigger} a time "
            "(e.g. 2024-02-08 09:30)",
            trigger=facts.trigger,
        )
