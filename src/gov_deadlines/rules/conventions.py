"""The counting conventions as effective-dated data, read from TOML beside this module:

- ``conventions.toml``: start day, month end, rollover, cutoff and hours, by era (民法通则 Art. 154,
  民法总则 Arts. 200-204, 民法典 Arts. 200-204);
- ``day_definitions.toml``: statutes whose short "days" are working days (行政处罚法 Art. 85, ...);
- ``receipt.toml``: how the channel of submission fixes the day a request was received.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal

import attrs

from gov_deadlines.periods import Period, TriggerOnRestDay
from gov_deadlines.rules.model import Citation, Rule

__all__ = ["CHANNELS", "Channel", "convention", "receipt_reading", "statutory_workdays"]

#: How a request was submitted (条例 Art. 31): in person, by mail, online, by fax or e-mail.
Channel = Literal["in_person", "mail", "online", "fax", "email"]
CHANNELS: tuple[str, ...] = ("in_person", "mail", "online", "fax", "email")
_ACTORS = ("agency", "party")


@attrs.frozen
class _Definition:
    citation: Citation
    lengths: frozenset[int]  # empty: every length
    actors: frozenset[str]  # whose periods: "agency", "party"


@attrs.frozen
class _Receipt:
    citation: Citation
    unknown: TriggerOnRestDay
    channels: Mapping[str, TriggerOnRestDay] = attrs.field(hash=False)


def _toml(name: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads((resources.files("gov_deadlines.rules") / name).read_text("utf-8"))


def _citation(t: Mapping[str, Any]) -> Citation:
    return Citation(
        law=t["law"],
        articles=tuple(t.get("articles", ())),
        document=t.get("document"),
        effective_from=t.get("effective_from"),
        effective_until=t.get("effective_until"),
        quote=t.get("quote"),
        note=t.get("note"),
    )


@functools.cache
def _conventions() -> dict[str, tuple[Citation, ...]]:
    out: dict[str, list[Citation]] = {}
    for t in _toml("conventions.toml")["convention"]:
        out.setdefault(t["name"], []).append(_citation(t))
    return {name: tuple(eras) for name, eras in out.items()}


@functools.cache
def _definitions() -> tuple[_Definition, ...]:
    return tuple(
        _Definition(_citation(t), frozenset(t["lengths"]), frozenset(t.get("actors", _ACTORS)))
        for t in _toml("day_definitions.toml")["definition"]
    )


@functools.cache
def _receipts() -> dict[str, _Receipt]:
    return {
        name: _Receipt(_citation(t), t["unknown"], dict(t["channels"]))
        for name, t in _toml("receipt.toml").items()
    }


def _in_force(c: Citation, on: dt.date) -> bool:
    if c.effective_from is not None and on < c.effective_from:
        return False
    return c.effective_until is None or on <= c.effective_until


@functools.lru_cache(maxsize=4096)  # asked once or twice per case, for a handful of dates
def convention(name: str, on: dt.date | None = None) -> Citation:
    """The citation of a counting convention in force on ``on`` (the latest when None):
    ``start``, ``hours``, ``month_end``, ``rollover``, ``cutoff``.

    >>> convention("rollover").short("en")
    '中华人民共和国民法典 Art. 203'
    >>> convention("start", dt.date(2017, 9, 30)).short("en")
    '中华人民共和国民法通则 Art. 154'
    """
    eras = _conventions()[name]
    if on is None:
        return eras[-1]
    for c in eras:
        if _in_force(c, on):
            return c
    return eras[0]  # before the first era (1987): the oldest text is the nearest there is


@functools.lru_cache(maxsize=4096)
def statutory_workdays(rule: Rule, period: Period, on: dt.date) -> Citation | None:
    """The article that makes this rule's period in days a period of working days, if any.

    >>> from gov_deadlines.rules import Catalog
    >>> r = Catalog.default().get("penalty.withdrawal")
    >>> statutory_workdays(r, Period(3, "days"), dt.date(2024, 2, 8)).short("en")
    '中华人民共和国行政处罚法 Art. 85'
    """
    if period.unit != "days":
        return None
    laws = {c.law for c in rule.citations}
    for d in _definitions():
        c = d.citation
        if c.law not in laws or not _in_force(c, on) or rule.actor not in d.actors:
            continue
        if not d.lengths or period.amount in d.lengths:
            return c
    return None


def receipt_reading(name: str, channel: str | None) -> tuple[TriggerOnRestDay, Citation]:
    """How a trigger on a day off is read for a receipt convention and a channel (None: the
    channel is not known), with the article that decides it.

    >>> receipt_reading("ogi.2019", "mail")[0]
    'as_is'
    """
    r = _receipts()[name]
    if channel is None:
        return r.unknown, r.citation
    return r.channels[channel], r.citation
