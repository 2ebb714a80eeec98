"""The Chinese working-day calendar: data sources, the O(1) index and the public calendar type."""

from typing import TYPE_CHECKING, Any

from gov_deadlines.calendar.day import (
    DataSource,
    Day,
    DayKind,
    ProvisionalDate,
    ProvisionalInt,
    china_date,
    is_provisional,
)
from gov_deadlines.calendar.work_calendar import UnknownYears, WorkCalendar

if TYPE_CHECKING:
    from gov_deadlines.calendar.notice import Notice, NoticeDay, apply_amendment, parse_notice

__all__ = [
    "DataSource",
    "Day",
    "DayKind",
    "Notice",
    "NoticeDay",
    "ProvisionalDate",
    "ProvisionalInt",
    "UnknownYears",
    "WorkCalendar",
    "apply_amendment",
    "china_date",
    "is_provisional",
    "parse_notice",
]

# The notice parser compiles its grammar on import: it is loaded when first asked for.
_NOTICE_NAMES = frozenset({"Notice", "NoticeDay", "apply_amendment", "parse_notice"})


def __getattr__(name: str) -> Any:
    if name in _NOTICE_NAMES:
        from gov_deadlines.calendar import notice

        return getattr(notice, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
