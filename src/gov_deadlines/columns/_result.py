"""The result type of calls made ``with_provisional=True``."""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Marked"]


class Marked(NamedTuple):
    """Values and the mask of those that are provisional (临时结果), both in the input's kind.

    A row is provisional when its answer used a day of a year without data, which the calendar
    (``unknown_years="weekends"``) assumed to follow the Monday-Friday week. Null rows are not
    provisional. Unpacks as a pair:
    ``values, provisional = add_workdays(..., with_provisional=True)``.
    """

    values: Any
    provisional: Any
