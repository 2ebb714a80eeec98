"""Reading the cells of the hand-counted answer files (tests/answers/*.csv): dates and moments,
rules or ad-hoc periods, pauses and options, as the files' docstrings describe them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gov_deadlines import Pause, Period

__all__ = ["options", "pauses", "rule", "when"]


def when(text: str) -> dt.date | dt.datetime | None:
    """``2024-02-08`` as a date, ``2024-02-08T09:30[+08:00]`` as a datetime, empty as None."""
    if not text:
        return None
    if "T" in text:
        return dt.datetime.fromisoformat(text)
    return dt.date.fromisoformat(text)


def rule(text: str) -> str | Period:
    """A rule id, or ``period:20wd`` for an ad-hoc period."""
    return Period.parse(text.removeprefix("period:")) if text.startswith("period:") else text


def pauses(text: str) -> list[Pause]:
    """``A..B[:kind]`` items joined by ``;``."""
    out = []
    for item in filter(None, text.split(";")):
        span, _, kind = item.partition(":")
        a, b = span.split("..")
        out.append(Pause(dt.date.fromisoformat(a), dt.date.fromisoformat(b), kind or None))
    return out


def options(text: str) -> dict[str, Any]:
    """``start=same_day;rollover=false`` as keyword arguments."""
    out: dict[str, Any] = {}
    for item in filter(None, text.split(";")):
        key, value = item.split("=")
        out[key] = {"true": True, "false": False}.get(value, value)
    return out
