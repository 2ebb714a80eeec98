"""The working-day calendar (工作日历): national data, added years, a regional overlay."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import os
import sys
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from gov_deadlines.calendar.blocks import block_day_off, notice_year
from gov_deadlines.calendar.day import (
    ASSUMED,
    DataSource,
    Day,
    DayKind,
    ProvisionalDate,
    ProvisionalInt,
    china_date,
)
from gov_deadlines.calendar.index import Index
from gov_deadlines.calendar.regions import bundled_overlays, resolve_region
from gov_deadlines.calendar.sources import (
    DataInput,
    YearData,
    bundled_errata,
    bundled_national,
    read_holiday_cn,
)
from gov_deadlines.datadir import from_env
from gov_deadlines.errors import (
    CalendarDataConflict,
    CalendarDataError,
    CalendarDataMissing,
    DateOutOfRange,
    InvalidArgument,
    ProvisionalDataWarning,
    UnknownRegion,
    Words,
)

if TYPE_CHECKING:
    from gov_deadlines.datadir import DataDir

__all__ = ["UnknownYears", "WorkCalendar", "describe_years"]

#: What to do with a day whose year has no loaded arrangement: raise (default), or assume the
#: Monday-Friday week and mark every result that used such a day as provisional.
UnknownYears = Literal["error", "weekends"]

_MAX_ORDINAL = dt.date.max.toordinal()
_DATE = dt.date


def _ordinal(d: object, name: str = "d") -> int:
    # An aware datetime is a moment: china_date reads it in China time (UTC+8).
    return china_date(d, name).toordinal()


def _steps(n: object) -> int:
    if isinstance(n, bool) or not hasattr(type(n), "__index__"):
        raise InvalidArgument(
            f"n must be a whole number of working days (int), got {type(n).__name__}: {n!r}"
        )
    return operator.index(n)  # type: ignore[arg-type]


def _clashes(new: YearData, old: YearData) -> list[dt.date]:
    """Dates the two sources give different meanings (one off, the other working).

    A source means what it lists, and for the years it defines, the Monday-Friday week elsewhere.
    One exception: a listed day is compared only with sources defining the year of its notice
    (:func:`~gov_deadlines.calendar.blocks.notice_year`), so a file defining only 2018 is not
    compared on the 2019 notice's 元旦 days 2018-12-29..31.
    """
    out = []
    for d in new.days.keys() | old.days.keys():
        a, b = old.days.get(d), new.days.get(d)
        if a is not None and b is not None:
            if a[0] != b[0]:
                out.append(d)
            continue
        listed, other = (a, new) if a is not None else (b, old)
        assert listed is not None
        owner = notice_year(d, listed[1])
        if owner == d.year and d.year in other.years and listed[0] != (d.weekday() >= 5):
            out.append(d)
    return sorted(out)


def _check_neighbours(data: YearData) -> None:
    """A year file speaks for its own year, and for December days of the year before only when
    they belong to its New Year (元旦) block.

    Such a day is named 元旦 (:func:`~gov_deadlines.calendar.blocks.notice_year` gives the file's
    year), 1 January is a listed day off, and the day is joined to 1 January by listed days (off,
    or make-up workdays as 2006-12-30 and 31 of the 2007 notice) or unlisted weekend days.
    Anything else would silently change a day another year's data decides (a 2027 file listing
    2026-12-01 as 元旦), so it is a :class:`CalendarDataConflict`.
    """
    (year,) = data.years or (None,)
    if year is None:
        return
    jan1 = dt.date(year, 1, 1) if year > 1 else None
    block: set[dt.date] = set()
    listed_jan1 = data.days.get(jan1) if jan1 else None
    if jan1 is not None and listed_jan1 is not None and listed_jan1[0]:
        d = jan1 - dt.timedelta(days=1)
        while d.month == 12 and (d in data.days or d.weekday() >= 5):
            block.add(d)
            d -= dt.timedelta(days=1)
    for d, (_, name) in sorted(data.days.items()):
        if d.year == year or (notice_year(d, name) == year and d in block):
            continue
        why = (
            "december"
            if d.year == year - 1 and notice_year(d, name) != year
            else "not_joined"
            if d.year == year - 1
            else "other_year"
        )
        raise CalendarDataConflict.coded(
            "errors.calendar_data.outside", source=data.source, day=d.isoformat(), name=name,
            why=Words(f"errors.calendar_data.why.{why}", year=d.year), year=year,
            other=d.year,
        )  # fmt: skip


def _conflict(d: dt.date, new: YearData, old: YearData) -> CalendarDataConflict:
    def says(src: YearData) -> Words:
        listed = src.days.get(d)
        off = listed[0] if listed else d.weekday() >= 5
        meaning = "off" if off else "working"
        return Words(f"errors.calendar_data.says.{meaning}{'' if listed else '_unlisted'}")

    return CalendarDataConflict.coded(
        "errors.calendar_data.conflict", day=d.isoformat(), old=old.source, new=new.source,
        old_says=says(old), new_says=says(new),
    )  # fmt: skip


def _without(data: YearData, dates: Iterable[dt.date]) -> YearData:
    drop = set(dates)
    kept = {d: v for d, v in data.days.items() if d not in drop}
    return YearData(data.source, data.years, kept)


class WorkCalendar:
    """The Chinese working-day calendar (工作日历).

    It knows statutory holidays (法定节假日) and make-up workdays (调休上班日).

    Build it with :meth:`default`; extend it with :meth:`with_years` and :meth:`with_overlay`, which
    return new calendars (a calendar never changes). Arithmetic is O(1) over a lazily built index.

    >>> cal = WorkCalendar.default()
    >>> cal.add_workdays(dt.date(2024, 2, 9), 1)   # 2024-02-10..17 春节 skipped, 18th 调休上班
    datetime.date(2024, 2, 18)
    """

    __slots__ = (
        "_fingerprint",
        "_index",
        "_known",
        "_listed",
        "_national",
        "_off_days",
        "_overlays",
        "_region",
        "_unknown_years",
        "_year_source",
    )

    def __init__(
        self,
        national: Sequence[YearData],
        overlays: Sequence[YearData] = (),
        *,
        region: str | None = None,
        unknown_years: UnknownYears = "error",
    ) -> None:
        if unknown_years not in ("error", "weekends"):
            raise InvalidArgument(
                f"unknown_years must be 'error' or 'weekends', got {unknown_years!r}"
            )
        if overlays and region is None:
            raise InvalidArgument("overlays need the region they belong to (region=...)")
        self._national = tuple(national)
        self._overlays = tuple(overlays)
        self._region = region
        self._unknown_years: UnknownYears = unknown_years
        year_source: dict[int, DataSource] = {}
        listed: dict[dt.date, tuple[bool, str, DataSource]] = {}
        for layer in self._national:  # earlier layers keep their names for shared dates ...
            for y in layer.years:
                year_source.setdefault(y, layer.source)
            for d, (off, name) in layer.days.items():
                if layer.years:
                    listed.setdefault(d, (off, name, layer.source))
                else:  # ... except a correction layer (no years: the errata), which overrides
                    listed[d] = (off, name, layer.source)
        known = frozenset(year_source)
        if region is not None:
            known &= frozenset().union(*(o.years for o in self._overlays))
            for layer in self._overlays:  # a region's own days off override the national ones
                for d, (off, name) in layer.days.items():
                    listed[d] = (off, name, layer.source)
        if self._overlays and not known:
            raise CalendarDataError.coded("errors.calendar_data.overlays", region=region)
        self._known = known
        self._listed = listed
        self._year_source = year_source
        self._index: Index | None = None
        self._fingerprint: str | None = None
        self._off_days: list[dt.date] | None = None

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def default(
        cls,
        *,
        region: str | None = None,
        unknown_years: UnknownYears = "error",
        data_dir: DataDir | str | os.PathLike[str] | None = None,
    ) -> WorkCalendar:
        """The national calendar from the bundled chinese-calendar data (2004 to its last year),
        plus the data directory's years when one is set.

        ``data_dir`` (default: the ``GOV_DEADLINES_DATA`` environment variable; ``""`` for none,
        whatever the environment says) adds the year files and overlays of a data directory as
        :meth:`from_data_dir` does. The library reads a directory once per process: the calendar
        is cached per (region, ``unknown_years``, directory), so a file changed later is not
        seen; a long-running program that wants changes calls :meth:`from_data_dir` (and
        :func:`~gov_deadlines.datadir.scan`'s ``signature`` tells it when). With no directory
        set, this is the bundled calendar, as cheap as ever to ask for.

        ``region`` (``"宁夏"``, ``"Ningxia"`` or ``"CN-NX"``) adds the overlays bundled for that
        provincial-level region; the calendar then covers only the years they cover, and a
        region without bundled data raises :class:`CalendarDataMissing` for every year (load
        its overlay with :meth:`with_overlay`, or use the national calendar alone).

        ``unknown_years="weekends"`` opts into provisional results for years without data: those
        days are assumed Monday-Friday, and results that used them are marked (see
        :func:`~gov_deadlines.is_provisional`) and warn with ``ProvisionalDataWarning``.

        >>> WorkCalendar.default().coverage[0]
        datetime.date(2004, 1, 1)
        >>> WorkCalendar.default(region="CN-GX").is_workday(dt.date(2024, 4, 11))  # 壮族三月三
        False
        """
        if data_dir is None:
            data_dir = from_env()  # the hot path: a few tens of ns when unset
            if data_dir is None:
                return _default(region, unknown_years)
        elif data_dir == "":
            return _default(region, unknown_years)
        raw = os.fspath(data_dir if isinstance(data_dir, str | os.PathLike) else data_dir.path)
        return _default_in(region, unknown_years, raw)

    @classmethod
    def from_data_dir(
        cls,
        data: DataDir | str | os.PathLike[str],
        *,
        region: str | None = None,
        unknown_years: UnknownYears = "error",
    ) -> WorkCalendar:
        """The bundled calendar plus a data directory's files, read now (never cached).

        Every year file in the directory (holiday-cn JSON, ``DIR/2027.json``) is loaded with
        ``with_years(..., replace=True)``: a file in the data directory is an administrator's
        deliberate correction or new year, so it overrides the bundled listing for the dates it
        lists (two files of the directory that contradict each other raise
        :class:`CalendarDataConflict` naming both). With ``region``, the overlays of that region
        (files that name their ``"region"``) are added as :meth:`with_overlay` adds them; overlays
        of other regions are skipped, and so are all overlays on a national calendar. Every file
        is read and checked, used or skipped: an invalid one raises :class:`CalendarDataError`
        naming it; a missing or unreadable directory raises
        :class:`~gov_deadlines.errors.DataDirError`.

        >>> import tempfile, json, pathlib
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = (pathlib.Path(d) / "2027.json").write_text(json.dumps(
        ...         {"year": 2027, "papers": [], "days": []}))
        ...     WorkCalendar.from_data_dir(d).coverage[1]
        datetime.date(2027, 12, 31)
        """
        from gov_deadlines.datadir import DataDir, scan

        listing = data if isinstance(data, DataDir) else scan(data)
        base = _default(region, unknown_years)
        years: list[YearData] = []
        overlays: list[YearData] = []
        for path in listing.calendar_files:
            new = read_holiday_cn(path)
            if new.source.region is None:
                years.append(new)
            elif base._region and _canonical_region(new.source.region) == base._region:
                source = attrs.evolve(new.source, region=base._region)
                overlays.append(attrs.evolve(new, source=source))
        for i, a in enumerate(years):  # the directory's own files must agree with each other
            for b in years[i + 1 :]:
                clashes = _clashes(b, a)
                if clashes:
                    raise _conflict(clashes[0], b, a)
        cal = base._adding_years(years, replace=True) if years else base
        for overlay in overlays:
            cal = cal._adding_overlay(overlay)
        return cal

    def with_years(self, *data: DataInput, replace: bool = False) -> WorkCalendar:
        """A new calendar that also knows the years in ``data`` (holiday-cn JSON files or mappings).

        A date that two sources list with different meanings (one off, one working) raises
        :class:`CalendarDataConflict` naming both, unless ``replace=True``: then the new source's
        listing wins (for corrections such as the 2019 Labour Day change or the 2020 Spring
        Festival extension). A date listed by only one source takes that listing.

        >>> cal = WorkCalendar.default().with_years({"year": 2027, "papers": [], "days": []})
        >>> cal.coverage[1]
        datetime.date(2027, 12, 31)
        """
        return self._adding_years([read_holiday_cn(item) for item in data], replace=replace)

    def _adding_years(self, data: Sequence[YearData], *, replace: bool) -> WorkCalendar:
        """:meth:`with_years` of records already read."""
        national = list(self._national)
        for new in data:
            _check_neighbours(new)
            for i, old in enumerate(national):
                clashes = _clashes(new, old)
                if clashes and not replace:
                    raise _conflict(clashes[0], new, old)
                if replace:  # the new source decides every date it lists or contradicts
                    national[i] = _without(old, [*clashes, *new.days])
            national.append(new)
        return WorkCalendar(
            national, self._overlays, region=self._region, unknown_years=self._unknown_years
        )

    def with_overlay(self, data: DataInput, *, region: str) -> WorkCalendar:
        """A new calendar with a region's own days off (or working days) over the national ones.

        A calendar serves one region; the overlay's ``year`` says which year it covers, and once a
        region is selected, years without overlay data are unknown for that region (never a silent
        national answer).

        >>> cal = WorkCalendar.default().with_overlay(
        ...     {"year": 2024, "papers": [], "days": []}, region="宁夏")
        >>> cal.region
        '宁夏'
        """
        if self._region is not None and self._region != _canonical_region(region):
            raise InvalidArgument(
                f"this calendar already serves region {self._region!r}; start from the national "
                f"calendar to build one for {region!r}"
            )
        region = _canonical_region(region)
        return self._adding_overlay(read_holiday_cn(data, region=region))

    def _adding_overlay(self, new: YearData) -> WorkCalendar:
        """:meth:`with_overlay` of a record already read, its ``source.region`` canonical."""
        region = new.source.region
        for old in self._overlays:
            clashes = _clashes(new, old)
            if clashes:
                raise _conflict(clashes[0], new, old)
        return WorkCalendar(
            self._national, (*self._overlays, new), region=region, unknown_years=self._unknown_years
        )

    # -- what is loaded -------------------------------------------------------------------------

    @property
    def coverage(self) -> tuple[dt.date, dt.date]:
        """First and last date of the loaded years (see :attr:`years` for gaps between them).

        A regional calendar without any overlay data covers nothing and raises
        :class:`CalendarDataMissing` for its first national year.
        """
        if not self._known:
            raise CalendarDataMissing(min(self._year_source), region=self._region)
        return dt.date(min(self._known), 1, 1), dt.date(max(self._known), 12, 31)

    @property
    def fingerprint(self) -> str:
        """A short stable hash of the data this calendar computes with.

        It covers the loaded years, every listed day off or working day, the region and the
        ``unknown_years`` mode -- not file names or holiday names -- so two calendars with the
        same fingerprint give the same answers. Results and reports carry it, so an audit can be
        reproduced with the same data.

        >>> len(WorkCalendar.default().fingerprint)
        12
        """
        if self._fingerprint is None:
            import hashlib

            h = hashlib.sha256()
            h.update(f"{self._region}|{self._unknown_years}|{sorted(self._known)}|".encode())
            for d in sorted(self._listed):
                h.update(f"{d.isoformat()}{'o' if self._listed[d][0] else 'w'}".encode())
            self._fingerprint = h.hexdigest()[:12]
        return self._fingerprint

    def year_sources(self) -> dict[int, tuple[DataSource, ...]]:
        """For each loaded year, the sources that define it: national first, then the region's.

        >>> WorkCalendar.default().year_sources()[2024][0].label  # doctest: +ELLIPSIS
        'chinese-calendar ...'
        """
        out: dict[int, tuple[DataSource, ...]] = {}
        for year in sorted(self._known):
            found = [
                layer.source
                for layer in self._national
                if year in layer.years or any(d.year == year for d in layer.days)  # errata
            ]
            found += [layer.source for layer in self._overlays if year in layer.years]
            out[year] = tuple(found)
        return out

    def export_year(self, year: int) -> dict[str, object]:
        """The arrangement of ``year`` as this calendar knows it, in the holiday-cn JSON schema.

        Every listed day of the year is included, plus the December days of the year before
        that belong to its New Year (元旦) block. The base for amending a year with a special
        notice (``gov-deadlines calendar import``).
        """
        if year not in self._known:
            raise CalendarDataMissing(year, region=self._region, covered=describe_years(self.years))
        days = [
            {"name": name, "date": d.isoformat(), "isOffDay": off}
            for d, (off, name, _) in sorted(self._listed.items())
            if d.year == year or notice_year(d, name) == year
        ]
        papers = sorted({p for s in self.year_sources()[year] for p in (s.papers or (s.label,))})
        return {"year": year, "papers": papers, "days": days}

    @property
    def years(self) -> tuple[int, ...]:
        """Every year whose arrangement is loaded, ascending."""
        return tuple(sorted(self._known))

    @property
    def region(self) -> str | None:
        """The region whose overlay applies, or None for the national calendar."""
        return self._region

    @property
    def unknown_years(self) -> UnknownYears:
        """``"error"`` or ``"weekends"``: see :meth:`default`."""
        return self._unknown_years

    @property
    def sources(self) -> tuple[DataSource, ...]:
        """Every loaded source, national first, then the region's overlays."""
        return tuple(layer.source for layer in (*self._national, *self._overlays))

    # -- queries --------------------------------------------------------------------------------

    def is_workday(self, d: dt.date) -> bool:
        """True if ``d`` is a working day (工作日), make-up workdays (调休上班日) included.

        >>> WorkCalendar.default().is_workday(dt.date(2024, 2, 18))   # 调休上班 Sunday
        True
        """
        o = _ordinal(d)
        ix = self._index or self._build()
        self._check(o, o, ix)
        return ix.is_work(o)

    def day(self, d: dt.date) -> Day:
        """What ``d`` is: kind, holiday name and the source that decided it.

        >>> WorkCalendar.default().day(dt.date(2024, 2, 10)).name
        '春节'
        """
        o = _ordinal(d)
        d = dt.date.fromordinal(o)
        ix = self._index or self._build()
        provisional = self._check(o, o, ix)
        weekend = d.weekday() >= 5
        listed = self._listed.get(d)
        if listed is None:
            source = ASSUMED if provisional else self._year_source[d.year]
            kind: DayKind = "weekend" if weekend else "workday"
            if weekend and not provisional:
                block = block_day_off(d, self._listed)  # a weekend day inside a holiday break
                if block is not None:
                    return Day(d, "holiday", block[1], block[2])
            return Day(d, kind, None, source)
        off, name, source = listed
        if provisional:  # a listed day of a year not fully loaded: shown, but still assumed
            source = ASSUMED
        kind = "holiday" if off else ("makeup_workday" if weekend else "workday")
        return Day(d, kind, name, source)

    def add_workdays(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day strictly after ``d`` (``d`` never counts).

        ``n < 0``: the ``|n|``-th working day strictly before ``d``; ``n == 0``: ``d`` if it is a
        working day, else the next working day.

        >>> WorkCalendar.default().add_workdays(dt.date(2025, 1, 24), 5)  # 2025-01-28..02-04 春节
        datetime.date(2025, 2, 7)
        """
        # Hot path: exact dates and ints skip the checks that only matter for other types, and
        # Index.after answers the common case (plainly known days) with no further calls.
        o = d.toordinal() if type(d) is _DATE else _ordinal(d)
        n = n if type(n) is int else _steps(n)
        ix = self._index or self._build()
        if n > 0:
            known = ix.after(o, n)
            if known is not None:
                return known
            r = ix.nth(ix.count(o) + n)
            a, b = o + 1, r
        elif n < 0:
            r = ix.nth(ix.count(o - 1) + n + 1)
            a, b = r, o - 1
        else:
            r = o if ix.is_work(o) else ix.nth(ix.count(o) + 1)
            a, b = o, r
        if not 1 <= r <= _MAX_ORDINAL:
            raise DateOutOfRange(dt.date.fromordinal(o), n)
        if self._check(a, b, ix):
            return ProvisionalDate.fromordinal(r)
        return dt.date.fromordinal(r)

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in ``(a, b]``: ``a`` excluded, ``b`` included; negative when ``b < a``.

        >>> WorkCalendar.default().workdays_between(dt.date(2024, 2, 8), dt.date(2024, 2, 19))
        3
        """
        oa = a.toordinal() if type(a) is _DATE else _ordinal(a, "a")
        ob = b.toordinal() if type(b) is _DATE else _ordinal(b, "b")
        ix = self._index or self._build()
        known = ix.between(oa, ob)
        if known is not None:
            return known
        result = ix.count(ob) - ix.count(oa)
        if self._check(min(oa, ob) + 1, max(oa, ob), ix):
            return ProvisionalInt(result)
        return result

    def next_workday(self, d: dt.date) -> dt.date:
        """The first working day strictly after ``d``; same as ``add_workdays(d, 1)``."""
        return self.add_workdays(d, 1)

    def previous_workday(self, d: dt.date) -> dt.date:
        """The last working day strictly before ``d``; same as ``add_workdays(d, -1)``."""
        return self.add_workdays(d, -1)

    def holidays(self, start: dt.date, end: dt.date) -> list[Day]:
        """The statutory holidays (listed days off, regional ones included) in ``[start, end]``.

        Found by bisection, not by walking the days.

        >>> [d.name for d in WorkCalendar.default().holidays(dt.date(2024, 4, 1),
        ...                                                  dt.date(2024, 4, 30))]
        ['清明节', '清明节', '清明节']
        """
        import bisect

        a, b = _ordinal(start, "start"), _ordinal(end, "end")
        self._check(a, b, self._index or self._build())
        if self._off_days is None:
            self._off_days = sorted(d for d, v in self._listed.items() if v[0])
        lo = bisect.bisect_left(self._off_days, dt.date.fromordinal(a))
        hi = bisect.bisect_right(self._off_days, dt.date.fromordinal(b))
        return [self.day(d) for d in self._off_days[lo:hi]]

    def days(self, start: dt.date, end: dt.date) -> Iterable[Day]:
        """Every :class:`Day` from ``start`` to ``end`` inclusive, for explanations and grids."""
        for o in range(_ordinal(start, "start"), _ordinal(end, "end") + 1):
            yield self.day(dt.date.fromordinal(o))

    # -- internals ------------------------------------------------------------------------------

    def _build(self) -> Index:
        years = set(self._known) | {d.year for d in self._listed}
        self._index = Index(
            dt.date(min(years), 1, 1),
            dt.date(max(years), 12, 31),
            {d: v[0] for d, v in self._listed.items()},
            self._known,
        )
        return self._index

    def _check(self, a: int, b: int, ix: Index) -> bool:
        """Whether ``[a, b]`` used assumed days (provisional); raises when that is not allowed."""
        if b < a or not ix.unknown(a, b):
            return False
        if self._unknown_years == "error":
            first, last = dt.date.fromordinal(max(a, 1)).year, dt.date.fromordinal(b).year
            year = next((y for y in range(first, last + 1) if y not in self._known), first)
            regional = self._region is not None and year in self._year_source
            raise CalendarDataMissing(
                year, region=self._region if regional else None, covered=describe_years(self.years)
            )
        # Point the warning at the caller's line, however many of our frames lie in between.
        frame, level = sys._getframe(1), 2
        while frame.f_back is not None and frame.f_code.co_filename == __file__:
            frame, level = frame.f_back, level + 1
        warnings.warn(
            f"result depends on days between {dt.date.fromordinal(a)} and "
            f"{dt.date.fromordinal(b)} whose holiday arrangement is not loaded; Monday-Friday "
            "was assumed and the result is provisional (临时结果)",
            ProvisionalDataWarning,
            stacklevel=level,
        )
        return True

    def __repr__(self) -> str:
        region = f", region={self._region!r}" if self._region else ""
        mode = f"unknown_years={self._unknown_years!r}"
        return f"<WorkCalendar {describe_years(self.years)}{region} {mode}>"


def describe_years(years: Sequence[int]) -> str:
    """Years as compact ranges: ``2004-2026, 2028``."""
    runs: list[list[int]] = []
    for y in years:
        if runs and runs[-1][1] == y - 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _canonical_region(name: str) -> str:
    """A provincial-level region's short Chinese name; other names (a city) as given."""
    try:
        return resolve_region(name).name
    except UnknownRegion:
        return name.strip()


@functools.cache
def _default(region: str | None, unknown_years: UnknownYears) -> WorkCalendar:
    national = WorkCalendar([bundled_national(), bundled_errata()], unknown_years=unknown_years)
    if region is None:
        return national
    info = resolve_region(region)
    overlays = [read_holiday_cn(f, region=info.name, bundled=True) for f in bundled_overlays(info)]
    return WorkCalendar(national._national, overlays, region=info.name, unknown_years=unknown_years)


#: Calendars of data directories read by :meth:`WorkCalendar.default`, per (region, mode,
#: resolved directory): the same directory named two ways (relative, through a symlink) is read
#: once.
_IN_DIR: dict[tuple[str | None, str, str], WorkCalendar] = {}


@functools.cache
def _default_in(region: str | None, unknown_years: UnknownYears, raw: str) -> WorkCalendar:
    # Keyed on the directory as given, so asking again costs one dict lookup, no system call.
    key = (region, unknown_years, os.path.realpath(raw))
    cal = _IN_DIR.get(key)
    if cal is None:
        cal = WorkCalendar.from_data_dir(raw, region=region, unknown_years=unknown_years)
        cal = _IN_DIR.setdefault(key, cal)
    return cal
