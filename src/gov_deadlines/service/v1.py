"""The versioned API, ``/v1/...``: each handler reads its input, calls the library, renders.

Every answer that depends on the calendar carries its ``fingerprint`` (in the JSON and in the
``X-Calendar-Fingerprint`` header), so an answer can be reproduced with the same data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from gov_deadlines import CalendarDataMissing, UnknownRule, WorkCalendar, is_provisional
from gov_deadlines.service.models import DateText, UnknownYearsMode
from gov_deadlines.service.problems import (
    FieldError,
    Problem,
    lang_of,
    missing_year,
    unknown_rule,
)
from gov_deadlines.service.state import snapshot

__all__ = ["MAX_DAYS", "compact", "json_answer", "router"]

router = APIRouter(prefix="/v1")

#: The longest range ``GET /v1/days`` lists in one answer (ten years and a bit).
MAX_DAYS = 3700

Mode = Annotated[
    UnknownYearsMode | None,
    Query(description="`weekends`: answer for years not loaded, marked provisional"),
]
Lang = Annotated[Literal["zh", "en"] | None, Query(description="overrides Accept-Language")]


def compact(body: Any) -> bytes:
    """``body`` as compact UTF-8 JSON, Chinese kept readable: the bytes of
    ``json.dumps(body, ensure_ascii=False, separators=(",", ":"))``, written by orjson (a
    seventh of the cost; a batch of 1,000 verdicts is ~1,000 objects)."""
    return orjson.dumps(body)


def json_answer(body: Any, fingerprint: str | None = None, status: int = 200) -> Response:
    """``body`` as UTF-8 JSON (Chinese kept readable), with the calendar's fingerprint header."""
    data = compact(body)
    headers = {"X-Calendar-Fingerprint": fingerprint} if fingerprint else None
    return Response(data, status, headers=headers, media_type="application/json")


def _lang(request: Request) -> str:
    return lang_of(request.query_params, request.headers.get("accept-language"))


def day_json(cal: WorkCalendar, d: dt.date) -> dict[str, Any]:
    """One day as the API says it (:meth:`WorkCalendar.day`)."""
    day = cal.day(d)
    return {
        "date": day.date.isoformat(),
        "kind": day.kind,
        "name": day.name,
        "workday": day.kind in ("workday", "makeup_workday"),
        "source": day.source.label,
        "provisional": day.source.kind == "assumed",
    }


@router.get("/days/{date}", summary="What a day is: working day, weekend, holiday, make-up day")
async def get_day(
    date: Annotated[DateText, Path()], request: Request, unknown_years: Mode = None
) -> Response:
    """Kind (``workday``, ``weekend``, ``holiday``, ``makeup_workday`` 调休上班日), holiday name,
    whether people work, the source that decided it. A year not loaded: 404."""
    snap = snapshot(request)
    cal = snap.calendar_for(unknown_years)
    try:
        body = day_json(cal, _day(date))
    except CalendarDataMissing as exc:
        raise missing_year(exc, 404) from None
    body["fingerprint"] = cal.fingerprint
    return json_answer(body, cal.fingerprint)


@router.get("/days", summary="Every day of a range")
async def get_days(
    request: Request,
    start: Annotated[DateText, Query(alias="from")],
    end: Annotated[DateText, Query(alias="to")],
    unknown_years: Mode = None,
) -> Response:
    """The days from ``from`` to ``to`` inclusive (at most 3,700), as ``GET /v1/days/{date}``."""
    snap = snapshot(request)
    a, b = _day(start), _day(end)
    count = (b - a).days + 1
    if count < 1:
        raise Problem.invalid([FieldError.worded("to", "order", "other", detail="to < from")])
    if count > MAX_DAYS:
        raise Problem(422, "invalid_request", "too_many_days", limit=MAX_DAYS, count=count)
    cal = snap.calendar_for(unknown_years)
    try:
        days = [day_json(cal, a + dt.timedelta(days=i)) for i in range(count)]
    except CalendarDataMissing as exc:
        raise missing_year(exc, 404) from None
    return json_answer({"days": days, "fingerprint": cal.fingerprint}, cal.fingerprint)


Unit = Literal["workdays", "days", "hours", "months", "years"]


@router.get("/add", summary="A date plus working days, or plus a period")
async def get_add(
    request: Request,
    date: Annotated[DateText, Query()],
    n: Annotated[int | None, Query(description="units to add (< 0: working days only)")] = None,
    unit: Unit = "workdays",
    period: Annotated[str | None, Query(description="or a period: 20wd, 15日, 1个月")] = None,
    unknown_years: Mode = None,
) -> Response:
    """``unit=workdays``: the ``n``-th working day after ``date`` (``date`` not counted;
    negative ``n`` counts back). Other units, or ``period``: when a period of that length
    starting on ``date`` ends, by the Civil Code's conventions (start day not counted, last day
    rolled past days off) -- as ``gov-deadlines add``."""
    snap = snapshot(request)
    from gov_deadlines import Period, due

    cal = snap.calendar_for(unknown_years)
    if (n is None) == (period is None):
        raise Problem.invalid([FieldError.worded("n", "missing", "missing")])
    body: dict[str, Any] = {"date": date.isoformat()}
    if period is not None:
        try:
            span = Period.parse(period)
        except ValueError as exc:
            raise Problem.invalid([FieldError.from_exception("period", exc)]) from None
        body["period"] = str(span)
    elif unit == "workdays":
        assert n is not None
        result = cal.add_workdays(_day(date), n)
        body |= {"n": n, "unit": unit, "due": result.isoformat()}
        body |= {"provisional": is_provisional(result), "fingerprint": cal.fingerprint}
        return json_answer(body, cal.fingerprint)
    else:
        assert n is not None
        if n < 0:
            raise Problem.invalid([FieldError.worded("n", "negative", "other", detail="n < 0")])
        span = Period(n, unit)
        body |= {"n": n, "unit": unit}
    deadline = due(span, date, calendar=cal, trace=False)
    at = deadline.due_at
    when = at.isoformat(" ", "minutes") if at else deadline.due.isoformat()
    body |= {"due": when, "provisional": deadline.provisional, "fingerprint": cal.fingerprint}
    return json_answer(body, cal.fingerprint)


@router.get("/between", summary="Working days between two dates")
async def get_between(
    request: Request,
    start: Annotated[DateText, Query()],
    end: Annotated[DateText, Query()],
    unknown_years: Mode = None,
) -> Response:
    """Working days in ``(start, end]``: ``start`` excluded, ``end`` included; negative when
    ``end`` is before ``start``."""
    snap = snapshot(request)
    cal = snap.calendar_for(unknown_years)
    n = cal.workdays_between(_day(start), _day(end))
    body = {
        "start": _day(start).isoformat(),
        "end": _day(end).isoformat(),
        "workdays": int(n),
        "provisional": is_provisional(n),
        "fingerprint": cal.fingerprint,
    }
    return json_answer(body, cal.fingerprint)


@router.get("/calendar", summary="What data is loaded: years, sources, fingerprint")
async def get_calendar(request: Request) -> Response:
    """The loaded years and the sources behind each, the region, the fingerprint, when the data
    was loaded and from which data directory."""
    snap = snapshot(request)
    cal = snap.calendar
    years = cal.years
    body = {
        "fingerprint": cal.fingerprint,
        "region": cal.region,
        "unknown_years": cal.unknown_years,
        "years": list(years),
        "coverage": [years[0], years[-1]] if years else None,
        "sources": [s.to_dict() for s in cal.sources],
        "data_dir": snap.data_dir,
        "loaded_at": snap.loaded_at.isoformat(timespec="seconds"),
    }
    return json_answer(body, cal.fingerprint)


@router.get("/rules", summary="The rule catalog")
def get_rules(request: Request) -> Response:
    """Every rule id with its title, kind, period and citation (the latest version)."""
    snap = snapshot(request)
    lang = _lang(request)
    rules = [_rule_summary(snap.catalog.get(rule_id), lang) for rule_id in snap.catalog]
    return json_answer({"rules": rules})


@router.get("/rules/{rule_id}", summary="One rule, every version")
def get_rule(request: Request, rule_id: str) -> Response:
    """Every version of a rule with its effective dates, conventions and citations."""
    snap = snapshot(request)
    import attrs

    from gov_deadlines.trace import jsonable

    try:
        versions = snap.catalog.versions(rule_id)
    except UnknownRule as exc:  # the rule is the resource asked for: 404, naming close ids
        raise Problem(404, "unknown_rule", errors=[unknown_rule(exc, "rule_id")]) from None
    lang = _lang(request)
    out = []
    for v in versions:
        item = jsonable(attrs.asdict(v))
        item["title"] = v.title(lang)
        item["citation_text"] = v.citation_text(lang)
        out.append(item)
    return json_answer({"id": rule_id, "versions": out})


def _rule_summary(rule: Any, lang: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title(lang),
        "title_zh": rule.title_zh,
        "title_en": rule.title_en,
        "kind": rule.kind,
        "period": str(rule.period) if rule.period else None,
        "schedule": rule.schedule.describe(lang) if rule.schedule else None,
        "citation": rule.citation_text(lang),
    }


def _day(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d
