"""Value types of the calendar: one day, and the data source that decided it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from gov_deadlines.errors import InvalidArgument

__all__ = [
    "CHINA_TIME",
    "DataSource",
    "Day",
    "DayKind",
    "ProvisionalDate",
    "ProvisionalInt",
    "china_date",
    "is_provisional",
]

#: China Standard Time, UTC+8 all year (no daylight saving since 1991, before any data here).
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "UTC+08:00")


def china_date(value: object, name: str = "date") -> dt.date:
    """The calendar date in China of a date or datetime: the one conversion the library uses.

    A time-zone-aware datetime is a moment, so it is read in China time (UTC+8): 20:00 UTC on
    2024-02-08 is 04:00 on 2024-02-09 in Beijing. A naive datetime keeps its own date (it is
    taken to be China time already), and a date is returned as it is. Anything else raises
    :class:`~gov_deadlines.errors.InvalidArgument` (a ``TypeError`` and a ``ValueError``) naming
    ``name``, the argument it came from.

    >>> china_date(dt.datetime(2024, 2, 8, 20, 0, tzinfo=dt.timezone.utc))
    datetime.date(2024, 2, 9)
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(CHINA_TIME)
        return value.date()
    if isinstance(value, dt.date):
        return value
    got = f"{type(value).__name__}: {value!r}"
    raise InvalidArgument(f"expected a datetime.date (or datetime) for {name}, got {got}")


#: What a day is. Weekend days inside a holiday block are ``"holiday"``; a make-up workday
#: (调休上班日) is a Saturday or Sunday on which people work.
DayKind = Literal["workday", "weekend", "holiday", "makeup_workday"]

SourceKind = Literal["bundled", "file", "mapping", "assumed"]


@attrs.frozen
class DataSource:
    """Where a year's arrangement (or a region's overlay) came from.

    ``label`` is what people read (``"chinese-calendar 1.11.0"``, a file name); ``kind`` is
    ``"bundled"``, ``"file"``, ``"mapping"`` or ``"assumed"`` (no data: Monday-Friday assumed);
    ``region`` is set for regional overlays; ``papers`` are the notice URLs or document numbers the
    data cites; ``sha256`` is the digest of a file's bytes; ``reported`` marks data taken from a
    reproduction of a notice rather than its official text (to verify); ``note`` says more.

    >>> str(DataSource("2027.json", "file"))
    '2027.json'
    """

    label: str
    kind: SourceKind
    region: str | None = None
    path: str | None = None
    sha256: str | None = None
    papers: tuple[str, ...] = ()
    reported: bool = False
    note: str | None = None

    @property
    def official(self) -> bool:
        """False only for the Monday-Friday assumption made for years without data."""
        return self.kind != "assumed"

    def to_dict(self) -> dict[str, object]:
        """What a program needs to know of the source (``calendar info --json``, the service):
        every field but ``path`` and ``note``, with :attr:`official`.

        >>> DataSource("2027.json", "file").to_dict()["official"]
        True
        """
        return {
            "label": self.label,
            "kind": self.kind,
            "region": self.region,
            "sha256": self.sha256,
            "papers": list(self.papers),
            "official": self.official,
            "reported": self.reported,
        }

    def __str__(self) -> str:
        return self.label if self.region is None else f"{self.label} ({self.region})"


#: The source of every day in a year without data, when the caller opted into provisional results.
ASSUMED = DataSource("assumed Monday-Friday, no data loaded (临时：未加载该年安排)", "assumed")


@attrs.frozen
class Day:
    """One calendar day as the working-day calendar sees it.

    ``name`` is the holiday's Chinese name (``"春节"``) for holiday and make-up days, else ``None``.
    ``source`` is the data source that decided the day; ``provisional`` is True when no data was
    loaded for the day's year and Monday-Friday was assumed.

    >>> from gov_deadlines import WorkCalendar
    >>> WorkCalendar.default().day(dt.date(2024, 2, 4)).kind
    'makeup_workday'
    """

    date: dt.date
    kind: DayKind
    name: str | None
    source: DataSource

    @property
    def is_workday(self) -> bool:
        """True for ordinary workdays and make-up workdays (调休上班日)."""
        return self.kind in ("workday", "makeup_workday")

    @property
    def provisional(self) -> bool:
        """True when the day was assumed, not read from an official arrangement."""
        return not self.source.official


class ProvisionalDate(dt.date):
    """A date computed from at least one day whose arrangement was assumed (Monday-Friday).

    It behaves as a :class:`datetime.date` but its ``repr`` says it is provisional and
    :func:`is_provisional` returns True for it. Only calendars created with
    ``unknown_years="weekends"`` return it.
    """

    provisional = True

    def __repr__(self) -> str:
        return f"ProvisionalDate({self.year}, {self.month}, {self.day})"


class ProvisionalInt(int):
    """A working-day count that depended on assumed days; see :class:`ProvisionalDate`."""

    provisional = True

    def __repr__(self) -> str:
        return f"ProvisionalInt({int(self)})"

    def __str__(self) -> str:  # str() of an int subclass would use the repr above
        return str(int(self))


def is_provisional(value: object) -> bool:
    """True for results that depended on days without loaded data.

    >>> is_provisional(dt.date(2024, 1, 2))
    False
    """
    return bool(getattr(value, "provisional", False))
