"""gov_deadlines: Chinese government deadlines in working days (工作日), and whether they were met.

>>> import datetime as dt
>>> from gov_deadlines import WorkCalendar
>>> WorkCalendar.default().add_workdays(dt.date(2024, 2, 8), 20)
datetime.date(2024, 3, 13)
"""

from gov_deadlines._version import __version__
from gov_deadlines.calendar import (
    DataSource,
    Day,
    DayKind,
    ProvisionalDate,
    ProvisionalInt,
    UnknownYears,
    WorkCalendar,
    is_provisional,
)
from gov_deadlines.errors import (
    CalendarDataConflict,
    CalendarDataError,
    CalendarDataMissing,
    GovDeadlinesError,
    ProvisionalDataWarning,
)

__all__ = [
    "CalendarDataConflict",
    "CalendarDataError",
    "CalendarDataMissing",
    "DataSource",
    "Day",
    "DayKind",
    "GovDeadlinesError",
    "ProvisionalDataWarning",
    "ProvisionalDate",
    "ProvisionalInt",
    "UnknownYears",
    "WorkCalendar",
    "__version__",
    "is_provisional",
]
