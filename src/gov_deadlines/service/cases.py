"""Cases: ``POST /v1/due``, ``POST /v1/check`` and ``POST /v1/check/batch``.

A batch answers one result per case, in order, each either a verdict or the reason that case
could not be checked -- one bad case never fails the others. A JSON array is answered whole
(at most ``max_batch`` cases); an NDJSON body (``Content-Type: application/x-ndjson``) is read
and answered line by line, so a million cases stream through in bounded memory.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from gov_deadlines import CalendarDataMissing, GovDeadlinesError, UnknownRule, check, due
from gov_deadlines.explain import status_word
from gov_deadlines.service.models import CaseIn, UnknownYearsMode
from gov_deadlines.service.problems import (
    FieldError,
    Problem,
    lang_of,
    missing_year,
    unknown_rule,
    validation_errors,
)
from gov_deadlines.service.state import Snapshot, snapshot
from gov_deadlines.service.v1 import compact, json_answer

__all__ = ["NDJSON", "router"]

router = APIRouter(prefix="/v1")
NDJSON = "application/x-ndjson"

Mode = Annotated[UnknownYearsMode | None, Query()]
Explain = Annotated[bool, Query(description="add the explanation as text (zh/en)")]
Trace = Annotated[bool, Query(description="add the computation's steps as data")]

_CASE = TypeAdapter(CaseIn)
_CASES_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/CaseIn"}}
            },
            NDJSON: {"schema": {"type": "string", "description": "one CaseIn object per line"}},
        },
    }
}


def _facts(case: CaseIn) -> dict[str, Any]:
    """The keyword arguments of :func:`gov_deadlines.check` / ``due`` for a case."""
    extension: Any = case.extension
    if isinstance(extension, str):
        from gov_deadlines import Period

        try:
            extension = Period.parse(extension)
        except ValueError as exc:
            raise FieldError.from_exception("extension", exc) from None
    elif extension is not None and extension < 0:
        raise FieldError.worded("extension", "negative", "other", detail="extension < 0")
    return {
        "pauses": [(p.start, p.end, p.kind) for p in case.pauses],
        "extension": extension,
        "restart": case.restart,
        "channel": case.channel,
    }


def _verdict(case: CaseIn, snap: Snapshot, mode: str | None, lang: str, *, explain: bool,
             trace: bool) -> dict[str, Any]:  # fmt: skip
    cal = snap.calendar_for(mode)
    v = check(
        case.rule, case.trigger, case.done, case.as_of, calendar=cal, catalog=snap.catalog,
        trace=explain or trace, **_facts(case),
    )  # fmt: skip
    out = v.to_dict(trace=trace)
    out["verdict"] = status_word(v.status, lang)
    if v.reason is not None:
        out["reason_text"] = v.reason.text(lang)
    if explain:
        out["explanation"] = v.explain(lang)
    return out


@router.post("/check", summary="Whether one case met its deadline")
def post_check(
    case: CaseIn, request: Request, unknown_years: Mode = None,
    explain: Explain = False, trace: Trace = False,
) -> Response:  # fmt: skip
    """The verdict (``on_time``, ``late``, ``pending``, ``overdue``, ``too_short``, ``invalid``),
    the due date, how late in working and calendar days, the findings; impossible facts give an
    ``invalid`` verdict with the reason."""
    snap = snapshot(request)
    lang = lang_of(request.query_params, request.headers.get("accept-language"))
    try:
        body = _verdict(case, snap, unknown_years, lang, explain=explain, trace=trace)
    except FieldError as exc:
        raise Problem.invalid([exc]) from None
    return json_answer(body, body["fingerprint"])


@router.post("/due", summary="When a case's deadline falls")
def post_due(
    case: CaseIn, request: Request, unknown_years: Mode = None,
    explain: Explain = False, trace: Trace = False,
) -> Response:  # fmt: skip
    """The due date (``due_at`` for hour periods), the period counted, the extension and
    pauses applied. ``done`` and ``as_of`` are ignored here; impossible facts are a 422."""
    snap = snapshot(request)
    lang = lang_of(request.query_params, request.headers.get("accept-language"))
    cal = snap.calendar_for(unknown_years)
    try:
        deadline = due(
            case.rule, case.trigger, calendar=cal, catalog=snap.catalog, trace=explain or trace,
            **_facts(case),
        )  # fmt: skip
    except FieldError as exc:
        raise Problem.invalid([exc]) from None
    body = deadline.to_dict(trace=trace)
    if explain:
        body["explanation"] = deadline.explain(lang)
    return json_answer(body, cal.fingerprint)


def _one(item: Any, index: int, run: Callable[[CaseIn], dict[str, Any]], lang: str
         ) -> dict[str, Any]:  # fmt: skip
    """One case of a batch: its verdict, or why it has none (never an exception)."""
    try:
        return {"index": index, **run(_CASE.validate_python(item))}
    except ValidationError as exc:
        problem = Problem.invalid(validation_errors(exc))
    except FieldError as exc:
        problem = Problem.invalid([exc])
    except UnknownRule as exc:
        problem = Problem.invalid([unknown_rule(exc)])
    except CalendarDataMissing as exc:
        problem = missing_year(exc)
    except GovDeadlinesError as exc:
        problem = Problem.invalid([FieldError.of("body", exc)])
    except (OverflowError, ValueError) as exc:
        problem = Problem.invalid([FieldError.from_exception("body", exc)])
    return {"index": index, "status": "error", "error": problem.body(lang)}


@router.post("/check/batch", summary="Many cases: a JSON array, or NDJSON streamed",
             openapi_extra=_CASES_SCHEMA)  # fmt: skip
async def post_batch(
    request: Request, unknown_years: Mode = None,
    explain: Explain = False, trace: Trace = False,
) -> Response:  # fmt: skip
    """One result per case, in order, each with its ``index`` (0-based): a verdict as
    ``POST /v1/check`` gives it, or ``"status": "error"`` with a problem object saying why. A
    JSON array answers ``{"fingerprint": ..., "results": [...]}``; NDJSON answers NDJSON."""
    snap = snapshot(request)
    lang = lang_of(request.query_params, request.headers.get("accept-language"))
    settings = request.app.state.settings

    def run(case: CaseIn) -> dict[str, Any]:
        return _verdict(case, snap, unknown_years, lang, explain=explain, trace=trace)

    kind = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if kind == NDJSON:
        response = await _ndjson(request, run, lang, settings.max_line)
        response.headers["X-Calendar-Fingerprint"] = snap.calendar_for(unknown_years).fingerprint
        return response
    if kind not in ("application/json", ""):
        raise Problem(415, "unsupported_media", "unsupported_media", got=kind)
    cases = _cases(await request.body(), settings.max_batch)
    results = await run_in_threadpool(lambda: [_one(c, i, run, lang) for i, c in enumerate(cases)])
    fingerprint = snap.calendar_for(unknown_years).fingerprint
    return json_answer({"fingerprint": fingerprint, "results": results}, fingerprint)


def _cases(raw: bytes, limit: int) -> list[Any]:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise Problem.invalid(
            [FieldError.worded("body", "json", "json", detail=str(exc))]
        ) from None
    if isinstance(data, dict) and set(data) == {"cases"}:
        data = data["cases"]
    if not isinstance(data, list):
        raise Problem.invalid([FieldError.worded("body", "not_list", "not_list")])
    if len(data) > limit:
        raise Problem(413, "batch_too_long", "batch_too_long", limit=limit, count=len(data))
    return data


async def _ndjson(request: Request, run: Callable[[CaseIn], dict[str, Any]], lang: str,
                  max_line: int) -> StreamingResponse:  # fmt: skip
    """Answer each line as it arrives, into a spool (memory, then disk past 8 MB); send the
    spool once the body has ended.

    Results are not sent while the body still arrives: most HTTP clients (Java's, PHP's curl,
    httpx) write the whole body before they read, so a server writing back meanwhile would
    fill both directions' buffers and wait for ever. (And Starlette's streaming response reads
    the request's messages itself, to notice a disconnect.)
    """
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    try:
        lines = _Lines(max_line)
        async for chunk in request.stream():
            batch = lines.feed(chunk)
            if batch:
                spool.write(await run_in_threadpool(_answer, batch, run, lang, max_line))
        spool.write(_answer(lines.end(), run, lang, max_line))
        spool.seek(0)
    except BaseException:
        spool.close()
        raise

    def blocks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(64 * 1024):
                yield block

    return StreamingResponse(blocks(), media_type=NDJSON)


class _Lines:
    """Splits a byte stream into its non-blank lines, each as ``(index, line number, bytes)``:
    ``index`` counts the cases (0-based), the line number counts every line of the body (1-based,
    blank ones included -- what a person finds in an editor). A line longer than ``max_line`` is
    kept as its first ``max_line + 1`` bytes (answered as too long), the rest dropped."""

    def __init__(self, max_line: int) -> None:
        self.max_line, self.pending, self.skipping = max_line, b"", False
        self.index, self.lineno = 0, 0

    def feed(self, chunk: bytes) -> list[_Item]:
        *complete, self.pending = (self.pending + chunk).split(b"\n")
        out = []
        for line in complete:
            if self.skipping:  # the end of a line already answered as too long
                self.skipping = False
                continue
            out += self._number(line)
        if len(self.pending) > self.max_line and not self.skipping:
            out += self._number(self.pending[: self.max_line + 1])
            self.skipping = True
        if self.skipping:
            self.pending = b""
        return out

    def end(self) -> list[_Item]:
        rest = b"" if self.skipping else self.pending
        return self._number(rest) if rest else []

    def _number(self, line: bytes) -> list[_Item]:
        self.lineno += 1
        if not line.strip():
            return []
        self.index += 1
        return [(self.index - 1, self.lineno, line)]


_Item = tuple[int, int, bytes]


def _answer(batch: list[_Item], run: Callable[[CaseIn], dict[str, Any]], lang: str,
            max_line: int) -> bytes:  # fmt: skip
    return b"".join(_line(item, run, lang, max_line) for item in batch)


def _line(item: _Item, run: Callable[[CaseIn], dict[str, Any]], lang: str, max_line: int
          ) -> bytes:  # fmt: skip
    index, lineno, line = item
    parsed: Any = None
    if len(line) > max_line:
        error = FieldError.worded("body", "ndjson_too_long", "ndjson_too_long", line=lineno,
                                  limit=max_line)  # fmt: skip
    else:
        with contextlib.suppress(ValueError):  # not JSON: answered as the error below
            parsed = json.loads(line)
        error = FieldError.worded("body", "ndjson_line", "ndjson_line", line=lineno)
    if isinstance(parsed, dict):
        result = _one(parsed, index, run, lang)
    else:
        result = {"index": index, "status": "error", "error": Problem.invalid([error]).body(lang)}
    return compact(result) + b"\n"
