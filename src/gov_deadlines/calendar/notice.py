"""State Council holiday notices -> a year's arrangement.

The notices are 国务院办公厅关于XXXX年部分节假日安排的通知.

Every November the State Council General Office publishes next year's arrangement. With
:func:`parse_notice` a user adds the new year the day the notice appears, with its text as the only
input; :meth:`Notice.to_holiday_cn` gives the holiday-cn mapping that
:meth:`~gov_deadlines.calendar.WorkCalendar.with_years` reads. Special notices that change a year
already announced (the 2015 anniversary day, the 2019 Labour Day correction, the 2020 Spring
Festival extension) parse as ``kind == "amendment"`` and are applied with :func:`apply_amendment`.

How the text is read
--------------------
- The text is normalised first: NFKC (full-width digits and punctuation become half-width), a
  handful of traditional characters that matter (國務院辦公廳, 節, 調休, 週, 補休, 農曆, 臘月, 延長,
  ...) become simplified, URLs are blanked. Sentences quoted in messages are taken from the text as
  given.
- Page junk is skipped: the notice starts at its title (国务院[办公厅]关于…的通知) and ends at the
  signature (国务院办公厅 + date, whose date is :attr:`Notice.issued`).
- The body is split into items (一、二、…); an item's heading names the holiday (元旦, 春节, “五一”,
  国庆节、中秋节, …). An item without a heading takes the holiday named in an amendment's title,
  else the holiday whose statutory day it contains.
- Dates (``2月15日``, ``2018年12月30日``, a bare ``23日`` continuing the month before) with their
  annotations ``（周日）``/``（星期日）``/``（农历腊月二十八、周日）`` are joined into groups by
  range marks (至, —, ——, ~, -) and lists (、, 和, 及). What follows a group decides what it means:
  ``放假`` (放假调休, 放假公休, 调休放假, 全国放假, ``放假1天``) and ``补休`` make days off,
  ``上班`` (需上班, 须上班, 正常上班, 照常上班) makes make-up workdays (调休上班日); descriptions
  (为法定节假日, 为公休日, 照常公休, 公休日调至…, …起正常上班, a gloss such as 除夕（2月9日）) are
  checked, not listed. Dates followed by anything else are refused (:class:`NoticeError`,
  quoting the sentence): a day the grammar cannot read must not silently go missing from the
  year. ``延长…假期至D`` extends a holiday.
- Every day of an off range is listed, weekend days included; ``与周末连休`` adds nothing (the
  weekend is off anyway), as in the holiday-cn files.
- The year of a date without one is the year that puts it nearest the date before it in the item
  (the first date of an item: 1 January of the notice year for 元旦, else 1 July), so ``12月31日``
  in a 元旦 item is the December before.

Names
-----
Names are normalised to 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节. A combined item
(国庆节、中秋节) names each of its days with the combined name, in the notice's order, as
holiday-cn does: the swapped days of such a block (10月7日, 8日) belong to neither holiday
alone. A special notice's holiday takes the name in its title
(中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日).

Checks (:class:`~gov_deadlines.errors.NoticeError`, quoting the sentence)
-----------------------------------------------------------------------
- weekday annotations match the date;
- lunar annotations (农历除夕, 正月初七, 腊月二十八, 五月初五, 八月十五, 清明) match the
  festival table;
- every count of the clause -- ``放假N天``, ``共N天``, ``共计N天``, ``（共N天）``, ``连休N天``, in
  Arabic or Chinese numerals -- equals the days of the range (with 与周末连休, the range and the
  weekend joined to it); a numeral that is not one (十十) is refused;
- make-up workdays (and rest days moved elsewhere) are Saturdays or Sundays;
- no date is both off and working;
- dates lie in the notice's year, or the December before;
- every holiday's statutory days (法定节假日) under the 《全国年节及纪念日放假办法》 in force
  that year are off (a statutory day on a weekend joined to the holiday's days off by weekend
  days only counts as off). A year outside the festival table (2004-2060) skips the lunar
  holidays' check with a warning (:attr:`Notice.warnings`), never a guess.

Limitations
-----------
A half-width comma is never read as a list mark (old notices use it between clauses), so
write make-up days as ``2月14日（周六）、2月28日（周六）上班``. Dates must use Arabic digits.
Only the lunar months 正月, 腊月, 五月 and 八月 are checked. An amendment that changes one
holiday of a combined block replaces the whole block (:func:`apply_amendment`).

>>> n = parse_notice("二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）"
...                  "放假调休，共9天。2月14日（周六）、2月28日（周六）上班。", year=2026)
>>> len(n.days), n.days[0].date, n.days[0].name, n.days[0].is_off
(11, datetime.date(2026, 2, 14), '春节', False)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from gov_deadlines.calendar.blocks import notice_year
from gov_deadlines.errors import InvalidArgument, NoticeError
from gov_deadlines.messages import pick, text

__all__ = [
    "Extension",
    "Notice",
    "NoticeDay",
    "NoticeKind",
    "StatutoryDay",
    "apply_amendment",
    "parse_notice",
]

#: ``"annual"``: defines a whole year (部分节假日安排); ``"amendment"``: changes a year already
#: defined (调整, 延长, a special day off) and is applied with :func:`apply_amendment`.
NoticeKind = Literal["annual", "amendment"]


@attrs.frozen
class NoticeDay:
    """One listed day: off (放假) or a make-up workday (调休上班日), with the sentence saying so.

    >>> NoticeDay(dt.date(2026, 1, 4), False, "元旦", "1月4日（周日）上班。").is_off
    False
    """

    date: dt.date
    is_off: bool
    name: str
    sentence: str


@attrs.frozen
class Extension:
    """A holiday break extended up to ``until`` (延长…假期至…): every day after the break's last day
    up to ``until`` becomes a day off, and make-up workdays in between are cancelled."""

    name: str
    until: dt.date
    sentence: str


@attrs.frozen
class StatutoryDay:
    """A statutory day (法定节假日) the notice was checked to give off (:meth:`Notice.describe`)."""

    holiday: str
    date: dt.date
    label_zh: str
    label_en: str


@attrs.frozen
class Notice:
    """What a notice says, day by day: :func:`parse_notice` builds it.

    ``year`` is the year arranged (or amended); ``days`` are sorted by date and may include days of
    the December before (元旦); ``document`` is the document number (国办发明电〔2024〕12号) and
    ``issued`` the date under the signature, when the text has them; ``statutory`` are the
    statutory days checked and ``rules`` the citation of the holiday rules in force; ``warnings``
    (in English, and ``warnings_zh`` in Chinese) say what could not be checked or looked incomplete.
    """

    year: int
    kind: NoticeKind
    title: str | None
    document: str | None
    issued: dt.date | None
    days: tuple[NoticeDay, ...]
    extensions: tuple[Extension, ...] = ()
    statutory: tuple[StatutoryDay, ...] = ()
    rules: str | None = None
    warnings: tuple[str, ...] = ()
    warnings_zh: tuple[str, ...] = ()

    @property
    def paper(self) -> str:
        """The notice as a ``papers`` entry: document number or title, and the issue date.

        >>> parse_notice("1月1日放假。", year=2027).paper
        '2027 holiday notice (untitled text)'
        """
        label = self.document or self.title or f"{self.year} holiday notice (untitled text)"
        return f"{label} ({self.issued.isoformat()})" if self.issued else label

    def to_holiday_cn(self) -> dict[str, Any]:
        """The year in the holiday-cn schema, for :meth:`WorkCalendar.with_years`.

        Only an annual notice defines a whole year; an amendment raises :class:`NoticeError`
        (apply it to the year it amends with :func:`apply_amendment`).

        >>> parse_notice("一、元旦：1月1日放假。", year=2027).to_holiday_cn()["days"]
        [{'name': '元旦', 'date': '2027-01-01', 'isOffDay': True}]
        """
        if self.kind != "annual":
            raise NoticeError.coded("errors.notice.amendment", year=self.year)
        return {
            "year": self.year,
            "papers": [self.paper],
            "days": [
                {"name": d.name, "date": d.date.isoformat(), "isOffDay": d.is_off}
                for d in self.days
            ],
        }

    def describe(self, lang: str = "zh") -> str:
        """What was understood, day by day and grouped by holiday, to compare with the notice.

        >>> print(parse_notice("一、元旦：1月1日（周五）至3日（周日）放假，共3天。", year=2027)
        ...       .describe("en"))  # doctest: +ELLIPSIS
        (notice text without a title)
        2027: annual arrangement, 3 days off, 0 makeup workdays
        <BLANKLINE>
        New Year's Day (元旦)
          2027-01-01 Fri New Year's Day day off
          2027-01-02 Sat New Year's Day day off
          2027-01-03 Sun New Year's Day day off
          statutory: 2027-01-01 (1 January) off
        ...
        """
        if lang not in ("zh", "en"):
            raise InvalidArgument(f"lang must be 'zh' or 'en', got {lang!r}")
        off = sum(d.is_off for d in self.days)
        lines = [self.title or text("notice.untitled", lang)]
        meta = [x for x in (self.document, self.issued and self.issued.isoformat()) if x]
        if meta:
            lines.append(text("notice.document", lang, meta=" ".join(meta)))
        lines.append(
            text(f"notice.{self.kind}", lang, year=self.year, off=off, work=len(self.days) - off)
        )
        groups: dict[str, list[NoticeDay]] = {}
        for d in self.days:
            groups.setdefault(d.name, []).append(d)
        for e in self.extensions:
            groups.setdefault(e.name, [])

        def first_off(name: str) -> dt.date:  # holidays in the order of their first day off
            days = groups[name]
            fallback = days[0].date if days else dt.date.max
            return min((d.date for d in days if d.is_off), default=fallback)

        for name in sorted(groups, key=first_off):
            lines += ["", *self._describe_holiday(name, groups[name], lang)]
        if self.rules and self.statutory:
            lines += ["", text("notice.rules", lang, rules=self.rules)]
        warnings = pick(lang, self.warnings_zh, self.warnings)
        lines += [text("notice.warning", lang, warning=w) for w in warnings]
        return "\n".join(lines)

    def _describe_holiday(self, name: str, days: list[NoticeDay], lang: str) -> list[str]:
        """One holiday's lines of :meth:`describe`: its days, extension and statutory days."""
        label = pick(lang, name, _english(name))
        lines = [text("notice.holiday", lang, name=name, label=label)]
        for d in days:
            what = text("notice.day_off" if d.is_off else "notice.makeup", lang)
            lines.append(f"  {d.date.isoformat()} {_weekday(d.date, lang)} {label} {what}")
        for e in self.extensions:
            if e.name == name:
                until = f"{e.until.isoformat()} {_weekday(e.until, lang)}"
                lines.append(text("notice.extended", lang, until=until))
        parts = _parts(name)
        off_days = {d.date for d in days if d.is_off}
        checked = sorted(
            (s for s in self.statutory if s.holiday in parts or s.date in off_days),
            key=lambda s: s.date,
        )
        if checked:
            each = [
                text("notice.statutory_day", lang, date=s.date.isoformat(),
                     label=_statutory_label(s, parts, lang))
                for s in checked
            ]  # fmt: skip
            lines.append(
                text("notice.statutory", lang, days=text("words.sep.enum", lang).join(each))
            )
        return lines


# -- holiday names ---------------------------------------------------------------------------------

_ALIASES = {
    "国际劳动节": "劳动节",
    "劳动节": "劳动节",
    "五一": "劳动节",
    "元旦": "元旦",
    "新年": "元旦",
    "春节": "春节",
    "清明节": "清明节",
    "清明": "清明节",
    "端午节": "端午节",
    "端午": "端午节",
    "中秋节": "中秋节",
    "中秋": "中秋节",
    "国庆节": "国庆节",
    "国庆": "国庆节",
    "十一": "国庆节",
}
_ALIAS_RE = re.compile("|".join(sorted(_ALIASES, key=len, reverse=True)))
_ENGLISH = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Qingming Festival",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
}
_FALLBACK_NAME = "节假日"


def _canonical(text: str) -> list[str]:
    """The holidays a heading or name mentions, normalised, in order, without repeats."""
    out: list[str] = []
    for m in _ALIAS_RE.finditer(text):
        name = _ALIASES[m.group()]
        if name not in out:
            out.append(name)
    return out


def _parts(name: str) -> set[str]:
    """The holidays of a (possibly combined) name: {"国庆节", "中秋节"} for 国庆节、中秋节."""
    return set(_canonical(name)) or {name}


def _english(name: str) -> str:
    names = _canonical(name)
    if names and "、".join(names) == name:
        return " and ".join(_ENGLISH[n] for n in names)
    return name


#: The weekdays as notices write them (周五, 星期六): grammar for the parser, not display words.
_WEEKDAYS_ZH = "一二三四五六日"


def _statutory_label(s: StatutoryDay, parts: set[str], lang: str) -> str:
    """The day's label, with its holiday's name when it sits in another holiday's block."""
    label = pick(lang, s.label_zh, s.label_en)
    if s.holiday in parts:
        return label
    holiday = pick(lang, s.holiday, _english(s.holiday))
    return text("notice.statutory_other", lang, holiday=holiday, label=label)


def _weekday(d: dt.date, lang: str) -> str:
    """``周五`` / ``Fri``."""
    return text(f"words.weekday_short.{d.weekday()}", lang)


def parse_notice(text: str, year: int | None = None) -> Notice:
    """Read a State Council holiday notice (or one sentence of it) into a :class:`Notice`.

    ``year`` is the year arranged; without it the year comes from the title (关于2027年…) or the
    first year written in the text. Raises :class:`~gov_deadlines.errors.NoticeError`, quoting the
    sentence, when the text contradicts itself or the holiday rules (see the module docstring).

    >>> parse_notice("2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。",
    ...              year=2019).days[0]  # doctest: +ELLIPSIS
    NoticeDay(date=datetime.date(2018, 12, 29), is_off=False, name='元旦', sentence='...上班。')
    """
    from gov_deadlines.calendar.notice_parser import parse  # the grammar loads on first use

    return parse(text, year)


# -- amendments ------------------------------------------------------------------------------------


def apply_amendment(base: Mapping[str, Any], amendment: Notice) -> dict[str, Any]:
    """The amended year's holiday-cn mapping: ``base`` (that year's) changed by ``amendment``.

    For each holiday the amendment arranges, its days replace the base's days of that holiday (a
    special day such as the 2015 anniversary is simply added); an extension (延长…假期至D) turns
    every day after the holiday's last day off up to D into a day off, cancelling make-up workdays
    in between. ``papers`` gains the amendment's paper.

    >>> base = {"year": 2019, "papers": [], "days": [
    ...     {"name": "劳动节", "date": "2019-05-01", "isOffDay": True}]}
    >>> fix = parse_notice("国务院办公厅关于调整2019年劳动节假期安排的通知\\n"
    ...     "一、2019年5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。")
    >>> [(d["date"][5:], d["isOffDay"]) for d in apply_amendment(base, fix)["days"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('04-28', False), ('05-01', True), ('05-02', True), ('05-03', True), ('05-04', True),
     ('05-05', False)]
    """
    from gov_deadlines.calendar.sources import read_holiday_cn  # validates the base mapping

    if amendment.kind != "amendment":
        raise NoticeError.coded("errors.notice.annual", paper=amendment.paper)
    read_holiday_cn(base)
    if base["year"] != amendment.year:
        raise NoticeError.coded(
            "errors.notice.base_year", paper=amendment.paper, year=amendment.year, base=base["year"]
        )
    days: dict[dt.date, tuple[bool, str]] = {
        dt.date.fromisoformat(e["date"]): (e["isOffDay"], e["name"]) for e in base["days"]
    }
    extended = {e.name for e in amendment.extensions}
    replaced: set[str] = set()
    for nd in amendment.days:
        if nd.name not in extended:
            replaced |= _parts(nd.name)
    for d, (_, name) in list(days.items()):
        if notice_year(d, name) == amendment.year and _parts(name) & replaced:
            del days[d]
    for nd in amendment.days:
        if nd.name not in extended:
            days[nd.date] = (nd.is_off, nd.name)
    for ext in amendment.extensions:
        parts = _parts(ext.name)
        block = [
            d
            for d, (off, name) in days.items()
            if off and _parts(name) & parts and d <= ext.until and (ext.until - d).days < 60
        ]
        if not block:
            raise NoticeError.quoting(
                ext.sentence, "errors.notice.nothing_to_extend", year=amendment.year, name=ext.name
            )
        name = days[max(block)][1]
        for o in range(max(block).toordinal() + 1, ext.until.toordinal() + 1):
            days[dt.date.fromordinal(o)] = (True, name)
    out = {k: v for k, v in base.items() if k not in ("papers", "days")}
    out["year"] = amendment.year
    out["papers"] = [*base.get("papers", []), amendment.paper]
    out["days"] = [
        {"name": name, "date": d.isoformat(), "isOffDay": off}
        for d, (off, name) in sorted(days.items())
    ]
    return out
