"""What an evaluation returns: the facts it takes (:class:`Pause`) and the results it gives
(:class:`Deadline`, :class:`Verdict`), as frozen values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from gov_deadlines.periods import Period
from gov_deadlines.rules import Rule
from gov_deadlines.trace import Finding, Trace

__all__ = ["Deadline", "Pause", "Status", "Verdict", "as_date"]

#: The verdict on a case; ``invalid`` when its facts are impossible (see ``Verdict.reason``).
Status = Literal["on_time", "late", "pending", "overdue", "too_short", "invalid"]


@attrs.frozen
class Pause:
    """Time not counted in a period (不计算在期限内的时间), both ends included.

    ``kind`` names what the time was for (``"third_party_consultation"``, ``"hearing"``...); a
    rule lists the kinds it allows. A plain ``(start, end)`` pair is a pause of no named kind.

    >>> Pause.coerce((dt.date(2024, 3, 1), dt.date(2024, 3, 8)))
    Pause(start=datetime.date(2024, 3, 1), end=datetime.date(2024, 3, 8), kind=None)
    """

    start: dt.date
    end: dt.date
    kind: str | None = None

    @classmethod
    def coerce(cls, value: Pause | Sequence[Any]) -> Pause:
        """A :class:`Pause` from itself, ``(start, end)`` or ``(start, end, kind)``."""
        if isinstance(value, Pause):
            return value
        if isinstance(value, str) or not 2 <= len(value) <= 3:
            raise TypeError(f"a pause is (start, end) or (start, end, kind); got {value!r}")
        start, end, *kind = value
        return cls(as_date(start, "pause start"), as_date(end, "pause end"), *kind)


@attrs.frozen
class Deadline:
    """When something is due, and how that was worked out.

    ``due`` is the last day; ``due_at`` the exact instant for hour periods; ``cutoff`` the time the
    last day ends (None: 24:00). ``trigger`` is the day counting started from, after a restart or
    a trigger on a day off was deemed to happen on the next working day. ``fingerprint`` is the
    calendar's :attr:`~gov_deadlines.WorkCalendar.fingerprint`, to reproduce the computation.
    ``extended`` is the extension applied (in the period's unit) and ``paused`` what pauses
    added (working days for a working-day period, else calendar days).
    """

    due: dt.date
    rule: Rule | None
    period: Period | None
    trigger: dt.date
    due_at: dt.datetime | None = None
    cutoff: dt.time | None = None
    provisional: bool = False
    violations: tuple[Finding, ...] = ()
    trace: Trace = attrs.field(factory=Trace)
    fingerprint: str = ""
    extended: int = 0
    paused: int = 0

    def explain(self, lang: str = "zh") -> str:
        """The trace as numbered lines of text."""
        return self.trace.render(lang)


@attrs.frozen
class Verdict:
    """Whether a case met its deadline.

    ``status``: ``on_time``, ``late``, ``pending`` (not done, not yet due), ``overdue`` (not done,
    past due as of ``as_of``), ``too_short`` (a window closed early) or ``invalid`` (impossible
    facts; ``reason`` says which). ``workdays_late`` counts the working days in ``(due, done]``.
    ``fingerprint`` identifies the calendar data used (:attr:`WorkCalendar.fingerprint`).
    """

    status: Status
    due: dt.date | None
    rule: Rule | None = None
    deadline: Deadline | None = None
    workdays_late: int | None = None
    days_late: int | None = None
    workdays_left: int | None = None
    violations: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    provisional: bool = False
    reason: Finding | None = None
    trace: Trace = attrs.field(factory=Trace)
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        """True for ``on_time`` and ``pending``: nothing wrong (yet)."""
        return self.status in ("on_time", "pending")

    def explain(self, lang: str = "zh") -> str:
        """The trace, the findings and the verdict as text an auditor can paste into a report.

        >>> from gov_deadlines import check
        >>> v = check(Period(3, "workdays"), dt.date(2024, 2, 8), done=dt.date(2024, 2, 19))
        >>> print(v.explain("en").splitlines()[-1])
        5. Completed on 2024-02-19: on time.
        """
        return self.trace.render(lang)


def as_date(value: object, what: str) -> dt.date:
    """``value`` as a date: a datetime gives its date; anything else is a TypeError naming
    ``what``."""
    if type(value) is dt.date:  # the common case first: this runs several times per case
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"{what} must be a datetime.date, got {type(value).__name__}: {value!r}")
