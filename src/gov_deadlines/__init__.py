"""gov_deadlines: Chinese government deadlines in working days (工作日), and whether they were met.

>>> import datetime as dt
>>> from gov_deadlines import WorkCalendar
>>> WorkCalendar.default().add_workdays(dt.date(2024, 2, 8), 20)
datetime.date(2024, 3, 13)
"""

from __future__ import annotations

from gov_deadlines._version import __version__

# Everything else is imported on first use, so that `import gov_deadlines` and the command line's
# fast start (cli/fast.py) stay quick: typing, attrs and the calendar's data cost several times
# a bare interpreter's start-up. (A bare name, not typing.TYPE_CHECKING: mypy knows it too.)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
    from gov_deadlines.calendar.notice import Notice, NoticeDay, apply_amendment, parse_notice
    from gov_deadlines.datadir import DataDir
    from gov_deadlines.engine import check, due, due_dates
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
    from gov_deadlines.extraction import Extraction, extract
    from gov_deadlines.periods import Period
    from gov_deadlines.results import Deadline, Pause, Status, Verdict
    from gov_deadlines.rules import Catalog, Citation, Rule, Schedule
    from gov_deadlines.trace import Finding, Step, Trace

# name -> the module it is imported from on first use.
_LAZY = {
    **dict.fromkeys(
        (
            "DataSource",
            "Day",
            "DayKind",
            "ProvisionalDate",
            "ProvisionalInt",
            "UnknownYears",
            "WorkCalendar",
            "is_provisional",
        ),
        "gov_deadlines.calendar",
    ),
    "DataDir": "gov_deadlines.datadir",
    **dict.fromkeys(
        (
            "CalendarDataConflict",
            "CalendarDataError",
            "CalendarDataMissing",
            "DataDirError",
            "DateOutOfRange",
            "DateParseError",
            "GovDeadlinesError",
            "InvalidArgument",
            "InvalidFacts",
            "NoticeError",
            "ProvisionalDataWarning",
            "RegisterError",
            "RuleDataError",
            "UnknownRegion",
            "UnknownRule",
        ),
        "gov_deadlines.errors",
    ),
    **dict.fromkeys(("check", "due", "due_dates"), "gov_deadlines.engine"),
    **dict.fromkeys(("Extraction", "extract"), "gov_deadlines.extraction"),  # the extract extra
    **dict.fromkeys(("Deadline", "Pause", "Status", "Verdict"), "gov_deadlines.results"),
    **dict.fromkeys(("Catalog", "Citation", "Rule", "Schedule"), "gov_deadlines.rules"),
    **dict.fromkeys(("Finding", "Step", "Trace"), "gov_deadlines.trace"),
    "Period": "gov_deadlines.periods",
    **dict.fromkeys(
        ("Notice", "NoticeDay", "apply_amendment", "parse_notice"), "gov_deadlines.calendar.notice"
    ),
}

#: Submodules that `import gov_deadlines` used to import, so `gov_deadlines.errors.X` worked
#: after it alone: they are still there on first use.
_SUBMODULES = frozenset({"calendar", "datadir", "errors"})

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
    "Extraction",
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
    "extract",
    "is_provisional",
    "parse_notice",
]


def __getattr__(name: str) -> Any:
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
