"""The Chinese working-day calendar: data sources, the O(1) index and the public calendar type."""

from gov_deadlines.calendar.day import (
    DataSource,
    Day,
    DayKind,
    ProvisionalDate,
    ProvisionalInt,
    is_provisional,
)
from gov_deadlines.calendar.work_calendar import UnknownYears, WorkCalendar

__all__ = [
    "DataSource",
    "Day",
    "DayKind",
    "ProvisionalDate",
    "ProvisionalInt",
    "UnknownYears",
    "WorkCalendar",
    "is_provisional",
]
