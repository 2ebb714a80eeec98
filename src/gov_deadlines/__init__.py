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
from gov_deadlines.datadir import DataDir
from gov_deadlines.errors import (
    CalendarDataConflict,
    CalendarDataError,
    CalendarDataMissing,
    DataDirError,
    DateOutOfRange,
    DateParseError,
    GovDeadlinesError,
    InvalidArgument,
    InvalidFacts,
    NoticeError,
    ProvisionalDataWarning,
    RegisterError,
    RuleDataError,
    UnknownRegion,
    UnknownRule,
)

if TYPE_CHECKING:
    from gov_deadlines.calendar.notice import Notice, NoticeDay, apply_amendment, parse_notice
    from gov_deadlines.engine import check, due, due_dates
    from gov_deadlines.periods import Period
    from gov_deadlines.results import Deadline, Pause, Status, Verdict
    from gov_deadlines.rules import Catalog, Citation, Rule, Schedule
    from gov_deadlines.trace import Finding, Step, Trace

# Imported on first use, so that `import gov_deadlines` and the CLI's calendar commands stay
# quick: name -> module.
_LAZY = {
    **dict.fromkeys(("check", "due", "due_dates"), "gov_deadlines.engine"),
    **dict.fromkeys(("Deadline", "Pause", "Status", "Verdict"), "gov_deadlines.results"),
    **dict.fromkeys(("Catalog", "Citation", "Rule", "Schedule"), "gov_deadlines.rules"),
    **dict.fromkeys(("Finding", "Step", "Trace"), "gov_deadlines.trace"),
    "Period": "gov_deadlines.periods",
    **dict.fromkeys(
        ("Notice", "NoticeDay", "apply_amendment", "parse_notice"), "gov_deadlines.calendar.notice"
    ),
}

__all__ = [
    "CalendarDataConflict",
    "CalendarDataError",
    "CalendarDataMissing",
    "Catalog",
    "Citation",
    "DataDir",
    "DataDirError",
    "DataSource",
    "DateOutOfRange",
    "DateParseError",
    "Day",
    "DayKind",
    "Deadline",
    "Finding",
    "GovDeadlinesError",
    "InvalidArgument",
    "InvalidFacts",
    "Notice",
    "NoticeDay",
    "NoticeError",
    "Pause",
    "Period",
    "ProvisionalDataWarning",
    "ProvisionalDate",
    "ProvisionalInt",
    "RegisterError",
    "Rule",
    "RuleDataError",
    "Schedule",
    "Status",
    "Step",
    "Trace",
    "UnknownRegion",
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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
