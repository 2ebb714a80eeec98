"""Value types of an extraction: spans of the original text, clauses and the document's metadata.

Every field read from a document is a :class:`Span` of the *original* text (as loaded, before
normalisation): its ``text`` is ``original[start:end]``, so nothing in an extraction is invented.

>>> Span(3, 5, "20").text
'20'
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from gov_deadlines.messages import text as message
from gov_deadlines.periods import Period
from gov_deadlines.rules.model import Schedule

__all__ = ["Clause", "ClauseKind", "DocumentMeta", "Extraction", "Note", "Span", "VagueClause"]

#: ``deadline``: act within a period after a trigger (决定作出之日起20个工作日内); ``hours``: the
#: same in hours (24小时内); ``window``: at least a period (不少于30日); ``before_event``: a period
#: before an event (提前3个工作日); ``fixed_date``: a date of the year (11月底前, 每年3月31日前);
#: ``recurring``: a date each quarter or month (每季度最后一个月10日前); ``dated_task``: a date with
#: its year (完成时限：2023年10月); ``frequency``: at least N times a period (每年至少听取1次).
ClauseKind = Literal[
    "deadline", "hours", "window", "before_event", "fixed_date", "recurring", "dated_task",
    "frequency",
]  # fmt: skip


@attrs.frozen
class Span:
    """A stretch ``[start, end)`` of the original text and the text itself."""

    start: int
    end: int
    text: str

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Note:
    """A doubt about a reading, for the reviewer: a message code (``extract.note.<code>``) and its
    fields, worded in zh or en when shown.

    >>> Note("range", (("lo", "3"), ("hi", "5"))).text("en")
    'a range 3-5: the upper bound is taken'
    """

    code: str
    fields: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The note in ``lang``."""
        return message(f"extract.note.{self.code}", lang, **dict(self.fields))

    def __str__(self) -> str:
        return self.text(lang="en")


@attrs.frozen
class Clause:
    """One clause with a measurable time limit, read into the rule model.

    ``limit`` is the words of the limit (``20个工作日内``); ``period`` the amount they give
    (None for dates); ``schedule`` the date of a fixed, recurring or dated clause (``year``
    set for a dated task); ``count`` the times of a frequency. ``missing`` names what the
    text did not say (``"trigger"``, ``"units"``, ``"obligation"``); ``notes`` the reader's
    doubts (a range, an ambiguous month, 原则上). Every text field is a :class:`Span`.
    """

    number: int
    kind: ClauseKind
    span: Span
    limit: Span
    period: Period | None = None
    count: int | None = None
    schedule: Schedule | None = None
    year: int | None = None
    trigger: Span | None = None
    obligation: Span | None = None
    lead: tuple[Span, ...] = ()
    units: tuple[Span, ...] = ()
    section: tuple[Span, ...] = ()
    missing: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def quote(self) -> str:
        """The clause verbatim, from the original text."""
        return self.span.text

    @property
    def ambiguous(self) -> bool:
        """Whether the reading needs a reviewer's decision."""
        return bool(self.notes)

    def due(self, year: int | None) -> dt.date | None:
        """The date a fixed-date or dated clause falls on in ``year`` (its own year for a dated
        task); None for every other kind or without a year.

        >>> from gov_deadlines.rules.model import Schedule
        >>> c = Clause(1, "fixed_date", Span(0, 6, "11月底前"), Span(0, 6, "11月底前"),
        ...            schedule=Schedule("year", 11, -1))
        >>> c.due(2023)
        datetime.date(2023, 11, 30)
        """
        y = self.year or year
        s = self.schedule
        if y is None or s is None or s.every != "year" or s.month is None:
            return None
        if s.day == -1:
            nxt = dt.date(y + s.month // 12, s.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        try:
            return dt.date(y, s.month, s.day)
        except ValueError:
            return None


@attrs.frozen
class VagueClause:
    """A clause with no measurable deadline (及时, 定期, 长期推进): listed, never made a rule."""

    number: int
    span: Span
    marker: Span
    units: tuple[Span, ...] = ()
    section: tuple[Span, ...] = ()

    @property
    def quote(self) -> str:
        """The sentence verbatim, from the original text."""
        return self.span.text


@attrs.frozen
class DocumentMeta:
    """What the document says of itself: title, issuing body, number (文号), date; each a span
    of the original, None when absent. ``year`` is the plan's year, read from its title."""

    title: Span | None = None
    issuer: Span | None = None
    number: Span | None = None
    date: Span | None = None
    date_value: dt.date | None = None
    year: int | None = None


@attrs.frozen
class Extraction:
    """The clauses of one document, with its original text and metadata.

    ``text`` is the original as loaded (decoded; for HTML, .docx and PDF the text read from it),
    so every span indexes into it. ``warnings`` say what could not be done (traditional characters
    without OpenCC installed).
    """

    source: str
    text: str
    meta: DocumentMeta
    clauses: tuple[Clause, ...]
    vague: tuple[VagueClause, ...]
    warnings: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        """The plan's year (from its title, else its date)."""
        if self.meta.year:
            return self.meta.year
        return self.meta.date_value.year if self.meta.date_value else None
