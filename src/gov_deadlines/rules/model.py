"""Value types of the rule catalog: a rule version, its citation and its schedule."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

import attrs

from gov_deadlines.messages import pick, text
from gov_deadlines.periods import Period, Start, TriggerOnRestDay

__all__ = ["Actor", "Before", "Citation", "Rule", "RuleKind", "Schedule"]

#: ``deadline``: act within a period after a trigger; ``window``: keep something open at least a
#: period; ``fixed_date``: a date each year; ``recurring``: a date each quarter or month;
#: ``before_event``: act at least a period before an event (听证的七日前通知): the latest day.
RuleKind = Literal["deadline", "window", "fixed_date", "recurring", "before_event"]

#: Who must act within a period: the agency or the party (applicant, licensee, 当事人).
Actor = Literal["agency", "party"]

#: How "X日前" is read: ``"inclusive"`` (on or before X, the default) or ``"exclusive"`` (before X).
Before = Literal["inclusive", "exclusive"]


@attrs.frozen
class Citation:
    """Where a rule comes from: law, articles, document number, dates in force, a short quote.

    ``quote`` is the statute's sentence as published, never a paraphrase; it is None where the text
    was not at hand. ``reported`` marks a source known from a report (e.g. a press briefing) rather
    than read, to be verified.

    >>> Citation("中华人民共和国政府信息公开条例", ("33",)).short("en")
    '中华人民共和国政府信息公开条例 Art. 33'
    """

    law: str
    articles: tuple[str, ...] = ()
    document: str | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    quote: str | None = None
    reported: bool = False
    note: str | None = None

    def short(self, lang: str = "zh") -> str:
        """Law and articles in one line: ``《…》第33条`` / ``… Art. 33``."""
        n = len(self.articles)
        arts = text("words.sep.enum", lang).join(
            text("rules.citation.article", lang, n=a) for a in self.articles
        )
        form = "none" if n == 0 else "one" if n == 1 else "other"
        return text(f"rules.citation.short.{form}", lang, law=self.law, articles=arts)

    def full(self, lang: str = "zh") -> str:
        """The short form plus document number, dates in force and the reported mark.

        >>> Citation("行政处罚法", ("48",), effective_from=dt.date(2021, 7, 15)).full("zh")
        '《行政处罚法》第48条，自2021-07-15施行'
        """
        parts = [self.short(lang)]
        if self.document:
            parts[0] = text(
                "rules.citation.document", lang, citation=parts[0], document=self.document
            )
        if self.effective_from:
            until = self.effective_until.isoformat() if self.effective_until else ""
            until = text("rules.citation.until", lang, until=until) if until else ""
            parts.append(
                text("rules.citation.in_force", lang, start=self.effective_from, until=until)
            )
        if self.reported:
            parts[-1] = text("rules.citation.reported", lang, text=parts[-1])
        return text("words.sep.comma", lang).join(parts)


@attrs.frozen
class Schedule:
    """When a fixed or recurring deadline falls inside its period.

    ``every``: ``"year"``, ``"quarter"`` or ``"month"``; ``month``: the month within that period
    (1-12 for a year, 1-3 for a quarter, None for a month); ``day``: day of the month, -1 for the
    last day ("月底"); ``offset``: 0 when the deadline falls in the trigger's own period, 1 when in
    the next (last year's annual report is due by 31 January of this year).

    >>> Schedule("quarter", 3, 10).describe("en")
    'day 10 of month 3 of each quarter'
    """

    every: Literal["year", "quarter", "month"]
    month: int | None
    day: int
    offset: int = 0

    def describe(self, lang: str = "zh") -> str:
        """The schedule in words."""
        day = (
            text("rules.schedule.day.last", lang)
            if self.day == -1
            else text("rules.schedule.day.n", lang, day=self.day)
        )
        form = "any" if self.month is None else "month"
        return text(f"rules.schedule.{self.every}.{form}", lang, month=self.month, day=day)


@attrs.frozen(cache_hash=True)  # rules key the evaluation caches; hash their long quotes once
class Rule:
    """One version of a rule, in force from ``effective_from`` to ``effective_until`` (inclusive).

    Options follow the Civil Code unless the rule says otherwise: the start day is not counted,
    a natural-day period's last day rolls past days off, a due date ends at 24:00.

    >>> from gov_deadlines import Catalog
    >>> rule = Catalog.default().get("ogi.request.reply", on=dt.date(2024, 2, 8))
    >>> str(rule.period), str(rule.max_extension)
    ('20wd', '20wd')
    """

    id: str
    title_zh: str
    title_en: str
    kind: RuleKind
    citations: tuple[Citation, ...]
    period: Period | None = None
    max_extension: Period | None = None
    pauses: tuple[str, ...] = ()
    restart: bool = False
    start: Start = "next_day"
    trigger_on_rest_day: TriggerOnRestDay = "as_is"
    rollover: bool = True
    cutoff: dt.time | None = None
    schedule: Schedule | None = None
    before: Before = "inclusive"
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    source: str = "built-in"
    #: How the trigger (a receipt) is fixed by the channel of submission: the name of a receipt
    #: convention (``"ogi.2019"``, 条例 Art. 31), None when the channel does not matter.
    receipt: str | None = None
    #: The provision allowing a reasoned delay beyond the maximum extension (条例 Art. 35).
    reasoned_delay: Citation | None = None
    #: Whose period it is: the agency's (``"agency"``) or the party's (``"party"``: an applicant,
    #: a licensee, 当事人). Some statutes define only the agency's days as working days.
    actor: Actor = "agency"

    def in_force(self, on: dt.date) -> bool:
        """Whether this version applies to a trigger on ``on``."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_until is None or on <= self.effective_until

    def title(self, lang: str = "zh") -> str:
        """The title in ``lang`` (``"zh"`` or ``"en"``)."""
        return pick(lang, self.title_zh, self.title_en)

    def citation_text(self, lang: str = "zh") -> str:
        """Every citation in full, articles of one law and document merged: a report's column.

        >>> from gov_deadlines import Catalog
        >>> Catalog.default().get("ogi.request.reply").citation_text("en")
        '中华人民共和国政府信息公开条例 Arts. 33, 30 (国务院令第711号), in force 2019-05-15'
        """
        return _citation_text(self, lang)


@functools.lru_cache(maxsize=1024)  # a batch asks it once per row, of a handful of rules
def _citation_text(rule: Rule, lang: str) -> str:
    merged: dict[tuple[object, ...], Citation] = {}
    for c in rule.citations:
        key = (c.law, c.document, c.effective_from, c.effective_until, c.reported)
        if key in merged:
            seen = merged[key]
            extra = tuple(a for a in c.articles if a not in seen.articles)
            merged[key] = attrs.evolve(seen, articles=seen.articles + extra)
        else:
            merged[key] = c
    return text("words.sep.list", lang).join(c.full(lang) for c in merged.values())
