"""gov_deadlines: Chinese government deadlines in working days (工作日), and whether they were met.

>>> import datetime as dt
>>> from gov_deadlines import WorkCalendar
>>> WorkCalendar.default().add_workdays(dt.date(2024, 2, 8), 20)
datetime.date(2024, 3, 13)
"""

from typing import TYPE_CHECKING, Any

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
    InvalidFacts,
    NoticeError,
    ProvisionalDataWarning,
    RuleDataError,
    UnknownRule,
)
from gov_deadlines.evaluate import Deadline, Pause, Status, Verdict, check, due, due_dates
from gov_deadlines.periods import Period
from gov_deadlines.rules import Catalog, Citation, Rule, Schedule
from gov_deadlines.trace import Finding, Step, Trace

if TYPE_CHECKING:
    from gov_deadlines.calendar.notice import Notice, NoticeDay, apply_amendment, parse_notice

__all__ = [
    "CalendarDataConflict",
    "CalendarDataError",
    "CalendarDataMissing",
    "Catalog",
    "Citation",
    "DataSource",
    "Day",
    "DayKind",
    "Deadline",
    "Finding",
    "GovDeadlinesError",
    "InvalidFacts",
    "Notice",
    "NoticeDay",
    "NoticeError",
    "Pause",
    "Period",
    "ProvisionalDataWarning",
    "ProvisionalDate",
    "ProvisionalInt",
    "Rule",
    "RuleDataError",
    "Schedule",
    "Status",
    "Step",
    "Trace",
    "UnknownRule",
    "UnknownYears",
    "Verdict",
    "WorkCalendar",
    "__version__",
    "apply_amendment",
    "check",
    "due",
    "due_dates",
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
