"""Errors as ``application/problem+json`` (RFC 9457), worded in the request's language.

Every refusal of the service goes through here: a field that cannot be read (422, naming the
field), a year whose holiday arrangement is not loaded (409; 404 when the day itself was the
resource asked for), a body or batch over its limit (413), a wrong content type (415). The body
always has ``type``, ``title``, ``status`` and ``detail``; a 422 adds ``errors`` (one per field:
``field``, ``code``, ``message``), a missing year adds ``year``, ``region`` and ``loaded``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gov_deadlines.errors import CalendarDataMissing, GovDeadlinesError, UnknownRule, Words
from gov_deadlines.messages import pick, text

__all__ = [
    "PROBLEM_JSON",
    "FieldError",
    "Problem",
    "field_name",
    "install",
    "lang_of",
    "missing_year",
    "problem_body",
    "respond",
    "unknown_rule",
    "validation_errors",
]

PROBLEM_JSON = "application/problem+json"
_TYPE = "urn:gov-deadlines:problem:"
_log = logging.getLogger("gov_deadlines.service")


def lang_of(scope_query: Mapping[str, str], accept_language: str | None) -> str:
    """``zh`` or ``en``: ``?lang=`` first, then the first language of ``Accept-Language`` we
    speak (by weight), and Chinese when the client says nothing -- the users are Chinese
    agencies, and Java's and PHP's HTTP clients send no ``Accept-Language`` by default.

    >>> lang_of({}, "en-GB,en;q=0.9,zh;q=0.5"), lang_of({}, None), lang_of({"lang": "en"}, "zh")
    ('en', 'zh', 'en')
    """
    asked = scope_query.get("lang")
    if asked in ("zh", "en"):
        return asked
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("zh", "en") and weight > 0:
            ranked.append((-weight, i, primary))
    return min(ranked)[2] if ranked else "zh"


class FieldError(Exception):
    """One field that cannot be read: its dotted name, a code and the message in both languages.

    Raised by the request models' validators and by handlers; collected into one 422.
    """

    def __init__(self, field: str, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.field, self.code, self.zh, self.en = field, code, zh, en

    @classmethod
    def worded(cls, field: str, code: str, key: str, /, **fields: object) -> FieldError:
        """A field error worded from the catalog entry ``api.detail.<key>``."""
        return cls(
            field,
            code,
            text(f"api.detail.{key}", "zh", field=field, **fields),
            text(f"api.detail.{key}", "en", field=field, **fields),
        )

    @classmethod
    def of(cls, field: str, exc: GovDeadlinesError, code: str = "invalid") -> FieldError:
        """A library error (a date that cannot be read, an unknown rule) about ``field``."""
        return cls(
            field,
            code,
            text("api.detail.value", "zh", field=field, message=exc.message("zh")),
            text("api.detail.value", "en", field=field, message=exc.message("en")),
        )

    @classmethod
    def from_exception(cls, field: str, exc: Exception) -> FieldError:
        """Any refusal of a value (``Period.parse``'s, a plain ``ValueError``) about ``field``."""
        if isinstance(exc, GovDeadlinesError):
            return cls.of(field, exc)
        return cls.worded(field, "invalid", "other", detail=str(exc))

    def message(self, lang: str) -> str:
        """The message in ``lang``."""
        return pick(lang, self.zh, self.en)


class Problem(Exception):
    """A refusal: HTTP status, a title code (``api.title.<kind>``), a detail and extensions."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail_key: str | None = None,
        /,
        *,
        errors: Sequence[FieldError] = (),
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        **fields: object,
    ) -> None:
        super().__init__(kind)
        self.status, self.kind, self.detail_key = status, kind, detail_key
        self.errors, self.fields = tuple(errors), fields
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})

    @classmethod
    def invalid(cls, errors: Iterable[FieldError]) -> Problem:
        """A 422 for the fields that cannot be read."""
        return cls(422, "invalid_request", errors=list(errors))

    def body(self, lang: str) -> dict[str, Any]:
        """The problem+json object in ``lang``."""
        if self.errors:
            detail = "; ".join(e.message(lang) for e in self.errors)
        elif self.detail_key:
            fields = {
                k: v.message(lang) if isinstance(v, Words) else v for k, v in self.fields.items()
            }
            detail = text(f"api.detail.{self.detail_key}", lang, **fields)
        else:
            detail = text(f"api.title.{self.kind}", lang)
        out = problem_body(self.status, self.kind, lang, detail)
        if self.errors:
            out["errors"] = [
                {"field": e.field, "code": e.code, "message": e.message(lang)} for e in self.errors
            ]
        out.update(self.extensions)
        return out


def problem_body(status: int, kind: str, lang: str, detail: str) -> dict[str, Any]:
    """The members every problem has."""
    return {
        "type": _TYPE + kind.replace("_", "-"),
        "title": text(f"api.title.{kind}", lang),
        "status": status,
        "detail": detail,
    }


def missing_year(exc: CalendarDataMissing, status: int = 409) -> Problem:
    """A year without a loaded arrangement: which year, which region, what is loaded, and how to
    load it (409: the request is fine, the server's data is not there yet)."""
    covered = _covered(exc)
    return Problem(
        status,
        "calendar_data_missing",
        "calendar_data_missing",
        extensions={"year": exc.year, "region": exc.region, "loaded": covered},
        year=exc.year,
        region_part=Words("api.detail.region_part", region=exc.region) if exc.region else "",
        covered=covered or "-",
    )


def _covered(exc: CalendarDataMissing) -> str:
    # The library's message carries " Loaded: 2004-2026." -- the one place that range is said.
    marker = " Loaded: "
    message = str(exc)
    if marker not in message:
        return ""
    return message.split(marker, 1)[1].split(".", 1)[0]


def unknown_rule(exc: UnknownRule, field: str = "rule") -> FieldError:
    """An unknown rule id in the service's words: the close ids, and where the list is (the
    library's own message points to the CLI's ``rules`` command)."""
    if exc.rule_id is None or exc.on is not None:  # not in force on a date: the library's words
        return FieldError.of(field, exc, "unknown_rule")

    def words(lang: str) -> str:
        close = text("words.sep.enum", lang).join(exc.suggestions)
        hint = text("errors.rule.did_you_mean", lang, suggestions=close) if close else ""
        return text("api.detail.unknown_rule", lang, field=field, rule_id=exc.rule_id, hint=hint)

    return FieldError(field, "unknown_rule", words("zh"), words("en"))


def field_name(loc: Sequence[str | int]) -> str:
    """A pydantic location as a field name people read: ``pauses[0].start``, ``cases[3].rule``.

    >>> field_name(("body", "pauses", 0, "start")), field_name(("query", "n"))
    ('pauses[0].start', 'n')
    """
    out = ""
    for part in loc:
        if part in ("body", "query", "path", "header") and not out:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def validation_errors(exc: Any) -> list[FieldError]:
    """A pydantic ``ValidationError`` (or FastAPI's) as our field errors."""
    return [_pydantic_error(e) for e in exc.errors()]


def _pydantic_error(err: Mapping[str, Any]) -> FieldError:
    """One pydantic error as a :class:`FieldError` in our words."""
    field = field_name(err.get("loc", ()))
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = value if isinstance(value, str | int | float) else json.dumps(value, default=str)
    if kind == "gd_field":  # our own validators: the library's words in both languages
        code = str(ctx.get("code", "invalid"))
        zh = text("api.detail.value", "zh", field=field, message=ctx["zh"])
        return FieldError(
            field, code, zh, text("api.detail.value", "en", field=field, message=ctx["en"])
        )
    if kind == "missing":
        return FieldError.worded(field, "missing", "missing")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return FieldError.worded(field, "not_int", "not_int", value=shown)
    if kind in ("bool_parsing", "bool_type"):
        return FieldError.worded(field, "not_bool", "not_bool", value=shown)
    if kind == "string_type":
        return FieldError.worded(field, "not_string", "not_string")
    if kind == "list_type":
        return FieldError.worded(field, "not_list", "not_list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return FieldError.worded(field, "not_object", "not_object")
    if kind in ("literal_error", "enum"):
        choices = str(ctx.get("expected", "")).replace("'", "")
        return FieldError.worded(field, "choice", "choice", value=shown, choices=choices)
    if kind in ("too_long", "string_too_long"):
        return FieldError.worded(field, "too_long", "too_long", limit=ctx.get("max_length"))
    if kind in ("too_short", "string_too_short"):
        limit = ctx.get("min_length")
        if limit == 1:
            return FieldError.worded(field, "empty", "empty")
        return FieldError.worded(field, "too_short", "too_short", limit=limit)
    if kind == "extra_forbidden":
        return FieldError.worded(field, "unknown_field", "extra")
    if kind == "json_invalid":
        return FieldError.worded("body", "json", "json", detail=str(ctx.get("error", "")))
    return FieldError.worded(field, "invalid", "other", detail=str(err.get("msg", kind)))


def install(app: Any) -> None:
    """Register the handlers that turn every error into a problem+json response."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    async def on_problem(request: Any, exc: Problem) -> Any:
        return respond(request, exc)

    async def on_validation(request: Any, exc: RequestValidationError) -> Any:
        return respond(request, Problem.invalid(validation_errors(exc)))

    async def on_http(request: Any, exc: HTTPException) -> Any:
        if exc.status_code == 404:
            problem = Problem(404, "not_found", "not_found", path=request.url.path)
        elif exc.status_code == 405:
            problem = Problem(
                405, "method_not_allowed", "method_not_allowed",
                path=request.url.path, method=request.method,
            )  # fmt: skip
        else:
            problem = Problem(exc.status_code, "invalid_request")
        return respond(request, problem)

    async def on_missing(request: Any, exc: CalendarDataMissing) -> Any:
        return respond(request, missing_year(exc))

    async def on_unknown_rule(request: Any, exc: UnknownRule) -> Any:
        return respond(request, Problem.invalid([unknown_rule(exc)]))

    async def on_library(request: Any, exc: GovDeadlinesError) -> Any:
        return respond(request, Problem.invalid([FieldError.of("body", exc)]))

    async def on_overflow(request: Any, exc: OverflowError) -> Any:
        return respond(request, Problem(422, "out_of_range"))

    async def on_anything(request: Any, exc: Exception) -> Any:
        _log.exception("internal error on %s %s", request.method, request.url.path)
        return respond(request, Problem(500, "internal", "internal", kind=type(exc).__name__))

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(CalendarDataMissing, on_missing)
    app.add_exception_handler(UnknownRule, on_unknown_rule)
    app.add_exception_handler(GovDeadlinesError, on_library)
    app.add_exception_handler(OverflowError, on_overflow)
    app.add_exception_handler(Exception, on_anything)


def respond(request: Any, problem: Problem) -> Any:
    """The problem as a response in the request's language."""
    from starlette.responses import Response

    lang = lang_of(request.query_params, request.headers.get("accept-language"))
    body = json.dumps(problem.body(lang), ensure_ascii=False).encode()
    headers = {"Content-Language": lang, **problem.headers}
    return Response(body, problem.status, headers=headers, media_type=PROBLEM_JSON)
