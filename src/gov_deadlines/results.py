"""What an evaluation returns: the facts it takes (:class:`Pause`) and the results it gives
(:class:`Deadline`, :class:`Verdict`), as frozen values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from gov_deadlines.errors import InvalidArgument
from gov_deadlines.periods import Period
from gov_deadlines.rules import Rule
from gov_deadlines.trace import Finding, Trace, jsonable

__all__ = ["CST", "Deadline", "Pause", "Status", "Verdict", "as_date", "china_moment"]

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
            raise InvalidArgument(f"a pause is (start, end) or (start, end, kind); got {value!r}")
        start, end, *kind = value
        return cls(as_date(start, "pause start"), as_date(end, "pause end"), *kind)


class _Result:
    """What Deadline and Verdict share: JSON-ready output from their fields (``_fields``)."""

    __slots__ = ()
    trace: Trace

    def _fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_dict(self, *, trace: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings); ``trace=False`` leaves the steps out."""
        out = {k: jsonable(v) for k, v in self._fields().items()}
        if trace:
            out["trace"] = self.trace.to_json()
        return out

    def to_json(self, *, trace: bool = True) -> str:
        """:meth:`to_dict` as a JSON string (UTF-8 text, Chinese kept readable)."""
        import json

        return json.dumps(self.to_dict(trace=trace), ensure_ascii=False)


@attrs.frozen(kw_only=True, repr=False)
class Deadline(_Result):
    """When something is due, and how that was worked out.

    ``due`` is the last day; ``due_at`` the exact instant for hour periods (China time); ``cutoff``
    the time the last day ends (None: 24:00). ``trigger`` is the day counting started from, after
    a restart or a trigger on a day off was deemed to happen on the next working day. ``period``
    is the period counted, after a statute's definition of its days (行政处罚法 Art. 85: "三日" are
    working days) and before the extension; ``extended`` is the extension applied and ``paused``
    what pauses moved the due date by (working days for a working-day period, else calendar days);
    ``paused_spans`` are the merged pauses that stopped the clock. ``fingerprint`` is the
    calendar's :attr:`~gov_deadlines.WorkCalendar.fingerprint`, to reproduce the computation.

    >>> from gov_deadlines import due
    >>> due("20wd", dt.date(2024, 2, 8))
    <Deadline due=2024-03-13 period=20wd trigger=2024-02-08>
    """

    due: dt.date
    rule: Rule | None = None
    period: Period | None = None
    trigger: dt.date
    due_at: dt.datetime | None = None
    cutoff: dt.time | None = None
    provisional: bool = False
    violations: tuple[Finding, ...] = ()
    trace: Trace = attrs.field(factory=Trace)
    fingerprint: str = ""
    extended: int = 0
    paused: int = 0
    paused_spans: tuple[tuple[dt.date, dt.date], ...] = ()
    #: The trigger was a day off and the channel of receipt (条例 Art. 31) was not given: the
    #: receipt day is the rule's default reading, not a known fact.
    receipt_assumed: bool = False
    #: The last day not counted (the start day, or the day before it when the start day counts):
    #: days up to it are never among those left to count.
    counted_after: dt.date | None = None

    def explain(self, lang: str = "zh") -> str:
        """The trace as numbered lines of text."""
        return self.trace.render(lang)

    def _fields(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "due_at": self.due_at,
            "cutoff": self.cutoff,
            "rule": self.rule.id if self.rule else None,
            "period": str(self.period) if self.period else None,
            "trigger": self.trigger,
            "extended": self.extended,
            "paused": self.paused,
            "paused_spans": self.paused_spans,
            "violations": self.violations,
            "provisional": self.provisional,
            "fingerprint": self.fingerprint,
        }

    def __repr__(self) -> str:
        what = f"rule={self.rule.id}" if self.rule else f"period={self.period}"
        when = self.due_at.isoformat(" ", "minutes") if self.due_at else self.due.isoformat()
        mark = " provisional" if self.provisional else ""
        return f"<Deadline due={when} {what} trigger={self.trigger.isoformat()}{mark}>"


@attrs.frozen(kw_only=True, repr=False)
class Verdict(_Result):
    """Whether a case met its deadline.

    ``status``: ``on_time``, ``late``, ``pending`` (not done, not yet due), ``overdue`` (not done,
    past due as of ``as_of``), ``too_short`` (a window closed early) or ``invalid`` (impossible
    facts; ``reason`` says which). ``workdays_late`` counts the working days in ``(due, done]``
    (``(due, as_of]`` when overdue), ``days_late`` the calendar days; ``hours_late`` is set for
    hour periods done late at a known time. ``workdays_left`` counts the working days still to be
    counted in ``(as_of, due]`` (days of a pause not counted). ``violations`` are findings against
    the law, ``warnings`` cautions for the auditor (e.g. ``receipt_reading_matters``).
    ``fingerprint`` identifies the calendar data used (:attr:`WorkCalendar.fingerprint`).

    >>> from gov_deadlines import check
    >>> check("ogi.request.reply", dt.date(2024, 2, 8), done=dt.date(2024, 3, 14))
    <Verdict late due=2024-03-13 workdays_late=1 rule=ogi.request.reply>
    """

    status: Status
    due: dt.date | None
    rule: Rule | None = None
    deadline: Deadline | None = None
    workdays_late: int | None = None
    days_late: int | None = None
    workdays_left: int | None = None
    hours_late: float | None = None
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

    def _fields(self) -> dict[str, Any]:
        """The fields of :meth:`to_dict`.

        >>> from gov_deadlines import check
        >>> v = check("20wd", dt.date(2024, 2, 8), done=dt.date(2024, 3, 14))
        >>> v.to_dict(trace=False)["workdays_late"]
        1
        """
        d = self.deadline
        return {
            "status": self.status,
            "due": self.due,
            "due_at": d.due_at if d else None,
            "rule": self.rule.id if self.rule else None,
            "period": str(d.period) if d and d.period else None,
            "workdays_late": self.workdays_late,
            "days_late": self.days_late,
            "workdays_left": self.workdays_left,
            "hours_late": self.hours_late,
            "violations": self.violations,
            "warnings": self.warnings,
            "reason": self.reason.to_json() if self.reason else None,
            "provisional": self.provisional,
            "fingerprint": self.fingerprint,
        }

    def __repr__(self) -> str:
        parts: list[str] = [self.status]
        if self.due is not None:
            parts.append(f"due={self.due.isoformat()}")
        for name in ("workdays_late", "workdays_left", "hours_late"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value}")
        if self.reason is not None:
            parts.append(f"reason={self.reason.code}")
        if self.rule is not None:
            parts.append(f"rule={self.rule.id}")
        if self.provisional:
            parts.append("provisional")
        return f"<Verdict {' '.join(parts)}>"


#: China Standard Time: every date in Chinese administrative law is a day in Beijing.
CST = dt.timezone(dt.timedelta(hours=8), "CST")


def china_moment(value: dt.datetime) -> dt.datetime:
    """A datetime as naive China time: an aware one is a moment, converted to UTC+8.

    >>> china_moment(dt.datetime(2024, 2, 8, 20, 0, tzinfo=dt.timezone.utc))
    datetime.datetime(2024, 2, 9, 4, 0)
    """
    if value.tzinfo is None or value.utcoffset() is None:
        return value
    return value.astimezone(CST).replace(tzinfo=None)


def as_date(value: object, what: str) -> dt.date:
    """``value`` as a date: a datetime gives its date in China time; anything else is an
    :class:`~gov_deadlines.errors.InvalidArgument` naming ``what``."""
    if type(value) is dt.date:  # the common case first: this runs several times per case
        return value
    if isinstance(value, dt.datetime):
        return china_moment(value).date()
    if isinstance(value, dt.date):
        return value
    raise InvalidArgument(f"{what} must be a datetime.date, got {type(value).__name__}: {value!r}")
