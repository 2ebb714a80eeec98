"""A drop-in for the public holiday API many government and OA systems call (timor.tech's
``/api/holiday/...``), answered from our own data, so a system switches by changing its base URL.

Endpoints (each also with a trailing slash; a date that is left out means today in China):

- ``GET /api/holiday/info/{date}``: one day -- ``type`` (its kind) and ``holiday`` (null for a
  plain working day or weekend);
- ``GET /api/holiday/batch?d=...&d=...&type=Y``: many days, keyed by each date as it was sent
  (``d=a,b`` is read too);
- ``GET /api/holiday/year/{year}`` and ``/api/holiday/year/{year}-{month}`` (``type=Y``,
  ``week=Y``): every day off and make-up workday of a year or a month, keyed ``MM-DD``;
- ``GET /api/holiday/next/{date}`` (``type=Y``, ``week=Y``): the next day off after the date,
  and a make-up workday before it;
- ``GET /api/holiday/workday/next/{date}``: the next working day after the date.

The ``type`` codes: 0 workday (工作日), 1 weekend (周末), 2 holiday (节假日, weekend days inside a
break included), 3 make-up workday (调休上班日). ``wage`` is the pay multiple the Labour Law
(劳动法) Art. 44 attaches to work on the day: 3 on a statutory day (法定节假日) of
《全国年节及纪念日放假办法》 Art. 2 in the version in force that year, 2 on other days off of those
holidays' breaks and on weekends, 1 on working days, and ``null`` where our data cannot tell
(a one-off day off such as 2015-09-03, a region's own holiday).

Stricter than the public API, on purpose: a year that is not loaded is an HTTP 404 with
``code: -1`` and a message saying how to load it, never an empty object or a Monday-Friday
guess (whatever the server's ``unknown_years`` mode: these clients cannot see a provisional
mark). Every answer carries the calendar's fingerprint in ``calendar`` (and the
``X-Calendar-Fingerprint`` header). Field by field: docs/service.md (timor.tech section).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from gov_deadlines import CalendarDataMissing, Day, GovDeadlinesError, WorkCalendar
from gov_deadlines.calendar.day import CHINA_TIME
from gov_deadlines.calendar.festivals import statutory_days
from gov_deadlines.dates import parse_date
from gov_deadlines.messages import text
from gov_deadlines.service.problems import lang_of, missing_year
from gov_deadlines.service.state import Snapshot, snapshot
from gov_deadlines.service.v1 import compact

__all__ = ["MAX_BATCH", "router"]

router = APIRouter(tags=["holiday API drop-in (timor.tech)"])

#: The most dates one batch request may ask about: a year of days (the public API takes 50).
MAX_BATCH = 366

Flag = Annotated[str | None, Query(description="`Y` or `N` (default `N`)")]

#: ``type`` codes of the public API, by our kind of day.
_TYPE = {"workday": 0, "weekend": 1, "holiday": 2, "makeup_workday": 3}
#: How far back a make-up workday looks for its break to say it comes after it (``after``):
#: make-up days lie within a week or two of their break, and a holiday has one break a year.
_AFTER_WINDOW = dt.timedelta(days=30)
_YEAR_MONTH = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2}))?", re.ASCII)
_ONE_DAY = dt.timedelta(days=1)


class _Refused(Exception):
    """A request we cannot answer: HTTP status, an error code for programs, the message."""

    def __init__(self, status: int, error: str, key: str, /, **fields: object) -> None:
        super().__init__(key)
        self.status, self.error, self.key, self.fields = status, error, key, fields


# -- the days, as the public API says them ---------------------------------------------------


@functools.lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[frozenset[dt.date], frozenset[str]]:
    """The statutory days of ``year`` (法定节假日, 《全国年节及纪念日放假办法》 Art. 2 in force) and
    the holidays whose statutory days are known (a lunar holiday outside the festival table is
    not)."""
    found = statutory_days(year)
    if found is None:
        return frozenset(), frozenset()
    dates = frozenset(d for days in found.days.values() for d, _, _ in days)
    return dates, frozenset(found.days)


def _parts(name: str | None) -> frozenset[str]:
    """The holidays a day's name speaks of: ``国庆节、中秋节`` is both."""
    return frozenset(name.split("、")) if name else frozenset()


def _wage(day: Day) -> int | None:
    """The pay multiple of Labour Law Art. 44 for work on ``day``; None when the data cannot say.

    3: a statutory day. 2: another day off -- a weekend, or a day of a statutory holiday's break
    (a weekend day inside it, a day given off in exchange for a make-up workday). 1: a working
    day, make-up workdays included. None: a day off that is neither, such as a one-off national
    day off (2015-09-03) or a region's own holiday, whose pay the holiday rules do not settle.
    """
    if day.is_workday:
        return 1
    statutory, known = _statutory(day.date.year)
    if day.date in statutory:
        return 3
    if day.kind == "weekend":
        return 2
    names = _parts(day.name)
    return 2 if day.source.region is None and names and names <= known else None


def _after(cal: WorkCalendar, day: Day) -> bool:
    """Whether the make-up workday ``day`` comes after its break: a day off of the same holiday
    lies in the weeks before it (found by bisection, :meth:`WorkCalendar.holidays`)."""
    start = day.date - _AFTER_WINDOW
    if start.year not in cal.years:  # the first loaded year: look no further back than it
        start = dt.date(day.date.year, 1, 1)
    names = _parts(day.name)
    return any(_parts(h.name) & names for h in cal.holidays(start, day.date - _ONE_DAY))


def _weekday(d: dt.date) -> str:
    return text(f"words.weekday_short.{d.weekday()}", "zh")


def _day_type(day: Day, makeup_name: str | None) -> dict[str, Any]:
    """The ``type`` object: the code, the day's name (a weekday, a holiday, a make-up day) and
    the weekday number 1 (Monday) to 7 (Sunday)."""
    if day.kind == "makeup_workday":
        name = makeup_name
    elif day.kind == "holiday":
        name = day.name
    else:
        name = _weekday(day.date)
    return {"type": _TYPE[day.kind], "name": name, "week": day.date.isoweekday()}


def _describe(
    cal: WorkCalendar, day: Day, *, weekends: bool = False
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``(type, holiday)`` of one day. ``holiday`` is None for a working day, and for a weekend
    unless ``weekends`` (``week=Y``: weekends listed as days off)."""
    iso = day.date.isoformat()
    if day.kind == "makeup_workday":
        after = _after(cal, day)
        target = day.name or ""
        name = text("timor.makeup.after" if after else "timor.makeup.before", "zh", target=target)
        holiday: dict[str, Any] | None = {
            "holiday": False, "name": name, "wage": 1, "after": after, "target": target,
            "date": iso,
        }  # fmt: skip
        return _day_type(day, name), holiday
    kind = _day_type(day, None)
    if day.kind == "holiday" or (weekends and day.kind == "weekend"):
        holiday = {"holiday": True, "name": kind["name"], "wage": _wage(day), "date": iso}
    else:
        holiday = None
    return kind, holiday


# -- reading requests ---------------------------------------------------------------------------


def _today() -> dt.date:
    """Today in China: what the public API answers when a date is left out (the only place
    this module reads the clock)."""
    return dt.datetime.now(CHINA_TIME).date()


def _date(value: str | None) -> dt.date:
    """A date from a path, as people write it (the library's one parser); empty: today."""
    value = (value or "").strip().strip("/")
    if not value:
        return _today()
    d = parse_date(value)  # DateParseError: a 400 in the caller
    return d.date() if isinstance(d, dt.datetime) else d


def _flag(name: str, value: str | None) -> bool:
    """``Y``/``N`` (either case; absent: N). Anything else is refused, not guessed."""
    if value is None or value.strip().upper() in ("", "N"):
        return False
    if value.strip().upper() == "Y":
        return True
    raise _Refused(400, "bad_param", "timor.bad_flag", name=name, value=value)


def _span(value: str | None) -> tuple[dt.date, dt.date]:
    """The days of ``2025`` or ``2025-02`` (``2025-2`` too); empty: this year."""
    value = (value or "").strip().strip("/")
    if not value:
        year = _today().year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    m = _YEAR_MONTH.fullmatch(value)
    year = int(m["y"]) if m else 0
    month = int(m["m"]) if m and m["m"] else None
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise _Refused(400, "bad_date", "timor.bad_year", value=value)
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if month == 12:
        return dt.date(year, 12, 1), dt.date(year, 12, 31)
    return dt.date(year, month, 1), dt.date(year, month + 1, 1) - _ONE_DAY


def _batch_dates(values: Iterable[str]) -> list[tuple[str, dt.date]]:
    """Each ``d`` as sent (the answer's key) with its date; ``d=a,b`` is two dates."""
    items = [s.strip() for v in values for s in v.split(",") if s.strip()]
    if not items:
        raise _Refused(400, "bad_param", "timor.no_dates")
    if len(items) > MAX_BATCH:
        raise _Refused(400, "too_many", "timor.too_many", limit=MAX_BATCH, count=len(items))
    out = []
    for n, item in enumerate(items, 1):
        try:
            out.append((item, _date(item)))
        except GovDeadlinesError as exc:
            raise _Refused(400, "bad_date", "timor.bad_item", n=n, value=item, reason=exc) from None
    return out


# -- answers ------------------------------------------------------------------------------------


def _calendar(snap: Snapshot) -> WorkCalendar:
    """The calendar that refuses years it has not loaded, whatever the server's mode."""
    return snap.calendar_for("error")


def _json(body: dict[str, Any], cal: WorkCalendar, status: int = 200, **headers: str) -> Response:
    body["calendar"] = cal.fingerprint
    data = compact(body)
    headers["X-Calendar-Fingerprint"] = cal.fingerprint
    return Response(data, status, headers=headers, media_type="application/json")


def _refusal(request: Request, cal: WorkCalendar, exc: Exception) -> Response:
    """``exc`` in the public API's error shape (``code: -1`` and ``msg``) with our HTTP status,
    an ``error`` code for programs and its fields."""
    lang = lang_of(request.query_params, request.headers.get("accept-language"))
    if isinstance(exc, CalendarDataMissing):
        loaded = missing_year(exc).extensions["loaded"] or "-"
        key = "timor.year_missing_region" if exc.region else "timor.year_missing"
        exc = _Refused(404, "year_not_loaded", key, year=exc.year, region=exc.region, loaded=loaded)
    elif isinstance(exc, GovDeadlinesError):  # a date that cannot be read, or past 9999
        exc = _Refused(400, "bad_date", "", reason=exc)
    elif isinstance(exc, OverflowError):  # a day after 9999-12-31
        exc = _Refused(400, "bad_date", "timor.out_of_range", value=request.url.path)
    assert isinstance(exc, _Refused)
    fields = {k: v.message(lang) if isinstance(v, GovDeadlinesError) else v
              for k, v in exc.fields.items()}  # fmt: skip
    msg = text(exc.key, lang, **fields) if exc.key else str(fields["reason"])
    body: dict[str, Any] = {"code": -1, "msg": msg, "error": exc.error}
    body.update((k, v) for k, v in fields.items() if k in ("year", "region", "loaded"))
    return _json(body, cal, exc.status, **{"Content-Language": lang})


_ANSWERABLE = (_Refused, GovDeadlinesError, OverflowError)


@router.get("/api/holiday/info", include_in_schema=False)
@router.get("/api/holiday/info/{date:path}", summary="What one day is (timor.tech shape)")
async def info(request: Request, date: str | None = None) -> Response:
    """``{"code": 0, "type": {"type", "name", "week"}, "holiday": {...} | null}`` for ``date``
    (``2024-02-10``, ``2024-2-10``; left out: today in China)."""
    snap = snapshot(request)
    cal = _calendar(snap)
    try:
        kind, holiday = _describe(cal, cal.day(_date(date)))
    except _ANSWERABLE as exc:
        return _refusal(request, cal, exc)
    return _json({"code": 0, "type": kind, "holiday": holiday}, cal)


@router.get("/api/holiday/batch", summary="Many days at once (timor.tech shape)")
@router.get("/api/holiday/batch/", include_in_schema=False)
def batch(
    request: Request,
    d: Annotated[list[str], Query(description="a date; repeat `d` (or `d=a,b`)")] = [],  # noqa: B006
    type: Flag = None,
) -> Response:
    """``holiday`` (and with ``type=Y`` ``type``) keyed by each date exactly as sent, in the
    order sent. One date that cannot be read, or of a year not loaded, refuses the whole batch
    (a null would read as "not a holiday")."""
    snap = snapshot(request)
    cal = _calendar(snap)
    try:
        with_type = _flag("type", type)
        days = [(key, cal.day(day)) for key, day in _batch_dates(d)]
        described = [(key, _describe(cal, day)) for key, day in days]
    except _ANSWERABLE as exc:
        return _refusal(request, cal, exc)
    body: dict[str, Any] = {"code": 0, "holiday": {key: h for key, (_, h) in described}}
    if with_type:
        body["type"] = {key: k for key, (k, _) in described}
    return _json(body, cal)


@router.get("/api/holiday/year", include_in_schema=False)
@router.get("/api/holiday/year/{value:path}", summary="Days off and make-up days of a year")
def year(
    request: Request, value: str | None = None, type: Flag = None, week: Flag = None
) -> Response:
    """Every holiday and make-up workday of ``2025`` or ``2025-02`` (``week=Y``: weekends too),
    keyed ``MM-DD`` in date order; ``type=Y`` adds ``type`` keyed ``YYYY-MM-DD``."""
    snap = snapshot(request)
    cal = _calendar(snap)
    try:
        with_type, weekends = _flag("type", type), _flag("week", week)
        first, last = _span(value)
        listed = [
            (day, *_describe(cal, day, weekends=weekends))
            for day in cal.days(first, last)
            if day.kind in ("holiday", "makeup_workday") or (weekends and day.kind == "weekend")
        ]
    except _ANSWERABLE as exc:
        return _refusal(request, cal, exc)
    body: dict[str, Any] = {"code": 0, "holiday": {f"{d.date:%m-%d}": h for d, _, h in listed}}
    if with_type:
        body["type"] = {d.date.isoformat(): k for d, k, _ in listed}
    return _json(body, cal)


@router.get("/api/holiday/next", include_in_schema=False)
@router.get("/api/holiday/next/{date:path}", summary="The next day off, and a make-up day")
def next_holiday(
    request: Request, date: str | None = None, type: Flag = None, week: Flag = None
) -> Response:
    """``holiday``: the first holiday after ``date`` (``week=Y``: or weekend day); ``workday``:
    the first make-up workday between them, else null. ``rest``: days from ``date``."""
    snap = snapshot(request)
    cal = _calendar(snap)
    try:
        with_type, weekends = _flag("type", type), _flag("week", week)
        start = _date(date)
        found: Day | None = None
        makeup: Day | None = None
        for day in cal.days(start + _ONE_DAY, dt.date.max):  # O(days to the next day off)
            if day.kind == "holiday" or (weekends and day.kind == "weekend"):
                found = day
                break
            if day.kind == "makeup_workday" and makeup is None:
                makeup = day
        # The walk ends at a day off, or at the first year not loaded (raised: a 404).
        pair = (("holiday", found), ("workday", makeup))
        answers = [(key, d, *_describe(cal, d, weekends=weekends)) for key, d in pair if d]
    except _ANSWERABLE as exc:
        return _refusal(request, cal, exc)
    body: dict[str, Any] = {"code": 0, "holiday": None, "workday": None}
    for key, day, _, holiday in answers:
        body[key] = {**(holiday or {}), "rest": (day.date - start).days}
    if with_type:
        body["type"] = {key: kind for key, _, kind, _ in answers}
    return _json(body, cal)


@router.get("/api/holiday/workday/next", include_in_schema=False)
@router.get("/api/holiday/workday/next/{date:path}", summary="The next working day")
def next_workday(request: Request, date: str | None = None) -> Response:
    """``workday``: the first working day after ``date`` (make-up workdays included), with its
    ``type``, ``name``, ``week``, ``date`` and ``rest`` (days from ``date``)."""
    snap = snapshot(request)
    cal = _calendar(snap)
    try:
        start = _date(date)
        day = cal.day(cal.next_workday(start))
        kind, _ = _describe(cal, day)
    except _ANSWERABLE as exc:
        return _refusal(request, cal, exc)
    workday = {**kind, "date": day.date.isoformat(), "rest": (day.date - start).days}
    return _json({"code": 0, "workday": workday}, cal)
