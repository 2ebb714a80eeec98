"""Former home of the engine, kept so that ``from gov_deadlines.evaluate import check`` still
works: see :mod:`gov_deadlines.engine`."""

from gov_deadlines.engine import Deadline, Pause, Status, Verdict, check, due, due_dates

__all__ = ["Deadline", "Pause", "Status", "Verdict", "check", "due", "due_dates"]
