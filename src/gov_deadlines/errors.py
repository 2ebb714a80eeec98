"""Typed errors of gov_deadlines.

Every error the library raises on purpose derives from :class:`GovDeadlinesError`, and also from
the builtin a caller would expect (``ValueError``, ``LookupError``), so ``except ValueError`` keeps
working. Messages say what was wrong and what to do next.

>>> issubclass(CalendarDataMissing, LookupError)
True
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # not typing's: importing typing would cost the CLI's fast start
if TYPE_CHECKING:
    from typing import Self

__all__ = [
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
    "Words",
]


class GovDeadlinesError(Exception):
    """Base class of every error raised by gov_deadlines.

    An error that sets ``message_key`` (a catalog key such as ``"io.not_found"``) and
    ``message_fields`` is worded in the user's language by :meth:`message`; ``str()`` stays the
    English text, for logs and tracebacks. :meth:`coded` makes such an error.
    """

    message_key: str = ""
    message_fields: dict[str, object] | None = None

    @classmethod
    def coded(cls, key: str, /, **fields: object) -> Self:
        """This error, worded from the catalog entry ``key`` with ``fields``.

        Nothing is rendered until the error is shown, so raising one (and catching it, as
        parsers do) never reads the catalog.

        >>> str(RegisterError.coded("io.not_found", path="a.csv"))
        'register a.csv: file not found'
        """
        exc = cls.__new__(cls)
        exc._worded(key, **fields)
        return exc

    def message(self, lang: str = "en") -> str:
        """The error in ``lang`` (``"zh"`` or ``"en"``): the catalog's words when it has them."""
        if not self.message_key:
            return str(self)
        from gov_deadlines.messages import text

        return text(self.message_key, lang, **_rendered(self.message_fields or {}, lang))

    def __str__(self) -> str:
        # A worded error's English is the catalog's, rendered when shown (raising reads nothing).
        if self.message_key:
            return self.message("en")
        return super().__str__()

    def _worded(self, key: str, **fields: object) -> None:
        """Word this error from the catalog entry ``key`` (``area.name``) with ``fields``."""
        self.message_key, self.message_fields = key, fields


class Words:
    """A field of an error worded in the error's language: a default such as "now", a part of
    a message (where in a file), or another error given as the cause.

    >>> Words("errors.rule.now").message("zh"), str(Words("errors.rule.now"))
    ('今', 'now')
    """

    __slots__ = ("fields", "key")

    def __init__(self, key: str, /, **fields: object) -> None:
        self.key, self.fields = key, fields

    def message(self, lang: str = "en") -> str:
        """The words in ``lang``."""
        from gov_deadlines.messages import text

        return text(self.key, lang, **_rendered(self.fields, lang))

    def __str__(self) -> str:
        return self.message("en")


def _rendered(fields: dict[str, object], lang: str) -> dict[str, object]:
    """Fields ready for a template in ``lang``: a value that words itself (:class:`Words`, an
    error) in that language, a file error by its errno (the system's text is English)."""
    from gov_deadlines.messages import os_error

    out: dict[str, object] = {}
    for k, v in fields.items():
        if isinstance(v, OSError):
            out[k] = os_error(v, lang)
        elif isinstance(v, Words | GovDeadlinesError):
            out[k] = v.message(lang)
        else:
            out[k] = v
    return out


class InvalidArgument(GovDeadlinesError, ValueError, TypeError):
    """An argument of the wrong type or form (a str where a date goes, a period such as
    '20 weeks'). Both a ``ValueError`` and a ``TypeError``, so either ``except`` catches it."""


class CalendarDataMissing(GovDeadlinesError, LookupError):
    """A computation needs a day of a year whose holiday arrangement is not loaded.

    ``year`` is the first such year; ``region`` is set when the national arrangement is known but
    the selected region's overlay is not.

    >>> CalendarDataMissing(2031).year
    2031
    """

    def __init__(self, year: int, *, region: str | None = None, covered: str = "") -> None:
        self.year = year
        self.region = region
        have = f" Loaded: {covered}." if covered else ""
        if region:
            how = (
                f"Load {region}'s overlay for {year} with WorkCalendar.with_overlay(FILE, "
                f"region={region!r}) (CLI: --calendar FILE), or use the national calendar alone"
            )
            what = f"no holiday arrangement (节假日安排) is loaded for {year} for region {region}"
        else:
            how = (
                f"Load the State Council notice for {year} with WorkCalendar.with_years"
                f"('{year}.json') (holiday-cn JSON schema; CLI: --calendar FILE)"
            )
            what = f"no holiday arrangement (节假日安排) is loaded for {year}"
        super().__init__(
            f"{what}.{have} {how}, or opt into provisional Monday-Friday results with "
            "unknown_years='weekends'."
        )


class CalendarDataError(GovDeadlinesError, ValueError):
    """A calendar data file or mapping is malformed; the message names the source and the field."""


class CalendarDataConflict(CalendarDataError):
    """Two sources give the same date different meanings (one says off, the other working)."""


class DataDirError(CalendarDataError):
    """The data directory (``GOV_DEADLINES_DATA``, ``--data-dir``) is missing, not a directory or
    cannot be read; ``path`` is the directory (or the file in it) at fault.

    >>> DataDirError.coded("errors.data_dir.missing", path="/srv/data").path
    '/srv/data'
    """

    @property
    def path(self) -> object:
        """The directory (or the file in it) at fault, as given."""
        return (self.message_fields or {}).get("path")


class NoticeError(CalendarDataError):
    """A holiday notice's text cannot be read, or contradicts itself or the holiday rules.

    ``sentence`` is the offending sentence as written in the notice (None when no one sentence is
    at fault); the message quotes it in 「」.

    >>> str(NoticeError("2 月 30 日 is not a date", "2月30日放假。"))
    '2 月 30 日 is not a date: 「2月30日放假。」'
    """

    sentence: str | None = None

    def __init__(self, message: str = "", sentence: str | None = None) -> None:
        self.sentence = sentence
        super().__init__(f"{message}: 「{sentence}」" if sentence else message)

    @classmethod
    def quoting(cls, sentence: str | None, key: str, /, **fields: object) -> NoticeError:
        """The refusal worded from the catalog entry ``key``, quoting ``sentence``."""
        exc = cls.coded(key, **fields)
        exc.sentence = sentence
        return exc

    def message(self, lang: str = "en") -> str:
        """The refusal in ``lang``, the sentence quoted as the notice wrote it."""
        said = super().message(lang)
        if not self.message_key or not self.sentence:
            return said
        from gov_deadlines.messages import text

        return text("errors.notice.quoted", lang, message=said, sentence=self.sentence)


class UnknownRegion(GovDeadlinesError, LookupError, ValueError):
    """A region name, pinyin or code matches no provincial-level region (``name`` is as given).

    >>> UnknownRegion("Atlantis").name
    'Atlantis'
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._worded("errors.unknown_region", name=name)
        super().__init__(
            f"unknown region {name!r}: give a provincial-level region as a Chinese name (宁夏), "
            "pinyin (Ningxia) or ISO 3166-2 code (CN-NX)"
        )


class DateOutOfRange(GovDeadlinesError, ValueError):
    """Counting ``n`` working days from ``start`` leaves the dates Python can represent.

    >>> DateOutOfRange(dt.date(9999, 12, 1), 100).n
    100
    """

    def __init__(self, start: dt.date, n: int) -> None:
        self.start = start
        self.n = n
        super().__init__(
            f"add_workdays({start}, {n}) falls outside the dates Python can represent "
            f"({dt.date.min} to {dt.date.max}); count fewer days, or from a nearer date"
        )


class DateParseError(GovDeadlinesError, ValueError):
    """A value is not a date the parser can read without guessing.

    ``code`` is one of ``empty``, ``unrecognised``, ``ambiguous``, ``impossible``, ``serial``;
    ``value`` is the text that was given. :meth:`message` words it in Chinese or English.

    >>> print(DateParseError("ambiguous", "08/02/2024").message("zh"))
    日期“08/02/2024”有歧义（日/月顺序不明），请写成 2024-02-08
    """

    def __init__(
        self, code: str, value: object, detail: str = "", *, reason: str = "", **fields: object
    ) -> None:
        self.code = code
        self.value = value
        self.detail = detail
        # reason: which of the code's messages (a serial out of range, or 60), with its fields
        key = f"errors.date.{code}_{reason}" if reason else f"errors.date.{code}"
        text = "" if value is None else str(value)
        self._worded(key, value=text, detail=detail, **fields)
        super().__init__(code, value, detail)


class RegisterError(GovDeadlinesError, ValueError):
    """A register or output file cannot be read or written; the message names the file.

    >>> raise RegisterError("台账.csv: line 1 is blank; the header row must be line 1")
    Traceback (most recent call last):
    ...
    gov_deadlines.errors.RegisterError: 台账.csv: line 1 is blank; the header row must be line 1
    """


class UnknownRule(GovDeadlinesError, LookupError):
    """No rule has this id, or none of its versions is in force on the date asked about.

    ``rule_id`` is the id asked for (None when raised with a message only).
    """

    def __init__(
        self,
        message: str,
        *,
        rule_id: str | None = None,
        suggestions: tuple[str, ...] = (),
        on: dt.date | None = None,
        versions: tuple[tuple[dt.date | None, dt.date | None], ...] = (),
    ) -> None:
        self.rule_id = rule_id
        self.suggestions = suggestions
        self.on = on
        self.versions = versions
        super().__init__(message)

    def message(self, lang: str = "en") -> str:
        """The error in ``lang``, with the close ids or the versions' dates in force."""
        if self.rule_id is None:
            return str(self)
        from gov_deadlines.messages import text

        def words(key: str, **fields: object) -> str:
            return text(f"errors.rule.{key}", lang, **fields)

        if self.on is not None:
            spans = text("words.sep.comma", lang).join(
                words("span", start=a or "…", end=b or words("now")) for a, b in self.versions
            )
            return words("not_in_force", rule_id=self.rule_id, on=self.on, versions=spans)
        close = text("words.sep.enum", lang).join(self.suggestions)
        hint = words("did_you_mean", suggestions=close) if self.suggestions else ""
        return words("unknown", rule_id=self.rule_id, hint=hint)


class RuleDataError(GovDeadlinesError, ValueError):
    """A rule catalog file is malformed; the message names the file, the rule id and the field."""


class InvalidFacts(GovDeadlinesError, ValueError):
    """A case's facts are impossible (done before the trigger, a pause outside the case, ...).

    :func:`~gov_deadlines.due` raises it; :func:`~gov_deadlines.check` returns an ``invalid``
    verdict carrying the same reason instead. ``code`` and ``params`` say what was wrong.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(message)

    def message(self, lang: str = "en") -> str:
        """The reason in ``lang``, in the words an invalid verdict gives it."""
        from gov_deadlines.messages import has, text

        key = f"explain.invalid.reason.{self.code}"
        reason = text(key, lang) if has(key) else str(self)
        return text("errors.invalid_facts", lang, reason=reason)


class ProvisionalDataWarning(UserWarning):
    """A result depended on days whose arrangement is not loaded and was assumed Monday-Friday.

    Raised only for calendars created with ``unknown_years="weekends"``. Turn it into an error with
    ``warnings.simplefilter("error", ProvisionalDataWarning)``.
    """
